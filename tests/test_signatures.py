"""Tests of compare.signatures: shingles, stable hashes and MinHash signatures.

The signatures must equal datasketch's own MinHash fed with the same
shingles through `shingle_hash32` (so they can go into datasketch's LSH), be
identical in a fresh process with another PYTHONHASHSEED, and estimate the
exact shingle Jaccard similarity.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

import compare
from compare.signatures import MinHasher, shingle_hash32, shingle_hashes, word_hashes

ENGLISH_TEXT = (
    "the death toll from the united states raid on venezuela launched to seize "
    "president nicolas maduro continues to rise exposing not only the human cost"
)
URDU_TEXT = "پاکستان کی حکومت نے آج ایک نئے منصوبے کا اعلان کیا"
PANGRAM = "the quick brown fox jumps over the lazy dog"
WORDS = ENGLISH_TEXT.split()
URDU = URDU_TEXT.split()


def _shingles(words: list[str], k: int) -> list[str]:
    if len(words) <= k:
        return [" ".join(words)]
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def _datasketch_signature(words: list[str], num_perm: int, seed: int, k: int) -> np.ndarray:
    sketch = MinHash(num_perm=num_perm, seed=seed, hashfunc=shingle_hash32)
    sketch.update_batch(_shingles(words, k))
    return sketch.hashvalues


@pytest.mark.parametrize(
    ("num_perm", "seed", "k", "words"),
    [
        (128, 1, 5, WORDS),
        (16, 7, 3, WORDS),
        (256, 42, 1, WORDS),
        (64, 3, 5, URDU),
        (32, 1, 5, WORDS[:3]),  # shorter than k: one shingle of all words
        (32, 9, 4, WORDS[:4]),  # exactly k words
        (8, 2, 2, ["same", "same", "same", "same"]),  # repeated shingle
    ],
)
def test_signature_equals_datasketch(num_perm: int, seed: int, k: int, words: list[str]) -> None:
    ours = MinHasher(num_perm=num_perm, seed=seed, shingle_size=k).signature(words)
    assert ours.dtype == np.uint32
    assert ours.shape == (num_perm,)
    np.testing.assert_array_equal(ours, _datasketch_signature(words, num_perm, seed, k))


def test_shingle_hash32_accepts_bytes() -> None:
    assert shingle_hash32("a b c") == shingle_hash32(b"a b c")


def test_empty_text_has_the_empty_signature() -> None:
    empty = MinHash(num_perm=16, seed=1, hashfunc=shingle_hash32).hashvalues
    np.testing.assert_array_equal(MinHasher(num_perm=16).signature([]), empty)
    assert (MinHasher(num_perm=16).signature([]) == 0xFFFFFFFF).all()


def test_shingle_counts() -> None:
    hashes = word_hashes(list("abcdefg"))
    assert hashes.dtype == np.uint64
    assert shingle_hashes(hashes, 3).shape == (5,)
    assert shingle_hashes(hashes[:2], 5).shape == (1,)
    assert shingle_hashes(hashes[:0], 5).shape == (0,)


def test_shingle_hash_depends_on_word_order() -> None:
    forward = shingle_hashes(word_hashes(["a", "b", "c"]), 3)
    backward = shingle_hashes(word_hashes(["c", "b", "a"]), 3)
    assert forward[0] != backward[0]


def test_shingle_set_is_sorted_unique() -> None:
    shingles = MinHasher(shingle_size=2).shingle_set(["x", "y", "x", "y", "x", "y"])
    assert len(shingles) == 2  # "x y" and "y x"
    assert (np.diff(shingles.astype(np.float64)) > 0).all()


def test_invalid_parameters() -> None:
    with pytest.raises(ValueError):
        MinHasher(num_perm=0)
    with pytest.raises(ValueError):
        MinHasher(shingle_size=0)


_CHILD = """
import json, sys
from compare.signatures import MinHasher, word_hashes
words = json.loads(sys.argv[1])
print(json.dumps({
    "signature": MinHasher(num_perm=64, seed=5).signature(words).tolist(),
    "words": [int(h) for h in word_hashes(words)],
}))
"""


def test_signature_is_stable_across_processes() -> None:
    words = WORDS + URDU
    package_root = str(Path(compare.__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONHASHSEED": "12345",
        "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
    }
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(words)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    child = json.loads(out.stdout)
    assert child["signature"] == MinHasher(num_perm=64, seed=5).signature(words).tolist()
    assert child["words"] == [int(h) for h in word_hashes(words)]


def test_signature_regression_values() -> None:
    # Stored signatures stay valid only while these values do not change.
    sig = MinHasher(num_perm=4).signature(PANGRAM.split())
    assert sig.tolist() == [279486202, 401795345, 206299587, 1275362237]


@pytest.fixture
def overlapping_texts() -> tuple[list[str], list[str]]:
    """Two 300-word texts sharing a 200-word passage."""
    rng = np.random.default_rng(0)

    def words(n: int) -> list[str]:
        return [f"w{i}" for i in rng.integers(0, 2000, n)]

    shared = words(200)
    return words(100) + shared, shared + words(100)


def test_estimated_jaccard_is_close_to_exact(overlapping_texts) -> None:
    a, b = overlapping_texts
    hasher = MinHasher(num_perm=256, seed=1)
    sa, sb = hasher.shingle_set(a), hasher.shingle_set(b)
    exact = len(np.intersect1d(sa, sb)) / len(np.union1d(sa, sb))
    assert 0.4 < exact < 0.6
    estimate = float(np.mean(hasher.signature(a) == hasher.signature(b)))
    assert abs(estimate - exact) < 0.1


def test_different_seeds_give_different_signatures() -> None:
    assert not np.array_equal(
        MinHasher(num_perm=32, seed=1).signature(WORDS),
        MinHasher(num_perm=32, seed=2).signature(WORDS),
    )

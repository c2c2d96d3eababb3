"""Tests of compare.sketch.hashing and compare.sketch.minhash: word and shingle hashes, MinHash.

Signatures must be identical in a fresh process with another PYTHONHASHSEED,
agree position by position with probability equal to the Jaccard similarity
(unbiased, with the standard error of classic MinHash), and be the same
whether computed one set at a time or for a batch of texts at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import compare
from compare.sketch.hashing import shingle_hashes, span_hashes, word_hashes
from compare.sketch.kernels import batch_shingles
from compare.sketch.minhash import MinHasher
from compare.text.normalize import normalize
from compare.text.segment import tokenize

ENGLISH_TEXT = (
    "the death toll from the united states raid on venezuela launched to seize "
    "president nicolas maduro continues to rise exposing not only the human cost"
)
URDU_TEXT = "پاکستان کی حکومت نے آج ایک نئے منصوبے کا اعلان کیا"
PANGRAM = "the quick brown fox jumps over the lazy dog"
WORDS = ENGLISH_TEXT.split()
URDU = URDU_TEXT.split()


def _random_sets(rng: np.random.Generator, n: int, jaccard: float) -> tuple[np.ndarray, np.ndarray]:
    """Two sets of n 64-bit values with the given Jaccard similarity (rounded)."""
    shared = round(2 * n * jaccard / (1 + jaccard))
    pool = rng.integers(0, 2**63, size=2 * n, dtype=np.uint64)
    return pool[:n], np.concatenate([pool[:shared], pool[n : 2 * n - shared]])


@pytest.mark.parametrize("n", [3, 40, 600])
@pytest.mark.parametrize("jaccard", [0.2, 0.5, 0.8])
def test_agreement_estimates_jaccard_without_bias(n: int, jaccard: float) -> None:
    rng = np.random.default_rng(n)
    hasher = MinHasher(num_perm=128, seed=3)
    errors = []
    for _ in range(300):
        a, b = _random_sets(rng, n, jaccard)
        exact = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        estimate = float(np.mean(hasher.signature_of_hashes(a) == hasher.signature_of_hashes(b)))
        errors.append(estimate - exact)
    sigma = np.sqrt(jaccard * (1 - jaccard) / 128)
    # The mean of 300 errors has standard error sigma / sqrt(300): 5 of those is a loose bound.
    assert abs(np.mean(errors)) < 5 * sigma / np.sqrt(300)
    assert np.std(errors) < 1.5 * sigma


def test_identical_sets_agree_everywhere_and_disjoint_ones_almost_nowhere() -> None:
    rng = np.random.default_rng(1)
    a, b = _random_sets(rng, 500, 0.0)
    hasher = MinHasher()
    assert (hasher.signature_of_hashes(a) == hasher.signature_of_hashes(a.copy())).all()
    assert np.mean(hasher.signature_of_hashes(a) == hasher.signature_of_hashes(b)) < 0.05


def test_every_bin_is_filled_even_for_a_tiny_set() -> None:
    sig = MinHasher(num_perm=128).signature(["one", "two", "three", "four", "five", "six"])  # two shingles
    assert (sig != 0xFFFFFFFF).all()
    assert len(set(sig.tolist())) == 2


def test_empty_text_has_the_empty_signature() -> None:
    assert (MinHasher(num_perm=16).signature([]) == 0xFFFFFFFF).all()


def test_batch_signatures_equal_one_at_a_time() -> None:
    texts = [ENGLISH_TEXT, "", URDU_TEXT, "two words", ENGLISH_TEXT.upper(), PANGRAM]
    hashes, owner = batch_shingles(texts, 5)
    hasher = MinHasher(num_perm=64, seed=9)
    batch = hasher.signatures(hashes, owner, len(texts))
    for i, text in enumerate(texts):
        assert np.array_equal(batch[i], hasher.signature(tokenize(normalize(text)).words))


def _reference_signature(hashes: list[int], num_perm: int, salt: int, order: np.ndarray) -> list[int]:
    """One permutation hashing with optimal densification, as the module docstring states it."""
    mask = (1 << 64) - 1

    def fmix(h: int) -> int:
        h ^= h >> 33
        h = (h * 0xFF51AFD7ED558CCD) & mask
        h ^= h >> 33
        h = (h * 0xC4CEB9FE1A85EC53) & mask
        return h ^ (h >> 33)

    bins: list[int | None] = [None] * num_perm
    for x in hashes:
        h = fmix(x ^ salt)
        b = ((h >> 32) * num_perm) >> 32
        value = h & 0xFFFFFFFF
        bins[b] = value if bins[b] is None else min(bins[b], value)
    if all(v is None for v in bins):
        return [0xFFFFFFFF] * num_perm
    out = []
    for b, value in enumerate(bins):
        donor = b if value is not None else next(d for d in order[b] if bins[d] is not None)
        out.append(bins[donor])
    return out


@pytest.mark.parametrize("size", [0, 1, 5, 60, 2000])
def test_signatures_follow_the_definition(size: int) -> None:
    hasher = MinHasher(num_perm=32, seed=4)
    values = np.random.default_rng(size).integers(0, 2**64, size=size, dtype=np.uint64)
    expected = _reference_signature(values.tolist(), 32, int(hasher._salt), hasher._order)
    assert hasher.signature_of_hashes(values).tolist() == expected


def test_word_hashes_are_span_hashes_of_running_text() -> None:
    text = "alpha beta, gamma"
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    spans = span_hashes(codes, np.array([0, 6, 12]), np.array([5, 10, 17]))
    assert np.array_equal(spans, word_hashes(["alpha", "beta", "gamma"]))
    assert len(set(word_hashes(["ab", "ba", "a", "b", "aa"]).tolist())) == 5


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
from compare.sketch.hashing import word_hashes
from compare.sketch.minhash import MinHasher
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
    assert sig.tolist() == [712581953, 2075293454, 1497944520, 721506645]


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

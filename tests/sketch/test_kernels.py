"""Tests of compare.sketch.kernels: the compiled batch path computes the analysis's shingles.

The definition is the analysis's: ``shingle_hashes(word_hashes(words), k)``
of ``tokenize(normalize(text)).words``. The compiled loops fold through a
table, find words and hash them on their own, so they are checked against
it on generated text full of the cases that differ between the two routes
(combining marks, zero-width characters, characters that fold to several,
hyphens before line breaks, characters outside the BMP).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import CORPUS

from compare.sketch.hashing import shingle_hashes, word_hashes
from compare.sketch.kernels import (
    batch_shingles,
    batch_signatures,
    minhash_signatures,
    sorted_intersection_size,
)
from compare.sketch.minhash import MinHasher
from compare.text.normalize import normalize
from compare.text.segment import tokenize

_ALPHABET = [
    *"aZ1 -\n\r\t'.é\u0301\u2014\u2013\u2010\u2011\u00ad\u200b\u2019\u201c",
    *"\u00bd\u0643\u0640ß\ufb01\u00a0İ\u207b\u2044\u2026",
    "\U0001f600",  # outside the BMP, not a word character
    "\U0001d400",  # outside the BMP, folds to "A"
    "\U00020000",  # outside the BMP, a word character that stays (a CJK ideograph: a word alone)
    *"東京タワーกข\u0e31",  # unspaced scripts: each character a word (a Thai vowel sign folds away)
]


def _expected(texts: list[str], k: int) -> list[np.ndarray]:
    return [shingle_hashes(word_hashes(tokenize(normalize(t)).words), k) for t in texts]


def _by_text(texts: list[str], k: int) -> list[np.ndarray]:
    hashes, owner = batch_shingles(texts, k)
    assert np.all(np.diff(owner) >= 0)
    return [hashes[owner == i] for i in range(len(texts))]


def _check(texts: list[str], k: int) -> None:
    for got, want in zip(_by_text(texts, k), _expected(texts, k), strict=True):
        assert np.array_equal(got, want)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40), max_size=5), st.integers(1, 4))
def test_batch_shingles_are_the_analysis_shingles(texts: list[str], k: int) -> None:
    _check(texts, k)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=4))
def test_batch_shingles_on_any_text(texts: list[str]) -> None:
    _check(texts, 2)


def test_batch_shingles_on_the_sample_corpus() -> None:
    paths = sorted(CORPUS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(texts) == 5
    _check(texts, 5)


def test_chinese_japanese_and_thai_characters_are_words_alone() -> None:
    for text in ("北京是中国的首都", "東京タワーへ行きます", "กรุงเทพมหานคร", "iPhone在東京ab'東"):
        _check([text], 3)
    (hashes, _), (expected, _) = batch_shingles(["北京是中国"], 2), batch_shingles(["北 京 是 中 国"], 2)
    assert np.array_equal(hashes, expected) and len(hashes) == 4


def test_a_word_joined_by_an_apostrophe_or_fraction_slash() -> None:
    hashes, _ = batch_shingles(["don't", "1\u20442", "'x' y'", "a''b"], 1)
    words = ["don't", "1\u20442", "x", "y", "a", "b"]
    assert hashes.tolist() == shingle_hashes(word_hashes(words), 1).tolist()


def test_empty_inputs_and_bad_k() -> None:
    hashes, owner = batch_shingles([], 5)
    assert len(hashes) == len(owner) == 0
    hashes, owner = batch_shingles(["", " ... "], 5)
    assert len(hashes) == 0
    with pytest.raises(ValueError, match="k must be"):
        batch_shingles(["a"], 0)


def test_minhash_signatures_of_empty_and_missing_sets() -> None:
    hasher = MinHasher(num_perm=8, seed=2)
    hashes, owner = batch_shingles(["", "one two three four five six", ""], 5)
    sig = minhash_signatures(hashes, owner, 3, hasher._salt, hasher._order)
    assert (sig[0] == 0xFFFFFFFF).all() and (sig[2] == 0xFFFFFFFF).all()
    assert (sig[1] != 0xFFFFFFFF).all()  # two shingles fill all 8 bins by densification


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60), max_size=6), st.integers(1, 4))
def test_batch_signatures_sign_the_batch_shingles(texts: list[str], k: int) -> None:
    hasher = MinHasher(num_perm=16, seed=3, shingle_size=k)
    hashes, owner = batch_shingles(texts, k)
    below = 2**62  # a quarter of the shingles
    out = batch_signatures(texts, k, hasher._salt, hasher._order, below, keep_shingles=True)
    assert np.array_equal(
        out.signatures, minhash_signatures(hashes, owner, len(texts), hasher._salt, hasher._order)
    )
    assert out.sizes.tolist() == np.bincount(owner, minlength=len(texts)).tolist()
    want = sorted({(int(d), int(h)) for d, h in zip(owner, hashes, strict=True) if h < below})
    assert list(zip(out.sampled.tolist(), out.samples.tolist(), strict=True)) == want
    assert out.shingles.tolist() == hashes.tolist()  # in reading order, text after text
    assert batch_signatures(texts, k, hasher._salt, hasher._order, below).shingles is None


def test_batch_signatures_of_no_texts_and_bad_k() -> None:
    hasher = MinHasher(num_perm=8)
    out = batch_signatures([], 5, hasher._salt, hasher._order, 2**63)
    assert out.signatures.shape == (0, 8) and out.sizes.shape == out.samples.shape == out.sampled.shape == (
        0,
    )
    with pytest.raises(ValueError, match="k must be"):
        batch_signatures(["a"], 0, hasher._salt, hasher._order)


def test_sorted_intersection_size_is_numpys() -> None:
    rng = np.random.default_rng(4)
    for _ in range(50):
        a = np.unique(rng.integers(0, 40, 20)).astype(np.uint64)
        b = np.unique(rng.integers(0, 40, 25)).astype(np.uint64)
        assert sorted_intersection_size(a, b) == len(np.intersect1d(a, b))

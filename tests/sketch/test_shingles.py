"""Tests of compare.sketch.shingles: exact shingle sets, Jaccard and containment.

Jaccard and containment are checked on hand-made sets; the shingle sets of
raw texts are the analysis's (folded and split the same way).
"""

from __future__ import annotations

import numpy as np

from compare.sketch.minhash import MinHasher
from compare.sketch.shingles import jaccard_containment, shingle_sets
from compare.text.normalize import normalize
from compare.text.segment import tokenize


def _set(*values: int) -> np.ndarray:
    return np.array(sorted(set(values)), dtype=np.uint64)


def test_jaccard_and_containment_exact() -> None:
    a = _set(1, 2, 3, 4)
    b = _set(3, 4, 5, 6, 7, 8)
    # intersection {3, 4}, union of 8
    assert jaccard_containment(a, b) == (2 / 8, 2 / 4, 2 / 6)


def test_subset_is_fully_contained() -> None:
    a = _set(2, 3)
    b = _set(1, 2, 3, 4, 5)
    assert jaccard_containment(a, b) == (2 / 5, 1.0, 2 / 5)


def test_identical_and_disjoint_sets() -> None:
    a = _set(10, 20, 30)
    assert jaccard_containment(a, a.copy()) == (1.0, 1.0, 1.0)
    assert jaccard_containment(a, _set(1, 2)) == (0.0, 0.0, 0.0)


def test_empty_set_scores_zero() -> None:
    assert jaccard_containment(_set(), _set(1, 2)) == (0.0, 0.0, 0.0)
    assert jaccard_containment(_set(1, 2), _set()) == (0.0, 0.0, 0.0)


def test_large_hash_values() -> None:
    a = np.array([1, 2**63, 2**64 - 1], dtype=np.uint64)
    b = np.array([2**63, 2**64 - 1], dtype=np.uint64)
    assert jaccard_containment(a, b) == (2 / 3, 2 / 3, 1.0)


def test_shingle_sets_of_raw_texts_are_the_analysis_sets() -> None:
    texts = [
        "The Council approved the new budget on Tuesday, after a long debate.",
        "Short text",
        "",
        "Ünïcödé “quotes” — and a hy-\nphenated word, then more words to make shingles.",
    ]
    hasher = MinHasher(shingle_size=5)
    for text, found in zip(texts, shingle_sets(texts, 5), strict=True):
        expected = hasher.shingle_set(tokenize(normalize(text)).words)
        assert np.array_equal(found, expected), text

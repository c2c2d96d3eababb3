"""TF-IDF vectors (compare.analysis.tfidf)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from compare.analysis.tfidf import cosine_pairs, tfidf_matrix

UNITS = [
    ["the", "council", "approved", "the", "budget"],
    [],
    ["budget", "cuts", "hit", "schools", "schools", "schools"],
    ["the", "mayor", "spoke"],
    ["council", "budget"],
]


def test_cosines_are_scikit_learns() -> None:
    ours = tfidf_matrix(UNITS)
    theirs = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True, norm="l2").fit_transform(UNITS)
    np.testing.assert_allclose((ours @ ours.T).toarray(), (theirs @ theirs.T).toarray(), atol=1e-12)


def test_rows_are_unit_length_or_empty() -> None:
    norms = np.sqrt(np.asarray(tfidf_matrix(UNITS).multiply(tfidf_matrix(UNITS)).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, [1, 0, 1, 1, 1])


def test_no_words_gives_no_columns() -> None:
    assert tfidf_matrix([[], []]).shape == (2, 0)
    assert tfidf_matrix([]).shape == (0, 0)


def test_cosine_pairs_threshold_and_top_k() -> None:
    x = tfidf_matrix(UNITS)
    pairs = cosine_pairs(x, x, threshold=0.2)
    assert all(c >= 0.2 for _, _, c in pairs)
    assert (0, 0, pytest.approx(1.0)) in [(a, b, c) for a, b, c in pairs]
    top1 = cosine_pairs(x, x, threshold=0.0001, top_k=1)
    assert [(a, b) for a, b, _ in top1] == [(0, 0), (2, 2), (3, 3), (4, 4)]

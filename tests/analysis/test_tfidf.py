"""TF-IDF vectors (compare.analysis.tfidf)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from synthetic_corpora import prose

from compare.analysis.tfidf import WordWeights, cosine_pairs, tfidf_matrix

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


def test_weights_are_scikit_learns_bit_for_bit() -> None:
    """On the counts of real-looking text (columns in first-appearance order), the
    values are exactly those of scikit-learn's transformer, not only close."""
    units = [prose(seed, 300).lower().split() for seed in range(40)]
    ours = tfidf_matrix(units)
    index: dict[str, int] = {}
    for unit in units:
        for w in unit:
            index.setdefault(w, len(index))
    rows = np.repeat(np.arange(len(units)), [len(u) for u in units])
    columns = np.asarray([index[w] for u in units for w in u])
    counts = type(ours)((np.ones(len(columns)), (rows, columns)), shape=ours.shape)
    counts.sum_duplicates()
    theirs = TfidfTransformer(sublinear_tf=True, norm="l2").fit_transform(counts).tocsr()
    theirs.sort_indices()
    ours.sort_indices()
    assert np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)


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


def test_word_weights_vectors_are_the_tfidf_rows_of_the_collection() -> None:
    from compare.sketch.hashing import word_hashes

    units = [["storm", "hits", "coast", "storm"], ["coast", "guard", "rescues"], ["markets", "fall"], []]
    ids = [word_hashes(u) for u in units]
    weights = WordWeights.of(ids)
    ours = weights.vectors(ids).toarray()
    reference = tfidf_matrix(units).toarray()
    # The same rows; columns in another order (sorted hashes, not first appearance).
    order = [
        int(np.searchsorted(weights.words, word_hashes([w])[0]))
        for w in dict.fromkeys(w for u in units for w in u)
    ]
    assert np.allclose(ours[:, order], reference)
    # A word the collection lacks is left out; the rest is renormalized.
    (row,) = weights.vectors([word_hashes(["storm", "unheard"])]).toarray()
    assert row[order[0]] == pytest.approx(1.0) and np.count_nonzero(row) == 1

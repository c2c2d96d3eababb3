"""TF-IDF vectors of documents and sentences, from the project's own words.

Units arrive as word lists (the words of `compare.text.segment`), so TF-IDF and
MinHash agree on what a word is, in any language. The weighting is
scikit-learn's ``TfidfVectorizer(sublinear_tf=True, norm="l2")``:

    tf = 1 + ln(count),  idf = ln((1 + n) / (1 + df)) + 1,

each row L2-normalized, so a dot product is a cosine. Columns are the
words in order of first appearance. It is computed here with numpy and
scipy, and a test checks that the values are scikit-learn's, bit for bit:
scikit-learn itself would cost more than it does (importing its text
module takes about 1.3 s and 140 MB per process; the whole weighting of
5,000 news documents, or of their 125,000 sentences, takes 0.03 s here).

`tfidf_matrix` weighs a set of units by their own statistics (the sentences
of a pair). `WordWeights` holds the whole collection's IDF by word hash, and
its `vectors` weigh documents and passages of documents the same way in one
space, so a passage can be compared with every document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["WordWeights", "common_words", "cosine_pairs", "tfidf_matrix", "without_words"]


def tfidf_matrix(units: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """L2-normalized TF-IDF rows, one per unit (a list of words)."""
    n = len(units)
    index: dict[str, int] = {}
    columns = [index.setdefault(w, len(index)) for unit in units for w in unit]
    if not columns:
        return sp.csr_matrix((n, 0))
    lengths = np.fromiter((len(u) for u in units), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n), lengths)
    counts = sp.csr_matrix(
        (np.ones(len(columns)), (rows, np.asarray(columns, dtype=np.int64))), shape=(n, len(index))
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(index))
    return _weighted(counts, np.log((1 + n) / (1 + df)) + 1.0)


def _weighted(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Word counts (rows of units) as sublinear TF-IDF rows, L2-normalized, in place."""
    n = counts.shape[0]
    data = (1.0 + np.log(counts.data)) * idf[counts.indices]
    row_of = np.repeat(np.arange(n), np.diff(counts.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=data**2, minlength=n))
    counts.data = data / norms[row_of]
    return counts


def cosine_pairs(
    x: sp.csr_matrix,
    y: sp.csr_matrix,
    threshold: float,
    block: int = 512,
    top_k: int | None = None,
    allowed: Callable[[int, np.ndarray], np.ndarray] | None = None,
) -> list[tuple[int, int, float]]:
    """All ``(row of x, row of y, cosine)`` with cosine >= threshold, sorted by rows.

    With `top_k`, only the k most similar rows of `y` for each row of `x`
    (ties broken by row index); with `allowed` (a row of x and rows of y
    -> which of those may pair), among the allowed ones. The product is
    computed `block` rows of `x` at a time and thresholded at once, so
    memory is bounded by one block's products, not by all pairs.
    """
    if x.shape[0] == 0 or y.shape[0] == 0:
        return []
    out: list[tuple[int, int, float]] = []
    yt = y.T.tocsc()
    for start in range(0, x.shape[0], block):
        product = (x[start : start + block] @ yt).tocsr()
        product.data[product.data < threshold] = 0.0
        product.eliminate_zeros()
        product.sort_indices()
        for r in range(product.shape[0]):
            lo, hi = product.indptr[r], product.indptr[r + 1]
            cols, vals = product.indices[lo:hi], product.data[lo:hi]
            if allowed is not None:
                keep = allowed(start + r, cols)
                cols, vals = cols[keep], vals[keep]
            if top_k is not None and len(vals) > top_k:
                keep = np.lexsort((cols, -vals))[:top_k]
                keep.sort()
                cols, vals = cols[keep], vals[keep]
            out += [(start + r, int(c), float(v)) for c, v in zip(cols.tolist(), vals.tolist(), strict=True)]
    return out


_COMMON_SHARE, _COMMON_MIN = 0.2, 10  # a word in more rows than both is common


def common_words(vectors: sp.csr_matrix) -> np.ndarray:
    """Which columns (words) more than 20% of the rows, and more than 10, hold.

    Such words weigh little in a TF-IDF cosine, but they link every row with
    every other: a product of all rows with all others would grow with the
    square of their number. Ranking neighbours by the other words keeps it
    sparse.
    """
    df = np.bincount(vectors.indices, minlength=vectors.shape[1])
    return df > max(_COMMON_SHARE * vectors.shape[0], _COMMON_MIN)


def without_words(vectors: sp.csr_matrix, words: np.ndarray) -> sp.csr_matrix:
    """The rows with the columns where `words` is true set to zero (rows are not renormalized)."""
    if not words.any():
        return vectors
    pruned = vectors.copy()
    pruned.data[words[pruned.indices]] = 0.0
    pruned.eliminate_zeros()
    return pruned


@dataclass(frozen=True)
class WordWeights:
    """The collection's inverse document frequency of each word, by its 64-bit hash
    (`PreparedDocument.ids`), smoothed as above: ``ln((1 + n) / (1 + df)) + 1``.

    A word that every story on a subject uses weighs little in a collection
    of such stories, so words shared by the whole topic are not taken for
    shared wording. A word in no document weighs ``ln(1 + n) + 1``.

    >>> w = WordWeights.of([np.array([1, 2], np.uint64), np.array([2, 3], np.uint64)])
    >>> w.of_words(np.array([1, 2, 9], np.uint64)).round(3).tolist()
    [1.405, 1.0, 2.099]
    """

    words: np.ndarray  # sorted unique word hashes
    idf: np.ndarray
    unseen: float

    @classmethod
    def of(cls, documents: Sequence[np.ndarray]) -> WordWeights:
        """The weights of a collection, given each document's word hashes."""
        n = len(documents)
        sets = [np.unique(ids) for ids in documents]
        if not any(len(s) for s in sets):
            return cls(np.zeros(0, np.uint64), np.zeros(0), float(np.log(1 + n) + 1))
        words, df = np.unique(np.concatenate(sets), return_counts=True)
        return cls(words, np.log((1 + n) / (1 + df)) + 1.0, float(np.log(1 + n) + 1))

    def of_words(self, ids: np.ndarray) -> np.ndarray:
        """The weight of each word hash."""
        if not len(self.words):
            return np.full(len(ids), self.unseen)
        at = np.minimum(np.searchsorted(self.words, ids), len(self.words) - 1)
        return np.where(self.words[at] == ids, self.idf[at], self.unseen)

    def vectors(self, units: Sequence[np.ndarray]) -> sp.csr_matrix:
        """L2-normalized TF-IDF rows of units given as word hashes, weighted as
        `tfidf_matrix` weighs them but with these (the collection's) IDF; the
        columns are `words`, and words the collection lacks are left out.

        >>> w = WordWeights.of([np.array([1, 2], np.uint64), np.array([2, 3], np.uint64)])
        >>> w.vectors([np.array([1, 1, 9], np.uint64)]).toarray().round(3).tolist()
        [[1.0, 0.0, 0.0]]
        """
        n = len(units)
        lengths = np.fromiter((len(u) for u in units), dtype=np.int64, count=n)
        if not len(self.words) or not lengths.sum():
            return sp.csr_matrix((n, len(self.words)))
        ids = np.concatenate(units)
        at = np.minimum(np.searchsorted(self.words, ids), len(self.words) - 1)
        known = self.words[at] == ids
        rows = np.repeat(np.arange(n), lengths)[known]
        counts = sp.csr_matrix((np.ones(int(known.sum())), (rows, at[known])), shape=(n, len(self.words)))
        counts.sum_duplicates()
        return _weighted(counts, self.idf)

    def shared(self, a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
        """The summed weights of the distinct words of `a`, of `b`, and of those in both."""
        ua, ub = np.unique(a), np.unique(b)
        both = np.intersect1d(ua, ub, assume_unique=True)
        return (
            float(self.of_words(ua).sum()),
            float(self.of_words(ub).sum()),
            float(self.of_words(both).sum()),
        )

"""TF-IDF vectors of documents and sentences, from the project's own words.

The vectorizer is scikit-learn's `TfidfVectorizer` with the tokenizer of
`compare.segment` (it receives word lists, not strings), so TF-IDF and MinHash
agree on what a word is, in any language. Term frequencies are sublinear
(1 + log tf) and vectors L2-normalized, so a dot product is a cosine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["cosine_pairs", "tfidf_matrix"]


def _words(words: Sequence[str]) -> Sequence[str]:
    return words


def tfidf_matrix(units: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """L2-normalized TF-IDF rows, one per unit (a list of words)."""
    if not units or not any(units):
        return sp.csr_matrix((len(units), 0))
    vectorizer = TfidfVectorizer(analyzer=_words, sublinear_tf=True, norm="l2")
    return vectorizer.fit_transform(units).tocsr()


def cosine_pairs(
    x: sp.csr_matrix, y: sp.csr_matrix, threshold: float, block: int = 2048, top_k: int | None = None
) -> list[tuple[int, int, float]]:
    """All ``(row of x, row of y, cosine)`` with cosine >= threshold, sorted by rows.

    With `top_k`, only the k most similar rows of `y` for each row of `x`
    (ties broken by row index). The product is computed `block` rows of `x`
    at a time and thresholded at once, so memory is bounded by one block's
    products, not by all pairs.
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
            if top_k is not None and len(vals) > top_k:
                keep = np.lexsort((cols, -vals))[:top_k]
                keep.sort()
                cols, vals = cols[keep], vals[keep]
            out += [(start + r, int(c), float(v)) for c, v in zip(cols.tolist(), vals.tolist(), strict=True)]
    return out

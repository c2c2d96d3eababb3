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


def cosine_pairs(x: sp.csr_matrix, y: sp.csr_matrix, threshold: float) -> list[tuple[int, int, float]]:
    """All ``(row of x, row of y, cosine)`` with cosine >= threshold, sorted by rows."""
    if x.shape[0] == 0 or y.shape[0] == 0:
        return []
    product = (x @ y.T).tocoo()
    keep = product.data >= threshold
    rows, cols, vals = product.row[keep], product.col[keep], product.data[keep]
    order = np.lexsort((cols, rows))
    return [(int(rows[k]), int(cols[k]), float(vals[k])) for k in order]

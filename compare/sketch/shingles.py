"""Exact word-shingle sets and the scores computed from them.

A text's shingle set is its sorted, distinct 64-bit shingle hashes (the
hashes of `compare.sketch.hashing`, computed in the compiled loops of
`compare.sketch.kernels`). Two sets give exact Jaccard similarity and
containment each way: what every reported score is, whatever the
signatures estimated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .kernels import shingle_sequences, sorted_intersection_size, sorted_unique

__all__ = ["jaccard_containment", "shingle_sets"]


def shingle_sets(texts: Sequence[str], shingle_size: int) -> list[np.ndarray]:
    """Each raw text's exact shingle set (folded and split as the analysis does).

    >>> a, b = shingle_sets(["one two three four five six", "One two three four five"], 5)
    >>> len(a), len(b), int(np.intersect1d(a, b).size)
    (2, 1, 1)
    """
    return [sorted_unique(sequence) for sequence in shingle_sequences(texts, shingle_size)]


def jaccard_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Exact ``(jaccard, containment of a in b, containment of b in a)`` of sorted unique sets.

    >>> jaccard_containment(np.array([1, 2, 3, 4], np.uint64), np.array([3, 4], np.uint64))
    (0.5, 0.5, 1.0)
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0.0
    inter = sorted_intersection_size(a, b)
    union = len(a) + len(b) - inter
    return inter / union, inter / len(a), inter / len(b)

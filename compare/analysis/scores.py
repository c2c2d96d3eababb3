"""Verified scores of a document pair and the relation they establish.

All scores are exact (no sketches): Jaccard and containment over the
documents' word-shingle sets, coverage over the aligned word ranges.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..sketch.kernels import sorted_intersection_size

__all__ = ["coverage", "jaccard_containment", "relation", "union_length"]


def jaccard_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Exact ``(jaccard, containment of a in b, containment of b in a)`` of sorted unique sets."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0.0
    inter = sorted_intersection_size(a, b)
    union = len(a) + len(b) - inter
    return inter / union, inter / len(a), inter / len(b)


def union_length(ranges: Iterable[tuple[int, int]]) -> int:
    """Length of the union of half-open ranges ``[start, end)``.

    >>> union_length([(0, 10), (5, 15), (20, 25), (3, 3)])
    20
    """
    covered = 0
    last = None
    for start, end in sorted(ranges):
        if last is not None:
            start = max(start, last)
        if end > start:
            covered += end - start
            last = end
    return covered


def coverage(ranges: Iterable[tuple[int, int]], total: int) -> float:
    """Share of `total` words covered by the union of word ranges ``[start, end)``."""
    return union_length(ranges) / total if total > 0 else 0.0


def relation(
    jaccard: float,
    coverage_a: float,
    coverage_b: float,
    has_reuse: bool,
    has_topical: bool,
    near_duplicate_jaccard: float,
    near_duplicate_coverage: float,
    excerpt_coverage: float,
) -> str | None:
    """What the scores say about a pair, strongest first.

    * ``near-duplicate``: shingle Jaccard >= `near_duplicate_jaccard`, or
      reuse matches cover at least `near_duplicate_coverage` of BOTH texts
      (a lightly edited rewrite, whose edits break many shingles);
    * ``excerpt``: reuse matches cover at least `excerpt_coverage` of one text;
    * ``partial-reuse``: some verbatim, edited or paraphrased passage is shared;
    * ``topical``: no shared passage, but the same topic (similar TF-IDF
      sentences or documents);
    * None: nothing worth reporting.
    """
    if jaccard >= near_duplicate_jaccard or min(coverage_a, coverage_b) >= near_duplicate_coverage:
        return "near-duplicate"
    if max(coverage_a, coverage_b) >= excerpt_coverage:
        return "excerpt"
    if has_reuse:
        return "partial-reuse"
    if has_topical:
        return "topical"
    return None

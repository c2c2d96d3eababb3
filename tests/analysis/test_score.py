"""Tests of compare.analysis.scores: exact Jaccard/containment, coverage, relation.

Jaccard and containment are checked on hand-made sets; coverage on
overlapping, nested, touching and empty ranges; `relation` on each threshold
(inclusive) and on the order in which relations are tried.
"""

from __future__ import annotations

import numpy as np
import pytest

from compare.analysis.score import coverage, relation
from compare.sketch.shingles import jaccard_containment


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


@pytest.mark.parametrize(
    ("ranges", "total", "expected"),
    [
        ([], 100, 0.0),
        ([(0, 10)], 100, 0.10),
        ([(0, 10), (5, 15)], 100, 0.15),  # overlapping
        ([(20, 30), (0, 10), (5, 15)], 100, 0.25),  # unsorted
        ([(0, 50), (10, 20)], 100, 0.50),  # nested
        ([(0, 50), (10, 20), (45, 60)], 100, 0.60),  # nested, then overlapping the outer
        ([(0, 10), (10, 20)], 40, 0.50),  # touching
        ([(5, 5), (7, 3)], 10, 0.0),  # empty and reversed ranges count nothing
        ([(0, 10)], 10, 1.0),
    ],
)
def test_coverage(ranges: list[tuple[int, int]], total: int, expected: float) -> None:
    assert coverage(ranges, total) == pytest.approx(expected)


def test_coverage_of_empty_text_is_zero() -> None:
    assert coverage([(0, 5)], 0) == 0.0


THRESHOLDS = {
    "near_duplicate_jaccard": 0.8,
    "near_duplicate_coverage": 0.9,
    "excerpt_coverage": 0.8,
}


def _relation(jaccard=0.0, cov_a=0.0, cov_b=0.0, reuse=False, topical=False) -> str | None:
    return relation(jaccard, cov_a, cov_b, reuse, topical, **THRESHOLDS)


def test_near_duplicate_by_jaccard_threshold_inclusive() -> None:
    assert _relation(jaccard=0.8) == "near-duplicate"
    assert _relation(jaccard=0.79) is None


def test_near_duplicate_by_coverage_of_both_texts() -> None:
    assert _relation(jaccard=0.3, cov_a=0.9, cov_b=0.95, reuse=True) == "near-duplicate"
    assert _relation(jaccard=0.3, cov_a=0.89, cov_b=0.95, reuse=True) == "excerpt"


def test_excerpt_when_one_text_is_covered() -> None:
    assert _relation(jaccard=0.05, cov_a=0.1, cov_b=0.8, reuse=True) == "excerpt"
    assert _relation(jaccard=0.05, cov_a=0.8, cov_b=0.1, reuse=True) == "excerpt"
    assert _relation(jaccard=0.05, cov_a=0.1, cov_b=0.79, reuse=True) == "partial-reuse"


def test_partial_reuse_topical_and_nothing() -> None:
    assert _relation(cov_a=0.1, cov_b=0.1, reuse=True, topical=True) == "partial-reuse"
    assert _relation(topical=True) == "topical"
    assert _relation() is None

"""Tests of compare.analysis.score: coverage, relation, and a match's edit steps.

Coverage on overlapping, nested, touching and empty ranges; `relation` on
each threshold (inclusive) and on the order in which relations are tried;
the word diff of an alignment in original offsets.
"""

from __future__ import annotations

import numpy as np
import pytest

from compare import Document, Options
from compare.analysis.align import Alignment
from compare.analysis.prepare import prepare_corpus
from compare.analysis.score import _edits, coverage, relation


def _set(*values: int) -> np.ndarray:
    return np.array(sorted(set(values)), dtype=np.uint64)


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


def _relation(jaccard=0.0, cov_a=0.0, cov_b=0.0, reuse=False, topical=False, quotation=False) -> str | None:
    return relation(jaccard, cov_a, cov_b, reuse, topical, **THRESHOLDS, has_quotation=quotation)


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


def test_quotations_only_make_a_quotation_pair_and_copying_outranks_them() -> None:
    assert _relation(quotation=True, topical=True) == "quotation"
    assert _relation(cov_a=0.1, reuse=True, quotation=True) == "partial-reuse"
    assert _relation(jaccard=0.9, quotation=True) == "near-duplicate"


def test_a_deletion_at_a_matchs_start_is_anchored_where_the_match_starts():
    a, b = prepare_corpus(
        [
            Document("a", "Intro words. The court ruled today.", "A"),
            Document("b", "The court ruled today.", "B"),
        ],
        Options(),
    )
    # b's words 0..3 equal a's words 2..5; a's first two words were inserted before them.
    al = Alignment(2, 6, 0, 4, 4, (("equal", 2, 6, 0, 4),))
    assert _edits(a, b, al) == []  # only changed steps are kept
    inserted = Alignment(0, 6, 0, 4, 4, (("delete", 0, 2, 0, 0), ("equal", 2, 6, 0, 4)))
    (step,) = _edits(a, b, inserted)
    assert (step.op, step.a) == ("delete", a.span(0, 2))
    assert step.b == (0, 0)  # the insertion point is where the match starts in b

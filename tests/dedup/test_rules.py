"""Tests of compare.dedup.rules: what both engines apply.

Which verified pairs are duplicates and how, how pairs make clusters, and
which member of a cluster is kept under each --keep choice; an excerpt is
never kept over its container.
"""

from __future__ import annotations

import numpy as np
import pytest

from compare.dedup.options import DedupOptions
from compare.dedup.rules import (
    KEEP,
    KEEP_ORDER,
    DuplicatePair,
    cluster_labels,
    keep_key,
    pair_scores,
    representatives,
    resemblance_floor,
    sample_pair_kept,
    sample_pair_least,
    sample_pair_resembles,
    signature_floor,
    verified_pairs,
)


def _text(*values: int) -> np.ndarray:
    """A text whose shingle hashes, in reading order, are `values`."""
    return np.array(values, dtype=np.uint64)


def _verified(a: np.ndarray, b: np.ndarray, options: DedupOptions) -> DuplicatePair | None:
    """The pair of two texts, if it passes."""
    found = verified_pairs(np.array([[0, 1]]), [a, b], options)
    return found[0] if found else None


def test_verified_pair_is_a_near_duplicate_at_the_threshold_inclusive() -> None:
    a, b = _text(*range(10)), _text(*range(5), *range(100, 105))  # Jaccard 5 / 15
    assert _verified(a, b, DedupOptions(threshold=1 / 3)).relation == "near-duplicate"
    assert _verified(a, b, DedupOptions(threshold=0.34)) is None


def test_verified_pair_is_an_excerpt_only_with_containment() -> None:
    story, clip = _text(*range(100)), _text(*range(10, 30))
    assert _verified(story, clip, DedupOptions()) is None  # only a fifth of the story
    pair = _verified(story, clip, DedupOptions(containment=0.9))
    assert (pair.relation, pair.containment_a_in_b, pair.containment_b_in_a) == ("excerpt", 0.2, 1.0)


def test_an_edited_copy_is_a_near_duplicate_by_coverage_whatever_its_jaccard() -> None:
    story = list(range(200))
    copy = [
        h if i % 10 not in (3, 4, 5, 6, 7) else 1000 + h for i, h in enumerate(story)
    ]  # half the shingles
    pair = _verified(_text(*story), _text(*copy), DedupOptions())
    assert pair.jaccard < 0.5 and pair.relation == "near-duplicate"
    assert pair.coverage_a == pair.coverage_b == 1.0  # gaps of 5 shingles bridged
    assert _verified(_text(*story), _text(*copy), DedupOptions(coverage=None)) is None


def test_coverage_needs_a_tenth_of_the_shingles_shared_both_ways() -> None:
    story = list(range(500))
    sparse = [h if i % 20 == 0 else 1000 + h for i, h in enumerate(story)]  # a stock phrase every 20 words
    scores = pair_scores([_text(*sparse), _text(*story)], np.array([[0, 1]]), 5)
    assert scores.coverage_a[0] > 0.95  # bridged, but...
    assert _verified(_text(*story), _text(*sparse), DedupOptions()) is None  # ...5% shared


def test_scores_of_an_empty_text_are_zero() -> None:
    scores = pair_scores([_text(), _text(1, 2, 3)], np.array([[0, 1], [1, 0]]), 5)
    for values in (scores.jaccard, scores.containment_a_in_b, scores.coverage_a, scores.coverage_b):
        assert values.tolist() == [0.0, 0.0]


def test_verified_pairs_keep_the_document_indices_and_order_given() -> None:
    story = _text(*range(50))
    texts = {4: story, 9: story, 2: _text(*range(500, 550)), 7: story[:45]}
    pairs = np.array([[4, 9], [2, 4], [4, 7]])
    found = verified_pairs(pairs, texts, DedupOptions())
    assert [(p.a, p.b, p.jaccard) for p in found] == [(4, 9, 1.0), (4, 7, 0.9)]
    rows = np.array([[0, 1], [0, 1]])  # the same two texts for both pairs
    assert [(p.a, p.b) for p in verified_pairs(pairs[:2], [story, story], DedupOptions(), rows)] == [
        (4, 9),
        (2, 4),
    ]


def test_edited_copy_candidates_share_a_tenth_of_the_larger_sample() -> None:
    common, larger = np.array([1, 2, 3, 10]), np.array([10, 100, 20, 40])
    assert sample_pair_resembles(common, larger).tolist() == [False, False, True, True]
    assert 0 < resemblance_floor(128) < resemblance_floor(4096) < 0.1 / 1.9


@pytest.mark.parametrize("containment", [0.1, 0.5, 0.8])
def test_the_least_shared_samples_let_through_every_pair_the_sample_rules_keep(containment: float) -> None:
    sizes = np.arange(1, 600)
    larger, smaller = sample_pair_least(sizes, containment, True)
    for common in range(2, 200):
        shared = np.full(len(sizes), common)
        fits = shared <= sizes  # a pair cannot share more than the smaller sample holds
        for least, rule in (
            (larger, sample_pair_resembles(shared, sizes)),
            (smaller, sample_pair_kept(shared, sizes, containment)),
        ):
            assert (~rule | (shared >= least))[fits].all()  # nothing the rule keeps is dropped
            assert (rule | (shared < least + 1))[fits].all()  # and at most ties of rounding go through
    never, _ = sample_pair_least(sizes, None, False)
    assert (never > 10**9).all()


def test_signature_floor_is_below_the_threshold_and_tightens_with_more_permutations() -> None:
    assert signature_floor(0.5, 128) < 0.5
    assert signature_floor(0.5, 128) < signature_floor(0.5, 1024) < 0.5


def test_sample_pairs_need_two_shared_samples_within_two_standard_errors() -> None:
    common, smaller = np.array([1, 2, 8, 5]), np.array([1, 4, 10, 10])
    # floors: 0.8 - 2 sqrt(0.8 * 0.2 / m) = 0.4 for m = 4, 0.547 for m = 10
    assert sample_pair_kept(common, smaller, 0.8).tolist() == [False, True, True, False]


def test_excerpts_join_their_best_container_only() -> None:
    pairs = [
        DuplicatePair(0, 1, 0.9, 0.9, 0.9),
        DuplicatePair(2, 3, 0.1, 0.1, 0.9, "excerpt"),  # 3 inside 2, 90%
        DuplicatePair(3, 4, 0.1, 0.95, 0.1, "excerpt"),  # 3 inside 4, 95%: the best container
    ]
    assert cluster_labels(5, pairs) == [0, 0, 2, 3, 3]


@pytest.mark.parametrize(
    ("keep", "kept"),
    [("first", 0), ("longest", 2), ("earliest", 1)],
)
def test_each_keep_choice_picks_its_member(keep: str, kept: int) -> None:
    characters, dates = [100, 300, 900, 900], ["2026-03-01", "2026-01-15", "", "2026-02-01"]
    assert representatives([], [[0, 1, 2, 3]], characters, dates, keep) == dict.fromkeys(range(4), kept)


def test_ties_go_to_the_earlier_document_and_undated_ones_last() -> None:
    assert representatives([], [[0, 1]], [5, 5], ["", ""], "longest") == {0: 0, 1: 0}
    assert representatives([], [[0, 1]], [5, 5], ["", "2020-01-01"], "earliest") == {0: 1, 1: 1}


def test_an_excerpt_is_kept_only_when_every_member_is_one() -> None:
    inside = DuplicatePair(0, 1, 0.2, 0.95, 0.2, "excerpt")  # 0 is inside 1
    assert representatives([inside], [[0, 1]], [10, 50], ["", ""], "first") == {0: 1, 1: 1}
    both = [inside, DuplicatePair(1, 2, 0.2, 0.9, 0.1, "excerpt")]  # and 1 inside 2
    assert representatives(both, [[0, 1, 2]], [10, 50, 90], ["", "", ""], "first")[0] == 2


def test_keep_order_covers_every_choice_and_sorts_as_documented() -> None:
    assert set(KEEP_ORDER) == set(KEEP)
    assert keep_key("longest", 3, 100, "") < keep_key("longest", 1, 50, "")
    assert keep_key("earliest", 0, 1, "") > keep_key("earliest", 9, 1, "2030-12-31")
    with pytest.raises(ValueError, match="keep must be one of"):
        representatives([], [[0, 1]], [1, 1], ["", ""], "newest")

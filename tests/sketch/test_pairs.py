"""Tests of compare.sketch.pairs: the compiled pairwise loops against plain Python definitions.

Shared samples: every pair of documents holding a hash together, counted
per pair, whatever the number of threads. Overlaps: distinct shingles,
shared distinct shingles and words inside shared passages, as sets and a
walk over the positions compute them.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.dedup.rules import signature_agreement
from compare.sketch.pairs import _sample_partners, agreeing_positions, pair_overlaps, shared_sample_pairs


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sets(st.integers(0, 12), max_size=8), min_size=1, max_size=12),
    st.integers(2, 5),
    st.integers(1, 3),
    st.integers(1, 3),
    st.data(),
)
def test_shared_sample_pairs_count_what_each_pair_shares(
    docs: list[set[int]], max_bucket: int, least: int, jobs: int, data: st.DataObject
) -> None:
    sampled = np.array([d for d, hashes in enumerate(docs) for _ in hashes], dtype=np.int64)
    samples = np.array([h for hashes in docs for h in sorted(hashes)], dtype=np.uint64)
    holders = {h: [d for d, hashes in enumerate(docs) if h in hashes] for h in range(13)}
    want: dict[tuple[int, int], int] = {}
    for members in holders.values():
        if len(members) <= max_bucket:
            linked = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        else:
            linked = [(members[0], b) for b in members[1:]]
        for pair in linked:
            want[pair] = want.get(pair, 0) + 1
    a, b, shared = shared_sample_pairs(samples, sampled, len(docs), max_bucket, least, jobs)
    got = list(zip(a.tolist(), b.tolist(), shared.tolist(), strict=True))
    assert got == sorted((a, b, k) for (a, b), k in want.items() if k >= least)

    needs = st.lists(st.integers(0, 6), min_size=len(docs), max_size=len(docs))
    larger, smaller = np.array(data.draw(needs), np.int64), np.array(data.draw(needs), np.int64)

    def meets(a: int, b: int, k: int) -> bool:
        big, small = (b, a) if len(docs[b]) > len(docs[a]) else (a, b)
        return k >= least and (k >= larger[big] or k >= smaller[small])

    a, b, shared = shared_sample_pairs(
        samples, sampled, len(docs), max_bucket, least, jobs, (larger, smaller)
    )
    got = list(zip(a.tolist(), b.tolist(), shared.tolist(), strict=True))
    assert got == sorted((a, b, k) for (a, b), k in want.items() if meets(a, b, k))


def _covered(sequence: list[int], other: set[int], k: int, bridge: int) -> int:
    """Words of a text inside passages shared with `other`, word by word."""
    n_words = len(sequence) + k - 1
    inside = [False] * n_words
    shared = [i for i, h in enumerate(sequence) if h in other]
    for i in shared:
        inside[i : i + k] = [True] * k
    for left, right in itertools.pairwise(shared):
        if right - left <= k + bridge:  # the gap between them is at most `bridge` words
            inside[left : right + k] = [True] * (right + k - left)
    return sum(inside)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 30), max_size=40), min_size=2, max_size=6),
    st.integers(1, 5),
    st.integers(0, 6),
    st.data(),
)
def test_pair_overlaps_are_what_sets_and_positions_give(
    texts: list[list[int]], k: int, bridge: int, data: st.DataObject
) -> None:
    sequences = [np.array(t, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) for t in texts]
    pairs = data.draw(
        st.lists(st.tuples(st.integers(0, len(texts) - 1), st.integers(0, len(texts) - 1)), max_size=8)
    )
    rows = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    got = pair_overlaps(sequences, rows, k, bridge)
    for p, (a, b) in enumerate(pairs):
        seq_a, seq_b = sequences[a].tolist(), sequences[b].tolist()
        assert got.distinct_a[p] == len(set(seq_a)) and got.distinct_b[p] == len(set(seq_b))
        assert got.shared[p] == len(set(seq_a) & set(seq_b))
        assert got.covered_a[p] == _covered(seq_a, set(seq_b), k, bridge)
        assert got.covered_b[p] == _covered(seq_b, set(seq_a), k, bridge)
        assert (got.length_a[p], got.length_b[p]) == (len(seq_a), len(seq_b))


def test_pair_overlaps_of_no_pairs_and_of_a_mapping() -> None:
    assert len(pair_overlaps([], np.zeros((0, 2), dtype=np.int64), 5, 20).shared) == 0
    texts = {7: np.arange(10, dtype=np.uint64), 3: np.arange(5, 15, dtype=np.uint64)}
    got = pair_overlaps(texts, np.array([[7, 3]]), 5, 20)
    assert (got.shared[0], got.covered_a[0], got.covered_b[0]) == (5, 9, 9)


def _partners_by_definition(samples: np.ndarray, sampled: np.ndarray, max_bucket: int) -> list[list[int]]:
    """For each sample, the later documents holding its hash (its first
    document's partners only, in a group over `max_bucket`)."""
    holders: dict[int, list[int]] = {}
    for h, d in zip(samples.tolist(), sampled.tolist(), strict=True):
        holders.setdefault(h, []).append(d)
    out = []
    for h, d in zip(samples.tolist(), sampled.tolist(), strict=True):
        group = holders[h]
        later = [e for e in group if e > d]
        out.append(later if len(group) <= max_bucket or d == group[0] else [])
    return out


@pytest.mark.parametrize("kind", ["uniform", "ties", "one outlier", "empty"])
def test_sample_partners_group_by_hash_in_document_order(kind: str) -> None:
    rng = np.random.default_rng(5)
    m = 0 if kind == "empty" else 20_000
    sampled = np.sort(rng.integers(0, 3_000, m))
    if kind == "uniform":
        samples = rng.integers(0, 2**60, m, dtype=np.uint64)
    elif kind == "ties":  # few hashes, held by many documents: groups over max_bucket
        samples = rng.integers(0, 300, m, dtype=np.uint64) * np.uint64(2**50)
    else:  # all hashes small but one: they share their top bits (the merge sort's case)
        samples = rng.integers(0, 2**20, m, dtype=np.uint64)
        if m:
            samples[m // 2] = np.uint64(2**63 + 5)
    # distinct per document, as signing gives them
    _, first = np.unique(np.stack([sampled, samples.astype(np.int64)], axis=1), axis=0, return_index=True)
    keep = np.sort(first) if m else np.zeros(0, dtype=np.int64)
    samples, sampled = samples[keep], sampled[keep]
    members, start, end = _sample_partners(samples, sampled, 50)
    got = [members[s:e].tolist() for s, e in zip(start.tolist(), end.tolist(), strict=True)]
    assert got == _partners_by_definition(samples, sampled, 50)


def test_a_text_in_consecutive_pairs_scores_as_in_a_pair_alone() -> None:
    rng = np.random.default_rng(9)
    texts = [rng.integers(0, 40, 60).astype(np.uint64) for _ in range(4)]
    rows = np.array([[0, 1], [0, 2], [3, 2], [3, 2], [1, 0]])  # tables kept on either side
    together = pair_overlaps(texts, rows, 5, 20)
    for p, pair in enumerate(rows):
        alone = pair_overlaps(texts, pair[None, :], 5, 20)
        assert [getattr(together, f)[p] for f in vars(alone)] == [getattr(alone, f)[0] for f in vars(alone)]


def test_agreeing_positions_count_what_the_estimate_counts() -> None:
    rng = np.random.default_rng(4)
    sigs = rng.integers(0, 4, size=(50, 128)).astype(np.uint32)  # few values: many agreements
    pairs = rng.integers(0, 50, size=(300, 2))
    for jobs in (1, 3):
        got = agreeing_positions(sigs, pairs, jobs)
        assert got.tolist() == (sigs[pairs[:, 0]] == sigs[pairs[:, 1]]).sum(axis=1).tolist()
        assert np.array_equal(got / 128, signature_agreement(sigs[pairs[:, 0]], sigs[pairs[:, 1]]))
    assert len(agreeing_positions(sigs, np.zeros((0, 2), dtype=np.int64), 2)) == 0

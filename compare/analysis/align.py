"""Alignment of reused passages between two word sequences (or inside one).

The method is seed, extend, filter, the scheme used by the strongest text
alignment systems of the PAN evaluations (e.g. Sanchez-Perez, Sidorov &
Gelbukh 2014):

1. **Seeds**: every pair of positions ``(i, j)`` where the same word n-gram
   (``seed_size`` words, 3 by default) starts in both sequences. N-grams
   occurring more than ``max_occurrences`` times in either sequence are
   ignored: they are phrases, not evidence of copying.
2. **Extension**: seeds are grouped when they lie within ``max_gap`` words
   of each other in BOTH sequences, splitting alternately along the first
   and the second sequence until the groups are stable. An edited copy, in
   which words are inserted, deleted or replaced every few words, keeps its
   seeds within the gap and therefore stays ONE alignment rather than a
   string of fragments.
3. **Chaining**: inside a group, the longest chain of seeds increasing in
   both sequences (a longest increasing subsequence) is merged into blocks
   of identical words; the words between two blocks are compared with
   ``difflib`` so that single shared words between edits are recovered.
   The result is a word-level diff: ``equal``, ``replace``, ``delete``,
   ``insert`` operations, with the alignment starting and ending on shared
   words.
4. **Filtering**: an alignment is kept when it shares at least
   ``min_words`` words (12 by default: about a sentence; shorter shared
   runs are mostly stock phrases) and its similarity ``2 * shared / (len_a + len_b)``
   (the Dice coefficient of the aligned spans) is at least
   ``min_similarity``; of alignments that overlap in both sequences, the one
   sharing more words wins.

Sequences are arrays of word ids (e.g. 64-bit word hashes), so the work is
integer comparisons; the cost grows with the number of seeds, not with the
product of the lengths.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

from ..sketch.hashing import shingle_hashes

__all__ = [
    "AlignParams",
    "Alignment",
    "Box",
    "align_box",
    "align_pair",
    "align_self",
    "cluster_points",
    "find_seeds",
    "longest_chain",
    "overlap_in_both",
]


@dataclass(frozen=True)
class AlignParams:
    """Parameters of passage alignment (see the module docstring)."""

    seed_size: int = 3
    max_occurrences: int = 8
    max_gap: int = 8
    min_words: int = 12
    min_similarity: float = 0.5

    def __post_init__(self) -> None:
        if self.seed_size < 1:
            raise ValueError(f"seed_size must be >= 1, got {self.seed_size}")
        if self.min_words < 1:
            raise ValueError(f"min_words must be >= 1, got {self.min_words}")
        if not 0.0 <= self.min_similarity <= 1.0:
            raise ValueError(f"min_similarity must be in [0, 1], got {self.min_similarity}")


class Box(NamedTuple):
    """A passage's word ranges ``[a_start, a_end)`` and ``[b_start, b_end)``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


class _Passage(Protocol):
    """Anything with a passage's word ranges: a `Box`, an `Alignment`, ..."""

    @property
    def a_start(self) -> int: ...
    @property
    def a_end(self) -> int: ...
    @property
    def b_start(self) -> int: ...
    @property
    def b_end(self) -> int: ...


def overlap_in_both(x: _Passage, y: _Passage) -> bool:
    """Whether two passages (anything with a_start, a_end, b_start, b_end)
    overlap in both sequences: then they are the same reuse, not two."""
    return x.a_start < y.a_end and y.a_start < x.a_end and x.b_start < y.b_end and y.b_start < x.b_end


@dataclass(frozen=True)
class Alignment:
    """One aligned passage: word ranges ``[a_start, a_end)``, ``[b_start, b_end)``.

    `ops` is the word-level diff, ``(tag, a0, a1, b0, b1)`` in absolute word
    indices, tags as in `difflib`. It starts and ends with ``equal``.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    shared: int
    ops: tuple[tuple[str, int, int, int, int], ...]

    @property
    def box(self) -> Box:
        return Box(self.a_start, self.a_end, self.b_start, self.b_end)

    @property
    def similarity(self) -> float:
        """Dice coefficient of the aligned spans: 2 * shared / (len_a + len_b)."""
        return 2.0 * self.shared / ((self.a_end - self.a_start) + (self.b_end - self.b_start))

    @property
    def verbatim(self) -> bool:
        """True when both spans hold the same (normalized) words."""
        return all(op[0] == "equal" for op in self.ops)


def find_seeds(a_grams: np.ndarray, b_grams: np.ndarray, max_occurrences: int) -> np.ndarray:
    """All ``(i, j)`` with ``a_grams[i] == b_grams[j]``, shape (n, 2), sorted.

    Values occurring more than `max_occurrences` times in either array are
    skipped.
    """
    if len(a_grams) == 0 or len(b_grams) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.argsort(b_grams, kind="stable")
    sorted_b = b_grams[order]
    left = np.searchsorted(sorted_b, a_grams, side="left")
    right = np.searchsorted(sorted_b, a_grams, side="right")
    counts = right - left
    _, inverse, a_counts = np.unique(a_grams, return_inverse=True, return_counts=True)
    valid = (counts > 0) & (counts <= max_occurrences) & (a_counts[inverse] <= max_occurrences)
    rows = np.flatnonzero(valid)
    if len(rows) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    reps = counts[rows]
    i_idx = np.repeat(rows, reps)
    first = np.repeat(left[rows], reps)
    within = np.arange(len(i_idx)) - np.repeat(np.cumsum(reps) - reps, reps)
    j_idx = order[first + within]
    seeds = np.stack([i_idx, j_idx], axis=1).astype(np.int64)
    return seeds[np.lexsort((seeds[:, 1], seeds[:, 0]))]


def _split(seeds: np.ndarray, axis: int, span: int, gap: int | tuple[int, int]) -> list[np.ndarray]:
    """Split seeds into groups separated by more than `gap` words along `axis`."""
    if isinstance(gap, tuple):
        gap = gap[axis]
    ordered = seeds[np.argsort(seeds[:, axis], kind="stable")]
    pos = ordered[:, axis]
    reach = np.maximum.accumulate(pos + span)
    breaks = np.flatnonzero(pos[1:] > reach[:-1] + gap) + 1
    if len(breaks) == 0:
        return [ordered]
    bounds = [0, *breaks.tolist(), len(ordered)]
    return [ordered[s:e] for s, e in itertools.pairwise(bounds)]  # np.split, without its overhead


def cluster_points(
    seeds: np.ndarray, span: int, gap: int | tuple[int, int], min_extent: int = 0
) -> list[np.ndarray]:
    """Groups of points ``(i, j)`` close in both sequences, in order of position.

    Each point covers `span` positions from ``i`` and from ``j``; groups are
    split wherever more than `gap` positions separate them along either
    sequence (or ``gap = (gap_i, gap_j)``, one per sequence), alternately,
    until no group splits any more. Groups spanning fewer than `min_extent`
    positions in either sequence are dropped as soon as they are found:
    splitting only narrows a group, so none of its parts could span more.
    """
    done: list[np.ndarray] = []
    todo = [(seeds, 0)]
    while todo:
        group, axis = todo.pop()
        if min_extent and (group.max(axis=0) - group.min(axis=0) + span).min() < min_extent:
            continue
        parts = _split(group, axis, span, gap)
        if len(parts) == 1:
            other = _split(group, 1 - axis, span, gap)
            if len(other) == 1:
                done.append(group)
            else:
                todo.extend((p, axis) for p in other)
        else:
            todo.extend((p, 1 - axis) for p in parts)
    done.sort(key=lambda g: (int(g[:, 0].min()), int(g[:, 1].min())))
    return done


def longest_chain(group: np.ndarray) -> list[tuple[int, int]]:
    """Longest chain of seeds strictly increasing in i and j (patience LIS)."""
    seeds = group[np.lexsort((-group[:, 1], group[:, 0]))].tolist()
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(seeds)
    for n, (_, j) in enumerate(seeds):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[k] = j
            tail_idx[k] = n
        prev[n] = tail_idx[k - 1] if k else -1
    out = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        out.append((seeds[n][0], seeds[n][1]))
        n = prev[n]
    return out[::-1]


def _blocks(chain: list[tuple[int, int]], k: int) -> list[tuple[int, int, int]]:
    """Merge chained seeds into non-overlapping blocks ``(i, j, length)``."""
    blocks: list[list[int]] = []
    for i, j in chain:
        if blocks:
            bi, bj, bl = blocks[-1]
            if i - bi == j - bj and i <= bi + bl:
                blocks[-1][2] = max(bl, i - bi + k)
                continue
            skip = max(bi + bl - i, bj + bl - j, 0)
            if skip >= k:
                continue
            i, j, length = i + skip, j + skip, k - skip
        else:
            length = k
        blocks.append([i, j, length])
    return [(b[0], b[1], b[2]) for b in blocks]


def _diff(
    a: np.ndarray, b: np.ndarray, blocks: list[tuple[int, int, int]]
) -> list[tuple[str, int, int, int, int]]:
    """Word-level diff over the span of `blocks` (absolute positions), refining the gaps with difflib."""
    ops: list[tuple[str, int, int, int, int]] = []

    def emit(tag: str, a0: int, a1: int, b0: int, b1: int) -> None:
        if a0 == a1 and b0 == b1:
            return
        if ops and ops[-1][0] == tag == "equal":
            ops[-1] = ("equal", ops[-1][1], a1, ops[-1][3], b1)
        else:
            ops.append((tag, a0, a1, b0, b1))

    for n, (i, j, length) in enumerate(blocks):
        if n:
            pi, pj, pl = blocks[n - 1]
            a0, a1, b0, b1 = pi + pl, i, pj + pl, j
            if a0 == a1 or b0 == b1:  # what difflib would say, without building a matcher per gap
                emit("insert" if a0 == a1 else "delete", a0, a1, b0, b1)
            elif a1 - a0 == 1 and b1 - b0 == 1:
                emit("equal" if a[a0] == b[b0] else "replace", a0, a1, b0, b1)
            else:
                matcher = difflib.SequenceMatcher(None, a[a0:a1].tolist(), b[b0:b1].tolist(), autojunk=False)
                for tag, x0, x1, y0, y1 in matcher.get_opcodes():
                    emit(tag, a0 + x0, a0 + x1, b0 + y0, b0 + y1)
        emit("equal", i, i + length, j, j + length)
    return ops


def _alignment(a: np.ndarray, b: np.ndarray, group: np.ndarray, k: int) -> Alignment | None:
    blocks = _blocks(longest_chain(group), k)
    if not blocks:
        return None
    ops = _diff(a, b, blocks)
    shared = sum(op[2] - op[1] for op in ops if op[0] == "equal")
    first, last = ops[0], ops[-1]
    return Alignment(first[1], last[2], first[3], last[4], shared, tuple(ops))


def _select(candidates: list[Alignment], params: AlignParams) -> list[Alignment]:
    kept: list[Alignment] = []
    good = [c for c in candidates if c.shared >= params.min_words and c.similarity >= params.min_similarity]
    good.sort(key=lambda c: (-c.shared, c.a_start, c.b_start))
    for c in good:
        if any(overlap_in_both(c, k) for k in kept):
            continue
        kept.append(c)
    kept.sort(key=lambda c: (c.a_start, c.b_start))
    return kept


def align_pair(a: np.ndarray, b: np.ndarray, params: AlignParams | None = None) -> list[Alignment]:
    """Reused passages between word-id sequences `a` and `b`, in order of `a`.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    >>> b = np.array([50, 1, 2, 3, 4, 99, 6, 7, 8, 9, 10, 11, 12, 60])
    >>> found = align_pair(a, b, AlignParams(min_words=8))
    >>> [(x.a_start, x.a_end, x.b_start, x.b_end, x.shared, x.verbatim) for x in found]
    [(0, 12, 1, 13, 11, False)]
    """
    params = params or AlignParams()
    k = params.seed_size
    seeds = find_seeds(_grams(a, k), _grams(b, k), params.max_occurrences)
    if len(seeds) == 0:
        return []
    groups = cluster_points(seeds, k, params.max_gap, params.min_words)  # those that may share enough
    found = [_alignment(a, b, g, k) for g in groups]
    return _select([f for f in found if f is not None], params)


def align_self(a: np.ndarray, params: AlignParams | None = None) -> list[Alignment]:
    """Passages repeated inside one sequence: alignments with ``a_end <= b_start``."""
    params = params or AlignParams()
    k = params.seed_size
    grams = _grams(a, k)
    seeds = find_seeds(grams, grams, params.max_occurrences)
    seeds = seeds[seeds[:, 1] >= seeds[:, 0] + k]
    if len(seeds) == 0:
        return []
    groups = cluster_points(seeds, k, params.max_gap, params.min_words)
    found = [_alignment(a, a, g, k) for g in groups]
    return _select([f for f in found if f is not None and f.a_end <= f.b_start], params)


def align_box(a: np.ndarray, b: np.ndarray, box: Box, params: AlignParams) -> Alignment:
    """The word diff of a passage whose extent is already known (``a[a0:a1]``
    against ``b[b0:b1]``), e.g. one aligned sentence by sentence.

    Shared word runs inside the box are chained as in `align_pair`; the words
    before the first and after the last shared run are replaced, deleted or
    inserted, so the alignment spans exactly the box.
    """
    a0, a1, b0, b1 = box
    k = params.seed_size
    seeds = find_seeds(_grams(a[a0:a1], k), _grams(b[b0:b1], k), params.max_occurrences)
    inner: list[tuple[str, int, int, int, int]] = []
    if len(seeds):
        blocks = [(i + a0, j + b0, n) for i, j, n in _blocks(longest_chain(seeds), k)]
        inner = _diff(a, b, blocks)
    head_a, head_b = (inner[0][1], inner[0][3]) if inner else (a1, b1)
    tail_a, tail_b = (inner[-1][2], inner[-1][4]) if inner else (a1, b1)
    ops = [op for op in (_gap_op(a0, head_a, b0, head_b), *inner, _gap_op(tail_a, a1, tail_b, b1)) if op]
    shared = sum(op[2] - op[1] for op in ops if op[0] == "equal")
    return Alignment(a0, a1, b0, b1, shared, tuple(ops))


def _gap_op(a0: int, a1: int, b0: int, b1: int) -> tuple[str, int, int, int, int] | None:
    if a1 > a0 and b1 > b0:
        return ("replace", a0, a1, b0, b1)
    if a1 > a0:
        return ("delete", a0, a1, b0, b1)
    if b1 > b0:
        return ("insert", a0, a1, b0, b1)
    return None


def _grams(ids: np.ndarray, k: int) -> np.ndarray:
    if len(ids) < k:
        return np.zeros(0, dtype=np.uint64)
    return shingle_hashes(np.asarray(ids, dtype=np.uint64), k)

"""The rules both dedup engines apply, apart from either engine.

The local engine (`compare.dedup.local`) applies them to numpy arrays in
one process; the Spark engine (`compare.dedup.spark.job`) inside Spark
tasks and as joins and aggregations. Keeping them here, and nowhere else,
is what makes the two give the same answers.

* which candidates are worth verifying: `signature_floor` (near-duplicates)
  and `sample_pair_kept` (excerpts);
* which candidates may be edited copies: `sample_pair_resembles` (and the
  least shared samples either sample rule needs: `sample_pair_least`);
* what a verified pair is: `verified_pairs`, from the texts' shingles in
  reading order (`pair_scores`);
* how pairs make clusters: `cluster_labels`;
* which document of a cluster is kept: `KEEP_ORDER`, `representatives`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..sketch.pairs import pair_overlaps
from ..util.components import component_labels
from .options import DedupOptions

__all__ = [
    "BRIDGE_WORDS",
    "KEEP",
    "KEEP_ORDER",
    "DuplicatePair",
    "PairScores",
    "cluster_labels",
    "excerpt_inner",
    "keep_key",
    "pair_scores",
    "representatives",
    "resemblance_floor",
    "sample_pair_kept",
    "sample_pair_least",
    "sample_pair_resembles",
    "signature_agreement",
    "signature_floor",
    "verified_pairs",
]

#: The choices of which document of a cluster is kept.
KEEP = ("first", "longest", "earliest")
#: How each choice orders a cluster's eligible members (the first is kept), as
#: ascending sort keys: "index" the reading order, "-characters" the longest
#: first, "undated" undated documents last, "date" the ``date`` field (ISO
#: dates compare as text).
KEEP_ORDER = {
    "first": ("index",),
    "longest": ("-characters", "index"),
    "earliest": ("undated", "date", "index"),
}


#: Two shared passages at most this many words apart are one passage with
#: edits between them (`pair_scores`).
BRIDGE_WORDS = 20
#: Edited copies share at least this share of their shingles both ways (a copy with
#: a quarter of its words edited keeps (3/4)^5, a quarter, of its word 5-shingles):
#: the floor under the coverage rule, which bridged gaps alone could otherwise meet
#: with a stock phrase every 25 words; candidates are looked for at this share of
#: the larger shingle sample.
RESEMBLANCE_FLOOR = 0.1


@dataclass(frozen=True)
class DuplicatePair:
    """Two duplicate documents (indices, a < b), their exact scores, and how
    they relate: ``"near-duplicate"`` (Jaccard at or above the threshold, or
    both texts covered by shared passages at or above `coverage`) or
    ``"excerpt"`` (one is contained in the other at or above `containment`).
    `coverage_a`, `coverage_b`: share of each text's words inside passages
    shared with the other (`pair_scores`)."""

    a: int
    b: int
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: str = "near-duplicate"
    coverage_a: float = 0.0
    coverage_b: float = 0.0


def signature_floor(threshold: float, num_perm: int) -> float:
    """Signature agreement below which a pair is below `threshold` with near
    certainty: four standard errors of the estimate under it."""
    return threshold - 4 * math.sqrt(threshold * (1 - threshold) / num_perm)


def signature_agreement(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of positions where the signatures of rows `a` and `b` agree (the Jaccard estimate)."""
    return (a == b).mean(axis=1)


def _kept_share(smaller: np.ndarray, containment: float) -> np.ndarray:
    """The share of the smaller sample an excerpt candidate shares: two
    standard errors under `containment`."""
    return containment - 2 * np.sqrt(containment * (1 - containment) / smaller)


def _resembling_share(larger: np.ndarray) -> np.ndarray:
    """The share of the larger sample an edited-copy candidate shares: one
    standard error under the floor."""
    return RESEMBLANCE_FLOOR - np.sqrt(RESEMBLANCE_FLOOR * (1 - RESEMBLANCE_FLOOR) / larger)


def sample_pair_kept(common: np.ndarray, smaller: np.ndarray, containment: float) -> np.ndarray:
    """Whether pairs sharing `common` samples, the smaller of whose samples
    holds `smaller`, are excerpt candidates: they share two samples or more, and
    come within two standard errors of `containment` (see
    `compare.dedup.local.sample_candidates`)."""
    return (common >= 2) & (common / smaller >= _kept_share(smaller, containment))


def sample_pair_resembles(common: np.ndarray, larger: np.ndarray) -> np.ndarray:
    """Whether pairs sharing `common` samples, the larger of whose samples
    holds `larger`, are candidate edited copies: they share two samples or
    more, and at least `RESEMBLANCE_FLOOR` of the larger sample less one
    standard error (the signatures then weed out most of the rest:
    `resemblance_floor`)."""
    larger = np.maximum(larger, 1)
    return (common >= 2) & (common / larger >= _resembling_share(larger))


def sample_pair_least(
    counts: np.ndarray, containment: float | None, resemblance: bool
) -> tuple[np.ndarray, np.ndarray]:
    """For each document of sample size `counts`, the fewest samples a pair
    must share to meet `sample_pair_resembles` when the document holds the
    larger sample of the two (with `resemblance`), and `sample_pair_kept`
    when it holds the smaller (with `containment`): a pair sharing fewer
    than both meets neither rule. A rule not applied needs
    more than any pair shares. The pairs counting kernel drops the rest
    before they are written (`compare.sketch.pairs.shared_sample_pairs`).

    >>> larger, smaller = sample_pair_least(np.array([40, 400]), 0.5, True)
    >>> larger.tolist(), smaller.tolist()
    ([3, 34], [14, 180])
    """
    sizes = np.maximum(counts, 1).astype(np.float64)

    def least(share: np.ndarray) -> np.ndarray:  # common >= share * size, for whole numbers
        return np.ceil(share * sizes - 1e-9).astype(np.int64)

    never = np.full(len(counts), np.iinfo(np.int64).max, dtype=np.int64)
    larger = least(_resembling_share(sizes)) if resemblance else never
    smaller = least(_kept_share(sizes, containment)) if containment is not None else never
    return larger, smaller


def resemblance_floor(num_perm: int) -> float:
    """Signature agreement below which a candidate cannot be an edited copy:
    sharing `RESEMBLANCE_FLOOR` of the shingles both ways means a Jaccard of
    at least f / (2 - f) (0.053); one standard error under that. Copies
    that pass the coverage rule share far more (a fifth of the shingles or
    more, a Jaccard over 0.1, 13 agreeing positions of 128 expected), while
    pairs that share a few stock phrases agree on a position or two."""
    least = RESEMBLANCE_FLOOR / (2 - RESEMBLANCE_FLOOR)
    return least - math.sqrt(least * (1 - least) / num_perm)


@dataclass(frozen=True)
class PairScores:
    """Exact scores of pairs of texts, one value per pair: shingle Jaccard,
    containment each way, and the share of each text's words inside
    passages shared with the other (`pair_scores`)."""

    jaccard: np.ndarray
    containment_a_in_b: np.ndarray
    containment_b_in_a: np.ndarray
    coverage_a: np.ndarray
    coverage_b: np.ndarray


def pair_scores(
    sequences: Sequence[np.ndarray] | Mapping[int, np.ndarray], rows: np.ndarray, shingle_size: int
) -> PairScores:
    """The `PairScores` of the pairs ``(sequences[a], sequences[b])`` for
    each ``(a, b)`` of `rows`, from each text's shingle hashes in reading order.

    Coverage is the share of a text's words inside passages it shares with
    the other: a word is inside when a shingle holding it is in the other
    text, or when it lies in a gap of at most `BRIDGE_WORDS` words between
    two such shingles. A copy with a fifth of its words edited loses most
    of its shingles (each edit removes the k that hold it), but its shared
    shingles still follow each other closely, while two independent texts
    share a few stock phrases far apart. This is the analysis's coverage
    rule (the share of both texts inside aligned passages), computed from
    hashes alone.

    >>> text = np.arange(10, dtype=np.uint64)  # a 14-word text, k = 5
    >>> ends = np.array([0, 9], np.uint64)  # its first and last shingles
    >>> s = pair_scores([text, ends, np.array([0], np.uint64)], np.array([[0, 1], [0, 2]]), 5)
    >>> s.coverage_a.round(6).tolist(), s.containment_b_in_a.tolist(), s.jaccard.tolist()
    ([1.0, 0.357143], [1.0, 1.0], [0.2, 0.1])
    """
    o = pair_overlaps(sequences, rows, shingle_size, BRIDGE_WORDS)
    both = (o.distinct_a > 0) & (o.distinct_b > 0)
    shared = np.where(both, o.shared, 0)

    def share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        return part / np.maximum(whole, 1)

    k = shingle_size
    return PairScores(
        share(shared, o.distinct_a + o.distinct_b - o.shared),
        share(shared, o.distinct_a),
        share(shared, o.distinct_b),
        np.minimum(1.0, share(np.where(both, o.covered_a, 0), o.length_a + k - 1)),
        np.minimum(1.0, share(np.where(both, o.covered_b, 0), o.length_b + k - 1)),
    )


def verified_pairs(
    pairs: np.ndarray,
    sequences: Sequence[np.ndarray] | Mapping[int, np.ndarray],
    options: DedupOptions,
    rows: np.ndarray | None = None,
) -> list[DuplicatePair]:
    """The `DuplicatePair`s among candidate `pairs` (document indices a < b),
    scored from the texts' shingle hashes in reading order: those of pair p
    are ``sequences[rows[p, 0]]`` and ``sequences[rows[p, 1]]`` (`rows`
    defaults to `pairs`). In the order of `pairs`.

    Near-duplicates: Jaccard at or above `threshold`, or, with `coverage`,
    both texts at least that much inside shared passages and sharing at
    least `RESEMBLANCE_FLOOR` of their shingles both ways (edited copies).
    Excerpts (with `containment`): one text's shingles are at least that
    share in the other's.

    >>> story = np.arange(100, dtype=np.uint64)
    >>> seqs = {0: story, 1: story[10:30], 2: story[:90]}
    >>> [(p.a, p.b, p.relation) for p in verified_pairs(np.array([[0, 1], [0, 2]]), seqs, DedupOptions())]
    [(0, 2, 'near-duplicate')]
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    s = pair_scores(sequences, pairs if rows is None else rows, options.shingle_size)
    coverage_a, coverage_b = s.coverage_a.round(6), s.coverage_b.round(6)  # as reported
    inner = np.minimum(s.containment_a_in_b, s.containment_b_in_a)
    outer = np.maximum(s.containment_a_in_b, s.containment_b_in_a)
    near = s.jaccard >= options.threshold
    if options.coverage is not None:
        covered = np.minimum(coverage_a, coverage_b) >= options.coverage
        near |= (inner >= RESEMBLANCE_FLOOR) & covered
    excerpt = ~near & (outer >= options.containment if options.containment is not None else False)
    found = []
    for p in np.flatnonzero(near | excerpt).tolist():
        a, b = pairs[p].tolist()
        jac, cab, cba = (
            round(float(x[p]), 6) for x in (s.jaccard, s.containment_a_in_b, s.containment_b_in_a)
        )
        relation = "near-duplicate" if near[p] else "excerpt"
        found.append(DuplicatePair(a, b, jac, cab, cba, relation, float(coverage_a[p]), float(coverage_b[p])))
    return found


def excerpt_inner(containment_a_in_b: float, containment_b_in_a: float) -> bool:
    """Whether side a of an excerpt pair is the one inside the other (ties: a)."""
    return containment_a_in_b >= containment_b_in_a


def cluster_labels(n: int, pairs: list[DuplicatePair]) -> list[int]:
    """Each document's cluster (its smallest member).

    Near-duplicates are clustered transitively. Then each cluster that holds
    an excerpt joins the cluster of its best container (the highest
    containment, then the first document), and only that one: a passage
    found inside two stories is a duplicate of one of them, and does not
    make the two stories duplicates of each other.

    >>> near = DuplicatePair(0, 1, 0.9, 0.9, 0.9)
    >>> in_2 = DuplicatePair(2, 3, 0.1, 0.1, 0.9, "excerpt")  # 3 is inside 2
    >>> in_4 = DuplicatePair(3, 4, 0.1, 0.9, 0.1, "excerpt")  # and inside 4
    >>> cluster_labels(5, [near, in_2, in_4])
    [0, 0, 2, 2, 4]
    """
    labels = component_labels(n, ((p.a, p.b) for p in pairs if p.relation == "near-duplicate"))
    best: dict[int, tuple[float, int, int]] = {}  # cluster -> (-containment, container, its cluster)
    for p in pairs:
        if p.relation != "excerpt":
            continue
        if excerpt_inner(p.containment_a_in_b, p.containment_b_in_a):
            inner, outer, share = p.a, p.b, p.containment_a_in_b
        else:
            inner, outer, share = p.b, p.a, p.containment_b_in_a
        choice = (-share, outer, labels[outer])
        if labels[inner] != labels[outer] and (labels[inner] not in best or choice < best[labels[inner]]):
            best[labels[inner]] = choice
    links = ((cluster, container) for cluster, (_, _, container) in sorted(best.items()))
    joined = component_labels(n, links)
    return [joined[label] for label in labels]


def keep_key(keep: str, index: int, characters: int, date: str) -> tuple:
    """A member's sort key under `KEEP_ORDER[keep]`: the smallest is kept."""
    values = {"index": index, "-characters": -characters, "undated": date == "", "date": date}
    return tuple(values[name] for name in KEEP_ORDER[keep])


def representatives(
    pairs: Sequence[DuplicatePair],
    clusters: Sequence[Sequence[int]],
    characters: Sequence[int],
    dates: Sequence[str],
    keep: str,
) -> dict[int, int]:
    """Each clustered document's kept representative: the first member of
    its cluster under `KEEP_ORDER[keep]` (its first document, its longest
    text, or its earliest ``date``, undated last; ties go to the earlier
    document). A document inside another (the inner side of an excerpt
    pair) is kept only if every member of its cluster is: keeping it would
    lose the rest of its container.

    >>> pairs = [DuplicatePair(0, 1, 0.2, 0.9, 0.3, "excerpt")]  # 0 is inside 1
    >>> representatives(pairs, [[0, 1]], [100, 400], ["", ""], "first")
    {0: 1, 1: 1}
    """
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    inner = {
        p.a if excerpt_inner(p.containment_a_in_b, p.containment_b_in_a) else p.b
        for p in pairs
        if p.relation == "excerpt"
    }
    chosen: dict[int, int] = {}
    for members in clusters:
        eligible = [i for i in members if i not in inner] or list(members)
        rep = min(eligible, key=lambda i: keep_key(keep, i, characters[i], dates[i]))
        chosen.update(dict.fromkeys(members, rep))
    return chosen

"""The rules both dedup engines apply, apart from either engine.

The local engine (`compare.dedup.local`) applies them to numpy arrays in
one process; the Spark engine (`compare.dedup.spark.job`) inside Spark
tasks and as joins and aggregations. Keeping them here, and nowhere else,
is what makes the two give the same answers.

* which candidates are worth verifying: `signature_floor` (near-duplicates)
  and `sample_pair_kept` (excerpts);
* which candidates may be edited copies: `sample_pair_resembles`;
* what a verified pair is: `verified_pair`, from exact shingle sets and
  sequences (`passage_coverage`);
* how pairs make clusters: `cluster_labels`;
* which document of a cluster is kept: `KEEP_ORDER`, `representatives`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..sketch.kernels import bridged_cover
from ..sketch.shingles import Shingled, jaccard_containment
from ..util.components import component_labels
from .options import DedupOptions

__all__ = [
    "BRIDGE_WORDS",
    "KEEP",
    "KEEP_ORDER",
    "DuplicatePair",
    "cluster_labels",
    "excerpt_inner",
    "keep_key",
    "passage_coverage",
    "representatives",
    "resemblance_floor",
    "sample_pair_kept",
    "sample_pair_resembles",
    "signature_agreement",
    "signature_floor",
    "verified_pair",
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
#: edits between them (`passage_coverage`).
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
    shared with the other (`passage_coverage`)."""

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


def sample_pair_kept(common: np.ndarray, smaller: np.ndarray, containment: float) -> np.ndarray:
    """Whether pairs sharing `common` samples, the smaller of whose samples
    holds `smaller`, are excerpt candidates: they share two samples or more, and
    come within two standard errors of `containment` (see
    `compare.dedup.local.sample_candidates`)."""
    floor = containment - 2 * np.sqrt(containment * (1 - containment) / smaller)
    return (common >= 2) & (common / smaller >= floor)


def sample_pair_resembles(common: np.ndarray, larger: np.ndarray) -> np.ndarray:
    """Whether pairs sharing `common` samples, the larger of whose samples
    holds `larger`, are candidate edited copies: they share two samples or
    more, and at least `RESEMBLANCE_FLOOR` of the larger sample less one
    standard error (the signatures then weed out most of the rest:
    `resemblance_floor`)."""
    floor = RESEMBLANCE_FLOOR
    floor = floor - np.sqrt(floor * (1 - floor) / np.maximum(larger, 1))
    return (common >= 2) & (common / np.maximum(larger, 1) >= floor)


def resemblance_floor(num_perm: int) -> float:
    """Signature agreement below which a candidate cannot be an edited copy:
    sharing `RESEMBLANCE_FLOOR` of the shingles both ways means a Jaccard of
    at least f / (2 - f) (0.053); one standard error under that. Copies
    that pass the coverage rule share far more (a fifth of the shingles or
    more, a Jaccard over 0.1, 13 agreeing positions of 128 expected), while
    pairs that share a few stock phrases agree on a position or two."""
    least = RESEMBLANCE_FLOOR / (2 - RESEMBLANCE_FLOOR)
    return least - math.sqrt(least * (1 - least) / num_perm)


def passage_coverage(text: Shingled, other: np.ndarray, shingle_size: int) -> float:
    """Share of a text's words inside passages it shares with another text.

    `text` holds the text's shingle hashes in reading order, `other` is the
    other text's shingle set (sorted, unique). A word is inside a shared
    passage when a shingle holding it is shared, or when it lies in a gap
    of at most `BRIDGE_WORDS` words between two shared shingles: a copy
    with a fifth of its words edited loses most of its shingles (each edit
    removes the k that hold it), but its shared shingles still follow each
    other closely, while two independent texts share a few stock phrases
    far apart. This is the analysis's coverage rule (the share of both
    texts inside aligned passages), computed from hashes alone.

    >>> text = Shingled.of(np.arange(10, dtype=np.uint64))  # a 14-word text, k = 5
    >>> passage_coverage(text, np.array([0, 9], np.uint64), 5)  # its first and last shingles
    1.0
    >>> passage_coverage(text, np.array([0], np.uint64), 5)
    0.357143
    """
    n = len(text.sequence)
    if n == 0 or len(other) == 0:
        return 0.0
    covered = bridged_cover(text.sequence, text.order, other, shingle_size, BRIDGE_WORDS)
    return round(min(1.0, covered / (n + shingle_size - 1)), 6)


def verified_pair(
    a: int, b: int, text_a: Shingled, text_b: Shingled, options: DedupOptions
) -> DuplicatePair | None:
    """The `DuplicatePair` of documents a < b from their shingles, or None
    when they are neither near-duplicates
    nor (with `containment`) one an excerpt of the other. Near-duplicates:
    Jaccard at or above `threshold`, or, with `coverage`, both texts at
    least that much inside shared passages and sharing at least
    `RESEMBLANCE_FLOOR` of their shingles both ways (edited copies).
    Scores are exact, rounded to 6 decimals."""
    jac, cab, cba = jaccard_containment(text_a.set, text_b.set)
    contained = options.containment if options.containment is not None else math.inf
    resembling = options.coverage is not None and min(cab, cba) >= RESEMBLANCE_FLOOR
    if jac < options.threshold and not resembling and max(cab, cba) < contained:
        return None  # most candidates: decided without the coverage
    k = options.shingle_size
    cov_a, cov_b = passage_coverage(text_a, text_b.set, k), passage_coverage(text_b, text_a.set, k)
    if jac >= options.threshold or (resembling and min(cov_a, cov_b) >= options.coverage):  # type: ignore[operator]
        relation = "near-duplicate"
    elif max(cab, cba) >= contained:
        relation = "excerpt"
    else:
        return None
    return DuplicatePair(a, b, round(jac, 6), round(cab, 6), round(cba, 6), relation, cov_a, cov_b)


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

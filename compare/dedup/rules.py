"""The rules both dedup engines apply, apart from either engine.

The local engine (`compare.dedup.local`) applies them to numpy arrays in
one process; the Spark engine (`compare.dedup.spark.job`) inside Spark
tasks and as joins and aggregations. Keeping them here, and nowhere else,
is what makes the two give the same answers.

* which candidates are worth verifying: `signature_floor` (near-duplicates)
  and `sample_pair_kept` (excerpts);
* what a verified pair is: `verified_pair`, from exact shingle sets;
* how pairs make clusters: `cluster_labels`;
* which document of a cluster is kept: `KEEP_ORDER`, `representatives`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..sketch.shingles import jaccard_containment
from ..util.components import component_labels
from .options import DedupOptions

__all__ = [
    "KEEP",
    "KEEP_ORDER",
    "DuplicatePair",
    "cluster_labels",
    "excerpt_inner",
    "keep_key",
    "representatives",
    "sample_pair_kept",
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


@dataclass(frozen=True)
class DuplicatePair:
    """Two duplicate documents (indices, a < b), their exact scores, and how
    they relate: ``"near-duplicate"`` (Jaccard at or above the threshold) or
    ``"excerpt"`` (one is contained in the other at or above `containment`)."""

    a: int
    b: int
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: str = "near-duplicate"


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


def verified_pair(
    a: int, b: int, set_a: np.ndarray, set_b: np.ndarray, options: DedupOptions
) -> DuplicatePair | None:
    """The `DuplicatePair` of documents a < b from their shingle sets, or
    None when they are neither near-duplicates nor (with `containment`) one
    an excerpt of the other. Scores are exact, rounded to 6 decimals."""
    jac, cab, cba = jaccard_containment(set_a, set_b)
    contained = options.containment if options.containment is not None else math.inf
    if jac >= options.threshold:
        relation = "near-duplicate"
    elif max(cab, cba) >= contained:
        relation = "excerpt"
    else:
        return None
    return DuplicatePair(a, b, round(jac, 6), round(cab, 6), round(cba, 6), relation)


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

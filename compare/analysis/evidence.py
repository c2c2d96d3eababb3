"""Copied, or independently reported? Each pair's evidence against the
collection's own same-topic pairs.

Two reports of one event share names, numbers, a quoted remark and stock
phrases without either copying the other (the "non-derived" texts of
journalistic reuse research, e.g. METER). Copying leaves what independent
reports rarely share: runs of words. So, for a pair, this counts its *rare
shared sequences*: the word 5-grams (shingles) both texts hold that at most
`Options.evidence_rare_groups` groups of the collection hold, a group being
the documents that the analysis connects by reuse (copies, edited copies,
excerpts and their hosts count once, so a story syndicated twenty times,
however edited, is still rare, and a stock phrase used all over the
collection is not).

How many such sequences do texts on one subject share by chance? The
collection says: its same-topic pairs (reported ``topical``: similar
vocabulary, no aligned passage) are the baseline. The label follows:

* ``copied``: at least `Options.evidence_min_sequences` rare sequences,
  and more than the `Options.evidence_quantile` quantile of the same-topic
  pairs (with fewer than `Options.evidence_min_baseline` of them to compare
  with, more than four times `evidence_min_sequences`: a copied passage of
  two sentences);
* ``same-topic-like``: no more than that quantile: by its wording, the pair
  is like texts that only share a subject (reworded reuse can look so too:
  it is evidence, not a verdict);
* ``undetermined``: fewer than the minimum and no baseline to compare with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..util.components import component_labels
from .options import Options
from .prepare import PreparedDocument
from .result import Evidence, PairResult

__all__ = [
    "baseline_figures",
    "evidence_of",
    "fallback_threshold",
    "group_frequency",
    "pair_evidence",
    "rare_shared",
    "reuse_groups",
]


def fallback_threshold(min_sequences: int) -> int:
    """Without enough same-topic pairs to compare with, more rare sequences than
    this are ``copied``: four times the minimum, a copied passage of two sentences."""
    return 4 * min_sequences


@dataclass(frozen=True)
class GroupFrequency:
    """How many groups hold each shingle: sorted `shingles`, their `groups` counts."""

    shingles: np.ndarray
    groups: np.ndarray

    def of(self, values: np.ndarray) -> np.ndarray:
        """The group counts of shingles that are in the collection."""
        return self.groups[np.searchsorted(self.shingles, values)]


def group_frequency(prepared: Sequence[PreparedDocument], groups: Sequence[int]) -> GroupFrequency:
    """Per shingle, the number of groups (`groups[i]`: document i's) whose documents hold it."""
    by_group: dict[int, list[np.ndarray]] = {}
    for p, label in zip(prepared, groups, strict=True):
        by_group.setdefault(label, []).append(p.shingles)
    sets = [np.unique(np.concatenate(parts)) for _, parts in sorted(by_group.items())]
    if not sets:
        return GroupFrequency(np.zeros(0, np.uint64), np.zeros(0, np.int64))
    values, counts = np.unique(np.concatenate(sets), return_counts=True)
    return GroupFrequency(values, counts)


def reuse_groups(n: int, pairs: Sequence[PairResult]) -> list[int]:
    """Each document's group: connected by the pairs that share a passage (all but ``topical``)."""
    return component_labels(n, ((p.a, p.b) for p in pairs if p.relation != "topical"))


def rare_shared(a: PreparedDocument, b: PreparedDocument, frequency: GroupFrequency, rare: int) -> int:
    """Shingles both documents hold that at most `rare` groups hold."""
    shared = np.intersect1d(a.shingles, b.shingles, assume_unique=True)
    return int((frequency.of(shared) <= rare).sum()) if len(shared) else 0


def pair_evidence(
    prepared: Sequence[PreparedDocument], pairs: Sequence[PairResult], options: Options
) -> list[Evidence]:
    """The evidence of each pair, in order (see the module's docstring)."""
    frequency = group_frequency(prepared, reuse_groups(len(prepared), pairs))
    rare = options.evidence_rare_groups
    counts = [rare_shared(prepared[p.a], prepared[p.b], frequency, rare) for p in pairs]
    baseline = np.array(
        [n for n, p in zip(counts, pairs, strict=True) if p.relation == "topical"], dtype=float
    )
    median, high = baseline_figures(baseline, options)
    return [evidence_of(n, len(baseline), median, high, options) for n in counts]


def baseline_figures(baseline: np.ndarray, options: Options) -> tuple[float | None, float | None]:
    """The median and the `evidence_quantile` quantile of the same-topic pairs'
    rare sequences; None with fewer than `evidence_min_baseline` of them."""
    if len(baseline) < options.evidence_min_baseline:
        return None, None
    return float(np.median(baseline)), float(np.quantile(baseline, options.evidence_quantile))


def evidence_of(
    n: int, same_topic: int, median: float | None, high: float | None, options: Options
) -> Evidence:
    """The evidence of a pair sharing `n` rare sequences, against the baseline's figures."""
    if high is None:
        label = "copied" if n > fallback_threshold(options.evidence_min_sequences) else "undetermined"
    elif n >= options.evidence_min_sequences and n > high:
        label = "copied"
    else:
        label = "same-topic-like"
    return Evidence(n, same_topic, median, high, label)

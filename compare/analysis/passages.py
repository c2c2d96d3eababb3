"""One passage across all sources: reused passages grouped over every pair,
with the earliest witness of each.

A pair shows what two documents share; a reader tracing a story needs
every version of one passage at once, and who had it first (passim's
clusters of reprints and their earliest witness). The matches of all
pairs are joined into passages:

1. each document's reuse spans (verbatim, edited, paraphrased; not topical)
   that overlap are merged into one span, a node;
2. every match joins the two nodes it lies in (union-find);
3. a component touching two or more documents is a passage: its versions,
   ordered by date (undated last, then by document), the first being the
   earliest known version; its earliest witness is the document dated
   before every other (`compare.analysis.pair_filter.document_day`), when
   one is.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..util.components import component_labels
from .pair_filter import document_day
from .result import PairResult

__all__ = ["Passage", "Version", "earliest_witness", "merged_spans", "passages", "version_order"]


@dataclass(frozen=True)
class Version:
    """One document's text of a passage: character span ``[start, end)``."""

    document: int
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """Versions of one reused passage, earliest first; `quoted` if every
    match joining them is a quotation (both sides print it, or one quotes
    it with attribution); `earliest`, its earliest witness: the document
    of the one version dated before all others (None when no version has a
    readable date, or two share the earliest day)."""

    number: int
    versions: list[Version]
    quoted: bool
    earliest: int | None = None

    @property
    def documents(self) -> list[int]:
        return sorted({v.document for v in self.versions})


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with the overlapping ones merged, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def passages(dates: Sequence[str], pairs: Sequence[PairResult]) -> list[Passage]:
    """The passages that `pairs` of documents with these `dates` share, found
    in two or more documents: those in most documents first, then the
    longest, then by their first version.

    >>> from compare.load import Document
    >>> from compare.analysis.pipeline import analyze
    >>> text = ("the council voted to close the old bridge for repairs after engineers "
    ...         "found cracks in two of its piers last week")
    >>> docs = [Document(f"d{i}", f"Story {i} begins here. {text}. It ends.", f"S{i}",
    ...                  date=f"2026-05-0{3 - i}") for i in range(3)]
    >>> [(len(p.versions), p.earliest) for p in analyze(docs).passages]
    [(3, 2)]
    """
    sides: list[tuple[int, tuple[int, int]]] = []  # (document, span) of each match side
    links: list[tuple[int, int, bool]] = []  # two sides of one match; a quotation?
    for p in pairs:
        for m in p.matches:
            if m.kind == "topical":
                continue
            links.append((len(sides), len(sides) + 1, m.quotation))
            sides += [(p.a, m.a), (p.b, m.b)]
    by_document: dict[int, list[int]] = {}
    for i, (doc, _) in enumerate(sides):
        by_document.setdefault(doc, []).append(i)
    nodes: list[tuple[int, tuple[int, int]]] = []
    node_of_side = [0] * len(sides)
    for d, mine in sorted(by_document.items()):
        merged = merged_spans([sides[i][1] for i in mine])
        starts = [span[0] for span in merged]
        first = len(nodes)
        nodes += [(d, span) for span in merged]
        for i in mine:
            node_of_side[i] = first + bisect.bisect_right(starts, sides[i][1][0]) - 1
    labels = component_labels(len(nodes), ((node_of_side[x], node_of_side[y]) for x, y, _ in links))
    groups: dict[int, list[int]] = {}
    for n, label in enumerate(labels):
        groups.setdefault(label, []).append(n)
    quoted_only: dict[int, bool] = {}
    for x, _, quoted in links:
        label = labels[node_of_side[x]]
        quoted_only[label] = quoted_only.get(label, True) and quoted

    def when(v: Version) -> tuple:
        return version_order(dates[v.document], v)

    found = []
    for label, members in groups.items():
        versions = sorted((Version(nodes[n][0], *nodes[n][1]) for n in members), key=when)
        if len({v.document for v in versions}) >= 2:
            found.append((versions, quoted_only[label]))

    def rank(f: tuple[list[Version], bool]) -> tuple:
        first = f[0][0]
        return (-len({v.document for v in f[0]}), -(first.end - first.start), when(first))

    found.sort(key=rank)
    days = [document_day(d) for d in dates]
    return [
        Passage(n, versions, quoted, earliest_witness(versions, days))
        for n, (versions, quoted) in enumerate(found, start=1)
    ]


def version_order(date: str, version: Version) -> tuple:
    """Where `version`, of a document dated `date`, comes among a passage's
    versions: by date, undated last, then by document and start."""
    return (date == "", date, version.document, version.start)


def earliest_witness(
    versions: Sequence[Version], days: Sequence[int | None] | Mapping[int, int | None]
) -> int | None:
    """The document of the one version dated before every other, if any
    (`days`: each document's day, `compare.analysis.pair_filter.document_day`)."""
    dated = sorted((days[v.document], v.document) for v in versions if days[v.document] is not None)
    if not dated:
        return None
    first_day, first = dated[0]
    return None if any(day == first_day and doc != first for day, doc in dated) else first

"""One passage across all sources: reused passages grouped over every pair.

A pair page shows what two documents share; a reader tracing a story needs
every version of one passage at once, and who had it first. The matches of
all pairs are joined into passage clusters:

1. each document's reuse spans (verbatim, edited, paraphrased; not topical)
   that overlap are merged into one span, a node;
2. every match joins the two nodes it lies in (union-find);
3. a component touching two or more documents is a passage: its versions,
   ordered by date (undated last, then by document), the first being the
   earliest known version that the others are compared with, word by word.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass

from ..analysis.result import AnalysisResult
from ..util.components import component_labels

__all__ = ["Passage", "PassageIndex", "Version", "passages", "word_diff"]


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
    it with attribution)."""

    number: int
    versions: list[Version]
    quoted: bool

    @property
    def documents(self) -> list[int]:
        return sorted({v.document for v in self.versions})


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def passages(result: AnalysisResult) -> list[Passage]:
    """The passages of `result` found in two or more documents: those in
    most documents first, then the longest, then by their first version.

    >>> from compare.load import Document
    >>> from compare.analysis.pipeline import analyze
    >>> text = ("the council voted to close the old bridge for repairs after engineers "
    ...         "found cracks in two of its piers last week")
    >>> docs = [Document(f"d{i}", f"Story {i} begins here. {text}. It ends.", f"S{i}") for i in range(3)]
    >>> [len(p.versions) for p in passages(analyze(docs))]
    [3]
    """
    docs = result.documents
    sides: list[tuple[int, tuple[int, int]]] = []  # (document, span) of each match side
    links: list[tuple[int, int, bool]] = []  # two sides of one match; a quotation?
    for p in result.pairs:
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
        merged = _merged([sides[i][1] for i in mine])
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
        date = docs[v.document].date
        return (date == "", date, v.document, v.start)

    found = []
    for label, members in groups.items():
        versions = sorted((Version(nodes[n][0], *nodes[n][1]) for n in members), key=when)
        if len({v.document for v in versions}) >= 2:
            found.append((versions, quoted_only[label]))

    def rank(f: tuple[list[Version], bool]) -> tuple:
        first = f[0][0]
        return (-len({v.document for v in f[0]}), -(first.end - first.start), when(first))

    found.sort(key=rank)
    return [Passage(n, versions, quoted) for n, (versions, quoted) in enumerate(found, start=1)]


class PassageIndex:
    """Which passage a reused span of a document belongs to: from any highlighted
    match, a link to every version of its passage.

    >>> index = PassageIndex([Passage(1, [Version(0, 10, 50), Version(2, 0, 40)], False)])
    >>> index.at(0, 12).number, index.at(2, 0).number, index.at(0, 60), index.at(1, 12)
    (1, 1, None, None)
    """

    def __init__(self, found: list[Passage]) -> None:
        spans: dict[int, list[tuple[int, int, Passage]]] = {}
        for passage in found:
            for v in passage.versions:
                spans.setdefault(v.document, []).append((v.start, v.end, passage))
        self._spans = {d: sorted(vs, key=lambda x: x[:2]) for d, vs in spans.items()}
        self._starts = {d: [s for s, _, _ in vs] for d, vs in self._spans.items()}

    def at(self, document: int, start: int) -> Passage | None:
        """The passage whose version in `document` holds character `start`, if any."""
        starts = self._starts.get(document)
        if not starts:
            return None
        k = bisect.bisect_right(starts, start) - 1
        if k < 0:
            return None
        s, e, passage = self._spans[document][k]
        return passage if s <= start < e else None


def word_diff(first: str, other: str) -> list[tuple[str, str, str]]:
    """``(op, words of first, words of other)`` steps turning `first` into
    `other`, word by word: ``equal``, ``replace``, ``delete``, ``insert``.

    >>> for step in word_diff("the old bridge closed", "the new bridge closed today"):
    ...     print(step)
    ('equal', 'the', 'the')
    ('replace', 'old', 'new')
    ('equal', 'bridge closed', 'bridge closed')
    ('insert', '', 'today')
    """
    a, b = first.split(), other.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(op, " ".join(a[i0:i1]), " ".join(b[j0:j1])) for op, i0, i1, j0, j1 in matcher.get_opcodes()]

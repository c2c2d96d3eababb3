"""A text cut into highlighted segments, for display.

The report shows every original character exactly once; spans (matches,
boilerplate, changed words) only decide how each piece is marked. Nothing
here builds markup: the templates render `Segment`s with autoescaping.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["KIND_LETTER", "Badge", "Segment", "Span", "segments"]

KIND_LETTER = {"verbatim": "V", "edited": "E", "paraphrased": "P", "topical": "T", "repeat": "R"}
_KIND_RANK = {"verbatim": 0, "edited": 1, "paraphrased": 2, "repeat": 3, "topical": 4}


@dataclass(frozen=True)
class Span:
    """A marked range of the original text.

    kind: a match kind (``verbatim``, ``edited``, ``topical``, ``repeat``),
    ``boilerplate`` or ``changed`` (words changed inside an edited match).
    `anchor` (an element id) makes the span's start addressable; `link` is
    ``(href, label)`` for spans that lead elsewhere.
    """

    start: int
    end: int
    kind: str
    number: int = 0
    title: str = ""
    anchor: str = ""
    link: tuple[str, str] | None = None


@dataclass(frozen=True)
class Badge:
    """The numbered marker at the start of a match."""

    anchor: str
    label: str
    css: str
    number: int


@dataclass
class Segment:
    """A run of original text with the same marking."""

    text: str
    classes: str = ""
    match: int | None = None
    title: str = ""
    href: str = ""
    badges: list[Badge] = field(default_factory=list)


def _badge(span: Span) -> Badge:
    letter = KIND_LETTER[span.kind]
    label = f"{span.number}{letter}" if span.number else letter
    return Badge(span.anchor, label, f"k-{span.kind} c{span.number % 8}", span.number)


_TITLES_SHOWN = 3  # a tooltip names this many matches; a syndicated text has dozens on each word


def _titles(titles: list[str]) -> str:
    """
    >>> _titles(["a", "b", "c", "d", "e"])
    'a; b; c; and 2 more'
    """
    more = len(titles) - _TITLES_SHOWN
    return "; ".join(titles[:_TITLES_SHOWN]) + (f"; and {more} more" if more > 0 else "")


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece carries the spans covering it.

    Cost is linear in the number of (span, piece) incidences: each span is
    added to the pieces it covers, found by bisection over the cut points.

    >>> [(s.text, s.classes) for s in segments("abcdef", [Span(2, 4, "boilerplate", title="x")])]
    [('ab', ''), ('cd', 'bp'), ('ef', '')]
    """
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    covering: list[list[Span]] = [[] for _ in range(len(cuts) - 1)]
    starting: dict[int, list[Span]] = {}
    for s in spans:
        if s.end <= s.start:
            continue
        for k in range(bisect_left(cuts, s.start), bisect_left(cuts, s.end)):
            covering[k].append(s)
        if s.kind in _KIND_RANK and s.anchor:
            starting.setdefault(s.start, []).append(s)

    out = []
    for k, active in enumerate(covering):
        lo, hi = cuts[k], cuts[k + 1]
        seg = Segment(text=text[lo:hi])
        classes = []
        boilerplate = sorted({s.title for s in active if s.kind == "boilerplate"})
        if boilerplate:
            classes.append("bp")
            seg.title = "; ".join(boilerplate)
        matches = sorted(
            (s for s in active if s.kind in _KIND_RANK), key=lambda s: (_KIND_RANK[s.kind], s.number)
        )
        if matches:
            top = matches[0]
            classes += ["m", f"k-{top.kind}", f"c{top.number % 8}"]
            seg.match = top.number or None
            seg.title = seg.title or _titles([s.title for s in matches if s.title])
            links = [s.link for s in matches if s.link]
            seg.href = links[0][0] if links else ""
        if any(s.kind == "changed" for s in active):
            classes.append("chg")
        seg.classes = " ".join(classes)
        seg.badges = [_badge(s) for s in sorted(starting.get(lo, []), key=lambda s: s.number)]
        out.append(seg)
    return out

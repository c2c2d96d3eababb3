"""The documents' texts as data files, and what a pair page's script draws over them.

A pair page shows both full texts with every match marked. Written into each
pair's page, a text would be repeated in every pair it belongs to: a story
syndicated in twenty copies is in 190 pairs, and a collection of 5,000 news
documents grew a gigabyte of pages. So each text is written once, as a
script (``data/texts/NAME.js``, `compare.report.names.text_file`) that the
pair pages showing it load, and a pair page carries only its matches'
offsets (`pane_data`); its script cuts the texts into marked pieces in the
browser, with ``textContent`` only, so no text ever becomes markup.

Scripts rather than JSON files because pages opened from ``file://`` may not
fetch.
"""

from __future__ import annotations

from ..analysis.result import DocumentResult, Match, PairResult, compact_json

__all__ = ["TEXTS_GLOBAL", "pane_data", "text_data"]

TEXTS_GLOBAL = "COMPARE_SOURCES_TEXTS"

#: Word-diff steps as numbers in `pane_data`.
EDIT_CODE = {"replace": 1, "delete": 2, "insert": 3}


def text_data(d: DocumentResult) -> str:
    """The script holding `d`'s text and its boilerplate spans: it adds
    ``{"text": …, "excluded": [[start, end, reason], …]}`` under the
    document's id to ``window.COMPARE_SOURCES_TEXTS``.

    >>> from compare import Document, analyze
    >>> doc = analyze([Document("a", "One line.", "A")]).documents[0]
    >>> print(text_data(doc), end="")  # doctest: +ELLIPSIS
    (window.COMPARE_SOURCES_TEXTS = ...)["a"] = {"text":"One line.","excluded":[]};
    """
    value = {"text": d.text, "excluded": [[e.start, e.end, e.reason] for e in d.excluded]}
    holder = f"(window.{TEXTS_GLOBAL} = window.{TEXTS_GLOBAL} || {{}})"
    return f"{holder}[{compact_json(d.id)}] = {compact_json(value)};\n"


def _relative(m: Match) -> list[list[int]]:
    """A match's changed steps as ``[code, a_skip, a_length, b_skip, b_length]``:
    each step's start counted from the end of the step before (the match's
    start for the first). Small numbers: a near-duplicate has hundreds of steps."""
    out, a_at, b_at = [], m.a[0], m.b[0]
    for e in m.edits:
        out.append([EDIT_CODE[e.op], e.a[0] - a_at, e.a[1] - e.a[0], e.b[0] - b_at, e.b[1] - e.b[0]])
        a_at, b_at = e.a[1], e.b[1]
    return out


def pane_data(p: PairResult) -> str:
    """The pair's matches as the pair page's script draws them over the two
    texts: ``[number, kind, a_start, a_end, b_start, b_end, changes]`` each,
    where `changes` are the word diff's changed steps, each relative to the
    one before (`_relative`; the script turns them back into offsets)."""
    return compact_json([[m.number, m.kind, *m.a, *m.b, _relative(m)] for m in p.matches])

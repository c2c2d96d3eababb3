"""Quotations: the spans of a text between quotation marks.

Two outlets printing the same statement in quotation marks is journalism,
not copying; a passage copied without them is. The report counts the two
apart, so every reuse match says which of its sides is quoted.

A quotation opens with “, «, „, ‹ or " and closes at its closing mark
(”, », “, ›, ") or, failing one, at the end of the paragraph: news style
opens each paragraph of a long quotation again and closes only the last.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["QUOTED_SHARE", "quote_spans", "quoted_sides", "share_inside"]

#: A match side counts as quoted when at least this share of it lies inside quotation marks
#: (the rest: the marks themselves, an attribution such as "he said").
QUOTED_SHARE = 0.8

_CLOSE = {"“": "”", "«": "»", "„": "“", "‹": "›", '"': '"'}
_OPEN = re.compile('[“«„‹"]')


@lru_cache(maxsize=512)
def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans ``[start, end)`` inside quotation marks, in order.

    >>> text = 'He said “we will not stop” and left. «Nous partons» "Yes'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['we will not stop', 'Nous partons', 'Yes']
    """
    spans = []
    at = 0
    while (opened := _OPEN.search(text, at)) is not None:
        start = opened.end()
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find(_CLOSE[opened.group()], start, line_end)
        end = close if close >= 0 else line_end
        if end > start:
            spans.append((start, end))
        at = end + 1
    return tuple(spans)


def share_inside(span: tuple[int, int], spans: tuple[tuple[int, int], ...]) -> float:
    """Share of the characters of `span` inside the sorted, disjoint `spans`.

    >>> share_inside((0, 10), ((2, 4), (8, 20)))
    0.4
    """
    start, end = span
    if end <= start:
        return 0.0
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans if s < end and e > start)
    return inside / (end - start)


def quoted_sides(text_a: str, span_a: tuple[int, int], text_b: str, span_b: tuple[int, int]) -> str:
    """Which sides of a match are quotations: ``"both"``, ``"a"``, ``"b"`` or ``""``.

    >>> quoted_sides('“We will win,” she said.', (1, 12), 'She said: “We will win.”', (11, 23))
    'both'
    """
    a = share_inside(span_a, quote_spans(text_a)) >= QUOTED_SHARE
    b = share_inside(span_b, quote_spans(text_b)) >= QUOTED_SHARE
    return "both" if a and b else "a" if a else "b" if b else ""

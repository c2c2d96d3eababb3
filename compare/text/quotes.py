"""Quotations: the spans of a text between quotation marks.

Two outlets printing the same statement in quotation marks is journalism,
not copying; a passage copied without them is. The report counts the two
apart, so every reuse match says which of its sides is quoted.

A quotation opens with “, «, „, ‹ or " and closes at its closing mark
(”, », “, ›, ") or, failing one, at the end of the paragraph: news style
opens each paragraph of a long quotation again and closes only the last.

A quotation on one side only is copying unless it is attributed: "As a
wire report put it: “…”", "“…”, the agency said". `attributed` looks for
an attribution word (`ATTRIBUTION`) in the same line, within
`ATTRIBUTION_WINDOW` characters before the opening mark or after the
closing one. The words cover the languages of the evaluation data
(English, Indonesian, Urdu) and a few widespread ones; a language without
them gets no attribution, only the marks.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_WINDOW",
    "QUOTED_SHARE",
    "attributed",
    "quote_spans",
    "quoted_sides",
    "share_inside",
]

#: A match side counts as quoted when at least this share of it lies inside quotation marks
#: (the rest: the marks themselves, an attribution such as "he said").
QUOTED_SHARE = 0.8

#: Characters before an opening mark, or after a closing one, searched for an attribution
#: (about fifteen English words: "As the Associated Press reported at the time:" fits).
ATTRIBUTION_WINDOW = 100

#: Words and phrases that attribute a quotation to a speaker or a text.
ATTRIBUTION = re.compile(
    r"\b(?:"
    # English
    r"says?|said|tells?|told|writes?|wrote|written|reports?|reported|according\s+to|adds?|added"
    r"|stated|explains?|explained|announced?|noted|recalls?|recalled|insists?|insisted"
    r"|warns?|warned|argues?|argued|quoted|quotes?|put\s+it|in\s+the\s+words\s+of|asked|replied"
    # Indonesian
    r"|kata|katanya|ujar|ujarnya|menurut|ungkap|ungkapnya|jelasnya|tutur|tuturnya|tegasnya"
    # French, German, Spanish, Portuguese, Italian
    r"|dit|déclaré|selon|sagte|sagt|laut|schrieb|dijo|según|afirmó|disse|segundo|ha\s+detto|secondo"
    r")\b"
    # Urdu: "said", "according to", "told", "wrote" (no word boundaries in this script's sense)
    r"|کہا|کے\s+مطابق|بتایا|لکھا",
    re.IGNORECASE,
)

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


def attributed(text: str, span: tuple[int, int]) -> bool:
    """Whether a quotation holding `span` is attributed: an `ATTRIBUTION` word
    in its line, within `ATTRIBUTION_WINDOW` characters before its opening
    mark or after its closing mark.

    >>> text = 'As a wire report put it at the time: “the dam will hold for a century.”'
    >>> attributed(text, (38, 70))
    True
    >>> attributed('The plan: “the dam will hold for a century.”', (11, 43))
    False
    """
    for start, end in quote_spans(text):
        if start >= span[1] or end <= span[0]:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[max(line_start, start - 1 - ATTRIBUTION_WINDOW) : max(start - 1, line_start)]
        after = text[min(end + 1, line_end) : min(line_end, end + 1 + ATTRIBUTION_WINDOW)]
        if ATTRIBUTION.search(before) or ATTRIBUTION.search(after):
            return True
    return False

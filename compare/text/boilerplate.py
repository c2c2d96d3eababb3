"""Lines that are not the article: banners, menus, widgets, copyright lines.

Boilerplate is excluded from matching (two pages sharing a cookie banner are
not copies of each other) but never deleted: each excluded line is kept as a
`Excluded` span of the original text with the reason, so the report can show
it greyed and list it.

Two kinds of evidence:

* per line, patterns of page furniture (cookie banners, comment widgets,
  copyright notices, navigation, share/subscribe prompts, lines without a
  single word such as separators and counters, bare URLs and timestamps);
* per source, a short line (at most `max_words` words) that recurs in at
  least `min_docs` different documents and at least `min_share` of the
  documents of the same source (a site's footer, its standard disclaimer).
  Identical documents count once, so that duplicates are never hidden as
  their own boilerplate, and paragraphs are never excluded this way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Excluded", "boilerplate_keys", "excluded_lines", "find_boilerplate", "line_rules", "text_lines"]

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "cookie banner",
        re.compile(
            r"\bcookies?\b.*\b(use|accept|consent|policy|settings|preferences|experience)"
            r"|\b(use|accept|consent|policy|settings)\b.*\bcookies?\b",
            re.I,
        ),
    ),
    (
        "banner controls",
        re.compile(
            r"^(more information|more info|close|accept( all)?|reject( all)?|got it|ok|dismiss)"
            r"([\s.|·•]+(more information|more info|close|accept( all)?|reject( all)?|got it|ok|dismiss))*"
            r"[\s.]*$",
            re.I,
        ),
    ),
    (
        "comment widget",
        re.compile(
            r"^(no comments?:?\s*)?(post a comment|leave a (comment|reply)|comments are closed"
            r"|\d+ comments?|no comments?:?)\s*[.!]?\s*$",
            re.I,
        ),
    ),
    ("copyright line", re.compile(r"^\s*(©|\(c\)|copyright\b)|all rights reserved", re.I)),
    (
        "navigation menu",
        re.compile(
            r"^(menu(_open)?|search)(\s+\S+){0,2}\s*$"
            r"|^(skip to (main )?content|toggle navigation|main menu)\b"
            r"|^([^|•»]{1,30}[|•»]){2,}[^|•»]{0,30}$",
            re.I,
        ),
    ),
    (
        "share or subscribe prompt",
        re.compile(
            r"^(share( this( article| story| post)?)?( on \w+)?|follow us( on \w+)?"
            r"|subscribe( now| to .{0,40})?|sign up( for .{0,40})?|newsletter|advertisement"
            r"|sponsored( content)?|read more|related( articles| posts| stories)?"
            r"|click here( to .{0,40})?|print( this)?|email( this)?)\s*[:.!]?\s*$",
            re.I,
        ),
    ),
    ("bare URL", re.compile(r"^\s*(https?://|www\.)\S*\s*$", re.I)),
    (
        "timestamp",
        re.compile(
            r"^\s*((updated|posted|published|last updated)\s*:?\s*)?"
            r"(yesterday|today|just now|\d+\s+(seconds?|minutes?|hours?|days?|weeks?)\s+ago)\s*$",
            re.I,
        ),
    ),
    ("no words (separator, counter or date)", re.compile(r"^[^a-zA-Z\u00c0-\uffff]*$")),
]


@dataclass(frozen=True)
class Excluded:
    """A span of the original text excluded from matching, and why."""

    start: int
    end: int
    reason: str


def text_lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, stripped text), offsets without the newline."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\u2028\u2029\x85\x0b\x0c")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw)
    return out


def line_rules(line: str) -> str | None:
    """The reason a single line is page furniture, or None if it is text.

    Long lines are never furniture: a paragraph that mentions cookies is an
    article about cookies.

    >>> line_rules("We use cookies to provide some features")
    'cookie banner'
    >>> line_rules("The court ruled on Tuesday.") is None
    True
    """
    if len(line.split()) > 25:
        return None
    for reason, pattern in _RULES:
        if pattern.search(line):
            return reason
    return None


def _line_key(line: str) -> str:
    return " ".join(line.casefold().split())


def boilerplate_keys(text: str, max_words: int = 20) -> tuple[str, list[str]]:
    """What `find_boilerplate` counts of one text: its key (identical texts
    have one) and the keys of its lines of at most `max_words` words."""
    lines = [_line_key(line) for _, _, line in text_lines(text) if len(line.split()) <= max_words]
    return _line_key(text), lines


def excluded_lines(
    text: str,
    source: str,
    counts: Mapping[str, int],
    documents: int,
    min_docs: int = 3,
    min_share: float = 0.5,
) -> list[Excluded]:
    """The excluded spans of one text of `source`, sorted by offset:
    furniture lines by `line_rules`, and lines held by `counts[key]` of the
    source's `documents` distinct texts, if that is at least `min_docs` and
    `min_share` of them (`find_boilerplate`'s rule)."""
    spans = []
    for start, end, line in text_lines(text):
        reason = line_rules(line)
        count = counts.get(_line_key(line), 0)
        if reason is None and count >= min_docs and count >= min_share * documents:
            reason = f"repeated in {count} documents of source {source!r}"
        if reason:
            spans.append(Excluded(start, end, reason))
    return spans


def find_boilerplate(
    texts: Sequence[str],
    sources: Sequence[str],
    min_docs: int = 3,
    min_share: float = 0.5,
    max_words: int = 20,
) -> list[list[Excluded]]:
    """Excluded spans for each text, sorted by offset.

    `sources[i]` is the source of `texts[i]`; short lines repeated across
    different documents of one source are boilerplate of that source.
    """
    keys = [boilerplate_keys(t, max_words) for t in texts]
    docs_by_source: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for source, (key, lines) in zip(sources, keys, strict=True):
        docs_by_source[source].add(key)
        for line in lines:
            seen[source][line].add(key)
    counts = {source: {line: len(held) for line, held in lines.items()} for source, lines in seen.items()}
    return [
        excluded_lines(t, s, counts.get(s, {}), len(docs_by_source[s]), min_docs, min_share)
        for t, s in zip(texts, sources, strict=True)
    ]

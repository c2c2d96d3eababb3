"""Normalized text that never loses the way back to the original.

Matching works on a normalized copy of each text, but every result is shown
and stored as character offsets into the ORIGINAL text. `normalize` therefore
returns, beside the normalized string, two integer arrays: for normalized
character ``i``, ``starts[i]:ends[i]`` is the slice of the original text it
came from. A normalized span ``[s, e)`` maps back to ``starts[s]:ends[e - 1]``.

What normalization does, in order:

1. per character (or base character with its combining marks):
   Unicode NFKC; curly quotes, guillemets and primes become ``'`` or ``"``;
   every dash becomes ``-``; every kind of space (no-break, thin, ideographic,
   tab) becomes a plain space; zero-width characters and soft hyphens vanish;
   combining marks are dropped (accent folding: "Nicolás" matches "Nicolas",
   Arabic-script harakat do not split words); Arabic and Urdu/Persian forms
   of the same letter (kaf, yeh, heh) are folded and tatweel dropped;
2. layout: hard-wrapped lines are re-flowed into paragraphs, a hyphen at a
   line end followed by a lowercase letter is removed with the line break
   ("exam-\\nple" -> "example"), runs of spaces collapse to one, paragraphs
   are separated by a single ``\\n``;
3. case folding (``str.casefold``).

Nothing here is English-specific: the same steps apply to any script.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "FOLD_DELETED",
    "FOLD_IN_PYTHON",
    "NORMALIZATION_VERSION",
    "NormalizedText",
    "code_points",
    "fold",
    "fold_table",
    "normalize",
]

#: Bumped whenever the output of `normalize` or the words `compare.text.segment`
#: makes of it change for some input, so that stored signatures built with an
#: older normalization are recognised. 2: characters of unspaced scripts
#: (Chinese, Japanese, Thai, ...) are words alone.
NORMALIZATION_VERSION = 2

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u0060\u00b4\u2039\u203a"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_LINE_BREAKS = "\n\r\u2028\u2029\x85\x0b\x0c"

# Arabic-script letters written in two ways by different sources: the Arabic
# forms of kaf, yeh, alef maksura and heh fold to the Urdu/Persian ones;
# tatweel (a stretching stroke) is dropped.
_ARABIC_VARIANTS = {
    "\u0643": "\u06a9",
    "\u064a": "\u06cc",
    "\u0649": "\u06cc",
    "\u0647": "\u06c1",
    "\u0640": "",
}

_CHAR_MAP: dict[str, str] = {}
_CHAR_MAP.update({c: "'" for c in _SINGLE_QUOTES})
_CHAR_MAP.update({c: '"' for c in _DOUBLE_QUOTES})
_CHAR_MAP.update({c: "-" for c in _DASHES})
_CHAR_MAP.update({c: "" for c in _ZERO_WIDTH})
_CHAR_MAP.update({c: "\n" for c in _LINE_BREAKS})
_CHAR_MAP.update(_ARABIC_VARIANTS)

# Anything outside printable ASCII needs a closer look; printable ASCII runs
# are copied as they are (the fast path for most web text).
_SPECIAL = re.compile(r"[^\x21-\x7e ]+")
_LAYOUT = re.compile(r" {2,}|[ ]*\n[ \n]*")


@dataclass(frozen=True)
class NormalizedText:
    """A normalized string and, per character, the original slice it came from.

    Attributes
    ----------
    text : str
        The normalized text.
    starts, ends : numpy.ndarray of int64, shape (len(text),)
        ``original[starts[i]:ends[i]]`` produced ``text[i]``. Both arrays are
        non-decreasing, and ``starts[i] < ends[i]``.
    """

    text: str
    starts: np.ndarray
    ends: np.ndarray

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to original offsets."""
        if end <= start:
            raise ValueError(f"empty span [{start}, {end})")
        return int(self.starts[start]), int(self.ends[end - 1])


def code_points(text: str) -> np.ndarray:
    """The text's code points (uint32): index i is ``text[i]``."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _fold_unit(unit: str) -> str:
    """Normalize one base character with its combining marks."""
    mapped = _CHAR_MAP.get(unit[0])
    if mapped is not None:
        return mapped
    if unit[0].isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", unit)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = unicodedata.normalize("NFKC", kept)
    # NFKC can produce characters that step 1 maps (e.g. U+2025 -> "..").
    return "".join(_CHAR_MAP.get(c, " " if c.isspace() else c) for c in out)


@lru_cache(maxsize=65536)
def _fold_cached(unit: str) -> str:
    return _fold_unit(unit)


@lru_cache(maxsize=65536)
def _kind(c: str) -> int:
    """0: folds to itself (copied as part of a run), 1: combining mark, 2: needs folding."""
    if unicodedata.combining(c):
        return 1
    return 0 if c not in _CHAR_MAP and not c.isspace() and _fold_unit(c) == c else 2


def _map_characters(original: str) -> tuple[str, np.ndarray, np.ndarray]:
    """Step 1: per-character folding, with the original slice of each output char.

    Runs of characters that fold to themselves (printable ASCII, and most
    letters of any script) are copied whole; other characters, with their
    combining marks, go through `_fold_unit`. The maps are built as
    run-length pieces and expanded once with numpy.
    """
    pieces: list[str] = []
    # One (out_length, start, end, is_identity_run) entry per piece.
    runs: list[tuple[int, int, int, bool]] = []
    n = len(original)
    copied_from = 0  # start of the pending run of characters copied as they are

    def flush(upto: int) -> None:
        if upto > copied_from:
            pieces.append(original[copied_from:upto])
            runs.append((upto - copied_from, copied_from, upto, True))

    for m in _SPECIAL.finditer(original):
        k, run_end = m.span()
        while k < run_end:
            c = original[k]
            nxt = original[k + 1] if k + 1 < n else ""
            if _kind(c) == 0 and not (nxt and _kind(nxt) == 1):
                k += 1
                continue
            flush(k)
            j = k + 1
            if c == "\r" and nxt == "\n":
                j += 1
            else:
                while j < n and _kind(original[j]) == 1:
                    j += 1
            out = _fold_cached(original[k:j])
            if out:
                pieces.append(out)
                runs.append((len(out), k, j, False))
            k = copied_from = j
    flush(n)
    if not pieces:
        empty = np.zeros(0, dtype=np.int64)
        return "", empty, empty
    lengths, run_starts, run_ends, identity = (np.array(c) for c in zip(*runs, strict=True))
    total = int(lengths.sum())
    # Offset of each output char inside its piece (0 for folded units: they map whole).
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)
    within = np.arange(total) - first
    is_identity = np.repeat(identity, lengths)
    starts = np.repeat(run_starts, lengths) + np.where(is_identity, within, 0)
    ends = np.where(is_identity, starts + 1, np.repeat(run_ends, lengths))
    return "".join(pieces), starts.astype(np.int64), ends.astype(np.int64)


def _wrap_width(text: str) -> int | None:
    """The line width of a hard-wrapped text, or None if lines are paragraphs.

    Hard wrapping shows as many non-empty lines whose lengths cluster below
    ~120 characters; text with one paragraph per line has a long tail.
    """
    lengths = [len(line.strip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 5:
        return None
    p90 = float(np.percentile(lengths, 90))
    if 30 <= p90 <= 120:
        return int(p90)
    return None


_HYPHENS = "-\u2010\u2011"


def _layout_edits(text: str, hyphen_at: Callable[[int], bool]) -> list[tuple[int, int, str, bool]]:
    """Step 2: how each run of layout whitespace is rewritten.

    Returns ``(start, end, replacement, drop_hyphen_before)`` edits on
    `text`, in order; replacement is "", " " or "\\n". ``hyphen_at(i)`` says
    whether ``text[i]`` was a hyphen in the original (not a dash folded to "-").
    """
    width = _wrap_width(text)
    edits: list[tuple[int, int, str, bool]] = []
    n = len(text)
    for m in _LAYOUT.finditer(text):
        s, e = m.start(), m.end()
        run = m.group()
        if s == 0 or e == n:
            edits.append((s, e, "", False))
            continue
        newlines = run.count("\n")
        if newlines == 0:
            edits.append((s, e, " ", False))
            continue
        before, after = text[s - 1], text[e]
        if (
            newlines == 1
            and before == "-"
            and hyphen_at(s - 1)
            and s >= 2
            and text[s - 2].isalpha()
            and after.isalpha()
            and after.islower()
        ):
            edits.append((s, e, "", True))
            continue
        line_start = text.rfind("\n", 0, s) + 1
        line_length = len(text[line_start:s].strip())
        indented = run.endswith(" ")
        wrapped = width is not None and newlines == 1 and not indented and line_length >= 0.5 * width
        edits.append((s, e, " " if wrapped else "\n", False))
    return edits


def _apply_layout(
    text: str, starts: np.ndarray, ends: np.ndarray, original: str
) -> tuple[str, np.ndarray, np.ndarray]:
    pieces: list[str] = []
    new_starts: list[np.ndarray] = []
    new_ends: list[np.ndarray] = []
    pos = 0

    def hyphen_at(i: int) -> bool:
        return original[starts[i]] in _HYPHENS

    for s, e, repl, drop_hyphen in _layout_edits(text, hyphen_at):
        cut = s - 1 if drop_hyphen else s
        if cut > pos:
            pieces.append(text[pos:cut])
            new_starts.append(starts[pos:cut])
            new_ends.append(ends[pos:cut])
        if repl:
            pieces.append(repl)
            new_starts.append(starts[s : s + 1])
            new_ends.append(ends[e - 1 : e])
        pos = e
    if pos < len(text):
        pieces.append(text[pos:])
        new_starts.append(starts[pos:])
        new_ends.append(ends[pos:])
    if not pieces:
        empty = np.zeros(0, dtype=np.int64)
        return "", empty, empty
    return "".join(pieces), np.concatenate(new_starts), np.concatenate(new_ends)


def _casefold(text: str, starts: np.ndarray, ends: np.ndarray) -> tuple[str, np.ndarray, np.ndarray]:
    folded = text.casefold()
    if len(folded) == len(text):  # casefold never shortens a character: so it is one to one
        return folded, starts, ends
    pieces = [c.casefold() for c in text]
    repeat = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    return "".join(pieces), np.repeat(starts, repeat), np.repeat(ends, repeat)


# Dashes that are not hyphens fold to "-" too, but a line-end one must not join
# words ("war —\nand"); `fold` writes them as this non-word stand-in instead.
_STAND_IN = "\x00"
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-( *\n *)(?=[^\W\d_])")


@lru_cache(maxsize=65536)
def _fold_run(run: str) -> str:
    """Step 1 for a run of characters outside printable ASCII (see `_map_characters`)."""
    out: list[str] = []
    k, n = 0, len(run)
    while k < n:
        c = run[k]
        j = k + 1
        if c == "\r" and j < n and run[j] == "\n":
            j += 1
        else:
            while j < n and _kind(run[j]) == 1:
                j += 1
        if j == k + 1 and _kind(c) == 0:
            out.append(c)
        else:
            folded = _fold_cached(run[k:j])
            out.append(folded if c in _HYPHENS else folded.replace("-", _STAND_IN))
        k = j
    return "".join(out)


def _join_hyphenated(m: re.Match) -> str:
    text, after = m.string, m.end()
    before = m.start() - 1
    if text[before].isalpha() and text[after].isalpha() and text[after].islower():
        return ""
    return m.group()


def fold(original: str) -> str:
    """The text `normalize` makes, as far as words go, without the offset maps.

    Same characters folded the same way, the same line-end hyphens removed,
    the same case folding, but line breaks and spaces left as they are (they
    never change a word). ``compare.text.segment.word_spans`` finds exactly the
    words of ``normalize(original).text`` in it (a property test checks
    this); several times faster, for hashing documents in bulk.

    >>> fold("Caf\\u00e9 \\u201cNEWS\\u201d \\u2014 re-\\nported")
    'cafe "news" \\x00 reported'
    """
    text = _SPECIAL.sub(lambda m: _fold_run(m.group()), original)
    if "-" in text and "\n" in text:
        text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    return text.casefold()


FOLD_IN_PYTHON = np.uint32(0xFFFFFFFF)  # table value: fold in Python
FOLD_DELETED = np.uint32(0xFFFFFFFE)  # table value: the character vanishes


@lru_cache(maxsize=1)
def fold_table() -> np.ndarray:
    """What `fold` makes of each Basic Multilingual Plane character on its own.

    One code point; `FOLD_DELETED` for nothing (zero-width characters, combining
    marks: they only ever vanish); and `FOLD_IN_PYTHON` where the result is several
    characters with a word character among them ("ß" -> "ss", "ﬁ" -> "fi"),
    which `compare.sketch.kernels` leaves to `fold`. Several characters that are
    all non-word characters ("…" -> "...") count as their first: one non-word
    character splits words exactly as three do.
    """
    table = np.arange(0x10000, dtype=np.uint32)
    for c in range(0x80, 0x10000):
        ch = chr(c)
        if 0xD800 <= c <= 0xDFFF:
            table[c] = FOLD_IN_PYTHON
            continue
        plain = (
            ch not in _CHAR_MAP
            and not ch.isspace()
            and not unicodedata.combining(ch)
            and unicodedata.is_normalized("NFKD", ch)
        )
        out = ch.casefold() if plain else _fold_run(ch).casefold()  # plain: `_fold_unit` keeps it
        if out == ch:
            continue
        if out == "":
            table[c] = FOLD_DELETED
        elif len(out) == 1 or not any(x == "_" or x.isalnum() for x in out):
            table[c] = ord(out[0])
        else:
            table[c] = FOLD_IN_PYTHON
    table[0x41:0x5B] += 0x20  # ASCII capitals
    for ch in "\t\x0b\x0c\r\x1c\x1d\x1e\x1f":  # ASCII white space and line breaks
        out = _fold_run(ch)
        table[ord(ch)] = ord(out[0]) if out else FOLD_DELETED
    return table


def normalize(original: str) -> NormalizedText:
    """Normalize `original` for matching, keeping a map back to it.

    Examples
    --------
    >>> n = normalize("It\\u2019s  a\\u00a0TEST\\u2014isn\\u2019t it?")
    >>> n.text
    "it's a test-isn't it?"
    >>> n.original_span(7, 11)
    (8, 12)
    """
    text, starts, ends = _map_characters(original)
    text, starts, ends = _apply_layout(text, starts, ends, original)
    text, starts, ends = _casefold(text, starts, ends)
    return NormalizedText(text=text, starts=starts, ends=ends)

"""Words and sentences of a normalized text, with offsets into the original.

One tokenizer feeds both the MinHash shingles and the TF-IDF vectors, so the
two agree on what a word is. A word is a run of Unicode word characters,
apostrophes inside it included ("don't", "state's"); this works for Latin,
Cyrillic, Arabic-script (Urdu) and other scripts that separate words by
spaces or punctuation. A fraction slash also joins (NFKC turns "½" into
"1⁄2", which stays one word).

Scripts written without spaces between words (Chinese, Japanese, Thai,
Lao, Khmer, Myanmar: `UNSPACED`) would make a whole sentence one "word";
each of their characters is a word of its own instead, so that k-word
shingles are character k-grams there, the usual unit of text reuse
detection for those languages. This is decided per character, so a
Japanese text quoting an English name gets both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

import numpy as np

from .normalize import NormalizedText, code_points

__all__ = [
    "UNSPACED",
    "Tokens",
    "code_points",
    "sentence_starts",
    "solo_table",
    "tokenize",
    "word_spans",
    "word_table",
]

#: Code point ranges (inclusive) of scripts written without spaces between words:
#: Thai and Lao, Myanmar, Khmer, Hiragana and Katakana, CJK ideographs (Extension A,
#: the unified block, compatibility ideographs, Extensions B and later), halfwidth Katakana.
UNSPACED = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)
_SOLO = "[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in UNSPACED) + "]"
#: The definition of a word, which `word_spans` computes faster: a word character of an
#: unspaced script alone, or a run of other word characters joined across an apostrophe
#: or a fraction slash.
_WORD = re.compile(rf"(?=\w){_SOLO}|(?:(?!{_SOLO})\w)+(?:['\u2044](?:(?!{_SOLO})\w)+)*")
# Sentence-final punctuation: Latin, Arabic/Urdu (U+06D4, U+061F), Devanagari
# danda, CJK full stop, and the ellipsis that truncated web texts end with.
_FINAL = re.compile(r"[.!?\u06d4\u061f\u0964\u0965\u3002\uff01\uff1f]|\n")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "vs",
        "etc",
        "no",
        "nos",
        "vol",
        "pp",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
    ]
)


@dataclass(frozen=True)
class Tokens:
    """The words of one text.

    ``words[i]`` is normalized; ``starts[i]:ends[i]`` is its slice of the
    ORIGINAL text, and ``norm_starts``/``norm_ends`` its slice of the
    normalized text.
    """

    words: list[str]
    starts: np.ndarray
    ends: np.ndarray
    norm_starts: np.ndarray
    norm_ends: np.ndarray

    def __len__(self) -> int:
        return len(self.words)

    def select(self, keep: np.ndarray) -> Tokens:
        """The tokens where boolean array `keep` is true."""
        idx = np.flatnonzero(keep)
        return Tokens(
            words=[self.words[i] for i in idx],
            starts=self.starts[idx],
            ends=self.ends[idx],
            norm_starts=self.norm_starts[idx],
            norm_ends=self.norm_ends[idx],
        )


_JOINERS = (ord("'"), 0x2044)


@lru_cache(maxsize=1)
def word_table() -> np.ndarray:
    """Whether each Basic Multilingual Plane code point is a regex word character."""
    return np.array([c == 0x5F or chr(c).isalnum() for c in range(0x10000)], dtype=bool)


def _unspaced(codes: np.ndarray) -> np.ndarray:
    """Whether each code point is in an `UNSPACED` range."""
    inside = np.zeros(len(codes), dtype=bool)
    for lo, hi in UNSPACED:
        inside |= (codes >= lo) & (codes <= hi)
    return inside


@lru_cache(maxsize=1)
def solo_table() -> np.ndarray:
    """Whether each Basic Multilingual Plane code point is a word on its own (a
    word character of an `UNSPACED` script)."""
    return word_table() & _unspaced(np.arange(0x10000))


def word_spans(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the words in code points `codes`, vectorized.

    The same words as the module's definition: runs of word characters
    (``str.isalnum()`` or "_"), joined across an apostrophe or a fraction
    slash that has a word character on both sides; a word character of an
    unspaced script (`UNSPACED`) is a word alone.

    >>> from compare.text.normalize import code_points
    >>> [s.tolist() for s in word_spans(code_points("ab 東京 cd"))]
    [[0, 3, 4, 6], [2, 4, 5, 8]]
    """
    n = len(codes)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    word = word_table()[np.minimum(codes, 0xFFFF)]
    if codes.max() > 0xFFFF:  # outside the table: look the few such characters up one by one
        for i in np.flatnonzero(codes > 0xFFFF).tolist():
            c = chr(int(codes[i]))
            word[i] = c == "_" or c.isalnum()
    solo = word & _unspaced(codes)
    plain = word & ~solo
    inside = plain.copy()
    if n > 2:
        joiner = (codes[1:-1] == _JOINERS[0]) | (codes[1:-1] == _JOINERS[1])
        inside[1:-1] |= joiner & plain[:-2] & plain[2:]
    before = np.empty(n, dtype=bool)
    before[0] = False
    before[1:] = inside[:-1]
    after = np.empty(n, dtype=bool)
    after[-1] = False
    after[:-1] = inside[1:]
    return np.flatnonzero((inside & ~before) | solo), np.flatnonzero((inside & ~after) | solo) + 1


def tokenize(normalized: NormalizedText) -> Tokens:
    """Split a normalized text into words, mapped back to original offsets.

    Examples
    --------
    >>> from compare.text.normalize import normalize
    >>> toks = tokenize(normalize("The  U.S. Navy\\u2019s ship"))
    >>> toks.words
    ['the', 'u', 's', "navy's", 'ship']
    >>> [int(toks.starts[3]), int(toks.ends[3])]
    [10, 16]
    """
    text = normalized.text
    norm_starts, norm_ends = word_spans(code_points(text))
    # Interned: a collection repeats the same few thousand words millions of times, and one
    # string object each (also through pickling, which keeps shared objects shared) saved
    # a third of a 10,000-document analysis's memory.
    words = [intern(text[s:e]) for s, e in zip(norm_starts.tolist(), norm_ends.tolist(), strict=True)]
    if words:
        starts = normalized.starts[norm_starts]
        ends = normalized.ends[norm_ends - 1]
    else:
        starts = ends = np.zeros(0, dtype=np.int64)
    return Tokens(words, starts, ends, norm_starts, norm_ends)


def sentence_starts(tokens: Tokens, normalized: NormalizedText, original: str) -> np.ndarray:
    """Token indices where sentences begin (the first is always 0).

    A sentence ends at a paragraph break (a blank line in the original), or
    at final punctuation or a line break followed by a word that does not
    start in lowercase in the original, unless the word before a stop is a
    single letter ("U.S.") or a common abbreviation. A line break before a
    lowercase word is a line wrapped mid-sentence (web pages and e-mail often
    break lines too irregularly for the normalizer to re-flow them).
    """
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = [0]
    text = normalized.text
    for i in range(n - 1):
        gap = text[tokens.norm_ends[i] : tokens.norm_starts[i + 1]]
        if not _FINAL.search(gap):
            continue
        if original[tokens.starts[i + 1]].islower() and not _PARAGRAPH.search(
            original, tokens.ends[i], tokens.starts[i + 1]
        ):
            continue
        if "\n" not in gap:
            word = tokens.words[i]
            if (len(word) == 1 and word.isalpha()) or word in _ABBREVIATIONS:
                continue
        starts.append(i + 1)
    return np.asarray(starts, dtype=np.int64)

"""Stable 64-bit hashes of words, shingles and signature rows.

Words
    A word's 64-bit hash is a polynomial over its code points, modulo 2^64,
    followed by the MurmurHash3 64-bit finalizer: the same value in every
    process and on every machine (unlike Python's ``hash()``), and computed
    for all words of many texts at once with prefix sums (`span_hashes`), so
    no Python code runs per word.

Shingles
    A document's k-shingles are its runs of k consecutive words (k = 5 by
    default). A document shorter than k words has one shingle: all its words.
    A shingle's 64-bit hash combines its k word hashes as a polynomial with
    the odd multiplier ``P`` (mod 2^64), then the finalizer. The exact
    shingle sets used to verify candidates hold these values (collision
    probability for n shingles about n^2 / 2^65: negligible).

The constants here are the only copy: the compiled loops of
`compare.sketch.kernels` import them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..text.segment import code_points

__all__ = [
    "FMIX_MULTIPLIERS",
    "SHINGLE_MULTIPLIER",
    "WORD_MULTIPLIER",
    "WORD_MULTIPLIER_INVERSE",
    "fmix64",
    "row_keys",
    "shingle_hashes",
    "span_hashes",
    "word_hashes",
]

#: Odd multiplier of the shingle (and row) polynomial, mod 2^64.
SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
#: Odd multiplier of the word polynomial, mod 2^64, and its inverse.
WORD_MULTIPLIER = np.uint64(0xD6E8FEB86659FD93)
WORD_MULTIPLIER_INVERSE = np.uint64(pow(0xD6E8FEB86659FD93, -1, 1 << 64))
#: The two multipliers of MurmurHash3's 64-bit finalizer.
FMIX_MULTIPLIERS = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))

_P, _Q, _Q_INVERSE = SHINGLE_MULTIPLIER, WORD_MULTIPLIER, WORD_MULTIPLIER_INVERSE


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer, elementwise: every input bit affects every output bit."""
    h = h ^ (h >> np.uint64(33))
    h = h * FMIX_MULTIPLIERS[0]
    h = h ^ (h >> np.uint64(33))
    h = h * FMIX_MULTIPLIERS[1]
    return h ^ (h >> np.uint64(33))


class _Powers:
    """Q^i and Q^-i (mod 2^64) for i < n, extended on demand."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=np.uint64)
        self.down = np.ones(1, dtype=np.uint64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.up) < n:
            size = max(n, 2 * len(self.up))
            with np.errstate(over="ignore"):
                self.up = np.concatenate([[np.uint64(1)], np.cumprod(np.full(size - 1, _Q, dtype=np.uint64))])
                self.down = np.concatenate(
                    [[np.uint64(1)], np.cumprod(np.full(size - 1, _Q_INVERSE, dtype=np.uint64))]
                )
        return self.up[:n], self.down[:n]


_POWERS = _Powers()


def span_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """64-bit hashes of the code-point spans ``codes[starts[i]:ends[i]]``, all at once.

    The hash of span c_s .. c_{e-1} is fmix64(Q * sum_j c_j Q^(s - j) + (e - s))
    mod 2^64 (Q odd, so Q^-1 exists mod 2^64). With the prefix sums T[i] = sum_{j<i} c_j Q^-j, the sum is
    (T[e] - T[s]) * Q^s: one cumulative sum for the whole text, and O(1) per span.
    """
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64)
    up, down = _POWERS.get(len(codes) + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
        np.cumsum(codes.astype(np.uint64) * down[: len(codes)], out=prefix[1:])
        sums = (prefix[ends] - prefix[starts]) * up[starts]
        return fmix64(sums * _Q + (ends - starts).astype(np.uint64))


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """The 64-bit hash of each word (uint64), as `span_hashes` computes it in running text."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
    starts = np.cumsum(lengths + 1) - lengths - 1
    return span_hashes(code_points("\x00".join(words)), starts, starts + lengths)


def shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """64-bit hashes of all k-word shingles, given the word hashes (in order)."""
    n = len(hashes)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(k, n)
    count = n - width + 1
    with np.errstate(over="ignore"):
        acc = np.full(count, np.uint64(width), dtype=np.uint64)
        for i in range(width):
            acc = acc * _P + hashes[i : i + count]
        return fmix64(acc)


def row_keys(values: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of a 2-D array of uint32 values (equal rows, equal keys)."""
    with np.errstate(over="ignore"):
        key = np.full(len(values), np.uint64(values.shape[1]), dtype=np.uint64)
        for column in values.T.astype(np.uint64):
            key = key * _P + column
    return fmix64(key)

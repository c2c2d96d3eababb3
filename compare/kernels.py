"""Compiled loops for batch signing: fold, split into words, hash, shingle, MinHash.

Batch deduplication spends nearly all its time turning raw texts into
shingle hashes and signatures. Done with whole-array numpy operations this
takes some twenty passes over every character (a table lookup, word
boundaries, prefix sums, ...); the loops here make one pass per text,
compiled to machine code by numba, and release the GIL.

The entry points (`_shingle_kernel`, `_minhash_kernel`) are cached on disk
by numba, so only a process's first call pays for loading them (a quarter
of a second, most of it numba starting LLVM), not for compiling them; the
helpers they call are compiled into them.

They compute exactly what the analysis computes, more cheaply:

* folding: `compare.normalize.fold` through its per-character table
  (`compare.normalize._fold_table`). A text with a character the table
  cannot fold alone, a character outside the Basic Multilingual Plane, or
  a hyphen before a line break (which may join two words) is folded by
  `fold` itself in Python instead;
* words: `compare.segment.word_spans`' definition (runs of word characters,
  joined across an apostrophe or fraction slash between word characters);
* hashes: `compare.signatures.span_hashes` of each word,
  `compare.signatures.shingle_hashes` of each run of k words;
* signatures: `compare.signatures.MinHasher`'s one permutation hashing with
  optimal densification.

Tests check each against those definitions, on generated text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

from .normalize import _DELETE, _fold_table, code_points, fold
from .segment import _word_table

__all__ = ["batch_shingles", "minhash_signatures"]

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_P = np.uint64(0x9E3779B97F4A7C15)  # shingle polynomial (`compare.signatures._P`)
_Q = np.uint64(0xD6E8FEB86659FD93)  # word polynomial (`compare.signatures._Q`)
_Q_INVERSE = np.uint64(pow(0xD6E8FEB86659FD93, -1, 1 << 64))
_LOW32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)
_NEWLINE, _SPACE, _HYPHEN, _APOSTROPHE, _FRACTION_SLASH = 0x0A, 0x20, 0x2D, 0x27, 0x2044


@njit(inline="always")
def _fmix64(h):
    """MurmurHash3's 64-bit finalizer (`compare.signatures._fmix64`)."""
    h ^= h >> np.uint64(33)
    h *= _M1
    h ^= h >> np.uint64(33)
    h *= _M2
    return h ^ (h >> np.uint64(33))


@njit
def _astral_word(c, astral_words):
    """Whether `c`, above the BMP, is in the sorted array `astral_words`."""
    i = np.searchsorted(astral_words, c)
    return i < len(astral_words) and astral_words[i] == c


@njit
def _fold_into(codes, start, end, table, out):
    """Fold ``codes[start:end]`` into `out` through `table`; the folded length,
    or -1 when the text must be folded by `compare.normalize.fold`."""
    n = 0
    hyphen = False  # the last character other than a space was a hyphen
    for i in range(start, end):
        c = codes[i]
        if c > 0xFFFF:
            return -1
        t = table[c]
        if t > 0xFFFF:  # _DELETE, _COMPLEX, or a character the BMP word table does not cover
            if t == _DELETE:
                continue
            return -1
        if t == _NEWLINE:
            if hyphen:  # a hyphen, maybe spaces, a line break: `fold` may join two words here
                return -1
        elif t != _SPACE:
            hyphen = t == _HYPHEN
        out[n] = t
        n += 1
    return n


@njit
def _word_hashes(text, n, word_table, astral_words, out):
    """Hash each word of ``text[:n]`` into `out`; the number of words.

    A word c_s .. c_{e-1} hashes to fmix64(Q * sum_j c_j Q^(s - j) + (e - s)).
    """
    count = 0
    i = 0
    while i < n:
        c = text[i]
        if not (word_table[c] if c <= 0xFFFF else _astral_word(c, astral_words)):
            i += 1
            continue
        start = i
        acc = np.uint64(0)
        power = np.uint64(1)
        while True:
            acc += np.uint64(c) * power
            power *= _Q_INVERSE
            i += 1
            if i == n:
                break
            c = text[i]
            if word_table[c] if c <= 0xFFFF else _astral_word(c, astral_words):
                continue
            if (c == _APOSTROPHE or c == _FRACTION_SLASH) and i + 1 < n:  # noqa: SIM109 (compiled)
                after = text[i + 1]
                if word_table[after] if after <= 0xFFFF else _astral_word(after, astral_words):
                    continue
            break
        out[count] = _fmix64(acc * _Q + np.uint64(i - start))
        count += 1
    return count


@njit
def _shingles(words, count, k, out, at):
    """Write the shingle hashes of ``words[:count]`` to ``out[at:]``; the new end.

    Shingle w_i .. w_{i+k-1} hashes to fmix64(polynomial in P over
    (k, w_i, ..., w_{i+k-1})); a text of fewer than k words has one shingle,
    all its words.
    """
    if count == 0:
        return at
    width = min(k, count)
    for first in range(count - width + 1):
        h = np.uint64(width)
        for w in range(first, first + width):
            h = h * _P + words[w]
        out[at] = _fmix64(h)
        at += 1
    return at


@njit(cache=True, nogil=True)
def _shingle_kernel(codes, ends, table, use_table, word_table, astral_words, k, hashes, owner, slow):
    """Shingle hashes of the texts in `codes` (text d ends at ``ends[d]``, the
    next starts one separator later) into `hashes`, with their text in
    `owner`; the number written. Texts that need Python folding (when
    `use_table`) write nothing and are flagged in `slow`."""
    folded = np.empty(0, dtype=np.uint32)
    words = np.empty(0, dtype=np.uint64)
    at = 0
    start = 0
    for d in range(len(ends)):
        end = ends[d]
        size = end - start
        if len(folded) < size:
            folded = np.empty(2 * size, dtype=np.uint32)
            words = np.empty(2 * size, dtype=np.uint64)
        if use_table:
            n = _fold_into(codes, start, end, table, folded)
        else:
            n = size
            folded[:n] = codes[start:end]
        if n < 0:
            slow[d] = True
        else:
            count = _word_hashes(folded, n, word_table, astral_words, words)
            new_at = _shingles(words, count, k, hashes, at)
            owner[at:new_at] = d
            at = new_at
        start = end + 1
    return at


def _astral_words(codes: np.ndarray) -> np.ndarray:
    """The sorted code points above the BMP in `codes` that are word characters."""
    high = np.unique(codes[codes > 0xFFFF])
    return np.array([c for c in high.tolist() if chr(c).isalnum()], dtype=np.uint32)


def _run(codes: np.ndarray, ends: np.ndarray, k: int, use_table: bool) -> tuple[np.ndarray, ...]:
    capacity = len(codes) // 2 + len(ends) + 1  # a word takes a character and a separator
    hashes = np.empty(capacity, dtype=np.uint64)
    owner = np.empty(capacity, dtype=np.int64)
    slow = np.zeros(len(ends), dtype=np.bool_)
    astral = _astral_words(codes) if not use_table else np.zeros(0, dtype=np.uint32)
    n = _shingle_kernel(codes, ends, _fold_table(), use_table, _word_table(), astral, k, hashes, owner, slow)
    return hashes[:n], owner[:n], slow


def _joined(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    codes = code_points("\n".join(texts))
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    return codes, np.cumsum(lengths + 1) - 1


def batch_shingles(texts: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k-shingle hashes of many raw texts, and the index of the text each belongs to.

    Each text's shingles are those of the analysis's words
    (``shingle_hashes(word_hashes(tokenize(normalize(text)).words), k)``),
    in order; texts are in order.

    >>> hashes, owner = batch_shingles(["One two three.", "", "Four five"], k=2)
    >>> owner.tolist()
    [0, 0, 2]
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    codes, ends = _joined(texts)
    hashes, owner, slow = _run(codes, ends, k, use_table=True)
    redo = np.flatnonzero(slow)
    if len(redo) == 0:
        return hashes, owner
    codes, ends = _joined([fold(texts[d]) for d in redo.tolist()])
    more, more_owner, _ = _run(codes, ends, k, use_table=False)
    owner = np.concatenate([owner, redo[more_owner]])
    order = np.argsort(owner, kind="stable")
    return np.concatenate([hashes, more])[order], owner[order]


@njit(cache=True, nogil=True)
def _minhash_kernel(hashes, owner, salt, order, sig):
    num_perm = sig.shape[1]
    for i in range(len(hashes)):
        h = _fmix64(hashes[i] ^ salt)
        b = ((h >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)
        value = np.uint32(h & _LOW32)
        row = owner[i]
        if value < sig[row, b]:
            sig[row, b] = value
    filled = np.empty(num_perm, dtype=np.bool_)
    for d in range(sig.shape[0]):
        row = sig[d]
        empty = 0
        for b in range(num_perm):
            filled[b] = row[b] != _EMPTY
            empty += not filled[b]
        if empty == 0 or empty == num_perm:
            continue
        for b in range(num_perm):
            if not filled[b]:
                for donor in order[b]:
                    if filled[donor]:
                        row[b] = row[donor]
                        break


def minhash_signatures(
    hashes: np.ndarray, owner: np.ndarray, n: int, salt: np.uint64, order: np.ndarray
) -> np.ndarray:
    """One permutation MinHash signatures with optimal densification (see
    `compare.signatures`) of n sets, given as 64-bit element hashes and the
    set each belongs to; ``order[b]`` lists the bins an empty bin b borrows
    from, in order of preference."""
    sig = np.full((n, order.shape[0]), _EMPTY, dtype=np.uint32)
    _minhash_kernel(
        np.ascontiguousarray(hashes, dtype=np.uint64),
        np.ascontiguousarray(owner, dtype=np.int64),
        np.uint64(salt),
        np.ascontiguousarray(order, dtype=np.int64),
        sig,
    )
    return sig

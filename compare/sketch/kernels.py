"""Compiled loops for batch signing: fold, split into words, hash, shingle, MinHash.

Batch deduplication spends nearly all its time turning raw texts into
shingle hashes and signatures. Done with whole-array numpy operations this
takes some twenty passes over every character (a table lookup, word
boundaries, prefix sums, ...); the loops here make one pass per text,
compiled to machine code by numba, and release the GIL. Each character is
looked up once, in a table that gives both its folded form and whether
that is a word character (`_char_table`); words are hashed as they end,
shingles as each text ends, and for signing (`batch_signatures`) each
shingle goes straight into its signature bin; the shingles themselves are
kept only when asked for (the local dedup engine holds them for
verification, `compare.dedup.held`). Loops comparing two documents are in
`compare.sketch.pairs`.

The entry points (`_shingle_kernel`, `_signature_kernel`,
`_minhash_kernel`) are cached on disk
by numba, so only a process's first call pays for loading them (a quarter
of a second, most of it numba starting LLVM), not for compiling them; the
helpers they call are compiled into them.

They compute exactly what the analysis computes, more cheaply:

* folding: `compare.text.normalize.fold` through its per-character table
  (`compare.text.normalize.fold_table`, inside `_char_table`). A text with a character the table
  cannot fold alone, a character outside the Basic Multilingual Plane, or
  a hyphen before a line break (which may join two words) is folded by
  `fold` itself in Python instead;
* words: `compare.text.segment.word_spans`' definition (runs of word characters,
  joined across an apostrophe or fraction slash between word characters; a
  character of a script written without spaces is a word alone);
* hashes: `compare.sketch.hashing.span_hashes` of each word,
  `compare.sketch.hashing.shingle_hashes` of each run of k words;
* signatures: `compare.sketch.minhash.MinHasher`'s one permutation hashing with
  optimal densification.

Tests check each against those definitions, on generated text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numba import njit

from ..text.normalize import FOLD_DELETED, code_points, fold, fold_table
from ..text.segment import UNSPACED, solo_table, word_table
from .hashing import FMIX_MULTIPLIERS, SHINGLE_MULTIPLIER, WORD_MULTIPLIER, WORD_MULTIPLIER_INVERSE

__all__ = [
    "SignedTexts",
    "batch_shingles",
    "batch_signatures",
    "minhash_signatures",
    "shingle_sequences",
    "sorted_intersection_size",
    "sorted_unique",
]

_M1, _M2 = FMIX_MULTIPLIERS  # the constants of `compare.sketch.hashing`, as compiled-in globals
_P, _Q, _Q_INVERSE = SHINGLE_MULTIPLIER, WORD_MULTIPLIER, WORD_MULTIPLIER_INVERSE
_LOW32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)
_NEWLINE, _SPACE, _HYPHEN, _APOSTROPHE, _FRACTION_SLASH = 0x0A, 0x20, 0x2D, 0x27, 0x2044

# `_joined`: the code points, where each text ends, the character table, raw?, the astral word characters
_Joined = tuple[np.ndarray, np.ndarray, np.ndarray, bool, np.ndarray]


@njit(inline="always")
def _fmix64(h):
    """MurmurHash3's 64-bit finalizer (`compare.sketch.hashing.fmix64`)."""
    h ^= h >> np.uint64(33)
    h *= _M1
    h ^= h >> np.uint64(33)
    h *= _M2
    return h ^ (h >> np.uint64(33))


_WORD = np.uint32(1 << 16)  # `_char_table` flag: the folded character is a word character
_ODD = np.uint32(1 << 17)  # `_char_table` flag: an apostrophe, fraction slash, hyphen or line break
_SOLO = np.uint32(1 << 18)  # `_char_table` flag: a word character and a word on its own (unspaced scripts)
_SLOW = np.uint32(1 << 19)  # `_char_table` value: the text must be folded by `fold`
_GONE = np.uint32(1 << 20)  # `_char_table` value: the character vanishes
_ASTRAL_SOLO = np.uint32(UNSPACED[-1][0])  # above the BMP, word characters from here are alone


@lru_cache(maxsize=1)
def _char_table() -> np.ndarray:
    """What each BMP character becomes, in one lookup: its folded character
    (`compare.text.normalize.fold_table`) with `_WORD` set when that is a word
    character; `_GONE` when folding deletes it; `_SLOW` when `fold` must
    handle it (several characters, or one outside the BMP)."""
    folded, is_word = fold_table(), word_table()
    table = np.where(folded <= 0xFFFF, folded, _SLOW).astype(np.uint32)
    table[folded == FOLD_DELETED] = _GONE
    plain = table < _SLOW
    table[plain] |= np.where(is_word[table[plain]], _WORD, 0).astype(np.uint32)
    table[plain] |= np.where(solo_table()[table[plain] & 0xFFFF], _SOLO, 0).astype(np.uint32)
    table[plain] |= np.where(_odd_table()[table[plain] & 0xFFFF], _ODD, 0).astype(np.uint32)
    return table


def _odd_table() -> np.ndarray:
    """Whether each BMP character is one the word loop must look at closely:
    it may join two words (apostrophe, fraction slash) or, in raw text, a
    hyphen and a line break may (`_ODD`)."""
    odd = np.zeros(0x10000, dtype=bool)
    odd[[_APOSTROPHE, _FRACTION_SLASH, _HYPHEN, _NEWLINE]] = True
    return odd


@lru_cache(maxsize=1)
def _identity_table() -> np.ndarray:
    """`_char_table` for text `fold` has already folded: each character stays."""
    codes = np.arange(0x10000, dtype=np.uint32)
    codes |= np.where(word_table(), _WORD, 0).astype(np.uint32)
    codes |= np.where(_odd_table(), _ODD, 0).astype(np.uint32)
    return codes | np.where(solo_table(), _SOLO, 0).astype(np.uint32)


@njit
def _astral_word(c, astral_words):
    """Whether `c`, above the BMP, is in the sorted array `astral_words`."""
    i = np.searchsorted(astral_words, c)
    return i < len(astral_words) and astral_words[i] == c


@njit
def _text_words(codes, start, end, table, raw, astral_words, out):
    """Fold ``codes[start:end]`` and hash its words into `out`, in one pass;
    the number of words, or -1 when the text must be folded by `fold`.

    `raw`: the text is as read, folded through `table` (`_char_table`);
    otherwise `fold` has folded it already (`_identity_table`), and its
    characters above the BMP are word characters if in `astral_words`.

    Words are runs of word characters of the folded text, joined across an
    apostrophe or fraction slash followed by a word character; a character
    flagged `_SOLO` is a word alone. A word
    c_s .. c_{e-1} hashes to fmix64(Q * sum_j c_j Q^(s - j) + (e - s)).

    Most characters are plain: a word character or not, nothing else. They
    take a path without branches (a word's end is as likely as not, so a
    branch there is mispredicted often), which keeps the invariant that
    outside a word ``acc = 0, power = 1, length = 0`` and writes every
    word's sum, unmixed, when it ends; the others, and the character after
    an apostrophe, take the careful path. The sums are mixed at the end.
    """
    count = 0
    in_word = 0
    joiner = np.uint64(0)  # an apostrophe or fraction slash just after a word
    hyphen = False  # the last character other than a space was a hyphen
    acc = np.uint64(0)
    power = np.uint64(1)
    length = np.uint64(0)
    one = np.uint64(1)
    for i in range(start, end):
        c = codes[np.uint64(i)]  # unsigned indices: numba checks signed ones for wraparound
        if c <= 0xFFFF:
            e = table[c]
            if e < _ODD and joiner == 0:  # plain
                word = np.int64(e >> np.uint32(16))
                keep = np.uint64(0) - np.uint64(word)  # all ones in a word, else zero
                out[np.uint64(count)] = acc * _Q + length  # overwritten unless the word ends here
                count += in_word & (1 - word)
                acc = (acc + np.uint64(e & np.uint32(0xFFFF)) * power) & keep
                power = ((power * _Q_INVERSE) & keep) | (one & ~keep)
                length = (length + one) & keep
                in_word = word
                hyphen = hyphen and e == _SPACE
                continue
            if e >= _SLOW:
                if e == _GONE:
                    continue
                return -1
            t = np.uint64(e & np.uint32(0xFFFF))
            word = (e & _WORD) != 0
            solo = (e & _SOLO) != 0
        elif raw:
            return -1
        else:
            t = np.uint64(c)
            word = _astral_word(c, astral_words)
            solo = word and c >= _ASTRAL_SOLO
        if solo:  # a word alone: it ends the word before it
            if in_word:
                out[count] = acc * _Q + length
                count += 1
                in_word = 0
                joiner, acc, power, length = np.uint64(0), np.uint64(0), one, np.uint64(0)
            out[count] = t * _Q + one
            count += 1
            hyphen = False
            continue
        if word:
            if joiner:
                acc += joiner * power
                power *= _Q_INVERSE
                length += one
                joiner = np.uint64(0)
            in_word = 1
            acc += t * power
            power *= _Q_INVERSE
            length += one
            hyphen = False
            continue
        if in_word:
            if not joiner and (t == _APOSTROPHE or t == _FRACTION_SLASH):  # noqa: SIM109 (compiled)
                joiner = t
            else:
                out[count] = acc * _Q + length
                count += 1
                in_word = 0
                joiner, acc, power, length = np.uint64(0), np.uint64(0), one, np.uint64(0)
        if t == _NEWLINE:
            if hyphen and raw:  # a hyphen, maybe spaces, a line break: `fold` may join two words here
                return -1
        elif t != _SPACE:
            hyphen = t == _HYPHEN
    if in_word:
        out[count] = acc * _Q + length
        count += 1
    for j in range(count):
        out[j] = _fmix64(out[j])
    return count


@njit
def _shingles(words, count, k, out):
    """Write the shingle hashes of ``words[:count]`` to `out`; how many.

    Shingle w_i .. w_{i+k-1} hashes to fmix64(polynomial in P over
    (k, w_i, ..., w_{i+k-1})); a text of fewer than k words has one shingle,
    all its words.
    """
    if count == 0:
        return 0
    width = min(k, count)
    for first in range(np.uint64(count - width + 1)):
        h = np.uint64(width)
        for w in range(first, first + np.uint64(width)):
            h = h * _P + words[w]
        out[first] = _fmix64(h)
    return count - width + 1


@njit
def _text_shingles(codes, start, end, table, raw, astral_words, k, words, out):
    """The shingle hashes of text ``codes[start:end]`` (see `_text_words`)
    into `out`; how many, or -1 when the text must be folded by `fold`.
    `words` and `out` hold at least ``end - start + 1`` values."""
    count = _text_words(codes, start, end, table, raw, astral_words, words)
    if count < 0:
        return -1
    return _shingles(words, count, k, out)


@njit
def _add_to_row(row, hashes, n, salt):
    """One permutation hashing: each of ``hashes[:n]``, salted and mixed,
    falls in one bin of `row`, which keeps the smallest value."""
    num_perm = np.uint64(len(row))
    for i in range(np.uint64(n)):
        h = _fmix64(hashes[i] ^ salt)
        b = ((h >> np.uint64(32)) * num_perm) >> np.uint64(32)
        value = np.uint32(h & _LOW32)
        if value < row[b]:
            row[b] = value


@njit
def _densify(row, order, filled):
    """Optimal densification: an empty bin b takes the value of the first
    filled bin in ``order[b]``. A row with no filled bin stays empty."""
    empty = 0
    for b in range(len(row)):
        filled[b] = row[b] != _EMPTY
        empty += not filled[b]
    if empty == 0 or empty == len(row):
        return
    for b in range(len(row)):
        if not filled[b]:
            for donor in order[b]:
                if filled[donor]:
                    row[b] = row[donor]
                    break


@njit
def _room(words, shingles, size):
    """The per-text buffers, or new ones of twice `size` when they hold fewer than `size` values."""
    if len(words) >= size:
        return words, shingles
    return np.empty(2 * size, dtype=np.uint64), np.empty(2 * size, dtype=np.uint64)


@njit(cache=True, nogil=True)
def _shingle_kernel(codes, ends, table, raw, astral_words, k, hashes, owner, slow):
    """Shingle hashes of the texts in `codes` (text d ends at ``ends[d]``, the
    next starts one separator later) into `hashes`, with their text in
    `owner`; the number written. Texts `fold` must fold write nothing and
    are flagged in `slow`."""
    words = np.empty(0, dtype=np.uint64)
    shingles = np.empty(0, dtype=np.uint64)
    at = 0
    start = 0
    for d in range(len(ends)):
        end = ends[d]
        words, shingles = _room(words, shingles, end - start + 1)
        n = _text_shingles(codes, start, end, table, raw, astral_words, k, words, shingles)
        if n < 0:
            slow[d] = True
        else:
            hashes[at : at + n] = shingles[:n]
            owner[at : at + n] = d
            at += n
        start = end + 1
    return at


@njit(cache=True, nogil=True)
def _signature_kernel(
    codes,
    ends,
    table,
    raw,
    astral_words,
    k,
    salt,
    order,
    sig,
    sizes,
    slow,
    sample_below,
    samples,
    sampled,
    kept,
):
    """MinHash signatures (rows of `sig`, filled with `_EMPTY` beforehand)
    and shingle counts of the texts in `codes`, as `_shingle_kernel` splits
    them; texts `fold` must fold are flagged in `slow`. The distinct shingle
    hashes of a text below `sample_below` go to `samples`, sorted, and the
    text to `sampled`; when `kept` is not empty, every shingle hash goes
    there too, in reading order. The numbers of samples and kept hashes
    written."""
    at = 0
    held = 0
    keep = len(kept) > 0
    words = np.empty(0, dtype=np.uint64)
    shingles = np.empty(0, dtype=np.uint64)
    filled = np.empty(sig.shape[1], dtype=np.bool_)
    start = 0
    for d in range(len(ends)):
        end = ends[d]
        words, shingles = _room(words, shingles, end - start + 1)
        n = _text_shingles(codes, start, end, table, raw, astral_words, k, words, shingles)
        if n < 0:
            slow[d] = True
        else:
            sizes[d] = n
            _add_to_row(sig[d], shingles, n, salt)
            _densify(sig[d], order, filled)
            if keep:
                kept[held : held + n] = shingles[:n]
                held += n
            first = at
            for i in range(n):
                if shingles[i] < sample_below:
                    samples[at] = shingles[i]
                    at += 1
            at = first + _sort_distinct(samples[first:at])
            sampled[first:at] = d
        start = end + 1
    return at, held


@njit
def _sort_distinct(values):
    """Sort `values` in place, distinct ones first; how many are distinct."""
    values.sort()
    n = 0
    for i in range(len(values)):
        if i == 0 or values[i] != values[n - 1]:
            values[n] = values[i]
            n += 1
    return n


@njit(cache=True, nogil=True)
def _minhash_kernel(hashes, owner, salt, order, sig):
    """Signatures (rows of `sig`, filled with `_EMPTY`) of sets given as
    element hashes and the set each belongs to, `owner`."""
    for i in range(len(hashes)):
        _add_to_row(sig[owner[i]], hashes[i : i + 1], 1, salt)
    filled = np.empty(sig.shape[1], dtype=np.bool_)
    for d in range(sig.shape[0]):
        _densify(sig[d], order, filled)


@njit(cache=True, nogil=True)
def sorted_unique(values):
    """The distinct values of an array, sorted (`numpy.unique`, without its hashing)."""
    s = values.copy()
    return s[: _sort_distinct(s)]


@njit(cache=True, nogil=True)
def sorted_intersection_size(a, b):
    """How many values two sorted arrays of distinct values share: one merge,
    no temporary arrays (`numpy.intersect1d` sorts their concatenation).

    >>> sorted_intersection_size(np.array([1, 3, 5, 7]), np.array([3, 4, 5]))
    2
    """
    i = j = shared = 0
    while i < len(a) and j < len(b):
        if a[i] < b[j]:
            i += 1
        elif a[i] > b[j]:
            j += 1
        else:
            shared += 1
            i += 1
            j += 1
    return shared


def _astral_words(codes: np.ndarray) -> np.ndarray:
    """The sorted code points above the BMP in `codes` that are word characters."""
    high = np.unique(codes[codes > 0xFFFF])
    return np.array([c for c in high.tolist() if chr(c).isalnum()], dtype=np.uint32)


def _joined(texts: Sequence[str], raw: bool) -> _Joined:
    """The kernels' first arguments for `texts`: their code points joined by
    a separator, where each ends, the character table, `raw`, and the word
    characters above the BMP (for folded text)."""
    codes = code_points("\n".join(texts))
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths + 1) - 1
    if raw:
        return codes, ends, _char_table(), True, np.zeros(0, dtype=np.uint32)
    return codes, ends, _identity_table(), False, _astral_words(codes)


def _folded(texts: Sequence[str], slow: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The texts flagged `slow`: their indices, and their text folded by `fold`."""
    redo = np.flatnonzero(slow)
    return redo, [fold(texts[d]) for d in redo.tolist()]


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
    hashes, owner, slow = _run_shingles(_joined(texts, raw=True), len(texts), k)
    redo, folded = _folded(texts, slow)
    if len(redo) == 0:
        return hashes, owner
    more, more_owner, _ = _run_shingles(_joined(folded, raw=False), len(folded), k)
    owner = np.concatenate([owner, redo[more_owner]])
    order = np.argsort(owner, kind="stable")
    return np.concatenate([hashes, more])[order], owner[order]


def shingle_sequences(texts: Sequence[str], k: int) -> list[np.ndarray]:
    """Each raw text's k-shingle hashes in reading order (`batch_shingles`, split by text).

    >>> [len(s) for s in shingle_sequences(["one two three", "", "four five"], 2)]
    [2, 0, 1]
    """
    hashes, owner = batch_shingles(list(texts), k)
    bounds = np.searchsorted(owner, np.arange(len(texts) + 1)).tolist()
    return [hashes[bounds[i] : bounds[i + 1]] for i in range(len(texts))]


def _most_words(codes: np.ndarray, n: int) -> int:
    """At most how many words `n` joined texts hold: a word takes a character
    and a separator, but a character of an unspaced script is a word alone."""
    return len(codes) // 2 + n + 1 + int(np.count_nonzero(codes >= UNSPACED[0][0]))


def _run_shingles(joined: _Joined, n: int, k: int) -> tuple[np.ndarray, ...]:
    codes = joined[0]
    capacity = _most_words(codes, n)
    hashes = np.empty(capacity, dtype=np.uint64)
    owner = np.empty(capacity, dtype=np.int64)
    slow = np.zeros(n, dtype=np.bool_)
    count = _shingle_kernel(*joined, k, hashes, owner, slow)
    return hashes[:count], owner[:count], slow


@dataclass
class SignedTexts:
    """What `batch_signatures` gives for a batch of texts: MinHash
    `signatures` (uint32, one row per text), each text's number of
    shingles with repeats (`sizes`), its distinct shingle hashes below the
    sample bound (`samples`, sorted by text then hash, with their text in
    `sampled`), and, when asked for, every shingle hash of every text in
    reading order (`shingles`; text i's are the `sizes[i]` after those of
    the texts before it)."""

    signatures: np.ndarray
    sizes: np.ndarray
    samples: np.ndarray
    sampled: np.ndarray
    shingles: np.ndarray | None = None


def batch_signatures(
    texts: Sequence[str],
    k: int,
    salt: np.uint64,
    order: np.ndarray,
    sample_below: int = 0,
    keep_shingles: bool = False,
) -> SignedTexts:
    """MinHash signatures of the k-shingle sets of many raw texts (the
    `batch_shingles` of each, signed as `minhash_signatures` does), each
    text's number of shingles, a content-defined sample of the shingles
    (every distinct shingle hash below `sample_below`; 0: none), and with
    `keep_shingles` the shingles themselves (`SignedTexts`). One pass over
    each text.

    >>> from compare.sketch.minhash import MinHasher
    >>> mh = MinHasher(num_perm=8)
    >>> out = batch_signatures(["One two three.", ""], 2, mh._salt, mh._order, keep_shingles=True)
    >>> out.signatures.shape, out.sizes.tolist(), bool((out.signatures[1] == 2**32 - 1).all())
    ((2, 8), [2, 0], True)
    >>> len(out.samples), len(out.shingles)
    (0, 2)
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    below = np.uint64(sample_below)
    sig, sizes, slow, samples, sampled, kept = _run_signatures(
        _joined(texts, raw=True), len(texts), k, salt, order, below, keep_shingles
    )
    redo, folded = _folded(texts, slow)
    if len(redo):
        more = _run_signatures(_joined(folded, raw=False), len(folded), k, salt, order, below, keep_shingles)
        sig[redo], sizes[redo] = more[0], more[1]
        by_text = np.argsort(np.concatenate([sampled, redo[more[4]]]), kind="stable")
        samples = np.concatenate([samples, more[3]])[by_text]
        sampled = np.concatenate([sampled, redo[more[4]]])[by_text]
        if keep_shingles:
            fast = np.flatnonzero(~slow)
            owner = np.concatenate([np.repeat(fast, sizes[fast]), np.repeat(redo, more[1])])
            kept = np.concatenate([kept, more[5]])[np.argsort(owner, kind="stable")]
    return SignedTexts(sig, sizes, samples, sampled, kept if keep_shingles else None)


def _run_signatures(
    joined: _Joined,
    n: int,
    k: int,
    salt: np.uint64,
    order: np.ndarray,
    sample_below: np.uint64,
    keep_shingles: bool,
) -> tuple[np.ndarray, ...]:
    sig = np.full((n, order.shape[0]), _EMPTY, dtype=np.uint32)
    sizes = np.zeros(n, dtype=np.int64)
    slow = np.zeros(n, dtype=np.bool_)
    order = np.ascontiguousarray(order, dtype=np.int64)
    most = _most_words(joined[0], n)  # at most one shingle per word
    capacity = most if sample_below else 0
    samples = np.empty(capacity, dtype=np.uint64)
    sampled = np.empty(capacity, dtype=np.int64)
    kept = np.empty(most if keep_shingles else 0, dtype=np.uint64)
    count, held = _signature_kernel(
        *joined, k, np.uint64(salt), order, sig, sizes, slow, sample_below, samples, sampled, kept
    )
    return sig, sizes, slow, samples[:count].copy(), sampled[:count].copy(), kept[:held].copy()


def minhash_signatures(
    hashes: np.ndarray, owner: np.ndarray, n: int, salt: np.uint64, order: np.ndarray
) -> np.ndarray:
    """One permutation MinHash signatures with optimal densification (see
    `compare.sketch.minhash`) of n sets, given as 64-bit element hashes and the
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

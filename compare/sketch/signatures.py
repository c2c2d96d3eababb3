"""Word shingles, their stable hashes, and MinHash signatures.

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

MinHash signatures: one permutation hashing
    Classic MinHash applies ``num_perm`` hash functions to every shingle
    (num_perm x n work). One permutation hashing (Li, Owen & Zhang, NIPS
    2012) hashes each shingle once: the high bits of its hash choose one of
    ``num_perm`` bins, the low 32 bits are its value, and each bin keeps the
    minimum value (n work). Two sets agree in a non-empty bin with
    probability equal to their Jaccard similarity J. A bin that no shingle
    fell into borrows the value of the first non-empty bin along a sequence
    of bins fixed per bin by the seed ("optimal densification", Shrivastava,
    ICML 2017), which keeps P[signatures agree at position i] = J for every
    i. So the share of agreeing positions estimates J with standard error
    about sqrt(J(1 - J) / num_perm), the banding of `compare.analysis.candidates`
    applies unchanged, and signatures can go into datasketch's
    ``LeanMinHash`` and ``MinHashLSH`` as hash values. The empty document's
    signature is all 0xFFFFFFFF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..text.segment import code_points
from .kernels import batch_signatures, minhash_signatures

__all__ = ["MinHasher", "band_keys", "row_keys", "shingle_hashes", "span_hashes", "word_hashes"]

_P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the shingle polynomial
_Q = 0xD6E8FEB86659FD93  # odd multiplier of the word polynomial
_Q_INVERSE = pow(_Q, -1, 1 << 64)
_M64 = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * _M64[0]
    h = h ^ (h >> np.uint64(33))
    h = h * _M64[1]
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
        return _fmix64(sums * np.uint64(_Q) + (ends - starts).astype(np.uint64))


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
        return _fmix64(acc)


def row_keys(values: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of a 2-D array of uint32 values (equal rows, equal keys)."""
    with np.errstate(over="ignore"):
        key = np.full(len(values), np.uint64(values.shape[1]), dtype=np.uint64)
        for column in values.T.astype(np.uint64):
            key = key * _P + column
    return _fmix64(key)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """The `row_keys` of each LSH band (b bands of r rows) of each signature, shape (n, bands)."""
    keys = np.empty((len(signatures), bands), dtype=np.uint64)
    for b in range(bands):
        keys[:, b] = row_keys(signatures[:, b * rows : (b + 1) * rows])
    return keys


@dataclass
class MinHasher:
    """One-permutation MinHash signatures of word-shingle sets.

    Parameters
    ----------
    num_perm : int, default 128
        Signature length (bins). More: smaller estimation error, more memory.
    seed : int, default 1
        Seed of the shingle-to-bin hashing and of the densification order.
    shingle_size : int, default 5
        Words per shingle.

    Examples
    --------
    >>> mh = MinHasher(num_perm=16)
    >>> sig = mh.signature("one two three four five six".split())
    >>> sig.dtype, sig.shape
    (dtype('uint32'), (16,))
    >>> float((mh.signature("a b c d e f g".split()) == mh.signature("a b c d e f g".split())).mean())
    1.0
    """

    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5
    _salt: np.uint64 = field(init=False, repr=False)
    _order: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.num_perm < 1:
            raise ValueError(f"num_perm must be >= 1, got {self.num_perm}")
        if self.shingle_size < 1:
            raise ValueError(f"shingle_size must be >= 1, got {self.shingle_size}")
        gen = np.random.default_rng(self.seed)
        self._salt = np.uint64(int(gen.integers(0, 2**63)))
        # Row i: the bins an empty bin i borrows from, in order of preference.
        self._order = np.argsort(gen.random((self.num_perm, self.num_perm)), axis=1)

    def shingle_set(self, words: Sequence[str]) -> np.ndarray:
        """Sorted unique 64-bit shingle hashes of `words`."""
        return np.unique(shingle_hashes(word_hashes(words), self.shingle_size))

    def signatures(self, hashes64: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
        """Signatures (uint32, shape (n, num_perm)) of n sets given as shingle
        hashes and the index of the set each belongs to (compiled:
        `compare.sketch.kernels.minhash_signatures`)."""
        return minhash_signatures(hashes64, owner, n, self._salt, self._order)

    def batch_signatures(
        self, texts: Sequence[str], sample_below: int = 0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Signatures of the shingle sets of raw texts (folded and split as
        the analysis does), each text's number of shingles with repeats, and
        its distinct shingle hashes below `sample_below` with their text
        (compiled: `compare.sketch.kernels.batch_signatures`)."""
        return batch_signatures(texts, self.shingle_size, self._salt, self._order, sample_below)

    def signature_of_hashes(self, hashes64: np.ndarray) -> np.ndarray:
        """Signature (uint32, length num_perm) of one set of 64-bit shingle hashes."""
        return self.signatures(hashes64, np.zeros(len(hashes64), dtype=np.int64), 1)[0]

    def signature(self, words: Sequence[str]) -> np.ndarray:
        """Signature of the shingle set of `words`."""
        return self.signature_of_hashes(self.shingle_set(words))

"""Word shingles, their stable hashes, and MinHash signatures.

Shingles
    A document's k-shingles are its runs of k consecutive words (k = 5 by
    default). A document shorter than k words has one shingle: all its words.

Stable hashing
    Each word is hashed once with xxHash64 (the same value in every process
    and on every machine, unlike Python's ``hash()``). A shingle's 64-bit
    hash combines its k word hashes as a polynomial with the odd multiplier
    ``P`` (mod 2^64) followed by the MurmurHash3 64-bit finalizer, which is
    computed for all shingles at once with numpy. The exact shingle sets used
    to verify candidates hold these 64-bit values (collision probability for
    n shingles about n^2 / 2^65: negligible).

MinHash
    The signature uses datasketch's ``affine32`` scheme (datasketch >= 2.0):
    for the 32-bit input h (the top half of the shingle hash), each of the
    ``num_perm`` permutations computes ``a_k * fmix32(h) + b_k mod 2^32`` with
    ``a_k`` odd, and keeps the minimum over the shingles. The parameters come
    from ``numpy.random.RandomState(seed)`` exactly as in datasketch, so

        datasketch.MinHash(num_perm, seed, hashfunc=shingle_hash32).update_batch(shingles)

    gives the same hash values as `MinHasher.signature` (a test checks it),
    and signatures can go straight into datasketch's ``LeanMinHash`` and
    ``MinHashLSH``. For two sets with Jaccard similarity s, each signature
    position agrees with probability s, so the share of agreeing positions is
    an unbiased estimate of s with standard error sqrt(s(1-s)/num_perm).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import xxhash

__all__ = ["MinHasher", "shingle_hash32", "shingle_hashes", "word_hashes"]

_P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the shingle polynomial
_M64 = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_M32 = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))
_EMPTY = np.uint32(0xFFFFFFFF)


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * _M64[0]
    h = h ^ (h >> np.uint64(33))
    h = h * _M64[1]
    return h ^ (h >> np.uint64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * _M32[0]
    h = h ^ (h >> np.uint32(13))
    h = h * _M32[1]
    return h ^ (h >> np.uint32(16))


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """xxHash64 of each word's UTF-8 bytes, as uint64."""
    return np.fromiter(
        (xxhash.xxh64_intdigest(w.encode("utf-8")) for w in words),
        dtype=np.uint64,
        count=len(words),
    )


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


def shingle_hash32(shingle: str | bytes) -> int:
    """The 32-bit MinHash input of one shingle given as space-joined words.

    This is the ``hashfunc`` that makes datasketch's own MinHash produce this
    module's signatures; the vectorized path never calls it.
    """
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    h = shingle_hashes(word_hashes(shingle.split(" ")), k=len(shingle.split(" ")))
    return int(h[0] >> np.uint64(32))


@dataclass
class MinHasher:
    """MinHash signatures of word-shingle sets, vectorized with numpy.

    Parameters
    ----------
    num_perm : int, default 128
        Signature length. More permutations: smaller estimation error, more
        memory and time.
    seed : int, default 1
        Seed of the permutations (datasketch's default is 1 as well).
    shingle_size : int, default 5
        Words per shingle.

    Examples
    --------
    >>> mh = MinHasher(num_perm=16)
    >>> sig = mh.signature("one two three four five six".split())
    >>> sig.dtype, sig.shape
    (dtype('uint32'), (16,))
    """

    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5
    _a: np.ndarray = field(init=False, repr=False)
    _b: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.num_perm < 1:
            raise ValueError(f"num_perm must be >= 1, got {self.num_perm}")
        if self.shingle_size < 1:
            raise ValueError(f"shingle_size must be >= 1, got {self.shingle_size}")
        gen = np.random.RandomState(self.seed)
        self._a = gen.randint(0, 1 << 31, self.num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        self._b = gen.randint(0, 1 << 32, self.num_perm, dtype=np.uint32)

    def shingle_set(self, words: Sequence[str]) -> np.ndarray:
        """Sorted unique 64-bit shingle hashes of `words`."""
        return np.unique(shingle_hashes(word_hashes(words), self.shingle_size))

    def signature_of_hashes(self, hashes64: np.ndarray, chunk: int = 4096) -> np.ndarray:
        """MinHash signature (uint32, length num_perm) of 64-bit shingle hashes."""
        sig = np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        if len(hashes64) == 0:
            return sig
        h32 = _fmix32((hashes64 >> np.uint64(32)).astype(np.uint32))
        with np.errstate(over="ignore"):
            for i in range(0, len(h32), chunk):
                block = h32[i : i + chunk, None] * self._a[None, :] + self._b[None, :]
                np.minimum(sig, block.min(axis=0), out=sig)
        return sig

    def signature(self, words: Sequence[str]) -> np.ndarray:
        """MinHash signature of the shingle set of `words`."""
        return self.signature_of_hashes(self.shingle_set(words))

"""MinHash signatures of word-shingle sets.

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
    about sqrt(J(1 - J) / num_perm), the banding of `compare.sketch.lsh` applies
    unchanged (and signatures could go into datasketch's ``LeanMinHash``
    and ``MinHashLSH`` as hash values). The empty document's
    signature is all 0xFFFFFFFF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .hashing import shingle_hashes, word_hashes
from .kernels import SignedTexts, batch_signatures, minhash_signatures

__all__ = ["MinHasher"]


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
        self, texts: Sequence[str], sample_below: int = 0, keep_shingles: bool = False
    ) -> SignedTexts:
        """Signatures of the shingle sets of raw texts (folded and split as
        the analysis does), each text's number of shingles with repeats,
        its distinct shingle hashes below `sample_below` with their text,
        and with `keep_shingles` all its shingle hashes (compiled:
        `compare.sketch.kernels.batch_signatures`)."""
        return batch_signatures(
            texts, self.shingle_size, self._salt, self._order, sample_below, keep_shingles
        )

    def signature_of_hashes(self, hashes64: np.ndarray) -> np.ndarray:
        """Signature (uint32, length num_perm) of one set of 64-bit shingle hashes."""
        return self.signatures(hashes64, np.zeros(len(hashes64), dtype=np.int64), 1)[0]

    def signature(self, words: Sequence[str]) -> np.ndarray:
        """Signature of the shingle set of `words`."""
        return self.signature_of_hashes(self.shingle_set(words))

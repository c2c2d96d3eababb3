"""Locality-sensitive hashing of MinHash signatures by banding: which pairs to verify.

Candidates are UNVERIFIED: every pair reported later carries exact scores.
A signature of ``num_perm`` values is cut into b bands of r rows each
(b * r <= num_perm); two documents whose signatures agree on every row of
some band become candidates. Two sets of Jaccard similarity s agree on a
row with probability s, so they are proposed with probability

    P(s) = 1 - (1 - s^r)^b                       (`detection_probability`)

an S-curve that rises steeply near ``(1 / b)^(1 / r)``. For a threshold t,
`optimal_bands` picks the (b, r) minimising the area of the two errors,
false positives below t and false negatives above it:

    error(b, r) = integral_0^t P(s) ds + integral_t^1 (1 - P(s)) ds

which is the choice datasketch's ``MinHashLSH`` makes with equal weights
(a test checks that the two agree), so one banding serves the analysis,
batch dedup, the persistent index and the Spark engine.

Each band's r rows are hashed to one 64-bit key (`band_keys`), and the
keys of a band are sorted (in linear time: `compare.sketch.radix`), so a
band costs one sort of n keys. A bucket of
more than `max_bucket` documents (the same text in many copies) pairs its
first document with each other one instead of all with all: linear, not
quadratic, in the number of copies, and every copy still reaches the
others through the first.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit

from .hashing import SHINGLE_MULTIPLIER
from .kernels import _fmix64
from .pairs import shared_key_pairs

__all__ = ["band_candidates", "band_keys", "detection_probability", "optimal_bands", "unique_pairs"]


def detection_probability(similarity: float, bands: int, rows: int) -> float:
    """Probability that banding with `bands` x `rows` proposes a pair of this Jaccard similarity.

    >>> round(detection_probability(0.5, 20, 5), 3)
    0.47
    """
    return 1.0 - (1.0 - similarity**rows) ** bands


@lru_cache(maxsize=64)
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) with b * r <= `num_perm` whose false positive and
    false negative areas around `threshold` add up to the least (the first
    such pair in order of b, then r, on a tie).

    >>> optimal_bands(0.5, 128)
    (25, 5)
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if num_perm < 1:
        raise ValueError(f"num_perm must be >= 1, got {num_perm}")
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bands = np.array([b for b, _ in pairs], dtype=float)[:, None]
    rows = np.array([r for _, r in pairs], dtype=float)[:, None]

    def proposed(s: np.ndarray) -> np.ndarray:
        return 1.0 - (1.0 - s**rows) ** bands

    areas = _simpson(proposed, 0.0, threshold) + _simpson(lambda s: 1.0 - proposed(s), threshold, 1.0)
    return pairs[int(np.argmin(areas))]  # the first of equal areas: in order of b, then r


def _simpson(f, lo: float, hi: float, points: int = 4097) -> np.ndarray:
    """Simpson's rule for the integral of `f` (one row of values per curve) from `lo` to `hi`.
    The curves are smooth polynomials: 4,096 intervals give the areas to about 1e-12,
    and the same choices as adaptive quadrature (checked for every threshold in steps
    of 0.05 and 16 to 256 permutations)."""
    y = f(np.linspace(lo, hi, points)[None, :])
    h = (hi - lo) / (points - 1)
    return h / 3 * (y[:, 0] + y[:, -1] + 4 * y[:, 1:-1:2].sum(axis=1) + 2 * y[:, 2:-1:2].sum(axis=1))


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """The `row_keys` of each band (b bands of r rows) of each signature, shape (n, bands).

    >>> from compare.sketch.hashing import row_keys
    >>> sigs = np.array([[1, 2, 3, 4]], dtype=np.uint32)
    >>> bool(band_keys(sigs, 2, 2)[0, 1] == row_keys(sigs[:, 2:4])[0])
    True
    """
    keys = np.empty((len(signatures), bands), dtype=np.uint64)
    _band_keys_kernel(np.ascontiguousarray(signatures, dtype=np.uint32), bands, rows, keys)
    return keys


@njit(cache=True, nogil=True)
def _band_keys_kernel(signatures, bands, rows, out):
    """`band_keys`, a signature at a time: each band's rows as a polynomial
    in P (as `row_keys`), then the finalizer."""
    for d in range(signatures.shape[0]):
        for b in range(bands):
            h = np.uint64(rows)
            for c in range(b * rows, (b + 1) * rows):
                h = h * SHINGLE_MULTIPLIER + np.uint64(signatures[d, c])
            out[d, b] = _fmix64(h)


def band_candidates(
    signatures: np.ndarray, bands: int, rows: int, max_bucket: int | None = 50, jobs: int = 1
) -> np.ndarray:
    """Pairs ``(i, j)``, i < j, whose signatures agree on all rows of some band; sorted, unique.

    A bucket of more than `max_bucket` documents pairs its first document
    with each of the others (None: no limit, every pair of every bucket).
    Two different rows share a key with probability 2^-64: at worst an
    extra candidate, which verification discards. Each band's keys are
    grouped by a linear-time sort (`compare.sketch.pairs.shared_key_pairs`),
    the bands split among `jobs` threads; the result does not depend on `jobs`.

    >>> sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 3, 4]], dtype=np.uint32)
    >>> band_candidates(sigs, bands=2, rows=2).tolist()
    [[0, 1], [0, 2]]
    """
    n = len(signatures)
    a, b = shared_key_pairs(band_keys(signatures, bands, rows), max_bucket, jobs)
    return unique_pairs(np.stack([a, b], axis=1), n)


def unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Pairs (i < j) of n documents, sorted and without repeats (one sort of
    one int64 code per pair, much faster than ``np.unique(axis=0)``)."""
    if len(pairs) == 0:
        return pairs.reshape(0, 2)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)

"""Batch near-duplicate detection: signatures → LSH → verification → clusters.

The document-level half of `compare.analyze`, built for collections too
large to align pair by pair (hundreds of thousands of documents):

1. **Sign** (one pass over the texts, in parallel with `jobs`): fold each
   text (`compare.normalize.fold`: the words of the analysis's
   normalization, without its offset maps), then split it into words, hash
   the word k-shingles and compute the one-permutation MinHash signatures
   (`compare.signatures`), a chunk of texts at a time in compiled loops
   (`compare.kernels`). Texts are not kept, so
   memory grows with the number of documents, not their length: 128 x 4
   bytes each.
2. **Candidates**: LSH banding over the signature matrix with numpy. The
   signature is cut into b bands of r rows (datasketch's optimal b, r for
   `lsh_threshold`); two documents whose rows agree in any band are
   candidates. A pair of Jaccard s is proposed with probability
   1 - (1 - s^r)^b (`compare.candidates.detection_probability`). Candidates
   whose signatures agree on fewer than ``threshold - 4 sigma`` of positions
   (sigma = sqrt(t(1 - t) / num_perm), the estimate's standard error at the
   threshold t) are dropped before the exact check: such a pair is below the
   threshold with near certainty, and most chance band collisions go here.
3. **Verify** (a second pass, over the candidate documents only): exact
   shingle Jaccard and containment each way. Pairs at or above `threshold`
   are near-duplicates.
4. **Cluster**: connected components of the near-duplicate pairs
   (union-find); the representative of a cluster is its first document.

Every step is deterministic and independent of `jobs` and `chunk_size`:
chunks are processed in order and results are sorted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH

from .components import component_labels
from .kernels import batch_shingles
from .parallel import map_threads_in_order
from .scores import jaccard_containment
from .signatures import MinHasher, band_keys

__all__ = ["DedupOptions", "DedupResult", "DuplicatePair", "band_candidates", "deduplicate", "sign"]


@lru_cache(maxsize=4)
def _minhasher(num_perm: int, seed: int, shingle_size: int) -> MinHasher:
    """One hasher per process and parameters: building one costs a millisecond,
    as much as signing ten documents, and every chunk needs one."""
    return MinHasher(num_perm=num_perm, seed=seed, shingle_size=shingle_size)


@dataclass(frozen=True)
class DedupOptions:
    """Parameters of batch deduplication.

    shingle_size, num_perm, seed: as in `compare.Options` (the same defaults,
        so the signatures are the analysis's).
    threshold: verified shingle Jaccard at or above which two documents are
        near-duplicates.
    lsh_threshold: Jaccard the LSH bands are tuned for; below `threshold` so
        that pairs AT the threshold are proposed with high probability.
    jobs: threads for signing and verifying (1: this thread only); the
        compiled loops release the GIL, so they hash on separate cores.
    chunk_size: documents per unit of work handed to a worker.
    max_bucket: an LSH bucket with more documents than this (many copies of
        one text) pairs its first document with each other one instead of
        all pairs with each other: linear, not quadratic, in the copies.
    """

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    threshold: float = 0.5
    lsh_threshold: float = 0.3
    jobs: int = 1
    chunk_size: int = 64
    max_bucket: int = 50

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0 or not 0.0 < self.lsh_threshold <= 1.0:
            raise ValueError("threshold and lsh_threshold must be in (0, 1]")
        if self.jobs < 1 or self.chunk_size < 1 or self.max_bucket < 2:
            raise ValueError("jobs and chunk_size must be >= 1, max_bucket >= 2")
        if self.num_perm < 2 or self.shingle_size < 1:
            raise ValueError("num_perm must be >= 2, shingle_size >= 1")

    def minhasher(self) -> MinHasher:
        return _minhasher(self.num_perm, self.seed, self.shingle_size)

    def bands(self) -> tuple[int, int]:
        """(bands, rows) of the LSH, as datasketch chooses them for `lsh_threshold`."""
        lsh = MinHashLSH(threshold=self.lsh_threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r


@dataclass(frozen=True)
class DuplicatePair:
    """Two near-duplicate documents (indices, a < b) and their exact scores."""

    a: int
    b: int
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float


@dataclass
class DedupResult:
    """Near-duplicate pairs and clusters of a collection.

    ``cluster[i]`` is the index of document i's representative (itself if it
    has no duplicate); `clusters` lists the clusters of two or more
    documents, each sorted, in order of their first document.
    """

    ids: list[str]
    pairs: list[DuplicatePair]
    cluster: list[int]
    candidates: int
    options: DedupOptions
    signatures: np.ndarray  # uint32, one row per document
    sizes: np.ndarray  # shingles per document, repeats counted
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def clusters(self) -> list[list[int]]:
        groups: dict[int, list[int]] = {}
        for i, rep in enumerate(self.cluster):
            groups.setdefault(rep, []).append(i)
        return [g for _, g in sorted(groups.items()) if len(g) > 1]

    @property
    def duplicates(self) -> int:
        """Documents that are not their cluster's representative."""
        return sum(rep != i for i, rep in enumerate(self.cluster))


# --- 1. Signatures -------------------------------------------------------------------------------


def _sign_chunk(args: tuple[list[str], DedupOptions]) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of a chunk of texts, and each text's number of shingles."""
    texts, options = args
    return options.minhasher().batch_signatures(texts)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def sign(
    records: Iterable[tuple[str, str]], options: DedupOptions | None = None
) -> tuple[list[str], np.ndarray]:
    """Ids and MinHash signatures (uint32, one row per document) of ``(id, text)`` records.

    >>> ids, sigs = sign([("a", "one two three four five six"), ("b", "")])
    >>> ids, sigs.shape, int(sigs[1].min()) == 2**32 - 1
    (['a', 'b'], (2, 128), True)
    """
    ids, signatures, _ = _sign(records, options or DedupOptions())
    return ids, signatures


def _sign(
    records: Iterable[tuple[str, str]], options: DedupOptions
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Ids, signatures and shingle counts (with repeats) of the records."""
    ids: list[str] = []

    def texts() -> Iterator[tuple[list[str], DedupOptions]]:
        for chunk in _chunks(records, options.chunk_size):
            ids.extend(i for i, _ in chunk)
            yield [t for _, t in chunk], options

    blocks = list(map_threads_in_order(_sign_chunk, texts(), options.jobs))
    if not blocks:
        return ids, np.zeros((0, options.num_perm), dtype=np.uint32), np.zeros(0, dtype=np.int64)
    return ids, np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks])


# --- 2. Candidates -------------------------------------------------------------------------------


def _bucket_pairs(
    order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, max_bucket: int
) -> list[np.ndarray]:
    """Pairs of documents sharing a bucket; buckets of equal size are paired at once."""
    found = []
    for size in np.unique(sizes).tolist():
        first = starts[sizes == size]
        members = np.sort(order[first[:, None] + np.arange(size)], axis=1)
        if size <= max_bucket:
            i, j = np.triu_indices(size, k=1)
            found.append(np.stack([members[:, i].ravel(), members[:, j].ravel()], axis=1))
        else:
            found.append(np.stack([np.repeat(members[:, 0], size - 1), members[:, 1:].ravel()], axis=1))
    return found


def band_candidates(signatures: np.ndarray, bands: int, rows: int, max_bucket: int = 50) -> np.ndarray:
    """Pairs ``(i, j)``, i < j, whose signatures agree on all rows of some band; sorted, unique.

    Equivalent to inserting every signature into datasketch's `MinHashLSH`
    with these bands and rows and querying each (a test checks it), except
    that a bucket of more than `max_bucket` documents pairs its first
    document with each of the others. Each band's rows are hashed to one
    64-bit key and the keys sorted, so a band costs one sort of n keys (two
    different rows share a key with probability 2^-64: at worst an extra
    candidate, which verification discards).
    """
    n = len(signatures)
    found = [np.zeros((0, 2), dtype=np.int64)]
    all_keys = band_keys(signatures, bands, rows)
    for band in range(bands):
        keys = all_keys[:, band]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        cuts = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        starts = np.concatenate([[0], cuts])
        sizes = np.diff(np.concatenate([starts, [n]]))
        shared = sizes > 1
        if shared.any():
            found += _bucket_pairs(order, starts[shared], sizes[shared], max_bucket)
    pairs = np.concatenate(found).astype(np.int64)
    if len(pairs) == 0:
        return pairs
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def _likely(signatures: np.ndarray, pairs: np.ndarray, threshold: float, block: int = 65536) -> np.ndarray:
    """The candidate pairs whose signature estimate is not far below `threshold`."""
    num_perm = signatures.shape[1]
    floor = threshold - 4 * math.sqrt(threshold * (1 - threshold) / num_perm)
    keep = np.zeros(len(pairs), dtype=bool)
    for s in range(0, len(pairs), block):
        p = pairs[s : s + block]
        agree = (signatures[p[:, 0]] == signatures[p[:, 1]]).mean(axis=1)
        keep[s : s + block] = agree >= floor
    return pairs[keep]


# --- 3. Verification -----------------------------------------------------------------------------


def _shingle_sets_chunk(args: tuple[list[tuple[int, str]], int]) -> list[tuple[int, np.ndarray]]:
    docs, shingle_size = args
    hashes, owner = batch_shingles([text for _, text in docs], shingle_size)
    bounds = np.searchsorted(owner, np.arange(len(docs) + 1))
    return [(i, np.unique(hashes[bounds[n] : bounds[n + 1]])) for n, (i, _) in enumerate(docs)]


def _verify(
    records: Iterable[tuple[str, str]], pairs: np.ndarray, options: DedupOptions
) -> list[DuplicatePair]:
    needed = set(np.unique(pairs).tolist())
    wanted = ((i, text) for i, (_, text) in enumerate(records) if i in needed)
    work = ((chunk, options.shingle_size) for chunk in _chunks(wanted, options.chunk_size))
    sets: dict[int, np.ndarray] = {}
    for block in map_threads_in_order(_shingle_sets_chunk, work, options.jobs):
        sets.update(block)
    out = []
    for a, b in pairs.tolist():
        jac, cab, cba = jaccard_containment(sets[a], sets[b])
        if jac >= options.threshold:
            out.append(DuplicatePair(a, b, round(jac, 6), round(cab, 6), round(cba, 6)))
    return out


# --- 4. Clusters ---------------------------------------------------------------------------------


def deduplicate(
    records: Callable[[], Iterable[tuple[str, str]]], options: DedupOptions | None = None
) -> DedupResult:
    """Near-duplicate pairs and clusters of the ``(id, text)`` records that `records()` yields.

    `records` is called twice (signing, then verifying the candidates), so
    texts are streamed and never all held in memory; both calls must yield
    the same records in the same order.

    >>> docs = [("a", "the cat sat on the mat today " * 3), ("b", "the cat sat on the mat today " * 3),
    ...         ("c", "a completely different text about the weather in spring")]
    >>> result = deduplicate(lambda: docs)
    >>> result.clusters, [(p.a, p.b, p.jaccard) for p in result.pairs]
    ([[0, 1]], [(0, 1, 1.0)])
    """
    options = options or DedupOptions()
    seconds = {}
    start = time.perf_counter()
    ids, signatures, sizes = _sign(records(), options)
    seconds["sign"] = time.perf_counter() - start

    start = time.perf_counter()
    bands, rows = options.bands()
    proposed = band_candidates(signatures, bands, rows, options.max_bucket)
    likely = _likely(signatures, proposed, options.threshold)
    seconds["candidates"] = time.perf_counter() - start

    start = time.perf_counter()
    pairs = _verify(records(), likely, options)
    seconds["verify"] = time.perf_counter() - start

    start = time.perf_counter()
    cluster = component_labels(len(ids), ((p.a, p.b) for p in pairs))
    seconds["cluster"] = time.perf_counter() - start
    return DedupResult(ids, pairs, cluster, len(proposed), options, signatures, sizes, seconds)

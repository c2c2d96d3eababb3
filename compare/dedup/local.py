"""Batch near-duplicate detection: signatures → LSH → verification → clusters.

The document-level half of `compare.analyze`, built for collections too
large to align pair by pair (hundreds of thousands of documents):

1. **Sign** (one pass over the texts, in parallel with `jobs`): fold each
   text (`compare.text.normalize.fold`: the words of the analysis's
   normalization, without its offset maps), then split it into words, hash
   the word k-shingles and compute the one-permutation MinHash signatures
   (`compare.sketch.signatures`), a chunk of texts at a time in compiled loops
   (`compare.sketch.kernels`). Texts are not kept, so
   memory grows with the number of documents, not their length: 128 x 4
   bytes each.
2. **Candidates**: LSH banding over the signature matrix with numpy. The
   signature is cut into b bands of r rows (datasketch's optimal b, r for
   `lsh_threshold`); two documents whose rows agree in any band are
   candidates. A pair of Jaccard s is proposed with probability
   1 - (1 - s^r)^b (`compare.analysis.candidates.detection_probability`). Candidates
   whose signatures agree on fewer than ``threshold - 4 sigma`` of positions
   (sigma = sqrt(t(1 - t) / num_perm), the estimate's standard error at the
   threshold t) are dropped before the exact check: such a pair is below the
   threshold with near certainty, and most chance band collisions go here.
   With `containment` set, excerpts are looked for too: signing keeps a
   content-defined sample of each document's shingles (those whose hash is
   below 2^64 / 16), so a text inside another has its samples inside the
   other's. Documents sharing at least two samples, with a sampled
   containment (shared samples over the smaller sample) not more than two
   standard errors below `containment`, are candidates.
3. **Verify** (a second pass, over the candidate documents only): exact
   shingle Jaccard and containment each way. Pairs at or above `threshold`
   are near-duplicates; with `containment`, a pair where one document's
   shingles are at least that share in the other is an excerpt.
4. **Cluster**: connected components of the near-duplicate pairs
   (union-find); then each cluster holding excerpts joins the cluster of
   its best container (highest containment), one container per cluster,
   so two stories quoting the same passage are not merged through it. The
   representative of a cluster is its first document.

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

from ..analysis.scores import jaccard_containment
from ..sketch.kernels import batch_shingles, shared_sample_pairs
from ..sketch.signatures import MinHasher, band_keys
from ..util.components import component_labels
from ..util.parallel import map_threads_in_order

__all__ = [
    "SAMPLE_BELOW",
    "DedupOptions",
    "DedupResult",
    "DuplicatePair",
    "Signed",
    "band_candidates",
    "cluster_labels",
    "deduplicate",
    "sample_candidates",
    "sample_pair_kept",
    "shingle_sets",
    "sign",
    "sign_all",
    "signature_agreement",
    "signature_floor",
    "verified_pair",
]

#: Shingles whose 64-bit hash is below this (one in 16) are each document's sample.
SAMPLE_BELOW = 2**60


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
    containment: with a value, a document of which at least this share of
        shingles is in another document is an excerpt of it, and a
        duplicate (None: near-duplicates by Jaccard only).
    samples: keep each document's shingle sample even without
        `containment` (an index stores it, for later excerpt checks).
    """

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    threshold: float = 0.5
    lsh_threshold: float = 0.3
    jobs: int = 1
    chunk_size: int = 64
    max_bucket: int = 50
    containment: float | None = None
    samples: bool = False

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0 or not 0.0 < self.lsh_threshold <= 1.0:
            raise ValueError("threshold and lsh_threshold must be in (0, 1]")
        if self.containment is not None and not 0.0 < self.containment <= 1.0:
            raise ValueError("containment must be in (0, 1]")
        if self.jobs < 1 or self.chunk_size < 1 or self.max_bucket < 2:
            raise ValueError("jobs and chunk_size must be >= 1, max_bucket >= 2")
        if self.num_perm < 2 or self.shingle_size < 1:
            raise ValueError("num_perm must be >= 2, shingle_size >= 1")

    @property
    def sample_below(self) -> int:
        """Shingle hashes below this are sampled (0: no sample kept)."""
        return SAMPLE_BELOW if self.samples or self.containment is not None else 0

    def minhasher(self) -> MinHasher:
        return _minhasher(self.num_perm, self.seed, self.shingle_size)

    def bands(self) -> tuple[int, int]:
        """(bands, rows) of the LSH, as datasketch chooses them for `lsh_threshold`."""
        lsh = MinHashLSH(threshold=self.lsh_threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r


@dataclass(frozen=True)
class DuplicatePair:
    """Two duplicate documents (indices, a < b), their exact scores, and how
    they relate: ``"near-duplicate"`` (Jaccard at or above the threshold) or
    ``"excerpt"`` (one is contained in the other at or above `containment`)."""

    a: int
    b: int
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: str = "near-duplicate"


@dataclass
class Signed:
    """What signing keeps of each document: id, signature (uint32), number of
    shingles (repeats counted), and its shingle sample (`samples`, the
    hashes, sorted by document and hash; `sampled`, their document)."""

    ids: list[str]
    signatures: np.ndarray
    sizes: np.ndarray
    samples: np.ndarray
    sampled: np.ndarray

    def take(self, rows: np.ndarray) -> Signed:
        """The documents `rows` (increasing indices), renumbered from 0.

        >>> s = Signed(["a", "b"], np.zeros((2, 4), np.uint32), np.array([3, 4]),
        ...            np.array([7, 9], np.uint64), np.array([0, 1]))
        >>> s.take(np.array([1])).sampled.tolist()
        [0]
        """
        new = np.full(len(self.ids), -1)
        new[rows] = np.arange(len(rows))
        keep = new[self.sampled] >= 0
        return Signed(
            [self.ids[i] for i in rows.tolist()],
            self.signatures[rows],
            self.sizes[rows],
            self.samples[keep],
            new[self.sampled[keep]],
        )


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
    signed: Signed
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


def _sign_chunk(args: tuple[list[str], DedupOptions]) -> tuple[np.ndarray, ...]:
    """Signatures, shingle counts and shingle samples of a chunk of texts."""
    texts, options = args
    return options.minhasher().batch_signatures(texts, options.sample_below)


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
    signed = sign_all(records, options or DedupOptions())
    return signed.ids, signed.signatures


def sign_all(records: Iterable[tuple[str, str]], options: DedupOptions) -> Signed:
    """Everything signing keeps of the records (`Signed`)."""
    ids: list[str] = []
    starts: list[int] = []

    def texts() -> Iterator[tuple[list[str], DedupOptions]]:
        for chunk in _chunks(records, options.chunk_size):
            starts.append(len(ids))
            ids.extend(i for i, _ in chunk)
            yield [t for _, t in chunk], options

    blocks = list(map_threads_in_order(_sign_chunk, texts(), options.jobs))
    if not blocks:
        empty = np.zeros(0, dtype=np.int64)
        return Signed(
            ids, np.zeros((0, options.num_perm), dtype=np.uint32), empty, empty.astype(np.uint64), empty
        )
    return Signed(
        ids,
        np.concatenate([b[0] for b in blocks]),
        np.concatenate([b[1] for b in blocks]),
        np.concatenate([b[2] for b in blocks]),
        np.concatenate([b[3] + start for b, start in zip(blocks, starts, strict=True)]),
    )


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
    return _unique_pairs(np.concatenate(found).astype(np.int64), n)


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Pairs (i < j) of n documents, sorted and without repeats (one sort of
    one int64 code per pair, much faster than ``np.unique(axis=0)``)."""
    if len(pairs) == 0:
        return pairs.reshape(0, 2)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def sample_candidates(
    samples: np.ndarray, sampled: np.ndarray, n: int, containment: float, max_bucket: int = 50
) -> np.ndarray:
    """Pairs ``(i, j)``, i < j, of the n documents whose shingle samples
    suggest that one is contained in the other at `containment` or more;
    sorted, unique.

    The sample is content-defined (a shingle is in it when its hash is
    small), so the sample of a text inside another is inside the other's,
    and shared samples / the smaller sample estimates the larger
    containment, with standard error sqrt(c (1 - c) / m) for m samples. A
    pair must share two samples (one is often a stock phrase) and come
    within two standard errors of `containment`. Samples held by more than
    `max_bucket` documents pair their first document with each other one.

    >>> samples = np.array([5, 7, 9, 5, 7, 5], dtype=np.uint64)
    >>> sample_candidates(samples, np.array([0, 0, 0, 1, 1, 2]), 3, 0.5).tolist()
    [[0, 1]]
    """
    a, b, common = shared_sample_pairs(samples, sampled, n, max_bucket, least=2)
    counts = np.bincount(sampled, minlength=n)
    keep = sample_pair_kept(common, np.minimum(counts[a], counts[b]), containment)
    return np.stack([a[keep], b[keep]], axis=1)


def sample_pair_kept(common: np.ndarray, smaller: np.ndarray, containment: float) -> np.ndarray:
    """Whether pairs sharing `common` samples, the smaller of whose samples
    holds `smaller`, are excerpt candidates (see `sample_candidates`)."""
    floor = containment - 2 * np.sqrt(containment * (1 - containment) / smaller)
    return (common >= 2) & (common / smaller >= floor)


def signature_floor(threshold: float, num_perm: int) -> float:
    """Signature agreement below which a pair is below `threshold` with near
    certainty: four standard errors of the estimate under it."""
    return threshold - 4 * math.sqrt(threshold * (1 - threshold) / num_perm)


def signature_agreement(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of positions where the signatures of rows `a` and `b` agree (the Jaccard estimate)."""
    return (a == b).mean(axis=1)


def _likely(signatures: np.ndarray, pairs: np.ndarray, threshold: float, block: int = 65536) -> np.ndarray:
    """The candidate pairs whose signature estimate is not far below `threshold`."""
    floor = signature_floor(threshold, signatures.shape[1])
    keep = np.zeros(len(pairs), dtype=bool)
    for s in range(0, len(pairs), block):
        p = pairs[s : s + block]
        keep[s : s + block] = signature_agreement(signatures[p[:, 0]], signatures[p[:, 1]]) >= floor
    return pairs[keep]


# --- 3. Verification -----------------------------------------------------------------------------


def shingle_sets(texts: list[str], shingle_size: int) -> list[np.ndarray]:
    """Each text's exact shingle set: its sorted, distinct 64-bit shingle hashes."""
    hashes, owner = batch_shingles(texts, shingle_size)
    bounds = np.searchsorted(owner, np.arange(len(texts) + 1))
    return [np.unique(hashes[bounds[n] : bounds[n + 1]]) for n in range(len(texts))]


def verified_pair(
    a: int, b: int, set_a: np.ndarray, set_b: np.ndarray, options: DedupOptions
) -> DuplicatePair | None:
    """The `DuplicatePair` of documents a < b from their shingle sets, or
    None when they are neither near-duplicates nor (with `containment`) one
    an excerpt of the other. Scores are exact, rounded to 6 decimals."""
    jac, cab, cba = jaccard_containment(set_a, set_b)
    contained = options.containment if options.containment is not None else math.inf
    if jac >= options.threshold:
        relation = "near-duplicate"
    elif max(cab, cba) >= contained:
        relation = "excerpt"
    else:
        return None
    return DuplicatePair(a, b, round(jac, 6), round(cab, 6), round(cba, 6), relation)


def _shingle_sets_chunk(args: tuple[list[tuple[int, str]], int]) -> list[tuple[int, np.ndarray]]:
    docs, shingle_size = args
    sets = shingle_sets([text for _, text in docs], shingle_size)
    return [(i, found) for (i, _), found in zip(docs, sets, strict=True)]


def _verify(
    records: Iterable[tuple[str, str]], pairs: np.ndarray, options: DedupOptions
) -> list[DuplicatePair]:
    """The candidate pairs (a < b) that pass, scored exactly. Texts are read
    in order; a pair is scored as soon as its second document is read, and a
    document's shingle set is dropped once its last pair is scored, so only
    the sets of documents with pairs still ahead are held."""
    needed = set(np.unique(pairs).tolist())
    wanted = ((i, text) for i, (_, text) in enumerate(records) if i in needed)
    work = ((chunk, options.shingle_size) for chunk in _chunks(wanted, options.chunk_size))
    by_second = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))].tolist()
    last_use: dict[int, int] = {}
    for a, b in by_second:
        last_use[a] = last_use[b] = b
    done_with = sorted((use, i) for i, use in last_use.items())  # when each set can go
    freed = 0
    sets: dict[int, np.ndarray] = {}
    out = []
    at = 0
    for block in map_threads_in_order(_shingle_sets_chunk, work, options.jobs):
        sets.update(block)
        read = block[-1][0]
        while at < len(by_second) and by_second[at][1] <= read:
            a, b = by_second[at]
            at += 1
            pair = verified_pair(a, b, sets[a], sets[b], options)
            if pair is not None:
                out.append(pair)
        while freed < len(done_with) and done_with[freed][0] <= read:
            del sets[done_with[freed][1]]
            freed += 1
    return sorted(out, key=lambda p: (p.a, p.b))


# --- 4. Clusters ---------------------------------------------------------------------------------


def cluster_labels(n: int, pairs: list[DuplicatePair]) -> list[int]:
    """Each document's cluster (its smallest member).

    Near-duplicates are clustered transitively. Then each cluster that holds
    an excerpt joins the cluster of its best container (the highest
    containment, then the first document), and only that one: a passage
    found inside two stories is a duplicate of one of them, and does not
    make the two stories duplicates of each other.

    >>> near = DuplicatePair(0, 1, 0.9, 0.9, 0.9)
    >>> in_2 = DuplicatePair(2, 3, 0.1, 0.1, 0.9, "excerpt")  # 3 is inside 2
    >>> in_4 = DuplicatePair(3, 4, 0.1, 0.9, 0.1, "excerpt")  # and inside 4
    >>> cluster_labels(5, [near, in_2, in_4])
    [0, 0, 2, 2, 4]
    """
    labels = component_labels(n, ((p.a, p.b) for p in pairs if p.relation == "near-duplicate"))
    best: dict[int, tuple[float, int, int]] = {}  # cluster -> (-containment, container, its cluster)
    for p in pairs:
        if p.relation != "excerpt":
            continue
        if p.containment_a_in_b >= p.containment_b_in_a:
            inner, outer, share = p.a, p.b, p.containment_a_in_b
        else:
            inner, outer, share = p.b, p.a, p.containment_b_in_a
        choice = (-share, outer, labels[outer])
        if labels[inner] != labels[outer] and (labels[inner] not in best or choice < best[labels[inner]]):
            best[labels[inner]] = choice
    links = ((cluster, container) for cluster, (_, _, container) in sorted(best.items()))
    joined = component_labels(n, links)
    return [joined[label] for label in labels]


def deduplicate(
    records: Callable[[], Iterable[tuple[str, str]]], options: DedupOptions | None = None
) -> DedupResult:
    """Duplicate pairs and clusters of the ``(id, text)`` records that `records()` yields.

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
    signed = sign_all(records(), options)
    seconds["sign"] = time.perf_counter() - start

    start = time.perf_counter()
    bands, rows = options.bands()
    proposed = band_candidates(signed.signatures, bands, rows, options.max_bucket)
    likely = _likely(signed.signatures, proposed, options.threshold)
    if options.containment is not None:
        n = len(signed.ids)
        excerpts = sample_candidates(
            signed.samples, signed.sampled, n, options.containment, options.max_bucket
        )
        proposed = _unique_pairs(np.concatenate([proposed, excerpts]), n)
        likely = _unique_pairs(np.concatenate([likely, excerpts]), n)
    seconds["candidates"] = time.perf_counter() - start

    start = time.perf_counter()
    pairs = _verify(records(), likely, options)
    seconds["verify"] = time.perf_counter() - start

    start = time.perf_counter()
    cluster = cluster_labels(len(signed.ids), pairs)
    seconds["cluster"] = time.perf_counter() - start
    return DedupResult(signed.ids, pairs, cluster, len(proposed), options, signed, seconds)

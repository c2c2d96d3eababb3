"""The local dedup engine: signatures → LSH → verification → clusters, on one machine.

The document-level half of `compare.analyze`, built for collections too
large to align pair by pair (hundreds of thousands of documents):

1. **Sign** (one pass over the texts, in parallel with `jobs`): fold each
   text (`compare.text.normalize.fold`: the words of the analysis's
   normalization, without its offset maps), then split it into words, hash
   the word k-shingles and compute the one-permutation MinHash signatures
   (`compare.sketch.minhash`), a chunk of texts at a time in compiled loops
   (`compare.sketch.kernels`). Texts are not kept: each document keeps
   its signature (128 x 4 bytes) and shingle sample, and the first
   documents their shingles (8 bytes a word) until `hold_mb` is used
   (`compare.dedup.held`), for verification; memory beyond that grows
   with the number of documents, not their length.
2. **Candidates**: LSH banding over the signature matrix
   (`compare.sketch.lsh`: b bands of r rows, optimal for `lsh_threshold`);
   two documents whose rows agree in any band are candidates. A pair of
   Jaccard s is proposed with probability 1 - (1 - s^r)^b. Candidates
   whose signatures agree on fewer than ``threshold - 4 sigma`` of positions
   (sigma = sqrt(t(1 - t) / num_perm), the estimate's standard error at the
   threshold t) are dropped before the exact check: such a pair is below the
   threshold with near certainty, and most chance band collisions go here.
   Edited copies (`coverage`, on by default) and excerpts (`containment`)
   are looked for in a content-defined sample of each document's shingles,
   kept while signing (those whose hash is below 2^64 / 16): a text inside
   another has its samples inside the other's. Documents sharing at least
   two samples are candidates when they share at least a tenth of the
   larger sample less a standard error and their signatures agree on a
   Jaccard that sharing implies (edited copies, `compare.dedup.rules.sample_pair_resembles`,
   `compare.dedup.rules.resemblance_floor`), or, with `containment`, a share
   of the smaller one not more than two standard errors below it (excerpts).
3. **Verify** (`compare.dedup.verify`; candidates beyond the held
   documents are read a second time): exact shingle Jaccard, containment
   each way, and the share of each text inside passages shared with the
   other (`compare.dedup.rules.pair_scores`), in worker threads.
   Pairs at or above `threshold`, or with both texts covered at least
   `coverage`, are near-duplicates; with `containment`, a pair where one
   document's shingles are at least that share in the other is an excerpt.
4. **Cluster**: connected components of the near-duplicate pairs
   (union-find); then each cluster holding excerpts joins the cluster of
   its best container (highest containment), one container per cluster,
   so two stories quoting the same passage are not merged through it. The
   representative of a cluster is its first document.

The rules (which candidates to verify, what passes, how clusters form)
are `compare.dedup.rules`, which the Spark engine applies too.

Every step is deterministic and independent of `jobs` and `chunk_size`:
chunks are processed in order and results are sorted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..sketch.kernels import SignedTexts
from ..sketch.lsh import band_candidates, unique_pairs
from ..sketch.pairs import agreeing_positions, shared_sample_pairs
from ..util.parallel import chunks, map_threads_in_order
from .held import HeldShingles
from .options import CHUNK_CHARACTERS, DedupOptions, text_length
from .rules import (
    DuplicatePair,
    cluster_labels,
    resemblance_floor,
    sample_pair_kept,
    sample_pair_least,
    sample_pair_resembles,
    signature_floor,
)
from .verify import verify

__all__ = ["DedupResult", "Signed", "deduplicate", "sample_candidates", "sign", "sign_all"]


@dataclass
class Signed:
    """What signing keeps of each document: id, signature (uint32), number of
    shingles (repeats counted), and its shingle sample (`samples`, the
    hashes, sorted by document and hash; `sampled`, their document); and
    the shingles of the first documents, for verification (`held`)."""

    ids: list[str]
    signatures: np.ndarray
    sizes: np.ndarray
    samples: np.ndarray
    sampled: np.ndarray
    held: HeldShingles = field(default_factory=lambda: HeldShingles(0), repr=False)

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


def _sign_chunk(args: tuple[list[str], DedupOptions, bool]) -> SignedTexts:
    """Signatures, shingle counts and shingle samples of a chunk of texts,
    and their shingles if `keep`."""
    texts, options, keep = args
    return options.minhasher().batch_signatures(texts, options.sample_below, keep)


def sign(
    records: Iterable[tuple[str, str]], options: DedupOptions | None = None
) -> tuple[list[str], np.ndarray]:
    """Ids and MinHash signatures (uint32, one row per document) of ``(id, text)`` records.

    >>> ids, sigs = sign([("a", "one two three four five six"), ("b", "")])
    >>> ids, sigs.shape, int(sigs[1].min()) == 2**32 - 1
    (['a', 'b'], (2, 128), True)
    """
    signed = sign_all(records, replace(options or DedupOptions(), hold_mb=0))  # nothing to verify
    return signed.ids, signed.signatures


def sign_all(records: Iterable[tuple[str, str]], options: DedupOptions) -> Signed:
    """Everything signing keeps of the records (`Signed`), and the shingles
    of the first documents, as many as `DedupOptions.hold_mb` allows."""
    ids: list[str] = []
    starts: list[int] = []
    held = HeldShingles(int(options.hold_mb * 2**20))

    def texts() -> Iterator[tuple[list[str], DedupOptions, bool]]:
        for chunk in chunks(records, options.chunk_size, text_length, CHUNK_CHARACTERS):
            starts.append(len(ids))
            ids.extend(i for i, _ in chunk)
            yield [t for _, t in chunk], options, held.open

    signatures = _Growing(np.uint32, options.num_perm)
    sizes, samples, sampled = _Growing(np.int64), _Growing(np.uint64), _Growing(np.int64)
    for n, block in enumerate(map_threads_in_order(_sign_chunk, texts(), options.jobs)):
        held.add(starts[n], block.shingles, block.sizes)  # the chunk was read, so its start is known
        signatures.extend(block.signatures)
        sizes.extend(block.sizes)
        samples.extend(block.samples)
        sampled.extend(block.sampled + starts[n])
    return Signed(ids, signatures.done(), sizes.done(), samples.done(), sampled.done(), held)


class _Growing:
    """An array (of rows of `width` values, if given) extended block by
    block. It grows in place, doubling (numpy's `resize`, a ``realloc``:
    large arrays are remapped, not copied), so memory holds the values
    once, not once in blocks and again joined."""

    def __init__(self, dtype: type, width: int | None = None) -> None:
        self.shape = () if width is None else (width,)
        self.array = np.empty((1024, *self.shape), dtype=dtype)
        self.size = 0

    def extend(self, values: np.ndarray) -> None:
        end = self.size + len(values)
        if end > len(self.array):
            self.array.resize((max(end, 2 * len(self.array)), *self.shape), refcheck=False)
        self.array[self.size : end] = values
        self.size = end

    def done(self) -> np.ndarray:
        """The values; the unused room is given back."""
        self.array.resize((self.size, *self.shape), refcheck=False)
        return self.array


# --- 2. Candidates -------------------------------------------------------------------------------


def sample_candidates(
    samples: np.ndarray,
    sampled: np.ndarray,
    n: int,
    containment: float | None,
    max_bucket: int = 50,
    signatures: np.ndarray | None = None,
    jobs: int = 1,
) -> np.ndarray:
    """Pairs ``(i, j)``, i < j, of the n documents whose shingle samples
    suggest that one is contained in the other at `containment` or more
    (None: not looked for), or, given the documents' `signatures`, that
    they may be edited copies of each other (`compare.dedup.rules.sample_pair_resembles`,
    and signatures agreeing on at least `compare.dedup.rules.resemblance_floor`
    of positions); sorted, unique.

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
    counts = np.bincount(sampled, minlength=n)
    need = sample_pair_least(counts, containment, signatures is not None)
    a, b, common = shared_sample_pairs(samples, sampled, n, max_bucket, 2, jobs, need)
    keep = np.zeros(len(a), dtype=bool)
    if containment is not None:
        keep |= sample_pair_kept(common, np.minimum(counts[a], counts[b]), containment)
    if signatures is not None:
        maybe = np.flatnonzero(sample_pair_resembles(common, np.maximum(counts[a], counts[b])) & ~keep)
        pairs = np.stack([a[maybe], b[maybe]], axis=1)
        keep[maybe[_agreeing(signatures, pairs, resemblance_floor(signatures.shape[1]), jobs)]] = True
    return np.stack([a[keep], b[keep]], axis=1)


def _likely(signatures: np.ndarray, pairs: np.ndarray, threshold: float, jobs: int) -> np.ndarray:
    """The candidate pairs whose signature estimate is not far below `threshold`."""
    return pairs[_agreeing(signatures, pairs, signature_floor(threshold, signatures.shape[1]), jobs)]


def _agreeing(signatures: np.ndarray, pairs: np.ndarray, floor: float, jobs: int) -> np.ndarray:
    """Whether the signatures of each pair agree on at least `floor` of positions
    (`compare.dedup.rules.signature_agreement`, counted without copying rows)."""
    return agreeing_positions(signatures, pairs, jobs) / signatures.shape[1] >= floor


def _read_twice(records: Sequence[tuple[str, str]]) -> Callable[[], Iterable[tuple[str, str]]]:
    return lambda: records


# --- 4. Clusters ---------------------------------------------------------------------------------


def deduplicate(
    records: Callable[[], Iterable[tuple[str, str]]] | Sequence[tuple[str, str]],
    options: DedupOptions | None = None,
) -> DedupResult:
    """Duplicate pairs and clusters of the ``(id, text)`` records that `records()` yields.

    `records` is called to sign the texts, and once more when candidates
    lie beyond the documents whose shingles signing held (`hold_mb`), so
    texts are streamed and never all held in memory; both calls must yield
    the same records in the same order. A list (any sequence) of records
    is read again instead; a one-pass iterator is refused (TypeError). For
    DataFrames and datasets, see `compare.dedup.frames`.

    >>> docs = [("a", "the cat sat on the mat today " * 3), ("b", "the cat sat on the mat today " * 3),
    ...         ("c", "a completely different text about the weather in spring")]
    >>> result = deduplicate(lambda: docs)
    >>> result.clusters, [(p.a, p.b, p.jaccard) for p in result.pairs]
    ([[0, 1]], [(0, 1, 1.0)])
    """
    options = options or DedupOptions()
    if not callable(records):
        if not isinstance(records, Sequence):
            raise TypeError(
                "records: a function returning the (id, text) records, or a list of them "
                f"(they may be read twice), not a {type(records).__name__}"
            )
        records = _read_twice(records)
    seconds = {}
    start = time.perf_counter()
    signed = sign_all(records(), options)
    seconds["sign"] = time.perf_counter() - start

    start = time.perf_counter()
    bands, rows = options.bands()
    proposed = band_candidates(signed.signatures, bands, rows, options.max_bucket, options.jobs)
    likely = _likely(signed.signatures, proposed, options.threshold, options.jobs)
    if options.containment is not None or options.coverage is not None:
        n = len(signed.ids)
        excerpts = sample_candidates(
            signed.samples,
            signed.sampled,
            n,
            options.containment,
            options.max_bucket,
            signed.signatures if options.coverage is not None else None,
            options.jobs,
        )
        proposed = unique_pairs(np.concatenate([proposed, excerpts]), n)
        likely = unique_pairs(np.concatenate([likely, excerpts]), n)
    seconds["candidates"] = time.perf_counter() - start

    start = time.perf_counter()
    pairs = verify(records, likely, signed.held, options)
    signed.held = HeldShingles(0)  # the texts' shingles are not needed any more
    seconds["verify"] = time.perf_counter() - start

    start = time.perf_counter()
    cluster = cluster_labels(len(signed.ids), pairs)
    seconds["cluster"] = time.perf_counter() - start
    return DedupResult(signed.ids, pairs, cluster, len(proposed), options, signed, seconds)

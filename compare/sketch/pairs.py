"""Compiled loops that compare documents two by two.

* `shared_sample_pairs`: which documents share shingle samples, and how
  many (the candidates of excerpts and edited copies);
* `shared_key_pairs`: which documents share an LSH band key (the
  candidates of near-duplicates, `compare.sketch.lsh`);
* `agreeing_positions`: on how many positions two signatures agree (the
  estimate that drops most chance candidates);
* `pair_overlaps`: for given pairs of shingle sequences, the distinct
  shingles of each, how many they share, and how many words of each lie in
  passages both share (the exact scores of verification).

Equal hashes are grouped by `compare.sketch.radix`'s linear-time sort.
Like `compare.sketch.kernels`, the loops are compiled by numba, cached on
disk and release the GIL, so threads run them on separate cores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numba import njit

from .radix import hash_order

__all__ = ["Overlaps", "agreeing_positions", "pair_overlaps", "shared_key_pairs", "shared_sample_pairs"]

T = TypeVar("T")
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of h * 2^64 / phi


def _even(n: int, parts: int) -> list[int]:
    """Bounds cutting ``0 .. n`` into `parts` runs of about equal length."""
    return np.linspace(0, n, max(1, parts) + 1).round().astype(int).tolist()


def _in_threads(fn: Callable[[int, int], T], bounds: Sequence[int], jobs: int) -> list[T]:
    """``fn(first, last)`` for each run between consecutive `bounds`, in
    `jobs` threads (the compiled loops release the GIL); in order."""
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(fn, bounds[:-1], bounds[1:]))


# --- Shared samples ------------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _shared_sample_kernel(
    first_doc,
    last_doc,
    doc_start,
    members,
    partners_from,
    partners_to,
    least,
    need_larger,
    need_smaller,
):
    """Pairs (d, e), first_doc <= d < last_doc, d < e, sharing `least` samples
    or more, and at least `need_larger` of the one with more samples or
    `need_smaller` of the other; by d, then e. Sample p of d is shared with
    ``members[partners_from[p]:partners_to[p]]`` (`_sample_partners`)."""
    n = len(doc_start) - 1
    counter = np.zeros(n, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    out_a = np.empty(1024, dtype=np.int64)
    out_b = np.empty(1024, dtype=np.int64)
    out_shared = np.empty(1024, dtype=np.int64)
    found = 0
    for d in range(first_doc, last_doc):
        count = 0
        for p in range(doc_start[d], doc_start[d + 1]):
            for t in range(partners_from[p], partners_to[p]):
                e = members[t]
                if counter[e] == 0:
                    touched[count] = e
                    count += 1
                counter[e] += 1
        kept = 0
        size_d = doc_start[d + 1] - doc_start[d]
        for t in range(count):
            e = touched[t]
            if doc_start[e + 1] - doc_start[e] > size_d:
                big, small = e, d
            else:
                big, small = d, e
            shared = counter[e]
            if shared >= least and (shared >= need_larger[big] or shared >= need_smaller[small]):
                touched[kept] = e
                kept += 1
            else:
                counter[e] = 0
        touched[:kept].sort()
        for t in range(kept):
            e = touched[t]
            if found == len(out_a):
                out_a = np.concatenate((out_a, np.empty(found, dtype=np.int64)))
                out_b = np.concatenate((out_b, np.empty(found, dtype=np.int64)))
                out_shared = np.concatenate((out_shared, np.empty(found, dtype=np.int64)))
            out_a[found] = d
            out_b[found] = e
            out_shared[found] = counter[e]
            found += 1
            counter[e] = 0
    return out_a[:found], out_b[:found], out_shared[:found]


@njit(cache=True, nogil=True)
def _sample_partners(samples, sampled, max_bucket):
    """Group the samples by hash, each group's documents in order: `members`
    (the documents, group after group), and for each sample p the later
    documents it pairs with, ``members[start[p]:end[p]]``. A group of more
    than `max_bucket` documents pairs its first document with each other
    one, and no other."""
    m = len(samples)
    hashes, source = hash_order(samples)
    members = sampled[source]
    start = np.zeros(m, dtype=np.int64)
    end = np.zeros(m, dtype=np.int64)
    group = 0
    while group < m:
        stop = group + 1
        while stop < m and hashes[stop] == hashes[group]:
            stop += 1
        if stop - group <= max_bucket:
            for t in range(group, stop):
                start[source[t]], end[source[t]] = t + 1, stop
        else:
            start[source[group]], end[source[group]] = group + 1, stop
        group = stop
    return members, start, end


def shared_sample_pairs(
    samples: np.ndarray,
    sampled: np.ndarray,
    n: int,
    max_bucket: int,
    least: int,
    jobs: int = 1,
    need: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (a < b) of n documents sharing at least `least` sample hashes,
    and how many they share; by a, then b. `samples` are distinct per
    document and sorted by document (`sampled`). A hash held by more than
    `max_bucket` documents pairs only its first document with the others.
    With `need` (two arrays, one value per document), a pair must also
    share at least ``need[0][x]`` hashes, x the one of the two with more
    samples (the first when tied), or ``need[1][y]``, y the other one.

    For each document, the counters of its later partners are incremented
    once per shared hash: time grows with the pairs that share a hash,
    memory with n, and no array of all those pairs is built or sorted. With
    `jobs` > 1 the documents are split into that many runs of about equal
    samples, each counted in its own thread; the result does not depend on
    `jobs`.

    >>> a, b, shared = shared_sample_pairs(np.array([5, 7, 5, 7, 5], dtype=np.uint64),
    ...                                    np.array([0, 0, 1, 1, 2]), 3, 50, 2)
    >>> a.tolist(), b.tolist(), shared.tolist()
    ([0], [1], [2])
    """
    samples = np.ascontiguousarray(samples, dtype=np.uint64)
    sampled = np.ascontiguousarray(sampled, dtype=np.int64)
    members, partners_from, partners_to = _sample_partners(samples, sampled, max_bucket)
    doc_start = np.searchsorted(sampled, np.arange(n + 1))
    need_larger, need_smaller = need if need is not None else (np.zeros(n, np.int64), np.zeros(n, np.int64))
    cuts = np.searchsorted(doc_start, np.linspace(0, len(samples), max(1, jobs) + 1)[1:-1])
    bounds = [0, *sorted(set(cuts.tolist()) - {0, n}), n]

    def count(first: int, last: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return _shared_sample_kernel(
            first, last, doc_start, members, partners_from, partners_to, least, need_larger, need_smaller
        )

    parts = _in_threads(count, bounds, jobs)
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))  # type: ignore[return-value]


# --- Shared band keys ----------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _band_pairs_kernel(keys, first_band, last_band, max_bucket):
    """Pairs (d, e), d < e, of rows of `keys` equal in a column of
    ``first_band .. last_band - 1`` (with repeats: one per band); buckets
    as shared samples group (`_sample_partners`: a bucket of more than
    `max_bucket` rows pairs its first row with each other one)."""
    n = keys.shape[0]
    rows = np.arange(n)
    out_a = np.empty(1024, dtype=np.int64)
    out_b = np.empty(1024, dtype=np.int64)
    found = 0
    for band in range(first_band, last_band):
        members, start, end = _sample_partners(np.ascontiguousarray(keys[:, band]), rows, max_bucket)
        more = int((end - start).sum())
        while found + more > len(out_a):
            out_a = np.concatenate((out_a, np.empty(len(out_a), dtype=np.int64)))
            out_b = np.concatenate((out_b, np.empty(len(out_b), dtype=np.int64)))
        for d in range(n):
            for t in range(start[d], end[d]):
                out_a[found] = d
                out_b[found] = members[t]
                found += 1
    return out_a[:found], out_b[:found]


def shared_key_pairs(
    keys: np.ndarray, max_bucket: int | None, jobs: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a, b), a < b, of rows of `keys` (one uint64 column a band) equal
    in some column, once per such column, by column then a, then b. A bucket
    of more than `max_bucket` rows (None: no limit) pairs its first row with
    each of the others. The columns are split among `jobs` threads; the
    result does not depend on `jobs`.

    >>> keys = np.array([[1, 5], [1, 6], [2, 5]], dtype=np.uint64)
    >>> [x.tolist() for x in shared_key_pairs(keys, 50)]
    [[0, 0], [1, 2]]
    """
    keys = np.ascontiguousarray(keys, dtype=np.uint64)
    n, bands = keys.shape
    limit = n if max_bucket is None else max_bucket

    def pairs(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        return _band_pairs_kernel(keys, first, last, limit)

    parts = _in_threads(pairs, _even(bands, min(jobs, bands)), jobs)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


# --- Agreeing signatures -----------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _agreement_kernel(signatures, rows_a, rows_b, out):
    for p in range(len(rows_a)):
        a, b = signatures[rows_a[p]], signatures[rows_b[p]]
        same = 0
        for c in range(len(a)):
            same += a[c] == b[c]
        out[p] = same


def agreeing_positions(signatures: np.ndarray, pairs: np.ndarray, jobs: int = 1) -> np.ndarray:
    """For each pair ``(a, b)`` of `pairs`, on how many positions the
    signatures of rows a and b agree; no rows are copied, and `jobs` threads
    share the pairs.

    >>> sigs = np.array([[1, 2, 3, 4], [1, 2, 0, 4], [5, 6, 7, 8]], dtype=np.uint32)
    >>> agreeing_positions(sigs, np.array([[0, 1], [0, 2]])).tolist()
    [3, 0]
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    rows_a, rows_b = np.ascontiguousarray(pairs[:, 0]), np.ascontiguousarray(pairs[:, 1])
    out = np.zeros(len(pairs), dtype=np.int64)

    def count(first: int, last: int) -> None:
        _agreement_kernel(signatures, rows_a[first:last], rows_b[first:last], out[first:last])

    _in_threads(count, _even(len(pairs), jobs), jobs)
    return out


# --- Shingles two texts share --------------------------------------------------------------------


@njit(inline="always")
def _slot(h, bits):
    return np.int64((h * _GOLDEN) >> np.uint64(64 - bits))


@njit
def _insert(keys, stamps, stamp, bits, seq, fresh):
    """Put the hashes of `seq` in the table (`keys`, its slots in use this
    round marked `stamp`); `fresh[i]`: whether ``seq[i]`` was not in it yet.
    The number of distinct hashes."""
    mask = (1 << bits) - 1
    distinct = 0
    for i in range(len(seq)):
        h = seq[i]
        s = _slot(h, bits)
        while stamps[s] == stamp and keys[s] != h:
            s = (s + 1) & mask
        fresh[i] = stamps[s] != stamp
        if fresh[i]:
            stamps[s] = stamp
            keys[s] = h
            distinct += 1
    return distinct


@njit
def _holds(keys, stamps, stamp, bits, h):
    mask = (1 << bits) - 1
    s = _slot(h, bits)
    while stamps[s] == stamp:
        if keys[s] == h:
            return True
        s = (s + 1) & mask
    return False


@njit
def _covered(shared, k, bridge):
    """Words inside shared passages: each shared shingle covers its k words,
    and a gap of at most `bridge` words between two shared shingles too."""
    covered = 0
    last = -1  # position of the last shared shingle
    for i in range(len(shared)):
        if shared[i]:
            if last < 0:
                covered += k
            else:
                step = i - last
                covered += step if step <= k + bridge else k
            last = i
    return covered


@njit(cache=True, nogil=True)
def _overlap_kernel(flat, bounds, rows_a, rows_b, k, bridge, out):
    """`pair_overlaps` of the pairs (rows_a[p], rows_b[p]) of the sequences
    ``flat[bounds[r]:bounds[r + 1]]``, into the rows of `out`."""
    longest = 1
    for r in range(len(bounds) - 1):
        longest = max(longest, bounds[r + 1] - bounds[r])
    bits = 1
    while (1 << bits) < 2 * longest:
        bits += 1
    size = 1 << bits
    keys_a, keys_b = np.empty(size, np.uint64), np.empty(size, np.uint64)
    stamps_a, stamps_b = np.zeros(size, np.int64), np.zeros(size, np.int64)
    fresh_a, fresh_b = np.empty(longest, np.bool_), np.empty(longest, np.bool_)
    shared_a, shared_b = np.empty(longest, np.bool_), np.empty(longest, np.bool_)
    stamp_a = stamp_b = 0  # the round a table's slots in use are marked with
    distinct_a = distinct_b = 0
    for p in range(len(rows_a)):
        seq_a = flat[bounds[rows_a[p]] : bounds[rows_a[p] + 1]]
        seq_b = flat[bounds[rows_b[p]] : bounds[rows_b[p] + 1]]
        # A text in the pair before on the same side keeps its table (pairs come
        # sorted by one side: each text of a cluster is in several).
        if p == 0 or rows_a[p] != rows_a[p - 1]:
            stamp_a += 1
            distinct_a = _insert(keys_a, stamps_a, stamp_a, bits, seq_a, fresh_a)
        if p == 0 or rows_b[p] != rows_b[p - 1]:
            stamp_b += 1
            distinct_b = _insert(keys_b, stamps_b, stamp_b, bits, seq_b, fresh_b)
        out[p, 0] = distinct_a
        out[p, 1] = distinct_b
        common = 0
        for j in range(len(seq_b)):
            shared_b[j] = _holds(keys_a, stamps_a, stamp_a, bits, seq_b[j])
            common += shared_b[j] and fresh_b[j]
        for i in range(len(seq_a)):
            shared_a[i] = _holds(keys_b, stamps_b, stamp_b, bits, seq_a[i])
        out[p, 2] = common
        out[p, 3] = _covered(shared_a[: len(seq_a)], k, bridge)
        out[p, 4] = _covered(shared_b[: len(seq_b)], k, bridge)
        out[p, 5] = len(seq_a)
        out[p, 6] = len(seq_b)


@dataclass(frozen=True)
class Overlaps:
    """What pairs of texts share, one value per pair: distinct shingles of
    each text (`distinct_a`, `distinct_b`), distinct shingles both hold
    (`shared`), words of each inside passages both share (`covered_a`,
    `covered_b`), and shingles of each in reading order (`length_a`,
    `length_b`)."""

    distinct_a: np.ndarray
    distinct_b: np.ndarray
    shared: np.ndarray
    covered_a: np.ndarray
    covered_b: np.ndarray
    length_a: np.ndarray
    length_b: np.ndarray


def pair_overlaps(
    sequences: Sequence[np.ndarray] | Mapping[int, np.ndarray],
    rows: np.ndarray,
    shingle_size: int,
    bridge: int,
) -> Overlaps:
    """What the pairs of texts ``(sequences[a], sequences[b])`` for each
    ``(a, b)`` of `rows` share, from their shingle hashes in reading order.

    A word is inside a shared passage when a shingle holding it (one of
    `shingle_size` words) is in the other text, or when it lies in a gap of
    at most `bridge` words between two such shingles. Each pair costs one
    hash table per text, built and probed once (a text on the same side of
    the pair before keeps its table); nothing is sorted.

    >>> seqs = [np.arange(10, dtype=np.uint64), np.array([0, 9, 0, 42], np.uint64)]
    >>> o = pair_overlaps(seqs, np.array([[0, 1]]), 5, 20)
    >>> o.distinct_a.tolist(), o.distinct_b.tolist(), o.shared.tolist(), o.covered_a.tolist()
    ([10], [3], [2], [14])
    """
    rows = np.asarray(rows, dtype=np.int64).reshape(-1, 2)
    used, local = np.unique(rows, return_inverse=True)
    local = local.reshape(-1, 2)
    lengths = np.fromiter((len(sequences[r]) for r in used.tolist()), dtype=np.int64, count=len(used))
    bounds = np.zeros(len(used) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    flat = (
        np.concatenate([sequences[r] for r in used.tolist()]).astype(np.uint64, copy=False)
        if len(used)
        else np.zeros(0, dtype=np.uint64)
    )
    out = np.zeros((len(rows), 7), dtype=np.int64)
    if len(rows):
        _overlap_kernel(flat, bounds, local[:, 0].copy(), local[:, 1].copy(), shingle_size, bridge, out)
    return Overlaps(*(out[:, c] for c in range(7)))

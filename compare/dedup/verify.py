"""Verification, the local engine's third step: candidate pairs scored exactly.

Each candidate pair is scored from both texts' shingles in reading order
(`compare.dedup.rules.verified_pairs`). Documents whose shingles signing
held (`compare.dedup.held.HeldShingles`, a prefix of the collection) are
not read again; the others are read a second time, in order, up to the
last one needed, and shingled by `jobs` threads. A pair is scored as soon
as both its texts are at hand, blocks of pairs at a time in worker threads
(the compiled loops release the GIL), and a re-read document's shingles
are dropped once its last pair is handed over, so only those of documents
with pairs still ahead are kept.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from ..sketch.kernels import shingle_sequences
from ..util.parallel import chunks, map_threads_in_order
from .held import HeldShingles
from .options import CHUNK_CHARACTERS, DedupOptions, text_length
from .rules import DuplicatePair, verified_pairs

__all__ = ["verify"]

#: Pairs scored together in one task.
PAIRS_PER_TASK = 2048


def _shingled(args: tuple[list[tuple[int, str]], int]) -> list[tuple[int, np.ndarray]]:
    """Each document's shingle hashes in reading order."""
    docs, shingle_size = args
    sequences = shingle_sequences([text for _, text in docs], shingle_size)
    return [(i, sequence) for (i, _), sequence in zip(docs, sequences, strict=True)]


class _Scoring:
    """Blocks of pairs scored by `jobs` threads (in this thread for one job),
    at most ``2 * jobs`` blocks waiting; results kept in the order given."""

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self.found: list[DuplicatePair] = []
        self.pool = ThreadPoolExecutor(options.jobs) if options.jobs > 1 else None
        self.pending: deque[Future] = deque()

    def submit(self, pairs: np.ndarray, sequences: dict[int, np.ndarray]) -> None:
        if self.pool is None:
            self.found.extend(verified_pairs(pairs, sequences, self.options))
            return
        while len(self.pending) >= 2 * self.options.jobs:
            self.found.extend(self.pending.popleft().result())
        self.pending.append(self.pool.submit(verified_pairs, pairs, sequences, self.options))

    def finish(self) -> list[DuplicatePair]:
        while self.pending:
            self.found.extend(self.pending.popleft().result())
        if self.pool is not None:
            self.pool.shutdown()
        return self.found


def verify(
    records: Callable[[], Iterable[tuple[str, str]]],
    pairs: np.ndarray,
    held: HeldShingles,
    options: DedupOptions,
) -> list[DuplicatePair]:
    """The candidate `pairs` (a < b) that pass, scored exactly, sorted.

    `records` is called again only if a candidate is beyond the documents
    `held`, and read up to the last such candidate.
    """
    scoring = _Scoring(options)
    try:
        by_second = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
        ready = int(np.searchsorted(by_second[:, 1], held.count))  # pairs of held documents only
        for s in range(0, ready, PAIRS_PER_TASK):
            block = by_second[s : min(ready, s + PAIRS_PER_TASK)]
            scoring.submit(block, {d: held[d] for d in np.unique(block).tolist()})
        if ready < len(by_second):
            _verify_read(records(), by_second[ready:], held, options, scoring)
    finally:
        found = scoring.finish()
    return sorted(found, key=lambda p: (p.a, p.b))


def _verify_read(
    records: Iterable[tuple[str, str]],
    by_second: np.ndarray,
    held: HeldShingles,
    options: DedupOptions,
    scoring: _Scoring,
) -> None:
    """Score `by_second` (pairs by their second document, each beyond the
    held ones) while reading the documents they need that are not held."""
    needed = set(np.unique(by_second).tolist())
    last = int(by_second[-1, 1])
    wanted = ((i, text) for i, (_, text) in enumerate(records) if i >= held.count and i in needed)
    documents = chunks(_until(wanted, last), options.chunk_size, text_length, CHUNK_CHARACTERS)
    work = ((chunk, options.shingle_size) for chunk in documents)
    last_use: dict[int, int] = {}
    for a, b in by_second.tolist():
        last_use[a] = last_use[b] = b
    done_with = sorted((use, i) for i, use in last_use.items() if i >= held.count)
    freed = 0
    read: dict[int, np.ndarray] = {}
    at = 0
    for block in map_threads_in_order(_shingled, work, options.jobs):
        read.update(block)
        upto = block[-1][0]
        end = int(np.searchsorted(by_second[:, 1], upto, side="right"))
        for s in range(at, end, PAIRS_PER_TASK):
            chunk = by_second[s : min(end, s + PAIRS_PER_TASK)]
            docs = np.unique(chunk).tolist()
            scoring.submit(chunk, {d: read[d] if d >= held.count else held[d] for d in docs})
        at = end
        while freed < len(done_with) and done_with[freed][0] <= upto:
            del read[done_with[freed][1]]
            freed += 1
    if at < len(by_second):
        raise ValueError(
            f"the records ended before document {int(by_second[at, 1])} on the second reading: "
            "records() must give the same records each time it is called"
        )


def _until(documents: Iterable[tuple[int, str]], last: int) -> Iterator[tuple[int, str]]:
    """The documents up to and including index `last`; the rest is not read."""
    for i, text in documents:
        yield i, text
        if i >= last:
            return

"""The shingles of the first documents, held from signing to verification.

Verification needs each candidate's shingles in reading order. Signing
computes them anyway, so the local engine holds them (8 bytes per word)
for as many documents as `DedupOptions.hold_mb` allows, and reads and
shingles again only the candidates beyond: a collection that fits is read
once. What is held is always a prefix of the collection (documents 0 to
`count` - 1), so the documents read again are the last ones, and a second
read can stop at the last of them.
"""

from __future__ import annotations

import bisect

import numpy as np

__all__ = ["HeldShingles"]


class HeldShingles:
    """Shingle hashes of documents 0 .. `count` - 1, in blocks as signing
    made them, within a budget of `budget` bytes.

    >>> held = HeldShingles(budget=1000)
    >>> held.add(0, np.arange(5, dtype=np.uint64), np.array([2, 3]))
    >>> held.count, held[1].tolist()
    (2, [2, 3, 4])
    >>> held.add(2, np.arange(200, dtype=np.uint64), np.array([200]))  # over the budget
    >>> held.count, held.open
    (2, False)
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.count = 0
        self.open = budget > 0
        self._firsts: list[int] = []
        self._blocks: list[np.ndarray] = []
        self._bounds: list[np.ndarray] = []

    def add(self, first: int, shingles: np.ndarray | None, sizes: np.ndarray) -> None:
        """Hold the block of documents `first`, ... (their `shingles` one
        after the other, `sizes` of each), if it follows the documents held
        and fits the budget; else hold no more documents."""
        if (
            not self.open
            or shingles is None
            or first != self.count
            or self.used + shingles.nbytes > self.budget
        ):
            self.open = False
            return
        bounds = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=bounds[1:])
        self._firsts.append(first)
        self._blocks.append(shingles)
        self._bounds.append(bounds)
        self.used += shingles.nbytes
        self.count += len(sizes)

    def __getitem__(self, doc: int) -> np.ndarray:
        """The shingle hashes of document `doc` (< `count`), in reading order."""
        if not 0 <= doc < self.count:
            raise KeyError(doc)
        block = bisect.bisect_right(self._firsts, doc) - 1
        bounds, at = self._bounds[block], doc - self._firsts[block]
        return self._blocks[block][bounds[at] : bounds[at + 1]]

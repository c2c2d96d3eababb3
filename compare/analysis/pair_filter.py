"""Which pairs of documents a study wants compared: by date and by source.

A scholar tracing reprints through an archive usually asks about documents
printed close together in time, and about reuse between outlets, not
inside one (passim's pair filters do the same). Dropping the other pairs
before alignment saves the costliest step and keeps them out of the
result:

* `max_days_apart`: two documents dated more than this many days apart
  are not compared. A date is read from the first ten characters of the
  document's date field (``YYYY-MM-DD``, as ISO 8601 dates and times
  begin); a document without a readable date is compared with every other
  (its date is unknown, so no pair of it is known to be too far apart);
* `across_sources`: two documents of the same source are not compared.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["PairMask", "allowed_pairs", "document_day"]


def document_day(date: str) -> int | None:
    """The day of a date field (days since 0001-01-01), or None when it has no
    readable ``YYYY-MM-DD`` start.

    >>> document_day("2026-11-03T08:15:00Z") - document_day("2026-11-01")
    2
    >>> document_day("yesterday") is None
    True
    """
    try:
        return datetime.date.fromisoformat(date.strip()[:10]).toordinal()
    except ValueError:
        return None


def allowed_pairs(
    pairs: Iterable[tuple[int, int]],
    dates: Sequence[str],
    sources: Sequence[str],
    max_days_apart: int | None = None,
    across_sources: bool = False,
) -> list[tuple[int, int]]:
    """The pairs ``(i, j)`` of documents with these `dates` and `sources`
    that the filter keeps, in their order (see the module; `PairMask.kept`).

    >>> allowed_pairs([(0, 1), (0, 2), (1, 2)], ["2026-01-01", "2026-03-01", ""], ["A", "B", "B"],
    ...               max_days_apart=30, across_sources=True)
    [(0, 2)]
    """
    return PairMask(dates, sources, max_days_apart, across_sources).kept(pairs)


class PairMask:
    """The filter over documents with these `dates` and `sources`, built
    once: for given pairs (`kept`), and for one document and many others at
    once (calling it), for the rankings that choose candidates, so a
    document's k nearest are chosen among the pairs the filter keeps, not
    before it.

    >>> mask = PairMask(["2026-01-01", "2026-03-01", ""], ["A", "B", "B"], 30, False)
    >>> mask(0, np.array([1, 2])).tolist()
    [False, True]
    """

    def __init__(
        self, dates: Sequence[str], sources: Sequence[str], max_days_apart: int | None, across_sources: bool
    ) -> None:
        days = [document_day(d) for d in dates]
        self.dated = np.array([d is not None for d in days], dtype=bool)
        self.days = np.array([d if d is not None else 0 for d in days], dtype=np.int64)
        self.sources = np.unique(np.asarray(list(sources), dtype=object), return_inverse=True)[1]
        self.max_days_apart = max_days_apart
        self.across_sources = across_sources

    def _keeps(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether the filter keeps each pair ``(a[i], b[i])``."""
        keep = np.ones(len(a), dtype=bool)
        if self.across_sources:
            keep &= self.sources[a] != self.sources[b]
        if self.max_days_apart is not None:
            near = np.abs(self.days[a] - self.days[b]) <= self.max_days_apart
            keep &= near | ~self.dated[a] | ~self.dated[b]
        return keep

    def __call__(self, document: int, others: np.ndarray) -> np.ndarray:
        """Whether the filter keeps the pair of `document` with each of `others`."""
        return self._keeps(np.full(len(others), document, dtype=np.int64), np.asarray(others))

    def kept(self, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """The `pairs` the filter keeps, in their order."""
        pairs = list(pairs)
        if not pairs:
            return []
        ends = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        keep = self._keeps(ends[:, 0], ends[:, 1])
        return [pair for pair, k in zip(pairs, keep.tolist(), strict=True) if k]

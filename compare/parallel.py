"""Work spread over processes, results in input order.

Both the batch deduplication and the analysis cut their work into chunks
and hand them to ``jobs`` forked worker processes. Results come back in the
order of the chunks, so the output never depends on `jobs`. Workers are
forked, so they start with the parent's memory: data a task needs besides
its chunk (the prepared corpus of an analysis) is set with `shared` before
the pool starts and read with `shared_value` in the worker, instead of
being pickled for every task.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["available_cores", "map_in_order", "shared", "shared_value"]

_SHARED: dict[str, Any] = {}


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def shared(**values: Any) -> Iterator[None]:
    """Make `values` readable by `shared_value` in this process and in the
    workers of `map_in_order` calls made inside the ``with`` block."""
    _SHARED.update(values)
    try:
        yield
    finally:
        for key in values:
            _SHARED.pop(key, None)


def shared_value(key: str) -> Any:
    return _SHARED[key]


def map_in_order(fn: Callable, work: Iterable, jobs: int) -> Iterator:
    """``map(fn, work)``, over `jobs` forked processes when jobs > 1, in order."""
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    if jobs == 1:
        yield from map(fn, work)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(fn, work)

"""Work spread over processes or threads, results in input order.

Work is cut into chunks and handed to ``jobs`` workers; results come back in
the order of the chunks, so the output never depends on `jobs`.

* `map_in_order` uses forked processes, for Python-heavy work (the
  analysis). Workers start with the parent's memory: data a task needs
  besides its chunk (the prepared corpus) is set with `shared` before the
  pool starts and read with `shared_value` in the worker, instead of being
  pickled for every task. Where processes cannot fork (Windows), they are
  spawned and the shared data is pickled once per worker instead.
* `map_threads_in_order` uses threads, for work done in compiled loops that
  release the GIL (batch signing, `compare.sketch.kernels`): nothing is copied
  between processes, and the texts are read while others are hashed.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

__all__ = [
    "available_cores",
    "chunks",
    "map_in_order",
    "map_threads_in_order",
    "shared",
    "shared_value",
    "start_method",
]

_SHARED: dict[str, Any] = {}
_END = object()


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


def start_method() -> str:
    """How worker processes start: ``fork`` where the platform can, else ``spawn``."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _install(values: dict[str, Any]) -> None:
    """A spawned worker's copy of the `shared` values."""
    _SHARED.update(values)


def map_in_order(fn: Callable, work: Iterable, jobs: int) -> Iterator:
    """``map(fn, work)``, over `jobs` processes when jobs > 1, in order."""
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    if jobs == 1:
        yield from map(fn, work)
        return
    method = start_method()
    context = multiprocessing.get_context(method)
    setup: dict[str, Any] = (
        {} if method == "fork" else {"initializer": _install, "initargs": (dict(_SHARED),)}
    )
    with context.Pool(jobs, **setup) as pool:
        yield from pool.imap(fn, work)


def chunks(
    items: Iterable, size: int, weight: Callable[[Any], int] | None = None, most: int = 0
) -> Iterator[list]:
    """Lists of `size` consecutive items (the last may be shorter), read
    lazily; with `weight`, a list also ends once its items weigh `most` or
    more (long texts make short lists, so a list's memory stays bounded).

    >>> list(chunks(range(5), 2))
    [[0, 1], [2, 3], [4]]
    >>> list(chunks(["a", "bbb", "c", "d"], 3, weight=len, most=3))
    [['a', 'bbb'], ['c', 'd']]
    """
    chunk: list = []
    heavy = 0
    for item in items:
        chunk.append(item)
        if weight is not None:
            heavy += weight(item)
        if len(chunk) == size or (weight is not None and heavy >= most):
            yield chunk
            chunk = []
            heavy = 0
    if chunk:
        yield chunk


def map_threads_in_order(fn: Callable, work: Iterable, jobs: int) -> Iterator:
    """``map(fn, work)`` over `jobs` threads when jobs > 1, in order, with at
    most ``2 * jobs`` chunks read ahead (so a stream is never read whole)."""
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    if jobs == 1:
        yield from map(fn, work)
        return
    items = iter(work)
    with ThreadPoolExecutor(jobs) as pool:
        pending = deque(pool.submit(fn, item) for item in itertools.islice(items, 2 * jobs))
        while pending:
            result = pending.popleft().result()
            following = next(items, _END)
            if following is not _END:
                pending.append(pool.submit(fn, following))
            yield result

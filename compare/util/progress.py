"""Progress of a long run, reported by stage.

The analysis and the report call a `Progress` as they go: ``progress(stage,
done, total)``, with the stage's name ("prepare", "pairs", "pages"…), the
units done and the units it has. The library never prints; the command line
turns the calls into progress bars on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

__all__ = ["Progress", "counted", "step"]

Progress = Callable[[str, int, int], None]

T = TypeVar("T")


def counted(results: Iterable[T], sizes: Sequence[int], stage: str, progress: Progress | None) -> Iterator[T]:
    """The results of work done in batches of `sizes` units, unchanged,
    reporting after each how many units are done.

    >>> calls = []
    >>> list(counted(["a", "b"], [2, 1], "demo", lambda *a: calls.append(a)))
    ['a', 'b']
    >>> calls
    [('demo', 0, 3), ('demo', 2, 3), ('demo', 3, 3)]
    """
    if progress is None:
        yield from results
        return
    total = sum(sizes)
    progress(stage, 0, total)
    done = 0
    for result, size in zip(results, sizes, strict=True):
        done += size
        yield result
        progress(stage, done, total)


def step(stage: str, progress: Progress | None) -> None:
    """Report a stage done in one step (it has no parts to count)."""
    if progress is not None:
        progress(stage, 1, 1)

"""A process and its descendants, read from /proc (Linux), for the benchmarks'
memory and CPU figures of commands that start a JVM or worker processes."""

from __future__ import annotations

from pathlib import Path


def process_tree(root: int) -> set[int]:
    """`root` and every live process descending from it."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree

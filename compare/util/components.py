"""Connected components of a graph given by its edges (union-find).

One implementation for every place that groups documents: near-duplicate
clusters of the analysis and of batch deduplication, and the evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["component_labels"]


def component_labels(n: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """Connected-component label (its smallest member) of each of `n` nodes (union-find).

    >>> component_labels(5, [(3, 1), (1, 4)])
    [0, 1, 2, 1, 1]
    """
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]

"""Connected components on Spark give union-find's labels (`component_labels`)."""

from __future__ import annotations

import random

import pytest

from compare.spark.graph import connected_components
from compare.util.components import component_labels

pytestmark = pytest.mark.spark


def _graphs() -> list[tuple[int, list[tuple[int, int]]]]:
    rng = random.Random(3)
    graphs = [
        (6, []),
        (5, [(3, 1), (1, 4)]),
        (9, [(i, i + 1) for i in range(8)]),  # a path: the longest chain of links
        (9, [(8 - i, 7 - i) for i in range(8)]),  # the same path, numbered the other way
        (7, [(0, 6), (6, 0), (2, 2), (5, 3)]),  # repeats and a self-loop
    ]
    for n in (30, 120):
        edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(n // 2)]
        graphs.append((n, edges))
    return graphs


@pytest.mark.parametrize(("n", "edges"), _graphs())
def test_labels_are_union_finds(spark, n, edges):
    frame = spark.createDataFrame(edges, "a long, b long")
    got = {r["node"]: r["label"] for r in connected_components(frame).collect()}
    labels = component_labels(n, edges)
    in_edges = {x for e in edges for x in e if e[0] != e[1]}
    assert got == {i: labels[i] for i in in_edges}

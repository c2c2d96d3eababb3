"""Connected components of a graph held in a Spark DataFrame of edges.

The alternating large-star / small-star algorithm of Kiveris, Lattanzi,
Mirrokni, Rastogi and Vassilvitskii ("Connected Components in MapReduce
and Beyond", SoCC 2014): each round is a few joins and aggregations,
O(log^2 n) rounds in the worst case and a handful in practice, and no node
or component is ever collected to the driver.

Edges are kept as (u, v) with u > v. With m(u) the smallest of u and its
neighbours:

* large-star links every neighbour larger than u to m(u);
* small-star links u and each of its smaller neighbours to m(u), taking
  the smaller neighbours only.

Both keep the components and lower the links; when a round changes no edge,
each component is a star around its smallest node, which is its label:
the same label `compare.util.components.component_labels` gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["connected_components"]


def _large_star(edges: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    both = edges.select("u", "v").union(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    low = both.groupBy("u").agg(F.min("v").alias("m")).select("u", F.least("u", "m").alias("m"))
    return (
        both.where(F.col("v") > F.col("u"))
        .join(low, "u")
        .select(F.col("v").alias("u"), F.col("m").alias("v"))
    )


def _small_star(edges: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    low = edges.groupBy("u").agg(F.min("v").alias("m"))
    with_low = edges.join(low, "u")
    leaves = with_low.where(F.col("v") != F.col("m")).select(F.col("v").alias("u"), F.col("m").alias("v"))
    centre = low.select("u", F.col("m").alias("v"))
    return leaves.union(centre)


def connected_components(edges: DataFrame, a: str = "a", b: str = "b", max_rounds: int = 100) -> DataFrame:
    """``(node, label)`` for every node of the undirected `edges` (columns
    `a` and `b`, integers): its component's smallest node.

    Raises RuntimeError if the rounds do not settle within `max_rounds`
    (the algorithm settles in O(log^2 n) rounds; this guards against a bug,
    not a real graph).
    """
    from pyspark.sql import functions as F

    current = (
        edges.where(F.col(a) != F.col(b))
        .select(F.greatest(a, b).alias("u"), F.least(a, b).alias("v"))
        .distinct()
        .localCheckpoint()
    )
    settled, rounds = current.isEmpty(), 0
    while not settled:
        if rounds == max_rounds:
            raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")
        # Checkpointed each round: the plan would otherwise grow with every round.
        nxt = _small_star(_large_star(current)).distinct().localCheckpoint()
        both = nxt.withColumn("new", F.lit(True)).join(
            current.withColumn("old", F.lit(True)), ["u", "v"], "full"
        )
        settled = both.where(F.col("new").isNull() | F.col("old").isNull()).isEmpty()
        current.unpersist()
        current, rounds = nxt, rounds + 1
    leaves = current.select(F.col("u").alias("node"), F.col("v").alias("label"))
    centres = current.select(F.col("v").alias("node"), F.col("v").alias("label"))
    return leaves.union(centres).distinct()

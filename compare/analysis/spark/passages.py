"""Passages grouped over every pair on Spark: `compare.analysis.passages` as
joins and aggregations.

The local steps, each distributed:

1. each match's two sides, from the pairs in a task (topical matches are
   not reuse);
2. each document's overlapping sides merged into nodes, with the local
   `merged_spans`, all sides of one document in one task (``applyInArrow``);
   a node is numbered ``document << 32 | start``;
3. each match an edge between its sides' nodes, the components of the
   edges (`compare.spark.graph.connected_components`), and whether every
   match of a component is a quotation (an aggregation);
4. each component's versions ordered by date and its earliest witness, in
   a task per component; components in fewer than two documents dropped;
5. the passages numbered in the local order (most documents first, then
   the longest first version, then by that version) by a global sort
   (`compare.spark.frames.numbered`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...spark.frames import arrow_schema, cut, numbered
from ...spark.graph import connected_components
from ..pair_filter import document_day
from ..passages import Passage, Version, earliest_witness, merged_spans, version_order
from .prepare import unpack

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, Row

__all__ = ["PASSAGES", "passage_of", "spark_passages"]

_SIDES = "a long, b long, number long, side int, document long, start long, end long, quotation boolean"
_NODES = (
    "a long, b long, number long, side int, node long, document long, start long, end long, quotation boolean"
)
_VERSIONS = "array<struct<document: bigint, start: bigint, end: bigint>>"
#: The columns of `spark_passages`' frame (`number` counts from 1).
PASSAGES = f"number long, versions {_VERSIONS}, quoted boolean, earliest long"
_RANKED = (
    f"versions {_VERSIONS}, quoted boolean, earliest long, "
    "documents long, length long, undated boolean, date string, first long, first_start long"
)


def _sides(batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Pairs -> the two sides of each of their reuse matches."""
    import pyarrow as pa

    for batch in batches:
        rows = []
        for r in batch.to_pylist():
            pair = unpack(r["pair"])
            for m in pair.matches:
                if m.kind == "topical":
                    continue
                for side, (document, (start, end)) in enumerate(((pair.a, m.a), (pair.b, m.b))):
                    rows.append(
                        {
                            "a": pair.a,
                            "b": pair.b,
                            "number": m.number,
                            "side": side,
                            "document": document,
                            "start": start,
                            "end": end,
                            "quotation": m.quotation,
                        }
                    )
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _nodes(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """One document's sides -> each side with its node: the merged span
    holding it, numbered ``document << 32 | start``."""
    import pyarrow as pa

    sides = table.to_pylist()
    merged = merged_spans([(s["start"], s["end"]) for s in sides])
    starts = [span[0] for span in merged]
    for s in sides:
        start, end = merged[bisect.bisect_right(starts, s["start"]) - 1]
        s.update(node=(s["document"] << 32) | start, start=start, end=end)
    return pa.Table.from_pylist(sides, schema=schema)


def _ranked(batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Components (their nodes' spans and documents' dates) -> the passages
    among them (two or more documents), versions earliest first, with the
    keys they are numbered by."""
    import pyarrow as pa

    for batch in batches:
        rows = []
        for r in batch.to_pylist():
            dates = {v["document"]: v["date"] for v in r["nodes"]}
            if len(dates) < 2:
                continue
            versions = sorted(
                (Version(v["document"], v["start"], v["end"]) for v in r["nodes"]),
                key=lambda v: version_order(dates[v.document], v),
            )
            first = versions[0]
            rows.append(
                {
                    "versions": [vars(v) for v in versions],
                    "quoted": r["quoted"],
                    "earliest": earliest_witness(versions, {d: document_day(x) for d, x in dates.items()}),
                    "documents": len(dates),
                    "length": first.end - first.start,
                    "undated": dates[first.document] == "",
                    "date": dates[first.document],
                    "first": first.document,
                    "first_start": first.start,
                }
            )
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def spark_passages(pairs: DataFrame, dates: DataFrame) -> DataFrame:
    """The passages the `pairs` (``pair``: a pickled `PairResult`) share,
    as rows of `PASSAGES`, numbered as `compare.analysis.passages.passages`
    numbers them; `dates`: (index, date) of every document."""
    from pyspark.sql import functions as F

    sides_schema, nodes_schema, ranked_schema = (arrow_schema(ddl) for ddl in (_SIDES, _NODES, _RANKED))
    sides = pairs.select("pair").mapInArrow(lambda b: _sides(b, sides_schema), _SIDES)
    nodes = cut(sides.groupBy("document").applyInArrow(lambda t: _nodes(t, nodes_schema), _NODES))
    side = F.col("side")
    edges = nodes.groupBy("a", "b", "number").agg(
        F.max(F.when(side == 0, F.col("node"))).alias("x"),
        F.max(F.when(side == 1, F.col("node"))).alias("y"),
    )
    labels = connected_components(edges, "x", "y")
    components = (
        nodes.join(labels, "node")
        .join(dates.withColumnRenamed("index", "document"), "document")
        .groupBy("label")
        .agg(
            F.array_sort(F.collect_set(F.struct("document", "start", "end", "date"))).alias("nodes"),
            F.min("quotation").alias("quoted"),
        )
    )
    ranked = components.mapInArrow(lambda b: _ranked(b, ranked_schema), _RANKED)
    order = [F.desc("documents"), F.desc("length"), "undated", "date", "first", "first_start"]
    return numbered(ranked, order, "number", start=1).selectExpr("number", "versions", "quoted", "earliest")


def passage_of(row: Row | dict[str, Any]) -> Passage:
    """A row of `spark_passages`' frame as the local `Passage`."""
    return Passage(
        row["number"],
        [Version(v["document"], v["start"], v["end"]) for v in row["versions"]],
        row["quoted"],
        row["earliest"],
    )

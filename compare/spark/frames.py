"""Spark DataFrame steps both engines share: documents numbered in reading
order, ids seen before skipped, a column joined to both ends of pairs, the
pairs of documents sharing a bucket, rows numbered in a global order, and
the Arrow schema of a ``mapInArrow`` task's columns and its list columns.

A document's index is its block's offset (documents counted per block,
summed in (file, block) order: one row per block on the driver) plus its
position in the block, so it is the index the local engines give it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, Row, SparkSession

__all__ = [
    "arrow_schema",
    "block_offsets",
    "bucket_pairs",
    "cut",
    "indexed",
    "join_ends",
    "list_array",
    "numbered",
    "renumbered",
    "repeated_ids",
]


def repeated_ids(docs: DataFrame) -> list[Row]:
    """The documents whose id an earlier one has (by index), with where that
    one is (``first_file``, ``first_line``); in reading order. Every engine
    keeps the first and skips the later ones (`compare.load.records.repeated_id`)."""
    from pyspark.sql import functions as F

    first = docs.groupBy("id").agg(F.min("index").alias("first"))
    later = (
        docs.select("index", "id", "file_no", "line").join(first, "id").where(F.col("index") > F.col("first"))
    )
    where = docs.select(
        F.col("index").alias("first"), F.col("file_no").alias("first_file"), F.col("line").alias("first_line")
    )
    return sorted(later.join(where, "first").collect(), key=lambda r: r["index"])


def renumbered(docs: DataFrame, skipped: np.ndarray) -> DataFrame:
    """`docs` without the documents `skipped` (sorted indices), the rest
    numbered on from 0 as if those had never been read."""
    if len(skipped) == 0:
        return docs

    def renumber(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        for batch in batches:
            index = batch.column("index").to_numpy()
            keep = ~np.isin(index, skipped)
            kept = batch.filter(pa.array(keep))
            new = pa.array(index[keep] - np.searchsorted(skipped, index[keep]), pa.int64())
            columns = [new if name == "index" else kept.column(name) for name in kept.schema.names]
            yield pa.RecordBatch.from_arrays(columns, schema=kept.schema)

    return docs.mapInArrow(renumber, docs.schema)


def block_offsets(spark: SparkSession, parsed: DataFrame) -> DataFrame:
    """The index of each block's first document: documents counted per
    block, summed in (file, block) order on the driver (one row per block)."""
    from pyspark.sql import functions as F

    counts = parsed.where(F.col("kind") == "doc").groupBy("file_no", "block").count().collect()
    rows, total = [], 0
    for r in sorted(counts, key=lambda r: (r["file_no"], r["block"])):
        rows.append((r["file_no"], r["block"], total))
        total += r["count"]
    return spark.createDataFrame(rows, "file_no int, block long, offset long")


def indexed(docs: DataFrame, offsets: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    joined = docs.join(F.broadcast(offsets), ["file_no", "block"])
    return joined.withColumn("index", F.col("offset") + F.col("seq")).drop("offset")


def join_ends(
    pairs: DataFrame, table: DataFrame, value: str, names: tuple[str, str], ends: tuple[str, str] = ("a", "b")
) -> DataFrame:
    """`pairs` with the `value` column of `table` (keyed by ``index``) joined
    to each end of each pair, as columns `names`."""
    from pyspark.sql import functions as F

    for end, name in zip(ends, names, strict=True):
        pairs = pairs.join(table.select(F.col("index").alias(end), F.col(value).alias(name)), end)
    return pairs


def bucket_pairs(rows: DataFrame, keys: list[str], max_bucket: int) -> DataFrame:
    """Pairs (a < b) of the documents (``index``) sharing a value of `keys`,
    once per bucket: every pair of a bucket of up to `max_bucket`, the first
    document with each other one in a larger bucket."""
    from pyspark.sql import functions as F

    buckets = rows.groupBy(*keys).agg(F.count(F.lit(1)).alias("size"), F.min("index").alias("first"))
    members = rows.join(buckets.where(F.col("size") > 1), keys)
    large = members.where((F.col("size") > max_bucket) & (F.col("index") != F.col("first")))
    large_pairs = large.select(F.col("first").alias("a"), F.col("index").alias("b"))
    small = members.where(F.col("size") <= max_bucket).select(*keys, "index")
    left = small.select(*keys, F.col("index").alias("a"))
    right = small.select(*keys, F.col("index").alias("b"))
    small_pairs = left.join(right, keys).where(F.col("a") < F.col("b")).select("a", "b")
    return small_pairs.union(large_pairs)


def cut(frame: DataFrame) -> DataFrame:
    """`frame` computed now and its plan cut: a later plan that uses it
    starts from its rows, and no longer holds (nor plans again) everything
    before it. A checkpoint in the session's checkpoint directory when it
    has one (``SparkContext.setCheckpointDir``: reliable, a lost executor
    loses nothing), else a local checkpoint (in the executors' storage)."""
    if frame.sparkSession.sparkContext.getCheckpointDir():
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)


def numbered(frame: DataFrame, order: list, name: str = "row", start: int = 0) -> DataFrame:
    """`frame` with a column `name`: each row's place, from `start`, in the
    order of the columns `order` (which must tell every two rows apart).

    The sorted frame is checkpointed, so the rows counted per partition (the
    counts go to the driver, one row per partition) are the rows numbered.
    """
    from pyspark.sql import functions as F

    ordered = cut(
        frame.orderBy(*order)
        .withColumn("_part", F.spark_partition_id())
        .withColumn("_id", F.monotonically_increasing_id())
    )
    counts = sorted((r["_part"], r["count"]) for r in ordered.groupBy("_part").count().collect())
    offsets, total = [], start
    for part, count in counts:
        offsets.append((part, total))
        total += count
    table = frame.sparkSession.createDataFrame(offsets, "_part int, _offset long")
    place = F.col("_offset") + F.col("_id") - F.shiftleft(F.col("_part").cast("long"), 33)
    return ordered.join(F.broadcast(table), "_part").withColumn(name, place).drop("_part", "_id", "_offset")


def list_array(arrays: list[np.ndarray], dtype: type = np.int64) -> pa.Array:
    """One Arrow list per array, of `dtype`."""
    import pyarrow as pa

    offsets = np.concatenate([[0], np.cumsum([len(a) for a in arrays])]).astype(np.int32)
    values = np.concatenate(arrays) if arrays else np.zeros(0, dtype)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values.astype(dtype)))


def arrow_schema(ddl: str) -> pa.Schema:
    """The Arrow schema of the columns `ddl` (Spark's DDL, as ``mapInArrow``
    is given them), for a task to build its batches with. Needs the driver's
    SparkContext: build it there and hand it to the task."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StructType, _parse_datatype_string

    columns = _parse_datatype_string(ddl)
    assert isinstance(columns, StructType), ddl
    return to_arrow_schema(columns)

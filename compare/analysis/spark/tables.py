"""A `SparkAnalysis` written as the Parquet tables of
`compare.analysis.tables`, by the executors.

The tables have the local writer's columns (`COLUMNS`) and rows; each is a
folder of part files (``documents.parquet/part-000000.parquet``, ...) that
pyarrow, pandas, DuckDB and Spark read as one table, and
`compare.analysis.tables.read_tables` (so ``report --from DIR``) reads as
it reads the local writer's single files.

Each task turns its pickled records into rows with the local engine's own
JSON form (`compare.analysis.result.json_record`). Rows are numbered as the
local result numbers them (pairs by their documents, clusters by their
first member); each row goes to the file of its number (`ROWS` numbers per
file, ``part-000000.parquet`` the first), sorted by it within: the files
in name order hold the rows in the local order, and the same result gives
the same files, byte for byte. Nothing but counts comes to the driver.

The folder is written beside its target and put in its place as the local
writer's is: only a folder of result tables is replaced, and a failed run
leaves none half-written. Local paths go through
`compare.util.atomic.replace_folder`; any other file system Spark writes
(``hdfs://``, ``s3a://``) through Hadoop's ``FileSystem``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..._version import __version__
from ...spark.frames import numbered
from ...spark.output import name_parts, write_folder, write_text
from ..result import SCHEMA_VERSION, Cluster, compact_json, json_record
from ..tables import ROWS, TABLES, head_record, spark_columns, table_rows
from .passages import passage_of
from .prepare import unpack

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from .job import SparkAnalysis

__all__ = ["write_spark_tables"]

#: What a task adds to a table's columns: the file a row goes to and its place there.
_KEYS = "_file long, _key long, _sub long"

Records = Callable[[dict[str, Any]], Iterable[tuple[int, int, dict[str, Any]]]]


def _documents(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    yield row["index"], 0, json_record("documents", unpack(row["document"]))


def _repetitions(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    for k, repetition in enumerate(unpack(row["repetitions"])):
        yield row["index"], k, json_record("repetitions", repetition)


def _pairs(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    record = json_record("pairs", unpack(row["pair"]))
    del record["matches"]
    yield row["row"], 0, record


def _matches(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    for k, match in enumerate(json_record("pairs", unpack(row["pair"]))["matches"]):
        yield row["row"], k, {"pair": row["row"], **match}


def _clusters(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    yield row["number"], 0, json_record("clusters", Cluster(row["number"], row["members"]))


def _passages(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    yield row["number"], 0, json_record("passages", passage_of(row))


def _problems(row: dict[str, Any]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    yield row["number"], 0, json.loads(row["problem"])


def _rows(
    batches: Iterator[pa.RecordBatch], name: str, records: Records, per_file: int
) -> Iterator[pa.RecordBatch]:
    """Rows of the frame a table comes from -> the table's rows, with the
    file each goes to and its place (``_key``, ``_sub``) there."""
    import pyarrow as pa

    for batch in batches:
        keys: dict[str, list[int]] = {"_file": [], "_key": [], "_sub": []}
        out = []
        for row in batch.to_pylist():
            for key, sub, record in records(row):
                keys["_file"].append(key // per_file)
                keys["_key"].append(key)
                keys["_sub"].append(sub)
                out.append(record)
        table = table_rows(name, out)
        for column, values in keys.items():
            table = table.append_column(column, pa.array(values, pa.int64()))
        yield from table.to_batches()


def _sources(analysis: SparkAnalysis) -> dict[str, tuple[DataFrame, Records, int]]:
    """Each table's source frame, how its rows are made from it, and how
    many row numbers there are (which sets the number of files)."""
    from pyspark.sql import functions as F

    spark = analysis.pairs.sparkSession
    pairs = numbered(analysis.pairs.select("a", "b", "pair"), ["a", "b"], "row")
    members = analysis.clusters.groupBy("label").agg(F.array_sort(F.collect_list("index")).alias("members"))
    clusters = numbered(members.withColumn("first", F.col("members")[0]), ["first"], "number", start=1)
    problems = spark.createDataFrame(
        [(k, compact_json(json_record("problems", p))) for k, p in enumerate(analysis.problems)],
        "number long, problem string",
    )
    n_pairs, n_clusters = pairs.count(), clusters.count()
    return {
        "documents": (analysis.documents, _documents, analysis.count),
        "pairs": (pairs, _pairs, n_pairs),
        "matches": (pairs, _matches, n_pairs),
        "clusters": (clusters, _clusters, n_clusters + 1),
        "repetitions": (analysis.documents, _repetitions, analysis.count),
        "passages": (analysis.passages, _passages, analysis.passages.count() + 1),
        "problems": (problems, _problems, len(analysis.problems)),
    }


def write_spark_tables(analysis: SparkAnalysis, folder: str, per_file: int = ROWS) -> None:
    """Write `analysis` as the Parquet tables of `compare.analysis.tables`
    into `folder` (a path or a URL Spark writes to; a path without a scheme
    is on Spark's default file system), replaced whole; `per_file`: how
    many row numbers go to one file. `FolderRefused` if `folder` exists
    and is not a folder of result tables."""
    spark = analysis.pairs.sparkSession
    sources = _sources(analysis)
    head = {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "options": analysis.options_record(),
    }
    head_text = compact_json(head_record(json.loads(compact_json(head)))) + "\n"

    def write(spark: SparkSession, fs: Any, target: Any) -> None:
        for name in TABLES:
            frame, records, numbers = sources[name]
            columns = f"{spark_columns(name)}, {_KEYS}"
            rows = frame.mapInArrow(partial(_rows, name=name, records=records, per_file=per_file), columns)
            files = max(1, math.ceil(numbers / per_file))
            # Sorted by the file first, so that the partitioned write keeps
            # this order rather than sorting the rows by file again.
            ordered = rows.repartition(files, "_file").sortWithinPartitions("_file", "_key", "_sub")
            path = target.suffix(f"/{name}.parquet")
            writer = ordered.drop("_key", "_sub").write.partitionBy("_file").option("compression", "zstd")
            writer.parquet(path.toString())
            if name_parts(fs, path, by="_file") == 0:  # no rows: one file with the columns
                empty = spark.createDataFrame([], spark_columns(name)).coalesce(1)
                empty.write.mode("overwrite").option("compression", "zstd").parquet(path.toString())
                name_parts(fs, path)
        write_text(fs, target.suffix("/result.json"), head_text)
        name_parts(fs, target)

    write_folder(spark, folder, "result.json", write, "a folder of result tables")

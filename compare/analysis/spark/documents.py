"""The analysis's documents on Spark: read as `compare.load.load_paths` reads them.

Files are listed and parsed by the Spark plumbing batch dedup uses
(`compare.spark.read`: every format, read as blocks, parsed on the
workers by `compare.load`'s parsers); each record becomes a `Document` on
its worker by `compare.load.collection.record_document`, the local
loader's own function: source, title, url and date from its fields (or
its folder), the other fields as metadata, its directory's
``sources.toml`` applied (a directory given by URI has its manifests read
through Hadoop's file system, `compare.spark.manifests`). A document's
index is its position in reading order; a later document with an id
already taken is skipped, with the problem the local loader reports.

The problems come in the local loader's order: each input's own (a missing
path, an unreadable manifest), then each of its files' (the file's parse
problems in order, then its repeated ids).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast

import numpy as np

from ...load import Document, LoadProblem, Record, expand
from ...load.collection import default_source, record_document
from ...load.files import InputFile
from ...load.manifest import Manifests, find_manifests
from ...load.records import place, repeated_id
from ...spark.frames import block_offsets, indexed, renumbered, repeated_ids
from ...spark.manifests import hadoop_manifests
from ...spark.read import SourceFile, block_line_counts, list_files, read_records

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["DOCUMENT_COLUMNS", "SparkDocuments", "document_of", "read_documents"]

_PAYLOAD = (
    "text string, source string, title string, url string, document_date string, path string, metadata string"
)
#: The columns of `SparkDocuments.frame`: a `Document`'s fields (metadata as JSON) and its index.
DOCUMENT_COLUMNS = ["index", "id", "text", "source", "title", "url", "date", "path", "encoding", "metadata"]


@dataclass(frozen=True)
class _FileInfo:
    """What makes a record of one file a `Document`: the file as the local
    loader sees it (its root decides the default source and the manifest) and
    its default source."""

    file: InputFile
    source: str


@dataclass
class SparkDocuments:
    """The documents (`frame`, one row per document, `DOCUMENT_COLUMNS`,
    partitioned by index), how many, and the input problems in the local
    loader's order."""

    frame: DataFrame
    count: int
    problems: list[LoadProblem]


def document_of(row: dict) -> Document:
    """The `Document` of a row of `DOCUMENT_COLUMNS` (as a dict)."""
    return Document(
        id=row["id"],
        text=row["text"],
        source=row["source"],
        title=row["title"],
        url=row["url"],
        date=row["date"],
        path=row["path"],
        encoding=row["encoding"],
        metadata=json.loads(row["metadata"]),
    )


def _uri_source(file: SourceFile, several: bool) -> str:
    """The default source of a file listed by URI, by the local rule
    (`default_source`) on its id name: the first folder below the directory
    given, else the directory's name (several inputs) or the file's stem."""
    stem = PurePosixPath(file.name).stem
    if "://" in file.id_name:  # a glob's match: no directory given
        return stem
    parts = file.id_name.split("/")
    if several:
        if len(parts) < 2:  # a file given directly
            return stem
        rel = parts[1:]
        return rel[0] if len(rel) > 1 else parts[0]
    return parts[0] if len(parts) > 1 else stem


def _listed(
    spark: SparkSession, inputs: Sequence[str]
) -> tuple[list[SourceFile], dict[str, _FileInfo], Manifests, dict[int, list[LoadProblem]]]:
    """The files of every input, numbered in reading order; each file's
    `_FileInfo` by name; the manifests of the directories given; each input's
    problems by the number of the first file shown after them."""
    several = len(inputs) > 1
    files: list[SourceFile] = []
    info: dict[str, _FileInfo] = {}
    manifests: Manifests = {}
    before: dict[int, list[LoadProblem]] = {}  # problems shown before file number k
    for spec in inputs:
        found, problems = list_files(spark, [spec], several)
        local = {f.path: f for f in expand(spec, several)[0]} if "://" not in spec else {}
        uri_root = None
        if local and Path(spec).is_dir():
            more, manifest_problems = find_manifests(Path(spec))
        elif "://" in spec:
            uri_root, more, manifest_problems = hadoop_manifests(spark, spec)
        else:
            more, manifest_problems = {}, []
        manifests.update(more)
        problems = problems + manifest_problems
        before.setdefault(len(files), []).extend(problems)
        for f in found:
            input_file = local.get(f.name) or InputFile(f.name, f.id_name, uri_root)
            source = default_source(input_file, several) if f.name in local else _uri_source(f, several)
            info[f.name] = _FileInfo(input_file, source)
            files.append(replace(f, number=len(files)))
    return files, info, manifests, before


def read_documents(
    spark: SparkSession, inputs: Sequence[str], id_field: str = "id", text_field: str = "text"
) -> SparkDocuments:
    """The documents of the input specs (paths, directories, globs, URIs), as
    `load_paths` gives them, as a DataFrame (see the module's docstring)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    files, info, manifests, before = _listed(spark, inputs)
    counts = block_line_counts(spark, files)

    def payload(records: list[Record]) -> dict[str, pa.Array]:
        import pyarrow as pa

        docs = [
            record_document(r, info[r.path].file, info[r.path].source, manifests, id_field, text_field)
            for r in records
        ]
        columns = {
            "text": [d.text for d in docs],
            "source": [d.source for d in docs],
            "title": [d.title for d in docs],
            "url": [d.url for d in docs],
            "document_date": [d.date for d in docs],
            "path": [d.path for d in docs],
            "metadata": [json.dumps(d.metadata, ensure_ascii=False) for d in docs],
        }
        return {name: pa.array(values, pa.string()) for name, values in columns.items()}

    parsed = read_records(spark, files, counts, id_field, text_field, _PAYLOAD, payload)
    parsed = parsed.persist(StorageLevel.MEMORY_AND_DISK)
    docs = indexed(parsed.where(F.col("kind") == "doc"), block_offsets(spark, parsed))
    repeated = repeated_ids(docs)
    skipped = np.array([r["index"] for r in repeated], dtype=np.int64)
    problems = _problems(parsed, files, repeated, before)
    columns = [F.col("document_date").alias("date") if c == "date" else c for c in DOCUMENT_COLUMNS]
    partitions = int(cast(str, spark.conf.get("spark.sql.shuffle.partitions")))
    frame = renumbered(docs, skipped).select(*columns).repartition(partitions, "index")
    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    count = frame.count()
    parsed.unpersist()
    return SparkDocuments(frame, count, problems)


def _problems(
    parsed: DataFrame, files: Sequence[SourceFile], repeated: list, before: dict[int, list[LoadProblem]]
) -> list[LoadProblem]:
    """The problems in the local loader's order (see the module's docstring)."""
    from pyspark.sql import functions as F

    rows = parsed.where(F.col("kind") == "problem").select("file_no", "block", "seq", "line", "message")
    by_file: dict[int, list[tuple]] = {}
    for r in rows.collect():
        by_file.setdefault(r["file_no"], []).append((0, r["block"], r["seq"], r["line"], r["message"]))
    for r in repeated:  # after the file's parse problems, in reading order
        first = place(files[r["first_file"]].name, r["first_line"])
        by_file.setdefault(r["file_no"], []).append(
            (1, r["index"], 0, r["line"], repeated_id(r["id"], first))
        )
    out: list[LoadProblem] = []
    for number in range(len(files) + 1):
        out += before.get(number, [])
        for *_, line, message in sorted(by_file.get(number, []), key=lambda p: p[:3]):
            out.append(LoadProblem(files[number].name, message, line))
    return out

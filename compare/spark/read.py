"""The Spark engine's inputs: files listed and named as the local engine
lists and names them, read by Spark, parsed on the workers by
`compare.load`'s own record parsers.

Order is what makes the two engines agree: a document's index is its
position among the records read, file after file, record after record, as
`compare.load.Inputs` numbers them. Spark splits files into blocks and
reads them in any order, so every record carries its file's number, its
block's start and its position in the block; the record's line and the
document's index come from counts per block (`block_line_counts` before
parsing, documents per block after), in the order of (file, block).

Formats:

* ``.jsonl``/``.ndjson``: Spark's text source split only at ``\\n`` and
  read as bytes, each line parsed by `compare.load.jsonl_line`; Hadoop's
  line reader drops a UTF-8 BOM at the start of a file (a block at offset
  0), as the local engine does;
* ``.parquet``: Spark's Parquet source, each row parsed by
  `compare.load.parquet_row`;
* everything else (``.csv``, ``.json``, text, Markdown, HTML): each file
  whole (Spark's binaryFile source, one task per file), parsed by
  `compare.load.parse_file`.

A JSONL file without text and a Parquet file without rows are problems
found from the counts per block, as the local engine reports them.

Paths without a scheme are expanded exactly as the local engine expands
them (`compare.load.expand`), and named in the output as given; paths with
a scheme (``hdfs://``, ``s3a://``, ``file://``) are listed through Hadoop's
file system, with the same rules: directories recursively, hidden entries
(and Hadoop's ``_SUCCESS``, ``_temporary``) skipped, sorted by path, and
the same names for document ids (a directory's file: its path under the
directory, prefixed with the directory's name when several inputs are
given; a file given directly: its file name; a glob's match: its URI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlparse

from ..load import (
    INPUT_SUFFIXES,
    STDIN,
    LoadProblem,
    Record,
    expand,
    file_format,
    jsonl_line,
    no_readable_files,
    parquet_row,
    parse_file,
)
from ..load.files import NOT_UTF8_NAME

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    _ArrowMap = Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]  # a `mapInArrow` function

__all__ = [
    "BlockCounts",
    "SourceFile",
    "block_line_counts",
    "ddl_fields",
    "hadoop_walk",
    "list_files",
    "read_records",
]

_GLOB_CHARS = re.compile(r"([*?\[\]{}\\])")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
#: A line with a character that is not whitespace (as Python's ``bytes.strip`` sees it).
_NOT_BLANK = "[^ \\t\\n\\r\\x0B\\f]"
#: The columns every parsed row has, before the mode's payload.
BASE_SCHEMA = (
    "kind string, file_no int, block long, seq long, line long, id string, "
    "characters long, date string, encoding string, message string"
)


@dataclass(frozen=True)
class SourceFile:
    """An input file: its number in reading order, the name outputs give it
    (its path), the name its documents' ids use (`compare.load.InputFile`),
    what Spark reads, and how (``lines``, ``parquet`` or ``whole``)."""

    number: int
    name: str
    id_name: str
    location: str
    kind: str
    key: str  # the decoded path, as `_key` makes it of the file_path Spark gives each row


def _key(uri: str) -> str:
    """A file's decoded path: Spark's ``file:/a%20b``, ``file:///a%20b`` and ``/a b`` give the same."""
    return unquote(urlparse(uri).path)


def _kind(name: str) -> str:
    kind = file_format(name)
    return {"jsonl": "lines", "parquet": "parquet"}.get(kind or "", "whole")


def list_files(
    spark: SparkSession, specs: Sequence[str], several: bool | None = None
) -> tuple[list[SourceFile], list[LoadProblem]]:
    """The files of input specs, in reading order, and the specs' problems.
    `several`: whether these specs are some of several given (default:
    whether there are more than one); it decides the files' id names."""
    problems: list[LoadProblem] = []
    names: list[tuple[str, str, str, str]] = []  # (name, id name, location, key)
    several = len(specs) > 1 if several is None else several
    for spec in specs:
        if spec == STDIN:
            problems.append(LoadProblem(STDIN, "the Spark engine reads files, not standard input"))
        elif _SCHEME.match(spec):
            found, problem = _hadoop_files(spark, spec, several)
            jvm = spark.sparkContext._jvm
            assert jvm is not None  # a started session's gateway
            for f, id_name in found:
                names.append((f, id_name, f, _key(jvm.org.apache.hadoop.fs.Path(f).toUri().toString())))
            problems += [problem] if problem else []
            if spec.startswith("file:"):  # Java lists no file whose name is not UTF-8: say so, as locally
                _, local_problems = expand(_key(spec), several)
                problems += [p for p in local_problems if p.message == NOT_UTF8_NAME]
        else:
            local, found_problems = expand(spec, several)
            for input_file in local:
                location = os.path.abspath(input_file.path)
                names.append((input_file.path, input_file.id_name, location, _key(Path(location).as_uri())))
            problems += found_problems
    files = [
        SourceFile(i, name, id_name, loc, _kind(name), key)
        for i, (name, id_name, loc, key) in enumerate(names)
    ]
    return files, problems


def _hadoop_files(
    spark: SparkSession, spec: str, several: bool
) -> tuple[list[tuple[str, str]], LoadProblem | None]:
    """The files (URI, id name) of a spec with a scheme, listed by Hadoop's file system."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None  # a started session's gateway
    path = jvm.org.apache.hadoop.fs.Path(spec)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if set("*?[{") & set(spec):
        statuses = fs.globStatus(path) or []
        found = sorted(s.getPath().toString() for s in statuses if s.isFile())
        found = [f for f in found if _readable(PurePosixPath(f).name)]
        problem = None if found else LoadProblem(spec, "no readable file matches this pattern")
        return [(f, f) for f in found], problem
    if not fs.exists(path):
        return [], LoadProblem(spec, "no such file or directory")
    if fs.getFileStatus(path).isFile():
        name = fs.makeQualified(path).toString()
        return [(name, PurePosixPath(_key(name)).name)], None
    root = fs.makeQualified(path).toString().rstrip("/") + "/"
    prefix = f"{PurePosixPath(_key(root)).name}/" if several else ""
    found = [
        (name, prefix + under)
        for name, under in hadoop_walk(fs, path)
        if _readable(PurePosixPath(under).name)
    ]
    return sorted(found, key=lambda f: f[1]), None if found else no_readable_files(spec)


def hadoop_walk(fs: Any, path: Any) -> Iterator[tuple[str, str]]:
    """Every file in directory `path` and below, listed by Hadoop's file
    system `fs`, outside hidden folders and Hadoop's ``_`` ones: its URI and
    its path under the directory."""
    root = fs.makeQualified(path).toString().rstrip("/") + "/"
    listing = fs.listFiles(path, True)
    while listing.hasNext():
        name = listing.next().getPath().toString()
        under = name[len(root) :]
        if all(not part.startswith((".", "_")) for part in under.split("/")[:-1]):
            yield name, under


def _readable(file_name: str) -> bool:
    """Whether a listed file is input: a readable suffix, not hidden (``.``), not Hadoop's (``_``)."""
    return not file_name.startswith((".", "_")) and PurePosixPath(file_name).suffix.lower() in INPUT_SUFFIXES


def _spark_path(location: str) -> str:
    """A file's location with Hadoop's glob characters escaped (names may hold them)."""
    return _GLOB_CHARS.sub(r"\\\1", location)


def _frames(spark: SparkSession, files: Sequence[SourceFile]) -> dict[str, DataFrame]:
    """A DataFrame per kind of input: the bytes (or row) to parse, the file's path, the block's start."""
    from pyspark.sql import functions as F

    by_kind: dict[str, list[str]] = {}
    for f in files:
        by_kind.setdefault(f.kind, []).append(_spark_path(f.location))
    meta = [F.col("_metadata.file_path").alias("file"), F.col("_metadata.file_block_start").alias("block")]
    frames = {}
    if "lines" in by_kind:
        text = spark.read.option("lineSep", "\n").text(by_kind["lines"])
        frames["lines"] = text.select(F.col("value").cast("binary").alias("raw"), *meta)
    if "parquet" in by_kind:
        table = spark.read.option("mergeSchema", "true").parquet(*by_kind["parquet"])
        frames["parquet"] = table.select(F.struct(*[F.col(c) for c in table.columns]).alias("row"), *meta)
    if "whole" in by_kind:
        blobs = spark.read.format("binaryFile").load(by_kind["whole"])
        frames["whole"] = blobs.select(F.col("content").alias("raw"), F.col("path").alias("file"))
        frames["whole"] = frames["whole"].withColumn("block", F.lit(0).cast("long"))
    return frames


@dataclass(frozen=True)
class BlockCounts:
    """What Spark counts before parsing (no Python): the lines (JSONL) or rows
    (Parquet) before each block in its file, by (file number, block start);
    and the problem of each JSONL file without text ("empty file (no text)")
    and Parquet file without rows ("no records"), by file number, which no
    worker can see alone."""

    lines_before: dict[tuple[int, int], int]
    file_problems: dict[int, str]
    unreadable: frozenset[int] = frozenset()
    """Files not to read at all (a Parquet file without a readable footer)."""

    def readable(self, files: Sequence[SourceFile]) -> list[SourceFile]:
        return [f for f in files if f.number not in self.unreadable]


def block_line_counts(spark: SparkSession, files: Sequence[SourceFile]) -> BlockCounts:
    """The lines or rows before each block, and the files without any (`BlockCounts`)."""
    from pyspark.sql import functions as F

    broken = _broken_parquet(spark, files)
    files = [f for f in files if f.number not in broken]
    numbers = {f.key: f.number for f in files}
    counts: dict[int, list[tuple[int, int]]] = {}
    with_text: set[str] = set()  # by key: a file listed twice is one file to Spark
    empty: set[str] = set()  # whole files Spark's binaryFile source gives no row for: 0 bytes
    for kind, frame in _frames(spark, files).items():
        if kind == "whole":
            present = {_key(r["file"]) for r in frame.select("file").distinct().collect()}
            empty = {f.key for f in files if f.kind == "whole" and f.key not in present}
            continue
        text = F.col("raw").cast("string").rlike(_NOT_BLANK) if kind == "lines" else F.lit(True)
        per_block = frame.groupBy("file", "block").agg(
            F.count(F.lit(1)).alias("n"), F.max(F.when(text, 1).otherwise(0)).alias("text")
        )
        for row in per_block.collect():
            key = _key(row["file"])
            counts.setdefault(numbers[key], []).append((row["block"], row["n"]))
            if row["text"]:
                with_text.add(key)
    before: dict[tuple[int, int], int] = {}
    for number, blocks in counts.items():
        total = 0
        for block, n in sorted(blocks):
            before[(number, block)] = total
            total += n
    problems = {f.number: _NOTHING[f.kind] for f in files if f.kind in _NOTHING and f.key not in with_text}
    problems.update({f.number: "empty file (no text)" for f in files if f.key in empty})
    return BlockCounts(before, dict(sorted({**problems, **broken}.items())), frozenset(broken))


def _broken_parquet(spark: SparkSession, files: Sequence[SourceFile]) -> dict[int, str]:
    """The Parquet files whose footer cannot be read, and why, by file number:
    Spark would fail the whole job on one, naming no file. A local file is
    checked with pyarrow, as the local engine reads it (the same message);
    others by asking Spark for the file's schema."""
    out = {}
    for f in files:
        if f.kind != "parquet":
            continue
        if not _SCHEME.match(f.location) or f.location.startswith("file:"):
            import pyarrow.parquet as pq

            try:
                pq.ParquetFile(_key(f.location) if f.location.startswith("file:") else f.location)
            except (OSError, ValueError) as exc:
                out[f.number] = f"malformed Parquet: {exc}"
            continue
        try:
            spark.read.parquet(_spark_path(f.location)).schema  # noqa: B018 (reads the footer)
        except Exception as exc:  # Spark's AnalysisException or the JVM's error
            out[f.number] = f"malformed Parquet: {str(exc).strip().splitlines()[0]}"
    return out


_NOTHING = {"lines": "empty file (no text)", "parquet": "no records"}


def read_records(
    spark: SparkSession,
    files: Sequence[SourceFile],
    counts: BlockCounts,
    id_field: str,
    text_field: str,
    payload_schema: str,
    payload: Callable[[list[Record]], dict[str, pa.Array]],
) -> DataFrame:
    """Every record and problem of `files` as rows of `BASE_SCHEMA` plus
    `payload_schema`: ``kind`` 'doc' or 'problem', the file's number, the
    block's start, ``seq`` (the record's position among the block's
    records; the problem's among its problems), the record's line, id,
    length and date, or the problem's message. `payload` gives the
    payload's columns for a list of records (None on problem rows). The
    files `counts` found without text or rows are a problem row each."""

    schema = f"{BASE_SCHEMA}, {payload_schema}"
    by_key = {f.key: f for f in files}
    lines_before = counts.lines_before
    names = [name for name, _ in ddl_fields(payload_schema)]

    def parse(batches: Iterator[pa.RecordBatch], kind: str) -> Iterator[pa.RecordBatch]:
        blocks: dict[tuple[str, int], _Block] = {}
        sources: dict[str, SourceFile] = {}  # Spark's file_path -> the file, decoded once per file
        for batch in batches:
            columns = batch.to_pydict()
            docs: list[tuple] = []
            records: list[Record] = []
            problems: list[tuple] = []
            for value, file, start in zip(
                columns[_VALUE[kind]], columns["file"], columns["block"], strict=True
            ):
                source = sources.get(file) or sources.setdefault(file, by_key[_key(file)])
                block = blocks.setdefault((file, start), _Block())
                block.lines += 1
                line = lines_before.get((source.number, start), 0) + block.lines
                for item in _items(kind, source, line, value, id_field, text_field):
                    if isinstance(item, LoadProblem):
                        problems.append(_problem_row(source, start, block.problems, item))
                        block.problems += 1
                    else:
                        docs.append(_doc_row(source, start, block.records, item))
                        records.append(item)
                        block.records += 1
            if docs or problems:
                yield _batch(docs, problems, payload(records), names)

    frames = []
    for kind, frame in _frames(spark, counts.readable(files)).items():
        # (cast: mypy cannot infer the type of a lambda with a default argument)
        frames.append(
            frame.mapInArrow(cast("_ArrowMap", lambda batches, kind=kind: parse(batches, kind)), schema)
        )
    if counts.file_problems:
        nulls = (None,) * len(names)
        rows = [
            ("problem", n, 0, 0, None, None, None, None, None, m, *nulls)
            for n, m in counts.file_problems.items()
        ]
        frames.append(spark.createDataFrame(rows, schema))
    if not frames:
        return spark.createDataFrame([], schema)
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


@dataclass
class _Block:
    """Running counts of one input block, as a worker parses its rows in order."""

    lines: int = 0
    records: int = 0
    problems: int = 0


def _doc_row(source: SourceFile, block: int, seq: int, record: Record) -> tuple:
    """A record's `BASE_SCHEMA` row."""
    date = str(record.fields.get("date") or "") if isinstance(record.fields, dict) else ""
    text = len(record.text)
    return ("doc", source.number, block, seq, record.line, record.id, text, date, record.encoding, None)


def _problem_row(source: SourceFile, block: int, seq: int, problem: LoadProblem) -> tuple:
    """A problem's `BASE_SCHEMA` row."""
    return ("problem", source.number, block, seq, problem.line, None, None, None, None, problem.message)


def _batch(docs: list[tuple], problems: list[tuple], payload: dict[str, pa.Array], names: list[str]):
    """The Arrow batch of these rows: documents first, with their payload; problems with nulls."""
    import pyarrow as pa

    rows = docs + problems
    columns = [pa.array(c, t) for c, t in zip(zip(*rows, strict=True), _base_types(), strict=True)]
    for name in names:
        values = payload[name]
        columns.append(pa.concat_arrays([values, pa.nulls(len(problems), type=values.type)]))
    return pa.RecordBatch.from_arrays(columns, names=[*_BASE_NAMES, *names])


_VALUE = {"lines": "raw", "parquet": "row", "whole": "raw"}
_BASE_NAMES = [name for name, _ in (f.split() for f in BASE_SCHEMA.split(", "))]


def _base_types() -> list[pa.DataType]:
    """The Arrow types of `BASE_SCHEMA`'s columns."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int32(), "long": pa.int64()}
    return [types[t] for _, t in ddl_fields(BASE_SCHEMA)]


def ddl_fields(ddl: str) -> list[tuple[str, str]]:
    """(name, type) of a flat DDL schema such as ``"a long, b array<long>"``."""
    return [tuple(f.strip().split(" ", 1)) for f in ddl.split(",")]  # type: ignore[misc]


def _items(kind: str, source: SourceFile, line: int, value: Any, id_field: str, text_field: str) -> Iterator:
    """The records and problems of one input value: a JSONL line, a Parquet row or a whole file."""
    if kind == "lines":
        item = jsonl_line(source.name, source.id_name, line, value, id_field, text_field)
        if item is not None:
            yield item
    elif kind == "parquet":
        yield parquet_row(source.name, source.id_name, line, value, id_field, text_field)
    else:
        yield from parse_file(source.name, source.id_name, value, id_field, text_field)

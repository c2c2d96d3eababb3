"""Streaming records for batch deduplication: files, directories, globs, stdin.

`compare.load.readers` loads a corpus whole, for the analysis. Batch jobs give
10 GB of JSONL, so here records are streamed, one at a time, and the inputs
can be read again (verification reads the candidates a second time, and
``--write-deduplicated`` a third): `Inputs.records` starts over on each
call. Standard input (``-``, JSONL) can only be read once, so the first
pass copies it to a temporary file that later passes read.

Formats, by suffix: ``.jsonl``/``.ndjson`` and stdin (one JSON object per
line, streamed), ``.csv`` (streamed, a header row), ``.json`` (a list of
objects, or ``{"documents": [...]}``: read whole), ``.txt``/``.md``/
``.html`` (one document per file), ``.parquet`` (one record per row,
streamed by row batches; needs pyarrow). A bad record (malformed JSON, no text
field, undecodable bytes) is reported with its file and line through
`Inputs.problems`, and the other records are still read. The parsing is
done by module functions (`jsonl_line`, `whole_file_records`, ...), so the
Spark engine's workers read every record exactly as this does.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from .document import LoadProblem
from .readers import SUFFIXES, DecodeError, decode_bytes, read_file, record_id_and_text, walk

__all__ = [
    "INPUT_SUFFIXES",
    "JSONL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "STDIN",
    "STREAMED_SUFFIXES",
    "Inputs",
    "Record",
    "csv_records",
    "jsonl_line",
    "jsonl_records",
    "parquet_records",
    "parquet_row",
    "whole_file_records",
]

#: The input name that means JSONL on standard input.
STDIN = "-"
_GLOB = set("*?[")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
STREAMED_SUFFIXES = (*JSONL_SUFFIXES, ".csv")
PARQUET_SUFFIXES = (".parquet",)
#: Every suffix batch inputs read (the analysis's, and Parquet).
INPUT_SUFFIXES = frozenset(SUFFIXES) | frozenset(PARQUET_SUFFIXES)


@dataclass(frozen=True)
class Record:
    """One document of a batch.

    `fields` is the original record (JSONL/JSON/CSV: every field, as read;
    a text file: ``{id, text}``), so it can be written out unchanged. `line`
    is the line of a JSONL/CSV record, the position of a JSON record, and
    None for a whole file.
    """

    id: str
    text: str
    path: str
    line: int | None
    fields: dict[str, Any]

    def jsonl(self) -> str:
        """The record as the JSONL line ``--write-deduplicated`` writes: every
        field, as read (values JSON has no form for, such as Parquet
        timestamps, as text)."""
        return json.dumps(self.fields, ensure_ascii=False, default=str)


@dataclass
class Inputs:
    """The records of input files, directories, globs and ``-`` (stdin), re-readable.

    Each input is expanded once, at construction: a missing path or a glob
    matching nothing is a problem. `problems` collects every problem met,
    once each, over all passes.
    """

    specs: Sequence[str]
    id_field: str = "id"
    text_field: str = "text"
    stdin: IO[bytes] | None = None
    problems: list[LoadProblem] = field(default_factory=list)
    _files: list[str] = field(init=False, default_factory=list)
    _spool: IO[bytes] | None = field(init=False, default=None)
    _seen: set[tuple[str, int | None, str]] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        for spec in self.specs:
            self._files += self._expand(spec)

    @property
    def files(self) -> list[str]:
        """The files (and ``-``) the inputs expanded to, in reading order."""
        return list(self._files)

    def _problem(self, path: str, message: str, line: int | None = None) -> None:
        key = (path, line, message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(LoadProblem(path, message, line))

    def _expand(self, spec: str) -> list[str]:
        if spec == STDIN:
            return [STDIN]
        path = Path(spec)
        if path.is_dir():
            return [str(p) for p in walk(path, INPUT_SUFFIXES)]
        if path.is_file():
            return [spec]
        if _GLOB & set(spec):
            found = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            matched = [p for p in found if Path(p).suffix.lower() in INPUT_SUFFIXES]
            if not matched:
                self._problem(spec, "no readable file matches this pattern")
            return matched
        self._problem(spec, "no such file or directory")
        return []

    def records(self) -> Iterator[Record]:
        """Every record of every input, in order (a new pass on each call)."""
        for name in self._files:
            if name == STDIN:
                items: Iterable[Record | LoadProblem] = jsonl_records(
                    STDIN, self._stdin_pass(), self.id_field, self.text_field
                )
                yield from self._routed(items)
                continue
            suffix = Path(name).suffix.lower()
            try:
                if suffix in STREAMED_SUFFIXES:
                    with open(name, "rb") as f:
                        reader = jsonl_records if suffix in JSONL_SUFFIXES else csv_records
                        yield from self._routed(reader(name, f, self.id_field, self.text_field))
                elif suffix in PARQUET_SUFFIXES:
                    yield from self._routed(parquet_records(name, self.id_field, self.text_field))
                else:
                    data = Path(name).read_bytes()
                    yield from self._routed(whole_file_records(name, data, self.id_field, self.text_field))
            except OSError as exc:
                self._problem(name, f"cannot read: {exc.strerror or exc}")

    def _routed(self, items: Iterable[Record | LoadProblem]) -> Iterator[Record]:
        """The records of `items`; its problems go to `problems`."""
        for item in items:
            if isinstance(item, LoadProblem):
                self._problem(item.path, item.message, item.line)
            else:
                yield item

    def _stdin_pass(self) -> Iterable[bytes]:
        """Standard input on the first pass (copied as it is read), the copy after."""
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
            return _tee(self.stdin or sys.stdin.buffer, self._spool)
        self._spool.seek(0)
        return self._spool

    def close(self) -> None:
        """Delete the copy of standard input."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def __enter__(self) -> Inputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- Parsing, one record at a time ---------------------------------------------------------------
# Module functions, so that the Spark engine's workers parse exactly as `Inputs` does.


def _record(
    name: str, line: int, record: object, fallback: str, id_field: str, text_field: str
) -> Record | LoadProblem:
    try:
        rid, text = record_id_and_text(record, id_field, text_field, f"{fallback}#{line}")
    except DecodeError as exc:
        return LoadProblem(name, str(exc), line)
    return Record(rid, text, name, line, record)  # type: ignore[arg-type]


def jsonl_line(
    name: str, number: int, raw: bytes, id_field: str = "id", text_field: str = "text"
) -> Record | LoadProblem | None:
    """The record of line `number` of JSONL file `name` (None for a blank line).

    >>> jsonl_line("a.jsonl", 3, b'{"id": 7, "text": "hi"}').id
    '7'
    >>> print(jsonl_line("a.jsonl", 4, b'{"id": 7'))
    a.jsonl:4: malformed JSON: Expecting ',' delimiter (column 9)
    """
    if not raw.strip():
        return None
    if raw.endswith(b"\n"):  # so that an error's column is on this line
        raw = raw[:-1]
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = _lenient_json(raw)
        if isinstance(value, DecodeError):
            return LoadProblem(name, str(value), number)
    fallback = "stdin" if name == STDIN else Path(name).name
    return _record(name, number, value, fallback, id_field, text_field)


def jsonl_records(
    name: str, stream: Iterable[bytes], id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a JSONL stream, line by line (only ``\\n`` ends a line)."""
    for number, raw in enumerate(stream, start=1):
        item = jsonl_line(name, number, raw, id_field, text_field)
        if item is not None:
            yield item


def csv_records(
    name: str, stream: IO[bytes], id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a CSV file with a header row, streamed."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, strict=True)
    try:
        if reader.fieldnames is None:  # reads the header, so that line numbers count it
            return
    except (csv.Error, UnicodeDecodeError) as exc:
        yield LoadProblem(name, f"malformed CSV header: {exc}", 1)
        return
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            yield LoadProblem(name, f"malformed CSV record, the rest of the file is skipped: {exc}", line)
            return
        if None in row:
            yield LoadProblem(name, "more fields than the header names", line)
            continue
        yield _record(name, line, row, Path(name).name, id_field, text_field)


def whole_file_records(
    name: str, data: bytes, id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a file read whole: ``.csv``, ``.json`` (a
    list of records), or one document (text, Markdown, HTML)."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from csv_records(name, io.BytesIO(data), id_field, text_field)
        return
    if suffix != ".json":  # one document per file
        docs, problems = read_file(path, path.name, path.parent.name, id_field, text_field, data=data)
        yield from problems
        for d in docs:
            yield Record(d.id, d.text, name, None, {id_field: d.id, text_field: d.text})
        return
    try:
        text, _ = decode_bytes(data)
        records = json.loads(text)
    except (DecodeError, json.JSONDecodeError) as exc:
        yield LoadProblem(name, f"malformed JSON: {getattr(exc, 'msg', exc)}", getattr(exc, "lineno", None))
        return
    if isinstance(records, dict) and isinstance(records.get("documents"), list):
        records = records["documents"]
    if not isinstance(records, list):
        yield LoadProblem(name, 'JSON must be a list of records or {"documents": [...]}')
        return
    for number, row in enumerate(records, start=1):
        yield _record(name, number, row, path.name, id_field, text_field)


def parquet_row(
    name: str, number: int, row: dict[str, Any], id_field: str = "id", text_field: str = "text"
) -> Record | LoadProblem:
    """The record of row `number` (from 1) of Parquet file `name`."""
    return _record(name, number, row, Path(name).name, id_field, text_field)


def parquet_records(
    name: str, id_field: str = "id", text_field: str = "text", batch_size: int = 4096
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a Parquet file, streamed by row batches
    (needs pyarrow: ``pip install 'compare-sources[parquet]'``)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield LoadProblem(name, "reading Parquet needs pyarrow: pip install 'compare-sources[parquet]'")
        return
    try:
        batches = pq.ParquetFile(name).iter_batches(batch_size=batch_size)
        number = 0
        for batch in batches:
            for row in batch.to_pylist():
                number += 1
                yield parquet_row(name, number, row, id_field, text_field)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield LoadProblem(name, f"malformed Parquet: {exc}")


def _lenient_json(raw: bytes) -> object:
    """What orjson refuses but the JSON standard library reads (lone surrogate
    escapes such as "\\ud800", which scraped text has), or the error."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return DecodeError(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
    except json.JSONDecodeError as exc:
        return DecodeError(f"malformed JSON: {exc.msg} (column {exc.colno})")


def _tee(source: IO[bytes], copy: IO[bytes]) -> Iterator[bytes]:
    """The lines of `source`, each written to `copy` as it is read."""
    for line in source:
        copy.write(line)
        yield line
    copy.flush()

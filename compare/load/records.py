"""The one parser of each input format: bytes to `Record`s and `LoadProblem`s.

Formats, by suffix (`FORMATS`): JSONL (``.jsonl``/``.ndjson``, one JSON
object per line, streamed line by line over bytes), CSV (a header row,
streamed), JSON (a list of objects, or ``{"documents": [...]}``, read
whole), Parquet (one record per row, streamed by row batches; needs
pyarrow), and text, Markdown and HTML (one document per file).

The analysis (`compare.load.collection`), batch dedup
(`compare.load.stream`) and the Spark engine's workers all read records
with these functions, so a file reads the same way everywhere. A bad record
is a problem naming the file and its line (a JSON list's record by number),
and the other records are still read.

A record without an id is named ``"<name>#<line>"``; a whole file is named
``<name>``: `name` is the file's name for ids (`compare.load.files`).
Encodings: JSONL is UTF-8 (a BOM at the start of the file is honoured), a
line that is not is a problem; every other file's encoding is decided by
`compare.load.decode` (UTF-8, BOMs, else Windows-1252).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import orjson

from .decode import DecodeError, decode_bytes, detect_encoding
from .document import LoadProblem
from .html import extract_html

__all__ = [
    "FORMATS",
    "INPUT_SUFFIXES",
    "Record",
    "csv_records",
    "file_format",
    "json_records",
    "jsonl_line",
    "jsonl_records",
    "parquet_records",
    "parquet_row",
    "parse_file",
    "place",
    "read_file",
    "record_id_and_text",
    "repeated_id",
    "to_json",
]

#: The parser of each suffix a readable file has.
FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".json": "json",
    ".parquet": "parquet",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
INPUT_SUFFIXES = frozenset(FORMATS)

_UTF8_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\ud800-\udfff]")
csv.field_size_limit(2**31 - 1)  # a record's text may be long


def repeated_id(record_id: str, first: str) -> str:
    """The problem of a record whose id an earlier record has: every command
    keeps the first and skips the later one, so that an id names one text.

    >>> repeated_id("a", "batch.jsonl:1")
    "repeated id 'a' (first at batch.jsonl:1): this record is skipped"
    """
    return f"repeated id {record_id!r} (first at {first}): this record is skipped"


def place(path: str, line: int | None) -> str:
    """``path:line``, or `path` for a whole file."""
    return f"{path}:{line}" if line is not None else path


@dataclass(frozen=True)
class Record:
    """One document, as read.

    `fields` is the original record (JSONL/JSON/CSV/Parquet: every field, as
    read; a text file: ``{id, text}``; an HTML page: ``{id, text}`` and its
    title, source, url, date and author), so it can be written out
    unchanged. `line` is the line of a JSONL/CSV record, the row of a
    Parquet record, the position of a JSON record, and None for a whole
    file. `encoding` is the file's.
    """

    id: str
    text: str
    path: str
    line: int | None
    fields: dict[str, Any]
    encoding: str = "utf-8"

    def jsonl(self) -> str:
        """The record as the JSONL line ``--write-deduplicated`` writes: every
        field, as read (values JSON has no form for, such as Parquet
        timestamps, as text)."""
        return to_json(self.fields, default=str)


def to_json(value: object, **options: Any) -> str:
    """`json.dumps` (not ASCII-escaped) of a value read from a record. orjson
    reads up to 1024 levels of nesting, more than `json` writes at Python's
    default recursion limit; such a value is written with a higher limit."""
    try:
        return json.dumps(value, ensure_ascii=False, **options)
    except RecursionError:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(limit + 1200)
        try:
            return json.dumps(value, ensure_ascii=False, **options)
        finally:
            sys.setrecursionlimit(limit)


def file_format(path: str) -> str | None:
    """The format of a file (``jsonl``, ``csv``, ``json``, ``parquet``, ``text``,
    ``html``) by its suffix, or None; `path` may be a URI."""
    return FORMATS.get(PurePosixPath(path).suffix.lower())


def record_id_and_text(record: object, id_field: str, text_field: str, fallback_id: str) -> tuple[str, str]:
    """A record's id (`fallback_id` when it has none) and text; `DecodeError`
    saying what is wrong when it is not an object with a non-empty text."""
    if not isinstance(record, dict):
        raise DecodeError(f"record is a {type(record).__name__}, expected an object")
    text = record.get(text_field)
    if not isinstance(text, str):
        raise DecodeError(f"record has no string field {text_field!r}")
    if not isinstance(record.get(id_field, ""), str | int | float | None):
        raise DecodeError(f"record field {id_field!r} must be a string or a number")
    if not text.strip():
        raise DecodeError(f"record field {text_field!r} is empty")
    rid = record.get(id_field)
    if rid is None or str(rid) == "":
        rid = fallback_id
    return clean(str(rid)), clean(text)


def clean(value: str) -> str:
    """Lone surrogates (from JSON escapes like "\\ud800") are not text: U+FFFD each, same length."""
    return _SURROGATE.sub("\ufffd", value)


def _record(
    path: str,
    name: str,
    line: int,
    value: object,
    id_field: str,
    text_field: str,
    encoding: str = "utf-8",
    by_number: bool = False,
) -> Record | LoadProblem:
    """The record of `value`, the `line`-th of its file, or the problem with it:
    at that line, or (`by_number`, a JSON list's record) named ``record N:``."""
    try:
        rid, text = record_id_and_text(value, id_field, text_field, f"{name}#{line}")
    except DecodeError as exc:
        if by_number:
            return LoadProblem(path, f"record {line}: {exc}")
        return LoadProblem(path, str(exc), line)
    return Record(rid, text, path, line, value, encoding)  # type: ignore[arg-type]


# --- JSON -------------------------------------------------------------------------------------------


def _json_value(raw: bytes | str) -> object:
    """The value of JSON text: orjson, or the standard library for what orjson
    refuses but JSON allows (lone surrogate escapes such as "\\ud800", which
    scraped text has; integers beyond 64 bits). Raises UnicodeDecodeError,
    json.JSONDecodeError, or RecursionError (nested too deeply)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)


def _json_problem(exc: Exception, raw: bytes | str) -> str:
    """What is wrong with JSON text that `_json_value` could not read."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        assert isinstance(raw, bytes)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "not UTF-8 but UTF-16 (a byte-order mark); JSONL must be UTF-8"
        return f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON: {exc.msg} (column {exc.colno})"
    return f"malformed JSON: {exc}"  # such as an integer of more digits than Python converts


def jsonl_line(
    path: str,
    name: str,
    number: int,
    raw: bytes,
    id_field: str = "id",
    text_field: str = "text",
    encoding: str = "utf-8",
) -> Record | LoadProblem | None:
    """The record of line `number` of JSONL file `path` (None for a blank line);
    `name` names a record without an id. A BOM is not stripped here: the
    reader of the lines drops it at the start of the file.

    >>> jsonl_line("data/a.jsonl", "a.jsonl", 3, b'{"id": 7, "text": "hi"}').id
    '7'
    >>> jsonl_line("data/a.jsonl", "a.jsonl", 3, b'{"text": "hi"}').id
    'a.jsonl#3'
    >>> print(jsonl_line("data/a.jsonl", "a.jsonl", 4, b'{"id": 7'))
    data/a.jsonl:4: malformed JSON: Expecting ',' delimiter (column 9)
    """
    if not raw.strip():
        return None
    if raw.endswith(b"\n"):  # so that an error's column is on this line
        raw = raw[:-1]
    try:
        value = _json_value(raw)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return LoadProblem(path, _json_problem(exc, raw), number)
    return _record(path, name, number, value, id_field, text_field, encoding)


def jsonl_records(
    path: str, name: str, stream: Iterable[bytes], id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a JSONL stream, line by line (only ``\\n``
    ends a line); a UTF-8 BOM at its start is dropped. The records' encoding
    is utf-8 either way: the Spark engine's line reader drops the BOM before
    any parser sees it, and both engines must say the same."""
    found = False
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(_UTF8_BOM):
            raw = raw[len(_UTF8_BOM) :]
        item = jsonl_line(path, name, number, raw, id_field, text_field)
        if item is not None:
            found = True
            yield item
    if not found:
        yield LoadProblem(path, "empty file (no text)")


def json_records(
    path: str, name: str, data: bytes, id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a JSON file: a list of records, or
    ``{"documents": [...]}``. A bad record is named by its number."""
    try:
        text, encoding = _text(data)
        value = _json_value(text)
    except DecodeError as exc:
        yield LoadProblem(path, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield LoadProblem(path, f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    except (ValueError, RecursionError) as exc:
        yield LoadProblem(path, _json_problem(exc, text))
        return
    if isinstance(value, dict) and isinstance(value.get("documents"), list):
        value = value["documents"]
    if not isinstance(value, list):
        yield LoadProblem(path, 'JSON must be a list of records or {"documents": [...]}')
        return
    if not value:
        yield LoadProblem(path, "no records")
    for number, row in enumerate(value, start=1):
        yield _record(path, name, number, row, id_field, text_field, encoding, by_number=True)


# --- CSV --------------------------------------------------------------------------------------------


def csv_records(
    path: str, name: str, stream: IO[bytes], id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a CSV file with a header row, streamed:
    a first pass decides the encoding (`detect_encoding`, as for a whole
    file), a second parses. A row with more fields than the header is a
    problem, and skipped."""
    try:
        detected = detect_encoding(stream)
    except DecodeError as exc:
        yield LoadProblem(path, str(exc))
        return
    if not detected.has_text:
        yield LoadProblem(path, "empty file (no text)")
        return
    reader = csv.DictReader(io.TextIOWrapper(stream, encoding=detected.encoding, newline=""), strict=True)
    try:
        reader.fieldnames  # noqa: B018 (reads the header, so that line numbers count it)
    except (csv.Error, UnicodeDecodeError) as exc:
        yield LoadProblem(path, f"malformed CSV header: {exc}", 1)
        return
    found = False
    while True:
        line = reader.line_num + 1  # a quoted field may span lines
        try:
            row = next(reader)
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError) as exc:  # UnicodeDecodeError: the file changed meanwhile
            yield LoadProblem(path, f"malformed CSV record, the rest of the file is skipped: {exc}", line)
            return
        found = True
        if None in row:
            extra = len(row[None])  # type: ignore[index]
            yield LoadProblem(path, f"row has {extra} more field(s) than the header names; skipped", line)
            continue
        yield _record(path, name, line, row, id_field, text_field, detected.encoding)
    if not found:
        yield LoadProblem(path, "no records")


# --- Parquet ----------------------------------------------------------------------------------------


def parquet_row(
    path: str, name: str, number: int, row: dict[str, Any], id_field: str = "id", text_field: str = "text"
) -> Record | LoadProblem:
    """The record of row `number` (from 1) of Parquet file `path`."""
    return _record(path, name, number, row, id_field, text_field)


def parquet_records(
    path: str,
    name: str,
    id_field: str = "id",
    text_field: str = "text",
    data: bytes | None = None,
    batch_size: int = 4096,
) -> Iterator[Record | LoadProblem]:
    """The records and problems of Parquet file `path` (or of its bytes, `data`),
    streamed by row batches (needs pyarrow: ``pip install 'compare-sources[parquet]'``)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield LoadProblem(path, "reading Parquet needs pyarrow: pip install 'compare-sources[parquet]'")
        return
    number = 0
    try:
        source = path if data is None else io.BytesIO(data)
        for batch in pq.ParquetFile(source).iter_batches(batch_size=batch_size):
            for row in batch.to_pylist():
                number += 1
                yield parquet_row(path, name, number, row, id_field, text_field)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield LoadProblem(path, f"malformed Parquet: {exc}")
        return
    if number == 0:
        yield LoadProblem(path, "no records")


# --- Whole files ------------------------------------------------------------------------------------


def _text(data: bytes) -> tuple[str, str]:
    """A whole file's text and encoding; `DecodeError` when it has none."""
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise DecodeError("empty file (no text)")
    return text, encoding


def _document_record(
    path: str, name: str, data: bytes, html: bool, id_field: str, text_field: str
) -> Iterator[Record | LoadProblem]:
    """A text, Markdown or HTML file as one record named `name`."""
    try:
        text, encoding = _text(data)
    except DecodeError as exc:
        yield LoadProblem(path, str(exc))
        return
    if not html:
        yield Record(name, text, path, None, {id_field: name, text_field: text}, encoding)
        return
    page = extract_html(text)
    if not page.text.strip():
        yield LoadProblem(path, "HTML page has no main text")
        return
    fields: dict[str, Any] = {id_field: name, text_field: page.text}
    if page.title:
        fields.setdefault("title", page.title)
    for key, value in page.meta.items():
        fields.setdefault(key, value)
    yield Record(name, page.text, path, None, fields, encoding)


def parse_file(
    path: str, name: str, data: bytes, id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of a file's bytes, read whole, by its format."""
    kind = file_format(path)
    if kind == "jsonl":
        yield from jsonl_records(path, name, io.BytesIO(data), id_field, text_field)
    elif kind == "csv":
        yield from csv_records(path, name, io.BytesIO(data), id_field, text_field)
    elif kind == "json":
        yield from json_records(path, name, data, id_field, text_field)
    elif kind == "parquet":
        yield from parquet_records(path, name, id_field, text_field, data)
    elif kind in ("text", "html"):
        yield from _document_record(path, name, data, kind == "html", id_field, text_field)
    else:
        yield LoadProblem(path, f"not a file type this tool reads ({', '.join(sorted(INPUT_SUFFIXES))})")


def read_file(
    path: str, name: str, id_field: str = "id", text_field: str = "text"
) -> Iterator[Record | LoadProblem]:
    """The records and problems of file `path`: JSONL and CSV streamed,
    Parquet by row batches, the others read whole."""
    kind = file_format(path)
    try:
        if kind in ("jsonl", "csv"):
            with open(path, "rb") as f:
                parse = jsonl_records if kind == "jsonl" else csv_records
                yield from parse(path, name, f, id_field, text_field)
        elif kind == "parquet":
            yield from parquet_records(path, name, id_field, text_field)
        else:
            yield from parse_file(path, name, Path(path).read_bytes(), id_field, text_field)
    except OSError as exc:
        yield LoadProblem(path, f"cannot read: {exc.strerror or exc}")

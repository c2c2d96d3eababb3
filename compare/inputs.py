"""Streaming records for batch deduplication: files, directories, globs, stdin.

`compare.readers` loads a corpus whole, for the analysis. Batch jobs give
10 GB of JSONL, so here records are streamed, one at a time, and the inputs
can be read again (verification reads the candidates a second time, and
``--write-deduplicated`` a third): `Inputs.records` starts over on each
call. Standard input (``-``, JSONL) can only be read once, so the first
pass copies it to a temporary file that later passes read.

Formats, by suffix: ``.jsonl``/``.ndjson`` and stdin (one JSON object per
line, streamed), ``.csv`` (streamed, a header row), ``.json`` (a list of
objects, or ``{"documents": [...]}``: read whole), ``.txt``/``.md``/
``.html`` (one document per file). A bad record (malformed JSON, no text
field, undecodable bytes) is reported with its file and line through
`Inputs.problems`, and the other records are still read.
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

from .corpus import LoadProblem
from .readers import SUFFIXES, DecodeError, decode_bytes, read_file, record_id_and_text, walk

__all__ = ["STDIN", "Inputs", "Record"]

#: The input name that means JSONL on standard input.
STDIN = "-"
_GLOB = set("*?[")


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
            return [str(p) for p in walk(path)]
        if path.is_file():
            return [spec]
        if _GLOB & set(spec):
            found = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            matched = [p for p in found if Path(p).suffix.lower() in SUFFIXES]
            if not matched:
                self._problem(spec, "no readable file matches this pattern")
            return matched
        self._problem(spec, "no such file or directory")
        return []

    def records(self) -> Iterator[Record]:
        """Every record of every input, in order (a new pass on each call)."""
        for name in self._files:
            if name == STDIN:
                yield from self._jsonl(STDIN, self._stdin_pass())
                continue
            suffix = Path(name).suffix.lower()
            try:
                if suffix in (".jsonl", ".ndjson"):
                    with open(name, "rb") as f:
                        yield from self._jsonl(name, f)
                elif suffix == ".csv":
                    with open(name, "rb") as f:
                        yield from self._csv(name, f)
                else:
                    yield from self._whole_file(name)
            except OSError as exc:
                self._problem(name, f"cannot read: {exc.strerror or exc}")

    def _stdin_pass(self) -> Iterable[bytes]:
        """Standard input on the first pass (copied as it is read), the copy after."""
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
            return _tee(self.stdin or sys.stdin.buffer, self._spool)
        self._spool.seek(0)
        return self._spool

    def _record(self, name: str, line: int, record: object, fallback: str) -> Record | None:
        try:
            rid, text = record_id_and_text(record, self.id_field, self.text_field, f"{fallback}#{line}")
        except DecodeError as exc:
            self._problem(name, str(exc), line)
            return None
        return Record(rid, text, name, line, record)  # type: ignore[arg-type]

    def _jsonl(self, name: str, stream: Iterable[bytes]) -> Iterator[Record]:
        fallback = "stdin" if name == STDIN else Path(name).name
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError:
                value = _lenient_json(raw)
                if isinstance(value, DecodeError):
                    self._problem(name, str(value), number)
                    continue
            record = self._record(name, number, value, fallback)
            if record is not None:
                yield record

    def _csv(self, name: str, stream: IO[bytes]) -> Iterator[Record]:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text, strict=True)
        try:
            if reader.fieldnames is None:  # reads the header, so that line numbers count it
                return
        except (csv.Error, UnicodeDecodeError) as exc:
            self._problem(name, f"malformed CSV header: {exc}", 1)
            return
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                self._problem(name, f"malformed CSV record, the rest of the file is skipped: {exc}", line)
                return
            if None in row:
                self._problem(name, "more fields than the header names", line)
                continue
            record = self._record(name, line, row, Path(name).name)
            if record is not None:
                yield record

    def _whole_file(self, name: str) -> Iterator[Record]:
        path = Path(name)
        if path.suffix.lower() != ".json":  # one document per file
            docs, problems = read_file(path, path.name, path.parent.name, self.id_field, self.text_field)
            for p in problems:
                self._problem(p.path, p.message, p.line)
            for d in docs:
                yield Record(d.id, d.text, name, None, {self.id_field: d.id, self.text_field: d.text})
            return
        try:
            text, _ = decode_bytes(path.read_bytes())
            data = json.loads(text)
        except (DecodeError, json.JSONDecodeError) as exc:
            self._problem(name, f"malformed JSON: {getattr(exc, 'msg', exc)}", getattr(exc, "lineno", None))
            return
        if isinstance(data, dict) and isinstance(data.get("documents"), list):
            data = data["documents"]
        if not isinstance(data, list):
            self._problem(name, 'JSON must be a list of records or {"documents": [...]}')
            return
        for number, row in enumerate(data, start=1):
            record = self._record(name, number, row, path.name)
            if record is not None:
                yield record

    def close(self) -> None:
        """Delete the copy of standard input."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def __enter__(self) -> Inputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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

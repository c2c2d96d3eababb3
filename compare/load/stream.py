"""Streaming records for batch deduplication, re-readable.

Batch jobs give 10 GB of JSONL, so records are streamed, one at a time,
and the inputs can be read again (verification reads the candidates a
second time, and ``--write-deduplicated`` a third): `Inputs.records`
starts over on each call. Standard input (``-``, JSONL) can only be read
once, so the first pass copies it to a temporary file that later passes
read. Files are expanded and parsed as everywhere else
(`compare.load.files`, `compare.load.records`).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from .document import LoadProblem
from .files import STDIN, InputFile, input_files
from .records import Record, jsonl_records, place, read_file, repeated_id

__all__ = ["Inputs"]


@dataclass
class Inputs:
    """The records of input files, directories, globs and ``-`` (stdin), re-readable.

    The inputs are expanded once, at construction: a missing path, an empty
    directory or a glob matching nothing is a problem. `problems` collects
    every problem met, once each, over all passes.
    """

    specs: Sequence[str]
    id_field: str = "id"
    text_field: str = "text"
    stdin: IO[bytes] | None = None
    problems: list[LoadProblem] = field(default_factory=list)
    _inputs: list[InputFile] = field(init=False, default_factory=list)
    _spool: IO[bytes] | None = field(init=False, default=None)
    _seen: set[tuple[str, int | None, str]] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self._inputs, problems = input_files(list(self.specs))
        for p in problems:
            self._problem(p)

    @property
    def files(self) -> list[str]:
        """The files (and ``-``) the inputs expanded to, in reading order."""
        return [f.path for f in self._inputs]

    def _problem(self, problem: LoadProblem) -> None:
        key = (problem.path, problem.line, problem.message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(problem)

    def records(self) -> Iterator[Record]:
        """Every record of every input, in order (a new pass on each call); a
        record whose id an earlier one has is skipped, with a problem
        naming both places (`repeated_id`), as in every command."""
        first: dict[str, str] = {}
        for file in self._inputs:
            items: Iterable[Record | LoadProblem]
            if file.path == STDIN:
                items = jsonl_records(STDIN, file.id_name, self._stdin_pass(), self.id_field, self.text_field)
            else:
                items = read_file(file.path, file.id_name, self.id_field, self.text_field)
            for item in items:
                if isinstance(item, LoadProblem):
                    self._problem(item)
                elif item.id in first:
                    self._problem(LoadProblem(item.path, repeated_id(item.id, first[item.id]), item.line))
                else:
                    first[item.id] = place(item.path, item.line)
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


def _tee(source: IO[bytes], copy: IO[bytes]) -> Iterator[bytes]:
    """The lines of `source`, each written to `copy` as it is read."""
    for line in source:
        copy.write(line)
        yield line
    copy.flush()

"""Documents and the collection they come in.

A `Document` holds the original text exactly as decoded: every offset the
analysis reports indexes this string. Loading never stops at a bad input; it
records a `LoadProblem` naming the file (and line or record) and goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Document", "LoadProblem", "LoadedCorpus"]


@dataclass(frozen=True)
class Document:
    """One text and what is known about it.

    `id` is unique within a corpus: the file's path relative to the folder it
    was found under, or the record's id for JSONL/JSON/CSV records.
    """

    id: str
    text: str
    source: str
    title: str = ""
    url: str = ""
    date: str = ""
    path: str = ""
    encoding: str = "utf-8"
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadProblem:
    """An input that could not be (fully) read; the rest still is."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class LoadedCorpus:
    """Documents in a stable order, and the problems met while loading."""

    documents: list[Document]
    problems: list[LoadProblem]

"""Documents and the collection they come in.

A `Document` holds the original text exactly as decoded: every offset the
analysis reports indexes this string. Loading never stops at a bad input; it
records a `LoadProblem` naming the file (and line or record) and goes on.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MANIFEST_NAME", "REPORT_MARKER", "Document", "LoadProblem", "LoadedCorpus", "load_manifest"]

#: A manifest file describing the documents of the directory it sits in.
MANIFEST_NAME = "sources.toml"
#: The file marking a folder as a compare-sources report (never read as input).
REPORT_MARKER = ".compare-sources-report"


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


def load_manifest(path: Path) -> tuple[dict[str, dict[str, str]], list[LoadProblem]]:
    """Read ``sources.toml``: ``[documents."<relative path or id>"]`` tables.

    Each table may give source, title, url, date, author and notes; other
    keys are kept as metadata. Returns the entries by name and any problems.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [LoadProblem(str(path), f"manifest not readable: {exc}")]
    documents = data.get("documents", {})
    if not isinstance(documents, dict):
        return {}, [LoadProblem(str(path), "manifest: [documents] must be a table of tables")]
    entries: dict[str, dict[str, str]] = {}
    problems: list[LoadProblem] = []
    for name, entry in documents.items():
        if not isinstance(entry, dict):
            problems.append(LoadProblem(str(path), f"manifest entry {name!r} is not a table"))
            continue
        entries[name] = {k: str(v) for k, v in entry.items()}
    return entries, problems


def apply_manifest(doc: Document, entry: dict[str, str]) -> Document:
    """A copy of `doc` with the manifest's fields filled in."""
    known = {k: entry[k] for k in ("source", "title", "url", "date") if entry.get(k)}
    extra = {k: v for k, v in entry.items() if k not in known}
    return Document(
        id=doc.id,
        text=doc.text,
        source=known.get("source", doc.source),
        title=known.get("title", doc.title),
        url=known.get("url", doc.url),
        date=known.get("date", doc.date),
        path=doc.path,
        encoding=doc.encoding,
        metadata={**doc.metadata, **extra},
    )

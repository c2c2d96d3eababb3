"""A collection loaded whole, as `Document`s, for the analysis and the report.

The files are the input specs' (`compare.load.files`), read by the record
parsers every command uses (`compare.load.records`); here each record
becomes a `Document`: its source, title, url and date from its fields (or
the folder it is in), its other fields as metadata, a directory's
``sources.toml`` applied, and a later document with an id already taken
skipped, with a problem naming both places (`repeated_id`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from .document import Document, LoadedCorpus, LoadProblem
from .files import STDIN, InputFile, expand
from .manifest import Manifests, describe, find_manifests
from .records import Record, clean, jsonl_records, place, read_file, repeated_id, to_json

__all__ = ["default_source", "host", "load_paths", "record_document"]

_RECORD_FIELDS = ("source", "title", "url", "date")


def load_paths(
    paths: Iterable[str | Path],
    id_field: str = "id",
    text_field: str = "text",
    stdin: IO[bytes] | None = None,
) -> LoadedCorpus:
    """Load files, directories (recursively), globs and ``-`` (JSONL on
    `stdin`, by default standard input) in a stable order.

    A directory's ``sources.toml`` (in it or any folder below) describes its
    files. Without a manifest or a source field, a document's source is the
    host of its URL (a record's ``url`` field, an HTML page's ``og:url`` or
    canonical link; ``www.`` left out), else the name of the first folder
    below the directory given; for a file directly in it, the directory's
    name when several paths are given (``report nyt/ wapo/``), else the
    file's name: a folder of pages scraped from many sites is many sources.
    With several paths, ids start with the directory's name, so
    ``nyt/story.txt`` and ``wapo/story.txt`` are both kept.
    """
    specs = [str(p) for p in paths]
    several = len(specs) > 1
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    for spec in specs:
        files, found = expand(spec, several)
        problems.extend(found)
        manifests: Manifests = {}
        if Path(spec).is_dir():
            manifests, found = find_manifests(Path(spec))
            problems.extend(found)
        for file in files:
            source = default_source(file, several)
            docs: list[tuple[Document, int | None]] = []
            for item in _items(file, id_field, text_field, stdin):
                if isinstance(item, LoadProblem):
                    problems.append(item)
                else:
                    docs.append(
                        (record_document(item, file, source, manifests, id_field, text_field), item.line)
                    )
            for doc, line in docs:
                if doc.id in seen:
                    problems.append(LoadProblem(doc.path, repeated_id(doc.id, seen[doc.id]), line))
                    continue
                seen[doc.id] = place(doc.path, line)
                documents.append(doc)
    return LoadedCorpus(documents=documents, problems=problems)


def _items(
    file: InputFile, id_field: str, text_field: str, stdin: IO[bytes] | None
) -> Iterator[Record | LoadProblem]:
    if file.path == STDIN:
        return jsonl_records(STDIN, file.id_name, stdin or sys.stdin.buffer, id_field, text_field)
    return read_file(file.path, file.id_name, id_field, text_field)


def default_source(file: InputFile, several: bool) -> str:
    """A document's source when neither its record nor a manifest gives one."""
    path = Path(file.path)
    if file.root is None:
        return path.stem if file.path != STDIN else file.id_name
    rel = path.relative_to(file.root)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return file.root.resolve().name if several else path.stem


def host(url: str) -> str:
    """The site of a URL: its host, lower case, without a leading ``www.``; "" if it has none.

    >>> host("https://www.Example.com/news/1.html"), host("example.org:8080/a"), host("not a url")
    ('example.com', '', '')
    """
    try:
        name = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


def record_document(
    record: Record, file: InputFile, source: str, manifests: Manifests, id_field: str, text_field: str
) -> Document:
    """The document of a record: fields named source (else `source`), title,
    url and date fill those; the others (not id and text) are metadata, as
    text; then the manifest's entry, if one names it."""
    fields = record.fields
    meta = {
        clean(str(k)): clean(v if isinstance(v, str) else to_json(v, sort_keys=True, default=str))
        for k, v in fields.items()
        if k not in (id_field, text_field, *_RECORD_FIELDS)
    }
    known = {k: clean(str(fields[k])) for k in _RECORD_FIELDS if fields.get(k) not in (None, "")}
    doc = Document(
        id=record.id,
        text=record.text,
        source=known.get("source") or host(known.get("url", "")) or source,
        title=known.get("title", ""),
        url=known.get("url", ""),
        date=known.get("date", ""),
        path=record.path,
        encoding=record.encoding,
        metadata=meta,
    )
    if file.root is None:
        return doc
    return describe(doc, Path(file.path), file.root, manifests)

"""``sources.toml``: what a directory's manifest says about its documents.

A manifest sits in a directory given (or any folder below it) and holds
``[documents."<relative path or id>"]`` tables; each may give source,
title, url, date, author and notes, and other keys are kept as metadata.
A document takes the entry of the nearest manifest at or above its file
that names it, by the file's path relative to the manifest's folder or by
the document's id.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .document import Document, LoadProblem
from .files import walk

__all__ = [
    "MANIFEST_NAME",
    "Manifests",
    "apply_manifest",
    "describe",
    "find_manifests",
    "load_manifest",
    "parse_manifest",
]

#: A manifest file describing the documents of the directory it sits in.
MANIFEST_NAME = "sources.toml"

#: The entries of every manifest under a directory, by the manifest's folder.
Manifests = dict[Path, dict[str, dict[str, str]]]


def load_manifest(path: Path) -> tuple[dict[str, dict[str, str]], list[LoadProblem]]:
    """Read one ``sources.toml``: its entries by name, and any problems."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        return {}, [LoadProblem(str(path), f"manifest not readable: {exc}")]
    return parse_manifest(content, str(path))


def parse_manifest(content: bytes, name: str) -> tuple[dict[str, dict[str, str]], list[LoadProblem]]:
    """The entries by name of a ``sources.toml`` holding `content`, and any
    problems (named `name`): the manifest's own reading, apart from the file
    system, so a manifest read by another file system (Hadoop's) reads the same."""
    try:
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [LoadProblem(name, f"manifest not readable: {exc}")]
    except RecursionError:  # tomllib recurses into nested arrays and tables
        return {}, [LoadProblem(name, "manifest not readable: nested too deeply")]
    documents = data.get("documents", {})
    if not isinstance(documents, dict):
        return {}, [LoadProblem(name, "manifest: [documents] must be a table of tables")]
    entries: dict[str, dict[str, str]] = {}
    problems: list[LoadProblem] = []
    for key, entry in documents.items():
        if not isinstance(entry, dict):
            problems.append(LoadProblem(name, f"manifest entry {key!r} is not a table"))
            continue
        entries[key] = {k: str(v) for k, v in entry.items()}
    return entries, problems


def find_manifests(root: Path) -> tuple[Manifests, list[LoadProblem]]:
    """Every manifest in `root` and below (in path order), and their problems."""
    manifests: Manifests = {}
    problems: list[LoadProblem] = []
    for manifest in sorted(walk(root, (), names=[MANIFEST_NAME])):
        entries, found = load_manifest(manifest)
        problems.extend(found)
        manifests[manifest.parent] = entries
    return manifests, problems


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


def describe(doc: Document, file: Path, root: Path, manifests: Manifests) -> Document:
    """`doc` (read from `file`, found under `root`) with its manifest entry
    applied, if a manifest names it."""
    folder = file.parent
    while True:
        entries = manifests.get(folder, {})
        entry = entries.get(file.relative_to(folder).as_posix()) or entries.get(doc.id)
        if entry:
            return apply_manifest(doc, entry)
        if folder == root or folder == folder.parent:
            return doc
        folder = folder.parent

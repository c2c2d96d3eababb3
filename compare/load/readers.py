"""Reading files into `Document`s: text, Markdown, HTML, JSONL, JSON and CSV.

Encoding: UTF-8 (a BOM is honoured, UTF-16 with a BOM too); a file that is
not valid UTF-8 is decoded as Windows-1252, the usual encoding of such web
text, and the document records which encoding was used. Empty files, binary
files and bytes that neither decodes are problems that name the file and the
offset; one bad record of a JSONL file is a problem naming its line, and the
other lines are still read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .document import (
    MANIFEST_NAME,
    REPORT_MARKER,
    Document,
    LoadedCorpus,
    LoadProblem,
    apply_manifest,
    load_manifest,
)
from .html import extract_html

__all__ = ["SUFFIXES", "DecodeError", "decode_bytes", "load_paths", "read_file", "record_id_and_text", "walk"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES

FALLBACK_ENCODING = "cp1252"
_SURROGATE = re.compile("[\ud800-\udfff]")
_CSV_EXTRA = "_extra_fields"
csv.field_size_limit(2**31 - 1)  # a record's text may be long
_RECORD_FIELDS = ("source", "title", "url", "date")


class DecodeError(ValueError):
    """The bytes of a file are not text this tool can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return ``(text, encoding)``.

    Raises `DecodeError` with a message saying what is wrong.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", "utf-8-sig", skipped=3)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", "utf-16")
    head = data[:65536]
    nul = head.count(b"\x00")
    if nul >= 8:
        # Text has no NUL bytes; a stray few (seen in real scraped text) are tolerated.
        raise DecodeError(
            f"binary file ({nul} NUL bytes in the first {len(head)}), not text; "
            "UTF-16 needs a byte-order mark"
        )
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text, encoding = data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"undecodable bytes: not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                f"{utf8_error.start}) and not {FALLBACK_ENCODING} (byte "
                f"0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > 0.05 * len(sample):
        raise DecodeError(f"binary file ({100 * controls / len(sample):.0f}% control characters), not text")
    return text, encoding


def _strict(data: bytes, codec: str, name: str, skipped: int = 0) -> tuple[str, str]:
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable bytes: invalid {name} at offset {exc.start + skipped}") from None


def _require_text(text: str) -> None:
    if not text.strip():
        raise DecodeError("empty file (no text)")


def _clean(value: str) -> str:
    """Lone surrogates (from JSON escapes like "\\ud800") are not text: U+FFFD each, same length."""
    return _SURROGATE.sub("\ufffd", value)


def _csv_records(text: str) -> Iterator[tuple[int, object | DecodeError]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=_CSV_EXTRA, strict=True)
    try:
        if reader.fieldnames is None:  # reads the header, so that line numbers count it
            return
    except csv.Error as exc:
        yield 1, DecodeError(f"malformed CSV header: {exc}")
        return
    while True:
        first_line = reader.line_num + 1  # a quoted field may span lines
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield first_line, DecodeError(f"malformed CSV record: {exc}")
            return
        yield first_line, row


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
    return _clean(str(rid)), _clean(text)


def _record_document(
    record: object,
    where: str,
    fallback_id: str,
    line: int,
    id_field: str,
    text_field: str,
    default_source: str,
) -> Document:
    rid, text = record_id_and_text(record, id_field, text_field, f"{fallback_id}#{line}")
    assert isinstance(record, dict)
    meta = {
        _clean(str(k)): _clean(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True))
        for k, v in record.items()
        if k not in (id_field, text_field, *_RECORD_FIELDS)
    }
    fields = {k: _clean(str(record[k])) for k in _RECORD_FIELDS if record.get(k) not in (None, "")}
    return Document(
        id=rid,
        text=text,
        source=fields.get("source", default_source),
        title=fields.get("title", ""),
        url=fields.get("url", ""),
        date=fields.get("date", ""),
        path=where,
        metadata=meta,
    )


def _jsonl_records(text: str) -> Iterator[tuple[int, object | DecodeError]]:
    # Only "\n" ends a JSONL line: U+2028 and friends may appear inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, DecodeError(f"malformed JSON: {exc.msg} (column {exc.colno})")


def read_file(
    path: Path,
    doc_id: str,
    source: str,
    id_field: str = "id",
    text_field: str = "text",
    data: bytes | None = None,
) -> tuple[list[Document], list[LoadProblem]]:
    """Read one file (or its bytes, `data`, already read) into documents;
    problems name the file and line."""
    where = str(path)
    try:
        text, encoding = decode_bytes(path.read_bytes() if data is None else data)
        _require_text(text)
    except OSError as exc:
        return [], [LoadProblem(where, f"cannot read: {exc.strerror or exc}")]
    except DecodeError as exc:
        return [], [LoadProblem(where, str(exc))]

    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [Document(id=doc_id, text=text, source=source, path=where, encoding=encoding)], []
    if suffix in HTML_SUFFIXES:
        page = extract_html(text)
        if not page.text.strip():
            return [], [LoadProblem(where, "HTML page has no main text")]
        meta = {k: v for k, v in page.meta.items() if k not in ("source", "url", "date", "title")}
        doc = Document(
            id=doc_id,
            text=page.text,
            source=page.meta.get("source", source),
            title=page.title,
            url=page.meta.get("url", ""),
            date=page.meta.get("date", ""),
            path=where,
            encoding=encoding,
            metadata=meta,
        )
        return [doc], []

    records: Iterable[tuple[int, object | DecodeError]]
    if suffix in (".jsonl", ".ndjson"):
        records = _jsonl_records(text)
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [LoadProblem(where, f"malformed JSON: {exc.msg}", line=exc.lineno)]
        if isinstance(data, dict) and isinstance(data.get("documents"), list):
            data = data["documents"]
        if not isinstance(data, list):
            return [], [LoadProblem(where, 'JSON must be a list of records or {"documents": [...]}')]
        records = ((i, r) for i, r in enumerate(data, start=1))
    else:  # .csv
        records = _csv_records(text)

    docs: list[Document] = []
    problems: list[LoadProblem] = []
    for number, record in records:
        try:
            if isinstance(record, DecodeError):
                raise record
            doc = _record_document(record, where, doc_id, number, id_field, text_field, source)
        except DecodeError as exc:
            label = "record" if suffix == ".json" else None
            msg = f"{label} {number}: {exc}" if label else str(exc)
            problems.append(LoadProblem(where, msg, line=None if label else number))
            continue
        docs.append(Document(**{**doc.__dict__, "encoding": encoding}))
    if not docs and not problems:
        problems.append(LoadProblem(where, "no records"))
    return docs, problems


def walk(root: Path, suffixes: Iterable[str] = SUFFIXES) -> list[Path]:
    """Readable files (by `suffixes`) under `root`, skipping hidden entries
    (.git, .nox, ...) and folders holding a compare-sources report (its
    pages are not input); sorted by their path under `root`."""
    suffixes = set(suffixes)
    found = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(
            d for d in subfolders if not d.startswith(".") and not (here / d / REPORT_MARKER).exists()
        )
        found += [here / f for f in files if not f.startswith(".") and Path(f).suffix.lower() in suffixes]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _described(
    doc: Document, file: Path, root: Path, manifests: dict[Path, dict[str, dict[str, str]]]
) -> Document:
    """`doc` with its manifest entry applied: the nearest ``sources.toml`` at or
    above the file (up to `root`) that names it, by path relative to the
    manifest's folder, or by record id."""
    folder = file.parent
    while True:
        entries = manifests.get(folder, {})
        entry = entries.get(file.relative_to(folder).as_posix()) or entries.get(doc.id)
        if entry:
            return apply_manifest(doc, entry)
        if folder == root or folder == folder.parent:
            return doc
        folder = folder.parent


def load_paths(paths: Iterable[str | Path], id_field: str = "id", text_field: str = "text") -> LoadedCorpus:
    """Load files and directories (recursively) in a stable order.

    A directory's ``sources.toml`` (in it or any folder below) describes its
    files. Without a manifest, a file's source is the name of the first
    folder below the directory given; for a file directly in it, the
    directory's name when several paths are given (``report nyt/ wapo/``),
    else the file's name. With several paths, ids start with the directory's
    name, so ``nyt/story.txt`` and ``wapo/story.txt`` are both kept.
    """
    paths = list(paths)
    several = len(paths) > 1
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}

    def add(docs: list[Document], found: list[LoadProblem]) -> None:
        problems.extend(found)
        for doc in docs:
            if doc.id in seen:
                problems.append(
                    LoadProblem(
                        doc.path, f"duplicate document id {doc.id!r} (first in {seen[doc.id]}); skipped"
                    )
                )
                continue
            seen[doc.id] = doc.path
            documents.append(doc)

    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = walk(root)
            if not files:
                problems.append(
                    LoadProblem(
                        str(root), f"directory holds no readable files ({', '.join(sorted(SUFFIXES))})"
                    )
                )
            manifests: dict[Path, dict[str, dict[str, str]]] = {}
            for manifest in sorted(root.rglob(MANIFEST_NAME)):
                entries, found = load_manifest(manifest)
                problems.extend(found)
                manifests[manifest.parent] = entries
            prefix = f"{root.resolve().name}/" if several else ""
            for file in files:
                rel = file.relative_to(root)
                top_level_source = root.resolve().name if several else file.stem
                source = rel.parts[0] if len(rel.parts) > 1 else top_level_source
                doc_id = prefix + rel.as_posix()
                docs, found = read_file(file, doc_id, source, id_field, text_field)
                add([_described(d, file, root, manifests) for d in docs], found)
        elif root.is_file():
            add(*read_file(root, root.name, root.stem, id_field, text_field))
        else:
            problems.append(LoadProblem(str(root), "no such file or directory"))
    return LoadedCorpus(documents=documents, problems=problems)

"""Tests of compare.load.manifest: reading sources.toml and which entry describes a document."""

from __future__ import annotations

from pathlib import Path

from compare.load.document import Document
from compare.load.manifest import apply_manifest, describe, find_manifests, load_manifest, parse_manifest


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_are_tables_and_other_values_are_problems(tmp_path: Path) -> None:
    path = _write(tmp_path / "sources.toml", '[documents]\n"a.txt" = { source = "S", n = 3 }\n"b.txt" = 5\n')
    entries, problems = load_manifest(path)
    assert entries == {"a.txt": {"source": "S", "n": "3"}}
    assert [p.message for p in problems] == ["manifest entry 'b.txt' is not a table"]


def test_apply_fills_known_fields_and_keeps_the_rest_as_metadata() -> None:
    doc = Document(id="a", text="t", source="folder", metadata={"lang": "en"})
    described = apply_manifest(doc, {"source": "Wire", "title": "", "author": "J. Doe"})
    assert (described.source, described.title) == ("Wire", "")
    assert described.metadata == {"lang": "en", "title": "", "author": "J. Doe"}


def test_the_nearest_manifest_naming_the_document_wins(tmp_path: Path) -> None:
    _write(
        tmp_path / "sources.toml",
        '[documents."sub/x.txt"]\nsource = "Outer"\n[documents."r1"]\nsource = "ById"\n',
    )
    _write(tmp_path / "sub" / "sources.toml", '[documents."x.txt"]\nsource = "Inner"\n')
    manifests, problems = find_manifests(tmp_path)
    assert problems == [] and sorted(manifests) == [tmp_path, tmp_path / "sub"]
    file = tmp_path / "sub" / "x.txt"
    assert (
        describe(Document(id="sub/x.txt", text="t", source="s"), file, tmp_path, manifests).source == "Inner"
    )
    record = Document(id="r1", text="t", source="s")
    assert describe(record, tmp_path / "sub" / "feed.jsonl", tmp_path, manifests).source == "ById"
    other = Document(id="r2", text="t", source="s")
    assert describe(other, tmp_path / "sub" / "feed.jsonl", tmp_path, manifests) is other


def test_parse_reads_bytes_as_the_file_is_read(tmp_path: Path) -> None:
    text = '[documents."a.txt"]\r\nsource = "S"\rtitle = "T"\n'
    path = tmp_path / "sources.toml"
    path.write_bytes(text.encode("utf-8"))
    expected = ({"a.txt": {"source": "S", "title": "T"}}, [])
    assert parse_manifest(text.encode("utf-8"), "m") == load_manifest(path) == expected
    entries, problems = parse_manifest(b"\xff[documents]", "there/sources.toml")
    assert entries == {} and [p.path for p in problems] == ["there/sources.toml"]
    assert problems[0].message.startswith("manifest not readable: 'utf-8' codec can't decode")

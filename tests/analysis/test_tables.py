"""Tests of compare.analysis.tables: the result as Parquet tables, read back exactly."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from synthetic_corpora import edited, prose

from compare.analysis.pipeline import analyze
from compare.analysis.result import AnalysisResult
from compare.analysis.tables import COLUMNS, TABLES, read_tables, write_tables
from compare.load import Document, LoadProblem
from compare.util.atomic import FolderRefused


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    """Copies, an edited copy, an excerpt, a quotation and a repeated paragraph: every kind of record."""
    story, said, twice = prose(40, 300), prose(41, 40), prose(42, 60)
    excerpt = " ".join(story.split()[80:170])
    docs = [
        Document("wire", f"{story}\nShe said: \u201c{said}\u201d", "Wire", date="2026-01-01"),
        Document("paper", edited(story, 0.1, seed=2), "Paper", date="2026-01-02", metadata={"desk": "city"}),
        Document("blog", f"{prose(43, 80)}\n{excerpt}\n\u201c{said}\u201d {prose(44, 50)}", "Blog"),
        Document("notes", f"{twice}\n{prose(45, 120)}\n{twice}", "Notes", date="2026-01-05"),
    ]
    return analyze(docs)


def test_the_tables_read_back_as_the_result_they_hold(result: AnalysisResult, tmp_path: Path) -> None:
    assert result.passages and result.repetitions and result.documents[1].metadata
    assert any(m.edits for p in result.pairs for m in p.matches)
    assert any(m.quoted for p in result.pairs for m in p.matches)
    write_tables(result, tmp_path / "tables")
    assert read_tables(tmp_path / "tables").to_json() == result.to_json()


def test_the_tables_are_the_json_fields_and_the_same_bytes_twice(
    result: AnalysisResult, tmp_path: Path
) -> None:
    first, second = write_tables(result, tmp_path / "one"), write_tables(result, tmp_path / "two")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted([*(f"{t}.parquet" for t in TABLES), "result.json"])
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    data = result.to_dict()
    pairs = pq.read_table(first / "pairs.parquet")
    assert pairs.column_names == [k for k in data["pairs"][0] if k != "matches"]
    matches = pq.read_table(first / "matches.parquet").to_pylist()
    assert len(matches) == sum(len(p["matches"]) for p in data["pairs"])
    assert json.loads(matches[0]["edits"]) == data["pairs"][matches[0]["pair"]]["matches"][0]["edits"]


def test_only_a_folder_of_tables_is_replaced(result: AnalysisResult, tmp_path: Path) -> None:
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FolderRefused):
        write_tables(result, other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    write_tables(result, tmp_path / "tables")
    write_tables(result, tmp_path / "tables")  # its own folder: replaced


def test_a_folder_that_is_not_tables_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a folder of result tables"):
        read_tables(tmp_path)


def test_every_table_has_its_records_fields_as_columns(result: AnalysisResult, tmp_path: Path) -> None:
    folder = write_tables(result, tmp_path / "tables")
    data = result.to_dict()
    pair = data["pairs"][0]
    fields = {
        "pairs": [k for k in pair if k != "matches"],
        "matches": ["pair", *pair["matches"][0]],
        "problems": [f.name for f in dataclasses.fields(LoadProblem)],
        **{name: list(data[name][0]) for name in ("documents", "clusters", "repetitions", "passages")},
    }
    for name in TABLES:
        assert pq.read_table(folder / f"{name}.parquet").column_names == fields[name], name
        assert [c for c, _ in COLUMNS[name]] == fields[name], name

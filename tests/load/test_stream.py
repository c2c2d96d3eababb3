"""Tests of compare.load.stream: `Inputs`, the re-readable records of a
batch for dedup, named and parsed as the analysis names and parses them."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from synthetic_corpora import write_input

from compare.load.collection import load_paths
from compare.load.document import LoadProblem
from compare.load.stream import Inputs


def test_parquet_rows_are_records_numbered_from_one(tmp_path: Path) -> None:
    path = tmp_path / "b.parquet"
    table = pa.table({"id": ["a", None, "c"], "text": ["one two", "three four", ""], "n": [1, 2, 3]})
    pq.write_table(table, path, row_group_size=2)
    inputs = Inputs([str(tmp_path)])
    records = list(inputs.records())
    assert [(r.id, r.line, r.fields["n"]) for r in records] == [("a", 1, 1), ("b.parquet#2", 2, 2)]
    assert inputs.problems == [LoadProblem(str(path), "record field 'text' is empty", 3)]


def test_a_broken_parquet_file_is_a_problem_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    inputs = Inputs([str(path)])
    assert list(inputs.records()) == []
    (problem,) = inputs.problems
    assert problem.path == str(path) and problem.message.startswith("malformed Parquet")


def test_files_in_subfolders_are_named_by_their_path_under_the_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_input(data / "a" / "x.txt", "First text.")
    write_input(data / "b" / "x.txt", "Second text.")
    write_input(data / "b" / "r.jsonl", '{"text": "no id"}\n')
    records = list(Inputs([str(data)]).records())
    assert [(r.id, r.path, r.line) for r in records] == [
        ("a/x.txt", str(data / "a" / "x.txt"), None),
        ("b/r.jsonl#1", str(data / "b" / "r.jsonl"), 1),
        ("b/x.txt", str(data / "b" / "x.txt"), None),
    ]
    assert records[0].fields == {"id": "a/x.txt", "text": "First text."}


def test_ids_are_the_analysis_s_ids(tmp_path: Path) -> None:
    write_input(tmp_path / "nyt" / "sub" / "story.txt", "New York version.")
    write_input(tmp_path / "nyt" / "feed.jsonl", '{"text": "anonymous"}\n{"id": "k", "text": "named"}\n')
    write_input(tmp_path / "wapo" / "rows.csv", "text\nrow one\n")
    write_input(tmp_path / "single.jsonl", '{"text": "alone"}\n')
    specs = [str(tmp_path / "nyt"), str(tmp_path / "wapo"), str(tmp_path / "single.jsonl")]
    streamed = [(r.id, r.path, r.text) for r in Inputs(specs).records()]
    loaded = [(d.id, d.path, d.text) for d in load_paths(specs).documents]
    assert streamed == loaded
    assert [i for i, _, _ in streamed] == [
        "nyt/feed.jsonl#1",
        "k",
        "nyt/sub/story.txt",
        "wapo/rows.csv#2",
        "single.jsonl#1",
    ]


def test_a_bom_jsonl_file_reads_as_without_it(tmp_path: Path) -> None:
    body = b'{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n'
    write_input(tmp_path / "plain.jsonl", body)
    write_input(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + body)
    plain, bom = Inputs([str(tmp_path / "plain.jsonl")]), Inputs([str(tmp_path / "bom.jsonl")])
    assert [(r.id, r.fields) for r in bom.records()] == [(r.id, r.fields) for r in plain.records()]
    assert bom.problems == plain.problems == []


def test_stdin_is_spooled_for_the_next_pass() -> None:
    stdin = io.BytesIO(b'\xef\xbb\xbf{"text": "one"}\n\n{"id": 2, "text": "two"}\n')
    with Inputs(["-"], stdin=stdin) as inputs:
        first = [(r.id, r.path, r.line) for r in inputs.records()]
        second = [(r.id, r.path, r.line) for r in inputs.records()]
    assert first == second == [("stdin#1", "-", 1), ("2", "-", 3)]
    assert inputs.problems == []


def test_problems_are_reported_once_over_every_pass(tmp_path: Path) -> None:
    path = write_input(tmp_path / "r.jsonl", '{"id": "a", "text": "one"}\n{"id": "b"\n')
    inputs = Inputs([str(path), str(tmp_path / "missing.jsonl"), str(tmp_path / "empty")])
    (tmp_path / "empty").mkdir()
    for _ in range(3):
        assert [r.id for r in inputs.records()] == ["a"]
    assert [(p.path, p.line, p.message.split(":")[0]) for p in inputs.problems] == [
        (str(tmp_path / "missing.jsonl"), None, "no such file or directory"),
        (str(tmp_path / "empty"), None, "no such file or directory"),
        (str(path), 2, "malformed JSON"),
    ]


def test_a_directory_without_readable_files_is_a_problem(tmp_path: Path) -> None:
    write_input(tmp_path / "image.png", b"\x89PNG")
    inputs = Inputs([str(tmp_path)])
    assert list(inputs.records()) == []
    assert [p.message.split(" (")[0] for p in inputs.problems] == ["directory holds no readable files"]

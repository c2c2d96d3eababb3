"""Tests of compare.load.records: the one parser of each format, which the
analysis, batch dedup and the Spark engine's workers all use.

JSONL (line by line over bytes: BOM, not UTF-8, nesting), CSV (streamed:
its encoding decided as for a whole file, rows with extra fields,
malformed records), JSON lists (problems named by record number), Parquet,
whole text and HTML files, and the problems of files without records.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from compare.load.document import LoadProblem
from compare.load.records import (
    Record,
    csv_records,
    jsonl_line,
    jsonl_records,
    parse_file,
    read_file,
    record_id_and_text,
    to_json,
)


def _parse(name: str, data: bytes) -> list[Record | LoadProblem]:
    return list(parse_file(f"dir/{name}", name, data))


def _summary(items: list[Record | LoadProblem]) -> list[tuple]:
    """(id, line, encoding) of each record, (line, message) of each problem."""
    return [
        (i.id, i.line, i.encoding) if isinstance(i, Record) else ("problem", i.line, i.message) for i in items
    ]


# ------------------------------------------------------------------------ JSONL


def test_a_jsonl_error_column_is_on_its_own_line() -> None:
    with_newline = jsonl_line("a.jsonl", "a.jsonl", 2, b'{"id": 1, "text"\n')
    without = jsonl_line("a.jsonl", "a.jsonl", 2, b'{"id": 1, "text"')
    assert with_newline == without
    assert isinstance(without, LoadProblem) and without.message.endswith("(column 17)")


def test_a_record_without_id_is_named_by_the_name_given_and_its_line() -> None:
    record = jsonl_line("data/sub/a.jsonl", "sub/a.jsonl", 4, b'{"text": "hello"}\n')
    assert isinstance(record, Record)
    assert (record.id, record.path, record.line) == ("sub/a.jsonl#4", "data/sub/a.jsonl", 4)


def test_a_utf8_bom_at_the_start_of_a_jsonl_file_is_dropped() -> None:
    data = b'\xef\xbb\xbf{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n'
    items = _parse("bom.jsonl", data)
    assert _summary(items) == [("a", 1, "utf-8"), ("b", 2, "utf-8")]


def test_a_utf8_bom_inside_a_jsonl_file_is_malformed_json() -> None:
    data = b'{"id": "a", "text": "one"}\n\xef\xbb\xbf{"id": "b", "text": "two"}\n'
    (_, problem) = _parse("cat.jsonl", data)
    assert isinstance(problem, LoadProblem) and problem.line == 2
    assert problem.message.startswith("malformed JSON: Unexpected UTF-8 BOM")


def test_a_jsonl_line_that_is_not_utf8_is_a_problem_naming_the_byte() -> None:
    data = '{"id": "a", "text": "café"}\n'.encode("cp1252") + b'{"id": "b", "text": "fine"}\n'
    items = _parse("old.jsonl", data)
    assert _summary(items) == [("problem", 1, "not UTF-8 (byte 0xe9 at column 25)"), ("b", 2, "utf-8")]
    assert str(items[0]) == "dir/old.jsonl:1: not UTF-8 (byte 0xe9 at column 25)"


def test_a_utf16_jsonl_file_says_so_on_its_first_line() -> None:
    data = '{"id": "a", "text": "one"}\n'.encode("utf-16")
    problem = _parse("wide.jsonl", data)[0]
    assert isinstance(problem, LoadProblem) and problem.line == 1
    assert "UTF-16" in problem.message and "must be UTF-8" in problem.message


@pytest.mark.parametrize("depth", [995, 1100, 100_000])
def test_json_nested_too_deeply_is_a_problem_or_a_record_never_a_crash(depth: int) -> None:
    nested = "[" * depth + "]" * depth
    line = f'{{"text": "t", "n": {nested}}}'
    item = jsonl_line("deep.jsonl", "deep.jsonl", 1, line.encode())
    if depth <= 1000:  # orjson reads it; it is written back as read (--write-deduplicated)
        assert isinstance(item, Record)
        assert item.jsonl() == line
    else:
        assert item == LoadProblem("deep.jsonl", "JSON nested too deeply", 1)


def test_a_deeply_nested_lone_surrogate_line_is_a_problem() -> None:
    # orjson refuses the lone surrogate; the standard library then meets the nesting.
    nested = "[" * 5000 + "]" * 5000
    item = jsonl_line("d.jsonl", "d.jsonl", 7, f'{{"text": "\\ud800", "n": {nested}}}'.encode())
    assert item == LoadProblem("d.jsonl", "JSON nested too deeply", 7)


def test_an_integer_python_does_not_convert_is_a_problem() -> None:
    item = jsonl_line("n.jsonl", "n.jsonl", 1, b'{"text": "t", "n": ' + b"9" * 5000 + b"}")
    assert isinstance(item, LoadProblem) and item.message.startswith("malformed JSON: ")


def test_a_lone_surrogate_escape_reads_through_the_standard_library() -> None:
    record = jsonl_line("s.jsonl", "s.jsonl", 1, b'{"id": "a", "text": "bad \\ud800 char"}')
    assert isinstance(record, Record) and record.text == "bad \ufffd char"


def test_a_jsonl_file_with_only_blank_lines_is_empty() -> None:
    assert list(jsonl_records("e.jsonl", "e.jsonl", io.BytesIO(b"\n  \n\t\r\n"))) == [
        LoadProblem("e.jsonl", "empty file (no text)")
    ]
    assert list(jsonl_records("e.jsonl", "e.jsonl", io.BytesIO(b"\xef\xbb\xbf\n"))) == [
        LoadProblem("e.jsonl", "empty file (no text)")
    ]


# -------------------------------------------------------------------------- CSV


def test_a_csv_read_whole_gives_what_it_gives_streamed() -> None:
    data = b'id,text\nx,"first, with a\nline break"\ny,second\nz\n'
    streamed = list(csv_records("t.csv", "t.csv", io.BytesIO(data)))
    whole = list(parse_file("t.csv", "t.csv", data))
    assert whole == streamed
    assert _summary(whole) == [
        ("x", 2, "utf-8"),
        ("y", 4, "utf-8"),
        ("problem", 5, "record has no string field 'text'"),
    ]


def test_a_cp1252_csv_is_streamed_in_cp1252(tmp_path: Path) -> None:
    rows = "id,text\n" + "".join(f"r{i},plain row {i}\n" for i in range(20_000)) + "last,café – it’s\n"
    path = tmp_path / "old.csv"
    path.write_bytes(rows.encode("cp1252"))  # the first non-UTF-8 byte far beyond the first block
    records = list(read_file(str(path), "old.csv"))
    assert len(records) == 20_001 and all(isinstance(r, Record) for r in records)
    assert records[-1].text == "café – it’s"
    assert {r.encoding for r in records} == {"cp1252"}


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xef\xbb\xbfid,text\n1,caf\xc3\xa9\n", "utf-8-sig"),
        ("id,text\n1,café\n".encode("utf-16"), "utf-16"),
        ("id,text\n1,café\n".encode(), "utf-8"),
    ],
)
def test_a_csv_encoding_is_the_whole_file_rule(data: bytes, encoding: str) -> None:
    (record,) = _parse("r.csv", data)
    assert isinstance(record, Record)
    assert (record.id, record.text, record.encoding) == ("1", "café", encoding)
    assert list(record.fields) == ["id", "text"]  # the BOM is not part of the first field's name


def test_an_undecodable_csv_is_one_problem() -> None:
    assert _parse("bad.csv", b"id,text\n1," + bytes(range(0x80, 0x100)) + b"\n") == [
        LoadProblem(
            "dir/bad.csv",
            "undecodable bytes: not UTF-8 (byte 0x80 at offset 10), not cp1252 (byte 0x81 at offset 11)",
        )
    ]


def test_a_csv_row_with_more_fields_than_the_header_is_skipped() -> None:
    items = _parse("r.csv", b"id,text\n1,hello there,surplus,more\n2,fine\n")
    assert _summary(items) == [
        ("problem", 2, "row has 2 more field(s) than the header names; skipped"),
        ("2", 3, "utf-8"),
    ]


def test_a_malformed_csv_record_skips_the_rest_of_the_file() -> None:
    items = _parse("r.csv", b'id,text\n1,"fine"\n2,"unterminated\n3,never\n')
    assert [type(i).__name__ for i in items] == ["Record", "LoadProblem"]
    problem = items[1]
    assert isinstance(problem, LoadProblem) and problem.line == 3
    assert problem.message.startswith("malformed CSV record, the rest of the file is skipped: ")


def test_a_csv_field_longer_than_the_csv_default_limit() -> None:
    long_text = "word " * 40_000  # 200,000 characters > csv's default 131,072
    (record,) = _parse("r.csv", f'id,text\n1,"{long_text}"\n'.encode())
    assert isinstance(record, Record) and record.text == long_text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("h.csv", b"id,text\n", "no records"),
        ("e.csv", b"", "empty file (no text)"),
        ("w.csv", b" \n\n", "empty file (no text)"),
        ("l.json", b"[]", "no records"),
        ("d.json", b'{"documents": []}', "no records"),
        ("e.json", b"\n", "empty file (no text)"),
        ("e.jsonl", b"", "empty file (no text)"),
        ("e.txt", b"  \n", "empty file (no text)"),
    ],
)
def test_files_without_records(name: str, data: bytes, message: str) -> None:
    assert _parse(name, data) == [LoadProblem(f"dir/{name}", message)]


# ------------------------------------------------------------------------- JSON


def test_json_list_problems_name_the_record_and_records_keep_their_position() -> None:
    items = _parse("list.json", b'[{"id": "a", "text": "one"}, 5, {"text": "two"}, {"id": "b", "text": ""}]')
    assert _summary(items) == [
        ("a", 1, "utf-8"),
        ("problem", None, "record 2: record is a int, expected an object"),
        ("list.json#3", 3, "utf-8"),
        ("problem", None, "record 4: record field 'text' is empty"),
    ]


def test_malformed_json_names_its_line() -> None:
    assert _parse("bad.json", b'[\n{"id": 1,\n]') == [
        LoadProblem(
            "dir/bad.json", "malformed JSON: Expecting property name enclosed in double quotes (column 1)", 3
        )
    ]


def test_a_json_file_nested_too_deeply_is_a_problem() -> None:
    assert _parse("deep.json", b"[" * 100_000 + b"]" * 100_000) == [
        LoadProblem("dir/deep.json", "JSON nested too deeply")
    ]


def test_a_json_file_that_is_not_a_list() -> None:
    assert _parse("o.json", b'{"id": 1}') == [
        LoadProblem("dir/o.json", 'JSON must be a list of records or {"documents": [...]}')
    ]


def test_a_json_file_in_cp1252_records_its_encoding() -> None:
    (record,) = _parse("old.json", '[{"id": "a", "text": "café"}]'.encode("cp1252"))
    assert isinstance(record, Record) and (record.text, record.encoding) == ("café", "cp1252")


# ---------------------------------------------------------------------- Parquet


def test_parquet_rows_are_records_numbered_from_one(tmp_path: Path) -> None:
    path = tmp_path / "b.parquet"
    table = pa.table({"id": ["a", None, "c"], "text": ["one two", "three four", ""], "n": [1, 2, 3]})
    pq.write_table(table, path, row_group_size=2)
    items = list(read_file(str(path), "sub/b.parquet"))
    assert _summary(items) == [
        ("a", 1, "utf-8"),
        ("sub/b.parquet#2", 2, "utf-8"),
        ("problem", 3, "record field 'text' is empty"),
    ]
    assert list(parse_file(str(path), "sub/b.parquet", path.read_bytes())) == items


def test_a_parquet_file_without_rows_has_no_records(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}), path)
    assert list(read_file(str(path), "none.parquet")) == [LoadProblem(str(path), "no records")]


def test_a_broken_parquet_file_is_a_problem_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    (problem,) = read_file(str(path), "broken.parquet")
    assert isinstance(problem, LoadProblem)
    assert problem.path == str(path) and problem.message.startswith("malformed Parquet")


# ------------------------------------------------------------------ Whole files


def test_a_text_file_is_one_record_named_by_its_name() -> None:
    (record,) = _parse("story.md", "# Title\n\nIt’s text.\n".encode("cp1252"))
    assert record == Record(
        "story.md",
        "# Title\n\nIt’s text.\n",
        "dir/story.md",
        None,
        {"id": "story.md", "text": "# Title\n\nIt’s text.\n"},
        "cp1252",
    )


def test_an_html_page_in_its_declared_legacy_charset_is_read_right_and_says_so() -> None:
    page = '<html><head><meta charset="windows-1251"><title>Мир</title></head><body><p>Мир.</p></body></html>'
    (record,) = _parse("p.html", page.encode("cp1251"))
    assert (record.text, record.fields["title"], record.encoding) == ("Мир.", "Мир", "cp1251")


def test_an_html_page_s_fields_are_its_text_title_and_meta() -> None:
    page = (
        '<html><head><title>Page</title><meta property="og:site_name" content="The Daily">'
        '<meta property="article:published_time" content="2024-01-03T10:00:00Z">'
        '<meta name="author" content="J. Doe"></head>'
        "<body><nav>Home</nav><article><p>Story.</p></article></body></html>"
    )
    (record,) = _parse("p.html", page.encode())
    assert isinstance(record, Record)
    assert (record.id, record.text) == ("p.html", "Story.")
    assert record.fields == {
        "id": "p.html",
        "text": "Story.",
        "title": "Page",
        "source": "The Daily",
        "date": "2024-01-03T10:00:00Z",
        "author": "J. Doe",
    }


def test_html_without_text_is_a_problem() -> None:
    assert _parse("p.html", b"<html><body><script>x()</script></body></html>") == [
        LoadProblem("dir/p.html", "HTML page has no main text")
    ]


def test_binary_and_unknown_files_are_problems(tmp_path: Path) -> None:
    (binary,) = _parse("bin.txt", b"\x00\x01\x02binary\x00\x00\x00\x00\x00\x00")
    assert isinstance(binary, LoadProblem) and binary.message.startswith("binary file")
    (unknown,) = _parse("notes.rst", b"text")
    assert isinstance(unknown, LoadProblem) and unknown.message.startswith("not a file type this tool reads")


def test_a_missing_file_cannot_be_read(tmp_path: Path) -> None:
    (problem,) = read_file(str(tmp_path / "gone.jsonl"), "gone.jsonl")
    assert problem == LoadProblem(str(tmp_path / "gone.jsonl"), "cannot read: No such file or directory")


# ----------------------------------------------------------------------- helpers


def test_record_id_and_text_falls_back_and_cleans_surrogates() -> None:
    assert record_id_and_text({"text": "a \ud800"}, "id", "text", "f#1") == ("f#1", "a \ufffd")
    assert record_id_and_text({"id": 7, "text": "x"}, "id", "text", "f#1") == ("7", "x")


def test_to_json_writes_what_orjson_reads() -> None:
    nested = json.loads("[" * 900 + "]" * 900)
    value = {"n": nested}
    for _ in range(120):  # 1020 levels: orjson reads it, json needs a higher recursion limit
        value = {"n": value}
    assert to_json(value).startswith('{"n": {"n": ')

"""Tests of compare.load.collection (and the corpus model it fills).

`load_paths` on small temporary trees: every supported format, recursion,
where a document's source comes from, the sources.toml manifest, the names
of records without an id, encodings, and the problems reported (malformed
JSONL line, duplicate ids, empty file, missing path) while everything else
still loads. Also the sample corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import CORPUS
from synthetic_corpora import write_input

from compare.load.collection import load_paths
from compare.load.document import LoadProblem

# -------------------------------------------------------------------- load_paths


def _by_id(corpus) -> dict:
    return {d.id: d for d in corpus.documents}


@pytest.fixture
def mixed_tree(tmp_path: Path) -> Path:
    """One file of each format, some in source subfolders, one nested deeper."""
    write_input(tmp_path / "loose.txt", "A loose text file.\n")
    write_input(tmp_path / "siteA" / "note.md", "# Heading\n\nMarkdown body.\n")
    write_input(tmp_path / "siteA" / "2024" / "deep.txt", "Nested text.\n")
    write_input(
        tmp_path / "siteB" / "page.html",
        "<html><head><title>Page title</title></head><body><nav>Home | About</nav>"
        "<p>HTML body text.</p></body></html>",
    )
    records = [
        {"id": "r1", "text": "first record", "title": "One", "lang": "en"},
        {"id": "r2", "text": "second record", "tags": ["a", "b"]},
    ]
    write_input(tmp_path / "siteB" / "recs.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    write_input(tmp_path / "siteB" / "list.json", json.dumps({"documents": [{"id": "j1", "text": "json"}]}))
    write_input(tmp_path / "siteC" / "rows.csv", 'id,text,source\nc1,"csv text, with a comma",CSV source\n')
    write_input(tmp_path / "siteC" / "ignored.pdf", b"%PDF-1.4")
    return tmp_path


def test_every_format_is_loaded_without_problems(mixed_tree: Path) -> None:
    corpus = load_paths([mixed_tree])
    assert corpus.problems == []
    docs = _by_id(corpus)
    assert sorted(docs) == sorted(
        ["loose.txt", "siteA/note.md", "siteA/2024/deep.txt", "siteB/page.html", "r1", "r2", "j1", "c1"]
    )
    assert docs["loose.txt"].text == "A loose text file.\n"
    assert docs["siteB/page.html"].text == "HTML body text."
    assert docs["siteB/page.html"].title == "Page title"
    assert docs["r1"].text == "first record"
    assert docs["r1"].title == "One"
    assert docs["r1"].metadata == {"lang": "en"}
    assert docs["r2"].metadata == {"tags": '["a", "b"]'}
    assert docs["c1"].text == "csv text, with a comma"


def test_order_is_stable_and_by_relative_path(mixed_tree: Path) -> None:
    first = [d.id for d in load_paths([mixed_tree]).documents]
    assert first == [d.id for d in load_paths([mixed_tree]).documents]
    assert first.index("loose.txt") < first.index("siteA/2024/deep.txt") < first.index("siteA/note.md")


def test_source_is_subfolder_name_or_file_stem(mixed_tree: Path) -> None:
    docs = _by_id(load_paths([mixed_tree]))
    assert docs["loose.txt"].source == "loose"
    assert docs["siteA/note.md"].source == "siteA"
    assert docs["siteA/2024/deep.txt"].source == "siteA"
    assert docs["r1"].source == "siteB"
    assert docs["c1"].source == "CSV source"  # a record's own field wins


def test_single_file_path(tmp_path: Path) -> None:
    path = write_input(tmp_path / "article.txt", "Some text.")
    corpus = load_paths([path])
    assert [(d.id, d.source, d.path) for d in corpus.documents] == [("article.txt", "article", str(path))]


def test_cp1252_file_records_its_encoding(tmp_path: Path) -> None:
    write_input(tmp_path / "old.txt", "It’s a café.".encode("cp1252"))
    (doc,) = load_paths([tmp_path]).documents
    assert doc.text == "It’s a café."
    assert doc.encoding == "cp1252"


def test_manifest_fills_fields(tmp_path: Path) -> None:
    write_input(tmp_path / "a.txt", "Article text.")
    write_input(tmp_path / "b.txt", "Other text.")
    write_input(
        tmp_path / "sources.toml",
        '[documents."a.txt"]\nsource = "Daily News"\ntitle = "A title"\n'
        'date = "2024-05-01"\nauthor = "J. Doe"\n',
    )
    corpus = load_paths([tmp_path])
    assert corpus.problems == []
    docs = _by_id(corpus)
    a = docs["a.txt"]
    assert (a.source, a.title, a.date) == ("Daily News", "A title", "2024-05-01")
    assert a.metadata == {"author": "J. Doe"}
    assert docs["b.txt"].source == "b"


def test_manifest_in_subfolder_applies_to_records_by_id(tmp_path: Path) -> None:
    write_input(tmp_path / "feed" / "recs.jsonl", '{"id": "x1", "text": "record text"}\n')
    write_input(tmp_path / "feed" / "sources.toml", '[documents."x1"]\nsource = "Wire"\n')
    (doc,) = load_paths([tmp_path]).documents
    assert doc.source == "Wire"


def test_manifest_entry_with_relative_subfolder_path(tmp_path: Path) -> None:
    write_input(tmp_path / "sub" / "x.txt", "Nested text.")
    write_input(tmp_path / "sources.toml", '[documents."sub/x.txt"]\nsource = "Nested source"\n')
    corpus = load_paths([tmp_path])
    assert [d.source for d in corpus.documents] == ["Nested source"]


def test_unreadable_manifest_is_a_problem(tmp_path: Path) -> None:
    write_input(tmp_path / "a.txt", "Text.")
    write_input(tmp_path / "sources.toml", "[documents\nbroken")
    corpus = load_paths([tmp_path])
    assert [d.id for d in corpus.documents] == ["a.txt"]
    assert len(corpus.problems) == 1
    assert "manifest" in corpus.problems[0].message


def test_malformed_jsonl_line_is_reported_and_others_load(tmp_path: Path) -> None:
    path = write_input(
        tmp_path / "feed.jsonl",
        '{"id": "a", "text": "one"}\n{broken json\n\n{"id": "b", "text": "two"}\n{"id": "c"}\n',
    )
    corpus = load_paths([tmp_path])
    assert [d.id for d in corpus.documents] == ["a", "b"]
    lines = {p.line: p for p in corpus.problems}
    assert sorted(lines) == [2, 5]
    assert lines[2].path == str(path)
    assert "malformed JSON" in lines[2].message
    assert "'text'" in lines[5].message
    rendered = str(lines[2])
    assert "feed.jsonl" in rendered
    assert f"{path}:2:" in rendered


def test_bad_json_record_is_reported_by_number(tmp_path: Path) -> None:
    write_input(tmp_path / "list.json", '[{"id": "a", "text": "one"}, 5, {"id": "b", "text": ""}]')
    corpus = load_paths([tmp_path])
    assert [d.id for d in corpus.documents] == ["a"]
    messages = sorted(p.message for p in corpus.problems)
    assert messages[0].startswith("record 2:")
    assert messages[1].startswith("record 3:")
    assert {p.line for p in corpus.problems} == {None}  # a record of a list is not a line


def test_csv_problem_names_its_line(tmp_path: Path) -> None:
    write_input(tmp_path / "t.csv", "id,text\nc1,fine\nc2,\n")
    corpus = load_paths([tmp_path])
    assert [d.id for d in corpus.documents] == ["c1"]
    (problem,) = corpus.problems
    assert problem.line == 3
    assert "t.csv:3:" in str(problem)


def test_record_without_id_gets_file_and_line(tmp_path: Path) -> None:
    write_input(tmp_path / "f.jsonl", '{"text": "anonymous"}\n')
    write_input(tmp_path / "sub" / "f.jsonl", '{"text": "other"}\n')
    write_input(tmp_path / "sub" / "t.csv", "text\nrow\n")
    corpus = load_paths([tmp_path])
    assert [d.id for d in corpus.documents] == ["f.jsonl#1", "sub/f.jsonl#1", "sub/t.csv#2"]
    several = load_paths([tmp_path, tmp_path / "sub" / "f.jsonl"])
    assert [d.id for d in several.documents] == [
        f"{tmp_path.name}/f.jsonl#1",
        f"{tmp_path.name}/sub/f.jsonl#1",
        f"{tmp_path.name}/sub/t.csv#2",
        "f.jsonl#1",  # a file given directly: its file name
    ]
    assert several.problems == []


def test_duplicate_ids_are_reported_and_first_kept(tmp_path: Path) -> None:
    write_input(tmp_path / "a.jsonl", '{"id": "same", "text": "first"}\n')
    second = write_input(tmp_path / "b.jsonl", '{"id": "same", "text": "second"}\n')
    corpus = load_paths([tmp_path])
    assert [d.text for d in corpus.documents] == ["first"]
    (problem,) = corpus.problems
    assert problem.path == str(second)
    assert "duplicate" in problem.message
    assert "'same'" in problem.message


def test_empty_binary_and_missing_inputs_are_problems(tmp_path: Path) -> None:
    write_input(tmp_path / "empty.txt", "")
    write_input(tmp_path / "blank.md", "  \n\n ")
    write_input(tmp_path / "bin.txt", b"\x00\x01\x02binary")
    write_input(tmp_path / "ok.txt", "Good text.")
    missing = tmp_path / "does-not-exist"
    corpus = load_paths([tmp_path, missing])
    # Two paths given: ids start with the folder's name.
    assert [d.id for d in corpus.documents] == [f"{tmp_path.name}/ok.txt"]
    by_name = {Path(p.path).name: p.message for p in corpus.problems}
    assert "empty" in by_name["empty.txt"]
    assert "empty" in by_name["blank.md"]
    assert "binary" in by_name["bin.txt"]
    assert "no such file" in by_name["does-not-exist"]


def test_directory_without_readable_files_is_a_problem(tmp_path: Path) -> None:
    write_input(tmp_path / "image.png", b"\x89PNG")
    corpus = load_paths([tmp_path])
    assert corpus.documents == []
    assert "no readable files" in corpus.problems[0].message


def test_html_meta(tmp_path: Path) -> None:
    write_input(
        tmp_path / "folder" / "p.html",
        '<html><head><meta property="og:site_name" content="The Daily">'
        '<meta property="article:published_time" content="2024-01-03T10:00:00Z">'
        '<meta name="author" content="J. Doe">'
        '<meta property="og:url" content="https://example.org/a"></head>'
        "<body><article><p>Story.</p></article></body></html>",
    )
    corpus = load_paths([tmp_path])
    assert corpus.problems == []
    (doc,) = corpus.documents
    assert (doc.id, doc.source, doc.date, doc.url) == (
        "folder/p.html",
        "The Daily",
        "2024-01-03T10:00:00Z",
        "https://example.org/a",
    )
    assert doc.metadata == {"author": "J. Doe"}


def test_html_without_text_is_a_problem(tmp_path: Path) -> None:
    path = write_input(tmp_path / "p.html", "<html><body><script>x()</script></body></html>")
    corpus = load_paths([path])
    assert corpus.documents == []
    assert corpus.problems == [LoadProblem(str(path), "HTML page has no main text")]


def test_sample_corpus_loads_with_manifest() -> None:
    corpus = load_paths([CORPUS])
    assert corpus.problems == []
    assert len(corpus.documents) == 5
    docs = _by_id(corpus)
    assert docs["004_3406ddb7cc3f7155.txt"].source == "Blitz (via QOSHE)"
    assert docs["003_34ba85bf82872920.txt"].metadata["author"] == "Kim Ives"
    for doc in corpus.documents:
        assert doc.text == (CORPUS / doc.id).read_bytes().decode("utf-8")


# ------------------------------------------------------- regressions from review


def test_jsonl_line_separator_inside_a_string_is_not_a_line_break(tmp_path: Path) -> None:
    records = [{"id": "a", "text": "one\u2028two\u0085three"}, {"id": "b", "text": "four"}]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    write_input(tmp_path / "r.jsonl", body)
    corpus = load_paths([tmp_path / "r.jsonl"])
    assert corpus.problems == []
    assert [d.text for d in corpus.documents] == ["one\u2028two\u0085three", "four"]


def test_lone_surrogate_escape_becomes_replacement_character(tmp_path: Path) -> None:
    write_input(tmp_path / "r.jsonl", '{"id": "a", "text": "bad \\ud800 char", "note": "\\udfff"}\n')
    (doc,) = load_paths([tmp_path / "r.jsonl"]).documents
    assert doc.text == "bad \ufffd char"
    assert doc.metadata == {"note": "\ufffd"}
    doc.text.encode("utf-8")  # printable and writable


def test_csv_row_with_extra_fields_is_a_problem_and_skipped(tmp_path: Path) -> None:
    path = write_input(tmp_path / "r.csv", "id,text\n1,hello there,surplus,more\n2,fine\n")
    corpus = load_paths([path])
    assert [d.id for d in corpus.documents] == ["2"]
    assert corpus.problems == [
        LoadProblem(str(path), "row has 2 more field(s) than the header names; skipped", 2)
    ]


def test_csv_field_longer_than_the_csv_default_limit(tmp_path: Path) -> None:
    long_text = "word " * 40_000  # 200,000 characters > csv's default 131,072
    write_input(tmp_path / "r.csv", f'id,text\n1,"{long_text}"\n')
    corpus = load_paths([tmp_path / "r.csv"])
    assert corpus.problems == []
    assert corpus.documents[0].text == long_text


def test_malformed_csv_is_a_problem_with_its_line(tmp_path: Path) -> None:
    write_input(tmp_path / "r.csv", 'id,text\n1,"fine"\n2,"unterminated\n')
    corpus = load_paths([tmp_path / "r.csv"])
    assert [d.id for d in corpus.documents] == ["1"]
    (problem,) = corpus.problems
    assert problem.line == 3
    assert problem.message.startswith("malformed CSV record, the rest of the file is skipped: ")


def test_hidden_folders_and_earlier_reports_are_not_input(tmp_path: Path) -> None:
    write_input(tmp_path / "story.txt", "The story.")
    write_input(tmp_path / ".git" / "notes.txt", "not input")
    write_input(tmp_path / "out" / ".compare-sources-report", "marker")
    write_input(tmp_path / "out" / "index.html", "<p>an earlier report</p>")
    write_input(tmp_path / "out" / "results.json", "[]")
    corpus = load_paths([tmp_path])
    assert [d.id for d in corpus.documents] == ["story.txt"]
    assert corpus.problems == []


def test_several_folders_with_the_same_file_names(tmp_path: Path) -> None:
    write_input(tmp_path / "nyt" / "story.txt", "New York version.")
    write_input(tmp_path / "wapo" / "story.txt", "Washington version.")
    corpus = load_paths([tmp_path / "nyt", tmp_path / "wapo"])
    assert corpus.problems == []
    assert [(d.id, d.source) for d in corpus.documents] == [
        ("nyt/story.txt", "nyt"),
        ("wapo/story.txt", "wapo"),
    ]


# ------------------------------------------------- the parsers every command shares


def test_jsonl_with_a_bom_is_read_and_records_its_encoding(tmp_path: Path) -> None:
    path = write_input(
        tmp_path / "bom.jsonl", b'\xef\xbb\xbf{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n'
    )
    corpus = load_paths([path])
    assert corpus.problems == []
    assert [(d.id, d.encoding) for d in corpus.documents] == [("a", "utf-8"), ("b", "utf-8")]


def test_a_jsonl_line_that_is_not_utf8_is_a_problem_not_cp1252(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "plain"}', '{"id": "b", "text": "café"}', '{"id": "c", "text": "more"}']
    path = write_input(tmp_path / "old.jsonl", "\n".join(lines).encode("cp1252"))
    corpus = load_paths([path])
    assert [(d.id, d.encoding) for d in corpus.documents] == [("a", "utf-8"), ("c", "utf-8")]
    assert corpus.problems == [LoadProblem(str(path), "not UTF-8 (byte 0xe9 at column 25)", 2)]


def test_a_cp1252_csv_records_its_encoding(tmp_path: Path) -> None:
    write_input(tmp_path / "old.csv", "id,text\nc1,It’s a café.\n".encode("cp1252"))
    (doc,) = load_paths([tmp_path]).documents
    assert (doc.id, doc.text, doc.encoding) == ("c1", "It’s a café.", "cp1252")


def test_json_nested_too_deeply_is_a_problem(tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    path = write_input(
        tmp_path / "deep.jsonl", f'{{"id": "a", "text": "t", "n": {deep}}}\n{{"id": "b", "text": "u"}}\n'
    )
    corpus = load_paths([path])
    assert [d.id for d in corpus.documents] == ["b"]
    assert corpus.problems == [LoadProblem(str(path), "JSON nested too deeply", 1)]


def test_metadata_as_deep_as_orjson_reads_is_kept(tmp_path: Path) -> None:
    deep = "[" * 1000 + "]" * 1000
    path = write_input(tmp_path / "deep.jsonl", f'{{"id": "a", "text": "t", "n": {deep}}}\n')
    (doc,) = load_paths([path]).documents
    assert doc.metadata["n"] == deep.replace("][", "], [")


def test_record_files_without_records(tmp_path: Path) -> None:
    header = write_input(tmp_path / "header.csv", "id,text\n")
    empty = write_input(tmp_path / "empty.jsonl", "\n\n")
    corpus = load_paths([tmp_path])
    assert corpus.documents == []
    assert corpus.problems == [
        LoadProblem(str(empty), "empty file (no text)"),
        LoadProblem(str(header), "no records"),
    ]


def test_parquet_files_are_read_as_dedup_reads_them(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", None], "text": ["one", "two"], "title": ["T", ""], "n": [1, 2]})
    pq.write_table(table, tmp_path / "t.parquet")
    docs = load_paths([tmp_path]).documents
    assert [(d.id, d.title, d.metadata) for d in docs] == [
        ("p1", "T", {"n": "1"}),
        ("t.parquet#2", "", {"n": "2"}),
    ]


def test_globs_and_stdin_are_inputs_too(tmp_path: Path, monkeypatch) -> None:
    import io

    write_input(tmp_path / "in" / "a.txt", "A text.")
    write_input(tmp_path / "in" / "b.md", "B text.")
    monkeypatch.chdir(tmp_path)
    stdin = io.BytesIO(b'{"text": "from stdin"}\n')
    corpus = load_paths(["in/*.txt", "-"], stdin=stdin)
    assert corpus.problems == []
    assert [(d.id, d.path, d.source) for d in corpus.documents] == [
        ("in/a.txt", "in/a.txt", "a"),
        ("stdin#1", "-", "stdin"),
    ]


def test_without_a_manifest_the_source_is_the_urls_host(tmp_path: Path) -> None:
    # Pages scraped from many sites into one folder: each site is one source, not each file.
    write_input(
        tmp_path / "a.html",
        '<html><head><link rel="canonical" href="https://www.daily.example/2024/story"></head>'
        "<body><p>First story.</p></body></html>",
    )
    write_input(
        tmp_path / "b.html",
        '<html><head><meta property="og:url" content="https://daily.example/2024/other"></head>'
        "<body><p>Second story.</p></body></html>",
    )
    write_input(tmp_path / "c.html", "<html><body><p>No address.</p></body></html>")
    write_input(
        tmp_path / "feed.jsonl",
        '{"id": "r1", "text": "From the wire.", "url": "https://Wire.example:8443/x"}\n'
        '{"id": "r2", "text": "Named.", "url": "https://wire.example/y", "source": "Wire Desk"}\n'
        '{"id": "r3", "text": "Bad address.", "url": "http://[broken/"}\n',
    )
    corpus = load_paths([tmp_path])
    assert corpus.problems == []
    sources = {d.id: d.source for d in corpus.documents}
    assert sources == {
        "a.html": "daily.example",
        "b.html": "daily.example",
        "c.html": "c",  # no address, directly in the folder given: its file name, as before
        "r1": "wire.example",
        "r2": "Wire Desk",  # a source field wins
        "r3": "feed",
    }

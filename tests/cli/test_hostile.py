"""Hostile input, one test per case: each names the problem (file, line or
record, what is wrong), exits 2, and loses nothing else (the good records
are still read and written, inputs and indexes are left as they were).

The commands run in-process (`compare.cli.main.main`), as a pipeline runs
them, with a folder of good files beside the bad one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from compare.cli.main import main

STORY = (
    "The city council approved the new budget on Tuesday after a debate that lasted well into the night, "
    "with several members asking for more money for schools and the repair of old roads."
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    """A working folder with two good files: a story and its copy."""
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "in"
    good.mkdir()
    (good / "story.txt").write_text(STORY, encoding="utf-8")
    (good / "copy.txt").write_text(STORY, encoding="utf-8")
    return tmp_path


def _dedup(capsys, *args: str) -> tuple[int, dict, str]:
    status = main(["dedup", *args, "--format", "json", "--quiet", "--exit-zero"])
    out = capsys.readouterr()
    return status, json.loads(out.out) if out.out.strip() else {}, out.err


def _ids(data: dict) -> list[str]:
    return [d["id"] for d in data["documents"]]


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("[" * 100_000, "100,000 ["),
        ('{"id": "deep", "text": "t", "x": ' + "[" * 5000 + "]" * 5000 + "}", "a field nested 5,000 deep"),
    ],
)
def test_a_jsonl_line_nested_too_deeply(folder: Path, capsys, line: str, what: str) -> None:
    batch = folder / "in" / "batch.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": STORY}) + "\n" + line + "\n", encoding="utf-8")
    status, data, err = _dedup(capsys, "in")
    assert status == 2, what
    assert f"{batch.relative_to(folder)}:2: " in err and "nested too deeply" in err
    assert sorted(_ids(data)) == ["a", "copy.txt", "story.txt"]


def test_a_json_file_nested_too_deeply(folder: Path, capsys) -> None:
    (folder / "in" / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    status, data, err = _dedup(capsys, "in")
    assert status == 2 and "in/deep.json" in err and "nested too deeply" in err
    assert sorted(_ids(data)) == ["copy.txt", "story.txt"]
    assert main(["analyze", "in", "-o", "a.json", "--quiet", "--jobs", "1"]) == 2
    assert len(json.loads((folder / "a.json").read_text(encoding="utf-8"))["documents"]) == 2


def test_a_sources_toml_nested_too_deeply(folder: Path, capsys) -> None:
    (folder / "in" / "sources.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert main(["report", "in", "-o", "rep", "--quiet", "--jobs", "1"]) == 2
    assert "sources.toml" in capsys.readouterr().err
    assert (folder / "rep" / "index.html").is_file()


def test_a_configuration_nested_too_deeply(folder: Path, capsys) -> None:
    (folder / "c.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    status = main(["dedup", "in", "--config", "c.toml", "--quiet"])
    assert status == 2
    assert "c.toml: cannot read the configuration: nested too deeply" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8(folder: Path, capsys) -> None:
    bad = os.fsdecode(b"in/bad\xff\xfename.txt")
    Path(bad).write_text("A text nobody can name in an output. " * 5, encoding="utf-8")
    status, data, err = _dedup(capsys, "in")
    assert status == 2
    assert "in/bad\\xff\\xfename.txt: file name is not valid UTF-8" in err
    assert sorted(_ids(data)) == ["copy.txt", "story.txt"]
    assert main(["report", "in", "-o", "rep", "--quiet", "--jobs", "1"]) == 2
    assert "bad\\xff\\xfename.txt" in (folder / "rep" / "index.html").read_text(encoding="utf-8")


def test_folders_nested_1200_deep(folder: Path, capsys) -> None:
    here = Path.cwd()
    os.chdir(folder / "in")
    try:
        for _ in range(1200):
            os.mkdir("d")
            os.chdir("d")
        Path("bottom.txt").write_text(STORY, encoding="utf-8")
    finally:
        os.chdir(here)
    try:
        status, data, err = _dedup(capsys, "in")
        assert status == 0, err
        assert len(data["documents"]) == 3 and data["summary"]["duplicates"] == 2
    finally:
        _remove_chain(folder / "in" / "d")


def _remove_chain(top: Path) -> None:
    """Remove a chain of nested folders bottom up (pytest's clean-up, and
    shutil.rmtree before Python 3.12, recurse: 1,200 levels are too many)."""
    chain = [top]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for folder in reversed(chain):
        for entry in folder.iterdir():
            if entry.is_file():
                entry.unlink()
        folder.rmdir()


@pytest.mark.parametrize(
    "command",
    [
        ["dedup", "in/story.txt", "--format", "json", "-o", "in/story.txt"],
        ["dedup", "in", "--format", "json", "-o", "in/out.json"],
        ["dedup", "in/story.txt", "--write-deduplicated", "in/story.txt"],
        ["analyze", "in/story.txt", "in/copy.txt", "-o", "in/copy.txt"],
        ["report", "in", "-o", "in"],
    ],
)
def test_an_output_over_or_into_an_input(folder: Path, capsys, command: list[str]) -> None:
    before = {p: p.read_bytes() for p in (folder / "in").iterdir()}
    assert main([*command, "--quiet"]) == 2
    assert "nothing done" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (folder / "in").iterdir()} == before


def test_another_applications_sqlite_file_as_the_index(folder: Path, capsys) -> None:
    db = folder / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE orders (n INTEGER)")
    before = db.read_bytes()
    assert main(["dedup", "in", "--index", str(db), "--quiet"]) == 2
    assert "app.db: an SQLite file, but not a compare-sources index" in capsys.readouterr().err
    assert db.read_bytes() == before and not Path(f"{db}-wal").exists()


def test_a_corrupted_index(folder: Path, capsys) -> None:
    index = folder / "seen.db"
    records = "".join(
        json.dumps({"id": f"d{i}", "text": f"{STORY} Number {i} of many."}) + "\n" for i in range(2000)
    )
    (folder / "many.jsonl").write_text(records, encoding="utf-8")
    assert (
        main(["dedup", "many.jsonl", "--index", str(index), "--quiet", "--exit-zero", "--format", "json"])
        == 0
    )
    capsys.readouterr()
    data = bytearray(index.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 30000] = b"Z" * 30000
    index.write_bytes(bytes(data))
    assert main(["index", "stats", str(index)]) == 2
    assert "seen.db: the index is corrupted" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blank.jsonl", b"\n  \n\t\n", "blank.jsonl: empty file (no text)"),
        ("header.csv", b"id,text\n", "header.csv: no records"),
        ("empty.txt", b"", "empty.txt: empty file (no text)"),
        ("p.parquet", b"PAR1garbagePAR1", "p.parquet: malformed Parquet: "),
    ],
)
def test_a_file_with_no_records(folder: Path, capsys, name: str, content: bytes, message: str) -> None:
    (folder / "in" / name).write_bytes(content)
    status, data, err = _dedup(capsys, "in")
    assert status == 2 and f"in/{message}" in err
    assert sorted(_ids(data)) == ["copy.txt", "story.txt"]


def test_a_jsonl_file_with_a_bom_keeps_its_first_record(folder: Path, capsys) -> None:
    lines = [json.dumps({"id": i, "text": f"{STORY} {i}"}) for i in ("first", "second")]
    (folder / "in" / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    status, data, err = _dedup(capsys, "in")
    assert status == 0, err
    assert sorted(_ids(data)) == ["copy.txt", "first", "second", "story.txt"]


def test_a_legacy_encoding_is_read_right_and_recorded(folder: Path, capsys) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Городской совет утвердил бюджет.</p>'
    (folder / "in" / "ru.html").write_bytes(page.encode("cp1251"))
    status, data, err = _dedup(capsys, "in")
    assert status == 0, err
    (row,) = [d for d in data["documents"] if d["id"] == "ru.html"]
    assert row["encoding"] == "cp1251"


def test_outputs_are_readable_by_other_services(folder: Path) -> None:
    old = os.umask(0o022)
    try:
        assert main(["dedup", "in", "--format", "json", "-o", "dups.json", "--quiet", "--exit-zero"]) == 0
        assert main(["dedup", "in", "--write-deduplicated", "clean.jsonl", "--quiet", "--exit-zero"]) == 0
    finally:
        os.umask(old)
    for name in ("dups.json", "clean.jsonl"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o644, name


def test_an_unexpected_error_is_one_line_and_exit_2(folder: Path, capsys, monkeypatch) -> None:
    import compare.cli.dedup as command

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(command, "run_dedup", broken)
    assert main(["dedup", "in", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error: RuntimeError: a bug" in err and "--verbose" in err

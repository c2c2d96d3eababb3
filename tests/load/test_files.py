"""Tests of compare.load.files: which files are input, in which order, and
the name each gives its documents' ids (one rule for every command)."""

from __future__ import annotations

from pathlib import Path

from compare.load.files import STDIN, InputFile, expand, input_files, walk


def _touch(path: Path, content: str = "text") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_walk_skips_hidden_entries_reports_and_other_suffixes(tmp_path: Path) -> None:
    _touch(tmp_path / "b.txt")
    _touch(tmp_path / "a" / "z.jsonl")
    _touch(tmp_path / "a" / "y.parquet")
    _touch(tmp_path / ".hidden.txt")
    _touch(tmp_path / ".git" / "notes.txt")
    _touch(tmp_path / "out" / ".compare-sources-report", "marker")
    _touch(tmp_path / "out" / "index.html")
    _touch(tmp_path / "image.png")
    assert [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)] == [
        "a/y.parquet",
        "a/z.jsonl",
        "b.txt",
    ]


def test_a_directory_names_its_files_by_their_path_under_it(tmp_path: Path) -> None:
    _touch(tmp_path / "data" / "a" / "x.txt")
    _touch(tmp_path / "data" / "b" / "x.txt")
    files, problems = expand(str(tmp_path / "data"), several=False)
    assert problems == []
    assert [(Path(f.path).relative_to(tmp_path).as_posix(), f.id_name) for f in files] == [
        ("data/a/x.txt", "a/x.txt"),
        ("data/b/x.txt", "b/x.txt"),
    ]
    assert {f.root for f in files} == {tmp_path / "data"}


def test_several_specs_prefix_a_directory_s_names_with_its_name(tmp_path: Path) -> None:
    _touch(tmp_path / "nyt" / "story.txt")
    _touch(tmp_path / "wapo" / "sub" / "story.txt")
    _touch(tmp_path / "single.jsonl")
    files, problems = input_files(
        [str(tmp_path / "nyt"), str(tmp_path / "wapo"), str(tmp_path / "single.jsonl")]
    )
    assert problems == []
    assert [f.id_name for f in files] == ["nyt/story.txt", "wapo/sub/story.txt", "single.jsonl"]
    assert files[2] == InputFile(str(tmp_path / "single.jsonl"), "single.jsonl", None)


def test_the_prefix_is_the_resolved_directory_s_name(tmp_path: Path, monkeypatch) -> None:
    _touch(tmp_path / "corpus" / "a.txt")
    _touch(tmp_path / "other.txt")
    monkeypatch.chdir(tmp_path / "corpus")
    files, _ = input_files([".", "../other.txt"])
    assert [(f.path, f.id_name) for f in files] == [("a.txt", "corpus/a.txt"), ("../other.txt", "other.txt")]


def test_a_glob_names_its_matches_by_their_path_as_matched(tmp_path: Path, monkeypatch) -> None:
    _touch(tmp_path / "in" / "a.csv")
    _touch(tmp_path / "in" / "sub" / "b.csv")
    _touch(tmp_path / "in" / "c.pdf")
    monkeypatch.chdir(tmp_path)
    files, problems = expand("in/**/*.*", several=False)
    assert problems == []
    assert [(f.path, f.id_name, f.root) for f in files] == [
        ("in/a.csv", "in/a.csv", None),
        ("in/sub/b.csv", "in/sub/b.csv", None),
    ]


def test_what_matches_nothing_is_a_problem_naming_the_spec(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _touch(tmp_path / "empty" / "image.png")
    specs = [str(tmp_path / "nothing.jsonl"), str(tmp_path / "*.csv"), str(tmp_path / "empty")]
    files, problems = input_files(specs)
    assert files == []
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        (specs[0], "no such file or directory"),
        (specs[1], "no readable file matches this pattern"),
        (specs[2], "directory holds no readable files"),
    ]
    assert ".parquet" in problems[2].message


def test_stdin_is_named_stdin() -> None:
    assert expand(STDIN, several=True) == ([InputFile(STDIN, "stdin")], [])


def test_a_file_given_directly_is_kept_whatever_its_suffix(tmp_path: Path) -> None:
    path = _touch(tmp_path / "notes.rst")
    assert expand(str(path), several=False) == ([InputFile(str(path), "notes.rst")], [])

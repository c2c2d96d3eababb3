"""Tests of compare.cli.clash: an output that is, holds or lies inside an input is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from synthetic_corpora import prose


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compare", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_no_command_writes_over_or_into_its_inputs(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": prose(1, 200)}) + "\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(prose(2, 200), encoding="utf-8")
    (docs / "b.txt").write_text(prose(2, 200), encoding="utf-8")
    cases = [
        (["dedup", "batch.jsonl", "--format", "json", "-o", "batch.jsonl"], "is the input batch.jsonl"),
        (["dedup", "batch.jsonl", "--write-deduplicated", "batch.jsonl"], "is the input batch.jsonl"),
        (["dedup", "batch.jsonl", "--index", "batch.jsonl"], "is the input batch.jsonl"),
        (["dedup", "batch.jsonl", "-o", "out.json", "--write-deduplicated", "out.json"], "is also --output"),
        (["dedup", "docs", "-o", "docs/found.json"], "inside the input folder docs"),
        (["analyze", "docs/a.txt", "docs/b.txt", "-o", "docs/a.txt"], "is the input docs/a.txt"),
        (["analyze", "docs", "-o", "docs/results.json"], "inside the input folder docs"),
        (["report", "docs", "-o", "docs/report"], "inside the input folder docs"),
        (["report", "docs/a.txt", "docs/b.txt", "-o", "."], "holds the input docs/a.txt"),
    ]
    before = _files(tmp_path)
    for args, message in cases:
        done = _run(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and "nothing done" in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert _files(tmp_path) == before, args  # nothing written, nothing replaced


def test_an_unexpected_error_is_one_line_and_exit_2(monkeypatch, capsys) -> None:
    # To a pipeline, exit 1 means "duplicates found": a crash must never look like that.
    import importlib

    import pytest

    from compare.cli import dedup

    cli = importlib.import_module("compare.cli.main")  # the module (compare.cli.main is also its function)

    def broken(args):
        raise RuntimeError("something no one foresaw")

    monkeypatch.setattr(dedup, "run", broken)
    assert cli.main(["dedup", "anything.jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error: RuntimeError: something no one foresaw" in err
    assert "--verbose" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):  # --verbose: the traceback, for a bug report
        cli.main(["dedup", "anything.jsonl", "--verbose"])


def test_a_record_nested_too_deeply_is_a_named_problem(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    good = json.dumps({"id": "a", "text": prose(1, 200)})
    batch.write_text(
        good + "\n" + "[" * 100_000 + "\n" + json.dumps({"id": "b", "text": prose(2, 200)}) + "\n"
    )
    done = _run("dedup", "batch.jsonl", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "batch.jsonl:2" in done.stderr  # the file and line named
    assert json.loads(done.stdout)["summary"]["documents"] == 2  # the rest still checked


def test_a_repeated_id_is_one_rule_in_every_command(tmp_path: Path) -> None:
    # The first record with an id is kept; a later one is skipped, named by file and line.
    records = [("a", prose(1, 200)), ("b", prose(2, 200)), ("a", prose(3, 200))]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")
    problem = "batch.jsonl:3: repeated id 'a' (first at batch.jsonl:1): this record is skipped"
    dedup = _run("dedup", "batch.jsonl", "--write-deduplicated", "kept.jsonl", cwd=tmp_path)
    assert dedup.returncode == 2 and problem in dedup.stderr
    kept = [json.loads(line) for line in (tmp_path / "kept.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"]) for r in kept] == records[:2]
    analyze = _run("analyze", "batch.jsonl", "-o", "results.json", cwd=tmp_path)
    assert analyze.returncode == 2 and problem in analyze.stderr
    result = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["text"]) for d in result["documents"]] == records[:2]


def test_toml_nested_too_deeply_is_a_named_problem(tmp_path: Path) -> None:
    deep = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    (tmp_path / "deep.toml").write_text(deep, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(prose(1, 200), encoding="utf-8")
    (docs / "sources.toml").write_text(deep, encoding="utf-8")
    config = _run("dedup", "docs", "--config", "deep.toml", cwd=tmp_path)
    assert (
        config.returncode == 2
        and "deep.toml: cannot read the configuration: nested too deeply" in config.stderr
    )
    manifest = _run("analyze", "docs", "-o", "results.json", cwd=tmp_path)
    assert (
        manifest.returncode == 2
        and "sources.toml: manifest not readable: nested too deeply" in manifest.stderr
    )
    assert (
        len(json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["documents"]) == 1
    )  # the rest
    assert "unexpected error" not in config.stderr + manifest.stderr

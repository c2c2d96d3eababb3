"""Tests of compare.cli.config: shared and per-command tables, read by every command,
and the flag names every command shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare.cli.config import load_config
from compare.cli.main import build_parser, main

SHARED_AND_OWN = """
[project]
name = "job"

[tool.compare-sources]
threshold = 0.6
jobs = 1

[tool.compare-sources.dedup]
format = "jsonl"
keep = "longest"

[tool.compare-sources.report]
output = "nightly"
coverage = 0.9
"""


def _defaults(tmp_path: Path, command: str, argv: list[str]) -> dict:
    parser = build_parser()
    return load_config(str(tmp_path / "pyproject.toml"), command, parser.commands)


def test_the_shared_table_serves_every_command_and_each_table_its_own(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(SHARED_AND_OWN, encoding="utf-8")
    assert _defaults(tmp_path, "dedup", []) == {
        "threshold": 0.6,
        "jobs": 1,
        "format": "jsonl",
        "keep": "longest",
    }
    assert _defaults(tmp_path, "report", []) == {
        "threshold": 0.6,
        "jobs": 1,
        "output": "nightly",
        "coverage": 0.9,
    }
    assert _defaults(tmp_path, "eval", []) == {"threshold": 0.6, "jobs": 1}


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[tool.compare-sources]\ntreshold = 0.6\n",
            "[tool.compare-sources] treshold: no such option of any command",
        ),
        (
            "[tool.compare-sources.dedup]\noutput_dir = 'x'\n",
            "[tool.compare-sources.dedup] output_dir: no such option of dedup",
        ),
        ("[tool.compare-sources.dedupe]\nkeep = 'first'\n", "[tool.compare-sources.dedupe]: no such command"),
        (
            "[tool.compare-sources.dedup]\nthreshold = 2\n",
            "[tool.compare-sources.dedup] threshold = 2: must be in (0, 1]",
        ),
    ],
)
def test_unknown_keys_and_bad_values_are_named_and_exit_2(
    tmp_path: Path, monkeypatch, capsys, toml: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "a.txt").write_text("some text to read here", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["dedup", "a.txt", "--quiet"]) == 2
    assert f"pyproject.toml: {message}" in capsys.readouterr().err


def test_a_report_key_does_not_stop_dedup_and_flags_override(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(SHARED_AND_OWN, encoding="utf-8")
    text = "the council approved the new budget after a long debate on tuesday night in the city hall"
    (tmp_path / "b.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": text}) + "\n" for i in ("a", "bb")), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["dedup", "b.jsonl", "--quiet"]) == 1  # duplicates, jsonl from the file
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "bb"]
    assert main(["dedup", "b.jsonl", "--quiet", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["options"]["threshold"], data["options"]["keep"]) == (0.6, "longest")


def test_report_reads_its_table(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text(SHARED_AND_OWN, encoding="utf-8")
    (tmp_path / "a.txt").write_text("One text, alone, in a folder of its own.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "a.txt", "--quiet", "--jobs", "1"]) == 0
    results = json.loads((tmp_path / "nightly" / "results.json").read_text(encoding="utf-8"))
    assert results["options"]["near_duplicate_coverage"] == 0.9
    assert results["options"]["near_duplicate_jaccard"] == 0.6


def test_threshold_coverage_and_containment_are_one_name_in_every_command() -> None:
    parser = build_parser()
    for command in ("report", "analyze", "eval", "dedup"):
        flags = {f for a in parser.commands[command]._actions for f in a.option_strings}
        assert {"--threshold", "--coverage", "--containment", "--config"} <= flags, command
    old = parser.parse_args(["report", "x", "--jaccard", "0.7"])
    assert old.threshold == parser.parse_args(["report", "x", "--threshold", "0.7"]).threshold == 0.7

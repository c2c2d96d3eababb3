"""The `compare-sources` command, run as users run it (real processes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "compare-sources"


def run(
    *args: str, cwd: Path | None = None, hash_seed: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed} if hash_seed else None
    return subprocess.run(
        [sys.executable, "-m", "compare", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env=env,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_console_script_writes_report_and_prints_its_path(tmp_path, corpus_dir):
    assert SCRIPT.is_file(), "the package must be installed (pip install .) for the compare-sources command"
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(SCRIPT), "report", str(corpus_dir), "-o", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str((out / "index.html").resolve())
    assert list((out / "pairs").glob("*.html")) == []  # the ten pairs share a topic only: no page each
    assert len(list((out / "docs").glob("*.html"))) == 5


def test_same_input_same_bytes(tmp_path, corpus_dir):
    # Different string-hash seeds: no set or dict order may reach the output.
    assert run("report", str(corpus_dir), "-o", str(tmp_path / "one"), hash_seed="1").returncode == 0
    assert run("report", str(corpus_dir), "-o", str(tmp_path / "two"), hash_seed="2").returncode == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_bad_inputs_are_named_and_the_rest_is_analyzed(tmp_path, corpus_dir):
    inputs = tmp_path / "in"
    shutil.copytree(corpus_dir, inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
    (inputs / "undecodable.txt").write_bytes(b"Caf\xc3 \x81\x8d\x8f text")
    (inputs / "records.jsonl").write_text(
        '{"id": "r1", "text": "A first record about something else entirely."}\n'
        '{"id": "r2", "text": "broken\n'
        '{"id": "r3", "text": "A third record, still read after the broken line."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run("report", str(inputs), "-o", str(out))
    assert proc.returncode == 2
    err = proc.stderr
    assert f"{inputs / 'empty.txt'}: empty file" in err
    assert f"{inputs / 'binary.txt'}: binary file" in err
    assert f"{inputs / 'undecodable.txt'}: undecodable bytes" in err
    assert f"{inputs / 'records.jsonl'}:2: malformed JSON" in err
    assert "4 input problem(s)" in err
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    ids = [d["id"] for d in data["documents"]]
    assert ids == [*sorted(p.name for p in corpus_dir.glob("*.txt")), "r1", "r3"]
    assert len(data["problems"]) == 4
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Inputs that could not be read" in index and "undecodable.txt" in index


def test_nothing_readable_writes_nothing(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    proc = run("report", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "-o", str(out))
    assert proc.returncode == 2
    assert "missing.txt: no such file or directory" in proc.stderr
    assert not out.exists()


def test_analyze_writes_results_json(tmp_path, corpus_dir):
    proc = run("analyze", str(corpus_dir))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema_version"] == "2.1"
    assert len(data["documents"]) == 5 and len(data["pairs"]) == 10


@pytest.mark.parametrize(
    "bad",
    [
        ["report"],
        ["report", "x", "--jaccard", "2"],
        ["report", "x", "--num-perm", "1"],
        ["report", "x", "--shingle-size", "0"],
        ["report", "x", "--seed", "-1"],
        ["nope"],
    ],
)
def test_bad_usage_exits_2(bad):
    proc = run(*bad)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_analyze_output_file_is_written_whole_with_usual_permissions(tmp_path, corpus_dir):
    target = tmp_path / "results.json"
    proc = subprocess.run(
        ["/bin/sh", "-c", f'umask 022 && "{sys.executable}" -m compare analyze "{corpus_dir}" -o "{target}"'],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == "2.1"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_verbose_prints_each_stage_and_leaves_the_result_unchanged(tmp_path, corpus_dir):
    quiet = run("analyze", str(corpus_dir), "-o", str(tmp_path / "quiet.json"))
    loud = run("analyze", str(corpus_dir), "-o", str(tmp_path / "loud.json"), "--verbose")
    assert quiet.returncode == loud.returncode == 0, loud.stderr
    assert "stages" not in quiet.stderr
    (line,) = [x for x in loud.stderr.splitlines() if "stages:" in x]
    stages = [part.split()[0] for part in line.split("stages: ")[1].split(", ")]
    assert stages == [
        "load",
        "prepare",
        "furniture",
        "candidates",
        "pairs",
        "evidence",
        "repetitions",
        "result",
    ]
    assert (tmp_path / "quiet.json").read_bytes() == (tmp_path / "loud.json").read_bytes()


def test_analyze_compares_only_the_pairs_asked_for_by_date_and_source(tmp_path):
    shared = (
        "The city council voted on Tuesday to close the old harbour bridge for two years of repairs, "
        "after engineers found deep cracks in three of its stone piers during an inspection last month."
    )
    rows = [("x1", "X", "2026-01-01"), ("x2", "X", "2026-01-02"), ("y1", "Y", "2026-03-01"), ("y2", "Y", "")]
    records = tmp_path / "stories.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {"id": i, "source": s, "date": d, "text": f"Story {i} begins. {shared} Story {i} ends."}
            )
            + "\n"
            for i, s, d in rows
        ),
        encoding="utf-8",
    )

    def compared(*flags: str) -> set[tuple[str, str]]:
        proc = run("analyze", str(records), *flags)
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        ids = [d["id"] for d in data["documents"]]
        return {(ids[p["a"]], ids[p["b"]]) for p in data["pairs"] if p["matches"]}

    assert len(compared()) == 6
    assert compared("--within-days", "30", "--across-sources") == {("x1", "y2"), ("x2", "y2")}
    assert run("analyze", str(records), "--within-days", "-1").returncode == 2


def test_analyze_writes_tables_and_report_renders_a_part_of_them(tmp_path):
    story = " ".join(f"word{i % 97} place{i % 13}" for i in range(160))
    rows = [
        ("a", "Wire", "2026-01-01", story),
        ("b", "Paper", "2026-01-02", story + " More."),
        ("c", "Blog", "", story),
    ]
    records = tmp_path / "stories.jsonl"
    records.write_text(
        "".join(json.dumps({"id": i, "source": s, "date": d, "text": t}) + "\n" for i, s, d, t in rows),
        encoding="utf-8",
    )
    no_folder = run("analyze", str(records), "--format", "parquet")
    assert no_folder.returncode == 2 and "-o DIR" in no_folder.stderr
    tables = tmp_path / "tables"
    done = run("analyze", str(records), "--format", "parquet", "-o", str(tables))
    assert done.returncode == 0, done.stderr
    assert (tables / "pairs.parquet").is_file() and (tables / "result.json").is_file()
    out = tmp_path / "part"
    shown = run("report", "--from", str(tables), "--source", "Blog", "-o", str(out))
    assert shown.returncode == 0, shown.stderr
    part = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(d["id"] for d in part["documents"]) == ["a", "b", "c"]
    assert len(part["pairs"]) == 2 and part["options"]["selection"]["sources"] == ["Blog"]
    whole = tmp_path / "whole.json"
    assert run("analyze", str(records), "-o", str(whole)).returncode == 0
    again = run("report", "--from", str(whole), "--since", "2026-01-01", "-o", str(tmp_path / "dated"))
    assert again.returncode == 0, again.stderr
    assert len(json.loads((tmp_path / "dated" / "results.json").read_text(encoding="utf-8"))["pairs"]) == 1
    fresh = run(
        "report",
        str(records),
        "--relation",
        "near-duplicate",
        "--source",
        "Wire",
        "-o",
        str(tmp_path / "new"),
    )
    assert fresh.returncode == 0, fresh.stderr  # a fresh analysis, shown in part
    shown_part = json.loads((tmp_path / "new" / "results.json").read_text(encoding="utf-8"))
    assert len(shown_part["pairs"]) == 2 and shown_part["options"]["selection"]["sources"] == ["Wire"]
    assert run("report", str(records), "--since", "May", "-o", str(tmp_path / "z")).returncode == 2
    not_a_date = run("report", "--from", str(whole), "--since", "May", "-o", str(tmp_path / "z"))
    assert not_a_date.returncode == 2 and "since: not a date" in not_a_date.stderr
    assert "cannot be read" not in not_a_date.stderr and not (tmp_path / "z").exists()
    assert run("report", "-o", str(tmp_path / "x")).returncode == 2  # neither PATHs nor --from
    bad = run("report", "--from", str(records), "-o", str(tmp_path / "y"))
    assert bad.returncode == 2 and "stories.jsonl" in bad.stderr and not (tmp_path / "y").exists()

"""`compare-sources dedup`, run as a real subprocess: outputs, exit status, inputs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from synthetic_corpora import prose

from compare.util.atomic import write_file

STORY = prose(1, 300)
OTHER = prose(2, 300)
THIRD = prose(3, 250)


def _edited(text: str, every: int) -> str:
    words = text.split(" ")
    return " ".join("changed" if i % every == 0 else w for i, w in enumerate(words))


def _records() -> list[dict]:
    return [
        {"id": "story", "text": STORY, "source": "Wire", "date": "2026-03-02", "meta": {"n": 1}},
        {"id": "other", "text": OTHER, "source": "Blog", "date": "2026-03-01"},
        {"id": "repost", "text": STORY, "source": "Aggregator", "date": "2026-03-01"},
        {"id": "rewrite", "text": _edited(STORY, 40) + " " + prose(9, 30), "source": "Daily", "date": ""},
        {"id": "third", "text": THIRD, "source": "Weekly"},
    ]


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compare", "dedup", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return _write_jsonl(tmp_path / "batch.jsonl", _records())


def _schema() -> dict:
    return json.loads(
        resources.files("compare").joinpath("schema/dedup.schema.json").read_text(encoding="utf-8")
    )


def test_json_output_names_the_duplicates_with_exact_scores(batch: Path) -> None:
    done = _run(str(batch), "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, _schema())
    assert [[data["documents"][i]["id"] for i in c["members"]] for c in data["clusters"]] == [
        ["story", "repost", "rewrite"]
    ]
    pairs = {(p["a_id"], p["b_id"]): p for p in data["pairs"]}
    assert pairs[("story", "repost")]["jaccard"] == 1.0
    assert 0.5 <= pairs[("story", "rewrite")]["jaccard"] < 1.0
    assert pairs[("story", "rewrite")]["containment_a_in_b"] > pairs[("story", "rewrite")]["jaccard"]
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["story"]["representative"] and by_id["other"]["representative"]
    assert by_id["repost"]["duplicate_of"] == "story" and not by_id["repost"]["representative"]
    assert by_id["other"]["cluster"] is None
    assert by_id["rewrite"]["line"] == 4 and by_id["rewrite"]["path"] == str(batch)
    assert data["summary"]["duplicates"] == 2
    assert "5 documents, 2 duplicates in 1 clusters" in done.stderr


def test_no_duplicates_exits_zero_and_exit_zero_forces_it(tmp_path: Path, batch: Path) -> None:
    clean = _write_jsonl(
        tmp_path / "clean.jsonl", [r for r in _records() if r["id"] not in ("repost", "rewrite")]
    )
    done = _run(str(clean), "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert _run(str(batch), "--exit-zero", "--quiet").returncode == 0


def test_hold_mb_changes_memory_not_the_answer(batch: Path) -> None:
    held = json.loads(_run(str(batch), "--format", "json").stdout)
    read_again = json.loads(_run(str(batch), "--format", "json", "--hold-mb", "0").stdout)
    assert read_again["pairs"] == held["pairs"] and read_again["documents"] == held["documents"]
    refused = _run(str(batch), "--hold-mb", "-1")
    assert (
        refused.returncode == 2 and "--hold-mb: must be a number of MiB, 0 or more, got -1" in refused.stderr
    )


def test_verbose_prints_the_seconds_of_each_stage(batch: Path) -> None:
    quiet = _run(str(batch), "--format", "json", "--quiet")
    loud = _run(str(batch), "--format", "json", "--quiet", "--verbose")
    assert quiet.returncode == loud.returncode == 1
    (line,) = loud.stderr.splitlines()
    stages = [part.split()[0] for part in line.split("stages: ")[1].split(", ")]
    assert stages == ["sign", "candidates", "verify", "cluster", "write", "total"]
    without_seconds = [json.loads(d.stdout) for d in (quiet, loud)]
    for data in without_seconds:
        data["summary"].pop("seconds")
    assert without_seconds[0] == without_seconds[1]


def test_jsonl_and_csv_rows_parse_back(batch: Path) -> None:
    rows = [json.loads(line) for line in _run(str(batch), "--format", "jsonl").stdout.splitlines()]
    table = list(csv.DictReader(io.StringIO(_run(str(batch), "--format", "csv").stdout)))
    assert (
        [r["id"] for r in rows]
        == [r["id"] for r in table]
        == ["story", "other", "repost", "rewrite", "third"]
    )
    assert [r["representative"] for r in rows] == [True, True, False, False, True]
    assert [r["representative"] for r in table] == ["True", "True", "False", "False", "True"]
    assert [r["duplicate_of"] for r in table] == ["", "", "story", "story", ""]
    assert rows[2]["max_jaccard"] == 1.0


def test_text_output_lists_each_cluster(batch: Path) -> None:
    out = _run(str(batch)).stdout
    assert "cluster 1: 3 documents, keep story" in out
    assert "repost" in out and "jaccard 1.000 with kept" in out


def test_write_deduplicated_keeps_one_per_cluster_and_every_field(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "clean" / "kept.jsonl"
    done = _run(str(batch), "--write-deduplicated", str(out), "--quiet")
    assert done.returncode == 1, done.stderr
    kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    originals = {r["id"]: r for r in _records()}
    assert [r["id"] for r in kept] == ["story", "other", "third"]
    for r in kept:
        assert r == originals[r["id"]]  # every field, nested ones too


def test_containment_finds_an_excerpt_and_keeps_its_container(tmp_path: Path) -> None:
    clip = {"id": "clip", "text": " ".join(THIRD.split(" ")[50:150]), "source": "Social"}
    batch = _write_jsonl(tmp_path / "batch.jsonl", [*_records(), clip])
    plain = json.loads(_run(str(batch), "--format", "json").stdout)
    assert all(p["relation"] == "near-duplicate" for p in plain["pairs"])
    assert "clip" not in {p["b_id"] for p in plain["pairs"]}
    out = tmp_path / "kept.jsonl"
    done = _run(
        str(batch), "--format", "json", "--containment", "0.8", "--keep", "longest",
        "--write-deduplicated", str(out),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, _schema())
    assert data["options"]["containment"] == 0.8
    excerpt = [p for p in data["pairs"] if p["relation"] == "excerpt"]
    assert [(p["a_id"], p["b_id"], p["containment_b_in_a"]) for p in excerpt] == [("third", "clip", 1.0)]
    assert {d["id"]: d["duplicate_of"] for d in data["documents"]}["clip"] == "third"
    kept = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert kept == ["other", "rewrite", "third"]
    text = _run(str(batch), "--containment", "0.8").stdout
    assert "clip" in text and "excerpt: 100% of it inside kept" in text
    assert _run(str(batch), "--containment", "1.5").returncode == 2


@pytest.mark.parametrize(("keep", "kept"), [("longest", "rewrite"), ("earliest", "repost")])
def test_keep_chooses_the_representative(tmp_path: Path, batch: Path, keep: str, kept: str) -> None:
    out = tmp_path / "kept.jsonl"
    _run(str(batch), "--keep", keep, "--write-deduplicated", str(out), "--quiet")
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == sorted({"other", "third", kept}, key=["story", "other", "repost", "rewrite", "third"].index)


def test_stdin_gives_the_same_answer_as_the_file(batch: Path, tmp_path: Path) -> None:
    from_file = json.loads(_run(str(batch), "--format", "json").stdout)
    out = tmp_path / "kept.jsonl"
    done = _run(
        "-", "--format", "json", "--write-deduplicated", str(out), stdin=batch.read_text(encoding="utf-8")
    )
    from_stdin = json.loads(done.stdout)
    assert from_stdin["pairs"] == from_file["pairs"]
    assert from_stdin["clusters"] == from_file["clusters"]
    assert {d["path"] for d in from_stdin["documents"]} == {"-"}
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3  # stdin read again for the writing


def test_malformed_line_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    lines = [json.dumps(r) for r in _records()]
    lines.insert(2, '{"id": "broken", "text": "unterminated')
    lines.insert(4, '{"id": "no-text"}')
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _run(str(path), "--format", "json")
    assert done.returncode == 2
    assert f"{path}:3: malformed JSON" in done.stderr
    assert f"{path}:5: record has no string field 'text'" in done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["documents"] == 5 and data["summary"]["duplicates"] == 2
    assert [(p["line"], p["path"]) for p in data["problems"]] == [(3, str(path)), (5, str(path))]


def test_directories_globs_csv_and_text_files(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.md").write_text(OTHER, encoding="utf-8")
    with (tmp_path / "more.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerows([["id", "text", "source"], ["c1", STORY, "X"], ["c2", THIRD, "Y"]])
    done = _run(str(tmp_path / "in"), str(tmp_path / "*.csv"), "--format", "json")
    data = json.loads(done.stdout)
    # Two inputs: the directory's files are named with its name first, as the report names them.
    assert [d["id"] for d in data["documents"]] == ["in/a.txt", "in/sub/b.md", "c1", "c2"]
    assert [[data["documents"][i]["id"] for i in c["members"]] for c in data["clusters"]] == [
        ["in/a.txt", "c1"]
    ]
    assert data["documents"][2]["line"] == 2


def test_missing_input_and_bad_usage_exit_two(tmp_path: Path, batch: Path) -> None:
    done = _run(str(batch), str(tmp_path / "nope.jsonl"), "--quiet")
    assert done.returncode == 2
    assert f"{tmp_path / 'nope.jsonl'}: no such file or directory" in done.stderr
    assert _run(str(batch), "--threshold", "1.5").returncode == 2
    assert _run(str(tmp_path / "*.none")).returncode == 2


def test_output_file_is_written_whole_or_not_at_all(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "result.json"
    assert _run(str(batch), "--format", "json", "--output", str(out)).returncode == 1
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), _schema())

    def broken(f) -> None:
        f.write("half a result")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_file(out, broken)
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), _schema())  # the old file, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.jsonl", "result.json"]


def test_shared_fields_mean_the_same_as_in_the_analysis_schema() -> None:
    dedup = _schema()["$defs"]
    results = json.loads(
        resources.files("compare").joinpath("schema/results.schema.json").read_text(encoding="utf-8")
    )
    analysis = results["$defs"]
    assert dedup["problem"] == analysis["problem"]
    for key in ("a", "b", "jaccard", "containment_a_in_b", "containment_b_in_a"):
        assert dedup["pair"]["properties"][key] == analysis["pair"]["properties"][key]
    for key in ("number", "members"):
        assert dedup["cluster"]["properties"][key] == analysis["cluster"]["properties"][key]


def test_configuration_from_pyproject_and_config_file(tmp_path: Path, batch: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.compare-sources]\n'
        'threshold = 0.99\ncoverage = "off"\nformat = "json"\n',
        encoding="utf-8",
    )
    strict = json.loads(_run(str(batch), cwd=tmp_path).stdout)  # json, from the configuration
    assert [(p["a_id"], p["b_id"]) for p in strict["pairs"]] == [("story", "repost")]
    assert (strict["options"]["threshold"], strict["options"]["coverage"]) == (0.99, None)
    loose = json.loads(_run(str(batch), "--threshold", "0.5", cwd=tmp_path).stdout)  # a flag overrides
    assert len(loose["pairs"]) == 3
    own = tmp_path / "dedup.toml"
    own.write_text('format = "csv"\nkeep = "longest"\n', encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(_run(str(batch), "--config", str(own)).stdout)))
    assert [r["id"] for r in rows if r["representative"] == "True"] == ["other", "rewrite", "third"]
    own.write_text("treshold = 0.7\n", encoding="utf-8")
    done = _run(str(batch), "--config", str(own))
    assert (
        done.returncode == 2
        and f"{own}: [tool.compare-sources] treshold: no such option of any" in done.stderr
    )
    own.write_text('keep = "newest"\n', encoding="utf-8")
    done = _run(str(batch), "--config", str(own))
    assert done.returncode == 2 and "keep = 'newest': must be one of first, longest, earliest" in done.stderr


def test_progress_bar_only_on_a_terminal(batch: Path) -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    cmd = [sys.executable, "-m", "compare", "dedup", str(batch)]
    done = subprocess.run(cmd, stderr=follower, stdout=subprocess.PIPE, timeout=300)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 1
    assert b"reading and signing" in shown and b"5 documents, 2 duplicates" in shown
    assert "reading and signing" not in _run(str(batch)).stderr  # not a terminal: no bar


def test_a_retried_index_run_keeps_the_same_records(tmp_path: Path) -> None:
    # The nightly job run twice: the second run must not find its own documents "seen before".
    batch = _write_jsonl(tmp_path / "batch.jsonl", _records())
    index = str(tmp_path / "seen.db")
    first = _run(str(batch), "--index", index, "--write-deduplicated", str(tmp_path / "c1.jsonl"))
    again = _run(str(batch), "--index", index, "--write-deduplicated", str(tmp_path / "c2.jsonl"))
    assert first.returncode == again.returncode == 1  # the repost: a duplicate within the batch
    kept = (tmp_path / "c1.jsonl").read_text(encoding="utf-8")
    assert kept == (tmp_path / "c2.jsonl").read_text(encoding="utf-8") and kept.count("\n") >= 3
    assert "index: 5 added, 0 indexed already" in first.stderr
    assert "index: 0 added, 5 indexed already with the same text" in again.stderr
    stats = subprocess.run(
        [sys.executable, "-m", "compare", "index", "stats", index], capture_output=True, text=True, timeout=60
    )
    assert '"documents": 5' in stats.stdout

"""Tests of compare.dedup.batch: a whole dedup run as one library call.

`run` gives what the command writes (the same JSON, apart from the
seconds), times its stages, writes the outputs before it touches the
index, and leaves the index as it was when writing fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from synthetic_corpora import prose

from compare import DedupOptions, DedupRun, run_dedup
from compare.dedup import DedupIndex, run
from compare.dedup.output import write_output

STORY = prose(1, 400)


def _batch(path: Path) -> Path:
    records = [
        {"id": "story", "text": STORY, "date": "2026-03-02"},
        {"id": "other", "text": prose(2, 300), "date": "2026-03-01"},
        {"id": "repost", "text": STORY, "date": "2026-03-01"},
        {"text": prose(3, 250)},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _without_seconds(data: dict) -> dict:
    data["summary"].pop("seconds")
    return data


def test_run_is_the_library_face_of_the_command(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch.jsonl")
    result = run_dedup([str(batch)], DedupOptions(), keep="earliest")
    assert run is run_dedup and isinstance(result, DedupRun)
    assert [(d.id, d.duplicate_of) for d in result.documents] == [
        ("story", "repost"),
        ("other", None),
        ("repost", None),
        ("batch.jsonl#4", None),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "compare", "dedup", str(batch), "--format", "json", "--keep", "earliest"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1  # duplicates found
    assert _without_seconds(json.loads(done.stdout)) == _without_seconds(result.to_dict())
    schema = json.loads(resources.files("compare").joinpath("schema/dedup.schema.json").read_text("utf-8"))
    jsonschema.validate(result.to_dict(), schema)


def test_every_stage_is_timed(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch.jsonl")
    result = run([str(batch)], index=tmp_path / "seen.db", write=lambda r: None)
    assert list(result.seconds) == [
        "sign",
        "candidates",
        "verify",
        "cluster",
        "index query",
        "write",
        "index add",
    ]
    assert all(s >= 0 for s in result.seconds.values())
    until_result = sum(result.seconds[s] for s in ("sign", "candidates", "verify", "cluster", "index query"))
    assert until_result <= result.elapsed <= sum(result.seconds.values()) + 1.0
    assert result.summary()["seconds"] == round(result.elapsed, 3)


def test_outputs_are_written_before_the_index_is_added_to(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch.jsonl")
    index = tmp_path / "seen.db"
    seen_at_write = []

    def write(found: DedupRun) -> None:
        with DedupIndex.open_existing(index) as opened:
            seen_at_write.append(len(opened))
        write_output(found, "json", tmp_path / "out.json")

    run([str(batch)], index=index, write=write)
    assert seen_at_write == [0]
    with DedupIndex.open_existing(index) as opened:
        assert len(opened) == 4
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["summary"]["documents"] == 4


def test_a_failed_write_leaves_the_index_and_outputs_as_they_were(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch.jsonl")
    index = tmp_path / "seen.db"
    run([str(tmp_path / "batch.jsonl")], index=index)  # four documents indexed
    (tmp_path / "clean.jsonl").write_text("yesterday\n", encoding="utf-8")

    def failing(found: DedupRun) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run([str(batch)], index=index, deduplicated=tmp_path / "clean.jsonl", write=failing)
    with DedupIndex.open_existing(index) as opened:
        assert len(opened) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.jsonl", "clean.jsonl", "seen.db"]


def test_input_problems_are_in_the_result_and_the_rest_is_checked(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch.jsonl")
    with batch.open("a", encoding="utf-8") as f:
        f.write('{"id": "broken", "text": \n')
    result = run([str(batch), str(tmp_path / "missing.jsonl")])
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'missing.jsonl'}: no such file or directory",
        f"{batch}:5: malformed JSON: Expecting value (column 26)",
    ]
    assert result.summary()["documents"] == 4 and result.duplicates == 1

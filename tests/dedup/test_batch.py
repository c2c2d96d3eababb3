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


def test_a_retried_run_writes_what_the_first_wrote_and_indexes_once(tmp_path: Path) -> None:
    # A nightly job retried: its documents are in the index from the first try, and must
    # not be "seen before", by themselves or by each other.
    batch = _batch(tmp_path / "batch.jsonl")
    index = tmp_path / "seen.db"
    outputs = []
    for attempt in range(2):
        clean = tmp_path / f"clean-{attempt}.jsonl"
        found = run([str(batch)], index=index, deduplicated=clean)
        outputs.append((clean.read_bytes(), _without_seconds(found.to_dict())))
        with DedupIndex.open_existing(index) as opened:
            assert len(opened) == 4
        expected = (
            {"added": 4, "unchanged": 0, "replaced": 0}
            if attempt == 0
            else {"added": 0, "unchanged": 4, "replaced": 0}
        )
        assert found.index_changes == expected
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count(b"\n") == 3  # the repost is the one duplicate


def test_a_run_stopped_after_its_outputs_and_retried_is_a_first_run(tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch.jsonl")
    index = tmp_path / "seen.db"

    def stopped(found: DedupRun) -> None:  # the outputs are written; then the process dies
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([str(batch)], index=index, deduplicated=tmp_path / "first.jsonl", write=stopped)
    retried = run([str(batch)], index=index, deduplicated=tmp_path / "retried.jsonl")
    clean = run([str(batch)], index=tmp_path / "fresh.db", deduplicated=tmp_path / "fresh.jsonl")
    assert (tmp_path / "retried.jsonl").read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    assert _without_seconds(retried.to_dict()) == _without_seconds(clean.to_dict())


def test_an_indexed_id_with_other_text_is_replaced(tmp_path: Path) -> None:
    index = tmp_path / "seen.db"
    run([str(_batch(tmp_path / "batch.jsonl"))], index=index)
    update = tmp_path / "update.jsonl"
    update.write_text(json.dumps({"id": "other", "text": prose(9, 300)}) + "\n", encoding="utf-8")
    found = run([str(update)], index=index)
    assert found.index_changes == {"added": 0, "unchanged": 0, "replaced": 1}
    with DedupIndex.open_existing(index) as opened:
        assert len(opened) == 4 and [d[0] for d in opened.documents()].count("other") == 1
    # The old text is gone from the index: a copy of it is new again; one of the new text is not.
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"id": "copy", "text": prose(2, 300)}) + "\n", encoding="utf-8")
    assert run([str(old)], index=index, check_only=True).duplicates == 0
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"id": "copy", "text": prose(9, 300)}) + "\n", encoding="utf-8")
    assert run([str(new)], index=index, check_only=True).duplicates == 1

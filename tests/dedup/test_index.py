"""The persistent dedup index: real SQLite files, real processes, kill -9."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic_corpora import edited, prose

from compare.dedup.index import DedupIndex, IndexBusy, IndexMismatch, IndexParams
from compare.dedup.local import sign_all
from compare.dedup.options import DedupOptions


def _edited(text: str, every: int) -> str:
    return " ".join("changed" if i % every == 0 else w for i, w in enumerate(text.split(" ")))


def _batch(path: Path, records: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")
    return path


def _dedup(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "compare", "dedup", *args, "--format", "json", "--quiet"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def _pairs(data: dict) -> set[tuple[str, str]]:
    within = {tuple(sorted((p["a_id"], p["b_id"]))) for p in data["pairs"]}
    return within | {tuple(sorted((m["a_id"], m["indexed_id"]))) for m in data["indexed_matches"]}


@pytest.fixture
def two_batches(tmp_path: Path) -> tuple[Path, Path, Path]:
    stories = [prose(seed, 250) for seed in range(6)]
    first = [("a0", stories[0]), ("a1", stories[1]), ("a2", stories[2]), ("a0-copy", stories[0])]
    second = [
        ("b0", _edited(stories[0], 30)),  # seen yesterday, lightly edited
        ("b3", stories[3]),
        ("b3-copy", stories[3]),  # a duplicate inside today's batch
        ("b4", stories[4]),
        ("b2", stories[2]),  # seen yesterday, verbatim
    ]
    both = _batch(tmp_path / "both.jsonl", first + second)
    return _batch(tmp_path / "day1.jsonl", first), _batch(tmp_path / "day2.jsonl", second), both


def test_two_batches_with_an_index_find_what_one_run_finds(tmp_path: Path, two_batches) -> None:
    day1, day2, both = two_batches
    index = tmp_path / "seen.sqlite"
    at_once = json.loads(_dedup(str(both)).stdout)
    first = _dedup(str(day1), "--index", str(index))
    second = _dedup(str(day2), "--index", str(index))
    assert first.returncode == second.returncode == 1, (first.stderr, second.stderr)
    expected = {("a0", "a0-copy"), ("a0", "b0"), ("a0-copy", "b0"), ("b3", "b3-copy"), ("a2", "b2")}
    assert _pairs(at_once) == expected
    assert _pairs(json.loads(first.stdout)) | _pairs(json.loads(second.stdout)) == expected
    today = {d["id"]: d for d in json.loads(second.stdout)["documents"]}
    assert [i for i, d in today.items() if d["representative"]] == ["b3", "b4"]  # b0, b2 were seen before
    assert today["b2"]["duplicate_of"] == "a2"
    with DedupIndex.open_existing(index) as idx:
        assert len(idx) == 9


def test_excerpts_of_indexed_documents_are_found_with_containment(tmp_path: Path) -> None:
    story = prose(20, 500)
    index = tmp_path / "seen.sqlite"
    day1 = _batch(tmp_path / "day1.jsonl", [("story", story), ("other", prose(21, 400))])
    day2 = _batch(
        tmp_path / "day2.jsonl",
        [("clip", " ".join(story.split(" ")[100:300])), ("longer", prose(22, 800) + " " + story)],
    )
    assert _dedup(str(day1), "--index", str(index)).returncode == 0
    plain = json.loads(_dedup(str(day2), "--index", str(index), "--check-only").stdout)
    assert plain["indexed_matches"] == []
    done = _dedup(str(day2), "--index", str(index), "--containment", "0.8")
    data = json.loads(done.stdout)
    matches = {m["a_id"]: m for m in data["indexed_matches"]}
    assert set(matches) == {"clip", "longer"}
    assert matches["clip"]["relation"] == matches["longer"]["relation"] == "excerpt"
    assert matches["clip"]["indexed_id"] == "story" and matches["clip"]["containment_a_in_b"] > 0.8
    assert matches["longer"]["containment_b_in_a"] > 0.8  # the story is inside the longer text
    docs = {d["id"]: d for d in data["documents"]}
    assert docs["longer"]["representative"]  # new text around an old story: kept
    assert docs["clip"]["duplicate_of"] == "longer"  # inside it, and kept in favour of it
    assert done.returncode == 1


def test_edited_copies_of_indexed_documents_are_verified_from_the_kept_texts(tmp_path: Path) -> None:
    stories = [prose(seed, 400) for seed in range(30, 34)]
    day1 = _batch(tmp_path / "day1.jsonl", [("s0", stories[0]), ("s1", stories[1]), ("s2", stories[2])])
    day2 = _batch(
        tmp_path / "day2.jsonl",
        [
            ("e0", edited(stories[0], 0.15, seed=3)),
            ("e1", edited(stories[1], 0.2, seed=4)),
            ("n3", stories[3]),
        ],
    )
    both = _batch(tmp_path / "both.jsonl", [*map(tuple, _records(day1)), *map(tuple, _records(day2))])
    at_once = {(p["a_id"], p["b_id"]): p for p in json.loads(_dedup(str(both)).stdout)["pairs"]}
    assert set(at_once) == {("s0", "e0"), ("s1", "e1")}
    index = tmp_path / "seen.sqlite"
    assert _dedup(str(day1), "--index", str(index)).returncode == 0
    done = _dedup(str(day2), "--index", str(index))
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    matches = {(m["indexed_id"], m["a_id"]): m for m in data["indexed_matches"]}
    assert set(matches) == set(at_once)
    for key, m in matches.items():
        pair = at_once[key]  # the same scores as one run over both days, sides swapped
        assert m["verified"] and m["relation"] == pair["relation"] == "near-duplicate"
        assert m["jaccard"] == pair["jaccard"] < 0.5  # found by the passages they share, not by Jaccard
        assert (m["coverage_a"], m["coverage_b"]) == (pair["coverage_b"], pair["coverage_a"])
        assert min(m["coverage_a"], m["coverage_b"]) >= 0.7
    docs = {d["id"]: d for d in data["documents"]}
    assert (docs["e0"]["duplicate_of"], docs["e1"]["duplicate_of"], docs["n3"]["representative"]) == (
        "s0",
        "s1",
        True,
    )
    estimated = json.loads(
        _dedup(str(day2), "--index", str(index), "--check-only", "--coverage", "off").stdout
    )
    assert estimated["indexed_matches"] == []  # Jaccard alone misses them


def _records(path: Path) -> list[list[str]]:
    return [[r["id"], r["text"]] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


def test_an_index_of_format_2_is_upgraded_and_its_documents_matched_by_estimates(
    tmp_path: Path, two_batches
) -> None:
    day1, day2, _ = two_batches
    index = tmp_path / "seen.sqlite"
    assert _dedup(str(day1), "--index", str(index)).returncode == 1  # a0-copy
    db = sqlite3.connect(index)  # what this version's predecessor wrote: no texts
    db.execute("DROP TABLE texts")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    db.commit()
    db.close()
    done = _dedup(str(day2), "--index", str(index))
    assert done.returncode == 1, done.stderr
    matches = {(m["a_id"], m["indexed_id"]): m for m in json.loads(done.stdout)["indexed_matches"]}
    assert set(matches) == {("b0", "a0"), ("b0", "a0-copy"), ("b2", "a2")}
    assert not any(m["verified"] for m in matches.values())
    db = sqlite3.connect(index)
    assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0] == "3"
    assert db.execute("SELECT count(*) FROM texts").fetchone()[0] == 5  # today's documents, kept
    db.close()
    with DedupIndex.open_existing(index) as idx:
        assert (idx.stats()["documents"], idx.stats()["texts"]) == (9, 5)


def test_check_only_adds_nothing(tmp_path: Path, two_batches) -> None:
    day1, day2, _ = two_batches
    index = tmp_path / "seen.sqlite"
    _dedup(str(day1), "--index", str(index))
    checked = _dedup(str(day2), "--index", str(index), "--check-only")
    assert json.loads(checked.stdout)["summary"]["indexed_matches"] == 3
    with DedupIndex.open_existing(index) as idx:
        assert len(idx) == 4


def test_other_parameters_are_refused_by_name(tmp_path: Path, two_batches) -> None:
    day1, day2, _ = two_batches
    index = tmp_path / "seen.sqlite"
    _dedup(str(day1), "--index", str(index))
    before = index.read_bytes()
    done = _dedup(str(day2), "--index", str(index), "--shingle-size", "4")
    assert done.returncode == 2
    assert "built with other parameters: shingle_size 5 (this run: 4)" in done.stderr
    with DedupIndex.open_existing(index) as idx:
        assert len(idx) == 4
    assert len(before) > 0
    not_an_index = tmp_path / "other.sqlite"
    sqlite3.connect(not_an_index).execute("CREATE TABLE t (x)").connection.close()
    done = _dedup(str(day2), "--index", str(not_an_index))
    assert done.returncode == 2 and "not a compare-sources index" in done.stderr


def test_index_maintenance_commands(tmp_path: Path, two_batches) -> None:
    day1, _, _ = two_batches
    index = tmp_path / "seen.sqlite"
    _dedup(str(day1), "--index", str(index))

    def index_cmd(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "compare", "index", *args], capture_output=True, text=True
        )

    stats = json.loads(index_cmd("stats", str(index)).stdout)
    assert stats["documents"] == stats["texts"] == 4 and stats["parameters"]["num_perm"] == 128
    listed = index_cmd("list", str(index)).stdout.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [
        ["a0", str(day1), "1"],
        ["a1", str(day1), "2"],
        ["a2", str(day1), "3"],
        ["a0-copy", str(day1), "4"],
    ]
    assert index_cmd("remove", str(index), "a0", "a1").returncode == 0
    assert index_cmd("vacuum", str(index)).returncode == 0
    assert [line.split("\t")[0] for line in index_cmd("list", str(index)).stdout.splitlines()] == [
        "a2",
        "a0-copy",
    ]
    db = sqlite3.connect(index)
    bands = DedupOptions().bands()[0]
    assert db.execute("SELECT count(*) FROM bands").fetchone()[0] == 2 * bands  # their band rows went too
    sampled = sum(len(blob) // 8 for (blob,) in db.execute("SELECT sample FROM documents"))
    assert sampled > 0 and db.execute("SELECT count(*) FROM samples").fetchone()[0] == sampled  # and samples
    assert db.execute("SELECT count(*) FROM texts").fetchone()[0] == 2  # and texts
    db.close()
    assert index_cmd("stats", str(tmp_path / "missing.sqlite")).returncode == 2


def _params() -> IndexParams:
    bands, rows = DedupOptions().bands()
    return IndexParams(5, 128, 1, bands, rows)


_WRITER = """
import sys, numpy as np
from compare.dedup.local import Signed
from compare.dedup.index import DedupIndex, IndexParams
params = IndexParams(5, 128, 1, {bands}, {rows})
rng = np.random.default_rng(int(sys.argv[2]))
n = int(sys.argv[3])
sigs = rng.integers(0, 2**32, size=(n, 128), dtype=np.uint32)
samples = rng.integers(0, 2**60, size=10 * n, dtype=np.uint64)
ids = [f"doc{{sys.argv[2]}}-{{i}}" for i in range(n)]  # each writer its own documents
signed = Signed(ids, sigs, np.full(n, 600), samples, np.repeat(np.arange(n), 10))
with DedupIndex(sys.argv[1], params, timeout=float(sys.argv[4])) as index:
    with index.writing():
        print("writing", flush=True)
        index.add(signed, ["x"] * n, [None] * n)
        if len(sys.argv) > 5:  # hold the index until told to let go
            sys.stdin.readline()
print("done", flush=True)
"""


def _writer(path: Path, seed: int, n: int, timeout: float = 60.0, hold: bool = False) -> subprocess.Popen:
    """A process that adds `n` random documents to the index at `path`; with
    `hold`, it keeps the index until a line arrives on its standard input."""
    bands, rows = DedupOptions().bands()
    code = _WRITER.format(bands=bands, rows=rows)
    args = [sys.executable, "-c", code, str(path), str(seed), str(n), str(timeout)] + ["hold"] * hold
    return subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_run_killed_at_any_moment_leaves_the_index_before_or_after(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    signed = sign_all([(f"s{i}", prose(i, 80)) for i in range(20)], DedupOptions(samples=True))
    with DedupIndex(index, _params()) as idx:
        idx.add(signed, ["x"] * 20, [None] * 20)
    # Copies under other ids: the indexed documents themselves are not "seen before" by their own ids.
    copies = sign_all([(f"copy{i}", prose(i, 80)) for i in range(3)], DedupOptions(samples=True))
    outcomes = set()
    for attempt, delay in enumerate([0.3, 0.6, 0.9, 1.2, 1.6, 2.5]):
        before = _count(index)
        proc = _writer(index, attempt, 20_000)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = _count(index)
        assert after in (before, before + 20_000), (delay, before, after)
        outcomes.add(after - before)
        assert sqlite3.connect(index).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with DedupIndex(index, _params()) as idx:  # still opens, and still answers
            assert len(idx.query(copies, DedupOptions(threshold=0.9))) >= 3
    assert 0 in outcomes  # at least one kill landed mid-transaction and was rolled back


def _count(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        db.close()


def test_concurrent_runs_wait_for_each_other_or_fail_clearly(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    DedupIndex(index, _params()).close()
    holder = _writer(index, 1, 100, hold=True)
    assert holder.stdout.readline().strip() == "writing"
    waiter = _writer(index, 2, 100, timeout=300.0)
    impatient = _writer(index, 3, 100, timeout=0.5)
    _, impatient_err = impatient.communicate(timeout=120)  # the holder keeps the index meanwhile
    assert impatient.returncode != 0 and "another run is writing to this index" in impatient_err
    holder.communicate("let go\n", timeout=120)
    assert holder.returncode == 0 and waiter.wait(timeout=300) == 0
    assert _count(index) == 200
    busy = _writer(index, 4, 10, hold=True)
    try:
        assert busy.stdout.readline().strip() == "writing"
        with pytest.raises(IndexBusy), DedupIndex(index, _params(), timeout=0.3) as idx, idx.writing():
            pass
    finally:
        busy.communicate("let go\n", timeout=120)
    assert busy.returncode == 0 and _count(index) == 210


def test_opening_with_other_parameters_or_a_stranger_file(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    DedupIndex(index, _params()).close()
    with pytest.raises(IndexMismatch, match="num_perm 128 \\(this run: 64\\)"):
        DedupIndex(index, IndexParams(5, 64, 1, 37, 3))
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(4096))
    with pytest.raises(IndexMismatch, match="not a compare-sources index"):
        DedupIndex(garbage, _params())
    with pytest.raises(IndexMismatch, match="not a compare-sources index"):
        DedupIndex.open_existing(garbage)
    older = tmp_path / "older.sqlite"
    db = sqlite3.connect(older)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('format', '1')")
    db.commit()
    db.close()
    with pytest.raises(IndexMismatch, match="index format 1, this version reads format 3"):
        DedupIndex.open_existing(older)


def test_a_kept_text_that_cannot_be_read_is_named_and_nothing_is_added(tmp_path: Path, two_batches) -> None:
    day1, day2, _ = two_batches
    index = tmp_path / "seen.sqlite"
    _dedup(str(day1), "--index", str(index))
    db = sqlite3.connect(index)
    db.execute("UPDATE texts SET text = x'00ff00ff' WHERE doc = (SELECT doc FROM documents WHERE id = 'a2')")
    db.commit()
    db.close()
    out = tmp_path / "out.json"
    done = _dedup(str(day2), "--index", str(index), "-o", str(out))
    assert done.returncode == 2
    assert f"{index}: the index is corrupted (the text of indexed document 'a2' cannot be read" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
    assert _count(index) == 4  # today's batch was not added


def test_a_sample_held_by_many_indexed_documents_pairs_with_the_first_only(tmp_path: Path) -> None:
    stock = prose(90, 300)  # a stock passage (a shared footer): its samples are held by every story
    stories = [prose(seed, 300) + " " + stock for seed in range(91, 99)]
    options = DedupOptions(max_bucket=3, samples=True)
    params = IndexParams(options.shingle_size, options.num_perm, options.seed, *options.bands())
    index = DedupIndex(tmp_path / "seen.sqlite", params)
    indexed = sign_all([(f"s{i}", t) for i, t in enumerate(stories)], options)
    index.add(indexed, ["day1.jsonl"] * 8, list(range(1, 9)), stories)
    today = [
        ("new", prose(99, 300) + " " + stock),
        ("copy", edited(prose(96, 300), 0.15, seed=1) + " " + stock),
    ]
    found = index._sample_candidates(sign_all(today, options), set(), options.max_bucket)
    partners = {(row[0], row[2]) for row in found}
    # the new story shares only the stock passage: with its first holder alone, not with all 8;
    # the edited copy still meets its original through the samples only the two of them hold
    assert partners == {(0, "s0"), (1, "s0"), (1, "s5")}
    everything = index._sample_candidates(sign_all(today, options), set(), 50)
    assert {(row[0], row[2]) for row in everything} >= {(0, f"s{i}") for i in range(8)}

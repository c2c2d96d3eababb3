"""The Spark engine gives the local engine's answers: same pairs, scores,
clusters, kept documents and problems, on a batch with planted duplicates
in every input format, read as many small blocks (the `spark` fixture)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyarrow.parquet as pq
import pytest
from planted_corpus import write_planted

from compare import cli
from compare.dedup.options import DedupOptions
from compare.dedup.spark.job import spark_deduplicate
from compare.spark.read import block_line_counts, list_files

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return write_planted(tmp_path_factory.mktemp("planted"))


def _local(batch: Path, out: Path, *options: str) -> dict:
    status = cli.main(["dedup", str(batch), "--format", "json", "-o", str(out), "--quiet", *options])
    assert status == 2  # the planted malformed lines
    return json.loads(out.read_text(encoding="utf-8"))


def _comparable(data: dict) -> dict:
    data = json.loads(json.dumps(data))  # as written: tuples are lists, and so on
    data["summary"].pop("seconds")
    return data


def test_the_batch_is_read_as_many_blocks(spark, batch):
    files, problems = list_files(spark, [str(batch)])
    assert not problems
    kinds = {Path(f.name).name: f.kind for f in files}
    assert kinds == {
        "list.json": "whole",
        "note.txt": "whole",
        "one.jsonl": "lines",
        "p.parquet": "parquet",
        "t.csv": "whole",
        "two words.jsonl": "lines",
    }
    blocks = block_line_counts(spark, files).lines_before
    per_file = {Path(f.name).name: sum(1 for n, _ in blocks if n == f.number) for f in files}
    assert per_file["one.jsonl"] > 3 and per_file["two words.jsonl"] > 3  # several blocks each
    assert per_file["p.parquet"] == 3  # its row groups


RUNS = [(None, "first"), (0.3, "longest"), (0.8, "earliest")]


@pytest.fixture(scope="module")
def runs(spark, batch, tmp_path_factory) -> dict:
    """Each engine's result for each run of `RUNS` (containment, keep): (local, spark)."""
    out = {}
    for containment, keep in RUNS:
        flags = ["--keep", keep] + (["--containment", str(containment)] if containment else [])
        local = _local(batch, tmp_path_factory.mktemp("local") / "local.json", *flags)
        options = DedupOptions(containment=containment)
        out[containment, keep] = local, spark_deduplicate([str(batch)], options, keep=keep, spark=spark)
    return out


@pytest.mark.parametrize("run", RUNS, ids=str)
def test_same_result_as_the_local_engine(runs, run):
    containment, _ = run
    local, result = runs[run]
    got = _comparable(result.data())
    assert got == _comparable(local)
    # Not two empty results: the planted duplicates are there.
    summary = got["summary"]
    assert summary["documents"] == 101 and summary["problems"] == 6
    assert summary["clusters"] >= 20 and summary["duplicates"] >= 30
    relations = {p["relation"] for p in got["pairs"]}
    assert relations == ({"near-duplicate", "excerpt"} if containment else {"near-duplicate"})
    by_id = {d["id"]: d for d in got["documents"]}
    assert by_id["copy10"]["cluster"] == by_id["d10"]["cluster"] is not None
    edited = [d for d in got["documents"] if "#" in d["id"]]  # no id: named by file and line
    assert len(edited) == 9 and all(d["cluster"] is not None for d in edited)
    assert result.header() == {k: v for k, v in result.data().items() if k in result.header()}


def test_parquet_and_deduplicated_records_as_the_local_engine_writes_them(runs, batch, tmp_path):
    local_dir, spark_dir = tmp_path / "local", tmp_path / "spark"
    status = cli.main(
        ["dedup", str(batch), "--format", "parquet", "-o", str(local_dir), "--quiet",
         "--write-deduplicated", str(tmp_path / "kept.jsonl"), "--containment", "0.3", "--keep", "longest"]
    )  # fmt: skip
    assert status == 2
    _, result = runs[0.3, "longest"]
    result.write_parquet(str(spark_dir))
    result.write_deduplicated(str(tmp_path / "kept"))
    for table in ("documents", "pairs", "clusters"):
        local_rows = pq.read_table(local_dir / table).to_pylist()
        spark_rows = pq.read_table(spark_dir / table).to_pylist()
        assert spark_rows == local_rows and local_rows
    rest = [json.loads((d / "result.json").read_text(encoding="utf-8")) for d in (local_dir, spark_dir)]
    for r in rest:
        r["summary"].pop("seconds")
    assert rest[0] == rest[1]
    parts = sorted((tmp_path / "kept").glob("part-*"))
    kept = "".join(p.read_text(encoding="utf-8") for p in parts)
    assert kept == (tmp_path / "kept.jsonl").read_text(encoding="utf-8")
    assert kept.count("\n") == rest[0]["summary"]["documents"] - rest[0]["summary"]["duplicates"]


def test_same_files_on_every_run_and_earlier_output_replaced(spark, batch, runs, tmp_path):
    _, first = runs[None, "first"]
    again = spark_deduplicate([str(batch)], spark=spark)  # the whole job once more
    out = tmp_path / "out"
    contents = []
    for result in (first, again):
        result.write_parquet(str(out))  # the second run replaces the first
        files = sorted(p for p in out.rglob("*.parquet"))
        contents.append([(p.parent.name, p.read_bytes()) for p in files])
    assert contents[0] == contents[1]
    assert len(contents[0]) == 3 * 4  # a file per shuffle partition (the fixture's 4) and table
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_folder_that_is_not_an_output_is_never_replaced(runs, tmp_path):
    _, result = runs[None, "first"]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not an earlier output"):
        result.write_parquet(str(mine))
    assert [p.name for p in mine.iterdir()] == ["keep.txt"]


def test_missing_inputs_are_problems_named_like_the_local_engine(spark, tmp_path):
    result = spark_deduplicate([str(tmp_path / "nothing.jsonl"), str(tmp_path / "*.csv")], spark=spark)
    data = result.data()
    assert data["documents"] == []
    assert [(p["path"], p["message"]) for p in data["problems"]] == [
        (str(tmp_path / "nothing.jsonl"), "no such file or directory"),
        (str(tmp_path / "*.csv"), "no readable file matches this pattern"),
    ]


def test_worker_batches_keep_their_types_when_nothing_passes():
    """A batch of candidates none of which verifies still has the declared
    column types (Arrow would otherwise give untyped nulls, which Spark refuses)."""
    import numpy as np
    import pyarrow as pa

    from compare.dedup.spark.job import _verified_batches

    one, other = np.array([1, 2, 3], np.uint64).tobytes(), np.array([7, 8, 9], np.uint64).tobytes()
    batch = pa.RecordBatch.from_pydict({"a": [0], "b": [1], "seq_a": [one], "seq_b": [other]})
    (out,) = _verified_batches(iter([batch]), DedupOptions())
    assert out.num_rows == 0
    assert [str(t) for t in out.schema.types] == ["int64", "int64", *["double"] * 5, "string"]


def test_a_file_system_uri_is_listed_through_hadoop_with_the_same_result(spark, batch, runs, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(batch, copy)
    (copy / ".hidden.jsonl").write_text('{"id": "h", "text": "never read"}\n', encoding="utf-8")
    (copy / "_temporary").mkdir()
    (copy / "_temporary" / "part.jsonl").write_text('{"id": "t", "text": "never read"}\n', encoding="utf-8")
    files, problems = list_files(spark, [copy.as_uri(), copy.as_uri() + "/*.jsonl", copy.as_uri() + "/none*"])
    assert [f.name.rsplit("/", 1)[1] for f in files] == [
        *["list.json", "note.txt", "one.jsonl", "p.parquet", "t.csv", "two words.jsonl"],
        *["one.jsonl", "two words.jsonl"],
    ]
    assert all(f.name.startswith("file:/") for f in files)
    assert [p.message for p in problems] == ["no readable file matches this pattern"]

    by_uri = _comparable(spark_deduplicate([copy.as_uri()], spark=spark).data())
    _, by_path = runs[None, "first"]
    expected = _comparable(by_path.data())

    def local_name(name: str) -> str:
        return str(batch / unquote(urlparse(name).path).rsplit("/", 1)[1])

    for row in by_uri["documents"] + by_uri["problems"]:
        row["path"] = local_name(row["path"])
    for row in by_uri["documents"]:  # records without an id are named by their file
        if row["id"].startswith("file:"):
            row["id"] = Path(local_name(row["id"].split("#")[0])).name + "#" + row["id"].split("#")[1]
    assert by_uri == expected


def test_a_spark_dataframe_gives_the_local_engine_s_answer(spark, batch, tmp_path):
    from compare.dedup.local import deduplicate
    from compare.load import Inputs

    with Inputs([str(batch / "one.jsonl")]) as source:
        records = [(r.id, r.text) for r in source.records()]
    frame = spark.createDataFrame(records, "id string, text string").repartition(3)
    ordered = [(r["id"], r["text"]) for r in frame.collect()]  # the frame's own row order
    found = spark_deduplicate(frame, spark=spark, staging=str(tmp_path / "staging")).collect()
    local = deduplicate(ordered)
    assert [d.id for d in found.documents] == [i for i, _ in ordered]
    assert [c.members for c in found.clusters] == local.clusters and local.clusters
    pairs = [(p.a, p.b, p.jaccard, p.coverage_a, p.relation) for p in found.pairs]
    assert pairs == [(p.a, p.b, p.jaccard, p.coverage_a, p.relation) for p in local.pairs]
    with pytest.raises(ValueError, match="the DataFrame has no 'text' column; its columns are id, body"):
        spark_deduplicate(frame.withColumnRenamed("text", "body"), spark=spark)

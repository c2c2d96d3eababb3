"""The analysis on Spark gives the local engine's result (`compare.analysis.spark`).

One collection holds what makes the analysis hard, in every input format:
the news-like generator's syndicated copies edited 5-20%, excerpts,
borrowed sentences, quotations, same-topic stories and cross-site page
furniture (every file its own source, no manifest, an empty and a binary
file), beside the planted batch (two JSONL files, CSV, a JSON list, text
and Parquet; malformed lines, records without an id, repeated ids, dates),
read as many 4 KB blocks. The pair filter is on (within 30 days; the
command's run also across sources), so it decides pairs here; the result
must equal the local one in every field but the timings, collected or as
the Parquet tables the executors write.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from paths import ROOT
from planted_corpus import write_planted

from compare import cli
from compare.analysis.options import Options
from compare.analysis.pipeline import analyze_paths
from compare.analysis.result import AnalysisResult
from compare.analysis.spark.job import spark_analyze
from compare.analysis.tables import read_tables, write_tables
from compare.util.atomic import FolderRefused

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
from newslike import generate
from test_newslike import SPEC, _stories

pytestmark = pytest.mark.spark

FILTER = Options(max_days_apart=30)


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> list[str]:
    root = tmp_path_factory.mktemp("collection")
    write_planted(root)
    files, _ = generate(_stories(), SPEC)
    for name, data in files.items():
        (root / "news" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "news" / name).write_bytes(data)
    return [str(root / "batch"), str(root / "news")]


@pytest.fixture(scope="module")
def local(collection) -> AnalysisResult:
    return analyze_paths(collection, FILTER)


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("checkpoints")


@pytest.fixture(scope="module")
def result(spark, collection, checkpoints):
    """The analysis with a checkpoint directory, as the README says to run it
    on a cluster: its stages are cut by reliable checkpoints written there.
    The command's run below has none, so it cuts them by local checkpoints."""
    context = spark.sparkContext
    context.setCheckpointDir(str(checkpoints))
    try:
        run = spark_analyze(collection, FILTER, spark=spark)
    finally:  # PySpark cannot unset it: set the JVM's field back to None
        getattr(context._jsc.sc(), "checkpointDir_$eq")(context._jvm.scala.Option.apply(None))
    yield run
    spark.catalog.clearCache()  # the session is shared with the other Spark tests


def test_the_stages_were_cut_in_the_checkpoint_directory(result, checkpoints, spark) -> None:
    assert spark.sparkContext.getCheckpointDir() is None
    assert len(list(checkpoints.glob("*/rdd-*"))) >= 10


def test_the_spark_result_is_the_local_result(result, local) -> None:
    got, want = result.collect().to_dict(), local.to_dict()
    assert want["pairs"] and want["passages"] and want["clusters"] and want["problems"]
    assert {p["relation"] for p in want["pairs"]} >= {"near-duplicate", "excerpt", "partial-reuse", "topical"}
    assert any(d["excluded"] for d in want["documents"])  # furniture and boilerplate were found
    for part in want:
        assert got[part] == want[part], part


def test_the_pair_filter_decided_pairs_here(result, collection) -> None:
    unfiltered = {(p.a, p.b) for p in analyze_paths(collection).pairs}
    kept = {(r["a"], r["b"]) for r in result.pairs.select("a", "b").collect()}
    assert kept < unfiltered  # pairs of documents dated far apart are gone


def test_analyze_engine_spark_writes_the_local_tables(spark, collection, tmp_path, capsys) -> None:
    batch = collection[0]  # the planted batch alone, across its files' sources
    out = tmp_path / "spark"
    local = tmp_path / "local.json"
    spark_run = ["--engine", "spark", "--partitions", "4", "--format", "parquet", "--verbose"]
    assert cli.main(["analyze", batch, *spark_run, "-o", str(out), "--across-sources"]) == 2
    said = capsys.readouterr().err
    assert cli.main(["analyze", batch, "-o", str(local), "--across-sources", "--quiet"]) == 2  # bad lines
    got, want = read_tables(out).to_dict(), json.loads(local.read_text())
    assert want["pairs"] and want["problems"]
    assert got == want
    summary = f"{len(want['documents'])} documents, {len(want['pairs'])} related pairs ("
    assert summary in said and "stages: load" in said
    assert all(f"compare-sources: {p['path']}" in said for p in want["problems"])


def test_the_tables_are_written_by_spark_the_same_bytes_twice(result, local, tmp_path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        result.write_tables(str(folder), per_file=20)  # several files per table
    files = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(two)) for p in two.rglob("*") if p.is_file())
    assert all(re.fullmatch(r"result\.json|[a-z]+\.parquet/part-\d{6}\.parquet", f) for f in files), files
    assert sum(f.startswith("pairs.parquet/") for f in files) > 1
    for f in files:
        assert (one / f).read_bytes() == (two / f).read_bytes(), f
    assert read_tables(one).to_json() == local.to_json()
    (two / "result.json").unlink()  # no longer a folder of result tables: left alone
    with pytest.raises(FolderRefused):
        result.write_tables(str(two))


def test_a_selection_of_the_spark_tables_is_the_local_one(result, local, tmp_path) -> None:
    spark_tables, local_tables = tmp_path / "spark", tmp_path / "local"
    result.write_tables(str(spark_tables))
    write_tables(local, local_tables)
    source = local.documents[local.pairs[0].a].source
    shown = []
    for tables in (spark_tables, local_tables):
        out = tmp_path / f"report-{tables.name}"
        assert cli.main(["report", "--from", str(tables), "--source", source, "-o", str(out), "--quiet"]) == 0
        shown.append(json.loads((out / "results.json").read_text(encoding="utf-8")))
    assert shown[0]["pairs"] and shown[0]["options"]["selection"]["sources"] == [source]
    assert shown[0] == shown[1]


def test_analyze_engine_spark_refuses_standard_input(capsys) -> None:
    assert cli.main(["analyze", "-", "--engine", "spark"]) == 2
    assert "not standard input" in capsys.readouterr().err

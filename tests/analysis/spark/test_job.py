"""The analysis on Spark gives the local engine's result (`compare.analysis.spark`).

One collection holds what makes the analysis hard, in every input format:
the news-like generator's syndicated copies edited 5-20%, excerpts,
borrowed sentences, quotations, same-topic stories and cross-site page
furniture (every file its own source, no manifest, an empty and a binary
file), beside the planted batch (two JSONL files, CSV, a JSON list, text
and Parquet; malformed lines, records without an id, repeated ids, dates),
read as many 4 KB blocks. The pair filter is on (within 30 days; the
command's run also across sources), so it decides pairs here; the result
must equal the local one in every field but the timings.
"""

from __future__ import annotations

import json
import sys

import pytest
from paths import ROOT
from planted_corpus import write_planted

from compare import cli
from compare.analysis.options import Options
from compare.analysis.pipeline import analyze_paths
from compare.analysis.spark.job import spark_analyze

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
def result(spark, collection):
    run = spark_analyze(collection, FILTER, spark=spark)
    yield run
    spark.catalog.clearCache()  # the session is shared with the other Spark tests


def test_the_spark_result_is_the_local_result(result, collection) -> None:
    got, want = result.collect().to_dict(), analyze_paths(collection, FILTER).to_dict()
    assert want["pairs"] and want["passages"] and want["clusters"] and want["problems"]
    assert {p["relation"] for p in want["pairs"]} >= {"near-duplicate", "excerpt", "partial-reuse", "topical"}
    assert any(d["excluded"] for d in want["documents"])  # furniture and boilerplate were found
    for part in want:
        assert got[part] == want[part], part


def test_the_pair_filter_decided_pairs_here(result, collection) -> None:
    unfiltered = {(p.a, p.b) for p in analyze_paths(collection).pairs}
    kept = {(r["a"], r["b"]) for r in result.pairs.select("a", "b").collect()}
    assert kept < unfiltered  # pairs of documents dated far apart are gone


def test_analyze_engine_spark_writes_the_local_json(spark, collection, tmp_path) -> None:
    batch = collection[0]  # the planted batch alone, across its files' sources
    out = tmp_path / "spark.json"
    local = tmp_path / "local.json"
    common = ["--across-sources", "--quiet"]
    spark_run = ["--engine", "spark", "--partitions", "4"]
    assert cli.main(["analyze", batch, *spark_run, "-o", str(out), *common]) == 2
    assert cli.main(["analyze", batch, "-o", str(local), *common]) == 2  # the planted bad lines
    got, want = json.loads(out.read_text()), json.loads(local.read_text())
    assert want["pairs"] and want["problems"]
    assert got == want


def test_analyze_engine_spark_refuses_standard_input(capsys) -> None:
    assert cli.main(["analyze", "-", "--engine", "spark"]) == 2
    assert "not standard input" in capsys.readouterr().err

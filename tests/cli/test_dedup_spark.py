"""`compare-sources dedup --engine spark` as users run it: real processes,
a real JVM, and spark-submit; what it says when PySpark or Java is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from planted_corpus import write_planted

pytestmark = pytest.mark.spark

SPARK = ["--engine", "spark", "--spark-master", "local[2]", "--partitions", "4"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return write_planted(tmp_path_factory.mktemp("planted"), stories=30)


def _dedup(
    *args: str, env: dict | None = None, command: list[str] | None = None
) -> subprocess.CompletedProcess:
    command = command or [sys.executable, "-m", "compare"]
    return subprocess.run([*command, "dedup", *args], capture_output=True, text=True, env=env, timeout=600)


def _noise(stderr: str) -> list[str]:
    """Lines of stderr that are neither ours nor the JVM's one start-up notice."""
    ours = ("compare-sources", "WARNING: Using incubator modules")
    return [line for line in stderr.splitlines() if line and not line.startswith(ours)]


def test_same_rows_as_the_local_engine_and_quiet(batch):
    local = _dedup(str(batch), "--format", "jsonl")
    spark = _dedup(str(batch), "--format", "jsonl", *SPARK)
    assert local.returncode == spark.returncode == 2  # the planted malformed lines
    assert spark.stdout == local.stdout and spark.stdout.count("\n") > 40
    assert _noise(spark.stderr) == []
    problems = [line for line in spark.stderr.splitlines() if "malformed JSON" in line]
    assert problems == [line for line in local.stderr.splitlines() if "malformed JSON" in line]
    assert problems and "one.jsonl:6: malformed JSON" in problems[0]


def test_spark_submit_runs_the_same_job(batch, tmp_path):
    submit = Path(sys.executable).parent / "spark-submit"
    script = subprocess.run(
        [sys.executable, "-m", "compare.cli.spark_submit"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    command = [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false", script]
    out = tmp_path / "submitted.json"
    done = _dedup(
        str(batch), "--engine", "spark", "--format", "json", "-o", str(out), env=env, command=command
    )
    assert done.returncode == 2, done.stderr[-2000:]
    local = _dedup(str(batch), "--format", "json")
    submitted, expected = json.loads(out.read_text(encoding="utf-8")), json.loads(local.stdout)
    for data in (submitted, expected):
        data["summary"].pop("seconds")
    assert submitted == expected and expected["clusters"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["BATCH", "--index", "seen.sqlite"], "--index is the local engine's SQLite file"),
        (["BATCH", "-"], "reads files (local or on a cluster file system), not standard input"),
    ],
)
def test_what_the_spark_engine_refuses_before_starting(batch, args, message):
    done = _dedup(*[str(batch) if a == "BATCH" else a for a in args], "--engine", "spark")
    assert done.returncode == 2
    assert message in done.stderr


def test_spark_options_need_the_spark_engine(batch, tmp_path):
    done = _dedup(str(batch), "--spark-master", "local[2]")
    assert done.returncode == 2 and "--spark-master needs --engine spark" in done.stderr
    done = _dedup(str(batch), "--format", "parquet")
    assert done.returncode == 2 and "give it with --output DIR" in done.stderr


def test_without_pyspark_it_says_what_to_install(batch):
    blocked = "import sys; sys.modules['pyspark'] = None; from compare.cli.main import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", blocked, "dedup", str(batch), "--engine", "spark"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "pip install 'compare-sources[spark]'" in done.stderr
    assert "pyspark is missing" in done.stderr


def test_without_java_it_says_what_to_install(batch, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path)  # no java on it
    done = _dedup(str(batch), "--engine", "spark", env=env)
    assert done.returncode == 2
    assert "needs Java 17 or 21" in done.stderr and "openjdk-17-jre-headless" in done.stderr


def test_a_parquet_file_spark_cannot_read_is_a_named_problem_as_locally(batch, tmp_path):
    broken = tmp_path / "in" / "broken.parquet"
    broken.parent.mkdir()
    broken.write_bytes((batch / "p.parquet").read_bytes()[:300])  # cut short: no footer
    (broken.parent / "good.jsonl").write_bytes((batch / "one.jsonl").read_bytes())
    local = _dedup(str(broken.parent), "--format", "jsonl")
    done = _dedup(str(broken.parent), "--format", "jsonl", *SPARK)
    assert done.returncode == local.returncode == 2
    assert f"compare-sources: {broken}: malformed Parquet: " in done.stderr  # the job goes on
    assert _noise(done.stderr) == []  # the cause once, without Spark's stack traces
    assert done.stdout == local.stdout and len(done.stdout.splitlines()) > 10  # the good file's rows

"""Shared fixtures: the sample corpus and documents derived from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.load import load_paths

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_docs():
    loaded = load_paths([CORPUS])
    assert not loaded.problems
    return loaded.documents


@pytest.fixture(scope="session")
def corpus_text():
    """Original text of a sample document by its number prefix ("000" ... "004")."""

    def text(prefix: str) -> str:
        (path,) = CORPUS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")

    return text


@pytest.fixture(scope="session")
def spark():
    """One SparkSession for every Spark test: local[2], 4 shuffle partitions,
    and files split into 4 KB blocks, so that even the tests' small files
    are read as several blocks in several tasks (as a cluster reads large ones)."""
    from compare.spark.session import spark_session

    session = spark_session("local[2]", partitions=4)
    session.conf.set("spark.sql.files.maxPartitionBytes", "4096")
    session.conf.set("spark.sql.files.openCostInBytes", "1024")
    yield session
    session.stop()


def pytest_collection_modifyitems(config, items) -> None:
    """The Spark analysis's tests last: they are the heaviest users of the shared
    SparkSession, and what they leave in its memory must not starve the others."""
    last = [item for item in items if "tests/analysis/spark/" in item.nodeid.replace("\\", "/")]
    if last:
        items[:] = [item for item in items if item not in last] + last

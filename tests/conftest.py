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
    """One SparkSession for the Spark tests (`spark_sessions.test_session`)."""
    from spark_sessions import test_session

    session = test_session()
    yield session
    session.stop()


def pytest_collection_modifyitems(config, items) -> None:
    """The Spark analysis's tests last: they stop the shared SparkSession and
    start their own (tests/analysis/spark/conftest.py), so whatever the
    other Spark tests left in its memory cannot starve them, nor theirs the others."""
    last = [item for item in items if "tests/analysis/spark/" in item.nodeid.replace("\\", "/")]
    if last:
        items[:] = [item for item in items if item not in last] + last

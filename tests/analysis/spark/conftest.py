"""The Spark analysis's tests get a SparkSession of their own.

They are the heaviest Spark tests, and they run last (tests/conftest.py):
the shared session is stopped and a fresh one started on the same
settings, so the blocks and broadcasts the dedup engine's tests left in
the JVM's memory cannot starve the analysis's aggregations.
"""

from __future__ import annotations

import pytest
from spark_sessions import test_session


@pytest.fixture(scope="package")
def spark():
    from pyspark.sql import SparkSession

    shared = SparkSession.getActiveSession()
    if shared is not None:
        shared.stop()
    session = test_session()
    yield session
    session.stop()

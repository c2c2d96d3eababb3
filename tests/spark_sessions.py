"""The SparkSession the Spark tests run on."""

from __future__ import annotations


def test_session():
    """local[2], 4 shuffle partitions, and files split into 4 KB blocks, so
    that even the tests' small files are read as several blocks in several
    tasks (as a cluster reads large ones)."""
    from compare.spark.session import spark_session

    session = spark_session("local[2]", partitions=4)
    session.conf.set("spark.sql.files.maxPartitionBytes", "4096")
    session.conf.set("spark.sql.files.openCostInBytes", "1024")
    return session


test_session.__test__ = False  # a helper, not a test

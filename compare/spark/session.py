"""A quiet, deterministic SparkSession for the Spark engine.

PySpark is optional (``pip install 'compare-sources[spark]'``) and needs
Java; `spark_session` checks both first and raises `SparkUnavailable`
saying what to install. In local mode the session is bound to 127.0.0.1,
has no UI and no console progress bar, logs at error level (warnings with
`verbose`), and its Python workers run this interpreter (unless
``PYSPARK_PYTHON`` names another). Shuffles use a
fixed number of partitions (adaptive execution, which would change them
from run to run, is off), so the same job writes the same part files.
Many input files are listed in one task per core, not one task per file. In
local mode the driver, which is also the executor, gets 4 GB of heap
(``SPARK_DRIVER_MEMORY`` in the environment changes it). A session that already exists
(``spark-submit``, a notebook) is used as it is, with its master.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "DEFAULT_MASTER",
    "DEFAULT_PARTITIONS",
    "SparkUnavailable",
    "job_failure",
    "require_spark",
    "spark_session",
]

DEFAULT_MASTER = "local[*]"
DEFAULT_PARTITIONS = 32
_INSTALL = "pip install 'compare-sources[spark]'"


class SparkUnavailable(RuntimeError):
    """PySpark or Java is missing: the message says what to install."""


def require_spark() -> None:
    """Raise `SparkUnavailable` unless PySpark (with pyarrow) imports and Java runs."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable(
            f"--engine spark needs PySpark and pyarrow ({exc.name} is missing): {_INSTALL}"
        ) from None
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None
    java = java if java and os.path.exists(java) else shutil.which("java")
    if java is None:
        raise SparkUnavailable(
            "--engine spark needs Java 17 or 21 (PySpark 4 runs on the JVM), and none was found "
            "(no JAVA_HOME, no java on PATH): on Debian, apt-get install openjdk-17-jre-headless"
        )
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SparkUnavailable(
            f"--engine spark: {java} -version failed ({exc}); install Java 17 or 21"
        ) from None


def spark_session(
    master: str | None = None, verbose: bool = False, partitions: int = DEFAULT_PARTITIONS
) -> SparkSession:
    """The active SparkSession, or a new one on `master` (None: the master
    ``spark-submit`` gave, else `DEFAULT_MASTER`), configured as the module says."""
    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        active.conf.set("spark.sql.shuffle.partitions", str(partitions))
        _list_in_few_tasks(active)
        return active
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # run by spark-submit, which set the master
    if master is None and not submitted:
        master = DEFAULT_MASTER
    local = master is not None and master.startswith("local")
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    level = "warn" if verbose else "error"
    log_config = resources.files("compare.spark").joinpath(f"log4j2_{level}.properties")
    java_options = f"-Dlog4j2.configurationFile={log_config}"
    builder = SparkSession.builder if master is None else SparkSession.builder.master(master)
    builder = (
        builder.appName("compare-sources dedup")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1024")
        .config("spark.executorEnv.PYTHONHASHSEED", "0")
    )
    if local:
        builder = (
            builder.config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "4g"))
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(level.upper())
    _list_in_few_tasks(spark)
    return spark


def _list_in_few_tasks(spark: SparkSession) -> None:
    """Spark stats the files a reader is given (more than 32 of them) in a job
    of one task per file; a task per core lists them as fast, without a
    thousand task launches for a thousand small files."""
    cores = spark.sparkContext.defaultParallelism
    spark.conf.set("spark.sql.sources.parallelPartitionDiscovery.parallelism", str(max(cores, 1)))


def job_failure(exc: BaseException) -> str | None:
    """What a failed Spark job says, in one line (Spark names the file it
    could not read), without the JVM's stack trace; None if `exc` is not
    from Spark."""
    module = type(exc).__module__ or ""
    if not module.startswith(("pyspark", "py4j")):
        return None
    text = str(exc)
    if "Caused by:" in text:  # the JVM's root cause says more than the job's wrapper
        text = text.rsplit("Caused by:", 1)[1]
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("at ")]
    first = next((line for line in lines if "JVM stacktrace" not in line), type(exc).__name__)
    return first[:1000]

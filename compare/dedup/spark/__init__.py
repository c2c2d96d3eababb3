"""The Spark engine of batch dedup: the local engine's answers, as a Spark job.

`session` (a quiet, repeatable SparkSession), `read` (inputs listed and
parsed as the local engine reads them), `graph` (connected components as
joins) and `job` (`spark_deduplicate`). It applies `compare.dedup.rules`
and never imports the local engine.
"""

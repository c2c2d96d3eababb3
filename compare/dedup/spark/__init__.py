"""The Spark engine of batch dedup: the local engine's answers, as a Spark job.

`job` (`spark_deduplicate`), on the Spark plumbing both engines share
(`compare.spark`: session, reading, connected components). It applies
`compare.dedup.rules` and never imports the local engine.
"""

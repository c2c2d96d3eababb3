"""The analysis on Apache Spark: the local engine's answers for collections no
single machine holds.

`documents` (the inputs read and numbered as `compare.load.load_paths`
reads them), `prepare` (boilerplate, per-document preparation and
cross-site furniture as Spark tasks and aggregations), `candidates` (the
candidate pairs as joins). Each step runs the local engine's own functions
inside Spark tasks, so the answers are the local engine's.
"""

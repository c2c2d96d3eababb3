"""Batch dedup: near-duplicates and excerpts of large collections, for pipelines.

`options` (the parameters), `rules` (what both engines apply: which
candidates to verify, what passes, clusters, which document is kept),
`local` (the engine on one machine: `deduplicate`), `frames` (DataFrames,
datasets and lists in, a keep mask or the kept rows out), `warmup` (the
kernels compiled ahead), `index` (a persistent
SQLite index), `result` (`DedupRun`, what a run found), `output` (its
formats), `batch` (a whole run as one call, `run`, what ``compare-sources dedup``
does) and `spark` (the same answers on Apache Spark).

The names below are imported on first use, so that importing the Spark
engine does not load the local one.
"""

from typing import TYPE_CHECKING

from ..util.lazy import lazy_exports

_EXPORTS = {
    "DedupOptions": ("compare.dedup.options", "DedupOptions"),
    "DedupResult": ("compare.dedup.local", "DedupResult"),
    "deduplicate": ("compare.dedup.local", "deduplicate"),
    "DedupIndex": ("compare.dedup.index", "DedupIndex"),
    "DedupRun": ("compare.dedup.result", "DedupRun"),
    "run": ("compare.dedup.batch", "run"),
    "drop_duplicates": ("compare.dedup.frames", "drop_duplicates"),
    "keep_mask": ("compare.dedup.frames", "keep_mask"),
    "write_output": ("compare.dedup.output", "write_output"),
}

__all__ = [
    "DedupIndex",
    "DedupOptions",
    "DedupResult",
    "DedupRun",
    "deduplicate",
    "drop_duplicates",
    "keep_mask",
    "run",
    "write_output",
]

if TYPE_CHECKING:
    from .batch import run
    from .frames import drop_duplicates, keep_mask
    from .index import DedupIndex
    from .local import DedupResult, deduplicate
    from .options import DedupOptions
    from .output import write_output
    from .result import DedupRun

__getattr__ = lazy_exports(__name__, _EXPORTS)

"""Batch dedup: near-duplicates and excerpts of large collections, for pipelines.

`options` (the parameters), `rules` (what both engines apply: which
candidates to verify, what passes, clusters, which document is kept),
`local` (the engine on one machine: `deduplicate`), `index` (a persistent
SQLite index), `result` (`DedupRun`, what a run found), `output` (its
formats), `batch` (a whole run as one call, `run`, what ``compare-sources dedup``
does) and `spark` (the same answers on Apache Spark).

The names below are imported on first use, so that importing the Spark
engine does not load the local one.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "DedupOptions": "compare.dedup.options",
    "DedupResult": "compare.dedup.local",
    "deduplicate": "compare.dedup.local",
    "DedupIndex": "compare.dedup.index",
    "DedupRun": "compare.dedup.result",
    "run": "compare.dedup.batch",
    "write_output": "compare.dedup.output",
}

__all__ = [
    "DedupIndex",
    "DedupOptions",
    "DedupResult",
    "DedupRun",
    "deduplicate",
    "run",
    "write_output",
]

if TYPE_CHECKING:
    from .batch import run
    from .index import DedupIndex
    from .local import DedupResult, deduplicate
    from .options import DedupOptions
    from .output import write_output
    from .result import DedupRun


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'compare.dedup' has no attribute {name!r}")

"""compare-sources: near-duplicates, reused passages and what is unique to each source.

Library use::

    from compare import analyze_paths
    result = analyze_paths(["corpus/"])
    for pair in result.pairs:
        print(pair.relation, result.documents[pair.a].id, result.documents[pair.b].id)

The names below are imported on first use, so that ``import compare.dedup.local``
(batch deduplication) does not load scikit-learn, which only the passage
analysis needs.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

_EXPORTS = {
    "Document": "compare.load.document",
    "Options": "compare.analysis.pipeline",
    "analyze": "compare.analysis.pipeline",
    "analyze_paths": "compare.analysis.pipeline",
    "compare_pair": "compare.analysis.pipeline",
    "load_paths": "compare.load.collection",
    "DedupOptions": "compare.dedup.local",
    "deduplicate": "compare.dedup.local",
    "spark_deduplicate": "compare.dedup.spark.job",
}

__all__ = [
    "DedupOptions",
    "Document",
    "Options",
    "__version__",
    "analyze",
    "analyze_paths",
    "compare_pair",
    "deduplicate",
    "load_paths",
    "spark_deduplicate",
]

if TYPE_CHECKING:
    from .analysis.pipeline import Options, analyze, analyze_paths, compare_pair
    from .dedup.local import DedupOptions, deduplicate
    from .dedup.spark.job import spark_deduplicate
    from .load import Document, load_paths


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'compare' has no attribute {name!r}")

"""compare-sources: near-duplicates, reused passages and what is unique to each source.

Library use::

    from compare import analyze_paths
    result = analyze_paths(["corpus/"])
    for pair in result.pairs:
        print(pair.relation, result.documents[pair.a].id, result.documents[pair.b].id)

The names below are imported on first use, so that ``import compare.dedup``
(batch deduplication) does not load scikit-learn, which only the passage
analysis needs.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "compare.corpus",
    "Options": "compare.pipeline",
    "analyze": "compare.pipeline",
    "analyze_paths": "compare.pipeline",
    "compare_pair": "compare.pipeline",
    "load_paths": "compare.readers",
    "DedupOptions": "compare.dedup",
    "deduplicate": "compare.dedup",
    "spark_deduplicate": "compare.spark_dedup",
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
    from .corpus import Document
    from .dedup import DedupOptions, deduplicate
    from .pipeline import Options, analyze, analyze_paths, compare_pair
    from .readers import load_paths
    from .spark_dedup import spark_deduplicate


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'compare' has no attribute {name!r}")

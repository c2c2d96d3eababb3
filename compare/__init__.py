"""compare-sources: near-duplicates, reused passages and what is unique to each source.

Library use::

    from compare import analyze_paths
    result = analyze_paths(["corpus/"])
    for pair in result.pairs:
        print(pair.relation, result.documents[pair.a].id, result.documents[pair.b].id)
"""

__version__ = "0.1.0"

from .corpus import Document
from .pipeline import Options, analyze, analyze_paths, compare_pair
from .readers import load_paths

__all__ = ["Document", "Options", "__version__", "analyze", "analyze_paths", "compare_pair", "load_paths"]

"""The passage analysis: which documents and passages are reused, and how.

Stages, each a module of plain functions: `prepare` (per document),
`candidates` (which pairs to align), `align` and `paraphrase` (word and
sentence alignment), `reuse` (a pair's reused passages), `topical`
(sentences on the same point), `score` (exact scores and the relation),
`result` (the `AnalysisResult` and its JSON); `pipeline` only calls them
in order and times each. `options` holds every parameter.

The names below are imported on first use, so that the options can be
read without loading the whole analysis (scikit-learn among it).
"""

from typing import TYPE_CHECKING

from ..util.lazy import lazy_exports

_EXPORTS = {
    "AnalysisResult": ("compare.analysis.result", "AnalysisResult"),
    "Options": ("compare.analysis.options", "Options"),
    "analyze": ("compare.analysis.pipeline", "analyze"),
    "analyze_paths": ("compare.analysis.pipeline", "analyze_paths"),
    "compare_pair": ("compare.analysis.pipeline", "compare_pair"),
}

__all__ = ["AnalysisResult", "Options", "analyze", "analyze_paths", "compare_pair"]

if TYPE_CHECKING:
    from .options import Options
    from .pipeline import analyze, analyze_paths, compare_pair
    from .result import AnalysisResult

__getattr__ = lazy_exports(__name__, _EXPORTS)

"""The passage analysis: which documents and passages are reused, and how.

Stages, each a module of plain functions: `prepare` (per document),
`candidates` (which pairs to align), `align` and `paraphrase` (word and
sentence alignment), `reuse` (a pair's reused passages), `topical`
(sentences on the same point), `score` (exact scores and the relation),
`result` (the `AnalysisResult` and its JSON); `pipeline` only calls them
in order and times each. `options` holds every parameter.
"""

from .options import Options
from .pipeline import analyze, analyze_paths, compare_pair
from .result import AnalysisResult

__all__ = ["AnalysisResult", "Options", "analyze", "analyze_paths", "compare_pair"]

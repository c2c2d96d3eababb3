"""compare-sources: near-duplicates, reused passages and what is unique to each source.

The package follows the pipeline, one subpackage a stage::

    load/       documents and records from files (one parser per format)
    text/       normalize, segment, boilerplate, quotes
    sketch/     hashes, MinHash, LSH banding, exact shingle sets
    analysis/   passages: candidates, alignment, scores, the AnalysisResult
    dedup/      batch near-duplicates: rules, local engine, index, outputs; spark/
    report/     the HTML report
    evaluation/ quality on labeled corpora
    cli/        the compare-sources command
    util/       worker pools, components, atomic writes

The public API, imported on first use (so that batch dedup does not load
what only the passage analysis needs):

* analysis: `analyze` (documents in memory), `analyze_paths` (files and
  folders), `compare_pair` (two prepared documents), `Options`,
  `AnalysisResult`;
* loading: `load_paths`, `Document`;
* batch dedup: `deduplicate` (records streamed, `DedupOptions`, returns a
  `DedupResult`), `run_dedup` (a whole run from files, with index and
  outputs, as ``compare-sources dedup`` does; returns a `DedupRun`),
  `DedupIndex` (the persistent index), `spark_deduplicate` (on Spark),
  `keep_mask` and `drop_duplicates` (pandas, polars, datasets or lists in,
  a keep mask or the kept rows out);
* the report: `write_report`;
* `__version__`.

Example::

    from compare import analyze_paths
    result = analyze_paths(["corpus/"])
    for pair in result.pairs:
        print(pair.relation, result.documents[pair.a].id, result.documents[pair.b].id)
"""

from typing import TYPE_CHECKING

from ._version import __version__
from .util.lazy import lazy_exports

_EXPORTS = {
    "AnalysisResult": ("compare.analysis.result", "AnalysisResult"),
    "Options": ("compare.analysis.options", "Options"),
    "analyze": ("compare.analysis.pipeline", "analyze"),
    "analyze_paths": ("compare.analysis.pipeline", "analyze_paths"),
    "compare_pair": ("compare.analysis.pipeline", "compare_pair"),
    "Document": ("compare.load.document", "Document"),
    "load_paths": ("compare.load.collection", "load_paths"),
    "DedupOptions": ("compare.dedup.options", "DedupOptions"),
    "DedupResult": ("compare.dedup.local", "DedupResult"),
    "deduplicate": ("compare.dedup.local", "deduplicate"),
    "drop_duplicates": ("compare.dedup.frames", "drop_duplicates"),
    "keep_mask": ("compare.dedup.frames", "keep_mask"),
    "DedupRun": ("compare.dedup.result", "DedupRun"),
    "run_dedup": ("compare.dedup.batch", "run"),
    "DedupIndex": ("compare.dedup.index", "DedupIndex"),
    "spark_deduplicate": ("compare.dedup.spark.job", "spark_deduplicate"),
    "spark_analyze": ("compare.analysis.spark.job", "spark_analyze"),
    "write_report": ("compare.report.render", "write_report"),
}

__all__ = [
    "AnalysisResult",
    "DedupIndex",
    "DedupOptions",
    "DedupResult",
    "DedupRun",
    "Document",
    "Options",
    "__version__",
    "analyze",
    "analyze_paths",
    "compare_pair",
    "deduplicate",
    "drop_duplicates",
    "keep_mask",
    "load_paths",
    "run_dedup",
    "spark_analyze",
    "spark_deduplicate",
    "write_report",
]

if TYPE_CHECKING:
    from .analysis.options import Options
    from .analysis.pipeline import analyze, analyze_paths, compare_pair
    from .analysis.result import AnalysisResult
    from .analysis.spark.job import spark_analyze
    from .dedup.batch import run as run_dedup
    from .dedup.frames import drop_duplicates, keep_mask
    from .dedup.index import DedupIndex
    from .dedup.local import DedupResult, deduplicate
    from .dedup.options import DedupOptions
    from .dedup.result import DedupRun
    from .dedup.spark.job import spark_deduplicate
    from .load.collection import load_paths
    from .load.document import Document
    from .report.render import write_report

__getattr__ = lazy_exports(__name__, _EXPORTS)

"""`spark_analyze`: the analysis as a Spark job, with the local engine's answers.

The stages are the local pipeline's (`compare.analysis.pipeline`), each on
Spark:

1. read (`documents`): the inputs as `load_paths` reads them;
2. prepare (`prepare`): boilerplate per source, each document prepared in a
   task, cross-site furniture as aggregations;
3. candidates (`candidates`): LSH, shared shingles, copy clusters and
   TF-IDF neighbours as joins;
4. pairs (`pairs`): each candidate aligned and scored in a task, then the
   evidence against the collection's same-topic pairs;
5. result: each document's reuse shares and repetitions in a task, the
   near-duplicate clusters as connected components, the passages grouped
   over every pair (`passages`).

`SparkAnalysis.collect` gathers the result into the `AnalysisResult` the
local engine builds, for ``results.json``. Until then, nothing but counts,
the problems and the same-topic histogram has come to the driver.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..._version import __version__
from ...spark.frames import arrow_schema, cut, join_ends
from ...spark.graph import connected_components
from ...spark.session import DEFAULT_PARTITIONS, require_spark, spark_session
from ..options import Options
from ..pipeline import document_result, options_record, reuse_spans
from ..prepare import PreparedDocument
from ..result import AnalysisResult, Cluster, DocumentResult, PairResult, Repetition
from ..reuse import document_repetitions
from ..tables import ROWS
from .candidates import spark_candidates
from .documents import read_documents
from .pairs import compared_pairs, with_evidence
from .passages import passage_of, spark_passages
from .prepare import pack, prepared_documents, unpack

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from ...load import LoadProblem

__all__ = ["SparkAnalysis", "spark_analyze"]

_DOCUMENTS = "index long, document binary, repetitions binary, date string"


@dataclass
class SparkAnalysis:
    """The result of `spark_analyze`, as DataFrames: `documents` (index,
    document: a pickled `DocumentResult`, repetitions: pickled list),
    `pairs` (a, b, relation, pair: a pickled `PairResult`), `clusters`
    (index, label: documents in near-duplicate clusters), `passages`
    (`compare.analysis.spark.passages.PASSAGES`); the input
    problems, the number of documents and of candidate pairs, the LSH
    banding, and the seconds of each stage."""

    options: Options
    documents: DataFrame
    pairs: DataFrame
    clusters: DataFrame
    passages: DataFrame
    problems: list[LoadProblem]
    count: int
    candidates: int
    bands: int
    rows: int
    seconds: dict[str, float] = field(default_factory=dict)

    def options_record(self) -> dict:
        """The options as the result records them (`compare.analysis.pipeline.options_record`)."""
        return options_record(self.options, self.bands, self.rows)

    def relations(self) -> dict[str, int]:
        """How many pairs of each relation were found (counted on the executors)."""
        return {r["relation"]: r["count"] for r in self.pairs.groupBy("relation").count().collect()}

    def write_tables(self, folder: str, per_file: int = ROWS) -> None:
        """Write the result as the Parquet tables of `compare.analysis.tables`,
        from the executors (`compare.analysis.spark.tables.write_spark_tables`)."""
        from .tables import write_spark_tables

        write_spark_tables(self, folder, per_file)

    def collect(self) -> AnalysisResult:
        """The whole result on the driver: the `AnalysisResult` the local engine builds."""
        docs = sorted(self.documents.select("index", "document", "repetitions").collect(), key=lambda r: r[0])
        documents: list[DocumentResult] = [unpack(r["document"]) for r in docs]
        repeated: list[Repetition] = [x for r in docs for x in unpack(r["repetitions"])]
        pairs: list[PairResult] = [
            unpack(r["pair"])
            for r in sorted(self.pairs.select("a", "b", "pair").collect(), key=lambda r: (r[0], r[1]))
        ]
        groups: dict[int, list[int]] = {}
        for r in self.clusters.collect():
            groups.setdefault(r["label"], []).append(r["index"])
        members = sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
        return AnalysisResult(
            options=self.options_record(),
            documents=documents,
            pairs=pairs,
            clusters=[Cluster(number=k, members=g) for k, g in enumerate(members, start=1)],
            repetitions=repeated,
            problems=list(self.problems),
            tool_version=__version__,
            passages=[passage_of(r) for r in sorted(self.passages.collect(), key=lambda r: r["number"])],
            seconds=dict(self.seconds),
        )


def _spans(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Pairs with both sources -> (index, source, start, end) of each reuse span."""
    import pyarrow as pa

    for batch in batches:
        out: dict[str, list] = {"index": [], "source": [], "start": [], "end": []}
        for r in batch.to_pylist():
            for doc, source, (s, e) in reuse_spans(unpack(r["pair"]), r["source_a"], r["source_b"]):
                out["index"].append(doc)
                out["source"].append(source)
                out["start"].append(s)
                out["end"].append(e)
        yield pa.RecordBatch.from_pydict(
            out,
            schema=pa.schema(
                [("index", pa.int64()), ("source", pa.string()), ("start", pa.int64()), ("end", pa.int64())]
            ),
        )


def _results(
    batches: Iterator[pa.RecordBatch], options: Options, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """Prepared documents with their reuse spans -> (index, document result, repetitions, date)."""
    import pyarrow as pa

    for batch in batches:
        out: dict[str, list] = {"index": [], "document": [], "repetitions": [], "date": []}
        for r in batch.to_pylist():
            p: PreparedDocument = unpack(r["prepared"])
            reused: dict[str, list[tuple[int, int]]] = {}
            for span in r["spans"] or []:
                reused.setdefault(span["source"], []).append((span["start"], span["end"]))
            result = document_result(r["index"], p, reused)
            out["index"].append(r["index"])
            out["document"].append(pack(result))
            out["repetitions"].append(pack(document_repetitions(r["index"], p, options)))
            out["date"].append(result.date)
        yield pa.RecordBatch.from_pydict(out, schema=schema)


def spark_analyze(
    inputs: Sequence[str],
    options: Options | None = None,
    *,
    id_field: str = "id",
    text_field: str = "text",
    spark: SparkSession | None = None,
    master: str | None = None,
    verbose: bool = False,
    partitions: int = DEFAULT_PARTITIONS,
) -> SparkAnalysis:
    """Analyze the files `inputs` (paths, directories, globs; local or any
    file system Spark reads) on Spark: the same documents, pairs, scores,
    matches, clusters, repetitions and passages as
    `compare.analysis.pipeline.analyze_paths` gives for the same inputs and
    options (see the module). `spark`: the session to use (default: the
    active one, or a new one on `master`)."""
    require_spark()
    from pyspark.sql import functions as F

    options = options or Options()
    spark = spark or spark_session(master, verbose, partitions)
    # Inferring filters from the constraints of many joins costs the planner
    # time and memory exponential in them (SPARK-19875); the joins here filter
    # explicitly.
    spark.conf.set("spark.sql.constraintPropagation.enabled", "false")
    seconds: dict[str, float] = {}
    start = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal start
        now = time.perf_counter()
        seconds[stage] = now - start
        start = now

    read = read_documents(spark, inputs, id_field, text_field)
    lap("load")
    # Each stage's result is computed once and its plan cut (`cut`): a frame
    # persisted instead keeps its whole plan, and the plans of the later
    # stages, which hold the earlier ones many times over, filled the heap.
    prepared = cut(prepared_documents(read.frame, options))
    read.frame.unpersist()
    lap("prepare")
    found = spark_candidates(prepared, read.count, options)
    candidates = found.pairs.count()
    lap("candidates")
    scored = cut(compared_pairs(found.pairs, prepared, found.vectors, read.count, options))
    pairs = cut(with_evidence(scored, found.sketches, options))
    lap("pairs")
    results_schema = arrow_schema(_DOCUMENTS)
    meta = found.sketches.select("index", "source")
    sourced = join_ends(pairs.select("a", "b", "pair"), meta, "source", ("source_a", "source_b"))
    spans = sourced.mapInArrow(_spans, "index long, source string, start long, end long")
    by_document = spans.groupBy("index").agg(
        F.collect_list(F.struct("source", "start", "end")).alias("spans")
    )
    documents = cut(
        prepared.join(by_document, "index", "left").mapInArrow(
            lambda b: _results(b, options, results_schema), _DOCUMENTS
        )
    )
    passages = cut(spark_passages(pairs, documents.select("index", "date")))
    near = pairs.where(F.col("relation") == "near-duplicate").select("a", "b")
    clusters = cut(connected_components(near).select(F.col("node").alias("index"), "label"))
    found.release()
    lap("result")
    return SparkAnalysis(
        options,
        documents,
        pairs,
        clusters,
        passages,
        read.problems,
        read.count,
        candidates,
        found.bands,
        found.rows,
        seconds,
    )

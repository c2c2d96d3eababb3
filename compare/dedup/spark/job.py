"""Batch deduplication on Apache Spark, with the local engine's answers.

`spark_deduplicate` runs `compare.dedup.local`'s four steps as a Spark job, for
collections that outgrow one machine:

1. **Sign**: the workers parse each block of input with `compare.load`'s
   parsers and sign its records with `MinHasher.batch_signatures`
   (``mapInArrow``): signature, LSH band keys (`band_keys`) and, with
   `coverage` or `containment`, the shingle sample. A document's index is its position
   among all records in reading order (`compare.spark.read`).
2. **Candidates**: band keys are exploded to (band, key, document) rows and
   grouped; documents sharing a bucket are paired by a self-join (a bucket
   of more than `max_bucket` pairs its first document with each other
   one, as the local engine does). Pairs whose signatures agree on too few
   positions are dropped (`signature_agreement`, `signature_floor`).
   Edited-copy and excerpt candidates: sample hashes grouped the same way,
   shared samples counted per pair (`sample_pair_resembles`, `sample_pair_kept`).
3. **Verify**: the candidates' texts are read again and their shingle
   hashes computed in reading order (`batch_shingles`); each pair joins
   both and is scored by `verified_pairs`.
4. **Cluster**: connected components of the near-duplicate pairs
   (`compare.spark.graph`), then each cluster holding excerpts joins its
   best container's (an aggregation), as `cluster_labels` does; then each
   cluster's kept document (`--keep`), as `representatives` does.

Nothing grows on the driver with the corpus but the per-block counts and
the problems; `SparkDedup.collect` collects the result into the
`DedupRun` the local engine builds, and
`SparkDedup.write_parquet` writes it from the executors.
"""

from __future__ import annotations

import atexit
import itertools
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ...load import LoadProblem, Record
from ...load.records import place, repeated_id
from ...sketch.kernels import batch_shingles
from ...sketch.lsh import band_keys
from ...spark.frames import block_offsets, bucket_pairs, indexed, join_ends, renumbered, repeated_ids
from ...spark.graph import connected_components
from ...spark.output import write_folder, write_text
from ...spark.read import SourceFile, block_line_counts, ddl_fields, list_files, read_records
from ...spark.session import DEFAULT_PARTITIONS, require_spark, spark_session
from ..options import DedupOptions
from ..result import (
    PARQUET_COLUMNS,
    ROW_FIELDS,
    ClusterRow,
    DedupRun,
    DocumentRow,
    PairRow,
    parquet_rest,
    result_dict,
    run_summary,
)
from ..rules import (
    KEEP,
    KEEP_ORDER,
    resemblance_floor,
    sample_pair_kept,
    sample_pair_resembles,
    signature_agreement,
    signature_floor,
    verified_pairs,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, Row, SparkSession

__all__ = ["SparkDedup", "spark_deduplicate"]
_EARLIER = "an earlier output of compare-sources dedup"
_SIGN_SCHEMA = "sig binary, band_keys array<long>, samples array<long>"
_PAIR_SCHEMA = (
    "a long, b long, jaccard double, containment_a_in_b double, containment_b_in_a double, "
    "coverage_a double, coverage_b double, relation string"
)


@dataclass
class SparkDedup:
    """The result of `spark_deduplicate`: DataFrames of the output's rows
    (`documents` with `ROW_FIELDS`, `pairs`, `clusters`, as the local
    engine's JSON has them), the input problems, the number of candidate
    pairs, and the seconds each step took. `_read` reads the inputs again
    (for `write_deduplicated`)."""

    options: DedupOptions
    keep: str
    documents: DataFrame
    pairs: DataFrame
    clusters: DataFrame
    problems: list[LoadProblem]
    candidates: int
    seconds: dict[str, float] = field(default_factory=dict)
    _read: Callable[[str, Callable], DataFrame] = field(default=None, repr=False)  # type: ignore[assignment]

    def collect(self) -> DedupRun:
        """The whole result, collected to the driver: the `DedupRun` the local engine builds."""
        documents = [DocumentRow(**_row(r, ROW_FIELDS)) for r in self.documents.orderBy("index").collect()]
        pairs = [PairRow(**r.asDict()) for r in self.pairs.orderBy("a", "b").collect()]
        clusters = [ClusterRow(**r.asDict()) for r in self.clusters.orderBy("number").collect()]
        return DedupRun(
            self.options,
            self.keep,
            documents,
            pairs,
            clusters,
            list(self.problems),
            self.candidates,
            seconds=dict(self.seconds),
            elapsed=sum(self.seconds.values()),
        )

    def data(self) -> dict[str, Any]:
        """The whole result as the dict the local engine writes as JSON (`DedupRun.to_dict`)."""
        return self.collect().to_dict()

    def header(self) -> dict[str, Any]:
        """What a Parquet result's ``result.json`` holds: options, problems and
        the summary, its counts made by Spark (no row is collected)."""
        from pyspark.sql import functions as F

        counts = self.documents.agg(
            F.count(F.lit(1)).alias("documents"),
            F.sum(F.when(~F.col("representative"), 1).otherwise(0)).alias("duplicates"),
        ).first()
        assert counts is not None  # an aggregate without grouping is one row
        summary = run_summary(
            documents=counts["documents"],
            duplicates=counts["duplicates"] or 0,
            clusters=self.clusters.count(),
            pairs=self.pairs.count(),
            indexed_matches=0,
            candidates=self.candidates,
            problems=len(self.problems),
            seconds=sum(self.seconds.values()),
        )
        data = result_dict(self.options, self.keep, summary, self.problems)
        return parquet_rest(data)

    def write_parquet(self, directory: str) -> dict[str, Any]:
        """Write the result as Parquet, from the executors: `directory` gets a
        folder per table of `PARQUET_COLUMNS` (rows sorted as in the JSON) and
        ``result.json`` (the rest: options, summary, problems), as the local
        engine's `write_parquet` lays it out. Written into a hidden folder
        beside it, then swapped in: a failed run leaves `directory` as it
        was. An existing `directory` is replaced only if it holds an earlier
        result. Returns what ``result.json`` holds."""
        rest = self.header()
        order = {"documents": ["index"], "pairs": ["a", "b"], "clusters": ["number"]}

        def write(spark: SparkSession, fs: Any, folder: Any) -> None:
            for name, columns in PARQUET_COLUMNS.items():
                frame = getattr(self, name).select(*columns).orderBy(*order[name])
                frame.write.parquet(folder.suffix(f"/{name}").toString())
            write_text(
                fs, folder.suffix("/result.json"), json.dumps(rest, ensure_ascii=False, indent=1) + "\n"
            )

        write_folder(self.documents.sparkSession, directory, "result.json", write, _EARLIER)
        return rest

    def write_deduplicated(self, directory: str) -> None:
        """Write the input records of the kept documents as JSONL, every
        field kept, in input order: a folder of part files (``cat
        DIR/part-*`` gives the lines the local engine's
        ``--write-deduplicated`` file holds), written and swapped in as
        `write_parquet` is."""
        from pyspark.sql import functions as F

        fields = self._read("fields string", _fields_payload).select("index", "fields")
        kept = self.documents.where(F.col("representative")).select("index")
        lines = fields.join(kept, "index", "left_semi").orderBy("index").select("fields")

        def write(spark: SparkSession, fs: Any, folder: Any) -> None:
            lines.write.text(folder.toString())

        write_folder(self.documents.sparkSession, directory, "_SUCCESS", write, _EARLIER)


def _row(row: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: row[name] for name in names}


# --- Worker functions (run inside mapInArrow) ----------------------------------------------------


def _sign_payload(records: list[Record], options: DedupOptions, bands: int, rows: int) -> dict[str, pa.Array]:
    """Signature, band keys and shingle sample of each record (`MinHasher.batch_signatures`)."""
    import pyarrow as pa

    signed = options.minhasher().batch_signatures([r.text for r in records], options.sample_below)
    sig, samples, sampled = signed.signatures, signed.samples, signed.sampled
    keys = band_keys(sig, bands, rows).view(np.int64)
    sample_offsets = np.searchsorted(sampled, np.arange(len(records) + 1)).astype(np.int32)
    width = sig.shape[1] * 4
    raw = sig.tobytes()
    return {
        "sig": pa.array([raw[i * width : (i + 1) * width] for i in range(len(records))], pa.binary()),
        "band_keys": pa.ListArray.from_arrays(
            pa.array(np.arange(0, keys.size + 1, bands, dtype=np.int32)), pa.array(keys.ravel())
        ),
        "samples": pa.ListArray.from_arrays(pa.array(sample_offsets), pa.array(samples.view(np.int64))),
    }


def _text_payload(records: list[Record]) -> dict[str, pa.Array]:
    import pyarrow as pa

    return {"text": pa.array([r.text for r in records], pa.string())}


def _fields_payload(records: list[Record]) -> dict[str, pa.Array]:
    """Each record as the JSONL line ``--write-deduplicated`` writes."""
    import pyarrow as pa

    return {"fields": pa.array([r.jsonl() for r in records], pa.string())}


def _agreeing(batches: Iterator[pa.RecordBatch], floor: float, num_perm: int) -> Iterator[pa.RecordBatch]:
    """The candidate pairs whose signatures agree on at least `floor` of positions."""
    for batch in batches:
        n = batch.num_rows
        sa = np.frombuffer(b"".join(batch.column("sig_a").to_pylist()), np.uint32).reshape(n, num_perm)
        sb = np.frombuffer(b"".join(batch.column("sig_b").to_pylist()), np.uint32).reshape(n, num_perm)
        yield _pairs_where(batch, signature_agreement(sa, sb) >= floor)


def _sample_kept(
    batches: Iterator[pa.RecordBatch], containment: float | None, resemblance: bool
) -> Iterator[pa.RecordBatch]:
    """The pairs whose shared samples make them excerpt candidates (`sample_pair_kept`)
    or, with `resemblance`, edited-copy candidates (`sample_pair_resembles`), each
    with which (``excerpt``: an excerpt candidate; else an edited-copy one)."""
    import pyarrow as pa

    for batch in batches:
        common = batch.column("common").to_numpy()
        excerpt = np.zeros(len(common), dtype=bool)
        if containment is not None:
            excerpt = sample_pair_kept(common, batch.column("smaller").to_numpy(), containment)
        resembles = np.zeros(len(common), dtype=bool)
        if resemblance:
            resembles = sample_pair_resembles(common, batch.column("larger").to_numpy()) & ~excerpt
        keep = pa.array(excerpt | resembles)
        yield pa.RecordBatch.from_arrays(
            [batch.column("a").filter(keep), batch.column("b").filter(keep), pa.array(excerpt).filter(keep)],
            names=["a", "b", "excerpt"],
        )


def _pairs_where(batch: pa.RecordBatch, keep: np.ndarray) -> pa.RecordBatch:
    """The ``(a, b)`` columns of the rows of `batch` where `keep` is true."""
    import pyarrow as pa

    mask = pa.array(keep)
    return pa.RecordBatch.from_arrays(
        [batch.column("a").filter(mask), batch.column("b").filter(mask)], names=["a", "b"]
    )


def _shingle_batches(batches: Iterator[pa.RecordBatch], shingle_size: int) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    for batch in batches:
        hashes, owner = batch_shingles(batch.column("text").to_pylist(), shingle_size)
        bounds = np.searchsorted(owner, np.arange(batch.num_rows + 1)).tolist()
        sequences = [hashes[s:e].tobytes() for s, e in itertools.pairwise(bounds)]
        yield pa.RecordBatch.from_arrays(
            [batch.column("index"), pa.array(sequences, pa.binary())],
            names=["index", "shingles"],
        )


def _verified_batches(batches: Iterator[pa.RecordBatch], options: DedupOptions) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    types = {"a": pa.int64(), "b": pa.int64(), "jaccard": pa.float64(), "relation": pa.string()}
    for name in ("containment_a_in_b", "containment_b_in_a", "coverage_a", "coverage_b"):
        types[name] = pa.float64()
    names = [name for name, _ in ddl_fields(_PAIR_SCHEMA)]
    for batch in batches:
        columns = batch.to_pydict()
        sequences = [
            np.frombuffer(seq, np.uint64)
            for pair in zip(columns["seq_a"], columns["seq_b"], strict=True)
            for seq in pair
        ]
        pairs = np.array([columns["a"], columns["b"]], dtype=np.int64).T.reshape(-1, 2)
        rows = np.arange(2 * len(pairs), dtype=np.int64).reshape(-1, 2)  # pair p: sequences 2p, 2p + 1
        found = verified_pairs(pairs, sequences, options, rows)
        arrays = [pa.array([getattr(p, n) for p in found], types[n]) for n in names]
        yield pa.RecordBatch.from_arrays(arrays, names=names)


# --- The job -------------------------------------------------------------------------------------


def spark_deduplicate(
    inputs: Sequence[str] | DataFrame,
    options: DedupOptions | None = None,
    *,
    keep: str = "first",
    id_field: str = "id",
    text_field: str = "text",
    spark: SparkSession | None = None,
    master: str | None = None,
    verbose: bool = False,
    partitions: int = DEFAULT_PARTITIONS,
    staging: str | None = None,
) -> SparkDedup:
    """Duplicate pairs, clusters and kept documents of the files `inputs`
    (paths, directories, globs; local or any file system Spark reads), or
    of the rows of a Spark DataFrame, on Spark: the same as
    `compare.dedup.batch.run` gives for the same records and options.

    A DataFrame needs the `id_field` and `text_field` columns (and
    ``date`` for ``keep="earliest"``, if it has one); its rows are written
    once as Parquet under `staging` (default: a new temporary folder,
    removed when Python exits; on a cluster, give a folder every executor
    reads, such as ``hdfs:///tmp/dedup``) and read from there, so that both
    passes read the same rows in the same order.

    `spark`: the session to use (default: the active one, or a new one on
    `master`, see `compare.spark.session.spark_session`). `options.jobs`,
    `options.chunk_size` and `options.hold_mb` do not apply: Spark
    parallelizes, and ships each candidate pair's shingles to its task. The returned
    DataFrames are lazy; the job's steps up to the verified pairs have run.
    """
    require_spark()  # before PySpark is imported, to say what to install
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    options = options or DedupOptions()
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    if not isinstance(inputs, list | tuple):
        frame = cast("DataFrame", inputs)  # not a list or tuple of paths
        spark = spark or frame.sparkSession
        inputs = [_staged(frame, id_field, text_field, staging)]
    spark = spark or spark_session(master, verbose, partitions)
    disk = StorageLevel.MEMORY_AND_DISK
    seconds: dict[str, float] = {}
    start = time.perf_counter()

    # 1. Sign.
    files, problems = list_files(spark, inputs)
    lines_before = block_line_counts(spark, files)
    bands, rows = options.bands()

    def sign_payload(records: list[Record]) -> dict[str, pa.Array]:
        return _sign_payload(records, options, bands, rows)

    parsed = read_records(spark, files, lines_before, id_field, text_field, _SIGN_SCHEMA, sign_payload)
    parsed = parsed.persist(disk)
    offsets = block_offsets(spark, parsed)
    docs = indexed(parsed.where(F.col("kind") == "doc"), offsets)
    repeated = repeated_ids(docs)
    skipped = np.array([r["index"] for r in repeated], dtype=np.int64)
    problems += _problems(parsed, files, repeated)
    docs = renumbered(docs, skipped).select(
        "index", "id", "file_no", "line", "encoding", "characters", "date", *_SIGN_COLUMNS
    )
    # As many partitions as every shuffle has, whatever the number of blocks read.
    shuffle_partitions = cast(str, spark.conf.get("spark.sql.shuffle.partitions"))  # always set
    docs = docs.repartition(int(shuffle_partitions), "index").persist(disk)
    docs.count()
    parsed.unpersist()
    seconds["sign"] = time.perf_counter() - start

    # 2. Candidates.
    start = time.perf_counter()
    band_rows = docs.select("index", F.posexplode("band_keys").alias("band", "key"))
    proposed = bucket_pairs(band_rows, ["band", "key"], options.max_bucket).distinct()
    likely = _likely(docs, proposed, options)
    if options.containment is not None or options.coverage is not None:
        excerpts = _sample_candidates(docs, options)
        proposed = proposed.union(excerpts).distinct()
        likely = likely.union(excerpts).distinct()
    likely = likely.persist(disk)
    candidates = proposed.count()
    likely.count()
    seconds["candidates"] = time.perf_counter() - start

    # 3. Verify.
    start = time.perf_counter()
    needed = (
        likely.select(F.col("a").alias("index")).union(likely.select(F.col("b").alias("index"))).distinct()
    )

    def read(schema: str, payload: Callable) -> DataFrame:
        """The documents again, indexed, with `payload`'s columns."""
        rows = read_records(spark, files, lines_before, id_field, text_field, schema, payload)
        return renumbered(indexed(rows.where(F.col("kind") == "doc"), offsets), skipped)

    texts = read("text string", _text_payload).select("index", "text")
    texts = texts.join(needed, "index", "left_semi")
    sets = texts.mapInArrow(
        lambda b: _shingle_batches(b, options.shingle_size), "index long, shingles binary"
    )
    sets = sets.persist(disk)
    with_sets = join_ends(likely, sets, "shingles", ("seq_a", "seq_b"))
    pairs = with_sets.mapInArrow(lambda b: _verified_batches(b, options), _PAIR_SCHEMA).persist(disk)
    pairs.count()
    sets.unpersist()
    likely.unpersist()
    seconds["verify"] = time.perf_counter() - start

    # 4. Cluster.
    start = time.perf_counter()
    labels = _cluster_labels(docs, pairs).persist(disk)
    documents, clusters = _kept(spark, docs, pairs, labels, files, keep)
    out_pairs = join_ends(pairs, docs, "id", ("a_id", "b_id")).select(*PARQUET_COLUMNS["pairs"])
    clusters = clusters.persist(disk)
    clusters.count()
    seconds["cluster"] = time.perf_counter() - start
    return SparkDedup(options, keep, documents, out_pairs, clusters, problems, candidates, seconds, read)


_SIGN_COLUMNS = [name for name, _ in ddl_fields(_SIGN_SCHEMA)]


def _staged(frame: DataFrame, id_field: str, text_field: str, staging: str | None) -> str:
    """A DataFrame's id, text and date columns written as Parquet; the folder."""
    columns = list(frame.columns)
    for name in (id_field, text_field):
        if name not in columns:
            raise ValueError(f"the DataFrame has no {name!r} column; its columns are {', '.join(columns)}")
    if staging is None:
        staging = tempfile.mkdtemp(prefix="compare-sources-")
        atexit.register(shutil.rmtree, staging, True)
    folder = f"{staging.rstrip('/')}/rows.parquet"
    kept = [id_field, text_field] + (
        ["date"] if "date" in columns and "date" not in (id_field, text_field) else []
    )
    frame.select(*kept).write.mode("errorifexists").parquet(folder)
    return folder


def _problems(parsed: DataFrame, files: Sequence[SourceFile], repeated: list[Row]) -> list[LoadProblem]:
    """The input problems, in reading order, each once (as `Inputs.problems` has
    them), the `repeated` ids among them (in their file, by line)."""
    from pyspark.sql import functions as F

    rows = parsed.where(F.col("kind") == "problem").select("file_no", "block", "seq", "line", "message")
    found = [(r["file_no"], r["block"], r["seq"], r["line"], r["message"]) for r in rows.collect()]
    for r in repeated:
        first = place(files[r["first_file"]].name, r["first_line"])
        found.append((r["file_no"], None, None, r["line"], repeated_id(r["id"], first)))
    with_repeats = {r["file_no"] for r in repeated}

    def order(p: tuple) -> tuple:
        file_no, block, seq, line, _ = p
        if file_no in with_repeats:  # merged by line: both kinds come in line order
            return (file_no, -1 if line is None else line, block or 0, seq or 0)
        return (file_no, block, seq)

    out: list[LoadProblem] = []
    seen = set()
    for file_no, _, _, line, message in sorted(found, key=order):
        problem = LoadProblem(files[file_no].name, message, line)
        if problem not in seen:
            seen.add(problem)
            out.append(problem)
    return out


def _likely(docs: DataFrame, proposed: DataFrame, options: DedupOptions) -> DataFrame:

    joined = join_ends(proposed, docs, "sig", ("sig_a", "sig_b"))
    floor = signature_floor(options.threshold, options.num_perm)
    return joined.mapInArrow(lambda b: _agreeing(b, floor, options.num_perm), "a long, b long")


def _sample_candidates(docs: DataFrame, options: DedupOptions) -> DataFrame:
    from pyspark.sql import functions as F

    sample_rows = docs.select("index", F.explode("samples").alias("hash"))
    shared = bucket_pairs(sample_rows, ["hash"], options.max_bucket)
    common = shared.groupBy("a", "b").agg(F.count(F.lit(1)).alias("common")).where(F.col("common") >= 2)
    sizes = docs.select("index", F.size("samples").alias("n"))
    smaller = F.least("na", "nb").cast("long").alias("smaller")
    larger = F.greatest("na", "nb").cast("long").alias("larger")
    joined = join_ends(common, sizes, "n", ("na", "nb")).select("a", "b", "common", smaller, larger)
    containment, resemblance = options.containment, options.coverage is not None
    kept = joined.mapInArrow(
        lambda b: _sample_kept(b, containment, resemblance), "a long, b long, excerpt boolean"
    )
    excerpts = kept.where(F.col("excerpt")).select("a", "b")
    maybe_copies = join_ends(kept.where(~F.col("excerpt")), docs, "sig", ("sig_a", "sig_b"))
    floor, num_perm = resemblance_floor(options.num_perm), options.num_perm
    copies = maybe_copies.mapInArrow(lambda b: _agreeing(b, floor, num_perm), "a long, b long")
    return excerpts.union(copies)


def _inner_outer(pairs: DataFrame) -> DataFrame:
    """Excerpt pairs as (inner, outer, share): the side inside the other first."""
    from pyspark.sql import functions as F

    a_inside = F.col("containment_a_in_b") >= F.col("containment_b_in_a")
    return pairs.where(F.col("relation") == "excerpt").select(
        F.when(a_inside, F.col("a")).otherwise(F.col("b")).alias("inner"),
        F.when(a_inside, F.col("b")).otherwise(F.col("a")).alias("outer"),
        F.when(a_inside, F.col("containment_a_in_b")).otherwise(F.col("containment_b_in_a")).alias("share"),
    )


def _cluster_labels(docs: DataFrame, pairs: DataFrame) -> DataFrame:
    """``(index, label)``: each document's cluster, its smallest member (`cluster_labels`)."""
    from pyspark.sql import functions as F

    near = pairs.where(F.col("relation") == "near-duplicate").select("a", "b")
    first = connected_components(near)
    labels = (
        docs.select("index")
        .join(first, F.col("index") == F.col("node"), "left")
        .select("index", F.coalesce("label", "index").alias("label"))
    ).persist()
    ends = ("inner", "outer")
    excerpts = join_ends(_inner_outer(pairs), labels, "label", ("inner_label", "outer_label"), ends)
    excerpts = excerpts.where(F.col("inner_label") != F.col("outer_label"))
    choice = F.struct((-F.col("share")).alias("share"), F.col("outer"), F.col("outer_label"))
    best = excerpts.groupBy("inner_label").agg(F.min(choice).alias("best"))
    links = best.select(F.col("inner_label").alias("a"), F.col("best.outer_label").alias("b"))
    second = connected_components(links).select(F.col("node").alias("label"), F.col("label").alias("joined"))
    return labels.join(second, "label", "left").select("index", F.coalesce("joined", "label").alias("label"))


def _kept(
    spark: SparkSession,
    docs: DataFrame,
    pairs: DataFrame,
    labels: DataFrame,
    files: Sequence[SourceFile],
    keep: str,
) -> tuple[DataFrame, DataFrame]:
    """The document rows (`ROW_FIELDS`) and the clusters (number, members,
    representative), with each cluster's kept document as `representatives`
    chooses it: never the inner side of an excerpt pair if another member
    can be kept; then the first, longest or earliest."""
    from pyspark.sql import functions as F

    inner = (
        _inner_outer(pairs).select(F.col("inner").alias("index")).distinct().withColumn("inside", F.lit(True))
    )
    members = (
        labels.join(docs.select("index", "characters", "date"), "index")
        .join(inner, "index", "left")
        .withColumn("inside", F.coalesce("inside", F.lit(False)))
    )
    key = {
        "index": F.col("index"),
        "-characters": -F.col("characters"),
        "undated": F.col("date") == "",
        "date": F.col("date"),
    }
    order = [key[name].alias(f"key{n}") for n, name in enumerate(KEEP_ORDER[keep])]
    choice = F.struct(F.col("inside"), *order, F.col("index").alias("index"))
    grouped = (
        members.groupBy("label")
        .agg(
            F.count(F.lit(1)).alias("size"),
            F.min(choice).alias("choice"),
            F.sort_array(F.collect_list("index")).alias("members"),
        )
        .where(F.col("size") > 1)
    )
    numbered = (
        grouped.select("label", "members", F.col("choice.index").alias("representative"))
        .orderBy("label")
        .rdd.zipWithIndex()
        .map(lambda t: (t[1] + 1, t[0]["label"], t[0]["members"], t[0]["representative"]))
        .toDF("number long, label long, members array<long>, representative long")
    )
    names = spark.createDataFrame([(f.number, f.name) for f in files], "file_no int, path string")
    best = (
        pairs.select(F.col("a").alias("index"), "jaccard")
        .union(pairs.select(F.col("b").alias("index"), "jaccard"))
        .groupBy("index")
        .agg(F.max("jaccard").alias("max_jaccard"))
    )
    ids = docs.select(F.col("index").alias("representative"), F.col("id").alias("representative_id"))
    documents = (
        docs.select("index", "id", "file_no", "line", "encoding")
        .join(F.broadcast(names), "file_no")
        .join(labels, "index")
        .join(numbered.select("label", F.col("number").alias("cluster"), "representative"), "label", "left")
        .join(ids, "representative", "left")
        .join(best, "index", "left")
        .select(
            "index",
            "id",
            "path",
            "line",
            "encoding",
            "cluster",
            (F.col("representative").isNull() | (F.col("representative") == F.col("index"))).alias(
                "representative"
            ),
            F.when(F.col("representative") != F.col("index"), F.col("representative_id")).alias(
                "duplicate_of"
            ),
            "max_jaccard",
        )
    )
    return documents, numbered.select("number", "members", "representative")

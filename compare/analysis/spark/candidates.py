"""Candidate pairs on Spark: `compare.analysis.candidates.find_candidates` as joins.

Each source of candidates is the local one, step for step:

* LSH: each non-empty document's band keys (`band_keys`) exploded and
  grouped (`compare.spark.frames.bucket_pairs`: a bucket of more than
  `max_shingle_doc_frequency` pairs its first document with the others);
* shared shingles: shingles exploded and grouped; a shingle of at most
  `max_shingle_doc_frequency` holders pairs all of them, a more frequent one
  its first holder with the others, counted apart and combined as
  `shared_shingle_candidates` combines them; then each document's strongest
  partners (`strongest_per_document`) by a window over both ends;
* copy clusters: the LSH pairs whose exact Jaccard reaches
  `near_duplicate_jaccard`, connected (`compare.spark.graph`);
* TF-IDF neighbours of cluster representatives, and of passages: the rows
  without their common words, multiplied block by block with scipy
  (`compare.analysis.spark.cosines`), then the `k` (+1) best per row by a
  window.

Cosines are the local engine's to the last bit: each is summed in the order
scipy sums it (words in ascending order of their unsigned hash, from 0.0),
by scipy itself or by `numpy.add.reduceat`; weights are computed by the
local functions in Python tasks.

The pair filter (`Options.max_days_apart`, `Options.across_sources`)
applies where the local engine applies it: to shared-shingle pairs before
ranking, to each ranking of neighbours, and to the final pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...sketch.lsh import band_keys, optimal_bands
from ...sketch.shingles import jaccard_containment
from ...spark.frames import bucket_pairs, cut, join_ends, list_array
from ...spark.graph import connected_components
from ..options import Options
from ..pair_filter import document_day
from ..passage_retrieval import passage_windows
from ..prepare import PreparedDocument
from ..tfidf import _COMMON_MIN, _COMMON_SHARE
from .cosines import _MIN_LONG, block_cosines, without_words
from .prepare import unpack

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import Column, DataFrame

__all__ = ["SparkCandidates", "spark_candidates"]

_FLAGGED = ["a", "b", "lsh", "shingles", "neighbours", "passages"]
_CANDIDATES = (
    "a long, b long, lsh boolean, shingles boolean, neighbours boolean, passages boolean, cosine double"
)

_SKETCH = (
    "index long, source string, day int, tokens long, shingles array<long>, "
    "words array<long>, counts array<long>, band_keys array<long>, passages binary"
)


@dataclass
class SparkCandidates:
    """The candidate pairs (`pairs`: a, b, lsh, shingles, neighbours, passages,
    cosine), each document's copy cluster (`labels`: index, label), the
    per-document sketches, each document's TF-IDF row and its words' IDF
    (`vectors`: index, words, weights, idf), and the LSH banding used."""

    pairs: DataFrame
    labels: DataFrame
    sketches: DataFrame
    vectors: DataFrame
    bands: int
    rows: int
    cached: list[DataFrame]
    """Intermediate frames kept in Spark's cache (checkpointed ones are
    dropped by Spark once nothing refers to them; they cannot be unpersisted)."""

    def release(self) -> None:
        """Drop every cached frame of this step (its results too) from Spark's memory and disk."""
        for frame in [self.pairs, self.labels, self.sketches, self.vectors, *self.cached]:
            frame.unpersist()


def _signed(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.uint64).view(np.int64)


def _sketches(
    batches: Iterator[pa.RecordBatch], options: Options, bands: int, rows: int
) -> Iterator[pa.RecordBatch]:
    """Prepared documents -> what candidate retrieval needs of each (`_SKETCH`)."""
    import pyarrow as pa

    for batch in batches:
        records = batch.to_pylist()
        docs: list[PreparedDocument] = [unpack(r["prepared"]) for r in records]
        words, counts = [], []
        for p in docs:
            w, c = np.unique(p.ids, return_counts=True)
            words.append(_signed(w))
            counts.append(c.astype(np.int64))
        keys = (
            band_keys(np.stack([p.signature for p in docs]), bands, rows).view(np.int64)
            if docs
            else np.zeros((0, bands), np.int64)
        )
        windows = [passage_windows(p.sentence_ranges(), options.passage_words) for p in docs]
        yield pa.RecordBatch.from_arrays(
            [
                pa.array([r["index"] for r in records], pa.int64()),
                pa.array([p.document.source for p in docs], pa.string()),
                pa.array([document_day(p.document.date) for p in docs], pa.int32()),
                pa.array([len(p.tokens) for p in docs], pa.int64()),
                list_array([_signed(p.shingles) for p in docs]),
                list_array(words),
                list_array(counts),
                list_array(list(keys)),
                pa.array(
                    [np.array(w, dtype=np.int64).tobytes() for w in windows], pa.binary()
                ),  # (start, end) token ranges
            ],
            names=[name for name, _ in (f.split(" ", 1) for f in _SKETCH.split(", "))],
        )


def _weighted(words: np.ndarray, counts: np.ndarray, df: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """One unit's TF-IDF row as `compare.analysis.tfidf` weighs it (words sorted
    as unsigned hashes): sublinear counts times the collection's IDF, L2-normalized,
    the norm summed in word order as `numpy.bincount` sums it."""
    idf = np.log((1 + n) / (1 + df)) + 1.0
    data = (1.0 + np.log(counts.astype(np.float64))) * idf
    norm = np.sqrt(np.cumsum(data**2)[-1]) if len(data) else 1.0
    return words, data / norm


def _vectors(batches: Iterator[pa.RecordBatch], n: int) -> Iterator[pa.RecordBatch]:
    """(index, [(word, count, df)]) -> (index, words, weights, idf): each
    document's TF-IDF row, and the collection's IDF of its words."""
    import pyarrow as pa

    for batch in batches:
        index, words, weights, idf = [], [], [], []
        for r in batch.to_pylist():
            entries = sorted(r["entries"], key=lambda e: e["word"] ^ _MIN_LONG)
            w = np.array([e["word"] for e in entries], dtype=np.int64)
            c = np.array([e["count"] for e in entries], dtype=np.int64)
            d = np.array([e["df"] for e in entries], dtype=np.int64)
            _, data = _weighted(w, c, d, n)
            index.append(r["index"])
            words.append(w)
            weights.append(data)
            idf.append(np.log((1 + n) / (1 + d)) + 1.0)
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(index, pa.int64()),
                list_array(words),
                list_array(weights, np.float64),
                list_array(idf, np.float64),
            ],
            names=["index", "words", "weights", "idf"],
        )


def _passage_vectors(batches: Iterator[pa.RecordBatch], n: int) -> Iterator[pa.RecordBatch]:
    """(index, passages, ids, [(word, df)]) -> (index, passage number, words, weights) of each passage."""
    import pyarrow as pa

    for batch in batches:
        index, number, words, weights = [], [], [], []
        for r in batch.to_pylist():
            p: PreparedDocument = unpack(r["prepared"])
            df_of = {e["word"]: e["df"] for e in r["entries"]}
            ranges = np.frombuffer(r["passages"], dtype=np.int64).reshape(-1, 2)
            for k, (s, e) in enumerate(ranges.tolist()):
                w, c = np.unique(p.ids[s:e], return_counts=True)
                if not len(w):
                    continue
                signed = _signed(w)
                _, data = _weighted(signed, c, np.array([df_of[x] for x in signed.tolist()], np.int64), n)
                index.append(r["index"])
                number.append(k)
                words.append(signed)
                weights.append(data)
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(index, pa.int64()),
                pa.array(number, pa.int64()),
                list_array(words),
                list_array(weights, np.float64),
            ],
            names=["index", "passage", "words", "weights"],
        )


def _row_cosines(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Pairs with both rows -> the pairs (`_FLAGGED`) with their cosine, summed as
    scipy sums a row of an element-wise product (`numpy.add.reduceat` over its products)."""
    import pyarrow as pa

    for batch in batches:
        out = []
        for r in batch.to_pylist():
            wa = np.array(r["words_a"], np.int64).view(np.uint64)
            wb = np.array(r["words_b"], np.int64).view(np.uint64)
            _, ia, ib = np.intersect1d(wa, wb, assume_unique=True, return_indices=True)
            products = np.asarray(r["weights_a"])[ia] * np.asarray(r["weights_b"])[ib]
            out.append(float(np.add.reduceat(products, [0])[0]) if len(products) else 0.0)
        yield pa.RecordBatch.from_arrays(
            [*(batch.column(name) for name in _FLAGGED), pa.array(out, pa.float64())],
            names=[*_FLAGGED, "cosine"],
        )


def _jaccards(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """(a, b, both shingle sets) -> (a, b, exact Jaccard)."""
    import pyarrow as pa

    for batch in batches:
        out = []
        for r in batch.to_pylist():
            sa = np.sort(np.array(r["sa"], np.int64).view(np.uint64))
            sb = np.sort(np.array(r["sb"], np.int64).view(np.uint64))
            out.append(jaccard_containment(sa, sb)[0])
        yield pa.RecordBatch.from_arrays(
            [batch.column("a"), batch.column("b"), pa.array(out, pa.float64())], names=["a", "b", "jaccard"]
        )


def _allowed(options: Options, a: str = "a", b: str = "b") -> Column | None:
    """The pair filter as a condition on columns ``source_<end>``, ``day_<end>``; None without one."""
    from pyspark.sql import functions as F

    keep = None
    if options.across_sources:
        keep = F.col(f"source_{a}") != F.col(f"source_{b}")
    if options.max_days_apart is not None:
        da, db = F.col(f"day_{a}"), F.col(f"day_{b}")
        near = da.isNull() | db.isNull() | (F.abs(da - db) <= options.max_days_apart)
        keep = near if keep is None else keep & near
    return keep


def _filtered(pairs: DataFrame, meta: DataFrame, options: Options, a: str = "a", b: str = "b") -> DataFrame:
    """`pairs` (columns `a`, `b`) that the pair filter keeps (all without one)."""
    keep = _allowed(options, a, b)
    if keep is None:
        return pairs
    columns = pairs.columns
    with_meta = join_ends(pairs, meta, "source", (f"source_{a}", f"source_{b}"), (a, b))
    with_meta = join_ends(with_meta, meta, "day", (f"day_{a}", f"day_{b}"), (a, b))
    return with_meta.where(keep).select(*columns)


def _shared_shingles(sketches: DataFrame, options: Options) -> DataFrame:
    """(a, b, shared): `shared_shingle_candidates`."""
    from pyspark.sql import functions as F

    held = sketches.select("index", F.explode("shingles").alias("shingle"))
    sizes = held.groupBy("shingle").agg(F.count(F.lit(1)).alias("size"), F.min("index").alias("first"))
    members = held.join(sizes.where(F.col("size") >= 2), "shingle")
    small = members.where(F.col("size") <= options.max_shingle_doc_frequency).select("shingle", "index")
    small_pairs = (
        small.select("shingle", F.col("index").alias("a"))
        .join(small.select("shingle", F.col("index").alias("b")), "shingle")
        .where(F.col("a") < F.col("b"))
        .groupBy("a", "b")
        .agg(F.count(F.lit(1)).alias("small"))
        .where(F.col("small") >= options.min_shared_shingles)
    )
    star = (
        members.where(
            (F.col("size") > options.max_shingle_doc_frequency) & (F.col("index") != F.col("first"))
        )
        .groupBy(F.col("first").alias("a"), F.col("index").alias("b"))
        .agg(F.count(F.lit(1)).alias("star"))
    )
    both = small_pairs.join(star, ["a", "b"], "full")
    shared = F.when(F.col("small").isNotNull(), F.col("small") + F.coalesce("star", F.lit(0))).otherwise(
        F.col("star")
    )
    keep = F.col("small").isNotNull() | (F.col("star") >= options.min_shared_frequent_shingles)
    return both.where(keep).select("a", "b", shared.alias("shared"))


def _strongest(shared: DataFrame, options: Options) -> DataFrame:
    """(a, b): `strongest_per_document` of the shared-shingle pairs."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    strong = shared.where(F.col("shared") >= options.min_shared_frequent_shingles).select("a", "b")
    weak = shared.where(F.col("shared") < options.min_shared_frequent_shingles)
    k = options.shingle_neighbours
    if k == 0:
        return strong
    ends = weak.select(F.col("a").alias("doc"), F.col("b").alias("other"), "a", "b", "shared").union(
        weak.select(F.col("b").alias("doc"), F.col("a").alias("other"), "a", "b", "shared")
    )
    rank = F.row_number().over(Window.partitionBy("doc").orderBy(F.desc("shared"), F.asc("other")))
    chosen = ends.withColumn("rank", rank).where(F.col("rank") <= k).select("a", "b").distinct()
    return strong.union(chosen)


def spark_candidates(prepared: DataFrame, count: int, options: Options) -> SparkCandidates:
    """The candidate pairs of the prepared documents (``index, prepared``;
    `count` of them), as `find_candidates` finds them (see the module)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    disk = StorageLevel.MEMORY_AND_DISK
    bands, rows = optimal_bands(options.lsh_threshold, options.num_perm)
    sketches = prepared.mapInArrow(lambda b: _sketches(b, options, bands, rows), _SKETCH).persist(disk)
    meta = sketches.select("index", "source", "day")
    cap = options.max_shingle_doc_frequency

    # LSH, over the documents with words.
    band_rows = sketches.where(F.col("tokens") > 0).select(
        "index", F.posexplode("band_keys").alias("band", "key")
    )
    lsh = bucket_pairs(band_rows, ["band", "key"], cap).distinct().persist(disk)

    # Shared shingles, filtered, then each document's strongest.
    shingle_pairs = _strongest(_filtered(_shared_shingles(sketches, options), meta, options), options)

    # Copy clusters: LSH pairs with an exact Jaccard of near_duplicate_jaccard.
    sets = sketches.select("index", "shingles")
    jaccards = join_ends(lsh, sets, "shingles", ("sa", "sb")).mapInArrow(
        _jaccards, "a long, b long, jaccard double"
    )
    close = jaccards.where(F.col("jaccard") >= options.near_duplicate_jaccard).select("a", "b")
    components = connected_components(close)
    labels = (
        meta.select("index")
        .join(components, F.col("index") == F.col("node"), "left")
        .select("index", F.coalesce("label", "index").alias("label"))
        .persist(disk)
    )

    # Word weights: each document's TF-IDF row.
    counted = sketches.select("index", F.explode(F.arrays_zip("words", "counts")).alias("e")).select(
        "index", F.col("e.words").alias("word"), F.col("e.counts").alias("count")
    )
    df = counted.groupBy("word").agg(F.count(F.lit(1)).alias("df"))
    entries = (
        counted.join(df, "word")
        .groupBy("index")
        .agg(F.collect_list(F.struct("word", "count", "df")).alias("entries"))
    )
    vectors = entries.mapInArrow(
        lambda b: _vectors(b, count),
        "index long, words array<long>, weights array<double>, idf array<double>",
    )
    vectors = (
        meta.select("index")
        .join(vectors, "index", "left")
        .select(
            "index",
            F.coalesce("words", F.array().cast("array<long>")).alias("words"),
            F.coalesce("weights", F.array().cast("array<double>")).alias("weights"),
            F.coalesce("idf", F.array().cast("array<double>")).alias("idf"),
        )
        .persist(disk)
    )

    # Document neighbours, among cluster representatives.
    reps = labels.where(F.col("index") == F.col("label")).select("index")
    n_reps = reps.count()
    rep_vectors = vectors.join(reps, "index").select("index", "words", "weights")
    rep_common = (
        rep_vectors.select(F.explode("words").alias("word"))
        .groupBy("word")
        .count()
        .where(F.col("count") > max(_COMMON_SHARE * n_reps, _COMMON_MIN))
        .select("word")
    )
    neighbours = _neighbour_pairs(cut(without_words(rep_vectors, ["index"], rep_common)), meta, options)

    # Passage neighbours.
    passages = _passage_pairs(prepared, sketches, df, vectors, labels, reps, meta, count, options)

    # Each source's pairs are few: held, so the union's plan is not all of the above at once.
    shingle_pairs, neighbours, passages = (_held(f) for f in (shingle_pairs.distinct(), neighbours, passages))
    union = (
        lsh.withColumn("lsh", F.lit(True))
        .join(shingle_pairs.withColumn("shingles", F.lit(True)), ["a", "b"], "full")
        .join(neighbours.withColumn("neighbours", F.lit(True)), ["a", "b"], "full")
        .join(passages.withColumn("passages", F.lit(True)), ["a", "b"], "full")
    )
    flags = [
        F.coalesce(name, F.lit(False)).alias(name) for name in ("lsh", "shingles", "neighbours", "passages")
    ]
    union = _held(_filtered(union.select("a", "b", *flags), meta, options))
    rows_ab = join_ends(union, vectors, "words", ("words_a", "words_b"))
    rows_ab = join_ends(rows_ab, vectors, "weights", ("weights_a", "weights_b"))
    # The flags ride through the task: joining `union` with a frame made from it
    # would be a self-join, which Spark plans badly.
    pairs = rows_ab.select(*_FLAGGED, "words_a", "words_b", "weights_a", "weights_b").mapInArrow(
        _row_cosines, _CANDIDATES
    )
    pairs = pairs.persist(disk)
    pairs.count()
    return SparkCandidates(pairs, labels, sketches, vectors, bands, rows, [lsh])


def _held(frame: DataFrame) -> DataFrame:
    """`frame` computed now and its plan cut (`cut`): a later plan that uses
    it does not plan everything before it again, which with the pair
    filter's joins runs the planner out of memory."""
    return cut(frame)


def _top(frame: DataFrame, by: str, k: int, other: str = "y") -> DataFrame:
    """The `k` rows of highest cosine of each `by` (ties: the lower `other`)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    rank = F.row_number().over(Window.partitionBy(by).orderBy(F.desc("cosine"), F.asc(other)))
    return frame.withColumn("rank", rank).where(F.col("rank") <= k).drop("rank")


def _neighbour_pairs(rep_rows: DataFrame, meta: DataFrame, options: Options) -> DataFrame:
    """(a, b): `neighbour_candidates` over the representatives' rows without common words."""
    from pyspark.sql import functions as F

    k = options.topical_neighbours
    if k == 0:
        return rep_rows.sparkSession.createDataFrame([], "a long, b long")
    x = rep_rows.select(F.col("index").alias("x"), F.lit(0).cast("long").alias("part"), "words", "weights")
    y = rep_rows.select(F.col("index").alias("y"), "words", "weights")
    sims = block_cosines(x, y, options.retrieval_similarity).select("x", "y", "cosine")
    keep = _allowed(options, "x", "y")
    if keep is not None:
        with_meta = join_ends(sims, meta, "source", ("source_x", "source_y"), ("x", "y"))
        with_meta = join_ends(with_meta, meta, "day", ("day_x", "day_y"), ("x", "y"))
        sims = with_meta.where(keep | (F.col("x") == F.col("y"))).select("x", "y", "cosine")
    top = _top(sims, "x", k + 1).where(F.col("x") != F.col("y"))
    return top.select(F.least("x", "y").alias("a"), F.greatest("x", "y").alias("b")).distinct()


def _passage_pairs(
    prepared: DataFrame,
    sketches: DataFrame,
    df: DataFrame,
    vectors: DataFrame,
    labels: DataFrame,
    reps: DataFrame,
    meta: DataFrame,
    count: int,
    options: Options,
) -> DataFrame:
    """(a, b): `passage_neighbours`."""
    from pyspark.sql import functions as F

    k = options.passage_neighbours
    if k == 0:
        return prepared.sparkSession.createDataFrame([], "a long, b long")
    common = df.where(F.col("df") > max(_COMMON_SHARE * count, _COMMON_MIN)).select("word")
    held = sketches.select("index", F.explode("words").alias("word")).join(df, "word")
    entries = held.groupBy("index").agg(F.collect_list(F.struct("word", "df")).alias("entries"))
    with_ids = prepared.join(sketches.select("index", "passages"), "index").join(entries, "index")
    passage_vectors = with_ids.mapInArrow(
        lambda b: _passage_vectors(b, count),
        "index long, passage long, words array<long>, weights array<double>",
    )
    x = without_words(passage_vectors.withColumnRenamed("index", "x"), ["x", "passage"], common)
    y = without_words(vectors.join(reps, "index").select("index", "words", "weights"), ["index"], common)
    x = cut(x.withColumnRenamed("passage", "part"))
    y = cut(y.withColumnRenamed("index", "y"))
    sims = block_cosines(x, y, options.passage_similarity)
    sims = sims.select(F.col("x").alias("owner"), F.col("part").alias("passage"), "y", "cosine")
    keep = _allowed(options, "owner", "y")
    if keep is not None:
        with_meta = join_ends(sims, meta, "source", ("source_owner", "source_y"), ("owner", "y"))
        with_meta = join_ends(with_meta, meta, "day", ("day_owner", "day_y"), ("owner", "y"))
        sims = with_meta.where(keep).select("owner", "passage", "y", "cosine")
    sims = sims.withColumn("pid", F.struct("owner", "passage"))
    top = _top(sims, "pid", k + 1)
    clustered = join_ends(top, labels, "label", ("owner_label", "y_label"), ("owner", "y"))
    other = clustered.where(F.col("owner_label") != F.col("y_label"))
    best = _top(other, "pid", k)
    return best.select(F.least("owner", "y").alias("a"), F.greatest("owner", "y").alias("b")).distinct()

"""Aligning and scoring candidate pairs on Spark, with the collection's evidence.

Each candidate pair joins both prepared documents and runs the local
engine's per-pair functions in a task (``mapInArrow``): `reuse_alignments`
(with the pair's words' collection IDF, all a `WordWeights` is asked for),
the similar sentences of `compare.analysis.topical`, `topical_matches` and
`score_pair`.

Similar sentences need IDF over all the collection's sentences, and
`tfidf_matrix` numbers words by their first appearance, which orders the
sums of a cosine. So every word of a long enough sentence is exploded and
grouped for its sentence frequency and its first appearance (document,
position); each document's sentence rows are weighed by them once, in a
task, and a pair's task multiplies its two documents' rows by scipy with
the words in that order: the local engine's sums. A pair's task reads
everything of each document as one joined column.

Evidence (`compare.analysis.evidence`): reuse groups are connected
components of the pairs that share a passage; each shingle's number of
groups is an aggregation; a pair's rare sequences are the intersection of
its documents' rare shingles. The same-topic baseline's figures need the
distribution of the ``topical`` pairs' counts: a histogram (a few dozen
rows) comes to the driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ...spark.frames import arrow_schema, cut, join_ends, list_array
from ...spark.graph import connected_components
from ..evidence import baseline_figures, evidence_of
from ..options import Options
from ..prepare import PreparedDocument
from ..result import PairResult
from ..reuse import reuse_alignments
from ..score import score_pair
from ..tfidf import WordWeights
from ..topical import sentence_rows, topical_matches
from .prepare import pack, unpack

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = ["compared_pairs", "with_evidence"]

_PAIRS = "a long, b long, relation string, pair binary"
_WORDS = "index long, word string, row long, pos long, rows long"
_SENTENCES = "index long, lengths array<long>, keys array<long>, weights array<double>"
_Rows = tuple[np.ndarray, np.ndarray, np.ndarray]
"""A document's sentence rows: each row's length, then all rows' keys and weights, row after row."""


def _sentence_words(
    batches: Iterator[pa.RecordBatch], options: Options, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """Prepared documents -> (index, word, row, pos) of each word of its sentence
    rows (`sentence_rows`), `pos` counted over the rows, and (index, rows) counts."""
    import pyarrow as pa

    for batch in batches:
        out: dict[str, list] = {"index": [], "word": [], "row": [], "pos": [], "rows": []}
        for r in batch.to_pylist():
            p: PreparedDocument = unpack(r["prepared"])
            rows = sentence_rows([p], options)[0]
            pos = 0
            for k, (s, e) in enumerate(rows):
                for w in p.tokens.words[s:e]:
                    out["index"].append(r["index"])
                    out["word"].append(w)
                    out["row"].append(k)
                    out["pos"].append(pos)
                    out["rows"].append(None)
                    pos += 1
            out["index"].append(r["index"])  # the document's count of rows, words null
            out["word"].append(None)
            out["row"].append(None)
            out["pos"].append(None)
            out["rows"].append(len(rows))
        yield pa.RecordBatch.from_pydict(out, schema=schema)


def _sentence_matrix(p: PreparedDocument, entries: list[dict], n: int, options: Options) -> tuple[list, list]:
    """A document's sentence rows as `tfidf_matrix` weighs them: each row's
    word keys (first appearance, ascending) and weights."""
    by_word = {e["word"]: (e["df"], (e["first_index"] << 32) | e["first_pos"]) for e in entries}
    keys, weights = [], []
    for s, e in sentence_rows([p], options)[0]:
        words, counts = np.unique(np.array(p.tokens.words[s:e], dtype=object), return_counts=True)
        info = [by_word[w] for w in words.tolist()]
        key = np.array([k for _, k in info], dtype=np.int64)
        df = np.array([d for d, _ in info], dtype=np.int64)
        order = np.argsort(key, kind="stable")
        key, df, count = key[order], df[order], counts[order].astype(np.float64)
        data = (1.0 + np.log(count)) * (np.log((1 + n) / (1 + df)) + 1.0)
        norm = np.sqrt(np.cumsum(data**2)[-1]) if len(data) else 1.0
        keys.append(key)
        weights.append(data / norm)
    return keys, weights


def _sentence_vectors(
    batches: Iterator[pa.RecordBatch], options: Options, n: int, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """Prepared documents with their sentence words' figures -> each document's
    sentence rows, weighed (`_sentence_matrix`): the rows' lengths, then
    all their keys and weights, row after row (`_SENTENCES`)."""
    import pyarrow as pa

    for batch in batches:
        index, lengths, keys, weights = [], [], [], []
        for r in batch.to_pylist():
            k, w = _sentence_matrix(unpack(r["prepared"]), r["sentences"] or [], n, options)
            index.append(r["index"])
            lengths.append(np.array([len(x) for x in k], np.int64))
            keys.append(np.concatenate(k) if k else np.zeros(0, np.int64))
            weights.append(np.concatenate(w) if w else np.zeros(0))
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(index, pa.int64()),
                list_array(lengths),
                list_array(keys),
                list_array(weights, np.float64),
            ],
            schema=schema,
        )


def _similar(a: _Rows, b: _Rows, threshold: float) -> list[tuple[int, int, float]]:
    """Sentence pairs (row of a, row of b, cosine) at or above `threshold`,
    multiplied by scipy with the words in the local engine's column order."""
    if not len(a[0]) or not len(b[0]):
        return []
    columns = np.unique(np.concatenate([a[1], b[1]]))

    def matrix(rows: _Rows) -> sp.csr_matrix:
        lengths, keys, weights = rows
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        return sp.csr_matrix(
            (weights, np.searchsorted(columns, keys), indptr), shape=(len(lengths), len(columns))
        )

    product = (matrix(a) @ matrix(b).T).toarray()
    r, c = np.nonzero(product >= threshold)
    return list(zip(r.tolist(), c.tolist(), product[r, c].tolist(), strict=True))


def _lists(batch: pa.RecordBatch, name: str) -> list[np.ndarray]:
    """Each row's list of column `name` as a numpy array (a null list: empty)."""
    column = batch.column(name)
    offsets = column.offsets.to_numpy()
    values = column.values.to_numpy(zero_copy_only=False)
    return [values[s:e] for s, e in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]


def _compare(
    batches: Iterator[pa.RecordBatch], options: Options, n_docs: int, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """Candidate pairs with both documents -> the related ones, scored (`_PAIRS`)."""
    import pyarrow as pa

    for batch in batches:
        out: dict[str, list] = {"a": [], "b": [], "relation": [], "pair": []}
        lists = {
            f"{name}_{end}": _lists(batch, f"{name}_{end}")
            for name in ("words", "idf", "lengths", "keys", "weights")
            for end in "ab"
        }
        columns = {name: batch.column(name).to_pylist() for name in ("a", "b", "cosine", "lsh")}
        prepared = {end: batch.column(f"prepared_{end}") for end in "ab"}
        # The pairs come grouped by a document (the last join's key): each
        # document is unpickled once in a batch, not once for each pair.
        documents: dict[int, PreparedDocument] = {}
        for k, (i, j) in enumerate(zip(columns["a"], columns["b"], strict=True)):
            for index, end in ((i, "a"), (j, "b")):
                if index not in documents:
                    documents[index] = unpack(prepared[end][k].as_py())
            a, b = documents[i], documents[j]
            weights = _pair_weights(
                lists["words_a"][k], lists["idf_a"][k], lists["words_b"][k], lists["idf_b"][k], n_docs
            )
            alignments = reuse_alignments(a, b, options, weights)
            rows_a, rows_b = sentence_rows([a, b], options)
            similar = _similar(
                (lists["lengths_a"][k], lists["keys_a"][k], lists["weights_a"][k]),
                (lists["lengths_b"][k], lists["keys_b"][k], lists["weights_b"][k]),
                options.topical_similarity,
            )
            topical = topical_matches(a, b, rows_a, rows_b, similar, alignments, options)
            pair = score_pair(
                a, b, alignments, topical, options, (i, j), columns["cosine"][k], columns["lsh"][k]
            )
            if pair is not None:
                out["a"].append(i)
                out["b"].append(j)
                out["relation"].append(pair.relation)
                out["pair"].append(pack(pair))
        yield pa.RecordBatch.from_pydict(out, schema=schema)


def _pair_weights(
    words_a: np.ndarray, idf_a: np.ndarray, words_b: np.ndarray, idf_b: np.ndarray, n: int
) -> WordWeights:
    """The collection's IDF of both documents' words (all the pair's alignment asks of it)."""
    words = np.concatenate([words_a, words_b]).astype(np.int64).view(np.uint64)
    idf = np.concatenate([idf_a, idf_b]).astype(np.float64)
    unique, first = np.unique(words, return_index=True)
    return WordWeights(unique, idf[first], float(np.log(1 + n) + 1))


def compared_pairs(
    candidates: DataFrame, prepared: DataFrame, vectors: DataFrame, n_docs: int, options: Options
) -> DataFrame:
    """(a, b, relation, pair): every candidate aligned and scored, the related
    ones kept, each `PairResult` pickled (evidence not yet set)."""
    from pyspark.sql import functions as F

    words_schema, sentences_schema, pairs_schema = (arrow_schema(d) for d in (_WORDS, _SENTENCES, _PAIRS))
    words = prepared.mapInArrow(lambda b: _sentence_words(b, options, words_schema), _WORDS)
    total = words.agg(F.sum("rows")).first()
    n_rows = int(total[0] or 0) if total is not None else 0
    words = words.where(F.col("word").isNotNull())
    table = words.groupBy("word").agg(
        F.count_distinct("index", "row").alias("df"), F.min(F.struct("index", "pos")).alias("first")
    )
    entries = (
        words.select("index", "word")
        .distinct()
        .join(table, "word")
        .groupBy("index")
        .agg(
            F.collect_list(
                F.struct(
                    "word",
                    "df",
                    F.col("first.index").alias("first_index"),
                    F.col("first.pos").alias("first_pos"),
                )
            ).alias("sentences")
        )
    )
    # Each document's sentence rows weighed once, not once for each of its pairs.
    sentences = prepared.join(entries, "index", "left").mapInArrow(
        lambda b: _sentence_vectors(b, options, n_rows, sentences_schema), _SENTENCES
    )
    # All a pair's task reads of a document, as one column: two joins, not one per column.
    names = ["prepared", "words", "idf", "lengths", "keys", "weights"]
    documents = cut(  # read for both ends: computed once
        prepared.join(vectors.select("index", "words", "idf"), "index")
        .join(sentences, "index")
        .select("index", F.struct(*names).alias("document"))
    )
    pairs = join_ends(candidates.select("a", "b", "cosine", "lsh"), documents, "document", ("one", "two"))
    pairs = pairs.select(
        "a",
        "b",
        "cosine",
        "lsh",
        *(
            F.col(f"{side}.{name}").alias(f"{name}_{end}")
            for side, end in (("one", "a"), ("two", "b"))
            for name in names
        ),
    )
    return pairs.mapInArrow(lambda b: _compare(b, options, n_docs, pairs_schema), _PAIRS)


def _rare_counts(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Pairs with both documents' rare shingles -> the pairs with their rare shared count."""
    import pyarrow as pa

    for batch in batches:
        counts = []
        for ra, rb in zip(
            batch.column("rare_a").to_pylist(), batch.column("rare_b").to_pylist(), strict=True
        ):
            counts.append(len(np.intersect1d(ra or [], rb or [])))
        yield pa.RecordBatch.from_arrays(
            [*(batch.column(name) for name in ("a", "b", "relation", "pair")), pa.array(counts, pa.int64())],
            names=["a", "b", "relation", "pair", "rare"],
        )


def _labelled(
    batches: Iterator[pa.RecordBatch],
    options: Options,
    same_topic: int,
    median: float | None,
    high: float | None,
) -> Iterator[pa.RecordBatch]:
    """Pairs with their rare count -> the pairs with their evidence set."""
    import pyarrow as pa

    for batch in batches:
        out = []
        for data, n in zip(batch.column("pair").to_pylist(), batch.column("rare").to_pylist(), strict=True):
            pair: PairResult = unpack(data)
            pair.evidence = evidence_of(n, same_topic, median, high, options)
            out.append(pack(pair))
        yield pa.RecordBatch.from_arrays(
            [batch.column("a"), batch.column("b"), batch.column("relation"), pa.array(out, pa.binary())],
            names=["a", "b", "relation", "pair"],
        )


def with_evidence(pairs: DataFrame, sketches: DataFrame, options: Options) -> DataFrame:
    """`pairs` (`_PAIRS`) with each pair's evidence (`pair_evidence`)."""
    from pyspark.sql import functions as F

    linked = pairs.where(F.col("relation") != "topical").select("a", "b")
    groups = (
        sketches.select("index")
        .join(connected_components(linked), F.col("index") == F.col("node"), "left")
        .select("index", F.coalesce("label", "index").alias("group"))
    )
    held = sketches.select("index", F.explode("shingles").alias("shingle"))
    frequency = held.join(groups, "index").select("shingle", "group").distinct().groupBy("shingle").count()
    rare = (
        held.join(frequency.where(F.col("count") <= options.evidence_rare_groups), "shingle")
        .groupBy("index")
        .agg(F.sort_array(F.collect_list("shingle")).alias("rare"))
    )
    ends = pairs  # joined, not a self-join of `pairs`: Spark would resolve its ends to one side
    for end in ("a", "b"):
        ends = ends.join(
            rare.select(F.col("index").alias(end), F.col("rare").alias(f"rare_{end}")), end, "left"
        )
    counted = cut(ends.mapInArrow(_rare_counts, f"{_PAIRS}, rare long"))  # read twice below
    histogram = (
        counted.where(F.col("relation") == "topical").groupBy("rare").count().orderBy("rare").collect()
    )
    baseline = np.repeat(
        np.array([r["rare"] for r in histogram], dtype=float), [r["count"] for r in histogram]
    )
    median, high = baseline_figures(baseline, options)
    return counted.mapInArrow(lambda b: _labelled(b, options, len(baseline), median, high), _PAIRS)

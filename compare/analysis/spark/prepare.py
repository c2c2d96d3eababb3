"""Preparation on Spark: `compare.analysis.prepare.prepare_corpus` and
`compare.analysis.furniture.without_furniture`, as tasks and aggregations.

1. Boilerplate (`find_boilerplate`) is a rule within each source: each
   source's distinct texts, and each short line's holders among them, are
   counted by aggregations, and each document finds its spans in a task
   by the local rule (`excluded_lines`).
2. Each document is prepared by `prepare_document` in a task (``mapInArrow``).
3. Cross-site furniture (`compare.analysis.furniture`): each page's edge
   k-grams are exploded and grouped; a k-gram held by at least `min_sites`
   pages is widespread when `independent` says so of its holders' middles
   (grouped by their list of holders, as the local engine decides each list
   once); each page joins the widespread k-grams it holds and
   `furniture_lines` finds its furniture; a page with furniture is prepared
   again without it.

A prepared document travels as one binary column: its `PreparedDocument`,
pickled (`pack`, `unpack`). K-gram hashes are 64-bit unsigned; Spark holds
them as signed longs with the same bits.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ...spark.frames import cut
from ...text.boilerplate import boilerplate_keys, excluded_lines
from ..furniture import FurnitureParams, edge_grams, furniture_lines, independent, page_of
from ..options import Options
from ..prepare import PreparedDocument, prepare_document
from .documents import document_of

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = ["pack", "prepared_documents", "unpack"]

_PREPARED = "index long, prepared binary"
#: Holders of a furniture k-gram whose pages are judged first; the rest only if those do not decide.
FIRST_HOLDERS = 64


def pack(value: Any) -> bytes:
    """A value as bytes for a binary column (pickle: our own intermediate data only)."""
    return pickle.dumps(value, protocol=5)


def unpack(data: bytes) -> Any:
    return pickle.loads(data)


def _line_keys(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Documents -> (index, source, digest of the text's key, its short lines'
    keys, distinct): what `find_boilerplate` counts (`boilerplate_keys`)."""
    import pyarrow as pa

    for batch in batches:
        digests, lines = [], []
        for text in batch.column("text").to_pylist():
            key, short = boilerplate_keys(text)
            digests.append(hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest())
            lines.append(sorted(set(short)))
        yield pa.RecordBatch.from_arrays(
            [
                batch.column("index"),
                batch.column("source"),
                pa.array(digests, pa.binary()),
                pa.array(lines, pa.list_(pa.string())),  # typed: a batch may have no short line at all
            ],
            names=["index", "source", "digest", "lines"],
        )


def _excluded(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Documents with their short lines' counts and their source's count of
    distinct texts -> (index, pickled excluded spans), by `excluded_lines`."""
    import pyarrow as pa

    for batch in batches:
        spans = []
        for r in batch.to_pylist():
            counts = {c["line"]: c["count"] for c in r["counts"] or []}
            spans.append(pack(excluded_lines(r["text"], r["source"], counts, r["documents"])))
        yield pa.RecordBatch.from_arrays(
            [batch.column("index"), pa.array(spans, pa.binary())], names=["index", "excluded"]
        )


def _boilerplate(documents: DataFrame) -> DataFrame:
    """(index, pickled excluded spans): `find_boilerplate` as aggregations.
    A source's count of distinct texts, and each short line's count of the
    distinct texts of its source holding it, are grouped over the whole
    collection; each document then finds its spans in a task. No source is
    ever held in one task. Identical texts are told apart by the SHA-256 of
    their key."""
    from pyspark.sql import functions as F

    keys = cut(
        documents.select("index", "text", "source").mapInArrow(
            _line_keys, "index long, source string, digest binary, lines array<string>"
        )
    )
    texts = keys.groupBy("source").agg(F.count_distinct("digest").alias("documents"))
    held = keys.select("index", "source", "digest", F.explode("lines").alias("line"))
    counts = held.groupBy("source", "line").agg(F.count_distinct("digest").alias("count"))
    per_document = (
        held.join(counts, ["source", "line"])
        .groupBy("index")
        .agg(F.collect_list(F.struct("line", "count")).alias("counts"))
    )
    return (
        documents.select("index", "text", "source")
        .join(texts, "source")
        .join(per_document, "index", "left")
        .mapInArrow(_excluded, "index long, excluded binary")
    )


def _prepare(batches: Iterator[pa.RecordBatch], options: Options) -> Iterator[pa.RecordBatch]:
    """Documents with their excluded spans -> (index, pickled `PreparedDocument`)."""
    import pyarrow as pa

    minhasher = options.minhasher()
    for batch in batches:
        rows = batch.to_pylist()
        prepared = [prepare_document(document_of(r), unpack(r["excluded"]), minhasher) for r in rows]
        yield pa.RecordBatch.from_pydict(
            {"index": [r["index"] for r in rows], "prepared": [pack(p) for p in prepared]},
            schema=pa.schema([("index", pa.int64()), ("prepared", pa.binary())]),
        )


def _signed(values: np.ndarray) -> list[int]:
    return values.astype(np.uint64).view(np.int64).tolist()


def _pages(batches: Iterator[pa.RecordBatch], k: int, edge_share: float) -> Iterator[pa.RecordBatch]:
    """Prepared documents -> each page's (index, source, pickled page, middle, edge k-grams)."""
    import pyarrow as pa

    for batch in batches:
        out: dict[str, list] = {"index": [], "source": [], "page": [], "middle": [], "grams": []}
        for r in batch.to_pylist():
            p: PreparedDocument = unpack(r["prepared"])
            page = page_of(p, k, edge_share)
            out["index"].append(r["index"])
            out["source"].append(p.document.source)
            out["page"].append(pack(page))
            out["middle"].append(page.middle.astype(np.uint64).tobytes())
            out["grams"].append(_signed(edge_grams(page)))
        yield pa.RecordBatch.from_pydict(out, schema=_page_schema())


def _page_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("index", pa.int64()),
            ("source", pa.string()),
            ("page", pa.binary()),
            ("middle", pa.binary()),
            ("grams", pa.list_(pa.int64())),
        ]
    )


def _decided(batches: Iterator[pa.RecordBatch], params: FurnitureParams) -> Iterator[pa.RecordBatch]:
    """(holders, their middles in holder order) -> (holders, independent?)."""
    import pyarrow as pa

    for batch in batches:
        holders, verdicts = [], []
        for r in batch.to_pylist():
            middles = [
                np.frombuffer(m["middle"], dtype=np.uint64)
                for m in sorted(r["middles"], key=lambda m: m["pos"])
            ]
            holders.append(r["holders"])
            verdicts.append(independent(middles, params.related_shingles, params.min_sites))
        yield pa.RecordBatch.from_pydict(
            {"holders": holders, "independent": verdicts},
            schema=pa.schema([("holders", pa.list_(pa.int64())), ("independent", pa.bool_())]),
        )


def _furniture(batches: Iterator[pa.RecordBatch], line_share: float) -> Iterator[pa.RecordBatch]:
    """(index, page, widespread k-grams it holds) -> (index, pickled furniture spans), pages with some."""
    import pyarrow as pa

    for batch in batches:
        index, spans = [], []
        for r in batch.to_pylist():
            widespread = {
                int(np.int64(w["gram"]).view(np.uint64)): (w["docs"], w["sources"]) for w in r["widespread"]
            }
            found = furniture_lines(unpack(r["page"]), widespread, line_share)
            if found:
                index.append(r["index"])
                spans.append(pack(found))
        yield pa.RecordBatch.from_pydict(
            {"index": index, "furniture": spans},
            schema=pa.schema([("index", pa.int64()), ("furniture", pa.binary())]),
        )


def _prepare_again(batches: Iterator[pa.RecordBatch], options: Options) -> Iterator[pa.RecordBatch]:
    """Prepared documents with furniture -> prepared again, without it."""
    import pyarrow as pa

    minhasher = options.minhasher()
    for batch in batches:
        index, prepared = [], []
        for r in batch.to_pylist():
            p: PreparedDocument = unpack(r["prepared"])
            excluded = sorted([*p.excluded, *unpack(r["furniture"])], key=lambda e: (e.start, e.end))
            index.append(r["index"])
            prepared.append(pack(prepare_document(p.document, excluded, minhasher)))
        yield pa.RecordBatch.from_pydict(
            {"index": index, "prepared": prepared},
            schema=pa.schema([("index", pa.int64()), ("prepared", pa.binary())]),
        )


def _decided_lists(members: DataFrame, pages: DataFrame, params: FurnitureParams) -> DataFrame:
    """(holders, independent?) of each list of holders, from its `members`
    (holders, pos, index): their pages' middles, in holder order, judged by `independent`."""
    from pyspark.sql import functions as F

    middles = (
        members.join(pages.select("index", "middle"), "index")
        .groupBy("holders")
        .agg(F.collect_list(F.struct("pos", "middle")).alias("middles"))
    )
    return middles.mapInArrow(lambda b: _decided(b, params), "holders array<long>, independent boolean")


def _without_furniture(prepared: DataFrame, params: FurnitureParams, options: Options) -> DataFrame:
    from pyspark.sql import functions as F

    k = options.shingle_size
    pages = cut(  # read by three branches below: computed once
        prepared.mapInArrow(
            lambda b: _pages(b, k, params.edge_share),
            "index long, source string, page binary, middle binary, grams array<long>",
        )
    )
    held = pages.select("index", F.explode("grams").alias("gram"))
    common = (
        held.groupBy("gram")
        .agg(F.count(F.lit(1)).alias("docs"), F.sort_array(F.collect_list("index")).alias("holders"))
        .where(F.col("docs") >= params.min_sites)
    )
    members = (
        common.select("holders").distinct().select("holders", F.posexplode("holders").alias("pos", "index"))
    )
    sources = (
        members.join(pages.select("index", "source"), "index")
        .groupBy("holders")
        .agg(F.count_distinct("source").alias("sources"))
    )
    # `independent` stops at its `min_sites`-th unrelated page: most lists are
    # decided by their first holders, and only the others are read whole.
    first = _decided_lists(members.where(F.col("pos") < FIRST_HOLDERS), pages, params)
    whole = F.size("holders") <= FIRST_HOLDERS
    rest = first.where(~F.col("independent") & ~whole).select("holders")
    decided = first.where(F.col("independent") | whole).unionByName(
        _decided_lists(members.join(rest, "holders"), pages, params)
    )
    widespread = (
        common.join(decided.where("independent"), "holders")
        .join(sources, "holders")
        .select("gram", "docs", "sources")
    )
    on_pages = (
        held.join(widespread, "gram")
        .groupBy("index")
        .agg(F.collect_list(F.struct("gram", "docs", "sources")).alias("widespread"))
    )
    furniture = (
        pages.select("index", "page")
        .join(on_pages, "index")
        .mapInArrow(lambda b: _furniture(b, params.line_share), "index long, furniture binary")
    )
    again = prepared.join(furniture, "index").mapInArrow(lambda b: _prepare_again(b, options), _PREPARED)
    return prepared.join(furniture.select("index"), "index", "left_anti").unionByName(again)


def prepared_documents(documents: DataFrame, options: Options) -> DataFrame:
    """``(index, prepared)``: each document of `documents` (`DOCUMENT_COLUMNS`)
    prepared as `prepare_corpus` then `without_furniture` prepare it."""
    prepared = documents.join(_boilerplate(documents), "index").mapInArrow(
        lambda b: _prepare(b, options), _PREPARED
    )
    if options.furniture is not None:  # each document is read three times there: prepared once
        prepared = _without_furniture(cut(prepared), options.furniture, options)
    return prepared

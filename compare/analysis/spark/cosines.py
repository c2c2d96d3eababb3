"""TF-IDF cosines between two sets of rows on Spark, multiplied by scipy in blocks.

The local engine multiplies its sparse TF-IDF matrices with scipy
(`compare.analysis.tfidf.cosine_pairs`). Here the rows of each side are
dealt into blocks (by document index), every block of one side meets every
block of the other in a task (a ``cogroup``), and the task runs
`cosine_pairs` on the two blocks. Block x block costs each row one copy per
block of the other side; joining the rows on their shared words instead
costs a Spark row per product, which for a word held by d rows is d^2 rows.

The cosines are the local engine's to the last bit: scipy sums a product
cell over the words of the left row in column order, from 0.0, and each
block numbers its columns by the words' unsigned hash, ascending, as the
local matrices do. The order of the words, not their numbers, fixes the sum.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ..tfidf import cosine_pairs

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = ["BLOCK_ROWS", "block_cosines", "without_words"]

#: Rows of one side in a block, about (rows are dealt to blocks by index modulo their number).
BLOCK_ROWS = 4096
_MIN_LONG = -(2**63)
_COSINES = "x long, part long, y long, cosine double"


def _list(table: pa.Table, name: str) -> pa.ListArray:
    import pyarrow as pa

    return pa.concat_arrays(table.column(name).chunks)


def _rows(table: pa.Table, columns: np.ndarray) -> sp.csr_matrix:
    """A block's rows (``words``: signed 64-bit hashes, ``weights``) as a CSR
    matrix over `columns` (the block pair's words, ascending unsigned)."""
    words = _list(table, "words")
    offsets = words.offsets.to_numpy()
    flat = words.flatten().to_numpy().view(np.uint64)
    data = _list(table, "weights").flatten().to_numpy()
    matrix = sp.csr_matrix(
        (data, np.searchsorted(columns, flat), offsets - offsets[0]), shape=(table.num_rows, len(columns))
    )
    matrix.sort_indices()
    return matrix


def _block_pair(x: pa.Table, y: pa.Table, threshold: float) -> pa.Table:
    """One block of each side -> (x, part, y, cosine) of the row pairs at or above `threshold`."""
    import pyarrow as pa

    schema = pa.schema([("x", pa.int64()), ("part", pa.int64()), ("y", pa.int64()), ("cosine", pa.float64())])
    if x.num_rows == 0 or y.num_rows == 0:
        return schema.empty_table()
    columns = np.unique(
        np.concatenate([_list(t, "words").flatten().to_numpy().view(np.uint64) for t in (x, y)])
    )
    found = cosine_pairs(_rows(x, columns), _rows(y, columns), threshold)
    if not found:
        return schema.empty_table()
    rx, ry, cosine = (np.array(v) for v in zip(*found, strict=True))
    return pa.table(
        {
            "x": x.column("x").to_numpy()[rx],
            "part": x.column("part").to_numpy()[rx],
            "y": y.column("y").to_numpy()[ry],
            "cosine": cosine.astype(np.float64),
        },
        schema=schema,
    )


def _blocks(rows: int, partitions: int) -> int:
    """Blocks for a side of `rows` rows: about `BLOCK_ROWS` rows each, and
    enough that the block pairs keep `partitions` tasks busy."""
    return max(math.ceil(rows / BLOCK_ROWS), math.isqrt(max(partitions - 1, 0)) + 1)


def block_cosines(x: DataFrame, y: DataFrame, threshold: float) -> DataFrame:
    """``(x, part, y, cosine)``: every row of `x` (``x``, ``part``, ``words``,
    ``weights``) against every row of `y` (``y``, ``words``, ``weights``)
    with cosine at or above `threshold`, as `cosine_pairs` finds them.

    Words are signed 64-bit hashes, ascending as unsigned in each row;
    weights are the rows' L2-normalized TF-IDF. ``part`` tells apart rows of
    one document (its passages); blocks are dealt by ``x`` and ``y``.
    """
    from pyspark.sql import functions as F

    spark = x.sparkSession
    partitions = int(str(spark.conf.get("spark.sql.shuffle.partitions")))
    nx, ny = _blocks(x.count(), partitions), _blocks(y.count(), partitions)
    # New names for every column: x and y may be one frame, which Spark
    # would otherwise not tell apart in the cogroup.
    xs = x.select(
        F.pmod("x", F.lit(nx)).alias("i"), *(F.col(c).alias(c) for c in ("x", "part", "words", "weights"))
    ).crossJoin(spark.range(ny).select(F.col("id").alias("j")))
    ys = y.select(
        F.pmod("y", F.lit(ny)).alias("j"), *(F.col(c).alias(c) for c in ("y", "words", "weights"))
    ).crossJoin(spark.range(nx).select(F.col("id").alias("i")))
    return (
        xs.groupBy("i", "j")
        .cogroup(ys.groupBy("i", "j"))
        .applyInArrow(lambda a, b: _block_pair(a, b, threshold), _COSINES)
    )


def without_words(rows: DataFrame, key: list[str], words: DataFrame) -> DataFrame:
    """`rows` (`key` columns, ``words``, ``weights``) without the `words`
    (a frame of ``word``), each row's words still ascending unsigned; rows
    left with no words are dropped."""
    from pyspark.sql import functions as F

    entries = rows.select(*key, F.explode(F.arrays_zip("words", "weights")).alias("e")).select(
        *key,
        F.col("e.words").alias("word"),
        F.col("e.weights").alias("weight"),
    )
    kept = entries.join(words, "word", "left_anti")
    ordered = F.array_sort(
        F.collect_list(F.struct(F.col("word").bitwiseXOR(F.lit(_MIN_LONG)).alias("order"), "word", "weight"))
    )
    return (
        kept.groupBy(*key)
        .agg(ordered.alias("e"))
        .select(*key, F.col("e.word").alias("words"), F.col("e.weight").alias("weights"))
    )

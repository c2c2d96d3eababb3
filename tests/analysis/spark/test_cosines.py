"""Block cosines on Spark are the local `cosine_pairs` (`compare.analysis.spark.cosines`)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from compare.analysis.spark import cosines
from compare.analysis.spark.cosines import block_cosines, without_words
from compare.analysis.tfidf import cosine_pairs

pytestmark = pytest.mark.spark


def _rows(seed: int, n: int, vocabulary: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """`n` random rows: distinct words of `vocabulary` (ascending unsigned), L2-normalized weights."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        size = int(rng.integers(0, 25))  # some rows empty
        words = np.sort(rng.choice(vocabulary, size=size, replace=False))
        weights = rng.random(size) + 0.1
        out.append((words, weights / np.sqrt(np.sum(weights**2)) if size else weights))
    return out


def _matrix(rows: list[tuple[np.ndarray, np.ndarray]], columns: np.ndarray) -> sp.csr_matrix:
    indptr = np.concatenate([[0], np.cumsum([len(w) for w, _ in rows])])
    indices = np.searchsorted(columns, np.concatenate([w for w, _ in rows]))
    data = np.concatenate([v for _, v in rows])
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(columns)))


def _frame(spark, rows, key: str, part: bool):
    schema = f"{key} long, {'part long, ' if part else ''}words array<long>, weights array<double>"
    records = [
        (i, *((i % 3,) if part else ()), w.view(np.int64).tolist(), v.tolist())
        for i, (w, v) in enumerate(rows)
    ]
    return spark.createDataFrame(records, schema).repartition(3)


def test_block_cosines_are_the_local_cosines_to_the_last_bit(spark, monkeypatch) -> None:
    monkeypatch.setattr(cosines, "BLOCK_ROWS", 7)  # several blocks a side
    # Hashes above 2**63 are negative as Spark longs: the column order must be unsigned.
    vocabulary = np.unique(np.random.default_rng(0).integers(0, 2**64, 60, dtype=np.uint64))
    xs, ys = _rows(1, 40, vocabulary), _rows(2, 30, vocabulary)
    want = cosine_pairs(_matrix(xs, vocabulary), _matrix(ys, vocabulary), 0.1)
    assert len(want) > 50
    got = block_cosines(_frame(spark, xs, "x", True), _frame(spark, ys, "y", False), 0.1).collect()
    assert sorted((r["x"], r["y"], r["cosine"]) for r in got) == want  # == on floats: bit for bit
    assert all(r["part"] == r["x"] % 3 for r in got)


def test_a_side_against_itself(spark) -> None:
    vocabulary = np.arange(1, 40, dtype=np.uint64)
    rows = _rows(3, 20, vocabulary)
    frame = _frame(spark, rows, "index", False)
    x = frame.selectExpr("index as x", "0L as part", "words", "weights")
    y = frame.selectExpr("index as y", "words", "weights")
    got = sorted((r["x"], r["y"], r["cosine"]) for r in block_cosines(x, y, 0.05).collect())
    matrix = _matrix(rows, vocabulary)
    assert got == cosine_pairs(matrix, matrix, 0.05)


def test_without_words_keeps_the_unsigned_order(spark) -> None:
    big, small = np.uint64(2**63 + 5), np.uint64(3)
    frame = spark.createDataFrame(
        [(0, [int(small), int(big.view(np.int64)), 9], [0.1, 0.2, 0.3]), (1, [9], [1.0])],
        "index long, words array<long>, weights array<double>",
    )
    dropped = spark.createDataFrame([(9,)], "word long")
    rows = {r["index"]: r for r in without_words(frame, ["index"], dropped).collect()}
    assert set(rows) == {0}  # a row left with no words is gone
    assert rows[0]["words"] == [3, int(big.view(np.int64))] and rows[0]["weights"] == [0.1, 0.2]

"""Passages grouped on Spark are the local passages (`compare.analysis.spark.passages`)."""

from __future__ import annotations

import pytest
from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.analysis.spark.passages import passage_of, spark_passages
from compare.analysis.spark.prepare import pack
from compare.load import Document

pytestmark = pytest.mark.spark


def _documents() -> list[Document]:
    """Passages in two to four documents, dated, undated and on one shared
    day; a quotation; two passages side by side in one document."""
    one, two, three, quote = prose(200, 90), prose(201, 70), prose(202, 80), prose(203, 45)
    dated = ["2026-03-04", "2026-03-01", "", "2026-03-01", "2026-02-27", "2026-03-09", ""]
    texts = [
        f"{prose(210, 100)}\n{one}\n{prose(211, 60)}",
        f"{one}\n{prose(212, 120)}\n{two}",
        f"{prose(213, 90)}\n{one.replace(' the ', ' a ', 2)}\n{three}\n{prose(214, 40)}",
        f"{two}\n{prose(215, 150)}",
        f"{prose(216, 80)}\n{three}\n{prose(217, 70)}\nShe said: \u201c{quote}\u201d {prose(218, 30)}",
        f"{prose(219, 120)}\n\u201c{quote}\u201d, she said.\n{two}",
        prose(220, 200),
    ]
    pairs = enumerate(zip(texts, dated, strict=True))
    return [Document(f"d{i}", text, f"S{i % 3}", date=date) for i, (text, date) in pairs]


def test_the_passages_grouped_on_spark_are_the_local_passages(spark) -> None:
    result = analyze(_documents())
    assert len(result.passages) >= 4 and any(p.quoted for p in result.passages)
    assert any(len(p.documents) >= 3 for p in result.passages)
    pairs = spark.createDataFrame([(pack(p),) for p in result.pairs], "pair binary").repartition(3)
    dates = spark.createDataFrame([(d.index, d.date) for d in result.documents], "index long, date string")
    got = sorted((passage_of(r) for r in spark_passages(pairs, dates).collect()), key=lambda p: p.number)
    assert got == result.passages


def test_no_pairs_no_passages(spark) -> None:
    pairs = spark.createDataFrame([], "pair binary")
    dates = spark.createDataFrame([(0, "")], "index long, date string")
    assert spark_passages(pairs, dates).collect() == []

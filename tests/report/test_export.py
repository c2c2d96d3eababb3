"""Tests of compare.report.export: a pair's evidence as JSON and CSV (the pair page's
script builds the same in the browser: tests/report/test_browser.py)."""

from __future__ import annotations

import csv
import io

from synthetic_corpora import prose

from compare import Document, analyze
from compare.report.export import evidence_csv, evidence_record


def _docs() -> list[Document]:
    shared = prose(1, 80)
    return [
        Document(
            "=cmd|calc", prose(2, 60) + " " + shared + " " + prose(3, 60), "@Wire", url="https://w.example/1"
        ),
        Document("daily", prose(4, 40) + " " + shared, "Daily", date="2026-01-05"),
        Document("other", prose(5, 200), "Other"),
    ]


def test_the_record_holds_both_documents_and_each_passage_with_its_texts() -> None:
    docs = _docs()
    result = analyze(docs)
    (pair,) = [p for p in result.pairs if p.relation != "topical"]
    record = evidence_record(result, pair)
    assert record["a"] == {
        "id": "=cmd|calc",
        "source": "@Wire",
        "title": "",
        "url": "https://w.example/1",
        "date": "",
    }
    assert record["b"]["date"] == "2026-01-05" and record["relation"] == pair.relation
    (m,) = record["matches"]
    assert m["kind"] == "verbatim" and not m["quotation"]
    assert m["a_text"] == docs[0].text[m["a_start"] : m["a_end"]]
    assert m["b_text"] == docs[1].text[m["b_start"] : m["b_end"]]
    assert m["a_text"] == m["b_text"]
    rows = list(csv.DictReader(io.StringIO(evidence_csv(result, pair))))
    assert len(rows) == 1
    assert rows[0]["a_id"] == "'=cmd|calc" and rows[0]["a_source"] == "'@Wire"  # never a formula
    assert rows[0]["a_text"] == m["a_text"] and rows[0]["kind"] == "verbatim"

"""A pair's evidence as data: JSON and CSV.

For a fact-checker's file or a scholar's dataset: both documents (id,
source, title, URL, date), the pair's relation and scores, and each
reused passage (kind, character offsets into each original text, both
texts, and whether it is a quotation, with attribution or not). CSV cells
that a spreadsheet would run as a formula are quoted.

The report's pair pages carry the record without its texts, and their
script adds the texts (from the documents' text files) and downloads it as
JSON or CSV, the same as `evidence_json` and `evidence_csv` give: a file
each per pair would repeat both texts for every pair, and a syndicated
story in twenty copies has 190 pairs.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..analysis.result import AnalysisResult, PairResult

__all__ = ["evidence_csv", "evidence_json", "evidence_record", "safe_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (a leading ``'``).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("plain")
    ("'=HYPERLINK(1)", 'plain')
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def evidence_record(result: AnalysisResult, p: PairResult, texts: bool = True) -> dict[str, Any]:
    """The pair's evidence: its documents, relation, scores and reused passages
    (with `texts`, each passage's two texts, ``a_text`` and ``b_text``, last)."""
    docs = result.documents
    a, b = docs[p.a], docs[p.b]

    def doc(d) -> dict[str, str]:
        return {"id": d.id, "source": d.source, "title": d.title, "url": d.url, "date": d.date}

    return {
        "a": doc(a),
        "b": doc(b),
        "relation": p.relation,
        "jaccard": p.jaccard,
        "tfidf_cosine": p.tfidf_cosine,
        "coverage_a": p.coverage_a,
        "coverage_b": p.coverage_b,
        "rare_shared_sequences": p.evidence.rare_sequences if p.evidence else None,
        "evidence_label": p.evidence.label if p.evidence else None,
        "matches": [
            {
                "number": m.number,
                "kind": m.kind,
                "quotation": m.quotation,
                "quoted": m.quoted,
                "attributed": m.attributed,
                "a_start": m.a[0],
                "a_end": m.a[1],
                "b_start": m.b[0],
                "b_end": m.b[1],
                "similarity": m.similarity,
                **({"a_text": a.text[m.a[0] : m.a[1]], "b_text": b.text[m.b[0] : m.b[1]]} if texts else {}),
            }
            for m in p.matches
            if m.kind != "topical"
        ],
    }


def evidence_json(result: AnalysisResult, p: PairResult) -> str:
    """`evidence_record` as JSON (UTF-8 text, keys in a fixed order)."""
    return json.dumps(evidence_record(result, p), ensure_ascii=False, indent=1) + "\n"


_COLUMNS = [
    "a_id", "a_source", "a_url", "a_date", "b_id", "b_source", "b_url", "b_date", "relation",
    "match", "kind", "quotation", "attributed", "a_start", "a_end", "b_start", "b_end", "similarity",
    "a_text", "b_text",
]  # fmt: skip


def evidence_csv(result: AnalysisResult, p: PairResult) -> str:
    """`evidence_record` as CSV: one row per reused passage, with both documents on each row."""
    r = evidence_record(result, p)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    a, b = r["a"], r["b"]
    for m in r["matches"]:
        row = [
            a["id"], a["source"], a["url"], a["date"], b["id"], b["source"], b["url"], b["date"],
            r["relation"], m["number"], m["kind"], m["quotation"], m["attributed"], m["a_start"],
            m["a_end"], m["b_start"], m["b_end"], f"{m['similarity']:.4f}", m["a_text"], m["b_text"],
        ]  # fmt: skip
        writer.writerow([safe_cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()

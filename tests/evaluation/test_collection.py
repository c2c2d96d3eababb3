"""Collection mode: every text of a corpus analyzed as one collection (compare.evaluation.collection)."""

from __future__ import annotations

import pytest
from synthetic_corpora import make_pan_corpus, prose

from compare.evaluation.collection import collection_documents, collection_pan
from compare.evaluation.evalsets import DocumentPair, pan_pairs
from compare.evaluation.evaluate import document_scores, evaluate_pan, format_tables, run_all


def test_the_planted_case_is_found_in_the_collection_with_its_offsets(tmp_path):
    make_pan_corpus(tmp_path / "corpus")
    pairs = [p for group in pan_pairs(tmp_path / "corpus").values() for p in group]
    result = collection_pan(pairs)
    assert result["documents"] == 4
    verbatim = result["subcorpora"]["02-no-obfuscation"]
    assert (verbatim["pairs_with_reuse"], verbatim["pairs_found"]) == (1, 1.0)
    assert verbatim["plagdet"] >= 0.9
    negative = result["subcorpora"]["01-no-plagiarism"]
    assert (negative["negatives"], negative["negatives_claimed"], negative["pairs_found"]) == (1, 0, None)
    # The same detections as with the pair handed over: suspicious offsets on the suspicious side.
    given = evaluate_pan(pairs)["overall"]["plagdet"]
    assert result["overall"]["plagdet"] == pytest.approx(given)


def test_a_copy_among_unrelated_texts_is_derived_and_the_rest_are_not():
    a, b, c = prose(40, 200), prose(41, 200), prose(42, 200)
    pairs = [
        DocumentPair("p1", "src-a.txt", a, "copy-of-a.txt", prose(43, 30) + " " + a, "cut"),
        DocumentPair("p2", "src-b.txt", b, "other.txt", c, "non"),
        # The derived text sorts before its source: the coverage read must be the derived text's.
        DocumentPair("p3", "z-src.txt", b, "a-excerpt.txt", " ".join(b.split()[:80]) + " " + c, "heavy"),
    ]
    reported, seconds, documents = collection_documents(pairs)
    assert documents == 6 and seconds > 0
    assert [r is not None and r.relation for r, _ in reported][:2] == ["near-duplicate", False]
    excerpt, covered = reported[2]
    assert excerpt is not None and excerpt.relation in {"excerpt", "partial-reuse"}
    assert 0.2 < covered < 0.5  # 80 of the excerpt's 280 words
    scores = document_scores(pairs, reported, seconds)
    assert [r["derived"] for r in scores["records"]] == [True, False, True]


def test_run_all_prints_collection_mode_beside_pairs_given(tmp_path):
    make_pan_corpus(tmp_path / "pan13-train")
    results = run_all(tmp_path, log=None)
    collection = results["corpora"]["pan13-train"]["collection"]
    assert collection["overall"]["pairs_found"] == 1.0
    tables = format_tables(results)
    assert "collection mode: all 4 documents analyzed as ONE collection" in tables
    assert "100.0% of 1" in tables and "0 of 1" in tables

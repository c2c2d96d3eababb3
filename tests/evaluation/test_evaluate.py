"""The evaluation harness on tiny made-up corpora with known answers."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest
from synthetic_corpora import make_pan_corpus, prose

from compare.evaluation.evalsets import DocumentPair, pan_pairs
from compare.evaluation.evaluate import (
    evaluate_clusters,
    evaluate_documents,
    evaluate_pan,
    format_tables,
    is_derived,
    run_all,
    to_json,
)
from compare.evaluation.pan import Passage, read_cases, score, write_detections


def test_write_detections_round_trip(tmp_path):
    pair = ("suspicious-document00007.txt", "source-document00042.txt")
    passages = [Passage(pair, 0, 10, 500, 12), Passage(pair, 1234, 56, 7, 89)]
    path = write_detections(tmp_path / "out", *pair, passages)
    assert path == tmp_path / "out" / "suspicious-document00007-source-document00042.xml"
    assert read_cases(path, feature="detected-plagiarism") == passages
    assert read_cases(path) == []  # detections are not cases
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    text = path.read_text(encoding="utf-8")
    assert '<document reference="suspicious-document00007.txt">' in text
    assert 'source_reference="source-document00042.txt"' in text


def test_write_detections_none_found_writes_an_empty_document(tmp_path):
    path = write_detections(tmp_path, "a.txt", "b.txt", [])
    assert path.name == "a-b.xml"
    assert read_cases(path, feature="detected-plagiarism") == []


def test_evaluate_pan_finds_the_planted_case_and_writes_detections(tmp_path):
    corpus = tmp_path / "corpus"
    case = make_pan_corpus(corpus)
    pairs = [p for group in pan_pairs(corpus).values() for p in group]
    result = evaluate_pan(pairs, detections_dir=tmp_path / "det")

    verbatim = result["subcorpora"]["02-no-obfuscation"]
    assert verbatim["precision"] >= 0.9 and verbatim["recall"] >= 0.9
    assert verbatim["granularity"] == 1.0
    assert (verbatim["cases"], verbatim["pairs"]) == (1, 1)
    negative = result["subcorpora"]["01-no-plagiarism"]
    assert (negative["cases"], negative["detections"], negative["pairs_with_detections"]) == (0, 0, 0)
    overall = result["overall"]
    assert overall["pairs"] == 2 and overall["plagdet"] >= 0.9
    assert overall["pairs_per_second"] > 0

    written = sorted((tmp_path / "det").rglob("*.xml"))
    assert [p.relative_to(tmp_path / "det").as_posix() for p in written] == [
        "01-no-plagiarism/suspicious-document00002-source-document00002.xml",
        "02-no-obfuscation/suspicious-document00001-source-document00001.xml",
    ]
    detections = [d for p in written for d in read_cases(p, feature="detected-plagiarism")]
    assert score([case], detections).plagdet == pytest.approx(overall["plagdet"])


def _doc_pair(n: int, source: str, derived: str, label: str) -> DocumentPair:
    return DocumentPair(f"pair{n}", f"src{n}.txt", source, f"derived{n}.txt", derived, label)


def _light_edit(text: str) -> str:
    words = text.split()
    for i in range(7, len(words), 25):
        words[i] = "changed"
    return " ".join(words)


def test_evaluate_documents_copy_light_edit_unrelated():
    source = prose(20, 200)
    pairs = [
        _doc_pair(1, source, source, "cut"),
        _doc_pair(2, source, _light_edit(source), "light"),
        _doc_pair(3, source, prose(21, 200), "non"),
    ]
    result = evaluate_documents(pairs)
    assert result["scheme"] == "Clough-Stevenson"
    assert [t["f1"] for t in result["tasks"]] == [1.0, 1.0]
    assert [r["derived"] for r in result["records"]] == [True, True, False]
    assert result["per_label"]["non"] == {"pairs": 1, "derived": 0, "mean_score": 0.0}
    assert result["spearman"] > 0.8
    assert result["pairs_per_second"] > 0


def test_evaluate_documents_rejects_unknown_labels():
    with pytest.raises(ValueError, match="label scheme"):
        evaluate_documents([_doc_pair(1, "a b c", "a b c", "maybe")])


def test_is_derived_decision():
    assert not is_derived(None)
    assert not is_derived(SimpleNamespace(relation="topical"))
    for relation in ("near-duplicate", "excerpt", "partial-reuse"):
        assert is_derived(SimpleNamespace(relation=relation))


def test_evaluate_clusters_groups_copies_with_their_source():
    a, b = prose(30, 150), prose(31, 150)
    pairs = [
        _doc_pair(1, a, a + " " + prose(32, 20), "cut"),
        DocumentPair("pair2", "src1.txt", a, "derived2.txt", prose(33, 150), "non"),
        DocumentPair("pair3", "src3.txt", b, "derived3.txt", _light_edit(b), "light"),
    ]
    result = evaluate_clusters(pairs)
    assert result["documents"] == 5
    assert result["true_groups"] == result["predicted_groups"] == 3
    assert result["adjusted_rand_index"] == 1.0


def test_run_all_skips_missing_corpora_and_evaluates_the_rest(tmp_path):
    make_pan_corpus(tmp_path / "pan13-train")
    messages: list[str] = []
    results = run_all(tmp_path, limit=5, log=messages.append)
    assert list(results["corpora"]) == ["pan13-train"]
    assert set(results["skipped"]) == {"indonesian-pan-format", "clough-stevenson", "counter-urdu"}
    assert any("clough-stevenson: skipped" in m and "not found" in m for m in messages)
    assert results["options"]["shingle_size"] == 5 and results["tool_version"]
    tables = format_tables(results)
    assert "LIMITED RUN: only the first 5 pairs" in tables
    assert "0.894" in tables  # the published number beside 02-no-obfuscation
    assert "counter-urdu: skipped" in tables
    assert json.loads(to_json(results))["corpora"]["pan13-train"]["overall"]["plagdet"] > 0.9


def test_run_all_reports_an_unreadable_corpus_and_goes_on(tmp_path):
    (tmp_path / "counter-urdu").mkdir()
    results = run_all(tmp_path, log=None)
    assert results["corpora"] == {}
    assert "DERIVED_pairs.tsv" in results["skipped"]["counter-urdu"]


def test_to_json_writes_undefined_values_as_null():
    assert json.loads(to_json({"spearman": math.nan, "rows": [math.inf, 1.0]})) == {
        "spearman": None,
        "rows": [None, 1.0],
    }

"""Loaders of the evaluation corpora, on tiny made-up copies of each layout.

One test reads the real Clough-Stevenson corpus from ../shared/eval and skips
where it is absent; nothing else here touches ../shared.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from paths import SHARED_EVAL
from synthetic_corpora import make_pan_corpus, pan_case_xml, prose

from compare.evaluation.evalsets import (
    clough_pairs,
    counter_pairs,
    counter_text,
    pair_cases,
    pan11_pairs,
    pan_pairs,
)

CLOUGH = SHARED_EVAL / "clough-stevenson"


def test_pan_nested_layout_lists_pairs_per_subcorpus(tmp_path):
    case = make_pan_corpus(tmp_path)
    (tmp_path / "pairs").write_text("ignored.txt listing.txt\n", encoding="utf-8")  # all pairs: not read
    groups = pan_pairs(tmp_path)
    assert list(groups) == ["01-no-plagiarism", "02-no-obfuscation"]
    (negative,) = groups["01-no-plagiarism"]
    (positive,) = groups["02-no-obfuscation"]
    assert negative.susp == tmp_path / "susp" / "suspicious-document00002.txt"
    assert negative.src == tmp_path / "src" / "source-document00002.txt"
    assert (
        positive.truth == tmp_path / "02-no-obfuscation" / "suspicious-document00001-source-document00001.xml"
    )
    assert pair_cases(negative) == []
    assert pair_cases(positive) == [case]


def test_pan_single_subcorpus_folder(tmp_path):
    make_pan_corpus(tmp_path)
    groups = pan_pairs(tmp_path / "02-no-obfuscation")
    assert list(groups) == ["02-no-obfuscation"]
    assert groups["02-no-obfuscation"][0].src == tmp_path / "src" / "source-document00001.txt"


def test_pan_flat_folder(tmp_path):
    case = make_pan_corpus(tmp_path, flat=True)
    (group,) = pan_pairs(tmp_path).values()
    assert [p.names for p in group] == [
        ("suspicious-document00002.txt", "source-document00002.txt"),
        ("suspicious-document00001.txt", "source-document00001.txt"),
    ]
    assert group[1].truth == tmp_path / "suspicious-document00001-source-document00001.xml"
    assert pair_cases(group[1]) == [case]


def test_pan_layout_not_found_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path))):
        pan_pairs(tmp_path)


def test_pan11_every_suspicious_document_with_every_source_and_misspelt_feature(tmp_path):
    susp_dir, src_dir = tmp_path / "suspicious-documents", tmp_path / "source-documents"
    susp_dir.mkdir()
    src_dir.mkdir()
    for i in (1, 2):
        (susp_dir / f"suspicious-document0000{i}.txt").write_text(prose(i, 50), encoding="utf-8")
        (src_dir / f"source-document0000{i}.txt").write_text(prose(10 + i, 50), encoding="utf-8")
    xml = pan_case_xml("suspicious-document00001.txt", [("source-document00002.txt", 5, 10, 20, 10)])
    xml = xml.replace(
        "</document>",
        '<featue name="plagiarism" this_offset="40" this_length="5" source_reference='
        '"source-document00002.txt" source_offset="0" source_length="5"/>\n</document>',
    )
    (susp_dir / "suspicious-document00001.xml").write_text(xml, encoding="utf-8")
    (susp_dir / "suspicious-document00002.xml").write_text(
        pan_case_xml("suspicious-document00002.txt", []), encoding="utf-8"
    )
    (group,) = pan11_pairs(tmp_path, "indonesian").values()
    assert len(group) == 4
    assert {p.subcorpus for p in group} == {"indonesian"}
    cases = {p.names: pair_cases(p) for p in group}
    assert cases[("suspicious-document00001.txt", "source-document00001.txt")] == []
    assert [c.this_offset for c in cases[("suspicious-document00001.txt", "source-document00002.txt")]] == [
        5,
        40,
    ]
    assert sum(len(c) for c in cases.values()) == 2


def test_clough_pairs_answers_with_their_task_source(tmp_path):
    texts = tmp_path / "corpus-20090418"
    texts.mkdir()
    (texts / "orig_taska.txt").write_text("Inheritance is a way to reuse code.", encoding="utf-8")
    (texts / "g0pA_taska.txt").write_bytes(b"It\x92s a way to reuse code.\r\n")  # Windows-1252
    (texts / "g0pB_taska.txt").write_text("Something else.", encoding="utf-8")
    (tmp_path / "file_list_from_xls.csv").write_text(
        "File,Group,Person,Task,Category,Native English,Knowledge,Difficulty\n"
        "g0pA_taska.txt,0,A,a,cut,native,1,1\ng0pB_taska.txt,0,B,a,non,native,1,1\n",
        encoding="utf-8",
    )
    pairs = clough_pairs(tmp_path)
    assert [(p.derived_id, p.source_id, p.label) for p in pairs] == [
        ("g0pA_taska.txt", "orig_taska.txt", "cut"),
        ("g0pB_taska.txt", "orig_taska.txt", "non"),
    ]
    assert pairs[0].derived_text == "It’s a way to reuse code.\r\n"
    assert pairs[0].source_text == "Inheritance is a way to reuse code."


def test_counter_pairs_headline_and_body_case_insensitive_names(tmp_path):
    folder = tmp_path / "COUNTER"
    folder.mkdir()
    doc = '<?xml version="1.0" encoding="UTF-8"?>\n<COUNTER_document classification="WD">\n'
    (folder / "0032.xml").write_text(
        doc + "<headline> سرخی </headline>\n<body>متن۔</body>\n</COUNTER_document>"
    )
    (folder / "0032P.xml").write_text(
        doc + "<headline>دوسری</headline>\n<body>اور۔</body>\n</COUNTER_document>"
    )
    (tmp_path / "DERIVED_pairs.tsv").write_text(
        "source_file\tderived_file\tlabel\tdomain\tsource_newspaper\tderived_newspaper\n"
        "0032.xml\t0032p.xml\tWD\tsports\tAPP\tjang\n",
        encoding="utf-8",
    )
    (pair,) = counter_pairs(tmp_path)
    assert (pair.source_id, pair.derived_id, pair.label) == ("0032.xml", "0032P.xml", "WD")
    assert pair.source_text == "سرخی\n\nمتن۔"
    assert counter_text(folder / "0032P.xml") == "دوسری\n\nاور۔"


def test_counter_missing_file_is_named(tmp_path):
    (tmp_path / "COUNTER").mkdir()
    (tmp_path / "DERIVED_pairs.tsv").write_text(
        "source_file\tderived_file\tlabel\tdomain\tsource_newspaper\tderived_newspaper\n"
        "0001.xml\t0001p.xml\tND\tsports\tAPP\tjang\n",
        encoding="utf-8",
    )
    with pytest.raises(FileNotFoundError, match=r"0001\.xml"):
        counter_pairs(tmp_path)


@pytest.mark.eval
def test_real_clough_stevenson_corpus_loads_with_its_published_category_counts():
    root = CLOUGH / "original-distribution"
    if not root.is_dir():
        pytest.skip(f"Clough-Stevenson corpus not found at {root} (it lives outside the repository)")
    pairs = clough_pairs(root)
    assert len(pairs) == 95
    assert Counter(p.label for p in pairs) == {"cut": 19, "light": 19, "heavy": 19, "non": 38}
    assert {p.source_id for p in pairs} == {f"orig_task{t}.txt" for t in "abcde"}
    assert all(p.derived_text.strip() for p in pairs)

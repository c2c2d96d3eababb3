"""Passages across all sources (compare.report.passages)."""

from __future__ import annotations

from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.load import Document
from compare.report.passages import passages, word_diff


def test_one_passage_in_three_documents_earliest_first() -> None:
    passage = prose(80, 90)
    edited = passage.replace(" the ", " a ", 3)
    docs = [
        Document("late", f"{prose(81, 120)}\n{passage}\n{prose(82, 80)}", "Late", date="2026-03-05"),
        Document("undated", f"{prose(83, 100)}\n{edited}\n{prose(84, 60)}", "Undated"),
        Document("first", f"{passage}\n{prose(85, 150)}", "First", date="2026-03-01"),
        Document("other", prose(86, 300), "Other", date="2026-01-01"),
    ]
    result = analyze(docs)
    (found,) = passages(result)
    assert [result.documents[v.document].id for v in found.versions] == ["first", "late", "undated"]
    assert found.documents == [0, 1, 2] and not found.quoted
    first = found.versions[0]
    version = " ".join(docs[2].text[first.start : first.end].split())
    assert version == " ".join(passage.split()).rstrip(".")  # word to word: the final stop is not a word


def test_a_quotation_shared_by_all_is_marked_quoted() -> None:
    statement = prose(87, 45)
    docs = [
        Document("a", f"{prose(88, 120)} He said: \u201c{statement}\u201d {prose(89, 60)}", "A"),
        Document("b", f"{prose(90, 130)}\n\u201c{statement}\u201d, he said.\n{prose(91, 60)}", "B"),
    ]
    (found,) = passages(analyze(docs))
    assert found.quoted and len(found.versions) == 2


def test_no_passages_without_shared_text() -> None:
    docs = [Document(str(i), prose(100 + i, 200), f"S{i}") for i in range(3)]
    assert passages(analyze(docs)) == []


def test_word_diff_of_identical_and_empty_texts() -> None:
    assert word_diff("a b c", "a b c") == [("equal", "a b c", "a b c")]
    assert word_diff("", "new words") == [("insert", "", "new words")]

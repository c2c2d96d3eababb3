"""Passages across all sources, and their earliest witness (compare.analysis.passages)."""

from __future__ import annotations

from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.load import Document


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
    (found,) = result.passages
    assert [result.documents[v.document].id for v in found.versions] == ["first", "late", "undated"]
    assert found.documents == [0, 1, 2] and not found.quoted
    assert found.earliest == 2  # "first", dated before the others (the undated one does not count)
    first = found.versions[0]
    version = " ".join(docs[2].text[first.start : first.end].split())
    assert version == " ".join(passage.split()).rstrip(".")  # word to word: the final stop is not a word


def test_a_quotation_shared_by_all_is_marked_quoted() -> None:
    statement = prose(87, 45)
    docs = [
        Document("a", f"{prose(88, 120)} He said: \u201c{statement}\u201d {prose(89, 60)}", "A"),
        Document("b", f"{prose(90, 130)}\n\u201c{statement}\u201d, he said.\n{prose(91, 60)}", "B"),
    ]
    (found,) = analyze(docs).passages
    assert found.quoted and len(found.versions) == 2


def test_no_passages_without_shared_text() -> None:
    docs = [Document(str(i), prose(100 + i, 200), f"S{i}") for i in range(3)]
    assert analyze(docs).passages == []


def test_no_earliest_witness_when_two_share_the_first_day_or_none_is_dated() -> None:
    passage = prose(80, 90)
    for dates, earliest in [(("2026-03-01", "2026-03-01T23:00", "2026-03-05"), None), (("", "", "x"), None)]:
        docs = [
            Document(f"d{i}", f"{prose(81 + i, 100)}\n{passage}\n{prose(90 + i, 80)}", f"S{i}", date=d)
            for i, d in enumerate(dates)
        ]
        (found,) = analyze(docs).passages
        assert len(found.versions) == 3 and found.earliest is earliest


def test_a_pair_says_which_document_is_dated_earlier() -> None:
    passage = prose(80, 120)
    docs = [
        Document("later", f"{prose(81, 100)}\n{passage}", "A", date="2026-04-02"),
        Document("sooner", f"{passage}\n{prose(82, 100)}", "B", date="2026-04-01T08:00:00Z"),
        Document("undated", f"{prose(83, 60)}\n{passage}", "C"),
    ]
    earlier = {(p.a, p.b): p.earlier for p in analyze(docs).pairs}
    assert earlier == {(0, 1): "b", (0, 2): None, (1, 2): None}

"""Quotation spans (compare.text.quotes) and the quoted sides of matches in an analysis."""

from __future__ import annotations

from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.load import Document
from compare.text.quotes import quote_spans, quoted_sides, share_inside


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_spans(text)]


def test_each_kind_of_quotation_mark() -> None:
    text = 'A “curly” and «guillemets», „German“, ‹single›, "straight" marks.'
    assert _quoted(text) == ["curly", "guillemets", "German", "single", "straight"]


def test_a_quotation_left_open_ends_with_its_paragraph() -> None:
    text = "He said: “the first paragraph goes on\n“and the second closes.”\nNot quoted."
    assert _quoted(text) == ["the first paragraph goes on", "and the second closes."]
    assert _quoted('A lone closing mark” and no opening one. Then "open') == ["open"]


def test_share_inside_and_sides() -> None:
    assert share_inside((5, 5), ((0, 10),)) == 0.0
    a = "The mayor said “we will rebuild every school by spring”."
    b = "Spring target: we will rebuild every school by spring, officials wrote."
    span_a = (a.index("we"), a.index("”"))
    span_b = (b.index("we"), b.index(", officials"))
    assert quoted_sides(a, span_a, b, span_b) == "a"
    assert quoted_sides(b, span_b, a, span_a) == "b"
    assert quoted_sides(a, span_a, a, span_a) == "both"
    assert quoted_sides(b, span_b, b, span_b) == ""


def test_an_analysis_counts_a_shared_quotation_apart() -> None:
    statement = prose(74, 45)
    docs = [
        Document(
            "a", f"{prose(70, 150)} The minister said: \u201c{statement}\u201d {prose(71, 90)}", "Wire A"
        ),
        Document(
            "b",
            f"{prose(72, 170)}\n\u00ab{statement}\u00bb, the minister told us.\n{prose(73, 70)}",
            "Wire B",
        ),
        Document("c", f"{prose(75, 100)} {statement} {prose(76, 60)}", "Blog"),  # the words, unquoted
    ]
    result = analyze(docs)
    quoted = {(p.a, p.b): [m.quoted for m in p.matches if m.kind != "topical"] for p in result.pairs}
    assert quoted[(0, 1)] == ["both"]
    assert quoted[(0, 2)] == ["a"] and quoted[(1, 2)] == ["a"]
    by_id = {d.id: d for d in result.documents}
    assert "Wire B" not in by_id["a"].found_in_sources  # a shared quotation is not copying
    assert by_id["a"].found_in_sources["Blog"] > 0  # the blog printed it without quotation marks

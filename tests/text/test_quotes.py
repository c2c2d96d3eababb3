"""Quotation spans (compare.text.quotes) and the quoted sides of matches in an analysis."""

from __future__ import annotations

from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.load import Document
from compare.text.quotes import attributed, quote_spans, quoted_sides, share_inside


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
        Document(
            "d", f"{prose(77, 120)}\n\u201c{statement}\u201d\n{prose(78, 60)}", "Page"
        ),  # no attribution
    ]
    result = analyze(docs)
    pairs = {(p.a, p.b): p for p in result.pairs}
    reuse = {
        k: [(m.quoted, m.attributed) for m in p.matches if m.kind != "topical"] for k, p in pairs.items()
    }
    assert reuse[(0, 1)] == [("both", False)]
    # Quoted with attribution on one side ("The minister said:", "..., the minister told us"): a quotation.
    assert reuse[(0, 2)] == [("a", True)] and reuse[(1, 2)] == [("a", True)]
    assert reuse[(0, 3)] == [("both", False)]
    # Quoted without attribution on one side, printed plainly on the other: copying.
    assert reuse[(2, 3)] == [("b", False)]
    assert [pairs[k].relation for k in [(0, 1), (0, 2), (1, 2), (0, 3)]] == ["quotation"] * 4
    assert pairs[(2, 3)].relation in {"partial-reuse", "excerpt"}
    assert pairs[(0, 2)].coverage_a == pairs[(0, 2)].coverage_b == 0.0
    by_id = {d.id: d for d in result.documents}
    assert by_id["a"].found_in_sources == {}  # quotations only: no copying of it
    assert set(by_id["c"].found_in_sources) == {"Page"}  # the page printed it without attribution


def test_attribution_before_or_after_the_marks_in_the_languages_of_the_evaluation_data() -> None:
    def check(text: str) -> bool:
        (span,) = quote_spans(text)
        return attributed(text, span)

    assert check("As a wire report put it at the time: \u201cthe levee will hold.\u201d")
    assert check("\u201cThe levee will hold,\u201d the agency said on Monday.")
    assert check("According to the ministry, \u201cthe levee will hold.\u201d")
    assert check("\u201cTanggul itu akan bertahan,\u201d kata juru bicara kementerian.")
    assert check("Menurut kementerian, \u201ctanggul itu akan bertahan.\u201d")
    assert check("وزیر نے کہا \u201cبند مضبوط ہے\u201d")  # Urdu: "the minister said"
    assert not check("The plan in one line: \u201cthe levee will hold.\u201d")
    # Only the quotation's own line, and only near its marks.
    assert not check("The agency said so.\n\u201cThe levee will hold.\u201d")
    far = "x" * 120
    assert not check(f"She said {far} \u201cthe levee will hold.\u201d")

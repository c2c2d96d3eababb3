"""Tests of compare.analysis.topical: the same point in other words is a topical match, not reuse."""

from __future__ import annotations

from compare import Document, analyze


def test_same_point_in_other_words_is_topical_not_reuse():
    a = (
        "Heavy rain flooded the northern districts of the capital overnight, forcing hundreds of "
        "families from their homes. The city council will meet on Monday to discuss the budget. "
        "Local schools reopened after the summer holidays with new teachers."
    )
    b = (
        "A new stadium is planned near the harbour, the mayor said. After overnight flooding from "
        "heavy rain, hundreds of families left their homes in the northern districts of the capital. "
        "Tickets for the concert sold out within minutes."
    )
    result = analyze([Document("a", a, "Daily"), Document("b", b, "Weekly")])
    (pair,) = result.pairs
    assert pair.relation == "topical"
    (m,) = pair.matches
    assert m.kind == "topical"
    assert a[m.a[0] : m.a[1]].startswith("Heavy rain flooded")
    assert b[m.b[0] : m.b[1]].startswith("After overnight flooding")
    assert pair.coverage_a == pair.coverage_b == 0.0

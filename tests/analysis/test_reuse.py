"""Tests of compare.analysis.reuse: which shared runs are reused passages."""

from __future__ import annotations

from compare import Document, Options, analyze


def test_shared_run_shorter_than_min_passage_chars_is_not_reuse():
    shared = "the minister said the new rail line would open to passengers early next spring"
    a = (
        f"Officials met on Tuesday to review the transport budget. In a statement, {shared}. "
        "Other plans, including a tram extension and two new bus depots, were delayed until 2031."
    )
    b = (
        f"Commuters in the valley towns have waited for a direct connection for years. As reported, "
        f"{shared}. Critics doubt the date, citing cost overruns on the tunnel section."
    )
    docs = [Document("a", a, "Daily"), Document("b", b, "Weekly")]
    assert len(shared) < Options().min_passage_chars
    default = analyze(docs).pairs
    assert all(m.kind == "topical" for p in default for m in p.matches)
    (pair,) = analyze(docs, Options(min_passage_chars=60)).pairs
    (m,) = [m for m in pair.matches if m.kind == "verbatim"]
    assert a[m.a[0] : m.a[1]] == shared
    assert b[m.b[0] : m.b[1]] == shared


def test_short_document_copied_whole_is_a_verbatim_match():
    tweet = "Polls close at eight tonight, officials say; results are expected by midnight."
    article = (
        "Voters queued from early morning in the northern districts. "
        + tweet
        + " Turnout was higher than in the last two elections, according to the commission."
    )
    assert len(tweet) < Options().min_passage_chars
    (pair,) = analyze([Document("tweet", tweet, "Wire"), Document("story", article, "Daily")]).pairs
    (m,) = [m for m in pair.matches if m.kind == "verbatim"]
    assert tweet[m.a[0] : m.a[1]] == tweet[:-1]
    assert pair.relation == "excerpt"

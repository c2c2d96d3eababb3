"""Tests of compare.report.selection: the part of a result a reader asks for, renumbered."""

from __future__ import annotations

import jsonschema
import pytest
from synthetic_corpora import edited, prose

from compare.analysis.pipeline import analyze
from compare.analysis.result import AnalysisResult, schema
from compare.load import Document
from compare.report.selection import Selection, select


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    story, other = prose(60, 300), prose(61, 300)
    docs = [
        Document("wire", story, "Wire", date="2026-01-01"),
        Document("paper", edited(story, 0.1, seed=1), "Paper", date="2026-01-03"),
        Document("blog", f"{prose(62, 80)}\n{' '.join(story.split()[50:150])}\n{prose(63, 80)}", "Blog"),
        Document("other", other, "Other", date="2026-02-01"),
        Document("other-copy", other, "Paper", date="2026-02-02"),
    ]
    return analyze(docs)


def _ids(part: AnalysisResult) -> set[tuple[str, str]]:
    return {(part.documents[p.a].id, part.documents[p.b].id) for p in part.pairs if p.matches}


def test_a_selection_keeps_the_pairs_asked_for_renumbered(result: AnalysisResult) -> None:
    every = _ids(result)
    assert every == {("wire", "paper"), ("wire", "blog"), ("paper", "blog"), ("other", "other-copy")}
    by_source = select(result, Selection(sources=frozenset({"Paper"})))
    assert _ids(by_source) == {("wire", "paper"), ("paper", "blog"), ("other", "other-copy")}
    assert [d.index for d in by_source.documents] == list(range(len(by_source.documents)))
    january = select(result, Selection(since="2026-01-01", until="2026-01-31"))
    assert _ids(january) == {("wire", "paper")}  # the undated blog is outside any range
    assert _ids(select(result, Selection(relations=frozenset({"excerpt"})))) == {
        ("wire", "blog"),
        ("paper", "blog"),
    }
    assert _ids(select(result, Selection(min_score=0.99))) == {("other", "other-copy")}
    blog = select(result, Selection(document="blog"))
    assert _ids(blog) == {("wire", "blog"), ("paper", "blog")}
    assert blog.options["selection"]["document"] == "blog"


def test_the_passages_of_the_selection_keep_their_earliest_witness(result: AnalysisResult) -> None:
    part = select(result, Selection(sources=frozenset({"Blog"})))  # wire-blog and paper-blog
    (story,) = [p for p in part.passages if len(p.versions) == 3]
    assert part.documents[story.earliest].id == "wire"
    assert all(0 <= v.document < len(part.documents) for p in part.passages for v in p.versions)
    jsonschema.validate(part.to_dict(), schema())  # a whole result, as the report reads it


def test_a_date_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="since"):
        Selection(since="last week")

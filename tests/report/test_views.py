"""What the report's pages say (compare.report.views), without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.analysis.result import PairResult
from compare.load import Document
from compare.report.views import _how_found, _why


@pytest.fixture(scope="module")
def options() -> dict:
    return analyze([Document("a", prose(1, 100), "A"), Document("b", prose(2, 100), "B")]).options


def _pair(relation: str, jaccard: float, cov_a: float, cov_b: float, lsh: bool = True) -> PairResult:
    return PairResult(0, 1, False, jaccard, jaccard, jaccard, 0.4, cov_a, cov_b, relation, lsh, [])


@pytest.mark.parametrize(
    ("pair", "first"),
    [
        (_pair("near-duplicate", 0.72, 0.9, 0.9), "Near-duplicate: Jaccard 0.720 is at least the threshold"),
        (_pair("near-duplicate", 0.31, 0.85, 0.8), "Near-duplicate: Jaccard 0.310 is below"),
        (_pair("excerpt", 0.05, 0.9, 0.1), "Excerpt: matches cover 90% of A and 10% of B; one side reaches"),
        (_pair("partial-reuse", 0.02, 0.1, 0.05), "Partial reuse: matches cover 10% of A and 5% of B"),
        (_pair("topical", 0.0, 0.0, 0.0, lsh=False), "Topical: no shared passage of"),
    ],
)
def test_each_relation_is_explained_from_its_scores(options: dict, pair: PairResult, first: str) -> None:
    (why,) = _why(pair, options, "A", "B")
    assert why.startswith(first)
    lsh = _how_found(pair, options)
    bands, rows = options["lsh_bands"], options["lsh_rows"]
    chance = 1 - (1 - pair.jaccard**rows) ** bands
    assert f"for this pair's {pair.jaccard:.3f} that is {chance:.2f}." in lsh
    assert ("It was proposed by the LSH." in lsh) == pair.lsh_candidate


def test_the_index_opens_with_a_verdict_in_words() -> None:
    from compare.analysis.pipeline import analyze_paths
    from compare.report.views import verdict

    root = Path(__file__).resolve().parents[2]
    assert verdict(analyze_paths([root / "corpus"])) == (
        "5 documents from 5 sources: no passage is shared between sources;"
        " 10 pairs are on the same topic only."
    )
    assert verdict(analyze_paths([root / "examples" / "reuse"])) == (
        "10 documents from 10 sources: 3 pairs from different sources share text (1 near-duplicate,"
        " 2 excerpt); 2 pairs share only quotations; 14 pairs are on the same topic only."
    )


def test_a_short_version_of_a_passage_is_shown_in_its_own_words() -> None:
    # A story, a repost of it, and an excerpt of it: the excerpt's version is its own
    # sixty words, with markers where the story's other words are left out.
    from compare.report.views import passage_page

    story = prose(90, 400)
    excerpt = " ".join(story.split()[100:160])
    docs = [
        Document("wire", story, "Wire", date="2026-01-01"),
        Document("repost", story, "Repost", date="2026-01-02"),
        Document("blog", f"{prose(91, 80)}\n{excerpt}\n{prose(92, 80)}", "Blog", date="2026-01-03"),
    ]
    result = analyze(docs)
    (found,) = result.passages
    page = passage_page(result, found)
    assert [v["doc"]["id"] for v in page["versions"]] == ["wire", "repost", "blog"]
    assert page["span"] == "2026-01-01 to 2026-01-03"
    short = page["versions"][2]["text"]
    assert " ".join(words for kind, words, _ in short if kind != "gone") == excerpt
    assert [kind for kind, _, _ in short].count("gone") == 2  # before and after the excerpt
    assert all(kind == "same" for kind, _, _ in page["versions"][1]["text"])


def test_a_passage_page_says_when_the_first_day_is_shared() -> None:
    from compare.report.views import passage_page

    story = prose(93, 200)
    docs = [
        Document("wire", f"{prose(94, 80)}\n{story}", "Wire", date="2026-02-01"),
        Document("paper", f"{story}\n{prose(95, 80)}", "Paper", date="2026-02-01T18:00"),
        Document("blog", f"{prose(96, 60)}\n{story}", "Blog", date="2026-02-03"),
    ]
    result = analyze(docs)
    (found,) = result.passages
    assert found.earliest is None and passage_page(result, found)["witness"] is False
    docs[1] = Document("paper", docs[1].text, "Paper", date="2026-02-02")
    result = analyze(docs)
    (found,) = result.passages
    assert result.documents[found.earliest].id == "wire" and passage_page(result, found)["witness"] is True

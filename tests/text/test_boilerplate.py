"""Tests of compare.text.boilerplate: per-line furniture rules and per-source repeats.

Each rule is tried on a realistic line; long article lines (and ordinary
sentences) are not furniture; lines repeated in several documents of one
source are excluded, the same lines spread over different sources are not;
and on the sample page corpus/004_*.txt the cookie banner, menu and copyright
line are excluded while the article paragraphs are kept.
"""

from __future__ import annotations

import pytest
from paths import CORPUS

from compare.text.boilerplate import find_boilerplate, line_rules

# A long paragraph about cookies is an article, not a banner.
COOKIE_ARTICLE = (
    "Regulators said that websites which use cookies to track visitors across services "
    "must ask for consent first, and that the cookie settings offered to readers were "
    "often misleading, according to the report published on Monday."
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("We use cookies to provide some features and experiences in QOSHE", "cookie banner"),
        ("This site uses cookies. By continuing you accept our cookie policy.", "cookie banner"),
        ("More information\u00a0 .\u00a0 Close", "banner controls"),
        ("Accept all | Reject all", "banner controls"),
        ("12 Comments", "comment widget"),
        ("Leave a reply", "comment widget"),
        ("© 2024 Blitz", "copyright line"),
        ("Copyright 2023 Example Media Ltd.", "copyright line"),
        ("Example Media. All rights reserved.", "copyright line"),
        ("menu_open Columnists", "navigation menu"),
        ("Skip to main content", "navigation menu"),
        ("Home | World | Politics | Sport", "navigation menu"),
        ("Share this article", "share or subscribe prompt"),
        ("Follow us on Twitter", "share or subscribe prompt"),
        ("Subscribe to our newsletter", "share or subscribe prompt"),
        ("Advertisement", "share or subscribe prompt"),
        ("https://rev.org.ua/shho-ne-tak-z-napadom-na-venesuelu/", "bare URL"),
        ("yesterday", "timestamp"),
        ("3 hours ago", "timestamp"),
        ("13 1", "no words (separator, counter or date)"),
        ("03/01/2026", "no words (separator, counter or date)"),
        ("* * *", "no words (separator, counter or date)"),
    ],
)
def test_line_rule(line: str, reason: str) -> None:
    assert line_rules(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The court ruled on Tuesday.",
        "No one is safe: The US raid on Venezuela and the collapse of international restraint",
        "Nicolás Maduro was flown to New York.",
        "پاکستان کی حکومت نے اعلان کیا",
        COOKIE_ARTICLE,
    ],
)
def test_article_lines_are_not_boilerplate(line: str) -> None:
    assert line_rules(line) is None


def test_only_length_saves_the_cookie_article() -> None:
    short = " ".join(COOKIE_ARTICLE.split()[:20])
    assert line_rules(short) == "cookie banner"


@pytest.mark.parametrize(
    "line",
    [
        "Search and rescue teams recovered the bodies on Monday.",
        "Menu prices at the state canteen doubled in a year.",
    ],
)
def test_sentence_starting_with_search_or_menu_is_text(line: str) -> None:
    assert line_rules(line) is None


def test_comments_are_closed_with_period() -> None:
    assert line_rules("Comments are closed.") == "comment widget"


# ------------------------------------------------------------ find_boilerplate

FOOTER = "Views expressed are those of the author and not of Example Weekly."


def _doc(body: str) -> str:
    return f"{body}\n\n{FOOTER}\n"


@pytest.fixture
def three_body_texts() -> list[str]:
    return [
        "The council approved the new budget after a long debate on Tuesday evening.",
        "Farmers protested outside the ministry over the price of fertiliser this spring.",
        "The national team qualified for the final after a dramatic penalty shoot-out.",
    ]


def test_line_repeated_in_one_source_is_excluded(three_body_texts: list[str]) -> None:
    texts = [_doc(b) for b in three_body_texts]
    result = find_boilerplate(texts, ["Example Weekly"] * 3)
    for text, spans in zip(texts, result, strict=True):
        (span,) = spans
        assert text[span.start : span.end] == FOOTER
        assert span.reason == "repeated in 3 documents of source 'Example Weekly'"


def test_same_lines_in_different_sources_are_kept(three_body_texts: list[str]) -> None:
    texts = [_doc(b) for b in three_body_texts]
    assert find_boilerplate(texts, ["A", "B", "C"]) == [[], [], []]


def test_two_documents_are_not_enough(three_body_texts: list[str]) -> None:
    texts = [_doc(b) for b in three_body_texts[:2]]
    assert find_boilerplate(texts, ["S", "S"]) == [[], []]


def test_repeat_must_reach_share_of_the_source(three_body_texts: list[str]) -> None:
    others = [f"Unrelated report number {i} about the weather in the north." for i in range(4)]
    texts = [_doc(b) for b in three_body_texts] + others
    # 3 of 7 documents of the source carry the line: below min_share=0.5.
    assert find_boilerplate(texts, ["S"] * 7) == [[]] * 7
    assert all(len(spans) == 1 for spans in find_boilerplate(texts, ["S"] * 7, min_share=0.4)[:3])


def test_repeat_key_ignores_case_and_spacing(three_body_texts: list[str]) -> None:
    variants = [FOOTER, FOOTER.upper(), "  " + FOOTER.replace(" ", "  ")]
    texts = [f"{b}\n{v}\n" for b, v in zip(three_body_texts, variants, strict=True)]
    result = find_boilerplate(texts, ["S"] * 3)
    assert [len(spans) for spans in result] == [1, 1, 1]


def test_spans_are_sorted_and_slice_stripped_lines() -> None:
    text = "  © 2024 Example\r\nA real sentence of the article goes here.\r\n\r\n   3 hours ago  \r\n"
    (spans,) = find_boilerplate([text], ["S"])
    assert [text[s.start : s.end] for s in spans] == ["© 2024 Example", "3 hours ago"]
    assert spans == sorted(spans, key=lambda s: s.start)


@pytest.fixture
def sample_page() -> str:
    (path,) = CORPUS.glob("004_*.txt")
    return path.read_bytes().decode("utf-8")


def test_sample_page_furniture_excluded(sample_page: str) -> None:
    (spans,) = find_boilerplate([sample_page], ["Blitz (via QOSHE)"])
    excluded = {sample_page[s.start : s.end]: s.reason for s in spans}
    assert excluded["menu_open Columnists"] == "navigation menu"
    assert excluded["We use cookies to provide some features and experiences in QOSHE"] == ("cookie banner")
    assert excluded["© Blitz"] == "copyright line"
    assert any("More information" in line for line in excluded)


def test_sample_page_article_paragraphs_kept(sample_page: str) -> None:
    (spans,) = find_boilerplate([sample_page], ["Blitz (via QOSHE)"])
    paragraphs = [line for line in sample_page.splitlines() if len(line.split()) > 25]
    assert len(paragraphs) >= 5
    for paragraph in paragraphs:
        start = sample_page.index(paragraph)
        assert not any(s.start < start + len(paragraph) and start < s.end for s in spans)
    title = "No one is safe: The US raid on Venezuela and the collapse of international restraint"
    assert all(sample_page[s.start : s.end] != title for s in spans)


@pytest.mark.parametrize("line", ["Updated 2 hours ago", "Posted: 3 days ago", "last updated 10 minutes ago"])
def test_a_timestamp_with_its_verb_is_furniture(line: str) -> None:
    assert line_rules(line) == "timestamp"
    assert line_rules(f"The mayor {line.lower()} said the bridge would close") is None

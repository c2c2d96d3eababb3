"""Tests of compare.load.html.extract_html: main text and metadata of a page.

Scripts and styles never reach the text; <article>/<main> is preferred over
the rest of the body; otherwise navigation, header, footer and aside are
dropped; block elements become paragraph breaks; entities are decoded; the
title and the usual meta tags (og:title, article:published_time, ...) are read.
"""

from __future__ import annotations

import pytest

from compare.load.html import extract_html


@pytest.fixture
def news_page() -> str:
    return (
        "<html><head><title>Site | Story</title>"
        '<meta property="og:title" content="Real Title">'
        '<meta property="article:published_time" content="2024-02-01T08:00:00Z">'
        '<meta name="author" content="A. Writer">'
        "<style>p { color: red }</style><script>var tracking = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav>"
        "<header>Big Site Banner</header>"
        "<article><h1>Headline</h1>"
        "<p>First &amp; foremost &mdash; a <b>bold</b> claim.</p>"
        "<script>alert(1)</script>"
        "<p>Second&nbsp;paragraph.</p></article>"
        "<aside>Related stuff</aside><footer>Copyright footer</footer></body></html>"
    )


def test_article_is_preferred_and_split_into_paragraphs(news_page: str) -> None:
    page = extract_html(news_page)
    assert page.text == "Headline\n\nFirst & foremost — a bold claim.\n\nSecond paragraph."


def test_script_style_and_chrome_are_not_in_text(news_page: str) -> None:
    text = extract_html(news_page).text
    for absent in ["alert", "tracking", "color", "Home", "Big Site", "Related", "Copyright"]:
        assert absent not in text


def test_meta_tags_are_picked_up(news_page: str) -> None:
    page = extract_html(news_page)
    assert page.title == "Real Title"
    assert page.meta["date"] == "2024-02-01T08:00:00Z"
    assert page.meta["author"] == "A. Writer"


def test_title_element_used_without_og_title() -> None:
    page = extract_html("<html><head><title> Plain\n title </title></head><body><p>x</p></body></html>")
    assert page.title == "Plain title"
    assert "Plain" not in page.text


def test_body_without_article_drops_nav_and_footer() -> None:
    page = extract_html(
        "<body><nav>Home | News | Sport</nav><div>One<br>Two</div>"
        "<ul><li>Item A</li><li>Item B</li></ul><footer>About us</footer>"
        "<script>alert(1)</script></body>"
    )
    assert page.text == "One\n\nTwo\n\nItem A\n\nItem B"


def test_main_element_is_preferred() -> None:
    page = extract_html("<body><p>Outside teaser</p><main><p>Main text</p></main></body>")
    assert page.text == "Main text"


def test_entities_are_decoded() -> None:
    page = extract_html("<p>Tom &amp; Jerry &lt;b&gt; caf&eacute; it&#8217;s &#x201C;x&#x201D;</p>")
    assert page.text == "Tom & Jerry <b> café it’s “x”"


def test_script_content_is_not_text_even_alone() -> None:
    page = extract_html("<p>Before</p><script>alert(1)</script><p>After</p>")
    assert page.text == "Before\n\nAfter"
    assert "alert" not in page.text


def test_unclosed_paragraphs_still_separate() -> None:
    page = extract_html("<body><p>Unclosed one<p>Unclosed two<div>Div text</div></body>")
    assert page.text == "Unclosed one\n\nUnclosed two\n\nDiv text"


def test_site_name_and_url_meta() -> None:
    page = extract_html(
        '<head><meta property="og:site_name" content="The Daily">'
        '<meta property="og:url" content="https://example.org/story"></head><p>x</p>'
    )
    assert page.meta == {"source": "The Daily", "url": "https://example.org/story"}


def test_svg_title_does_not_leak_into_page_title() -> None:
    page = extract_html(
        "<html><head><title>Doc</title></head><body><svg><title>icon</title></svg><p>Body</p></body></html>"
    )
    assert page.title == "Doc"


def test_navigation_inside_the_article_is_dropped_too() -> None:
    page = (
        "<html><body><article><nav>Home About Contact</nav><h1>Headline</h1>"
        "<p>The story itself.</p><aside>Related stories</aside><form><button>Subscribe now</button></form>"
        "<footer>Share this</footer></article></body></html>"
    )
    assert extract_html(page).text == "Headline\n\nThe story itself."


def test_canonical_link_is_the_url_when_no_og_url() -> None:
    page = extract_html('<head><link rel="canonical" href=" https://news.example.com/a/1 "></head><p>x</p>')
    assert page.meta == {"url": "https://news.example.com/a/1"}
    both = extract_html(
        '<head><meta property="og:url" content="https://example.org/og">'
        '<link rel="canonical" href="https://example.org/canonical"></head><p>x</p>'
    )
    assert both.meta == {"url": "https://example.org/og"}

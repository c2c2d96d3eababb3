"""Main text of an HTML page, as plain paragraphs.

Scripts, styles and markup are dropped, and so are navigation, header,
footer, aside, forms and buttons wherever they are. When the page marks its
main content with ``<article>`` or ``<main>``, only that is kept. Block elements become paragraph
breaks. Title, author, date and URL are taken from the usual meta tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["HtmlText", "extract_html"]

_DROP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
_CHROME = {"nav", "header", "footer", "aside", "form", "button", "select"}
_MAIN = {"article", "main"}
_BLOCK = {
    "p",
    "div",
    "br",
    "hr",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
    "nav",
    "aside",
    "title",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "source"}
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "author": "author",
    "article:author": "author",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "og:url": "url",
    "og:site_name": "source",
}


@dataclass
class HtmlText:
    text: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.all_parts: list[str] = []
        self.main_parts: list[str] = []
        self.main_depth = 0
        self.skip_depth = 0
        self.chrome_depth = 0
        self.title_parts: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def _block(self) -> None:
        self.all_parts.append("\n\n")
        if self.main_depth:
            self.main_parts.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = (a.get("property") or a.get("name") or "").lower()
            if key in _META_FIELDS and a.get("content") and _META_FIELDS[key] not in self.meta:
                self.meta[_META_FIELDS[key]] = a["content"].strip()
            return
        if tag == "link":
            a = {k: v or "" for k, v in attrs}
            if "canonical" in a.get("rel", "").lower().split() and a.get("href") and "url" not in self.meta:
                self.meta["url"] = a["href"].strip()
        if tag == "title":
            self.in_title = "svg" not in self.stack
        if tag in _VOID:
            if tag in _BLOCK:
                self._block()
            return
        self.stack.append(tag)
        if tag in _DROP:
            self.skip_depth += 1
        elif tag in _CHROME:
            self.chrome_depth += 1
        if tag in _MAIN:
            self.main_depth += 1
        if tag in _BLOCK:
            self._block()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _DROP:
                self.skip_depth -= 1
            elif open_tag in _CHROME:
                self.chrome_depth -= 1
            if open_tag in _MAIN:
                self.main_depth -= 1
            if open_tag in _BLOCK:
                self._block()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.chrome_depth:
            return
        if self.main_depth:
            self.main_parts.append(data)
        self.all_parts.append(data)


def _tidy(parts: list[str]) -> str:
    text = "".join(parts)
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def extract_html(markup: str) -> HtmlText:
    """Extract the main text of `markup`.

    Examples
    --------
    >>> page = "<html><head><title>T</title><script>x()</script></head>"
    >>> page += "<body><nav>Home | News</nav><p>Hello <b>world</b>.</p></body></html>"
    >>> extract_html(page).text
    'Hello world.'
    """
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    main = _tidy(parser.main_parts)
    text = main if main else _tidy(parser.all_parts)
    title = re.sub(r"\s+", " ", "".join(parser.title_parts)).strip()
    return HtmlText(text=text, title=parser.meta.get("title", title), meta=parser.meta)

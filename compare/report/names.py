"""The report's page names, derived from the documents' own ids.

A page's name must not depend on a document's position in the run: one
unreadable input, or one more file, would shift every later number, and a
saved link or a citation would point at another document. So pages are
named by a readable slug of the document's id and a short hash of the whole
id (which keeps two ids that slug alike apart).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

__all__ = ["display_id", "document_file", "page_name", "pair_file", "text_file"]

_SLUG_CHARS = 32


def _slug(text: str, limit: int) -> str:
    """Lower-case ASCII letters and digits of `text`, runs of anything else as
    one dash, at most `limit` characters; "doc" when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower())[:limit].strip("-") or "doc"


@lru_cache(maxsize=65536)  # every pair and link names its two documents again
def page_name(doc_id: str) -> str:
    """A document's part of page names: ASCII slug of its id (at most 32
    characters; "doc" when nothing is left) and 8 hex digits of its SHA-1.

    >>> page_name("nyt/2024 Story.html")
    'nyt-2024-story-html-959b6a91'
    >>> page_name("خبر")
    'doc-86b5489e'
    """
    return f"{_slug(doc_id, _SLUG_CHARS)}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:8]}"


_SHOWN_CHARS = 16


@lru_cache(maxsize=65536)
def display_id(doc_id: str) -> str:
    """The short id the report shows for a document: a slug of its file name
    without the extension (the id's last part; at most 16 characters) and the
    same 8 hex digits as its page name, so that two files named alike in
    different folders stay apart, and a number on screen never changes when
    another input is added or fails.

    >>> display_id("nyt/2024 Story.html")
    '2024-story-959b6a91'
    >>> display_id("https://example.org/news/index.html")
    'index-ee6be9c0'
    """
    last = re.split(r"[/\\]", doc_id.rstrip("/\\"))[-1] or doc_id
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", last) or last
    return f"{_slug(stem, _SHOWN_CHARS)}-{page_name(doc_id)[-8:]}"


def document_file(doc_id: str) -> str:
    """The document page's path, relative to the report root."""
    return f"docs/{page_name(doc_id)}.html"


def pair_file(a_id: str, b_id: str) -> str:
    """The pair page's path (documents in the pair's order), relative to the report root."""
    return f"pairs/{page_name(a_id)}--{page_name(b_id)}.html"


def text_file(doc_id: str) -> str:
    """The document's text as a data file (loaded by the pair pages that show
    it), relative to the report root."""
    return f"data/texts/{page_name(doc_id)}.js"

"""Page furniture shared across sites: lines at the top or bottom of pages
whose words recur in many documents that are otherwise unrelated.

The per-source rule (`compare.text.boilerplate`) finds a site's own footer
when a manifest groups its pages. Without one every file is its own source,
and furniture that many sites share (a publishing system's "This entry was
posted on … filed under …", a share bar, a newsletter prompt) would pair
unrelated pages as partial reuse and chain them into one "passage".

A line is furniture here when

* it is an *edge* line of at least k words: its middle word lies in the
  first or last `edge_share` of its page's words (furniture sits around
  the article, copied text inside it; a shorter line, a menu item or a
  word a hard wrap left alone, is too short to make a passage);
* at least `line_share` of its word k-grams (a line shorter than k words:
  the whole line) are *widespread*: held, on edge lines, by documents of
  at least `min_sites` independent groups. Documents whose *middles* (the
  lines that are not edge lines) share `related_shingles` k-grams are one
  group: twenty copies of a syndicated story hold its last line twenty
  times, but count once, so a story is never its own furniture. A page
  with a smaller middle than that is no witness either way.

What this does not catch: furniture in the middle of a page (the line
rules do, for the common kinds), and furniture on fewer than `min_sites`
independent pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..sketch.hashing import shingle_hashes
from ..sketch.minhash import MinHasher
from ..text.boilerplate import Excluded, text_lines
from .prepare import PreparedDocument, prepare_documents

__all__ = [
    "FurnitureParams",
    "Page",
    "edge_grams",
    "find_furniture",
    "furniture_lines",
    "independent",
    "page_of",
    "without_furniture",
]


@dataclass(frozen=True)
class FurnitureParams:
    """Thresholds of cross-site furniture (see the module's docstring).

    min_sites: independent groups of documents whose edge lines hold a
        k-gram for it to be widespread.
    edge_share: the share of a page's words, at its top and at its bottom,
        where the middle of an edge line lies.
    line_share: the share of a line's k-grams that must be widespread.
    related_shingles: documents whose middles share this many k-grams are
        copies of one text (one group).
    """

    min_sites: int = 5
    edge_share: float = 0.3
    line_share: float = 0.5
    related_shingles: int = 10

    def __post_init__(self) -> None:
        if self.min_sites < 2 or self.related_shingles < 1:
            raise ValueError("min_sites must be >= 2 and related_shingles >= 1")
        if not 0.0 < self.edge_share <= 0.5 or not 0.0 < self.line_share <= 1.0:
            raise ValueError("edge_share must be in (0, 0.5] and line_share in (0, 1]")


@dataclass(frozen=True)
class Page:
    """One document's lines split into edge lines (with their k-grams) and its middle's k-grams."""

    edges: list[tuple[int, int, np.ndarray]]  # (start, end, k-gram hashes) of each edge line
    middle: np.ndarray  # sorted unique k-grams of the other lines


def page_of(p: PreparedDocument, k: int, edge_share: float) -> Page:
    lines = text_lines(p.document.text)
    starts = p.tokens.starts
    zone = edge_share * len(starts)
    edges, middle = [], []
    for start, end, _ in lines:
        lo, hi = int(np.searchsorted(starts, start)), int(np.searchsorted(starts, end))
        if hi == lo:  # no content words (blank, or boilerplate already)
            continue
        grams = shingle_hashes(p.ids[lo:hi], k)
        centre = (lo + hi) / 2
        if centre >= zone and centre <= len(starts) - zone:
            middle.append(grams)
        elif hi - lo >= k:  # a shorter line ("is", "News") is too short to make a passage
            edges.append((start, end, grams))
    return Page(edges, np.unique(np.concatenate(middle)) if middle else np.zeros(0, np.uint64))


def independent(middles: Sequence[np.ndarray], related: int, enough: int) -> bool:
    """Do at least `enough` of these pages' middles (the holders', in order)
    hold `related` k-grams or more and share fewer than `related` with each other?"""
    groups: list[np.ndarray] = []
    for mid in middles:
        if len(mid) < related:  # no middle to tell a copy from an unrelated page
            continue
        if all(len(np.intersect1d(mid, g, assume_unique=True)) < related for g in groups):
            groups.append(mid)
            if len(groups) >= enough:
                return True
    return False


def edge_grams(page: Page) -> np.ndarray:
    """The distinct k-grams of a page's edge lines, sorted."""
    if not page.edges:
        return np.zeros(0, dtype=np.uint64)
    return np.unique(np.concatenate([g for _, _, g in page.edges])).astype(np.uint64)


def furniture_lines(page: Page, widespread: dict[int, tuple[int, int]], line_share: float) -> list[Excluded]:
    """A page's edge lines enough of whose k-grams are `widespread` (k-gram ->
    (documents, sources) holding it), as excluded spans."""
    spans = []
    for start, end, grams in page.edges:
        found = [widespread[g] for g in grams.tolist() if g in widespread]
        if grams.size and len(found) >= line_share * grams.size:
            docs, sources = max(found)
            spans.append(
                Excluded(start, end, f"shared across sites: in {docs} documents from {sources} sources")
            )
    return spans


def find_furniture(
    prepared: Sequence[PreparedDocument], params: FurnitureParams, shingle_size: int
) -> list[list[Excluded]]:
    """The furniture lines of each prepared document (sorted by offset; most have none)."""
    pages = [page_of(p, shingle_size, params.edge_share) for p in prepared]
    values = [edge_grams(page) for page in pages]
    owners = [np.full(len(v), i, dtype=np.int64) for i, v in enumerate(values)]
    if not values:
        return []
    value, owner = np.concatenate(values), np.concatenate(owners)
    order = np.lexsort((owner, value))
    value, owner = value[order], owner[order]
    cuts = np.flatnonzero(np.diff(value)) + 1
    first = np.concatenate([[0], cuts])
    last = np.concatenate([cuts, [len(value)]])
    common = (last - first) >= params.min_sites
    widespread: dict[int, tuple[int, int]] = {}  # k-gram -> (documents, sources)
    decided: dict[tuple[int, ...], bool] = {}
    for s, e in zip(first[common].tolist(), last[common].tolist(), strict=True):
        holders = tuple(owner[s:e].tolist())
        if holders not in decided:
            middles = [pages[h].middle for h in holders]
            decided[holders] = independent(middles, params.related_shingles, params.min_sites)
        if decided[holders]:
            sources = len({prepared[h].document.source for h in holders})
            widespread[int(value[s])] = (len(holders), sources)
    return [furniture_lines(page, widespread, params.line_share) for page in pages]


def without_furniture(
    prepared: Sequence[PreparedDocument], params: FurnitureParams, minhasher: MinHasher, jobs: int = 1
) -> list[PreparedDocument]:
    """The documents again, those with furniture prepared anew without it (in `jobs` processes)."""
    found = find_furniture(prepared, params, minhasher.shingle_size)
    redo = [i for i, spans in enumerate(found) if spans]
    excluded = [sorted([*prepared[i].excluded, *found[i]], key=lambda e: (e.start, e.end)) for i in redo]
    out = list(prepared)
    again = prepare_documents([prepared[i].document for i in redo], excluded, minhasher, jobs)
    for i, p in zip(redo, again, strict=True):
        out[i] = p
    return out

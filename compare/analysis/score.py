"""Scoring a pair: exact scores, its matches, and the relation they establish.

All scores are exact (no sketches): Jaccard and containment over the
documents' word-shingle sets (`compare.sketch.shingles`), coverage over
the aligned word ranges. `score_pair` turns a pair's alignments and
topical matches into its `PairResult`, or None when nothing relates them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..sketch.shingles import jaccard_containment
from ..text.quotes import attributed, quoted_sides
from .align import Alignment
from .options import Options
from .pair_filter import document_day
from .prepare import PreparedDocument
from .result import Edit, Match, PairResult

__all__ = ["coverage", "earlier", "relation", "reuse_match", "score_pair", "union_length"]


def union_length(ranges: Iterable[tuple[int, int]]) -> int:
    """Length of the union of half-open ranges ``[start, end)``.

    >>> union_length([(0, 10), (5, 15), (20, 25), (3, 3)])
    20
    """
    covered = 0
    last = None
    for start, end in sorted(ranges):
        if last is not None:
            start = max(start, last)
        if end > start:
            covered += end - start
            last = end
    return covered


def coverage(ranges: Iterable[tuple[int, int]], total: int) -> float:
    """Share of `total` words covered by the union of word ranges ``[start, end)``."""
    return union_length(ranges) / total if total > 0 else 0.0


def relation(
    jaccard: float,
    coverage_a: float,
    coverage_b: float,
    has_reuse: bool,
    has_topical: bool,
    near_duplicate_jaccard: float,
    near_duplicate_coverage: float,
    excerpt_coverage: float,
    has_quotation: bool = False,
) -> str | None:
    """What the scores say about a pair, strongest first.

    * ``near-duplicate``: shingle Jaccard >= `near_duplicate_jaccard`, or
      reuse matches cover at least `near_duplicate_coverage` of BOTH texts
      (a lightly edited rewrite, whose edits break many shingles);
    * ``excerpt``: reuse matches cover at least `excerpt_coverage` of one text;
    * ``partial-reuse``: some verbatim, edited or paraphrased passage is shared;
    * ``quotation``: the only shared passages are quotations (in quotation
      marks in both texts, or quoted with attribution in one): journalism,
      not copying;
    * ``topical``: no shared passage, but the same topic (similar TF-IDF
      sentences or documents);
    * None: nothing worth reporting.
    """
    if jaccard >= near_duplicate_jaccard or min(coverage_a, coverage_b) >= near_duplicate_coverage:
        return "near-duplicate"
    if max(coverage_a, coverage_b) >= excerpt_coverage:
        return "excerpt"
    if has_reuse:
        return "partial-reuse"
    if has_quotation:
        return "quotation"
    if has_topical:
        return "topical"
    return None


def _edit_span(doc: PreparedDocument, start: int, end: int, first: int) -> tuple[int, int]:
    """Original span of words ``[start, end)``; an empty one is the insertion point:
    the match's start if it is at the match's first word, else after the word before."""
    if end > start:
        return doc.span(start, end)
    point = int(doc.tokens.starts[start]) if start == first else int(doc.tokens.ends[start - 1])
    return point, point


def _edits(a: PreparedDocument, b: PreparedDocument, al: Alignment) -> list[Edit]:
    """The changed steps of an alignment's word diff, in original offsets (the
    words between them are the same in both texts: a near-duplicate has
    hundreds of steps, and keeping the equal ones doubled a large result)."""
    return [
        Edit(tag, _edit_span(a, a0, a1, al.a_start), _edit_span(b, b0, b1, al.b_start))
        for tag, a0, a1, b0, b1 in al.ops
        if tag != "equal"
    ]


def _kind(al: Alignment, options: Options) -> str:
    """verbatim: the same words; edited: aligned word by word; paraphrased:
    aligned sentence by sentence, sharing fewer words than an edit."""
    if al.verbatim:
        return "verbatim"
    return "edited" if al.similarity >= options.align.min_similarity else "paraphrased"


def reuse_match(a: PreparedDocument, b: PreparedDocument, al: Alignment, options: Options) -> Match:
    span_a, span_b = a.span(al.a_start, al.a_end), b.span(al.b_start, al.b_end)
    quoted = quoted_sides(a.document.text, span_a, b.document.text, span_b)
    one_side = {"a": (a.document.text, span_a), "b": (b.document.text, span_b)}.get(quoted)
    return Match(
        number=0,
        kind=_kind(al, options),
        a=span_a,
        b=span_b,
        words_a=al.a_end - al.a_start,
        words_b=al.b_end - al.b_start,
        shared_words=al.shared,
        similarity=round(al.similarity, 6),
        edits=[] if al.verbatim else _edits(a, b, al),
        quoted=quoted,
        attributed=one_side is not None and attributed(*one_side),
    )


def score_pair(
    a: PreparedDocument,
    b: PreparedDocument,
    alignments: Sequence[Alignment],
    topical: Sequence[Match],
    options: Options,
    indices: tuple[int, int] = (0, 1),
    tfidf_cosine: float = 0.0,
    lsh_candidate: bool = False,
) -> PairResult | None:
    """Exact scores, matches and relation of a pair; None if unrelated.

    `indices` are the two documents' positions in the corpus.
    """
    jac, cab, cba = jaccard_containment(a.shingles, b.shingles)
    reuse = [(x, reuse_match(a, b, x, options)) for x in alignments]
    copied = [x for x, m in reuse if not m.quotation]
    cov_a = coverage(((x.a_start, x.a_end) for x in copied), len(a.tokens))
    cov_b = coverage(((x.b_start, x.b_end) for x in copied), len(b.tokens))
    on_topic = bool(topical) or tfidf_cosine >= options.topical_document_similarity
    rel = relation(
        jac,
        cov_a,
        cov_b,
        bool(copied),
        on_topic,
        options.near_duplicate_jaccard,
        options.near_duplicate_coverage,
        options.excerpt_coverage,
        has_quotation=len(copied) < len(reuse),
    )
    if rel is None:
        return None
    matches = sorted([m for _, m in reuse] + list(topical), key=lambda m: (m.a, m.b, m.kind))
    for n, m in enumerate(matches, start=1):
        m.number = n
    return PairResult(
        a=indices[0],
        b=indices[1],
        same_source=a.document.source == b.document.source,
        jaccard=round(jac, 6),
        containment_a_in_b=round(cab, 6),
        containment_b_in_a=round(cba, 6),
        tfidf_cosine=round(tfidf_cosine, 6),
        coverage_a=round(cov_a, 6),
        coverage_b=round(cov_b, 6),
        relation=rel,
        lsh_candidate=lsh_candidate,
        matches=matches,
        earlier=earlier(a.document.date, b.document.date),
    )


def earlier(date_a: str, date_b: str) -> str | None:
    """``"a"`` or ``"b"``: whichever date is the earlier day; None when one
    is missing or unreadable, or both fall on one day.

    >>> earlier("2026-05-02", "2026-05-01T09:00"), earlier("2026-05-01", "")
    ('b', None)
    >>> earlier("2026-05-01", "2026-05-01 12:00")

    """
    a, b = document_day(date_a), document_day(date_b)
    if a is None or b is None or a == b:
        return None
    return "a" if a < b else "b"

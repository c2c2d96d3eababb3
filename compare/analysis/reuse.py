"""Reused passages of a pair: word alignments and sentence alignments, merged, long enough.

`reuse_alignments` is the per-pair alignment of the pipeline: verbatim and
edited passages aligned word by word (`compare.analysis.align`), reworded
ones sentence by sentence (`compare.analysis.paraphrase`); passages that
overlap in both documents become one; passages shorter than
`Options.min_passage_chars` on either side are left out. `repetitions`
is the same inside one document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .align import Alignment, Box, align_box, align_pair, align_self, overlap_in_both
from .options import Options
from .paraphrase import ParaphraseParams, SentenceAlignment, align_sentences, evidenced
from .prepare import PreparedDocument
from .result import Repetition
from .score import union_length
from .tfidf import WordWeights

__all__ = ["document_repetitions", "long_enough", "merge_boxes", "repetitions", "reuse_alignments"]


def merge_boxes(boxes: Iterable[Box]) -> list[Box]:
    """Merge passages that overlap in both documents, transitively, into their joint extent."""
    merged: list[Box] = []
    for box in sorted(boxes):
        overlapping = [m for m in merged if overlap_in_both(box, m)]
        while overlapping:
            merged = [m for m in merged if m not in overlapping]
            parts = [box, *overlapping]
            box = Box(
                min(p.a_start for p in parts),
                max(p.a_end for p in parts),
                min(p.b_start for p in parts),
                max(p.b_end for p in parts),
            )
            overlapping = [m for m in merged if overlap_in_both(box, m)]
        merged.append(box)
    return sorted(merged)


def _explained_by_exact(s: SentenceAlignment, words: Sequence[Alignment], params: ParaphraseParams) -> bool:
    """Whether near-verbatim word alignments already explain a sentence-level
    passage: they cover `exact_share` of it in both documents, or a long one
    (`exact_words`) touches it. Its sentence boundaries would only blur theirs.
    `words` are the alignments that are reported on their own (long enough):
    runs too short to be a passage explain nothing, and the sentence passage
    holding them is the reuse."""
    exact = [x for x in words if x.similarity >= params.exact_similarity]
    if any(x.shared >= params.exact_words and overlap_in_both(s, x) for x in exact):
        return True
    a_ranges = [(max(s.a_start, x.a_start), min(s.a_end, x.a_end)) for x in exact]
    b_ranges = [(max(s.b_start, x.b_start), min(s.b_end, x.b_end)) for x in exact]
    a_covered = union_length(a_ranges) >= params.exact_share * (s.a_end - s.a_start)
    b_covered = union_length(b_ranges) >= params.exact_share * (s.b_end - s.b_start)
    return a_covered and b_covered


def _exact_words(words: Sequence[Alignment], params: ParaphraseParams) -> tuple[Box, ...]:
    """The near-verbatim word alignments, as boxes."""
    return tuple(x.box for x in words if x.similarity >= params.exact_similarity)


def long_enough(a: PreparedDocument, b: PreparedDocument, al: Alignment, min_chars: int) -> bool:
    """Whether a passage spans `min_chars` in both documents, or half of the
    shorter document where that is less (a short text copied whole counts)."""
    needed = min(min_chars, min(len(a.document.text), len(b.document.text)) // 2)
    a0, a1 = a.span(al.a_start, al.a_end)
    b0, b1 = b.span(al.b_start, al.b_end)
    return a1 - a0 >= needed and b1 - b0 >= needed


def _uncovered_chars(doc: PreparedDocument, ranges: Iterable[tuple[int, int]]) -> int:
    """Characters of `doc`'s content words outside the token `ranges`."""
    covered = np.zeros(len(doc.tokens), dtype=bool)
    for start, end in ranges:
        covered[start:end] = True
    lengths = doc.tokens.ends - doc.tokens.starts
    return int(lengths[~covered].sum())


def _room_for_more(a: PreparedDocument, b: PreparedDocument, exact: Sequence[Box], min_chars: int) -> bool:
    """Whether both documents have `min_chars` of words outside the near-verbatim
    passages: else no reworded passage is left to find (a sentence passage
    inside them is explained by them, `_explained_by_exact`), and the
    sentence alignment, a third of a near-duplicate pair's cost, is skipped."""
    if not exact:
        return True
    return (
        _uncovered_chars(a, ((x.a_start, x.a_end) for x in exact)) >= min_chars
        and _uncovered_chars(b, ((x.b_start, x.b_end) for x in exact)) >= min_chars
    )


def reuse_alignments(
    a: PreparedDocument, b: PreparedDocument, options: Options, weights: WordWeights | None = None
) -> list[Alignment]:
    """Every reused passage of `a` in `b`, aligned word by word or sentence by
    sentence; passages overlapping in both documents are merged into one,
    whose word diff spans the merged extent. Passages shorter than
    `options.min_passage_chars` on either side are left out. With the
    collection's `weights`, a reworded passage must show its evidence
    (`compare.analysis.paraphrase.evidenced`); a pair compared on its own
    has no collection to weigh its words by."""
    words = align_pair(a.ids, b.ids, options.align)
    sentences = []
    params = options.paraphrase
    reported = [x for x in words if long_enough(a, b, x, options.min_passage_chars)]
    if params is not None and _room_for_more(a, b, _exact_words(reported, params), options.min_passage_chars):
        sentences = [
            s
            for s in align_sentences(a, b, params)
            if not _explained_by_exact(s, reported, params)
            and (weights is None or evidenced(s, a, b, weights, params, _exact_words(words, params)))
        ]
    if sentences:
        known = {x.box: x for x in words}
        boxes = merge_boxes([*known, *(s.box for s in sentences)])
        words = [known.get(box) or align_box(a.ids, b.ids, box, options.align) for box in boxes]
    return [x for x in words if long_enough(a, b, x, options.min_passage_chars)]


def repetitions(prepared: Sequence[PreparedDocument], options: Options) -> list[Repetition]:
    """Passages repeated inside each document (a story printed twice, a repeated paragraph)."""
    return [r for i, p in enumerate(prepared) for r in document_repetitions(i, p, options)]


def document_repetitions(index: int, p: PreparedDocument, options: Options) -> list[Repetition]:
    """Passages repeated inside one document, the `index`-th of its collection."""
    found = []
    for al in align_self(p.ids, options.align):
        if not long_enough(p, p, al, options.min_passage_chars):
            continue
        found.append(
            Repetition(
                document=index,
                kind="verbatim" if al.verbatim else "edited",
                first=p.span(al.a_start, al.a_end),
                second=p.span(al.b_start, al.b_end),
                shared_words=al.shared,
                similarity=round(al.similarity, 6),
            )
        )
    return found

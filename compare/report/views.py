"""What each report page displays, built from an `AnalysisResult`.

Every number, label, ordering and highlighted segment the templates show is
decided here; the templates only lay them out. Document text is passed as
text (never as markup) and URLs become links only when they are http(s).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..analysis.evidence import fallback_threshold
from ..analysis.passages import Passage
from ..analysis.result import (
    AnalysisResult,
    DocumentResult,
    Evidence,
    Match,
    PairResult,
    Repetition,
    compact_json,
)
from ..sketch.lsh import detection_probability
from ..text.quotes import QUOTED_SHARE, quote_spans, share_inside
from . import names
from .export import evidence_record
from .highlight import KIND_LETTER, Span, segments
from .passages import PassageIndex, word_diff
from .sources import SOURCES_CSV, source_matrix
from .texts import pane_data

__all__ = ["MATRIX_LIMIT", "document_page", "index_page", "pair_file", "pair_page", "ranked"]

#: Above this many documents the index shows no matrix (it would be n² cells).
MATRIX_LIMIT = 60

RELATION_RANK = {"near-duplicate": 0, "excerpt": 1, "partial-reuse": 2, "quotation": 3, "topical": 4}
RELATION_GLYPH = {
    "near-duplicate": "≡",
    "excerpt": "⊂",
    "partial-reuse": "↔",
    "quotation": "“",
    "topical": "~",
}
RELATION_TEXT = {
    "near-duplicate": "near-duplicates: most of both texts is the same",
    "excerpt": "one contains an excerpt of the other",
    "partial-reuse": "they share some passages, verbatim, edited or paraphrased",
    "quotation": "they share only quotations: quoted in both, or quoted with attribution",
    "topical": "no shared passage; the same topic",
}


_QUOTED = {
    "": "",
    "both": "quoted in both texts: a shared quotation, not copying",
    "a": "in quotation marks in {a}",
    "b": "in quotation marks in {b}",
}


def _quoted_text(m: Match, a: str, b: str) -> str:
    """How a match is quoted, in words ("" if it is not)."""
    if m.attributed:
        return f"quoted with attribution in {a if m.quoted == 'a' else b}: not copying"
    return _QUOTED[m.quoted].format(a=a, b=b)


#: A reader's verdicts on a pair (the report's triage marks): value, label.
MARKS = [
    ("", "not marked"),
    ("attributed", "attributed reuse"),
    ("unattributed", "unattributed reuse"),
    ("quote", "shared quotation"),
    ("false-positive", "false positive"),
]


def _safe_url(url: str) -> str:
    """Only http(s) URLs become links; anything else is shown as text."""
    return url if urlsplit(url.strip()).scheme in ("http", "https") else ""


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _snippet(text: str, span: tuple[int, int], limit: int = 160) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def _label(d: DocumentResult) -> str:
    return names.display_id(d.id)


def script_json(value: Any) -> Markup:
    """`value` as JSON to place inside ``<script type="application/json">``:
    ``<``, ``>`` and ``&`` written as escapes, so no text can close the element
    or open a comment; the page reads it with ``JSON.parse``, never runs it.
    (In an attribute, every quote would be written ``&#34;``.)

    >>> print(script_json({"title": "</script><b>"}))
    {"title":"\\u003c/script\\u003e\\u003cb\\u003e"}
    """
    text = compact_json(value)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def has_page(p: PairResult) -> bool:
    """Whether the pair gets its own page and its evidence as data
    (`compare.report.export`): pairs that share text do. Pairs on the same
    topic only are listed on the index and on both documents' pages, with
    their similar sentences: in a large collection they are most pairs, and
    a page each would make the report grow with them, not with the reuse."""
    return p.relation != "topical"


def pair_file(p: PairResult, docs: Sequence[DocumentResult]) -> str:
    """The pair page's path, relative to the report root, named by the two
    documents' ids (`compare.report.names`)."""
    return names.pair_file(docs[p.a].id, docs[p.b].id)


def _doc(d: DocumentResult) -> dict[str, Any]:
    return {
        "index": d.index,
        "label": _label(d),
        "id": d.id,
        "source": d.source,
        "title": d.title or d.id,
        "url": d.url,
        "href": _safe_url(d.url),
        "date": d.date,
        "encoding": d.encoding,
        "n_words": d.n_words,
        "n_content_words": d.n_content_words,
        "n_excluded_words": d.n_words - d.n_content_words,
        "excluded": len(d.excluded),
        "reused": _pct(d.reused_share),
        "unique": _pct(1 - d.reused_share),
        "file": names.document_file(d.id),
        "metadata": sorted(d.metadata.items()),
    }


def ranked(pairs: Iterable[PairResult]) -> list[PairResult]:
    """Strongest relation first, then most text covered, topic similarity, Jaccard."""
    return sorted(
        pairs,
        key=lambda p: (
            RELATION_RANK[p.relation],
            -max(p.coverage_a, p.coverage_b),
            -p.tfidf_cosine,
            -p.jaccard,
            p.a,
            p.b,
        ),
    )


def _pair_row(p: PairResult, docs: Sequence[DocumentResult]) -> dict[str, Any]:
    # A quotation (quoted in both texts, or with attribution in one) is counted apart from copying.
    kinds = [m.kind if not m.quotation else "quoted" for m in p.matches]
    key = pair_file(p, docs)
    return {
        "file": key if has_page(p) else "",
        "key": key,
        "a": _doc(docs[p.a]),
        "b": _doc(docs[p.b]),
        "relation": p.relation,
        "glyph": RELATION_GLYPH[p.relation],
        "jaccard": f"{p.jaccard:.3f}",
        "c_ab": f"{p.containment_a_in_b:.3f}",
        "c_ba": f"{p.containment_b_in_a:.3f}",
        "cosine": f"{p.tfidf_cosine:.3f}",
        "cov_a": _pct(p.coverage_a),
        "cov_b": _pct(p.coverage_b),
        "verbatim": kinds.count("verbatim"),
        "edited": kinds.count("edited"),
        "paraphrased": kinds.count("paraphrased"),
        "topical": kinds.count("topical"),
        "quoted": kinds.count("quoted"),
        "kinds": " ".join(sorted(set(kinds))),
        "same_source": p.same_source,
        # Unrounded, for sorting and filtering in the browser.
        "sort": {
            "jaccard": p.jaccard,
            "c_ab": p.containment_a_in_b,
            "c_ba": p.containment_b_in_a,
            "cosine": p.tfidf_cosine,
            "cov_a": p.coverage_a,
            "cov_b": p.coverage_b,
        },
    }


def _matrix(result: AnalysisResult) -> list[dict[str, Any]]:
    by_pair = {(p.a, p.b): p for p in result.pairs}
    rows = []
    for a in result.documents:
        cells: list[dict[str, Any]] = []
        for b in result.documents:
            if a.index == b.index:
                cells.append({"state": "self"})
                continue
            p = by_pair.get((min(a.index, b.index), max(a.index, b.index)))
            if p is None:
                cells.append({"state": "empty", "title": f"{_label(a)} × {_label(b)}: not related"})
                continue
            strength = max(p.coverage_a, p.coverage_b, p.jaccard)  # shared text, not shared topic
            cells.append(
                {
                    "state": "pair",
                    "file": pair_file(p, result.documents) if has_page(p) else "",
                    "glyph": RELATION_GLYPH[p.relation],
                    "relation": p.relation,
                    "value": f"{p.tfidf_cosine:.2f}",
                    "heat": min(5, int(strength * 6)),
                    "title": f"{_label(a)} × {_label(b)}: {p.relation}; Jaccard {p.jaccard:.3f}, "
                    f"TF-IDF cosine {p.tfidf_cosine:.3f}, "
                    f"coverage {_pct(p.coverage_a)} / {_pct(p.coverage_b)}",
                }
            )
        rows.append({"doc": _doc(a), "cells": cells})
    return rows


def _explanations(o: dict[str, Any]) -> list[tuple[str, str, str]]:
    probs = ", ".join(f"{s} → {p:.2f}" for s, p in o["lsh_detection_probability"].items())
    align = o["align"]
    return [
        (
            "Shingles",
            f"{o['shingle_size']} words",
            "Jaccard and containment compare the sets of distinct runs of this many consecutive words.",
        ),
        (
            "Jaccard",
            "shared shingles ÷ all distinct shingles of both",
            "1.0: the same text; verified exactly for every reported pair.",
        ),
        ("Containment A in B", "shared shingles ÷ shingles of A", "Share of A's text found in B."),
        (
            "MinHash LSH",
            f"{o['num_perm']} permutations, {o['lsh_bands']} bands × {o['lsh_rows']} rows, seed {o['seed']}",
            f"Proposes candidate pairs only. Probability that a pair of Jaccard s is proposed: {probs}. "
            f"Pairs sharing ≥ {o['min_shared_shingles']} shingles are checked too, "
            "so excerpts are not missed.",
        ),
        (
            "Near-duplicate",
            f"Jaccard ≥ {o['near_duplicate_jaccard']} or matches cover ≥ "
            f"{_pct(o['near_duplicate_coverage'])} of both texts",
            "Clusters join near-duplicates.",
        ),
        (
            "Excerpt",
            f"matches cover ≥ {_pct(o['excerpt_coverage'])} of one text",
            "The other document contains a substantial part of it.",
        ),
        (
            "Verbatim / edited match",
            f"≥ {align['min_words']} shared words and ≥ {o['min_passage_chars']} characters in each "
            f"text, similarity ≥ {align['min_similarity']}",
            "Aligned passages; edited ones tolerate inserted, deleted and replaced words (gap ≤ "
            f"{align['max_gap']} words). Similarity = 2 × shared words ÷ words of both passages.",
        ),
        (
            "Paraphrased match",
            "consecutive sentences similar in order (sentence TF-IDF cosine and shared content words), "
            f"≥ {o['min_passage_chars']} characters in each text",
            "A reworded passage (synonyms, reordering, summary, translation): reuse, though it shares "
            "fewer words than an edit. Its word diff is shown all the same.",
        ),
        (
            "Topical match",
            f"sentence TF-IDF cosine ≥ {o['topical_similarity']}",
            "Sentences making the same point in other words; not evidence of copying.",
        ),
        (
            "Topical pair",
            f"document TF-IDF cosine ≥ {o['topical_document_similarity']}, among each document's "
            f"{o['topical_neighbours']} nearest",
            "The documents share vocabulary (a topic), not necessarily any passage.",
        ),
        (
            "Boilerplate",
            "banners, menus, widgets, copyright lines, short lines repeated across a source",
            "Greyed in the texts and excluded from all matching and scores.",
        ),
    ]


def _boilerplate_spans(d: DocumentResult) -> list[Span]:
    return [Span(e.start, e.end, "boilerplate", title=f"excluded: {e.reason}") for e in d.excluded]


_REUSE = ("near-duplicate", "excerpt", "partial-reuse")


def verdict(result: AnalysisResult) -> str:
    """The collection's findings in one sentence of plain words: documents,
    sources, and what pairs from different sources share.

    >>> from compare import Document, analyze
    >>> text = "The council approved the new budget after a long debate on Tuesday night."
    >>> verdict(analyze([Document("a", text, "Daily"), Document("b", "Breaking: " + text, "Wire")]))
    '2 documents from 2 sources: 1 pair from different sources shares text (1 near-duplicate).'
    """
    docs = result.documents
    cross = [p for p in result.pairs if not p.same_source]
    reuse = [p for p in cross if p.relation in _REUSE]
    head = f"{_plural(len(docs), 'document')} from {_plural(len({d.source for d in docs}), 'source')}"
    if reuse:
        kinds = ", ".join(f"{n} {r}" for r in _REUSE if (n := sum(p.relation == r for p in reuse)))
        shares = "shares" if len(reuse) == 1 else "share"
        parts = [f"{_plural(len(reuse), 'pair')} from different sources {shares} text ({kinds})"]
    else:
        parts = ["no passage is shared between sources"]
    quoted = sum(p.relation == "quotation" for p in cross)
    if quoted:
        parts.append(f"{_plural(quoted, 'pair')} {'shares' if quoted == 1 else 'share'} only quotations")
    topical = sum(p.relation == "topical" for p in result.pairs)
    if topical:
        parts.append(f"{_plural(topical, 'pair')} {'is' if topical == 1 else 'are'} on the same topic only")
    within = sum(p.same_source and p.relation in _REUSE for p in result.pairs)
    if within:
        parts.append(
            f"{_plural(within, 'pair')} within one source {'shares' if within == 1 else 'share'} text"
        )
    return f"{head}: {'; '.join(parts)}."


#: Items of each long list on the index; every item is on the list's own page (`LIST_FILES`).
LIST_LIMIT = 100
LIST_FILES = {
    "documents": "lists/documents.html",
    "clusters": "lists/clusters.html",
    "repetitions": "lists/repetitions.html",
    "boilerplate": "lists/boilerplate.html",
}
_MEMBERS_SHOWN = 20  # documents named per cluster or boilerplate line; the rest counted


def _clusters(result: AnalysisResult) -> list[dict[str, Any]]:
    docs = result.documents
    return [
        {
            "number": c.number,
            "size": len(c.members),
            "members": [_doc(docs[i]) for i in c.members[:_MEMBERS_SHOWN]],
            "more": max(0, len(c.members) - _MEMBERS_SHOWN),
        }
        for c in result.clusters
    ]


def _repetitions(result: AnalysisResult) -> list[dict[str, Any]]:
    docs = result.documents
    return [
        {
            "doc": _doc(docs[r.document]),
            "kind": r.kind,
            "words": r.shared_words,
            "similarity": f"{r.similarity:.2f}",
            "first": _snippet(docs[r.document].text, r.first),
        }
        for r in result.repetitions
    ]


def _excluded(result: AnalysisResult) -> list[dict[str, Any]]:
    """Boilerplate lines grouped by reason and text (a site's footer is one row,
    with the documents it was excluded from), the most widespread first."""
    groups: dict[tuple[str, str], list[DocumentResult]] = defaultdict(list)
    for d in result.documents:
        for e in d.excluded:
            members = groups[(e.reason, _snippet(d.text, (e.start, e.end)))]
            if not members or members[-1] is not d:
                members.append(d)
    ranked_groups = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        {
            "reason": reason,
            "text": text,
            "docs": [_doc(d) for d in members[:_MEMBERS_SHOWN]],
            "more": max(0, len(members) - _MEMBERS_SHOWN),
        }
        for (reason, text), members in ranked_groups
    ]


Lists = dict[str, list[dict[str, Any]]]  # the index's long lists by name (`long_lists`)


def long_lists(result: AnalysisResult) -> Lists:
    """The index's lists that may be long, whole: documents, clusters,
    repetitions and boilerplate (built once for the index and the lists' pages)."""
    return {
        "documents": [_doc(d) for d in result.documents],
        "clusters": _clusters(result),
        "repetitions": _repetitions(result),
        "boilerplate": _excluded(result),
    }


_LIST_HEADINGS = {
    "documents": (
        "Documents",
        "Every document read, in the order read. Words: the content words compared / all words.",
    ),
    "clusters": ("Near-duplicate clusters", "Documents joined by near-duplicates."),
    "repetitions": ("Repetition inside a document", "Passages repeated."),
    "boilerplate": (
        "Excluded as boilerplate",
        "Lines greyed in the texts, taking no part in matching or scores, most widespread first.",
    ),
}


def list_pages(lists: Lists) -> list[tuple[str, dict[str, Any]]]:
    """The long lists (`long_lists`) each on its own page: (path, context) for
    those longer than `LIST_LIMIT`."""
    return [
        (LIST_FILES[kind], {"kind": kind, "heading": heading, "intro": intro, "items": lists[kind]})
        for kind, (heading, intro) in _LIST_HEADINGS.items()
        if len(lists[kind]) > LIST_LIMIT
    ]


def index_page(
    result: AnalysisResult,
    found: Sequence[Passage] = (),
    lists: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Context of ``index.html``; `found`: the passages found in several
    documents; `lists`: `long_lists`, when the caller has them already."""
    docs = result.documents
    lists = long_lists(result) if lists is None else lists
    relations = {r: sum(1 for p in result.pairs if p.relation == r) for r in RELATION_RANK}
    return {
        "result": result,
        "docs": lists["documents"],
        "n_sources": len({d.source for d in docs}),
        "verdict": verdict(result),
        "facts": [
            (RELATION_GLYPH[r], _plural(n, f"{r} pair"), RELATION_TEXT[r]) for r, n in relations.items()
        ],
        "n_clusters": _plural(len(result.clusters), "near-duplicate cluster"),
        "n_repetitions": _plural(len(result.repetitions), "passage"),
        "n_quoted": _plural(sum(m.quotation for p in result.pairs for m in p.matches), "passage"),
        "n_excluded": _plural(sum(len(d.excluded) for d in docs), "boilerplate line"),
        "n_problems": _plural(len(result.problems), "input"),
        "matrix": _matrix(result) if len(docs) <= MATRIX_LIMIT else [],
        "matrix_limit": MATRIX_LIMIT,
        "glyphs": RELATION_GLYPH,
        "pairs": [_pair_row(p, docs) for p in ranked(result.pairs)[:PAIRS_IN_PAGE]],
        "n_pairs": len(result.pairs),
        "pairs_data": PAIRS_DATA,
        "search_data": SEARCH_DATA,
        "sources": sorted({d.source for d in docs}),
        "source_matrix": source_matrix(result),
        "sources_csv": SOURCES_CSV,
        "passages": [_passage_row(result, p) for p in found[:PASSAGES_ON_INDEX]],
        "n_passages": len(found),
        "marks": MARKS,
        "relations": [r for r in RELATION_RANK if relations[r]],
        "kinds": ["verbatim", "edited", "paraphrased", "quoted", "topical"],
        "clusters": lists["clusters"],
        "repetitions": lists["repetitions"],
        "excluded": lists["boilerplate"],
        "list_limit": LIST_LIMIT,
        "lists_files": LIST_FILES,
        "problems": [str(p) for p in result.problems],
        "explanations": _explanations(result.options),
    }


def _why(p: PairResult, o: dict[str, Any], a: str, b: str) -> list[str]:
    """How this pair's relation follows from its scores and the thresholds,
    and its evidence of copying: for the reader to check."""
    near_j, near_c = o["near_duplicate_jaccard"], o["near_duplicate_coverage"]
    excerpt_c = o["excerpt_coverage"]
    covered = f"matches cover {_pct(p.coverage_a)} of {a} and {_pct(p.coverage_b)} of {b}"
    if p.relation == "near-duplicate" and p.jaccard >= near_j:
        why = f"Near-duplicate: Jaccard {p.jaccard:.3f} is at least the threshold {near_j}."
    elif p.relation == "near-duplicate":
        why = (
            f"Near-duplicate: Jaccard {p.jaccard:.3f} is below {near_j} (edits break shingles), "
            f"but {covered}, both at least {_pct(near_c)}."
        )
    elif p.relation == "excerpt":
        why = f"Excerpt: {covered}; one side reaches {_pct(excerpt_c)}, not both {_pct(near_c)}."
    elif p.relation == "partial-reuse":
        why = f"Partial reuse: {covered}, below the excerpt threshold of {_pct(excerpt_c)} on both sides."
    elif p.relation == "quotation":
        why = (
            "Quotation: every shared passage is inside quotation marks in both texts, or quoted with"
            " attribution in one (said, according to, as … put it): journalism, not copying."
        )
    else:
        why = (
            f"Topical: no shared passage of {o['align']['min_words']} or more words; "
            f"the texts use similar vocabulary (TF-IDF cosine {p.tfidf_cosine:.3f})."
        )
    quoted = sum(m.quotation for m in p.matches)
    if quoted:
        reuse = sum(m.kind != "topical" for m in p.matches)
        why += (
            f" {quoted} of its {reuse} shared passages are quotations (inside quotation marks in both"
            " texts, or quoted with attribution in one), counted apart from copying."
        )
    return [why] + ([_evidence_text(p.evidence, o)] if p.evidence is not None else [])


def _how_found(p: PairResult, o: dict[str, Any]) -> str:
    """How the pair came to be compared, with the LSH's mathematics: for the
    reader who wants to check it (the pair page keeps it collapsed)."""
    bands, rows = o["lsh_bands"], o["lsh_rows"]
    chance = detection_probability(p.jaccard, bands, rows)
    found = (
        "It was proposed by the LSH."
        if p.lsh_candidate
        else "The LSH did not propose it; shared word sequences or TF-IDF neighbours (of whole documents"
        " or of passages) did."
    )
    return (
        f"MinHash LSH with {bands} bands of {rows} rows proposes a pair of Jaccard s with probability "
        f"1 − (1 − s^{rows})^{bands}; for this pair's {p.jaccard:.3f} that is {chance:.2f}. {found}"
    )


def _evidence_text(e: Evidence, o: dict[str, Any]) -> str:
    """Copied or independently reported, in words, with the figures it follows from."""
    shared = (
        f"They share {e.rare_sequences} rare word sequences (five-word runs that at most"
        f" {o['evidence_rare_groups']} groups of documents that share passages in this collection hold)."
    )
    if e.same_topic_high is None:
        above = fallback_threshold(o["evidence_min_sequences"])
        baseline = (
            f" The collection has {e.same_topic_pairs} same-topic pairs, too few to say what texts on one"
            f" subject share by chance; above {above} counts as copied."
        )
    else:
        baseline = (
            f" Its {e.same_topic_pairs} same-topic pairs (similar vocabulary, no shared passage) share"
            f" {e.same_topic_median:g} typically and {e.same_topic_high:g} at the"
            f" {o['evidence_quantile']:.0%} quantile."
        )
    verdict = {
        "copied": " Evidence of copying: more shared wording than texts on the same subject have.",
        "same-topic-like": " By its wording, this pair is like texts that only share a subject:"
        " it may be independent reporting (reworded reuse can look so too).",
        "undetermined": " Not enough evidence either way.",
    }[e.label]
    return shared + baseline + verdict


def _passage_link(index: PassageIndex | None, document: int, start: int) -> dict[str, Any] | None:
    """The passage page of the reused span starting at `start` in `document`: every
    document holding that passage (None without an index, or for a topical match)."""
    passage = index.at(document, start) if index is not None else None
    if passage is None:
        return None
    return {"file": passage_file(passage), "number": passage.number, "documents": len(passage.documents)}


def pair_page(result: AnalysisResult, p: PairResult, index: PassageIndex | None = None) -> dict[str, Any]:
    """Context of a pair page: both texts, every match (with its passage, from
    `index`), the scores explained."""
    a, b = result.documents[p.a], result.documents[p.b]
    min_words = result.options["align"]["min_words"]
    min_chars = result.options["min_passage_chars"]
    if p.relation == "topical":
        no_matches = "No passage-level match: the two texts share a topic, not text."
    else:
        no_matches = (
            f"No aligned passage of at least {min_words} shared words and {min_chars} characters; "
            "the relation comes from the shingle scores above."
        )
    direction = (
        f"{_pct(p.coverage_a)} of {_label(a)} is found in {_label(b)}; "
        f"{_pct(p.coverage_b)} of {_label(b)} is found in {_label(a)} (verbatim, edited or paraphrased)."
    )
    return {
        "pair": _pair_row(p, result.documents),
        "relation_text": RELATION_TEXT[p.relation],
        "why": _why(p, result.options, _label(a), _label(b)),
        "how_found": _how_found(p, result.options),
        "marks": MARKS,
        "direction": direction if p.relation != "topical" else "",
        "shingle_size": result.options["shingle_size"],
        "no_matches": no_matches,
        "a": _doc(a),
        "b": _doc(b),
        "texts": [names.text_file(a.id), names.text_file(b.id)],
        "panes": pane_data(p),
        "record": script_json(evidence_record(result, p, texts=False)),
        "matches": [
            {
                "number": m.number,
                "kind": m.kind,
                "letter": KIND_LETTER[m.kind],
                "color": f"c{m.number % 8}",
                "words_a": m.words_a,
                "words_b": m.words_b,
                "shared": m.shared_words,
                "similarity": f"{m.similarity:.2f}",
                "quoted": _quoted_text(m, _label(a), _label(b)),
                "a": _snippet(a.text, m.a),
                "b": _snippet(b.text, m.b),
                "diff": bool(m.edits),
                "passage": _passage_link(index, p.a, m.a[0]) if m.kind != "topical" else None,
            }
            for m in p.matches
        ],
    }


def by_document(result: AnalysisResult) -> tuple[dict[int, list[PairResult]], dict[int, list[Repetition]]]:
    """Pairs and repetitions indexed by document, built once for all pages."""
    pairs: dict[int, list[PairResult]] = defaultdict(list)
    for p in result.pairs:
        pairs[p.a].append(p)
        pairs[p.b].append(p)
    repetitions: dict[int, list[Repetition]] = defaultdict(list)
    for r in result.repetitions:
        repetitions[r.document].append(r)
    return pairs, repetitions


_PLACES_SHOWN = 10  # documents named on a row of a document page's places; the rest counted


def document_page(
    result: AnalysisResult,
    d: DocumentResult,
    pairs: Sequence[PairResult],
    repetitions: Sequence[Repetition],
    index: PassageIndex | None = None,
) -> dict[str, Any]:
    """Context of a document page: its text with every part found elsewhere
    marked and linked (to the pair, and to the passage's page from `index`)."""
    docs = result.documents
    spans = _boilerplate_spans(d)
    places: dict[tuple[str, str], dict[str, Any]] = {}  # one row per kind and part (as shown)
    for p in pairs:
        other = docs[p.b if p.a == d.index else p.a]
        for m in p.matches:
            mine, theirs = (m.a, m.b) if p.a == d.index else (m.b, m.a)
            href = f"../{pair_file(p, docs)}#m{m.number}" if has_page(p) else ""
            doc_href = f"../{names.document_file(other.id)}"
            spans.append(
                Span(
                    *mine,
                    m.kind,
                    m.number,
                    f"{m.kind} in {_label(other)} ({other.source})",
                    link=(href, f"{_label(other)} #{m.number}") if href else (doc_href, _label(other)),
                )
            )
            place = places.setdefault(
                (m.kind, _snippet(d.text, mine)),  # a part shown alike is one row
                {
                    "kind": m.kind,
                    "where": [],
                    "passage": _passage_link(index, d.index, mine[0]) if m.kind != "topical" else None,
                    "mine": _snippet(d.text, mine),
                    "theirs": _snippet(other.text, theirs),
                    "start": mine[0],
                },
            )
            place["where"].append({"other": _doc(other), "href": href or doc_href, "number": m.number})
    for r in repetitions:
        for span in (r.first, r.second):
            spans.append(Span(*span, "repeat", 0, f"repeated in this document ({r.kind})"))
        places[(f"repeat {r.first} {r.second}", "")] = {
            "kind": f"repeat ({r.kind})",
            "where": [],
            "passage": None,
            "mine": _snippet(d.text, r.first),
            "theirs": _snippet(d.text, r.second),
            "start": r.first[0],
        }
    rows = sorted(places.values(), key=lambda x: (x["start"], x["kind"], x["mine"]))
    for row in rows:
        row["where"].sort(key=lambda w: (w["other"]["index"], w["number"]))
        row["more"] = max(0, len(row["where"]) - _PLACES_SHOWN)
        row["where"] = row["where"][:_PLACES_SHOWN]
    same_topic = sorted((p for p in pairs if not has_page(p)), key=lambda p: (-p.tfidf_cosine, p.a, p.b))
    return {
        "doc": _doc(d),
        "same_topic": [
            {
                "doc": _doc(other),
                "file": f"../{names.document_file(other.id)}",
                "cosine": f"{p.tfidf_cosine:.2f}",
                "sentences": sum(m.kind == "topical" for m in p.matches),
            }
            for p in same_topic
            for other in [docs[p.b if p.a == d.index else p.a]]
        ],
        "segments": segments(d.text, spans),
        "places": rows,
        "excluded": [(e.reason, _snippet(d.text, (e.start, e.end))) for e in d.excluded],
    }


#: Pairs written into the index page itself (for a reader without scripts); the
#: whole table is a data file the page's script pages, sorts and filters.
PAIRS_IN_PAGE = 100
PAIRS_DATA = "data/pairs.js"


def pairs_data(result: AnalysisResult) -> str:
    """The index's whole pair table as a script (`PAIRS_DATA`), strongest first:
    ``window.COMPARE_SOURCES_PAIRS = {"docs": [doc, ...], "rows": [row, ...]};``
    with the rows `_pair_row` gives the template, each naming its documents
    by their place in `docs` (a document is in many pairs). A script file,
    not JSON fetched, because pages opened from ``file://`` may not fetch;
    the page's script builds rows with ``textContent``, so no text in it
    ever becomes markup."""
    keep = ("label", "file", "id", "source")
    docs = [{k: v for k, v in _doc(d).items() if k in keep} for d in result.documents]
    rows = []
    for p in ranked(result.pairs):
        row = _pair_row(p, result.documents)
        del row["key"]  # the page's script marks rows by their documents' ids
        rows.append({**row, "a": p.a, "b": p.b})
    data = compact_json({"docs": docs, "rows": rows})
    return f"window.COMPARE_SOURCES_PAIRS = {data};\n"


SEARCH_DATA = "data/search.js"
_SEARCH_SNIPPET = 300  # characters of each document's text searched and shown


def search_data(result: AnalysisResult) -> str:
    """What the index's search box looks through, as a script (`SEARCH_DATA`):
    each document's label, page, id, title, source, date and the start of its
    text. Searched in the browser, offline; shown with ``textContent``."""
    rows = [
        {
            "label": _label(d),
            "file": names.document_file(d.id),
            "id": d.id,
            "title": d.title,
            "source": d.source,
            "date": d.date,
            "text": " ".join(d.text[: _SEARCH_SNIPPET * 2].split())[:_SEARCH_SNIPPET],
        }
        for d in result.documents
    ]
    return f"window.COMPARE_SOURCES_SEARCH = {compact_json(rows)};\n"


#: Passages listed on the index page; the rest are on passages/index.html.
PASSAGES_ON_INDEX = 50


def passage_file(passage: Passage) -> str:
    return f"passages/{passage.number}.html"


def _passage_row(result: AnalysisResult, passage: Passage) -> dict[str, Any]:
    docs = result.documents
    first = passage.versions[0]
    return {
        "file": passage_file(passage),
        "number": passage.number,
        "n_documents": len(passage.documents),
        "n_sources": len({docs[d].source for d in passage.documents}),
        "first": _doc(docs[first.document]),
        "words": len(docs[first.document].text[first.start : first.end].split()),
        "snippet": _snippet(docs[first.document].text, (first.start, first.end), 120),
        "quoted": passage.quoted,
    }


def passage_list(result: AnalysisResult, found: Sequence[Passage]) -> dict[str, Any]:
    """Context of ``passages/index.html``: every passage found in several documents."""
    return {"passages": [_passage_row(result, p) for p in found]}


#: Versions of a passage shown side by side (the timeline lists them all): a story
#: syndicated in twenty copies would be twenty columns of the same text.
VERSIONS_SHOWN = 8


def pair_files(result: AnalysisResult) -> dict[tuple[int, int], str]:
    """The page of each pair that has one, by its two documents' indexes."""
    return {(p.a, p.b): pair_file(p, result.documents) for p in result.pairs if has_page(p)}


def passage_page(
    result: AnalysisResult, passage: Passage, pages: dict[tuple[int, int], str] | None = None
) -> dict[str, Any]:
    """Context of a passage page: every document's version of one passage,
    earliest first, each compared word by word with the earliest (`pages`:
    `pair_files`, built once for all passage pages)."""
    docs = result.documents
    pages = pair_files(result) if pages is None else pages
    first = passage.versions[0]
    first_text = docs[first.document].text[first.start : first.end]
    first_words = Counter(first_text.split())
    versions: list[dict[str, Any]] = []
    for n, v in enumerate(passage.versions):
        text = docs[v.document].text[v.start : v.end]
        words = text.split()
        same = sum((first_words & Counter(words)).values())  # words in common, each as often as both have it
        total = sum(first_words.values()) + len(words)
        key = (min(first.document, v.document), max(first.document, v.document))
        versions.append(
            {
                "doc": _doc(docs[v.document]),
                "words": len(text.split()),
                "similarity": f"{2 * same / total:.2f}" if total else "1.00",
                "text": (_own_words(word_diff(first_text, text)) if n else [("same", " ".join(words), "")])
                if n < VERSIONS_SHOWN
                else [],
                "pair": pages.get(key) if v.document != first.document else None,
                "in_quotes": share_inside((v.start, v.end), quote_spans(docs[v.document].text))
                >= QUOTED_SHARE,
            }
        )
    dated = [v["doc"]["date"] for v in versions if v["doc"]["date"]]
    return {
        **_passage_row(result, passage),
        "versions": versions,
        "span": f"{dated[0]} to {dated[-1]}" if len(set(dated)) > 1 else "",
        "shown": VERSIONS_SHOWN,
        "undated": sum(not v["doc"]["date"] for v in versions),
        "witness": passage.earliest is not None,
    }


_GONE_SHOWN = 12  # words of a left-out stretch named in its marker's tooltip


def _own_words(diff: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A later version's own words, marked against the earliest, as ``(kind,
    text, tooltip)``: ``same`` words, ``new`` ones (added, or in place of the
    earliest's, named in the tooltip) and ``gone`` markers where words of the
    earliest are left out; never the earliest's text struck through, which
    made a short excerpt of a long story unreadable."""

    def some(words: str) -> str:
        split = words.split()
        return " ".join(split[:_GONE_SHOWN]) + (" …" if len(split) > _GONE_SHOWN else "")

    out: list[tuple[str, str, str]] = []
    for op, old, new in diff:
        if op == "equal":
            out.append(("same", new, ""))
        elif op == "delete":
            out.append(("gone", "", f"{len(old.split())} words of the earliest left out: {some(old)}"))
        else:
            out.append(("new", new, f"the earliest has: {some(old)}" if old else "not in the earliest"))
    return out

"""The HTML report: a view of an `AnalysisResult`, rendered with Jinja2.

This module turns the result into what the templates display (rows, cells,
highlighted text segments) and writes the pages; the templates in
``reports/templates/`` only display. Untrusted text reaches the pages only
through Jinja2 autoescaping: no markup is ever built from document text here.

Pages: ``index.html`` (summary, sources, similarity matrix, clusters, ranked
pairs, repetitions, exclusions, problems), ``pairs/A-B.html`` per related
pair (both texts side by side, matches numbered and highlighted in both),
``docs/N.html`` per document (where each part occurs elsewhere), and
``results.json`` (the result itself). The output directory is replaced
atomically: it is either the old report or the complete new one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .corpus import REPORT_MARKER
from .result import AnalysisResult, DocumentResult, Match, PairResult

__all__ = ["ReportError", "render_report", "templates_dir", "write_report"]

MARKER = REPORT_MARKER
#: Above this many documents the index shows no matrix (it would be n² cells).
MATRIX_LIMIT = 60
KIND_LETTER = {"verbatim": "V", "edited": "E", "topical": "T", "repeat": "R"}
KIND_RANK = {"verbatim": 0, "edited": 1, "repeat": 2, "topical": 3}
RELATION_RANK = {"near-duplicate": 0, "excerpt": 1, "partial-reuse": 2, "topical": 3}
RELATION_GLYPH = {"near-duplicate": "≡", "excerpt": "⊂", "partial-reuse": "↔", "topical": "~"}
RELATION_TEXT = {
    "near-duplicate": "near-duplicates: most of both texts is the same",
    "excerpt": "one contains an excerpt of the other",
    "partial-reuse": "they share some passages, verbatim or edited",
    "topical": "no shared passage; the same topic",
}


class ReportError(RuntimeError):
    """The report cannot be written where asked."""


def templates_dir() -> Path:
    """The templates: inside the installed package, else ``reports/templates`` of the source tree."""
    packaged = resources.files("compare") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "reports" / "templates"
    if source.is_dir():
        return source
    raise ReportError("report templates not found (expected compare/templates or reports/templates)")


@dataclass
class Segment:
    """A run of original text with the same highlighting."""

    text: str
    classes: str = ""
    match: int | None = None
    anchor: str = ""
    badge: str = ""
    badge_class: str = ""
    title: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Span:
    start: int
    end: int
    kind: str  # verbatim, edited, topical, repeat, boilerplate, changed
    number: int = 0
    title: str = ""
    anchor: str = ""
    link: tuple[str, str] | None = None


def _segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece carries the spans covering it."""
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out = []
    for lo, hi in pairwise(cuts):
        if hi <= lo:
            continue
        active = [s for s in spans if s.start <= lo and hi <= s.end and s.end > s.start]
        seg = Segment(text=text[lo:hi])
        matches = sorted(
            (s for s in active if s.kind in KIND_RANK), key=lambda s: (KIND_RANK[s.kind], s.number)
        )
        classes = []
        if any(s.kind == "boilerplate" for s in active):
            classes.append("bp")
            seg.title = "; ".join(sorted({s.title for s in active if s.kind == "boilerplate"}))
        if matches:
            top = matches[0]
            classes += ["m", f"k-{top.kind}", f"c{top.number % 8}"]
            seg.match = top.number or None
            if not seg.title:
                seg.title = "; ".join(s.title for s in matches if s.title)
            seg.links = [s.link for s in matches if s.link]
        if any(s.kind == "changed" for s in active):
            classes.append("chg")
        seg.classes = " ".join(classes)
        first = [s for s in starting.get(lo, []) if s.kind in KIND_RANK and s.anchor]
        if first:
            f = min(first, key=lambda s: s.number)
            seg.anchor = f.anchor
            seg.badge = f"{f.number}{KIND_LETTER[f.kind]}" if f.number else KIND_LETTER[f.kind]
            seg.badge_class = f"k-{f.kind} c{f.number % 8}"
        out.append(seg)
    return out


def _safe_url(url: str) -> str:
    """Only http(s) URLs become links; anything else is shown as text."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _pair_file(p: PairResult) -> str:
    return f"pairs/{p.a}-{p.b}.html"


def _snippet(text: str, span: tuple[int, int], limit: int = 160) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def _label(d: DocumentResult) -> str:
    return f"D{d.index + 1}"


def _doc_view(d: DocumentResult) -> dict:
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
        "excluded": len(d.excluded),
        "reused": _pct(d.reused_share),
        "unique": _pct(1 - d.reused_share),
        "file": f"docs/{d.index}.html",
        "metadata": sorted(d.metadata.items()),
    }


def _ranked(pairs: Iterable[PairResult]) -> list[PairResult]:
    return sorted(
        pairs,
        key=lambda p: (
            RELATION_RANK[p.relation],
            -max(p.coverage_a, p.coverage_b),
            -p.jaccard,
            -p.tfidf_cosine,
            p.a,
            p.b,
        ),
    )


def _pair_row(p: PairResult, docs: Sequence[DocumentResult]) -> dict:
    kinds = [m.kind for m in p.matches]
    return {
        "file": _pair_file(p),
        "a": _doc_view(docs[p.a]),
        "b": _doc_view(docs[p.b]),
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
        "topical": kinds.count("topical"),
        "same_source": p.same_source,
    }


def _matrix(result: AnalysisResult) -> list[dict]:
    by_pair = {(p.a, p.b): p for p in result.pairs}
    rows = []
    for a in result.documents:
        cells = []
        for b in result.documents:
            if a.index == b.index:
                cells.append({"state": "self"})
                continue
            p = by_pair.get((min(a.index, b.index), max(a.index, b.index)))
            if p is None:
                cells.append({"state": "empty", "title": f"{_label(a)} × {_label(b)}: not related"})
                continue
            strength = max(p.coverage_a, p.coverage_b, p.jaccard, p.tfidf_cosine)
            cells.append(
                {
                    "state": "pair",
                    "file": _pair_file(p),
                    "glyph": RELATION_GLYPH[p.relation],
                    "relation": p.relation,
                    "value": f"{p.tfidf_cosine:.2f}",
                    "heat": min(5, int(strength * 6)),
                    "title": f"{_label(a)} × {_label(b)}: {p.relation}; Jaccard {p.jaccard:.3f}, "
                    f"TF-IDF cosine {p.tfidf_cosine:.3f}, "
                    f"coverage {_pct(p.coverage_a)} / {_pct(p.coverage_b)}",
                }
            )
        rows.append({"doc": _doc_view(a), "cells": cells})
    return rows


def _word_diff(text_a: str, text_b: str, m: Match) -> list[tuple[str, str, str]]:
    """``(op, old, new)`` steps of an edited match, for the inline diff."""
    return [(e.op, text_a[e.a[0] : e.a[1]], text_b[e.b[0] : e.b[1]]) for e in m.edits]


def _pair_spans(doc: DocumentResult, p: PairResult, side: str) -> list[Span]:
    spans = [Span(e.start, e.end, "boilerplate", title=f"excluded: {e.reason}") for e in doc.excluded]
    for m in p.matches:
        start, end = m.a if side == "a" else m.b
        spans.append(
            Span(start, end, m.kind, m.number, f"#{m.number} {m.kind}", anchor=f"{side}-m{m.number}")
        )
        for e in m.edits:
            s, t = e.a if side == "a" else e.b
            if e.op != "equal" and t > s:
                spans.append(Span(s, t, "changed"))
    return spans


def _explanations(result: AnalysisResult) -> list[tuple[str, str, str]]:
    o = result.options
    bands, rows = o["lsh_bands"], o["lsh_rows"]
    probs = ", ".join(f"{s} → {p:.2f}" for s, p in o["lsh_detection_probability"].items())
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
            f"{o['num_perm']} permutations, {bands} bands × {rows} rows, seed {o['seed']}",
            f"Proposes candidate pairs only. Probability a pair of Jaccard s is proposed: {probs}. "
            "Pairs sharing ≥ {0} shingles are also checked, so excerpts are not missed.".format(
                o["min_shared_shingles"]
            ),
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
            f"≥ {o['align']['min_words']} shared words, similarity ≥ {o['align']['min_similarity']}",
            "Aligned passages; edited ones tolerate inserted, deleted and replaced words (gap ≤ "
            f"{o['align']['max_gap']} words). Similarity = 2 × shared words ÷ words of both passages.",
        ),
        (
            "Topical match",
            f"sentence TF-IDF cosine ≥ {o['topical_similarity']}",
            "Sentences making the same point in other words; not evidence of copying.",
        ),
        (
            "Topical pair",
            f"document TF-IDF cosine ≥ {o['topical_document_similarity']}",
            "The documents share vocabulary (a topic), not necessarily any passage.",
        ),
        (
            "Boilerplate",
            "banners, menus, widgets, copyright lines, lines repeated across a source",
            "Greyed in the texts and excluded from all matching and scores.",
        ),
    ]


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir())),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def page(self, template: str, relpath: str, **context: object) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = relpath.count("/")
        with target.open("w", encoding="utf-8", newline="\n") as out:
            self.env.get_template(template).stream(root="../" * depth, **context).dump(out)


def render_report(result: AnalysisResult, outdir: Path) -> None:
    """Write every page of the report into the (new, empty) directory `outdir`."""
    w = _Writer(outdir)
    docs = result.documents
    ranked = _ranked(result.pairs)
    relations = {r: sum(1 for p in result.pairs if p.relation == r) for r in RELATION_RANK}
    sources = sorted({d.source for d in docs})
    w.page(
        "index.html",
        "index.html",
        result=result,
        docs=[_doc_view(d) for d in docs],
        sources=sources,
        matrix=_matrix(result) if len(docs) <= MATRIX_LIMIT else [],
        matrix_limit=MATRIX_LIMIT,
        pairs=[_pair_row(p, docs) for p in ranked],
        relations=relations,
        relation_text=RELATION_TEXT,
        glyphs=RELATION_GLYPH,
        clusters=[
            {"number": c.number, "members": [_doc_view(docs[i]) for i in c.members]} for c in result.clusters
        ],
        repetitions=[
            {
                "doc": _doc_view(docs[r.document]),
                "kind": r.kind,
                "words": r.shared_words,
                "similarity": f"{r.similarity:.2f}",
                "first": _snippet(docs[r.document].text, r.first),
                "anchor": f"r{n}",
            }
            for n, r in enumerate(result.repetitions, start=1)
        ],
        excluded=[
            {"doc": _doc_view(d), "reason": e.reason, "text": _snippet(d.text, (e.start, e.end))}
            for d in docs
            for e in d.excluded
        ],
        problems=result.problems,
        explanations=_explanations(result),
    )
    for p in result.pairs:
        a, b = docs[p.a], docs[p.b]
        w.page(
            "pair.html",
            _pair_file(p),
            pair=_pair_row(p, docs),
            relation_text=RELATION_TEXT[p.relation],
            a=_doc_view(a),
            b=_doc_view(b),
            seg_a=_segments(a.text, _pair_spans(a, p, "a")),
            seg_b=_segments(b.text, _pair_spans(b, p, "b")),
            matches=[
                {
                    "number": m.number,
                    "kind": m.kind,
                    "letter": KIND_LETTER[m.kind],
                    "color": f"c{m.number % 8}",
                    "words_a": m.words_a,
                    "words_b": m.words_b,
                    "shared": m.shared_words,
                    "similarity": f"{m.similarity:.2f}",
                    "a": _snippet(a.text, m.a),
                    "b": _snippet(b.text, m.b),
                    "diff": _word_diff(a.text, b.text, m) if m.kind == "edited" else [],
                }
                for m in p.matches
            ],
            explanations=_explanations(result),
        )
    for d in docs:
        spans = [Span(e.start, e.end, "boilerplate", title=f"excluded: {e.reason}") for e in d.excluded]
        places = []
        for p in result.pairs:
            if d.index not in (p.a, p.b):
                continue
            other = docs[p.b if p.a == d.index else p.a]
            for m in p.matches:
                mine, theirs = (m.a, m.b) if p.a == d.index else (m.b, m.a)
                link = (f"../{_pair_file(p)}#m{m.number}", f"{_label(other)} #{m.number}")
                spans.append(
                    Span(*mine, m.kind, m.number, f"{m.kind} in {_label(other)} ({other.source})", link=link)
                )
                places.append(
                    {
                        "kind": m.kind,
                        "other": _doc_view(other),
                        "href": link[0],
                        "number": m.number,
                        "mine": _snippet(d.text, mine),
                        "theirs": _snippet(other.text, theirs),
                        "start": mine[0],
                    }
                )
        for r in result.repetitions:
            if r.document == d.index:
                for span in (r.first, r.second):
                    spans.append(Span(*span, "repeat", 0, f"repeated in this document ({r.kind})"))
                places.append(
                    {
                        "kind": f"repeat ({r.kind})",
                        "other": _doc_view(d),
                        "href": "",
                        "number": 0,
                        "mine": _snippet(d.text, r.first),
                        "theirs": _snippet(d.text, r.second),
                        "start": r.first[0],
                    }
                )
        places.sort(key=lambda x: (x["start"], x["other"]["index"], x["number"]))
        w.page(
            "document.html",
            f"docs/{d.index}.html",
            doc=_doc_view(d),
            segments=_segments(d.text, spans),
            places=places,
            excluded=[(e.reason, _snippet(d.text, (e.start, e.end))) for e in d.excluded],
        )
    assets = templates_dir() / "assets"
    shutil.copytree(assets, outdir / "assets")
    (outdir / "results.json").write_text(result.to_json(), encoding="utf-8", newline="\n")
    (outdir / MARKER).write_text("written by compare-sources; safe to replace\n", encoding="utf-8")


def write_report(result: AnalysisResult, outdir: str | Path) -> Path:
    """Render into a temporary directory, then swap it in place of `outdir`.

    A failure at any point leaves `outdir` as it was. An existing `outdir`
    is replaced only if it is empty or an earlier report (it holds the
    marker file), never a directory of other files.
    """
    outdir = Path(outdir)
    if outdir.exists() and (
        not outdir.is_dir() or (any(outdir.iterdir()) and not (outdir / MARKER).exists())
    ):
        raise ReportError(
            f"{outdir} exists and is not a compare-sources report; choose another output directory"
        )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    try:
        render_report(result, tmp)
        os.chmod(tmp, 0o755)
        if outdir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.old.", dir=outdir.parent))
            old.rmdir()
            outdir.rename(old)
            tmp.rename(outdir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(outdir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return outdir / "index.html"

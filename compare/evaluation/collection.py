"""Collection mode: the tool finds the pairs itself, as a user's collection asks it to.

The pairs-given evaluation (`compare.evaluation.evaluate`) hands the
analysis each labeled pair and asks it to align the two texts. A user
hands it a collection. Here every text of a corpus is analyzed as ONE
collection (each file its own source, no manifest), and each labeled pair
is then scored from that single result:

* PAN corpora: plagdet over the matches the result holds for each listed
  (suspicious, source) pair, per sub-corpus; "pairs found", the share of
  pairs with reuse that have at least one match; "negatives claimed", the
  listed pairs without reuse that have one;
* labeled document pairs (Clough-Stevenson, COUNTER): the decision
  `is_derived` of the pair as the collection's result reports it.

A pair the result does not report has no detections. Pairs the result
reports that are not listed are counted (``unlisted_pairs``) but not
scored: the corpora do not say whether they share text. The seconds are
the whole analysis, candidates included: retrieval is part of the cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..analysis.options import Options
from ..analysis.pipeline import analyze
from ..analysis.result import AnalysisResult, Match, PairResult
from ..load import Document
from .evalsets import DocumentPair, PanPair, pair_cases
from .pan import Passage, figures

__all__ = ["NEGATIVE_SUBCORPUS", "collection_documents", "collection_pan", "reported_pairs"]

#: The PAN 2013 sub-corpus whose pairs share no reuse.
NEGATIVE_SUBCORPUS = "01-no-plagiarism"

Log = Callable[[str], None]


def reported_pairs(result: AnalysisResult) -> dict[tuple[str, str], tuple[PairResult, bool]]:
    """The pairs of a result by their two document ids, in both orders; with
    each, whether the first id is the pair's document `a`."""
    ids = [d.id for d in result.documents]
    out: dict[tuple[str, str], tuple[PairResult, bool]] = {}
    for p in result.pairs:
        out[(ids[p.a], ids[p.b])] = (p, True)
        out[(ids[p.b], ids[p.a])] = (p, False)
    return out


def _reuse(pair: PairResult | None) -> list[Match]:
    """The matches of a pair that claim reuse (not ``topical``: same subject, other words)."""
    return [] if pair is None else [m for m in pair.matches if m.kind != "topical"]


def _detections(pair: PanPair, found: tuple[PairResult, bool] | None) -> list[Passage]:
    """The PAN detections of one listed pair, from the collection's result."""
    if found is None:
        return []
    reported, susp_is_a = found
    out = []
    for m in _reuse(reported):
        (s0, s1), (r0, r1) = (m.a, m.b) if susp_is_a else (m.b, m.a)
        out.append(Passage(pair.names, s0, s1 - s0, r0, r1 - r0))
    return sorted(out, key=lambda p: (p.this_offset, p.source_offset))


def collection_pan(
    pairs: Sequence[PanPair], options: Options | None = None, jobs: int = 1, log: Log | None = None
) -> dict[str, Any]:
    """Analyze every text of `pairs` as one collection; plagdet of the listed pairs from it.

    Returns ``{"documents", "reported_pairs", "unlisted_pairs", "seconds",
    "subcorpora": {name: scores}, "overall": scores}``; each scores dict
    holds the plagdet figures, ``pairs_with_detections``,
    ``pairs_with_reuse`` (listed pairs that have true cases),
    ``pairs_found`` (the share of those with a detection; None without
    any), ``negatives`` (listed pairs without cases) and
    ``negatives_claimed`` (those with a detection).
    """
    options = options or Options()
    texts: dict[str, str] = {}
    for p in pairs:
        for path in (p.susp, p.src):
            if path.name not in texts:
                texts[path.name] = Path(path).read_bytes().decode("utf-8")
    names = sorted(texts)
    if log:
        log(f"  collection mode: {len(names)} documents analyzed as one collection")
    start = time.perf_counter()
    result = analyze([Document(i, texts[i], i) for i in names], options, jobs=jobs)
    seconds = time.perf_counter() - start
    by_ids = reported_pairs(result)

    groups: dict[str, list[PanPair]] = {}
    for p in pairs:
        groups.setdefault(p.subcorpus, []).append(p)
    subcorpora: dict[str, dict] = {}
    all_cases: list[Passage] = []
    all_detections: list[Passage] = []
    total_found = total_with_reuse = total_found_with_reuse = 0
    for name, group in groups.items():
        cases: list[Passage] = []
        detections: list[Passage] = []
        found = with_reuse = found_with_reuse = 0
        for p in group:
            truth = pair_cases(p)
            mine = _detections(p, by_ids.get(p.names))
            cases += truth
            detections += mine
            found += bool(mine)
            with_reuse += bool(truth)
            found_with_reuse += bool(truth and mine)
        scores = figures(cases, detections, len(group), found)
        scores["pairs_with_reuse"] = with_reuse
        scores["pairs_found"] = found_with_reuse / with_reuse if with_reuse else None
        scores["negatives"] = len(group) - with_reuse
        scores["negatives_claimed"] = found - found_with_reuse
        subcorpora[name] = scores
        if log:
            log(
                f"  {name} (collection): plagdet {scores['plagdet']:.3f}, pairs found"
                f" {found_with_reuse}/{with_reuse}, negatives claimed {found - found_with_reuse}"
                f"/{len(group) - with_reuse}"
            )
        all_cases += cases
        all_detections += detections
        total_found += found
        total_with_reuse += with_reuse
        total_found_with_reuse += found_with_reuse
    listed = {frozenset(p.names) for p in pairs}
    ids = [d.id for d in result.documents]
    return {
        "documents": len(names),
        "reported_pairs": len(result.pairs),
        "unlisted_pairs": sum(1 for p in result.pairs if frozenset((ids[p.a], ids[p.b])) not in listed),
        "seconds": seconds,
        "seconds_by_stage": dict(result.seconds),
        "subcorpora": subcorpora,
        "overall": {
            **figures(all_cases, all_detections, len(pairs), total_found),
            "pairs_with_reuse": total_with_reuse,
            "pairs_found": total_found_with_reuse / total_with_reuse if total_with_reuse else None,
            "negatives": len(pairs) - total_with_reuse,
            "negatives_claimed": total_found - total_found_with_reuse,
        },
    }


def collection_documents(
    pairs: Sequence[DocumentPair], options: Options | None = None, jobs: int = 1
) -> tuple[list[tuple[PairResult | None, float]], float, int]:
    """Analyze every text of labeled pairs as one collection.

    Returns, for each pair in order, what the result reports for its two
    texts (None: nothing) with the coverage of its derived text, the
    seconds of the analysis, and the number of documents.
    """
    options = options or Options()
    texts: dict[str, str] = {}
    for p in pairs:
        texts.setdefault(p.source_id, p.source_text)
        texts.setdefault(p.derived_id, p.derived_text)
    ids = sorted(texts)
    start = time.perf_counter()
    result = analyze([Document(i, texts[i], i) for i in ids], options, jobs=jobs)
    seconds = time.perf_counter() - start
    by_ids = reported_pairs(result)
    out: list[tuple[PairResult | None, float]] = []
    for p in pairs:
        found = by_ids.get((p.derived_id, p.source_id))
        if found is None:
            out.append((None, 0.0))
        else:
            pair, derived_is_a = found
            out.append((pair, pair.coverage_a if derived_is_a else pair.coverage_b))
    return out, seconds, len(ids)

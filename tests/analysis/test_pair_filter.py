"""Tests of compare.analysis.pair_filter: pairs kept by date and source, alone and in an analysis."""

from __future__ import annotations

import datetime
import json

import numpy as np
import pytest
import scipy.sparse as sp
from synthetic_corpora import prose

from compare.analysis.candidates import find_candidates, neighbour_candidates
from compare.analysis.options import Options
from compare.analysis.pair_filter import PairMask, allowed_pairs, document_day
from compare.analysis.pipeline import analyze
from compare.analysis.prepare import prepare_corpus
from compare.load import Document

_DAY = datetime.date(2026, 11, 3).toordinal()
_SHARED = (
    "The city council voted on Tuesday to close the old harbour bridge for two years of repairs, "
    "after engineers found deep cracks in three of its stone piers during an inspection last month, "
    "and the mayor said ferries would carry commuters across the river until the work is done."
)


@pytest.mark.parametrize(
    ("date", "day"),
    [
        ("2026-11-03", _DAY),
        ("2026-11-03T08:15:00+02:00", _DAY),
        ("  2026-11-03 ", _DAY),
        ("", None),
        ("3 November 2026", None),
        ("2026-13-01", None),
    ],
)
def test_document_day_reads_the_iso_date_a_field_begins_with(date: str, day: int | None) -> None:
    assert document_day(date) == day


def test_allowed_pairs_by_days_and_sources() -> None:
    dates = ["2026-01-01", "2026-01-31", "2026-02-01", "", "not a date"]
    sources = ["A", "A", "B", "B", "C"]
    everything = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    assert allowed_pairs(everything, dates, sources) == everything
    within = allowed_pairs(everything, dates, sources, max_days_apart=30)
    assert (0, 1) in within and (0, 2) not in within  # 30 days apart: kept; 31: not
    assert all((i, j) in within for i, j in everything if 3 in (i, j) or 4 in (i, j))  # undated: all
    across = allowed_pairs(everything, dates, sources, across_sources=True)
    assert (0, 1) not in across and (2, 3) not in across and (0, 2) in across
    both = allowed_pairs(everything, dates, sources, max_days_apart=30, across_sources=True)
    assert both == [p for p in everything if p in within and p in across]


def _story(n: int) -> str:
    return f"Report number {n} opens with its own words about the weather. {_SHARED} It ends here, {n}."


def test_an_analysis_compares_only_the_pairs_the_filter_keeps() -> None:
    docs = [
        Document("x1", _story(1), "X", date="2026-01-01"),
        Document("x2", _story(2), "X", date="2026-01-02"),
        Document("y1", _story(3), "Y", date="2026-03-01"),
        Document("y2", _story(4), "Y"),  # undated
    ]

    def compared(options: Options) -> set[tuple[str, str]]:
        result = analyze(docs, options)
        return {(docs[p.a].id, docs[p.b].id) for p in result.pairs if p.matches}

    every = {("x1", "x2"), ("x1", "y1"), ("x1", "y2"), ("x2", "y1"), ("x2", "y2"), ("y1", "y2")}
    assert compared(Options()) == every
    assert compared(Options(across_sources=True)) == every - {("x1", "x2"), ("y1", "y2")}
    assert compared(Options(max_days_apart=30)) == every - {("x1", "y1"), ("x2", "y1")}
    recorded = json.loads(analyze(docs, Options(max_days_apart=30, across_sources=True)).to_json())
    assert (recorded["options"]["max_days_apart"], recorded["options"]["across_sources"]) == (30, True)
    ids = [d["id"] for d in recorded["documents"]]
    assert {(ids[p["a"]], ids[p["b"]]) for p in recorded["pairs"] if p["matches"]} == {
        ("x1", "y2"),
        ("x2", "y2"),
    }


def test_max_days_apart_is_validated() -> None:
    with pytest.raises(ValueError, match="max_days_apart"):
        Options(max_days_apart=-1)


def _kept_by_definition(
    i: int, j: int, dates: list[str], sources: list[str], days: int | None, across: bool
) -> bool:
    """The module's rule, pair by pair."""
    if across and sources[i] == sources[j]:
        return False
    a, b = document_day(dates[i]), document_day(dates[j])
    return days is None or a is None or b is None or abs(a - b) <= days


def test_the_mask_keeps_the_pairs_the_rule_keeps_whichever_way_asked() -> None:
    dates = ["2026-01-01", "2026-01-20", "2026-03-01", "", "2026-01-02T10:00", "garbage"]
    sources = ["A", "B", "A", "B", "C", "A"]
    everything = [(i, j) for i in range(6) for j in range(i + 1, 6)]
    for days, across in [(None, True), (30, False), (30, True), (0, False), (None, False)]:
        want = [(i, j) for i, j in everything if _kept_by_definition(i, j, dates, sources, days, across)]
        mask = PairMask(dates, sources, days, across)
        assert mask.kept(everything) == want == allowed_pairs(everything, dates, sources, days, across)
        one_by_many = [
            (i, j) for i, j in everything if mask(i, np.array([j]))[0] and mask(j, np.array([i]))[0]
        ]
        assert one_by_many == want
    assert PairMask(dates, sources, 30, True).kept([]) == []


def test_neighbours_are_ranked_among_the_pairs_the_filter_keeps() -> None:
    # each document's nearest is of its own source; those of the other source come second
    rows = np.array([[1, 0.1, 0, 0], [1, 0.12, 0, 0], [0.6, 0, 0.8, 0], [0.58, 0, 0.8, 0.05]])
    vectors = sp.csr_matrix(rows / np.linalg.norm(rows, axis=1, keepdims=True))
    clusters = [0, 1, 2, 3]
    assert set(neighbour_candidates(vectors, clusters, 0.05, 1)) == {(0, 1), (2, 3)}
    mask = PairMask(["", "", "", ""], ["A", "A", "B", "B"], None, True)
    filtered = set(neighbour_candidates(vectors, clusters, 0.05, 1, mask))
    assert filtered and all(mask(a, np.array([b]))[0] for a, b in filtered)
    assert (0, 2) in filtered


def test_partners_by_shared_shingles_are_ranked_among_the_pairs_the_filter_keeps() -> None:
    s1, s2, s3, s4, s5 = (prose(70 + i, 11) for i in range(5))  # a few shingles each: weak links
    docs = [
        Document("x0", f"{prose(80, 150)} {s1} {s2} {s3}", "X"),
        Document("x1", f"{prose(81, 150)} {s1} {s2}", "X"),  # x0's strongest partner, same source
        Document("y2", f"{prose(82, 150)} {s3} {s4} {s5}", "Y"),
        Document("y3", f"{prose(83, 150)} {s4} {s5}", "Y"),  # y2's strongest partner, same source
    ]
    few = {"shingle_neighbours": 1, "topical_neighbours": 0, "passage_neighbours": 0}
    prepared = prepare_corpus(docs, Options(**few))
    assert find_candidates(prepared, Options(**few)).shingles == {(0, 1), (2, 3)}
    across = find_candidates(prepared, Options(**few, across_sources=True))
    assert (0, 2) in across.shingles and across.pairs == [(0, 2)]

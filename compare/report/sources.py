"""The source × source view: how much of each source's text is found in another.

For sources S and T, the share of S's content words found in T's documents
(verbatim, edited or paraphrased), from each document's `found_in_sources`
weighted by its content words: directional, a wire service's row is low and
the outlets reprinting it have high cells in its column.

A collection without a manifest can have a source per file: hundreds or
thousands. The shares are kept sparse (only pairs of sources with reuse),
the index shows the `SOURCE_LIMIT` sources with the most reuse and one row
and column for all the others, and the whole table is a data file
(`sources_csv`): the view's size follows the reuse found, not the square of
the number of sources.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any, cast

from ..analysis.result import AnalysisResult
from .export import safe_cell

__all__ = ["SOURCES_CSV", "SOURCE_LIMIT", "source_matrix", "source_shares", "sources_csv"]

#: The index's source view shows at most this many sources (those with the most reuse).
SOURCE_LIMIT = 30
#: The whole table, as a data file of the report.
SOURCES_CSV = "sources.csv"


def source_shares(result: AnalysisResult) -> tuple[dict[str, int], dict[tuple[str, str], float]]:
    """Each source's content words, and for each ordered pair of sources (S, T)
    with any reuse, how many of S's words are found in T's documents."""
    words: Counter[str] = Counter()
    found = cast("dict[tuple[str, str], float]", Counter())  # float counts (typeshed's Counter holds ints)
    for d in result.documents:
        words[d.source] += d.n_content_words
        for other, share in d.found_in_sources.items():
            if share > 0:
                found[(d.source, other)] += share * d.n_content_words
    return dict(words), dict(found)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def source_matrix(result: AnalysisResult, limit: int = SOURCE_LIMIT) -> dict[str, Any]:
    """The index's view: ``rows`` (each ``source``, ``words``, ``cells``,
    ``group``), ``n_sources`` and ``n_others``.

    With more than `limit` sources, those whose text is most reused or most
    reusing (found words, both ways; ties by name) are shown, and the others
    are one group, whose cells sum their words (a share is capped at 100%).
    """
    words, found = source_shares(result)
    sources = sorted(words)
    if len(sources) <= limit:
        shown = sources
    else:
        reuse = cast("dict[str, float]", Counter())  # float counts (typeshed's Counter holds ints)
        for (s, t), n in found.items():
            reuse[s] += n
            reuse[t] += n
        shown = sorted(sorted(sources, key=lambda s: (-reuse[s], s))[:limit])
    others = sorted(set(sources) - set(shown))
    group = f"{len(others)} other sources" if len(others) != 1 else "1 other source"
    label = {s: s for s in shown} | dict.fromkeys(others, group)
    columns = shown + ([group] if others else [])
    grouped_words: Counter[str] = Counter()
    for s, n in words.items():
        grouped_words[label[s]] += n
    grouped = cast("dict[tuple[str, str], float]", Counter())  # float counts (typeshed's Counter holds ints)
    for (s, t), n in found.items():
        grouped[(label[s], label[t])] += n
    rows = []
    for s in columns:
        cells = []
        for t in columns:
            share = min(1.0, grouped[(s, t)] / grouped_words[s]) if grouped_words[s] else 0.0
            cells.append(
                {
                    "source": t,
                    "share": _pct(share),
                    "heat": min(5, int(share * 6)),
                    "empty": share == 0.0,
                    "group": t == group and bool(others),
                    "title": f"{_pct(share)} of {s}'s text is found in {t}",
                }
            )
        is_group = s == group and bool(others)
        rows.append({"source": s, "words": grouped_words[s], "cells": cells, "group": is_group})
    return {"rows": rows, "n_sources": len(sources), "n_others": len(others)}


def sources_csv(result: AnalysisResult) -> str:
    """The whole source × source table, one line per pair of sources with reuse:
    ``source, other_source, share, words_found, source_words``, sorted by source
    names. Source names that start like a formula get a leading ``'``."""
    words, found = source_shares(result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "other_source", "share", "words_found", "source_words"])
    for (s, t), n in sorted(found.items()):
        writer.writerow([safe_cell(s), safe_cell(t), f"{n / words[s]:.4f}", f"{n:.0f}", words[s]])
    return out.getvalue()

"""Tests of compare.report.sources: the source x source view, bounded, and its data file."""

from __future__ import annotations

import csv
import io

from synthetic_corpora import prose

from compare import Document, analyze
from compare.report.sources import source_matrix, source_shares, sources_csv


def _collection() -> list[Document]:
    """Forty sources: a wire story reprinted whole by two of them, the rest unrelated."""
    wire = prose(1, 300)
    docs = [
        Document("wire", wire, "=Wire"),
        Document("reprint", wire + " " + prose(2, 300), "Daily"),
        Document("copy", wire, "Blog"),
    ]
    docs += [Document(f"d{k}", prose(10 + k, 200), f"Site {k:02d}") for k in range(37)]
    return docs


def test_the_view_shows_the_sources_with_the_most_reuse_and_groups_the_rest() -> None:
    result = analyze(_collection())
    view = source_matrix(result, limit=3)
    assert view["n_sources"] == 40 and view["n_others"] == 37
    names = [r["source"] for r in view["rows"]]
    assert names == ["=Wire", "Blog", "Daily", "37 other sources"]
    wire = view["rows"][0]
    assert [c["share"] for c in wire["cells"]] == ["0%", "100%", "100%", "0%"]
    assert wire["cells"][1]["title"] == "100% of =Wire's text is found in Blog"
    daily = view["rows"][2]
    assert daily["cells"][0]["share"] == "50%"  # half of the reprint is the wire story
    others = view["rows"][3]
    assert others["group"] and all(c["empty"] for c in others["cells"])
    # Up to the limit, every source is shown, as before.
    whole = source_matrix(result, limit=40)
    assert [r["source"] for r in whole["rows"]] == sorted(d.source for d in result.documents)
    assert whole["n_others"] == 0 and not any(r["group"] for r in whole["rows"])


def test_shares_are_kept_only_for_sources_with_reuse() -> None:
    result = analyze(_collection())
    words, found = source_shares(result)
    assert len(words) == 40
    assert set(found) == {
        ("=Wire", "Blog"),
        ("=Wire", "Daily"),
        ("Blog", "=Wire"),
        ("Blog", "Daily"),
        ("Daily", "=Wire"),
        ("Daily", "Blog"),
    }


def test_the_data_file_lists_every_pair_and_never_starts_a_formula() -> None:
    result = analyze(_collection())
    rows = list(csv.DictReader(io.StringIO(sources_csv(result))))
    assert len(rows) == 6
    first = rows[0]
    assert (first["source"], first["other_source"], first["share"]) == ("'=Wire", "Blog", "1.0000")
    assert all(not r["source"].startswith("=") and not r["other_source"].startswith("=") for r in rows)
    words, _ = source_shares(result)
    assert {r["source"]: int(r["source_words"]) for r in rows}["Daily"] == words["Daily"]

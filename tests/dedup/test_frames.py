"""Tests of compare.dedup.frames: pandas, polars, datasets and lists in, a keep mask or rows out."""

from __future__ import annotations

import datetime as dt

import datasets
import numpy as np
import pandas as pd
import polars as pl
import pytest
from synthetic_corpora import edited, prose

from compare.dedup.frames import drop_duplicates, keep_mask
from compare.dedup.local import deduplicate

STORY = prose(1, 300)


# Rows: a story, an unrelated one, a 10%-edited copy of the story that is longer and
# dated earlier, the story again, and a row with no text.
IDS = ["story", "other", "edited", "again", "blank"]
TEXTS = [STORY, prose(2, 300), edited(STORY, 0.10, seed=3) + " And one more closing line.", STORY, None]
DATES = [dt.date(2026, 5, 2), dt.date(2026, 5, 1), dt.date(2026, 4, 30), None, None]
EXPECTED = {
    "first": [True, True, False, False, True],
    "longest": [False, True, True, False, True],
    "earliest": [False, True, True, False, True],
}


@pytest.mark.parametrize("keep", sorted(EXPECTED))
def test_a_pandas_frame_gives_a_mask_and_its_kept_rows(keep: str) -> None:
    frame = pd.DataFrame({"id": IDS, "body": TEXTS, "date": pd.to_datetime(DATES)}, index=list("vwxyz"))
    mask = keep_mask(frame, "body", keep=keep)
    assert mask.tolist() == EXPECTED[keep]
    kept = drop_duplicates(frame, "body", keep=keep)
    assert isinstance(kept, pd.DataFrame)
    assert kept["id"].tolist() == [i for i, k in zip(IDS, EXPECTED[keep], strict=True) if k]
    assert list(kept.index) == [x for x, k in zip("vwxyz", EXPECTED[keep], strict=True) if k]


def test_a_polars_frame() -> None:
    frame = pl.DataFrame({"id": IDS, "text": TEXTS, "date": DATES})
    assert keep_mask(frame, keep="earliest").tolist() == EXPECTED["earliest"]
    kept = drop_duplicates(frame, keep="longest")
    assert isinstance(kept, pl.DataFrame)
    assert kept.get_column("id").to_list() == ["other", "edited", "blank"]


def test_a_datasets_dataset() -> None:
    ds = datasets.Dataset.from_dict({"id": IDS, "text": TEXTS})
    kept = drop_duplicates(ds)
    assert isinstance(kept, datasets.Dataset)
    assert kept["id"] == ["story", "other", "blank"]


def test_lists_of_pairs_or_texts() -> None:
    pairs = list(zip(IDS, TEXTS, strict=True))
    assert keep_mask(pairs).tolist() == EXPECTED["first"]
    assert [i for i, _ in drop_duplicates(pairs, keep="longest")] == ["other", "edited", "blank"]
    assert drop_duplicates(tuple(TEXTS)) == (STORY, TEXTS[1], None)
    assert keep_mask([]).tolist() == []
    # a list has no dates, whatever the date column is called (its texts are not dates):
    # the first of a cluster is kept
    copies = [("late", "b " + STORY), ("early", "a " + STORY)]
    assert keep_mask(copies, keep="earliest", date="published").tolist() == [True, False]


def test_deduplicate_takes_a_list_as_well_as_a_function() -> None:
    records = [(i, t or "") for i, t in zip(IDS, TEXTS, strict=True)]
    assert deduplicate(records).clusters == deduplicate(lambda: records).clusters == [[0, 2, 3]]
    with pytest.raises(TypeError, match="read twice"):
        deduplicate(iter(records))


def test_bad_data_columns_and_keep_are_named() -> None:
    with pytest.raises(KeyError, match="no column 'text'; the columns are id, body"):
        keep_mask(pd.DataFrame({"id": ["a"], "body": ["x"]}))
    with pytest.raises(ValueError, match="keep must be one of first, longest, earliest"):
        keep_mask([("a", "x")], keep="newest")
    with pytest.raises(TypeError, match="cannot deduplicate a dict"):
        keep_mask({"a": "x"})
    assert keep_mask(np.array(["x"]).tolist()).tolist() == [True]

"""Dedup of data already in memory: DataFrames, datasets and lists, rows in, rows out.

`keep_mask` says which rows to keep (one bool per row, in order);
`drop_duplicates` returns the kept rows, as the same kind of object it was
given. Both run the local engine (`compare.dedup.local.deduplicate`, with
its defaults: near-duplicates and edited copies) over the text column and
keep one row per cluster under `keep` (`compare.dedup.rules.representatives`,
the rule of ``compare-sources dedup --keep``).

Accepted data, recognized by type without importing any of them:

* a pandas or polars DataFrame: `text` (and, for ``keep="earliest"``,
  `date`) name columns;
* a Hugging Face ``datasets.Dataset``: the same, as its columns;
* a list (or tuple) of ``(id, text)`` pairs, or of texts.

A missing text (None, NaN) is an empty one, which duplicates nothing.
Dates compare as ISO text (a datetime column is formatted so); a row with
no date comes after every dated one. For a Spark DataFrame use
`compare.dedup.spark.job.spark_deduplicate`, which runs on the cluster.

Example
-------
>>> rows = [("a", "the council approved the new budget after a long debate on tuesday"),
...         ("b", "the council approved the new budget after a long debate on tuesday"),
...         ("c", "a completely different text about the weather in spring")]
>>> keep_mask(rows).tolist()
[True, False, True]
>>> [row_id for row_id, _ in drop_duplicates(rows)]
['a', 'c']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .local import deduplicate
from .options import DedupOptions
from .rules import KEEP, representatives

__all__ = ["drop_duplicates", "keep_mask"]


def keep_mask(
    data: Any,
    text: str = "text",
    *,
    keep: str = "first",
    date: str = "date",
    options: DedupOptions | None = None,
) -> np.ndarray:
    """One bool per row of `data`: True for the rows to keep (each row that
    duplicates nothing, and one row per cluster of duplicates, chosen by
    `keep`: ``first``, ``longest`` or ``earliest`` by the `date` column).

    Raises TypeError for data of another kind, KeyError (naming it) for a
    missing column, ValueError for a bad `keep`.
    """
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    texts = [_text(value) for value in _column(data, text)]
    dated = keep == "earliest" and _kind(data) != "list"  # a list has no dates: its order decides
    dates = [_date(value) for value in _column(data, date)] if dated else [""] * len(texts)
    records = [(str(i), t) for i, t in enumerate(texts)]
    found = deduplicate(lambda: records, options)
    chosen = representatives(found.pairs, found.clusters, [len(t) for t in texts], dates, keep)
    return np.array([chosen.get(i, i) == i for i in range(len(texts))], dtype=bool)


def drop_duplicates(
    data: Any,
    text: str = "text",
    *,
    keep: str = "first",
    date: str = "date",
    options: DedupOptions | None = None,
) -> Any:
    """The rows of `data` that `keep_mask` keeps, as the same kind of object
    (a pandas or polars DataFrame, a ``datasets.Dataset``, a list)."""
    mask = keep_mask(data, text, keep=keep, date=date, options=options)
    kind = _kind(data)
    if kind == "pandas":
        return data[mask]
    if kind == "polars":
        import polars as pl

        return data.filter(pl.Series(mask))
    if kind == "datasets":
        return data.select(np.flatnonzero(mask).tolist())
    kept = [row for row, kept in zip(data, mask.tolist(), strict=True) if kept]
    return type(data)(kept) if isinstance(data, tuple) else kept


def _kind(data: Any) -> str:
    """Which kind of data this is: pandas, polars, datasets or list."""
    module = type(data).__module__.split(".")[0]
    if module in ("pandas", "polars") and hasattr(data, "columns"):
        return module
    if module == "datasets" and hasattr(data, "column_names"):
        return "datasets"
    if module == "pyspark":
        raise TypeError("a Spark DataFrame: use compare.spark_deduplicate, which runs on the cluster")
    if isinstance(data, list | tuple):
        return "list"
    raise TypeError(
        f"cannot deduplicate a {type(data).__name__}: give a pandas or polars DataFrame, "
        "a datasets.Dataset, or a list of (id, text) pairs or texts"
    )


def _column(data: Any, name: str) -> Sequence[Any]:
    """The values of column `name` (for a list, whatever the name: the texts)."""
    kind = _kind(data)
    if kind == "list":
        return [row[1] if isinstance(row, list | tuple) else row for row in data]
    columns = data.column_names if kind == "datasets" else list(data.columns)
    if name not in columns:
        raise KeyError(f"no column {name!r}; the columns are {', '.join(map(str, columns))}")
    if kind == "pandas":
        return data[name].tolist()
    if kind == "polars":
        return data.get_column(name).to_list()
    return data[name]


def _missing(value: Any) -> bool:
    """None, or a float NaN (how pandas marks a missing value)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def _date(value: Any) -> str:
    """A date as ISO text ("" for none), so that dates of any type compare."""
    if _missing(value):
        return ""
    text = value.isoformat() if isinstance(value, dt.datetime | dt.date) else str(value)
    return "" if text in ("NaT", "nan", "None") else text

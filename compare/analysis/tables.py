"""The result as Parquet tables, for results too large for one JSON file.

``analyze --format parquet -o DIR`` writes one table per kind of record,
whose columns are the fields of ``results.json``:

* ``documents.parquet``, ``pairs.parquet`` (without their matches),
  ``matches.parquet`` (each with ``pair``, its pair's row), ``clusters``,
  ``repetitions``, ``passages`` and ``problems``;
* ``result.json``: the schema version, the tool version, the options, and
  which columns of each table hold JSON text.

A field holding a list or an object (a match's spans and edits, a
document's metadata, a passage's versions, ...) is a column of its JSON
text, so every table reads back exactly as written (`read_tables`) and
Spark, DuckDB or pandas read them with their JSON functions. Rows are in
the result's order, in row groups of `ROWS` rows, so the same result gives
the same bytes. The folder is written beside its target and renamed into
place: a failed write leaves no half-written tables, and only a folder of
result tables is ever replaced (`compare.util.atomic.replace_folder`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..util.atomic import replace_folder
from .result import AnalysisResult, compact_json

__all__ = ["ROWS", "TABLES", "read_tables", "write_tables"]

ROWS = 10_000
TABLES = ("documents", "pairs", "matches", "clusters", "repetitions", "passages", "problems")
_HEAD = "result.json"


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """A record with its lists and objects as their JSON text."""
    return {k: compact_json(v) if isinstance(v, list | dict) else v for k, v in record.items()}


def _records(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    pairs, matches = [], []
    for n, pair in enumerate(data["pairs"]):
        matches += [{"pair": n, **m} for m in pair["matches"]]
        pairs.append({k: v for k, v in pair.items() if k != "matches"})
    tables = {name: data[name] for name in TABLES if name in data}
    return {**tables, "pairs": pairs, "matches": matches}


def write_tables(result: AnalysisResult, folder: str | Path) -> Path:
    """Write `result` as Parquet tables into `folder` (replaced whole); its
    path. Needs pyarrow (OSError saying so without it)."""
    pa, pq = _pyarrow()

    data = result.to_dict()
    tables = _records(data)
    head = {k: data[k] for k in ("schema_version", "tool_version", "options")}
    head["json_columns"] = {name: _json_columns(rows) for name, rows in tables.items()}

    def write(tmp: Path) -> None:
        for name, rows in tables.items():
            flat = [_flat(r) for r in rows]
            table = pa.Table.from_pylist(flat) if flat else pa.table({})
            pq.write_table(table, tmp / f"{name}.parquet", row_group_size=ROWS, compression="zstd")
        (tmp / _HEAD).write_text(compact_json(head) + "\n", encoding="utf-8")

    replace_folder(Path(folder), write, _replaceable, "a folder of result tables")
    return Path(folder)


def _replaceable(folder: Path) -> bool:
    """A folder `write_tables` wrote: its head and tables, nothing else."""
    names = {p.name for p in folder.iterdir()}
    return _HEAD in names and names <= {_HEAD, *(f"{t}.parquet" for t in TABLES)}


def read_tables(folder: str | Path) -> AnalysisResult:
    """The result `write_tables` wrote into `folder`. ValueError naming the
    folder when it is not such a folder or a table cannot be read."""
    _, pq = _pyarrow()

    folder = Path(folder)
    try:
        data: dict[str, Any] = json.loads((folder / _HEAD).read_text(encoding="utf-8"))
        rows = {name: pq.read_table(folder / f"{name}.parquet").to_pylist() for name in TABLES}
    except (OSError, ValueError) as exc:
        raise ValueError(f"{folder}: not a folder of result tables ({exc})") from None
    json_columns = data.pop("json_columns", {})
    for name, records in rows.items():
        data[name] = [_unflat(r, set(json_columns.get(name, ()))) for r in records]
    matches = _by_pair(data.pop("matches"), len(data["pairs"]))
    for pair, found in zip(data["pairs"], matches, strict=True):
        pair["matches"] = found
    return AnalysisResult.from_dict(data)


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OSError("Parquet tables need pyarrow: pip install 'compare-sources[parquet]'") from None
    return pa, pq


def _json_columns(rows: list[dict[str, Any]]) -> list[str]:
    """The fields of a table's records that hold a list or an object: written as JSON text."""
    return sorted({k for r in rows for k, v in r.items() if isinstance(v, list | dict)})


def _unflat(record: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    return {k: json.loads(v) if k in fields and isinstance(v, str) else v for k, v in record.items()}


def _by_pair(matches: Iterable[dict[str, Any]], n: int) -> list[list[dict[str, Any]]]:
    out: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for m in matches:
        out[m.pop("pair")].append(m)
    return out

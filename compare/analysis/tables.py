"""The result as Parquet tables, for results too large for one JSON file.

``analyze --format parquet -o DIR`` writes one table per kind of record,
whose columns are the fields of ``results.json`` (`COLUMNS`, the same
whether the table is one file written here or a folder of part files
written by the Spark engine's executors, `compare.analysis.spark.tables`):

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

__all__ = [
    "COLUMNS",
    "ROWS",
    "TABLES",
    "head_record",
    "read_tables",
    "replaceable",
    "spark_columns",
    "table_rows",
    "table_schema",
    "write_tables",
]

ROWS = 10_000
TABLES = ("documents", "pairs", "matches", "clusters", "repetitions", "passages", "problems")
_HEAD = "result.json"

#: Each table's columns, in order, with their kind: ``int``, ``float``,
#: ``bool``, ``str``, or ``json`` (a list or an object, as its JSON text).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("index", "int"),
        ("id", "str"),
        ("source", "str"),
        ("title", "str"),
        ("url", "str"),
        ("date", "str"),
        ("path", "str"),
        ("encoding", "str"),
        ("metadata", "json"),
        ("text", "str"),
        ("n_words", "int"),
        ("n_content_words", "int"),
        ("excluded", "json"),
        ("reused_share", "float"),
        ("found_in_sources", "json"),
    ),
    "pairs": (
        ("a", "int"),
        ("b", "int"),
        ("same_source", "bool"),
        ("jaccard", "float"),
        ("containment_a_in_b", "float"),
        ("containment_b_in_a", "float"),
        ("tfidf_cosine", "float"),
        ("coverage_a", "float"),
        ("coverage_b", "float"),
        ("relation", "str"),
        ("lsh_candidate", "bool"),
        ("evidence", "json"),
        ("earlier", "str"),
    ),
    "matches": (
        ("pair", "int"),
        ("number", "int"),
        ("kind", "str"),
        ("a", "json"),
        ("b", "json"),
        ("words_a", "int"),
        ("words_b", "int"),
        ("shared_words", "int"),
        ("similarity", "float"),
        ("edits", "json"),
        ("quoted", "str"),
        ("attributed", "bool"),
    ),
    "clusters": (("number", "int"), ("members", "json")),
    "repetitions": (
        ("document", "int"),
        ("kind", "str"),
        ("first", "json"),
        ("second", "json"),
        ("shared_words", "int"),
        ("similarity", "float"),
    ),
    "passages": (("number", "int"), ("versions", "json"), ("quoted", "bool"), ("earliest", "int")),
    "problems": (("path", "str"), ("message", "str"), ("line", "int")),
}
_SPARK_TYPES = {"int": "long", "float": "double", "bool": "boolean", "str": "string", "json": "string"}


def table_schema(name: str):
    """The Arrow schema of table `name` (`COLUMNS`)."""
    pa, _ = _pyarrow()
    types = {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "str": pa.string(),
        "json": pa.string(),
    }
    return pa.schema([(column, types[kind]) for column, kind in COLUMNS[name]])


def spark_columns(name: str) -> str:
    """The columns of table `name` in Spark's DDL (for a task that builds its rows)."""
    return ", ".join(f"`{column}` {_SPARK_TYPES[kind]}" for column, kind in COLUMNS[name])


def table_rows(name: str, records: Iterable[dict[str, Any]]):
    """`records` of table `name` (the JSON form's fields) as an Arrow table of its columns."""
    pa, _ = _pyarrow()
    return pa.Table.from_pylist([_flat(r) for r in records], schema=table_schema(name))


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


def head_record(data: dict[str, Any]) -> dict[str, Any]:
    """What ``result.json`` beside the tables holds: the schema and tool
    versions and the options of the result whose JSON form is `data`, and
    which columns of each table are JSON text."""
    head = {k: data[k] for k in ("schema_version", "tool_version", "options")}
    head["json_columns"] = {name: [c for c, kind in COLUMNS[name] if kind == "json"] for name in TABLES}
    return head


def write_tables(result: AnalysisResult, folder: str | Path) -> Path:
    """Write `result` as Parquet tables into `folder` (replaced whole); its
    path. Needs pyarrow (OSError saying so without it)."""
    _, pq = _pyarrow()

    data = result.to_dict()
    tables = _records(data)

    def write(tmp: Path) -> None:
        for name, rows in tables.items():
            pq.write_table(
                table_rows(name, rows), tmp / f"{name}.parquet", row_group_size=ROWS, compression="zstd"
            )
        (tmp / _HEAD).write_text(compact_json(head_record(data)) + "\n", encoding="utf-8")

    replace_folder(
        Path(folder), write, lambda f: replaceable({p.name for p in f.iterdir()}), "a folder of result tables"
    )
    return Path(folder)


def replaceable(names: set[str]) -> bool:
    """Whether a folder holding the files `names` is one `write_tables`
    wrote: its head and tables, nothing else."""
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


def _unflat(record: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    return {k: json.loads(v) if k in fields and isinstance(v, str) else v for k, v in record.items()}


def _by_pair(matches: Iterable[dict[str, Any]], n: int) -> list[list[dict[str, Any]]]:
    out: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for m in matches:
        out[m.pop("pair")].append(m)
    return out

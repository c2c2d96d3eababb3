"""What `compare-sources dedup` writes: one result (`DedupRun`), five formats, written atomically.

* ``json``: the whole result (`DedupRun.to_dict`), with the matches against
  a persistent index (estimated from signatures: the earlier texts are not
  kept);
* ``jsonl``: one line per document: its id, file and line, cluster,
  whether it is the kept representative, which document it duplicates and
  its best verified Jaccard;
* ``csv``: the same rows as ``jsonl``, with a header;
* ``text``: for people: each cluster with its members and scores, then a
  summary line;
* ``parquet``: a folder of ``documents/``, ``pairs/`` and ``clusters/``
  tables and ``result.json`` (the rest).

Writers only lay the result out; nothing here decides what is a
duplicate. Files are written through `compare.util.atomic`: an
interrupted run never leaves half a file or half a folder.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from ..load import Record
from ..util.atomic import replace_folder, write_file
from .result import PARQUET_COLUMNS, ROW_FIELDS, DedupRun, parquet_rest

__all__ = [
    "FORMATS",
    "render",
    "summary_line",
    "write_deduplicated",
    "write_output",
    "write_parquet",
]

FORMATS = ("text", "json", "jsonl", "csv", "parquet")


def summary_line(s: dict[str, Any]) -> str:
    """One line saying what a run found (its `DedupRun.summary`), for stderr."""
    return (
        f"{s['documents']:,} documents, {s['duplicates']:,} duplicates in {s['clusters']:,} clusters, "
        f"{s['pairs']:,} pairs, {s['indexed_matches']:,} seen before, {s['problems']:,} input problems, "
        f"{s['seconds']:.1f} s"
    )


def _text(data: dict[str, Any], out: IO[str]) -> None:
    docs = data["documents"]
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    for cluster in data["clusters"]:
        rep = cluster["representative"]
        out.write(
            f"cluster {cluster['number']}: {len(cluster['members'])} documents, keep {docs[rep]['id']}\n"
        )
        for i in cluster["members"]:
            mark = "keep" if i == rep else _with_kept(pairs.get((min(i, rep), max(i, rep))), i)
            where = docs[i]["path"] + (f":{docs[i]['line']}" if docs[i]["line"] is not None else "")
            out.write(f"  {docs[i]['id']}  ({where})  {mark}\n")
    for m in data["indexed_matches"]:
        about = "" if m["verified"] else "about "  # estimated: the index has no text of that document
        if m["relation"] == "excerpt":
            inside = m["containment_a_in_b"] >= m["containment_b_in_a"]
            share = max(m["containment_a_in_b"], m["containment_b_in_a"])
            how = "is inside" if inside else "contains"
            out.write(f"seen before: {m['a_id']} {how} indexed {m['indexed_id']} ({about}{share:.0%})\n")
        else:
            like = f"is like indexed {m['indexed_id']} (jaccard {about}{m['jaccard']:.3f}"
            if m["verified"]:
                like += f", shared passages cover {min(m['coverage_a'], m['coverage_b']):.0%} of each"
            out.write(f"seen before: {m['a_id']} {like})\n")
    out.write(summary_line(data["summary"]) + "\n")


def _with_kept(pair: dict[str, Any] | None, i: int) -> str:
    """How document i relates to its cluster's kept document, for people."""
    if pair is None:
        return "linked"
    if pair["relation"] == "excerpt":
        inside = pair["containment_a_in_b"] if pair["a"] == i else pair["containment_b_in_a"]
        around = pair["containment_b_in_a"] if pair["a"] == i else pair["containment_a_in_b"]
        if inside >= around:
            return f"excerpt: {inside:.0%} of it inside kept"
        return f"excerpt: contains {around:.0%} of kept"
    return f"jaccard {pair['jaccard']:.3f} with kept"


def _jsonl(data: dict[str, Any], out: IO[str]) -> None:
    for d in data["documents"]:
        out.write(json.dumps({k: d[k] for k in ROW_FIELDS}, ensure_ascii=False) + "\n")


def _csv(data: dict[str, Any], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    for d in data["documents"]:
        writer.writerow({k: "" if d[k] is None else d[k] for k in ROW_FIELDS})


def _json(data: dict[str, Any], out: IO[str]) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


_WRITERS: dict[str, Callable[[dict[str, Any], IO[str]], None]] = {
    "text": _text,
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
}


def render(run: DedupRun, fmt: str) -> str:
    """The result in text format `fmt` (one of `FORMATS` but parquet)."""
    out = io.StringIO()
    _WRITERS[fmt](run.to_dict(), out)
    return out.getvalue()


def write_output(run: DedupRun, fmt: str, path: str | Path) -> None:
    """Write the result in format `fmt` to `path`, atomically (parquet: a folder)."""
    if fmt == "parquet":
        write_parquet(Path(path), run)
        return
    text = render(run, fmt)
    write_file(Path(path), lambda f: f.write(text))


def write_deduplicated(path: str | Path, records: Iterable[Record], run: DedupRun) -> None:
    """Write, as JSONL, the input records of every kept document (every field
    as read); `records` are the run's input records, in the run's order."""
    keep = [d.representative for d in run.documents]

    def write(out: IO[str]) -> None:
        for i, r in enumerate(records):
            if keep[i]:
                out.write(r.jsonl() + "\n")

    write_file(Path(path), write)


def write_parquet(directory: Path, run: DedupRun) -> None:
    """Write the result as a folder: a Parquet folder per table of
    `PARQUET_COLUMNS` (one file each, ``part-00000.parquet``) and
    ``result.json`` (`parquet_rest`), swapped in whole
    (`compare.util.atomic.replace_folder`): `directory` is the old result or
    the new one, never half of either. An existing `directory` is replaced
    only if it holds an earlier result. Needs pyarrow (``pip install
    'compare-sources[parquet]'``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OSError("--format parquet needs pyarrow: pip install 'compare-sources[parquet]'") from None
    types = {"long": pa.int64(), "string": pa.string(), "boolean": pa.bool_(), "double": pa.float64()}
    types["array<long>"] = pa.list_(pa.int64())
    data = run.to_dict()

    def build(folder: Path) -> None:
        for table, columns in PARQUET_COLUMNS.items():
            schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
            rows = [{name: row[name] for name in columns} for row in data[table]]
            (folder / table).mkdir()
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / table / "part-00000.parquet")
        (folder / "result.json").write_text(
            json.dumps(parquet_rest(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    replace_folder(
        directory, build, lambda old: (old / "result.json").is_file(), "a compare-sources dedup result"
    )

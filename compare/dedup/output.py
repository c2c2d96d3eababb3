"""What `compare-sources dedup` writes: one result, four formats, written atomically.

The result (`dedup_result`) is a plain dict following
``compare/schema/dedup.schema.json`` (versioned; its pairs, clusters and
problems use the same fields as the analysis's ``results.json``):

* ``json``: the whole result, with the matches against a persistent index
  (estimated from signatures: the earlier texts are not kept);
* ``jsonl``: one line per document: its id, file and line, cluster,
  whether it is the kept representative, which document it duplicates and
  its best verified Jaccard;
* ``csv``: the same rows as ``jsonl``, with a header;
* ``text``: for people: each cluster with its members and scores, then a
  summary line.

Files are written to a temporary file in the target's folder, then renamed
over the target: an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from .._version import __version__
from ..load import LoadProblem
from .index import IndexedMatch
from .local import DedupOptions, DedupResult

__all__ = [
    "DEDUP_SCHEMA_VERSION",
    "FORMATS",
    "KEEP",
    "PARQUET_COLUMNS",
    "ROW_FIELDS",
    "DocumentInfo",
    "assemble",
    "dedup_result",
    "render",
    "representatives",
    "summary_line",
    "write_atomic",
    "write_parquet",
]

DEDUP_SCHEMA_VERSION = "1.1"
FORMATS = ("text", "json", "jsonl", "csv", "parquet")
#: The Parquet tables (a folder each) and their columns, as both engines write them.
PARQUET_COLUMNS = {
    "documents": {
        "index": "long",
        "id": "string",
        "path": "string",
        "line": "long",
        "cluster": "long",
        "representative": "boolean",
        "duplicate_of": "string",
        "max_jaccard": "double",
    },
    "pairs": {
        "a": "long",
        "b": "long",
        "a_id": "string",
        "b_id": "string",
        "jaccard": "double",
        "containment_a_in_b": "double",
        "containment_b_in_a": "double",
        "relation": "string",
    },
    "clusters": {"number": "long", "members": "array<long>", "representative": "long"},
}
KEEP = ("first", "longest", "earliest")
ROW_FIELDS = ("index", "id", "path", "line", "cluster", "representative", "duplicate_of", "max_jaccard")


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the output needs of a document, kept from the first pass (not its text)."""

    path: str
    line: int | None
    characters: int
    date: str


def representatives(result: DedupResult, info: Sequence[DocumentInfo], keep: str) -> dict[int, int]:
    """Each clustered document's kept representative: the cluster's first
    document, its longest text, or its earliest ``date`` (ISO dates compare
    as text; undated documents last); ties go to the earlier document. A
    document inside another (the inner side of an excerpt pair) is kept
    only if every member of its cluster is: keeping it would lose the rest
    of its container."""
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    inner = {
        p.a if p.containment_a_in_b >= p.containment_b_in_a else p.b
        for p in result.pairs
        if p.relation == "excerpt"
    }
    chosen: dict[int, int] = {}
    for members in result.clusters:
        eligible = [i for i in members if i not in inner] or members
        if keep == "first":
            rep = eligible[0]
        elif keep == "longest":
            rep = min(eligible, key=lambda i: (-info[i].characters, i))
        else:
            rep = min(eligible, key=lambda i: (info[i].date == "", info[i].date, i))
        chosen.update(dict.fromkeys(members, rep))
    return chosen


def dedup_result(
    result: DedupResult,
    info: Sequence[DocumentInfo],
    keep: str,
    problems: Sequence[LoadProblem],
    seconds: float,
    indexed: Sequence[IndexedMatch] = (),
) -> dict[str, Any]:
    """The result as a dict following the dedup schema.

    `indexed` are matches with documents of a persistent index (seen in an
    earlier run): a cluster with a document that is a near-duplicate of an
    indexed one keeps none of its documents; a document inside an indexed
    one is not kept either. (A batch document that contains an indexed
    one is new text.)
    """
    reps = representatives(result, info, keep)
    cluster_of = {i: k for k, members in enumerate(result.clusters, start=1) for i in members}
    best: dict[int, float] = {}
    for p in result.pairs:
        for i in (p.a, p.b):
            best[i] = max(best.get(i, 0.0), p.jaccard)
    seen_before: dict[int, IndexedMatch] = {}  # batch document or its representative -> best match
    for m in sorted(indexed, key=lambda m: (-m.jaccard, m.a)):
        best[m.a] = max(best.get(m.a, 0.0), m.jaccard)
        if m.relation == "excerpt":
            if m.containment_a_in_b >= m.containment_b_in_a:
                seen_before.setdefault(m.a, m)
            continue
        seen_before.setdefault(m.a, m)
        seen_before.setdefault(reps.get(m.a, m.a), m)
    documents = []
    for i, doc_id in enumerate(result.ids):
        rep = reps.get(i, i)
        earlier = seen_before.get(rep)
        duplicate_of = result.ids[rep] if rep != i else earlier.indexed_id if earlier else None
        documents.append(
            {
                "index": i,
                "id": doc_id,
                "path": info[i].path,
                "line": info[i].line,
                "cluster": cluster_of.get(i),
                "representative": duplicate_of is None,
                "duplicate_of": duplicate_of,
                "max_jaccard": best.get(i),
            }
        )
    pairs = [
        {
            "a": p.a,
            "b": p.b,
            "a_id": result.ids[p.a],
            "b_id": result.ids[p.b],
            "jaccard": p.jaccard,
            "containment_a_in_b": p.containment_a_in_b,
            "containment_b_in_a": p.containment_b_in_a,
            "relation": p.relation,
        }
        for p in result.pairs
    ]
    clusters = [
        {"number": k, "members": members, "representative": reps[members[0]]}
        for k, members in enumerate(result.clusters, start=1)
    ]
    matches = [
        {
            "a": m.a,
            "a_id": result.ids[m.a],
            "indexed_id": m.indexed_id,
            "jaccard": m.jaccard,
            "containment_a_in_b": m.containment_a_in_b,
            "containment_b_in_a": m.containment_b_in_a,
            "relation": m.relation,
        }
        for m in indexed
    ]
    return assemble(
        result.options, keep, documents, pairs, clusters, problems, seconds, result.candidates, matches
    )


def assemble(
    options: DedupOptions,
    keep: str,
    documents: list[dict[str, Any]],
    pairs: list[dict[str, Any]],
    clusters: list[dict[str, Any]],
    problems: Sequence[LoadProblem],
    seconds: float,
    candidates: int,
    indexed_matches: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The dedup result dict from its rows, as both engines build it: the
    documents (`ROW_FIELDS` each, by index), pairs, clusters and indexed
    matches (as `dedup_result` writes them), and the run's problems."""
    public = asdict(options)
    for internal in ("jobs", "chunk_size", "samples"):
        public.pop(internal)
    return {
        "schema_version": DEDUP_SCHEMA_VERSION,
        "tool_version": __version__,
        "options": {**public, "keep": keep},
        "summary": {
            "documents": len(documents),
            "duplicates": sum(1 for d in documents if not d["representative"]),
            "clusters": len(clusters),
            "pairs": len(pairs),
            "indexed_matches": len(indexed_matches),
            "candidates": candidates,
            "problems": len(problems),
            "seconds": round(seconds, 3),
        },
        "documents": documents,
        "pairs": pairs,
        "clusters": clusters,
        "indexed_matches": list(indexed_matches),
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
    }


def summary_line(data: dict[str, Any]) -> str:
    s = data["summary"]
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
        if m["relation"] == "excerpt":
            inside = m["containment_a_in_b"] >= m["containment_b_in_a"]
            share = max(m["containment_a_in_b"], m["containment_b_in_a"])
            how = "is inside" if inside else "contains"
            out.write(f"seen before: {m['a_id']} {how} indexed {m['indexed_id']} (about {share:.0%})\n")
        else:
            like = f"is like indexed {m['indexed_id']} (jaccard about {m['jaccard']:.3f})"
            out.write(f"seen before: {m['a_id']} {like}\n")
    out.write(summary_line(data) + "\n")


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


def render(data: dict[str, Any], fmt: str) -> str:
    """The result in format `fmt` (one of `FORMATS`)."""
    out = io.StringIO()
    _WRITERS[fmt](data, out)
    return out.getvalue()


def write_atomic(path: Path, write: Callable[[IO[str]], None]) -> None:
    """Write a text file through a temporary file in the same folder, renamed
    over `path` only once complete (on any error, `path` is left as it was)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parquet_rest(data: dict[str, Any]) -> dict[str, Any]:
    """What ``result.json`` of a Parquet result holds: all but the tables' rows."""
    return {k: v for k, v in data.items() if k not in PARQUET_COLUMNS}


def write_parquet(directory: Path, data: dict[str, Any]) -> None:
    """Write the result as a folder: a Parquet folder per table of
    `PARQUET_COLUMNS` (one file each, ``part-00000.parquet``) and
    ``result.json`` (`parquet_rest`). Built in a hidden folder beside it,
    then swapped in: `directory` is the old result or the new one, never
    half of either. An existing `directory` is replaced only if it holds an
    earlier result. Needs pyarrow (``pip install 'compare-sources[parquet]'``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OSError("--format parquet needs pyarrow: pip install 'compare-sources[parquet]'") from None
    types = {"long": pa.int64(), "string": pa.string(), "boolean": pa.bool_(), "double": pa.float64()}
    types["array<long>"] = pa.list_(pa.int64())
    if directory.exists() and not (directory / "result.json").is_file():
        raise FileExistsError(f"{directory} exists and is not a compare-sources dedup result")
    directory.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent))
    try:
        for table, columns in PARQUET_COLUMNS.items():
            schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
            rows = [{name: row[name] for name in columns} for row in data[table]]
            (temporary / table).mkdir()
            pq.write_table(
                pa.Table.from_pylist(rows, schema=schema), temporary / table / "part-00000.parquet"
            )
        (temporary / "result.json").write_text(
            json.dumps(parquet_rest(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        _swap(temporary, directory)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)


def _swap(new: Path, target: Path) -> None:
    """Rename `new` to `target`; an earlier `target` is moved aside first and deleted after."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old)

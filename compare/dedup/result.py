"""The one result of a dedup run, and its versioned JSON form.

Both engines build a `DedupRun`; every writer (`compare.dedup.output`) and
the command read it. `DedupRun.to_dict` follows
``compare/schema/dedup.schema.json`` (versioned by `DEDUP_SCHEMA_VERSION`;
its pairs, clusters and problems use the fields of the analysis's
``results.json``). Rows are plain frozen dataclasses whose fields are the
JSON's, in its order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .._version import __version__
from ..load import LoadProblem
from .options import DedupOptions

__all__ = [
    "DEDUP_SCHEMA_VERSION",
    "PARQUET_COLUMNS",
    "ROW_FIELDS",
    "ClusterRow",
    "DedupRun",
    "DocumentRow",
    "IndexedRow",
    "PairRow",
    "parquet_rest",
    "public_options",
    "result_dict",
    "run_summary",
]

DEDUP_SCHEMA_VERSION = "1.3"


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One input document: where it was read, the encoding its file was read
    in (`compare.load.decode`), its cluster (None: none),
    whether it is kept, which document it duplicates (a batch id, or an
    indexed id when it was seen in an earlier run) and its best verified
    Jaccard (None: no pair)."""

    index: int
    id: str
    path: str
    line: int | None
    encoding: str
    cluster: int | None
    representative: bool
    duplicate_of: str | None
    max_jaccard: float | None


#: The columns of the one-row-per-document formats (jsonl, csv, Parquet's documents/).
ROW_FIELDS = tuple(DocumentRow.__slots__)


@dataclass(frozen=True, slots=True)
class PairRow:
    """A verified duplicate pair of batch documents (a < b), with both ids, and
    the share of each inside passages shared with the other (`coverage_a`, `coverage_b`)."""

    a: int
    b: int
    a_id: str
    b_id: str
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    coverage_a: float
    coverage_b: float
    relation: str


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """A cluster of two or more documents (sorted indices) and the one kept."""

    number: int
    members: list[int]
    representative: int


@dataclass(frozen=True, slots=True)
class IndexedRow:
    """A batch document's match with a document of a persistent index (seen
    in an earlier run): scored from both texts when `verified` (the index
    kept the earlier text), else estimated from signatures and samples."""

    a: int
    a_id: str
    indexed_id: str
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: str
    coverage_a: float
    coverage_b: float
    verified: bool


@dataclass
class DedupRun:
    """What a dedup run found: the documents, pairs, clusters and indexed
    matches, the input problems, the number of candidate pairs, the seconds
    each stage took, and `elapsed`: the seconds from the start of the run
    until this result was assembled (what the summary reports; writing the
    outputs and adding to the index come after, in `seconds` only).

    `options` are the run's; `keep` says which document of a cluster is kept.
    """

    options: DedupOptions
    keep: str
    documents: list[DocumentRow]
    pairs: list[PairRow]
    clusters: list[ClusterRow]
    problems: list[LoadProblem]
    candidates: int
    indexed_matches: list[IndexedRow] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    elapsed: float = 0.0
    index_changes: dict[str, int] = field(default_factory=dict)
    """With an index: how many of the batch's documents it ``added``, found
    ``unchanged`` (the same id and text indexed already: a retried run) and
    ``replaced`` (the same id, other text); not in the written result."""

    @property
    def duplicates(self) -> int:
        """Documents that are not kept (a batch duplicate, or seen before)."""
        return sum(1 for d in self.documents if not d.representative)

    def summary(self) -> dict[str, Any]:
        """The counts of the run, and its seconds until the result."""
        return run_summary(
            documents=len(self.documents),
            duplicates=self.duplicates,
            clusters=len(self.clusters),
            pairs=len(self.pairs),
            indexed_matches=len(self.indexed_matches),
            candidates=self.candidates,
            problems=len(self.problems),
            seconds=self.elapsed,
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as the dedup schema's dict (what ``--format json`` writes)."""
        return result_dict(
            self.options,
            self.keep,
            self.summary(),
            self.problems,
            documents=[asdict(d) for d in self.documents],
            pairs=[asdict(p) for p in self.pairs],
            clusters=[asdict(c) for c in self.clusters],
            indexed_matches=[asdict(m) for m in self.indexed_matches],
        )


def run_summary(
    *,
    documents: int,
    duplicates: int,
    clusters: int,
    pairs: int,
    indexed_matches: int,
    candidates: int,
    problems: int,
    seconds: float,
) -> dict[str, Any]:
    """The ``summary`` of a dedup result, from counts (the Spark engine counts
    rows it never collects)."""
    return {
        "documents": documents,
        "duplicates": duplicates,
        "clusters": clusters,
        "pairs": pairs,
        "indexed_matches": indexed_matches,
        "candidates": candidates,
        "problems": problems,
        "seconds": round(seconds, 3),
    }


def public_options(options: DedupOptions, keep: str) -> dict[str, Any]:
    """The options that change the answer (not threads, chunk sizes or memory), and `keep`."""
    public = asdict(options)
    for internal in ("jobs", "chunk_size", "samples", "hold_mb"):
        public.pop(internal)
    return {**public, "keep": keep}


def result_dict(
    options: DedupOptions,
    keep: str,
    summary: dict[str, Any],
    problems: Sequence[LoadProblem],
    *,
    documents: list[dict[str, Any]] | None = None,
    pairs: list[dict[str, Any]] | None = None,
    clusters: list[dict[str, Any]] | None = None,
    indexed_matches: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A result in the dedup schema's order; rows left out are empty."""
    return {
        "schema_version": DEDUP_SCHEMA_VERSION,
        "tool_version": __version__,
        "options": public_options(options, keep),
        "summary": summary,
        "documents": documents or [],
        "pairs": pairs or [],
        "clusters": clusters or [],
        "indexed_matches": indexed_matches or [],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
    }


#: The Parquet tables (a folder each) and their columns, as both engines write them.
PARQUET_COLUMNS = {
    "documents": {
        "index": "long",
        "id": "string",
        "path": "string",
        "line": "long",
        "encoding": "string",
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
        "coverage_a": "double",
        "coverage_b": "double",
        "relation": "string",
    },
    "clusters": {"number": "long", "members": "array<long>", "representative": "long"},
}


def parquet_rest(data: dict[str, Any]) -> dict[str, Any]:
    """What ``result.json`` of a Parquet result holds: all but the tables' rows."""
    return {k: v for k, v in data.items() if k not in PARQUET_COLUMNS}

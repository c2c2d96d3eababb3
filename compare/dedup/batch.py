"""A whole dedup run on this machine, as one library call: what `compare-sources dedup` does.

`run` reads the inputs (files, directories, globs, ``-``), deduplicates
them with the local engine (`compare.dedup.local.deduplicate`), checks
them against a persistent index if one is given (reading the texts of
documents with candidates again, to verify them), builds the `DedupRun`, hands it to `write` (the outputs),
writes the deduplicated records, and only then adds the batch to the
index. An exception at any point leaves the index as it was, and outputs
are written atomically, so a failed run changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from ..load import Inputs, LoadProblem
from .index import DedupIndex, IndexParams
from .indexed import IndexedMatch
from .local import DedupResult, deduplicate
from .options import DedupOptions
from .output import write_deduplicated
from .result import ClusterRow, DedupRun, DocumentRow, IndexedRow, PairRow
from .rules import excerpt_inner, representatives

__all__ = ["DocumentInfo", "Progress", "open_index", "outcome", "run"]

#: Wraps the records of one pass (its name, and how many when known) to show progress.
Progress = Callable[[Iterable, str, int | None], Iterable]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the result needs of a document, kept from the first pass (not its text)."""

    path: str
    line: int | None
    encoding: str
    characters: int
    date: str


def open_index(path: str | Path, options: DedupOptions) -> DedupIndex:
    """The persistent index at `path` (created if missing), for these options'
    signatures and bands; one built with others is refused (`IndexMismatch`)."""
    bands, rows = options.bands()
    return DedupIndex(path, IndexParams(options.shingle_size, options.num_perm, options.seed, bands, rows))


def run(
    inputs: Sequence[str],
    options: DedupOptions | None = None,
    keep: str = "first",
    *,
    id_field: str = "id",
    text_field: str = "text",
    index: str | Path | None = None,
    check_only: bool = False,
    deduplicated: str | Path | None = None,
    write: Callable[[DedupRun], None] | None = None,
    progress: Progress | None = None,
) -> DedupRun:
    """Deduplicate the records of `inputs` and return what was found.

    `index`: a persistent index to check against and then add to
    (`check_only`: add nothing). `write` is called with the result before
    anything is added to the index (write the outputs there, e.g. with
    `compare.dedup.output.write_output`); `deduplicated`: a JSONL file for
    the input records of the kept documents. Input problems are in
    ``result.problems``; unreadable inputs do not stop the run.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = "the council approved the new budget after a long debate on tuesday"
    >>> lines = [json.dumps({"id": i, "text": text}) for i in ("a", "b")]
    >>> _ = (folder / "batch.jsonl").write_text("\\n".join(lines) + "\\n")
    >>> result = run([str(folder / "batch.jsonl")])
    >>> [(d.id, d.duplicate_of) for d in result.documents]
    [('a', None), ('b', 'a')]
    """
    options = options or DedupOptions()
    if index is not None and not options.samples:  # the index keeps samples, for later excerpt checks
        options = replace(options, samples=True)
    start = time.perf_counter()
    with Inputs(list(inputs), id_field, text_field) as source, ExitStack() as stack:
        info: list[DocumentInfo] = []
        passes = iter(["reading and signing", "verifying candidates"])

        def records() -> Iterable[tuple[str, str]]:
            first = not info
            items: Iterable = source.records()
            if progress is not None:
                items = progress(items, next(passes, "reading"), None if first else len(info))
            for r in items:
                if first:
                    info.append(
                        DocumentInfo(r.path, r.line, r.encoding, len(r.text), str(r.fields.get("date") or ""))
                    )
                yield r.id, r.text

        # Opened first, so that an index built with other parameters stops the run at once.
        opened = stack.enter_context(open_index(index, options)) if index is not None else None
        found = deduplicate(records, options)
        seconds = dict(found.seconds)
        indexed: list[IndexedMatch] = []
        if opened is not None:
            if not check_only:  # hold the index from the query to the adding
                stack.enter_context(opened.writing())
            started = time.perf_counter()
            indexed = opened.query(found.signed, options, lambda: (r.text for r in source.records()))
            seconds["index query"] = time.perf_counter() - started
        result = outcome(found, info, keep, source.problems, indexed, seconds)
        result.elapsed = time.perf_counter() - start
        started = time.perf_counter()
        if deduplicated is not None:
            write_deduplicated(deduplicated, source.records(), result)
        if write is not None:
            write(result)
        result.seconds["write"] = time.perf_counter() - started
        if opened is not None and not check_only:  # only once the outputs are written
            started = time.perf_counter()
            paths, lines = [d.path for d in info], [d.line for d in info]
            texts = (r.text for r in source.records())  # kept, to verify later matches exactly
            result.index_changes = opened.add(found.signed, paths, lines, texts)
            result.seconds["index add"] = time.perf_counter() - started
        return result


def outcome(
    found: DedupResult,
    info: Sequence[DocumentInfo],
    keep: str,
    problems: Sequence[LoadProblem],
    indexed: Sequence[IndexedMatch] = (),
    seconds: dict[str, float] | None = None,
) -> DedupRun:
    """The `DedupRun` of the local engine's result.

    `indexed` are matches with documents of a persistent index (seen in an
    earlier run): a cluster with a document that is a near-duplicate of an
    indexed one keeps none of its documents; a document inside an indexed
    one is not kept either. (A batch document that contains an indexed
    one is new text.)
    """
    clusters = found.clusters
    reps = representatives(found.pairs, clusters, [d.characters for d in info], [d.date for d in info], keep)
    cluster_of = {i: k for k, members in enumerate(clusters, start=1) for i in members}
    best: dict[int, float] = {}
    for p in found.pairs:
        for i in (p.a, p.b):
            best[i] = max(best.get(i, 0.0), p.jaccard)
    seen_before: dict[int, IndexedMatch] = {}  # batch document or its representative -> best match
    for m in sorted(indexed, key=lambda m: (-m.jaccard, m.a)):
        best[m.a] = max(best.get(m.a, 0.0), m.jaccard)
        if m.relation == "excerpt":
            if excerpt_inner(m.containment_a_in_b, m.containment_b_in_a):
                seen_before.setdefault(m.a, m)
            continue
        seen_before.setdefault(m.a, m)
        seen_before.setdefault(reps.get(m.a, m.a), m)
    ids = found.ids
    documents = []
    for i, doc_id in enumerate(ids):
        rep = reps.get(i, i)
        earlier = seen_before.get(rep)
        duplicate_of = ids[rep] if rep != i else earlier.indexed_id if earlier else None
        documents.append(
            DocumentRow(
                i,
                doc_id,
                info[i].path,
                info[i].line,
                info[i].encoding,
                cluster_of.get(i),
                duplicate_of is None,
                duplicate_of,
                best.get(i),
            )
        )
    pairs = [
        PairRow(
            p.a,
            p.b,
            ids[p.a],
            ids[p.b],
            p.jaccard,
            p.containment_a_in_b,
            p.containment_b_in_a,
            p.coverage_a,
            p.coverage_b,
            p.relation,
        )
        for p in found.pairs
    ]
    rows = [ClusterRow(k, members, reps[members[0]]) for k, members in enumerate(clusters, start=1)]
    matches = [
        IndexedRow(
            m.a,
            ids[m.a],
            m.indexed_id,
            m.jaccard,
            m.containment_a_in_b,
            m.containment_b_in_a,
            m.relation,
            m.coverage_a,
            m.coverage_b,
            m.verified,
        )
        for m in indexed
    ]
    return DedupRun(
        found.options,
        keep,
        documents,
        pairs,
        rows,
        list(problems),
        found.candidates,
        matches,
        dict(seconds or {}),
    )

"""The analysis, top to bottom: load -> prepare -> candidates -> align -> score -> result.

`analyze` only calls the stages, in order, and times each; the stages are
plain functions over plain data in their own modules, so any of them can
be run, tested or replaced on its own:

1. prepare (`compare.analysis.prepare`): boilerplate, normalization,
   words, sentences, shingles, signatures of each document;
2. candidates (`compare.analysis.candidates`): LSH, shared shingles,
   TF-IDF neighbours;
3. topical sentences (`compare.analysis.topical`): similar sentences of
   the candidate pairs, with collection-wide IDF;
4. pairs: each candidate aligned (`compare.analysis.reuse`) and scored
   (`compare.analysis.score`), in worker processes;
   evidence: copied or independently reported, each pair against the
   collection's same-topic pairs (`compare.analysis.evidence`);
5. repetitions inside each document, clusters, and each document's
   reused share: the `AnalysisResult`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from .._version import __version__
from ..load import Document, LoadProblem, load_paths
from ..sketch.lsh import detection_probability
from ..util.components import component_labels
from ..util.parallel import map_in_order, shared, shared_value
from ..util.progress import Progress, counted, step
from .candidates import Candidates, find_candidates
from .evidence import pair_evidence
from .furniture import without_furniture
from .options import Options
from .passages import passages
from .prepare import PreparedDocument, prepare_corpus
from .result import AnalysisResult, Cluster, DocumentResult, PairResult
from .reuse import repetitions, reuse_alignments
from .score import score_pair
from .tfidf import WordWeights
from .topical import sentence_rows, similar_sentences, topical_matches

__all__ = ["analyze", "analyze_paths", "compare_pair", "document_result", "options_record", "reuse_spans"]

_PAIR_BATCH = 256  # candidate pairs per task of a worker process


def compare_pair(
    a: PreparedDocument, b: PreparedDocument, options: Options | None = None
) -> PairResult | None:
    """The per-pair function on its own: align and score two prepared documents.

    Topical matches need collection-wide TF-IDF statistics, so they are left
    to `analyze`; everything else is the same.
    """
    options = options or Options()
    return score_pair(a, b, reuse_alignments(a, b, options), [], options)


@dataclass(frozen=True)
class _PairWork:
    """What aligning and scoring a candidate pair needs from the whole collection."""

    prepared: Sequence[PreparedDocument]
    options: Options
    sentence_rows: Sequence[Sequence[tuple[int, int]]]
    similar: dict[tuple[int, int], list[tuple[int, int, float]]]
    candidates: Candidates
    weights: WordWeights


def _compare_batch(batch: Sequence[tuple[int, int]]) -> list[PairResult]:
    """Align and score candidate pairs (the per-pair work, run in a worker)."""
    work: _PairWork = shared_value("pair_work")
    options, rows, found = work.options, work.sentence_rows, work.candidates
    out = []
    for i, j in batch:
        a, b = work.prepared[i], work.prepared[j]
        alignments = reuse_alignments(a, b, options, work.weights)
        similar = work.similar.get((i, j), [])
        topical = topical_matches(a, b, rows[i], rows[j], similar, alignments, options)
        pair = score_pair(
            a, b, alignments, topical, options, (i, j), found.cosine[(i, j)], (i, j) in found.lsh
        )
        if pair is not None:
            out.append(pair)
    return out


def _compare_pairs(
    prepared: Sequence[PreparedDocument],
    found: Candidates,
    options: Options,
    weights: WordWeights,
    jobs: int,
    progress: Progress | None = None,
) -> list[PairResult]:
    """Every candidate pair aligned and scored, in `jobs` processes, in candidate order."""
    rows = sentence_rows(prepared, options)
    similar = similar_sentences(found.pairs, rows, prepared, options)
    work = _PairWork(prepared, options, rows, similar, found, weights)
    batches = [found.pairs[s : s + _PAIR_BATCH] for s in range(0, len(found.pairs), _PAIR_BATCH)]
    with shared(pair_work=work):
        done = map_in_order(_compare_batch, batches, jobs)
        return [p for pairs in counted(done, [len(b) for b in batches], "pairs", progress) for p in pairs]


class _Stopwatch:
    """Seconds per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self._start
        self._start = now


def analyze(
    documents: Sequence[Document],
    options: Options | None = None,
    problems: Sequence[LoadProblem] = (),
    jobs: int = 1,
    progress: Progress | None = None,
) -> AnalysisResult:
    """Find the related pairs of `documents` and the repetition inside each.

    Pairs are proposed by MinHash LSH, shared shingles and TF-IDF nearest
    neighbours; every proposed pair is aligned and scored exactly, in
    `jobs` processes (the result does not depend on `jobs`). The seconds
    of each stage are in ``result.seconds``; `progress`, if given, is told
    of each stage as it goes (`compare.util.progress`).

    Examples
    --------
    >>> from compare.load import Document
    >>> text = "The council approved the new budget after a long debate on Tuesday night."
    >>> docs = [Document("a", text, "A"), Document("b", "Breaking: " + text, "B")]
    >>> result = analyze(docs)
    >>> [(p.relation, p.matches[0].kind) for p in result.pairs]
    [('near-duplicate', 'verbatim')]
    >>> list(result.seconds)
    ['prepare', 'furniture', 'candidates', 'pairs', 'evidence', 'repetitions', 'result']
    """
    options = options or Options()
    clock = _Stopwatch()
    # The matrix products here are small: BLAS threads only spin and, in
    # forked workers, fight over the cores.
    with threadpool_limits(limits=1, user_api="blas"):
        prepared = prepare_corpus(documents, options, jobs, progress)
        clock.lap("prepare")
        if options.furniture is not None:
            prepared = without_furniture(prepared, options.furniture, options.minhasher(), jobs)
        clock.lap("furniture")
        step("furniture", progress)
        weights = WordWeights.of([p.ids for p in prepared])
        found = find_candidates(prepared, options, weights)
        clock.lap("candidates")
        step("candidates", progress)
        pairs = _compare_pairs(prepared, found, options, weights, jobs, progress)
        clock.lap("pairs")
        for pair, evidence in zip(pairs, pair_evidence(prepared, pairs, options), strict=True):
            pair.evidence = evidence
        clock.lap("evidence")
        step("evidence", progress)
        repeated = repetitions(prepared, options)
        clock.lap("repetitions")
        step("repetitions", progress)
        result = AnalysisResult(
            options=options_record(options, found.bands, found.rows),
            documents=_document_results(prepared, pairs),
            pairs=pairs,
            clusters=clusters_of(len(prepared), pairs),
            repetitions=repeated,
            problems=list(problems),
            tool_version=__version__,
            passages=passages([p.document.date for p in prepared], pairs),
        )
        clock.lap("result")
    result.seconds = clock.seconds
    return result


def options_record(options: Options, bands: int, rows: int) -> dict:
    """The options as the result records them, with the LSH banding used and what it detects."""
    record = asdict(options)
    record["lsh_bands"], record["lsh_rows"] = bands, rows
    record["lsh_detection_probability"] = {
        f"{s:.1f}": round(detection_probability(s, bands, rows), 4) for s in (0.2, 0.3, 0.5, 0.7, 0.9)
    }
    return record


def clusters_of(n: int, pairs: Iterable[PairResult]) -> list[Cluster]:
    labels = component_labels(n, ((p.a, p.b) for p in pairs if p.relation == "near-duplicate"))
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    members = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
    return [Cluster(number=k, members=g) for k, g in enumerate(members, start=1)]


def _document_results(
    prepared: Sequence[PreparedDocument], pairs: Sequence[PairResult]
) -> list[DocumentResult]:
    # Each document's reuse spans, by the source of the other document.
    reused: list[dict[str, list[tuple[int, int]]]] = [defaultdict(list) for _ in prepared]
    for pair in pairs:
        for doc, source, span in reuse_spans(
            pair, prepared[pair.a].document.source, prepared[pair.b].document.source
        ):
            reused[doc][source].append(span)
    return [document_result(i, p, reused[i]) for i, p in enumerate(prepared)]


def reuse_spans(pair: PairResult, source_a: str, source_b: str) -> list[tuple[int, str, tuple[int, int]]]:
    """(document, the other's source, span) of each side of the pair's reuse
    matches. Quotations (shared, or attributed on one side) are not reuse of each other."""
    out = []
    for m in pair.matches:
        if m.kind != "topical" and not m.quotation:
            out += [(pair.a, source_b, m.a), (pair.b, source_a, m.b)]
    return out


def document_result(
    index: int, p: PreparedDocument, reused: dict[str, list[tuple[int, int]]]
) -> DocumentResult:
    """A document's result, given its reuse spans by the other documents' sources:
    the share of its content words (by their start) inside them, in all and per source."""
    d = p.document
    starts = p.tokens.starts
    inside = np.zeros(len(starts), dtype=bool)
    found_in = {}
    for source in sorted(reused):
        here = np.zeros(len(starts), dtype=bool)
        for s, e in reused[source]:
            here |= (starts >= s) & (starts < e)
        found_in[source] = round(float(here.mean()) if len(starts) else 0.0, 6)
        inside |= here
    return DocumentResult(
        index=index,
        id=d.id,
        source=d.source,
        title=d.title,
        url=d.url,
        date=d.date,
        path=d.path,
        encoding=d.encoding,
        metadata=dict(sorted(d.metadata.items())),
        text=d.text,
        n_words=p.n_words,
        n_content_words=len(p.tokens),
        excluded=list(p.excluded),
        reused_share=round(float(inside.mean()) if len(starts) else 0.0, 6),
        found_in_sources=found_in,
    )


def analyze_paths(
    paths: Iterable[str | Path],
    options: Options | None = None,
    id_field: str = "id",
    text_field: str = "text",
    jobs: int = 1,
    progress: Progress | None = None,
) -> AnalysisResult:
    """Load files and directories, then `analyze` what could be read.

    Inputs that could not be read are listed in ``result.problems``; the
    seconds of loading are ``result.seconds["load"]``.
    """
    start = time.perf_counter()
    loaded = load_paths(paths, id_field=id_field, text_field=text_field)
    loading = time.perf_counter() - start
    step("load", progress)
    result = analyze(loaded.documents, options, loaded.problems, jobs, progress)
    result.seconds = {"load": loading, **result.seconds}
    return result

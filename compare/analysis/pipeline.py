"""The analysis, top to bottom: load -> prepare -> candidates -> align -> score -> result.

Each stage is a plain function over plain data; `analyze` only strings them
together, so any stage can be run, tested or replaced on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from .._version import __version__
from ..load import Document, LoadProblem, load_paths
from ..sketch.signatures import MinHasher
from ..text.boilerplate import find_boilerplate
from ..text.quotes import quoted_sides
from ..util.components import component_labels
from ..util.parallel import map_in_order, shared, shared_value
from .align import Alignment, AlignParams, Box, align_box, align_pair, align_self, overlap_in_both
from .candidates import detection_probability, lsh_candidates, shared_shingle_candidates
from .paraphrase import ParaphraseParams, SentenceAlignment, align_sentences
from .prepare import PreparedDocument, prepare_document
from .result import (
    AnalysisResult,
    Cluster,
    DocumentResult,
    Edit,
    Match,
    PairResult,
    Repetition,
)
from .scores import coverage, jaccard_containment, relation, union_length
from .tfidf import cosine_pairs, tfidf_matrix

__all__ = ["Options", "analyze", "analyze_paths", "compare_pair", "prepare_corpus", "score_pair"]


@dataclass(frozen=True)
class Options:
    """Every parameter of an analysis, with what each threshold means.

    Documents
        shingle_size: words per shingle for MinHash, Jaccard and containment.
        num_perm, seed: MinHash signature length and permutation seed.
        lsh_threshold: MinHash LSH proposes pairs whose estimated Jaccard is
            likely above this (candidates only; all reported scores are exact).
            It sits below `near_duplicate_jaccard` so that pairs AT that
            threshold are proposed with high probability (0.99 with the
            defaults; the result's options list the probabilities).
        near_duplicate_jaccard: exact shingle Jaccard at or above which two
            documents are near-duplicates.
        near_duplicate_coverage: share of BOTH texts inside verbatim/edited
            matches at or above which two documents are near-duplicates even
            if edits lowered their Jaccard.
        excerpt_coverage: share of ONE text inside matches at or above which
            the other contains an excerpt of it.
    Passages
        align: seed size, gap, minimum shared words and similarity of an
            word-aligned (verbatim or edited) passage; see `compare.analysis.align`.
        min_passage_chars: a reused passage (verbatim, edited or paraphrased)
            must span at least this many characters in BOTH documents (or
            half the shorter document, if that is less): about 25 English
            words, a long sentence. Shorter shared runs are mostly stock
            phrases, addresses, page furniture and quoted remarks; the value is
            the minimum passage length of Sanchez-Perez et al. (2014).
        topical_similarity: TF-IDF cosine at or above which two sentences
            that were not aligned as reuse make the same point (topical).
        topical_document_similarity: TF-IDF cosine of whole documents at or
            above which a pair is reported as sharing a topic...
        topical_neighbours: ...when it is among the this many most similar
            documents of either of its two documents (pairs sharing a passage
            are always reported), so a large corpus on one topic does not
            produce a pair for every two documents.
        min_sentence_words: shorter sentences are not compared for topic.
        max_topical_per_pair: keep the most similar topical sentence pairs.
        min_shared_shingles: pairs sharing this many shingles are aligned
            even when LSH did not propose them (excerpts).
        max_shingle_doc_frequency: a shingle in more documents (syndicated
            text, or a stock phrase) pairs only its first holder with the
            others, and such a pair needs `min_shared_frequent_shingles` of
            them (a copied passage has that many; two texts using the same
            idioms do not).
    """

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    lsh_threshold: float = 0.3
    near_duplicate_jaccard: float = 0.5
    near_duplicate_coverage: float = 0.8
    excerpt_coverage: float = 0.2
    align: AlignParams = field(default_factory=AlignParams)
    min_passage_chars: int = 150
    paraphrase: ParaphraseParams | None = field(default_factory=ParaphraseParams)
    topical_similarity: float = 0.5
    topical_document_similarity: float = 0.15
    topical_neighbours: int = 5
    min_sentence_words: int = 6
    max_topical_per_pair: int = 20
    min_shared_shingles: int = 2
    max_shingle_doc_frequency: int = 50
    min_shared_frequent_shingles: int = 20

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError(f"shingle_size must be >= 1, got {self.shingle_size}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be >= 2, got {self.num_perm}")
        if not 0 <= self.seed < 2**32:
            raise ValueError(f"seed must be in [0, 2**32), got {self.seed}")
        if self.min_passage_chars < 0:
            raise ValueError(f"min_passage_chars must be >= 0, got {self.min_passage_chars}")
        if self.min_sentence_words < 1 or self.max_topical_per_pair < 0 or self.topical_neighbours < 0:
            raise ValueError("min_sentence_words must be >= 1; max_topical_per_pair, topical_neighbours >= 0")
        for name in (
            "lsh_threshold",
            "near_duplicate_jaccard",
            "near_duplicate_coverage",
            "excerpt_coverage",
            "topical_similarity",
            "topical_document_similarity",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")
        if self.lsh_threshold <= 0.0:
            raise ValueError("lsh_threshold must be > 0")

    def minhasher(self) -> MinHasher:
        return MinHasher(num_perm=self.num_perm, seed=self.seed, shingle_size=self.shingle_size)


_PREPARE_BATCH = 64  # documents per task of a worker process


def _prepare_batch(batch: range) -> list[PreparedDocument]:
    documents, excluded, minhasher = shared_value("prepare")
    return [prepare_document(documents[i], excluded[i], minhasher) for i in batch]


def prepare_corpus(documents: Sequence[Document], options: Options, jobs: int = 1) -> list[PreparedDocument]:
    """Boilerplate detection (needs the whole corpus), then per-document
    preparation, in `jobs` processes."""
    excluded = find_boilerplate([d.text for d in documents], [d.source for d in documents])
    batches = [
        range(s, min(s + _PREPARE_BATCH, len(documents))) for s in range(0, len(documents), _PREPARE_BATCH)
    ]
    with shared(prepare=(documents, excluded, options.minhasher())):
        return [p for batch in map_in_order(_prepare_batch, batches, jobs) for p in batch]


def _edit_span(doc: PreparedDocument, start: int, end: int, first: int) -> tuple[int, int]:
    """Original span of words ``[start, end)``; an empty one is the insertion point:
    the match's start if it is at the match's first word, else after the word before."""
    if end > start:
        return doc.span(start, end)
    point = int(doc.tokens.starts[start]) if start == first else int(doc.tokens.ends[start - 1])
    return point, point


def _edits(a: PreparedDocument, b: PreparedDocument, al: Alignment) -> list[Edit]:
    """The word diff of an alignment in original offsets; its steps tile the match in both texts."""
    return [
        Edit(tag, _edit_span(a, a0, a1, al.a_start), _edit_span(b, b0, b1, al.b_start))
        for tag, a0, a1, b0, b1 in al.ops
    ]


def _kind(al: Alignment, options: Options) -> str:
    """verbatim: the same words; edited: aligned word by word; paraphrased:
    aligned sentence by sentence, sharing fewer words than an edit."""
    if al.verbatim:
        return "verbatim"
    return "edited" if al.similarity >= options.align.min_similarity else "paraphrased"


def _reuse_match(a: PreparedDocument, b: PreparedDocument, al: Alignment, options: Options) -> Match:
    span_a, span_b = a.span(al.a_start, al.a_end), b.span(al.b_start, al.b_end)
    return Match(
        number=0,
        kind=_kind(al, options),
        a=span_a,
        b=span_b,
        words_a=al.a_end - al.a_start,
        words_b=al.b_end - al.b_start,
        shared_words=al.shared,
        similarity=round(al.similarity, 6),
        edits=[] if al.verbatim else _edits(a, b, al),
        quoted=quoted_sides(a.document.text, span_a, b.document.text, span_b),
    )


def _topical_matches(
    a: PreparedDocument,
    b: PreparedDocument,
    a_rows: Sequence[tuple[int, int]],
    b_rows: Sequence[tuple[int, int]],
    similar: Sequence[tuple[int, int, float]],
    reuse: Sequence[Alignment],
    options: Options,
) -> list[Match]:
    """Similar sentence pairs ``(row in a, row in b, cosine)`` not aligned as reuse.

    Assigned one-to-one, most similar first, so that each sentence appears in
    at most one topical match of the pair.
    """
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for i, j, cos in sorted(similar, key=lambda p: (-p[2], p[0], p[1])):
        if i in used_a or j in used_b:
            continue
        (a0, a1), (b0, b1) = a_rows[i], b_rows[j]
        if any(overlap_in_both(Box(a0, a1, b0, b1), r) for r in reuse):
            continue
        used_a.add(i)
        used_b.add(j)
        shared = len(set(a.tokens.words[a0:a1]) & set(b.tokens.words[b0:b1]))
        out.append(
            Match(0, "topical", a.span(a0, a1), b.span(b0, b1), a1 - a0, b1 - b0, shared, round(cos, 6))
        )
        if len(out) >= options.max_topical_per_pair:
            break
    return out


def score_pair(
    a: PreparedDocument,
    b: PreparedDocument,
    alignments: Sequence[Alignment],
    topical: Sequence[Match],
    options: Options,
    indices: tuple[int, int] = (0, 1),
    tfidf_cosine: float = 0.0,
    lsh_candidate: bool = False,
) -> PairResult | None:
    """Exact scores, matches and relation of a pair; None if unrelated.

    `indices` are the two documents' positions in the corpus.
    """
    jac, cab, cba = jaccard_containment(a.shingles, b.shingles)
    cov_a = coverage(((x.a_start, x.a_end) for x in alignments), len(a.tokens))
    cov_b = coverage(((x.b_start, x.b_end) for x in alignments), len(b.tokens))
    on_topic = bool(topical) or tfidf_cosine >= options.topical_document_similarity
    rel = relation(
        jac,
        cov_a,
        cov_b,
        bool(alignments),
        on_topic,
        options.near_duplicate_jaccard,
        options.near_duplicate_coverage,
        options.excerpt_coverage,
    )
    if rel is None:
        return None
    matches = sorted(
        [_reuse_match(a, b, x, options) for x in alignments] + list(topical), key=lambda m: (m.a, m.b, m.kind)
    )
    for n, m in enumerate(matches, start=1):
        m.number = n
    return PairResult(
        a=indices[0],
        b=indices[1],
        same_source=a.document.source == b.document.source,
        jaccard=round(jac, 6),
        containment_a_in_b=round(cab, 6),
        containment_b_in_a=round(cba, 6),
        tfidf_cosine=round(tfidf_cosine, 6),
        coverage_a=round(cov_a, 6),
        coverage_b=round(cov_b, 6),
        relation=rel,
        lsh_candidate=lsh_candidate,
        matches=matches,
    )


def compare_pair(
    a: PreparedDocument, b: PreparedDocument, options: Options | None = None
) -> PairResult | None:
    """The per-pair function on its own: align and score two prepared documents.

    Topical matches need corpus-wide TF-IDF statistics, so they are left to
    `analyze`; everything else is the same.
    """
    options = options or Options()
    return score_pair(a, b, reuse_alignments(a, b, options), [], options)


def _nearest_on_topic(doc_vectors, options: Options) -> dict[tuple[int, int], float]:
    """Document pairs at or above `topical_document_similarity` that are among
    the `topical_neighbours` most similar documents of one of the two."""
    kept: dict[tuple[int, int], float] = {}
    nearest = cosine_pairs(
        doc_vectors, doc_vectors, options.topical_document_similarity, top_k=options.topical_neighbours + 1
    )
    for i, j, c in nearest:  # top k + 1: each document is its own nearest
        if i != j:
            kept[(min(i, j), max(i, j))] = c
    return kept


def _similar_sentences(
    pairs: Sequence[tuple[int, int]],
    sentence_rows: Sequence[Sequence[tuple[int, int]]],
    prepared: Sequence[PreparedDocument],
    options: Options,
    block: int = 4_000_000,
) -> dict[tuple[int, int], list[tuple[int, int, float]]]:
    """For each candidate document pair, its sentence pairs with TF-IDF cosine >= topical_similarity.

    IDF comes from all sentences of the corpus. Products are computed per
    candidate pair, so the cost grows with the number of candidate pairs:
    for each document, its sentences against those of all its partners at
    once (at most `block` sentence pairs per product).
    """
    first = np.concatenate([[0], np.cumsum([len(r) for r in sentence_rows])]).astype(int)
    vectors = tfidf_matrix(
        [p.tokens.words[s:e] for p, rows in zip(prepared, sentence_rows, strict=True) for s, e in rows]
    )
    partners: dict[int, list[int]] = {}
    for i, j in pairs:
        partners.setdefault(i, []).append(j)
    by_pair: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for i, js in sorted(partners.items()):
        x = vectors[first[i] : first[i + 1]]
        for batch in _batches(js, first, block // max(1, x.shape[0])):
            rows = np.concatenate([np.arange(first[j], first[j + 1]) for j in batch])
            product = (x @ vectors[rows].T).toarray()
            ends = np.cumsum([first[j + 1] - first[j] for j in batch])
            for j, part in zip(batch, np.split(product, ends[:-1], axis=1), strict=True):
                r, c = np.nonzero(part >= options.topical_similarity)
                if len(r):
                    by_pair[(i, j)] = list(zip(r.tolist(), c.tolist(), part[r, c].tolist(), strict=True))
    return by_pair


def _batches(docs: list[int], first: np.ndarray, limit: int) -> Iterable[list[int]]:
    """`docs` in consecutive batches of at most `limit` sentences (or one document)."""
    batch: list[int] = []
    size = 0
    for j in docs:
        rows = int(first[j + 1] - first[j])
        if batch and size + rows > limit:
            yield batch
            batch, size = [], 0
        batch.append(j)
        size += rows
    if batch:
        yield batch


def merge_boxes(boxes: Iterable[Box]) -> list[Box]:
    """Merge passages that overlap in both documents, transitively, into their joint extent."""
    merged: list[Box] = []
    for box in sorted(boxes):
        overlapping = [m for m in merged if overlap_in_both(box, m)]
        while overlapping:
            merged = [m for m in merged if m not in overlapping]
            parts = [box, *overlapping]
            box = Box(
                min(p.a_start for p in parts),
                max(p.a_end for p in parts),
                min(p.b_start for p in parts),
                max(p.b_end for p in parts),
            )
            overlapping = [m for m in merged if overlap_in_both(box, m)]
        merged.append(box)
    return sorted(merged)


def _explained_by_exact(s: SentenceAlignment, words: Sequence[Alignment], params: ParaphraseParams) -> bool:
    """Whether near-verbatim word alignments already explain a sentence-level
    passage: they cover `exact_share` of it in both documents, or a long one
    (`exact_words`) touches it. Its sentence boundaries would only blur theirs."""
    exact = [x for x in words if x.similarity >= params.exact_similarity]
    if any(x.shared >= params.exact_words and overlap_in_both(s, x) for x in exact):
        return True
    a_ranges = [(max(s.a_start, x.a_start), min(s.a_end, x.a_end)) for x in exact]
    b_ranges = [(max(s.b_start, x.b_start), min(s.b_end, x.b_end)) for x in exact]
    return union_length(a_ranges) >= params.exact_share * (s.a_end - s.a_start) and union_length(
        b_ranges
    ) >= params.exact_share * (s.b_end - s.b_start)


def _long_enough(a: PreparedDocument, b: PreparedDocument, al: Alignment, min_chars: int) -> bool:
    """Whether a passage spans `min_chars` in both documents, or half of the
    shorter document where that is less (a short text copied whole counts)."""
    needed = min(min_chars, min(len(a.document.text), len(b.document.text)) // 2)
    a0, a1 = a.span(al.a_start, al.a_end)
    b0, b1 = b.span(al.b_start, al.b_end)
    return a1 - a0 >= needed and b1 - b0 >= needed


def reuse_alignments(a: PreparedDocument, b: PreparedDocument, options: Options) -> list[Alignment]:
    """Every reused passage of `a` in `b`, aligned word by word or sentence by
    sentence; passages overlapping in both documents are merged into one,
    whose word diff spans the merged extent. Passages shorter than
    `options.min_passage_chars` on either side are left out."""
    words = align_pair(a.ids, b.ids, options.align)
    sentences = []
    if options.paraphrase is not None:
        sentences = [
            s
            for s in align_sentences(a, b, options.paraphrase)
            if not _explained_by_exact(s, words, options.paraphrase)
        ]
    if sentences:
        known = {x.box: x for x in words}
        boxes = merge_boxes([*known, *(s.box for s in sentences)])
        words = [known.get(box) or align_box(a.ids, b.ids, box, options.align) for box in boxes]
    return [x for x in words if _long_enough(a, b, x, options.min_passage_chars)]


def _clusters(n: int, pairs: Iterable[PairResult]) -> list[Cluster]:
    labels = component_labels(n, ((p.a, p.b) for p in pairs if p.relation == "near-duplicate"))
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    members = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
    return [Cluster(number=k, members=g) for k, g in enumerate(members, start=1)]


_PAIR_BATCH = 256  # candidate pairs per task of a worker process


@dataclass(frozen=True)
class _PairWork:
    """What aligning and scoring a candidate pair needs from the whole corpus."""

    prepared: Sequence[PreparedDocument]
    options: Options
    sentence_rows: Sequence[Sequence[tuple[int, int]]]
    similar: dict[tuple[int, int], list[tuple[int, int, float]]]
    aligned: set[tuple[int, int]]
    lsh_pairs: set[tuple[int, int]]
    cosine: dict[tuple[int, int], float]


def _compare_batch(batch: Sequence[tuple[int, int]]) -> list[PairResult]:
    """Align and score candidate pairs (the per-pair work, run in a worker)."""
    work: _PairWork = shared_value("pair_work")
    options, rows = work.options, work.sentence_rows
    out = []
    for i, j in batch:
        a, b = work.prepared[i], work.prepared[j]
        alignments = reuse_alignments(a, b, options) if (i, j) in work.aligned else []
        similar = work.similar.get((i, j), [])
        topical = _topical_matches(a, b, rows[i], rows[j], similar, alignments, options)
        pair = score_pair(
            a, b, alignments, topical, options, (i, j), work.cosine[(i, j)], (i, j) in work.lsh_pairs
        )
        if pair is not None:
            out.append(pair)
    return out


def _row_cosines(vectors, pairs: Sequence[tuple[int, int]]) -> list[float]:
    """Cosine of each pair of (L2-normalized) rows, all at once."""
    if not pairs:
        return []
    index = np.asarray(pairs)
    products = vectors[index[:, 0]].multiply(vectors[index[:, 1]]).sum(axis=1)
    return np.asarray(products, dtype=float).ravel().tolist()


def analyze(
    documents: Sequence[Document],
    options: Options | None = None,
    problems: Sequence[LoadProblem] = (),
    jobs: int = 1,
) -> AnalysisResult:
    """Find the related pairs of `documents` and the repetition inside each.

    Pairs are proposed by MinHash LSH, shared shingles and TF-IDF nearest
    neighbours; every proposed pair is aligned and scored exactly, in
    `jobs` processes (the result does not depend on `jobs`).

    Examples
    --------
    >>> from compare.load import Document
    >>> text = "The council approved the new budget after a long debate on Tuesday night."
    >>> docs = [Document("a", text, "A"), Document("b", "Breaking: " + text, "B")]
    >>> result = analyze(docs)
    >>> [(p.relation, p.matches[0].kind) for p in result.pairs]
    [('near-duplicate', 'verbatim')]
    """
    options = options or Options()
    # The matrix products here are small: BLAS threads only spin and, in
    # forked workers, fight over the cores.
    with threadpool_limits(limits=1, user_api="blas"):
        return _analyze(documents, options, problems, jobs)


def _analyze(
    documents: Sequence[Document], options: Options, problems: Sequence[LoadProblem], jobs: int
) -> AnalysisResult:
    prepared = prepare_corpus(documents, options, jobs)
    n = len(prepared)

    # Candidates: LSH on signatures, shared shingles, and TF-IDF for topic.
    nonempty = [i for i, p in enumerate(prepared) if len(p.tokens)]
    lsh_pairs, (bands, rows) = lsh_candidates(
        [prepared[i].signature for i in nonempty], options.lsh_threshold, options.num_perm, options.seed
    )
    lsh_pairs = {(nonempty[x], nonempty[y]) for x, y in lsh_pairs}
    shingle_pairs = shared_shingle_candidates(
        [p.shingles for p in prepared],
        options.min_shared_shingles,
        options.max_shingle_doc_frequency,
        options.min_shared_frequent_shingles,
    )
    doc_vectors = tfidf_matrix([p.tokens.words for p in prepared])
    doc_cosine = _nearest_on_topic(doc_vectors, options)

    sentence_rows = [
        [(s, e) for s, e in p.sentence_ranges() if e - s >= options.min_sentence_words] for p in prepared
    ]
    candidates = sorted(lsh_pairs | set(shingle_pairs) | set(doc_cosine))
    work = _PairWork(
        prepared=prepared,
        options=options,
        sentence_rows=sentence_rows,
        similar=_similar_sentences(candidates, sentence_rows, prepared, options),
        aligned=lsh_pairs | set(shingle_pairs),
        lsh_pairs=lsh_pairs,
        cosine={**dict(zip(candidates, _row_cosines(doc_vectors, candidates), strict=True)), **doc_cosine},
    )
    batches = [candidates[s : s + _PAIR_BATCH] for s in range(0, len(candidates), _PAIR_BATCH)]
    with shared(pair_work=work):
        pairs = [p for found in map_in_order(_compare_batch, batches, jobs) for p in found]

    repetitions = []
    for i, p in enumerate(prepared):
        for al in align_self(p.ids, options.align):
            if not _long_enough(p, p, al, options.min_passage_chars):
                continue
            repetitions.append(
                Repetition(
                    document=i,
                    kind="verbatim" if al.verbatim else "edited",
                    first=p.span(al.a_start, al.a_end),
                    second=p.span(al.b_start, al.b_end),
                    shared_words=al.shared,
                    similarity=round(al.similarity, 6),
                )
            )

    doc_results = _document_results(prepared, pairs)
    opts = asdict(options)
    opts["lsh_bands"], opts["lsh_rows"] = bands, rows
    opts["lsh_detection_probability"] = {
        f"{s:.1f}": round(detection_probability(s, bands, rows), 4) for s in (0.2, 0.3, 0.5, 0.7, 0.9)
    }
    return AnalysisResult(
        options=opts,
        documents=doc_results,
        pairs=pairs,
        clusters=_clusters(n, pairs),
        repetitions=repetitions,
        problems=list(problems),
        tool_version=__version__,
    )


def _document_results(
    prepared: Sequence[PreparedDocument], pairs: Sequence[PairResult]
) -> list[DocumentResult]:
    # Each document's reuse spans, by the source of the other document. The
    # same words quoted by both are a shared quotation, not reuse of each other.
    reused: list[dict[str, list[tuple[int, int]]]] = [defaultdict(list) for _ in prepared]
    for p in pairs:
        for m in p.matches:
            if m.kind != "topical" and m.quoted != "both":
                reused[p.a][prepared[p.b].document.source].append(m.a)
                reused[p.b][prepared[p.a].document.source].append(m.b)
    out = []
    for i, p in enumerate(prepared):
        d = p.document
        # Share of content words whose start lies inside a reuse span.
        starts = p.tokens.starts
        inside = np.zeros(len(starts), dtype=bool)
        found_in = {}
        for source in sorted(reused[i]):
            here = np.zeros(len(starts), dtype=bool)
            for s, e in reused[i][source]:
                here |= (starts >= s) & (starts < e)
            found_in[source] = round(float(here.mean()) if len(starts) else 0.0, 6)
            inside |= here
        out.append(
            DocumentResult(
                index=i,
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
        )
    return out


def analyze_paths(
    paths: Iterable[str | Path],
    options: Options | None = None,
    id_field: str = "id",
    text_field: str = "text",
    jobs: int = 1,
) -> AnalysisResult:
    """Load files and directories, then `analyze` what could be read.

    Inputs that could not be read are listed in ``result.problems``.
    """
    loaded = load_paths(paths, id_field=id_field, text_field=text_field)
    return analyze(loaded.documents, options, loaded.problems, jobs)

"""Candidate document pairs: which pairs of a collection are worth aligning.

Candidates are UNVERIFIED: every pair reported later carries exact scores,
and every candidate is aligned. Three sources, because they answer
different questions:

* MinHash LSH over the documents' signatures (`compare.sketch.lsh`, the
  banding batch dedup uses) finds pairs whose shingle Jaccard is likely
  above `Options.lsh_threshold`;
* a shared-shingle index finds pairs that share at least
  `Options.min_shared_shingles` shingles, whatever their Jaccard: an
  excerpt of a long document embedded in another has a small Jaccard but
  shares many shingles. A pair sharing fewer than
  `Options.min_shared_frequent_shingles` is kept only among either
  document's `Options.shingle_neighbours` partners sharing the most, so
  that stock phrases do not pair every document with every other;
* TF-IDF nearest neighbours of whole documents (collection-wide IDF) find
  pairs that share few or no word 5-grams: reworded, translated and
  summarized reuse, and pairs on the same topic. Each document's
  `Options.topical_neighbours` most similar documents, at a cosine of at
  least `Options.retrieval_similarity`, are candidates (ranked without the
  words more than 20% of the documents hold, which would make the search
  quadratic; reported cosines use every word). They are ranked
  among near-duplicate clusters, not documents: each cluster (documents
  whose exact Jaccard reaches `Options.near_duplicate_jaccard`) takes one
  place, so twenty copies of a story cannot crowd its summary out of the
  list; the candidate is made with the cluster's first member, whose
  copies are its near-duplicates;
* passage neighbours (`compare.analysis.passage_retrieval`): each passage
  of `Options.passage_words` words and the `Options.passage_neighbours`
  documents most similar to it, at a cosine of at least
  `Options.passage_similarity`: a reworded passage inside a long document,
  or a summary of a whole text, which whole-document neighbours miss.

A bucket, or a shingle, held by more than `Options.max_shingle_doc_frequency`
documents (a text syndicated in many copies, a stock phrase) pairs only its
first holder with the others: linear, not quadratic, in the copies.

Pairs a study does not ask about (`compare.analysis.pair_filter`:
`Options.max_days_apart`, `Options.across_sources`) are dropped before any
is aligned, and a document's partners by shared shingles and its (and its
passages') TF-IDF neighbours are ranked among the pairs it keeps, so its k
nearest are k pairs that are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..sketch.lsh import band_candidates, optimal_bands
from ..sketch.shingles import jaccard_containment
from ..util.components import component_labels
from .options import Options
from .pair_filter import PairMask
from .passage_retrieval import passage_neighbours
from .prepare import PreparedDocument
from .tfidf import WordWeights, common_words, cosine_pairs, without_words

__all__ = [
    "Candidates",
    "copy_clusters",
    "find_candidates",
    "lsh_candidates",
    "neighbour_candidates",
    "shared_shingle_candidates",
    "strongest_per_document",
]


@dataclass(frozen=True)
class Candidates:
    """The candidate pairs ``(i, j)``, i < j, of a collection, and why each was proposed.

    `lsh`: proposed by LSH; `shingles`: by shared shingles; `neighbours`:
    by TF-IDF neighbours; `passages`: by passage neighbours; `cosine`: every candidate's document TF-IDF
    cosine; `bands`, `rows`: the LSH banding used.
    """

    pairs: list[tuple[int, int]]
    lsh: set[tuple[int, int]]
    shingles: set[tuple[int, int]]
    neighbours: set[tuple[int, int]]
    passages: set[tuple[int, int]]
    cosine: dict[tuple[int, int], float]
    bands: int
    rows: int


def find_candidates(
    prepared: Sequence[PreparedDocument], options: Options, weights: WordWeights | None = None
) -> Candidates:
    """Every candidate pair of the prepared collection (see the module's docstring).

    `weights`: the collection's word weights, when the caller has them already
    (`WordWeights.of` the documents' word hashes otherwise)."""
    bands, rows = optimal_bands(options.lsh_threshold, options.num_perm)
    nonempty = [i for i, p in enumerate(prepared) if len(p.tokens)]
    lsh = lsh_candidates(
        [prepared[i].signature for i in nonempty], bands, rows, options.max_shingle_doc_frequency
    )
    lsh_pairs = {(nonempty[x], nonempty[y]) for x, y in lsh}
    shared = shared_shingle_candidates(
        [p.shingles for p in prepared],
        options.min_shared_shingles,
        options.max_shingle_doc_frequency,
        options.min_shared_frequent_shingles,
    )
    mask = None  # the pair filter, when one is asked for: partners are ranked among the pairs it keeps
    if options.max_days_apart is not None or options.across_sources:
        dates, sources = [p.document.date for p in prepared], [p.document.source for p in prepared]
        mask = PairMask(dates, sources, options.max_days_apart, options.across_sources)
        shared = {pair: shared[pair] for pair in mask.kept(shared)}
    shingle_pairs = set(
        strongest_per_document(shared, options.min_shared_frequent_shingles, options.shingle_neighbours)
    )
    weights = weights or WordWeights.of([p.ids for p in prepared])
    doc_vectors = weights.vectors([p.ids for p in prepared])
    copies = copy_clusters(prepared, lsh_pairs, options.near_duplicate_jaccard)
    neighbours = neighbour_candidates(
        doc_vectors, copies, options.retrieval_similarity, options.topical_neighbours, mask
    )
    passages = passage_neighbours(
        prepared,
        weights,
        doc_vectors,
        copies,
        options.passage_words,
        options.passage_similarity,
        options.passage_neighbours,
        mask,
    )
    pairs = sorted(lsh_pairs | shingle_pairs | set(neighbours) | passages)
    if mask is not None:
        pairs = mask.kept(pairs)
        kept = set(pairs)
        lsh_pairs, shingle_pairs, passages = lsh_pairs & kept, shingle_pairs & kept, passages & kept
        neighbours = {pair: value for pair, value in neighbours.items() if pair in kept}
    cosine = {**dict(zip(pairs, _row_cosines(doc_vectors, pairs), strict=True)), **neighbours}
    return Candidates(pairs, lsh_pairs, shingle_pairs, set(neighbours), passages, cosine, bands, rows)


def copy_clusters(
    prepared: Sequence[PreparedDocument], lsh_pairs: Iterable[tuple[int, int]], jaccard: float
) -> list[int]:
    """Each document's near-duplicate cluster, labelled by its first member:
    connected through LSH pairs whose exact shingle Jaccard is at least `jaccard`."""
    close = [
        (i, j)
        for i, j in lsh_pairs
        if jaccard_containment(prepared[i].shingles, prepared[j].shingles)[0] >= jaccard
    ]
    return component_labels(len(prepared), close)


def neighbour_candidates(
    vectors: sp.csr_matrix,
    clusters: Sequence[int],
    min_cosine: float,
    k: int,
    allowed: PairMask | None = None,
) -> dict[tuple[int, int], float]:
    """Pairs ``(i, j) -> cosine`` of TF-IDF neighbours, ranked among clusters.

    For each cluster's representative, its `k` most similar other
    representatives at a cosine of at least `min_cosine` (among the pairs
    `allowed` keeps, if given). A pair is made with the representatives:
    the other members of a cluster are its near-duplicates and are reported
    as such, so at most `k` candidates per cluster, however large it is.
    """
    if k == 0 or vectors.shape[0] == 0:
        return {}
    representatives = sorted(set(clusters))
    rep_vectors = vectors[representatives]
    rep_vectors = without_words(rep_vectors, common_words(rep_vectors))
    keep = None
    if allowed is not None:
        reps = np.asarray(representatives)

        def keep(x: int, ys: np.ndarray) -> np.ndarray:
            return allowed(reps[x], reps[ys]) | (ys == x)  # itself stays: it is dropped below

    found: set[tuple[int, int]] = set()
    for x, y, _ in cosine_pairs(rep_vectors, rep_vectors, min_cosine, top_k=k + 1, allowed=keep):
        if x == y:  # each representative is its own nearest
            continue
        rx, ry = representatives[x], representatives[y]
        found.add((min(rx, ry), max(rx, ry)))
    ordered = sorted(found)
    return dict(zip(ordered, _row_cosines(vectors, ordered), strict=True))


def lsh_candidates(
    signatures: Sequence[np.ndarray], bands: int, rows: int, max_bucket: int | None = None
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, i < j, of the signatures proposed by banding (`compare.sketch.lsh`)."""
    if not signatures:
        return set()
    found = band_candidates(np.stack(signatures), bands, rows, max_bucket)
    return set(map(tuple, found.tolist()))


def shared_shingle_candidates(
    shingle_sets: Sequence[np.ndarray], min_shared: int, max_doc_frequency: int, min_shared_frequent: int = 20
) -> dict[tuple[int, int], int]:
    """Pairs sharing enough shingles to hold a passage, with the count shared.

    A shingle held by at most `max_doc_frequency` documents pairs all of
    them; a pair needs `min_shared` such shingles. A more frequent one (a
    widely syndicated text, or a stock phrase) pairs only its first holder
    with each other holder: linear instead of quadratic in the number of
    copies. Stock phrases are frequent too, and the first document holding
    many of them would be paired with every other, so a pair made by
    frequent shingles needs `min_shared_frequent` of them: a copied passage
    has that many, two texts that use the same idioms do not. An excerpt of
    a text copied a hundred times is still paired with (the first of) its
    copies.
    """
    if not shingle_sets:
        return {}
    values = np.concatenate(shingle_sets)
    owners = np.repeat(np.arange(len(shingle_sets)), [len(s) for s in shingle_sets])
    order = np.lexsort((owners, values))
    values, owners = values[order], owners[order]
    bounds = np.flatnonzero(np.diff(values)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(values)]])
    sizes = ends - starts
    n = len(shingle_sets)
    kept = _pair_counts(owners, starts, sizes, (sizes >= 2) & (sizes <= max_doc_frequency), n, min_shared)
    star = _star_counts(owners, starts, sizes, sizes > max_doc_frequency, n)
    for pair, c in star.items():
        if c >= min_shared_frequent or pair in kept:
            kept[pair] = kept.get(pair, 0) + c
    return dict(sorted(kept.items()))


def _counted(a: np.ndarray, b: np.ndarray, n: int) -> dict[tuple[int, int], int]:
    """How often each pair ``(a[k], b[k])`` occurs."""
    if not len(a):
        return {}
    keys, counts = np.unique(a.astype(np.int64) * n + b, return_counts=True)
    return _as_pairs(keys, counts, n)


def _as_pairs(keys: np.ndarray, counts: np.ndarray, n: int) -> dict[tuple[int, int], int]:
    first, second = np.divmod(keys, n)
    return dict(zip(zip(first.tolist(), second.tolist(), strict=True), counts.tolist(), strict=True))


def _merged(keys: list[np.ndarray], counts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Counts of equal keys added up, over several (sorted, unique keys; counts) parts."""
    k, c = np.concatenate(keys), np.concatenate(counts)
    order = np.argsort(k, kind="stable")
    k, c = k[order], c[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(k)) + 1]) if len(k) else np.zeros(0, dtype=np.int64)
    return k[starts], np.add.reduceat(c, starts) if len(k) else c


_PAIRS_AT_ONCE = 2_000_000  # holder pairs expanded and counted at a time


def _pair_counts(
    owners: np.ndarray, starts: np.ndarray, sizes: np.ndarray, chosen: np.ndarray, n: int, min_count: int
) -> dict[tuple[int, int], int]:
    """Every pair of holders of each chosen shingle (holders sorted), counted over
    the shingles, for the pairs counted at least `min_count` times. Built as
    arrays a bounded number of pairs at a time, each part reduced to its
    distinct pairs before the next, so memory holds the distinct pairs, not
    every pair of every shingle (a syndicated story's shingles pair its
    copies hundreds of times over)."""
    keys: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    held = 0
    for size in np.unique(sizes[chosen]).tolist():
        group_starts = starts[chosen & (sizes == size)]
        x, y = np.triu_indices(size, k=1)
        step = max(1, _PAIRS_AT_ONCE // len(x))
        for s in range(0, len(group_starts), step):
            holders = owners[group_starts[s : s + step, None] + np.arange(size)]  # one row per shingle
            part = holders[:, x].ravel().astype(np.int64) * n + holders[:, y].ravel()
            k, c = np.unique(part, return_counts=True)
            keys.append(k)
            counts.append(c)
            held += len(k)
            if held > 2 * _PAIRS_AT_ONCE and len(keys) > 1:
                merged_keys, merged_counts = _merged(keys, counts)
                keys, counts, held = [merged_keys], [merged_counts], len(merged_keys)
    if not keys:
        return {}
    k, c = _merged(keys, counts)
    keep = c >= min_count
    return _as_pairs(k[keep], c[keep], n)


def _star_counts(
    owners: np.ndarray, starts: np.ndarray, sizes: np.ndarray, chosen: np.ndarray, n: int
) -> dict[tuple[int, int], int]:
    """The first holder of each chosen shingle paired with each other holder, counted."""
    if not chosen.any():
        return {}
    firsts = np.repeat(owners[starts[chosen]], sizes[chosen] - 1)
    others = np.concatenate(
        [
            owners[s + 1 : s + size]
            for s, size in zip(starts[chosen].tolist(), sizes[chosen].tolist(), strict=True)
        ]
    )
    return _counted(firsts, others, n)


def strongest_per_document(shared: dict[tuple[int, int], int], strong: int, k: int) -> list[tuple[int, int]]:
    """The pairs sharing at least `strong` shingles, and of the others those
    among either document's `k` partners sharing the most (ties: the lower
    index first), sorted.

    A few shared word 5-grams point to reworded reuse, but unrelated texts
    share a few too (stock phrases), more the larger the collection: ranked
    per document, such pairs grow linearly with it, not quadratically.
    """
    kept = sorted(pair for pair, n in shared.items() if n >= strong)
    weak = [(pair, n) for pair, n in shared.items() if n < strong]
    if not weak or k == 0:
        return kept
    pairs = np.array([pair for pair, _ in weak], dtype=np.int64)
    counts = np.array([n for _, n in weak], dtype=np.int64)
    doc = np.concatenate([pairs[:, 0], pairs[:, 1]])
    other = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.lexsort((other, -np.tile(counts, 2), doc))
    doc_sorted = doc[order]
    first = np.searchsorted(doc_sorted, doc_sorted, side="left")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - first
    top = rank < k
    chosen = top[: len(weak)] | top[len(weak) :]
    return sorted(kept + [tuple(p) for p in pairs[chosen].tolist()])


_COSINE_BATCH = 5_000  # pairs per batch: two sparse row selections of that many rows at a time


def _row_cosines(vectors: sp.csr_matrix, pairs: Sequence[tuple[int, int]]) -> list[float]:
    """Cosine of each pair of (L2-normalized) rows, in batches (bounded memory)."""
    out: list[float] = []
    for start in range(0, len(pairs), _COSINE_BATCH):
        index = np.asarray(pairs[start : start + _COSINE_BATCH])
        products = vectors[index[:, 0]].multiply(vectors[index[:, 1]]).sum(axis=1)
        out += np.asarray(products, dtype=float).ravel().tolist()
    return out

"""Topical matches: sentences of two documents that make the same point in other words.

A pair that shares no reused passage may still tell the same story. Its
sentences are compared by TF-IDF cosine (`compare.analysis.tfidf`), with
IDF from all the sentences of the collection, so that words common to the
whole collection weigh little; sentence pairs at or above
`Options.topical_similarity` that no reused passage explains become
``topical`` matches, each sentence in at most one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .align import Alignment, Box, overlap_in_both
from .options import Options
from .prepare import PreparedDocument
from .result import Match
from .tfidf import tfidf_matrix

__all__ = ["sentence_rows", "similar_sentences", "topical_matches"]


def sentence_rows(prepared: Sequence[PreparedDocument], options: Options) -> list[list[tuple[int, int]]]:
    """Each document's sentences long enough to compare for topic, as word ranges."""
    return [[(s, e) for s, e in p.sentence_ranges() if e - s >= options.min_sentence_words] for p in prepared]


def topical_matches(
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


def similar_sentences(
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

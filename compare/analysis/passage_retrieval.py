"""Passage neighbours: candidate pairs found from a passage of one document.

Whole-document TF-IDF neighbours (`compare.analysis.candidates`) miss a
reworded passage of a few sentences inside a long document: the passage
is a small part of its document's vector, and the long document's nearest
neighbours are the texts on its main subject. A summary of a whole source
inside a longer text is missed the same way. So every document is cut
into passages (`passage_windows`), each passage is compared with every
document as a whole, and each passage's `k` most similar documents are
candidates: the reworded passage finds the document it came from, and a
summary finds the text it condenses.

Vectors are TF-IDF with the collection's IDF (`WordWeights`). As with
document neighbours, words held by more than 20% of the documents are left
out of the ranking (they weigh little, and they would link every passage
with every document). Documents are ranked among near-duplicate clusters,
so twenty copies of a story take one place among a passage's neighbours.
At most `k` candidates per passage: the candidates grow linearly with the
collection.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .pair_filter import PairMask
from .prepare import PreparedDocument
from .tfidf import WordWeights, common_words, cosine_pairs, without_words

__all__ = ["passage_neighbours", "passage_windows"]


def passage_windows(sentences: Sequence[tuple[int, int]], words: int) -> list[tuple[int, int]]:
    """Token ranges of runs of whole sentences holding at least `words` words
    (the last run of a document may hold fewer), each starting about halfway
    into the previous one, so that a passage of up to ``words / 2`` words
    lies whole in one of them.

    >>> passage_windows([(0, 10), (10, 20), (20, 30), (30, 40)], 20)
    [(0, 20), (10, 30), (20, 40)]
    >>> passage_windows([(0, 5)], 20)
    [(0, 5)]
    """
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        j = i
        while j < len(sentences) and sentences[j][1] - sentences[i][0] < words:
            j += 1
        j = min(j, len(sentences) - 1)
        start, end = sentences[i][0], sentences[j][1]
        windows.append((start, end))
        if j == len(sentences) - 1:
            break
        middle = (start + end) / 2
        i = max(i + 1, next(k for k in range(i, j + 1) if sentences[k][0] >= middle or k == j))
    return windows


def passage_neighbours(
    prepared: Sequence[PreparedDocument],
    weights: WordWeights,
    documents: sp.csr_matrix,
    clusters: Sequence[int],
    words: int,
    min_cosine: float,
    k: int,
    allowed: PairMask | None = None,
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, i < j: the other document is among the `k`
    documents most similar to a passage of the first (`passage_windows` of
    `words` words), at a TF-IDF cosine of at least `min_cosine`. Documents
    are ranked by near-duplicate cluster (`clusters`: each document's
    cluster label, its first member), the first member standing for it.
    `documents` are the documents' rows in the same space as the passages'
    (``weights.vectors``). With `allowed`, only documents it pairs with
    the passage's own are ranked."""
    if k == 0 or not prepared:
        return set()
    windows = [passage_windows(p.sentence_ranges(), words) for p in prepared]
    owners = np.repeat(np.arange(len(prepared)), [len(w) for w in windows])
    passages = weights.vectors([p.ids[s:e] for p, w in zip(prepared, windows, strict=True) for s, e in w])
    common = common_words(documents)
    representatives = sorted(set(clusters))
    cluster = np.asarray(clusters)
    ranked: dict[int, list[tuple[float, int]]] = {}
    keep = None
    if allowed is not None:
        reps = np.asarray(representatives)

        def keep(x: int, ys: np.ndarray) -> np.ndarray:
            return allowed(int(owners[x]), reps[ys])

    # k + 1 each: the passage's own cluster is (almost always) among its most similar
    for x, y, cosine in cosine_pairs(
        without_words(passages, common),
        without_words(documents[representatives], common),
        min_cosine,
        top_k=k + 1,
        allowed=keep,
    ):
        other = representatives[y]
        if cluster[other] != cluster[owners[x]]:
            ranked.setdefault(x, []).append((-cosine, other))
    found: set[tuple[int, int]] = set()
    for x, near in ranked.items():
        owner = int(owners[x])
        for _, other in sorted(near)[:k]:
            found.add((min(owner, other), max(owner, other)))
    return found

"""Reworded passages: alignment sentence by sentence.

Word-level alignment (`compare.analysis.align`) needs runs of shared words; a passage
whose words were shuffled, replaced by synonyms, machine-translated back and
forth or summarised keeps few of them. It keeps its sentences, though: each
reworded sentence still shares much of its vocabulary with its original, and
the sentences stay roughly in order. This module follows the seed, extend,
filter scheme of Sanchez-Perez, Sidorov & Gelbukh (PAN 2014), with no
language-specific parts:

1. **Units**: the sentences of each document (shorter ones merged with the
   next). Stop words are the words found in more than `stop_share` of all
   sentences of the two documents: a data-driven list that works in any
   language.
2. **Seeds**: sentence pairs whose TF-ISF cosine (TF-IDF with sentences of
   the pair as the collection) is at least `min_cosine` AND whose Dice
   coefficient of content-word sets, 2|A ∩ B| / (|A| + |B|), is at least
   `min_dice`, AND whose cosine is at least `best_ratio` of the best
   cosine either sentence reaches (a sentence's true counterpart dominates
   its neighbours; without this, passages grow past their ends).
   Weaker pairs (cosine and Dice at least `weak_cosine` and `weak_dice`)
   are seeds too, but only in a chain of adjacent sentences leading to a
   strong seed (hysteresis, as in Canny's edge detector): a reworded
   sentence that kept few words extends a passage, it never starts one.
3. **Extension**: seeds within `max_gap` sentences of each other in both
   documents are grouped (alternately along each document, to a fixpoint),
   and a group holding two copies of a passage in one document is split
   (its longest chain increasing in both documents is one copy).
   A group is kept when the cosine of its two passages, taken as wholes, is
   at least `min_passage_cosine` (`single_seed_cosine` for a group of one
   seed: one pair of sentences can share a subject's words by chance, a
   run of them rarely does); otherwise it is regrouped with a smaller gap. A summary condenses
   many sentences into few, so a second grouping allows `summary_gap`
   sentences between seeds in one document, and keeps what it finds only
   where the other document's passage is at most `summary_ratio` as long;
   it is done both ways, so either document may be the summary and the
   result does not depend on which one comes first (`summary_sides`
   ``"first"``: only the first document may be the summary, for a task
   that says which text was derived, as PAN's suspicious documents are).
4. **Filtering**: a passage gives way to word alignments of similarity
   >= `exact_similarity` (near-verbatim, with exact boundaries) that cover
   at least `exact_share` of it in both documents, or that share at least
   `exact_words` words and touch it: sentence boundaries would only blur
   theirs (applied by `compare.analysis.reuse.reuse_alignments`). Of passages
   overlapping in both documents the one with
   more seed sentence pairs (then the more similar) is kept; passages
   shorter than `min_chars` on either side are dropped.

5. **Evidence** (in a collection, `evidenced`): the sentence statistics of
   steps 1-3 come from the two documents alone, so words that every text
   on a subject uses look like shared wording. A passage is kept only
   when its two sides share enough of their words weighted by the whole
   collection's IDF (`compare.analysis.tfidf.WordWeights`): a weighted
   Dice of their word sets of at least `min_weighted_dice`, or at least
   `min_containment` of the shorter side's weight found in the longer
   (a reworded passage that grew or shrank keeps most of its rare words;
   texts on one subject share their common ones). The containment leaves
   out the words of near-verbatim word alignments (similarity >=
   `exact_similarity`), and when one side is more than `max_length_ratio`
   times longer (a summary's shape) only the containment counts: two
   pasted sentences and the six paragraphs between them are not a
   reworded passage; the sentences are the reuse, and what lies between
   them must show evidence of its own.

Results are word ranges on sentence boundaries, like `compare.analysis.align`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .align import Box, cluster_points, longest_chain, overlap_in_both
from .prepare import PreparedDocument
from .tfidf import WordWeights

__all__ = ["ParaphraseParams", "SentenceAlignment", "align_sentences", "evidenced", "lopsided"]

_DENSE_LIMIT = 4_000_000  # sentences x vocabulary of a pair below which vectors go dense


@dataclass(frozen=True)
class ParaphraseParams:
    """Parameters of sentence-level alignment (see the module docstring)."""

    min_sentence_words: int = 3
    stop_share: float = 0.25
    min_cosine: float = 0.33
    min_dice: float = 0.33
    weak_cosine: float = 0.2
    weak_dice: float = 0.2
    max_gap: int = 4
    min_passage_cosine: float = 0.34
    min_chars: int = 150
    best_ratio: float = 0.8
    single_seed_cosine: float = 0.45
    summary_gap: int = 24
    summary_ratio: float = 0.5
    exact_similarity: float = 0.9
    exact_share: float = 0.5
    exact_words: int = 40
    summary_sides: str = "both"
    min_weighted_dice: float = 0.33
    max_length_ratio: float = 3.0
    min_containment: float = 0.5

    def __post_init__(self) -> None:
        if self.summary_sides not in ("both", "first"):
            raise ValueError(f"summary_sides must be 'both' or 'first', got {self.summary_sides!r}")


@dataclass(frozen=True)
class SentenceAlignment:
    """Word ranges ``[a_start, a_end)`` and ``[b_start, b_end)`` of a reworded
    passage, its cosine as a whole, and the number of seed sentence pairs."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    cosine: float
    seeds: int

    @property
    def box(self) -> Box:
        return Box(self.a_start, self.a_end, self.b_start, self.b_end)


def _units(doc: PreparedDocument, min_words: int) -> list[tuple[int, int]]:
    """Sentence word ranges, a sentence shorter than `min_words` merged into the next."""
    units: list[tuple[int, int]] = []
    pending = None
    for s, e in doc.sentence_ranges():
        start = s if pending is None else pending
        if e - start < min_words:
            pending = start
            continue
        units.append((start, e))
        pending = None
    if pending is not None:
        if units:
            units[-1] = (units[-1][0], len(doc.tokens))
        elif len(doc.tokens):
            units.append((pending, len(doc.tokens)))
    return units


def _array(m) -> np.ndarray:
    return m if isinstance(m, np.ndarray) else m.toarray()


def _dice(va, vb) -> np.ndarray:
    """Dice coefficient of the content-word sets of every sentence pair,
    from the nonzero patterns of their TF-ISF vectors."""
    xa = (va != 0).astype(np.float64)
    xb = (vb != 0).astype(np.float64)
    shared = _array(xa @ xb.T)
    sizes = np.asarray(xa.sum(axis=1)).reshape(-1, 1) + np.asarray(xb.sum(axis=1)).reshape(1, -1)
    return np.divide(2 * shared, sizes, out=np.zeros_like(shared), where=sizes > 0)


def _unit_vectors(units: Sequence[np.ndarray], stop_share: float) -> np.ndarray | sp.csr_matrix:
    """TF-ISF rows of the units (arrays of word ids) of a pair, stop words left out;
    a dense array unless it would be large.

    Stop words are those in more than `stop_share` of the units. The weights
    are `compare.analysis.tfidf.tfidf_matrix`'s with the units as the collection
    (a test checks it), computed from the ids with a few array operations,
    because this runs for every candidate pair.
    """
    n = len(units)
    lengths = np.fromiter((len(u) for u in units), dtype=np.int64, count=n)
    if lengths.sum() == 0:
        return np.zeros((n, 0))
    vocabulary, column = np.unique(np.concatenate(units), return_inverse=True)
    size = len(vocabulary)
    cells, counts = np.unique(np.repeat(np.arange(n), lengths) * size + column, return_counts=True)
    rows, columns = np.divmod(cells, size)
    df = np.bincount(columns, minlength=size)
    content = df[columns] <= stop_share * n
    rows, columns, counts = rows[content], columns[content], counts[content]
    used, columns = np.unique(columns, return_inverse=True)
    idf = np.log((1 + n) / (1 + df[used])) + 1.0
    data = (1.0 + np.log(counts)) * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=data**2, minlength=n))
    data /= norms[rows]
    if n * len(used) > _DENSE_LIMIT:
        return sp.csr_matrix((data, (rows, columns)), shape=(n, len(used)))
    dense = np.zeros((n, len(used)))  # small: dense products beat sparse ones' overhead
    dense[rows, columns] = data
    return dense


def align_sentences(
    a: PreparedDocument, b: PreparedDocument, params: ParaphraseParams | None = None
) -> list[SentenceAlignment]:
    """Reworded passages shared by `a` and `b`, in order of `a`."""
    params = params or ParaphraseParams()
    ua, ub = _units(a, params.min_sentence_words), _units(b, params.min_sentence_words)
    if not ua or not ub:
        return []
    vectors = _unit_vectors([a.ids[s:e] for s, e in ua] + [b.ids[s:e] for s, e in ub], params.stop_share)
    if vectors.shape[1] == 0:
        return []
    va, vb = vectors[: len(ua)], vectors[len(ua) :]
    cosine = _array(va @ vb.T)
    dice = _dice(va, vb)
    strong = (cosine >= params.min_cosine) & (dice >= params.min_dice)
    weak = (cosine >= params.weak_cosine) & (dice >= params.weak_dice)
    if params.best_ratio > 0:
        best = np.maximum(cosine.max(axis=1, keepdims=True), cosine.max(axis=0, keepdims=True))
        strong &= cosine >= params.best_ratio * best
        weak &= cosine >= params.best_ratio * best
    seeds = _hysteresis(strong, weak, 1)
    if len(seeds) == 0:
        return []

    whole = _PassageCosine(cosine, va, vb)
    found = _extend(seeds, (params.max_gap, params.max_gap), whole, ua, ub, params)
    if params.summary_gap > 0:  # either document may be the summary: the result must not depend on order
        wide_b = _extend(seeds, (params.max_gap, params.summary_gap), whole, ua, ub, params)
        wide_a = (
            _extend(seeds, (params.summary_gap, params.max_gap), whole, ua, ub, params)
            if params.summary_sides == "both"
            else []
        )
        found += [
            f for f in wide_b if f.seeds > 1 and _length(f, "a") <= params.summary_ratio * _length(f, "b")
        ]
        found += [
            f for f in wide_a if f.seeds > 1 and _length(f, "b") <= params.summary_ratio * _length(f, "a")
        ]
    return _filter(found, a, b, params)


def lopsided(f: SentenceAlignment, params: ParaphraseParams) -> bool:
    """Whether one side of a passage is more than `max_length_ratio` times the other."""
    la, lb = _length(f, "a"), _length(f, "b")
    return max(la, lb) > params.max_length_ratio * max(min(la, lb), 1)


def evidenced(
    f: SentenceAlignment,
    a: PreparedDocument,
    b: PreparedDocument,
    weights: WordWeights,
    params: ParaphraseParams,
    exact: Sequence[Box] = (),
) -> bool:
    """Whether the two sides share enough of their collection-weighted words (see step 5).

    The containment leaves out the words of the `exact` (near-verbatim) word
    alignments: what the sentence alignment adds to them must show its own
    evidence."""
    a_ids, b_ids = a.ids[f.a_start : f.a_end], b.ids[f.b_start : f.b_end]
    if not lopsided(f, params):
        wa, wb, both = weights.shared(a_ids, b_ids)
        if 2 * both >= params.min_weighted_dice * (wa + wb):
            return True
    a_ids = a_ids[~_inside(f.a_start, f.a_end, [(x.a_start, x.a_end) for x in exact])]
    b_ids = b_ids[~_inside(f.b_start, f.b_end, [(x.b_start, x.b_end) for x in exact])]
    wa, wb, both = weights.shared(a_ids, b_ids)
    return min(wa, wb) > 0 and both >= params.min_containment * min(wa, wb)


def _inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
    """Which words of ``[start, end)`` lie in one of `ranges`."""
    mask = np.zeros(end - start, dtype=bool)
    for lo, hi in ranges:
        mask[max(lo, start) - start : max(min(hi, end) - start, 0)] = True
    return mask


def _length(f: SentenceAlignment, side: str) -> int:
    """Words of a passage in document `a` or `b`."""
    return f.a_end - f.a_start if side == "a" else f.b_end - f.b_start


def _hysteresis(strong: np.ndarray, weak: np.ndarray, gap: int) -> np.ndarray:
    """Strong seeds, and the weak ones grouped with a strong seed (as in
    hysteresis thresholding: weak evidence only extends strong evidence)."""
    points = np.argwhere(strong | weak)
    if len(points) == 0:
        return points
    groups = [g for g in cluster_points(points, 1, gap) if strong[g[:, 0], g[:, 1]].any()]
    return np.concatenate(groups) if groups else points[:0]


class _PassageCosine:
    """Cosine of two passages taken as wholes (the sums of their sentence vectors).

    For sentences I of one document and J of the other, with x = sum_I a_i and
    y = sum_J b_j: x.y = sum_{I x J} a_i.b_j, |x|^2 = sum_{I x I} a_i.a_i',
    |y|^2 likewise. Summed-area tables of the three matrices of sentence dot
    products give each block sum in O(1), so no passage vector is ever built.
    """

    def __init__(self, ab: np.ndarray, va, vb) -> None:
        self._ab = self._table(ab)
        self._aa = self._table(_array(va @ va.T))
        self._bb = self._table(_array(vb @ vb.T))

    @staticmethod
    def _table(m: np.ndarray) -> np.ndarray:
        out = np.zeros((m.shape[0] + 1, m.shape[1] + 1))
        np.cumsum(np.cumsum(m, axis=0), axis=1, out=out[1:, 1:])
        return out

    @staticmethod
    def _block(t: np.ndarray, i0: int, i1: int, j0: int, j1: int) -> float:
        return float(t[i1, j1] - t[i0, j1] - t[i1, j0] + t[i0, j0])

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        norm = self._block(self._aa, i0, i1, i0, i1) * self._block(self._bb, j0, j1, j0, j1)
        return self._block(self._ab, i0, i1, j0, j1) / np.sqrt(norm) if norm > 0 else 0.0


def _extend(
    seeds, gaps, whole_cosine: _PassageCosine, ua, ub, params: ParaphraseParams
) -> list[SentenceAlignment]:
    """Group seeds into passages; a group whose passages are not similar as
    wholes is regrouped with a smaller gap."""
    found: list[SentenceAlignment] = []
    todo = [(seeds, gaps)]
    while todo:
        group_seeds, gap = todo.pop()
        for group in cluster_points(group_seeds, 1, gap):
            group = _one_copy(group, todo, gap)
            i0, i1 = int(group[:, 0].min()), int(group[:, 0].max()) + 1
            j0, j1 = int(group[:, 1].min()), int(group[:, 1].max()) + 1
            whole = whole_cosine(i0, i1, j0, j1)
            if whole >= params.min_passage_cosine and (len(group) > 1 or whole >= params.single_seed_cosine):
                found.append(
                    SentenceAlignment(ua[i0][0], ua[i1 - 1][1], ub[j0][0], ub[j1 - 1][1], whole, len(group))
                )
            elif min(gap) > 0:
                todo.append((group, (gap[0] - 1, gap[1] - 1)))
    return found


def _one_copy(group: np.ndarray, todo: list, gap) -> np.ndarray:
    """The seeds of one passage. When the seeds off the group's longest
    increasing chain lie apart from it in one document and themselves chain
    at least three sentences (the passage occurs twice there), they are split
    off and grouped again; other seeds off the chain (a sentence split in
    two, reordered sentences, a stray match) stay."""
    chain = np.array(longest_chain(group))
    if len(group) - len(chain) < 3:
        return group
    on_chain = {tuple(c) for c in chain.tolist()}
    rest = np.array([g for g in group.tolist() if tuple(g) not in on_chain])
    if len(longest_chain(rest)) < 3:
        return group
    for axis in (0, 1):
        if rest[:, axis].min() > chain[:, axis].max() or rest[:, axis].max() < chain[:, axis].min():
            todo.append((rest, gap))
            return chain
    return group


def _filter(
    found: Sequence[SentenceAlignment], a: PreparedDocument, b: PreparedDocument, params: ParaphraseParams
) -> list[SentenceAlignment]:
    kept: list[SentenceAlignment] = []
    for f in sorted(found, key=lambda f: (-f.seeds, -f.cosine, f.a_start, f.b_start)):
        a_chars = a.span(f.a_start, f.a_end)
        b_chars = b.span(f.b_start, f.b_end)
        if a_chars[1] - a_chars[0] < params.min_chars or b_chars[1] - b_chars[0] < params.min_chars:
            continue
        if any(overlap_in_both(f, k) for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.a_start, f.b_start))

"""How a batch document matches an indexed one: which candidates are
scored, and how (`compare.dedup.index.DedupIndex.query` finds the
candidates in the index and hands them here).

A candidate whose indexed text the index keeps is chosen as a batch
chooses its own candidates (`compare.dedup.local`) and scored from both
texts by the batch's rules (`compare.dedup.rules.verified_pairs`): the
same answer as one run over both batches. A document indexed without its
text is matched by estimates: its Jaccard from the signatures, its
containments from that and the shingle counts, or, for excerpts, from the
shared samples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..sketch.kernels import shingle_sequences
from .local import Signed
from .options import DedupOptions
from .rules import (
    resemblance_floor,
    sample_pair_kept,
    sample_pair_resembles,
    signature_agreement,
    signature_floor,
    verified_pairs,
)

__all__ = ["IndexedMatch", "agreements", "chosen", "estimated", "verified"]


@dataclass(frozen=True)
class IndexedMatch:
    """A batch document (index `a` in the batch) and an indexed document like
    it: a ``"near-duplicate"`` or, one inside the other, an ``"excerpt"``.
    `verified`: scored exactly from both texts, as pairs of a batch are (with
    `coverage_a`, `coverage_b`); else estimated (the indexed document was
    indexed without its text)."""

    a: int
    indexed_id: str
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    relation: str = "near-duplicate"
    coverage_a: float = 0.0
    coverage_b: float = 0.0
    verified: bool = False


def agreements(signatures: np.ndarray, rows: Sequence[int], blobs: Sequence[bytes]) -> list[float]:
    """For each batch document ``rows[i]`` and stored signature ``blobs[i]``,
    the share of positions where the two signatures agree (the Jaccard
    estimate); all at once.

    >>> sigs = np.array([[1, 2, 3, 4]], dtype=np.uint32)
    >>> agreements(sigs, [0, 0], [sigs[0].tobytes(), np.array([1, 0, 0, 4], np.uint32).tobytes()])
    [1.0, 0.5]
    """
    if not rows:
        return []
    stored = np.frombuffer(b"".join(blobs), dtype=np.uint32).reshape(len(blobs), -1)
    return signature_agreement(signatures[np.asarray(rows)], stored).tolist()


def chosen(
    signed: Signed, options: DedupOptions, bands: list[tuple], sampled: list[tuple]
) -> dict[tuple[int, int], str]:
    """The candidates worth verifying, as a batch chooses its own
    (`compare.dedup.local`): pairs sharing a band whose signatures are not
    far below the threshold, and, by their samples, candidate edited copies
    (`coverage`) and excerpts (`containment`); (batch document, indexed
    doc) -> indexed id."""
    num_perm = signed.signatures.shape[1]
    likely = signature_floor(options.threshold, num_perm)
    pairs = {(new, doc): indexed_id for new, doc, indexed_id, _, agree in bands if agree >= likely}
    if not sampled:
        return pairs
    new, shared, samples, agree = (np.array([row[c] for row in sampled]) for c in (0, 3, 4, 5))
    ours = np.bincount(signed.sampled, minlength=len(signed.ids))[new]
    keep = np.zeros(len(sampled), dtype=bool)
    if options.containment is not None:
        keep |= sample_pair_kept(shared, np.minimum(ours, samples), options.containment)
    if options.coverage is not None:
        keep |= sample_pair_resembles(shared, np.maximum(ours, samples)) & (
            agree >= resemblance_floor(num_perm)
        )
    for i in np.flatnonzero(keep).tolist():
        pairs[(sampled[i][0], sampled[i][1])] = sampled[i][2]
    return pairs


def verified(
    options: DedupOptions,
    chosen: dict[tuple[int, int], str],
    kept: dict[int, str],
    texts: Callable[[], Iterable[str]] | None,
) -> list[tuple[int, IndexedMatch]]:
    """The `chosen` pairs scored from both texts (`verified_pairs`): the
    batch's read again from `texts()`, up to the last one needed, the
    indexed ones from the `kept` texts."""
    if not chosen or texts is None:
        return []
    pairs = sorted(chosen)
    wanted = {new for new, _ in pairs}
    batch_texts = []
    for new, text in enumerate(texts()):
        if new in wanted:
            batch_texts.append((new, text))
            if len(batch_texts) == len(wanted):
                break  # the rest is not read
    indexed = sorted({doc for _, doc in pairs})
    texts_in_order = [t for _, t in batch_texts] + [kept[d] for d in indexed]
    sequences = shingle_sequences(texts_in_order, options.shingle_size)
    row = {("batch", new): r for r, (new, _) in enumerate(batch_texts)}
    row.update({("indexed", d): len(batch_texts) + r for r, d in enumerate(indexed)})
    rows = np.array([[row[("batch", new)], row[("indexed", doc)]] for new, doc in pairs], dtype=np.int64)
    found = verified_pairs(np.array(pairs, dtype=np.int64), sequences, options, rows)
    return [
        (
            p.b,
            IndexedMatch(
                p.a,
                chosen[(p.a, p.b)],
                p.jaccard,
                p.containment_a_in_b,
                p.containment_b_in_a,
                p.relation,
                p.coverage_a,
                p.coverage_b,
                verified=True,
            ),
        )
        for p in found
    ]


def estimated(
    signed: Signed,
    options: DedupOptions,
    bands: list[tuple],
    sampled: list[tuple],
    kept: dict[int, str],
) -> list[tuple[int, IndexedMatch]]:
    """The candidates without a kept text, matched by estimates: near-duplicates
    by the signatures' agreement, excerpts by the shared samples."""
    out = []
    near = set()
    for new, doc, indexed_id, indexed_size, jaccard in bands:
        if doc in kept or jaccard < options.threshold:
            continue
        size = int(signed.sizes[new])
        shared = jaccard * (size + indexed_size) / (1 + jaccard)
        match = IndexedMatch(
            a=new,
            indexed_id=indexed_id,
            jaccard=round(jaccard, 6),
            containment_a_in_b=round(min(1.0, shared / max(1, size)), 6),
            containment_b_in_a=round(min(1.0, shared / max(1, indexed_size)), 6),
        )
        out.append((doc, match))
        near.add((new, doc))  # ids may repeat in an index; its rows do not
    if options.containment is None:
        return out
    counts = np.bincount(signed.sampled, minlength=len(signed.ids))
    for new, doc, indexed_id, shared, indexed_samples, jaccard in sampled:
        if doc in kept or (new, doc) in near:
            continue
        a_in_b = shared / max(1, int(counts[new]))
        b_in_a = shared / max(1, indexed_samples)
        if max(a_in_b, b_in_a) >= options.containment:
            match = IndexedMatch(
                new, indexed_id, round(jaccard, 6), round(a_in_b, 6), round(b_in_a, 6), "excerpt"
            )
            out.append((doc, match))
    return out

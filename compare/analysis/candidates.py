"""Candidate document pairs: which pairs are worth verifying and aligning.

Candidates are UNVERIFIED: every pair reported later carries exact scores.
Two sources of candidates, because they answer different questions:

* MinHash LSH (datasketch's `MinHashLSH`) over the documents' signatures
  finds pairs whose shingle Jaccard similarity is likely above `threshold`.
  With b bands of r rows, a pair of Jaccard similarity s becomes a candidate
  with probability ``1 - (1 - s**r)**b`` (`detection_probability`).
* A shared-shingle index finds pairs that share at least `min_shared`
  shingles, whatever their Jaccard: an excerpt of a long document embedded
  in another has a small Jaccard but shares many shingles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

__all__ = ["detection_probability", "lsh_candidates", "shared_shingle_candidates"]


def detection_probability(similarity: float, bands: int, rows: int) -> float:
    """Probability that LSH with `bands` x `rows` proposes a pair of this Jaccard similarity."""
    return 1.0 - (1.0 - similarity**rows) ** bands


def lsh_candidates(
    signatures: Sequence[np.ndarray], threshold: float, num_perm: int, seed: int
) -> tuple[set[tuple[int, int]], tuple[int, int]]:
    """Pairs ``(i, j)``, i < j, proposed by MinHash LSH; and its ``(bands, rows)``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    # The scheme label is only carried along: LSH compares hash values, whatever made them.
    sketches = [LeanMinHash(seed=seed, hashvalues=sig, scheme="affine32") for sig in signatures]
    for i, sketch in enumerate(sketches):
        lsh.insert(i, sketch, check_duplication=False)
    pairs = set()
    for i, sketch in enumerate(sketches):
        for j in lsh.query(sketch):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs, (lsh.b, lsh.r)


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
    shared_by_many = (ends - starts) >= 2
    counts: Counter[tuple[int, int]] = Counter()
    star: Counter[tuple[int, int]] = Counter()
    for s, e in zip(starts[shared_by_many].tolist(), ends[shared_by_many].tolist(), strict=True):
        docs = owners[s:e].tolist()  # sorted, unique: sets hold each shingle once
        if len(docs) <= max_doc_frequency:
            counts.update((docs[x], docs[y]) for x in range(len(docs)) for y in range(x + 1, len(docs)))
        else:
            star.update((docs[0], other) for other in docs[1:])
    kept = {pair: n for pair, n in counts.items() if n >= min_shared}
    for pair, n in star.items():
        if n >= min_shared_frequent or pair in kept:
            kept[pair] = kept.get(pair, 0) + n
    return dict(sorted(kept.items()))

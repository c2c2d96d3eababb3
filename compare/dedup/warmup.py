"""Compile every kernel ahead of the first real run.

The compiled loops (`compare.sketch.kernels`) are compiled by numba on
first use and cached on disk: next to the module (``__pycache__``) where
that is writable, else in numba's user cache (``NUMBA_CACHE_DIR`` sets it).
The first run in a new environment would spend several seconds compiling;
`warm_up` does it ahead (``compare-sources warm-up``: once after installing,
for instance in a container image's build), by running each kernel on a
few tiny documents through the code that uses it, with the types real runs
give it.
"""

from __future__ import annotations

import time

__all__ = ["warm_up"]

_TEXTS = [
    "The council approved the new budget on Tuesday after a long debate.",
    "The council approved the new budget on Tuesday after a long debate!",
    "東京タワーへ行きます。 A second text, about the weather in spring.",
]


def warm_up() -> float:
    """Compile (or load from the cache) every kernel; the seconds it took."""
    from ..sketch.minhash import MinHasher
    from ..sketch.shingles import jaccard_containment, shingle_sets
    from .local import deduplicate
    from .options import DedupOptions

    start = time.perf_counter()
    records = [(str(i), text) for i, text in enumerate(_TEXTS)]
    deduplicate(records, DedupOptions(containment=0.5))  # signing, samples, candidates, coverage
    first, second = shingle_sets(_TEXTS[:2], 5)  # the analysis's exact scores
    jaccard_containment(first, second)
    MinHasher().signature(["one", "two", "three", "four", "five", "six"])
    return time.perf_counter() - start

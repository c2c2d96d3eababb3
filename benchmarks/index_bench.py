"""The persistent index at scale: build an index, then time batch queries against it.

    python benchmarks/index_bench.py CORPUS.jsonl N_INDEXED OUT.json

The index holds the corpus's documents (real text, kept as the index
keeps it) and, up to `N_INDEXED`, random signatures (documents that share
nothing with the queries: they cost lookups, not matches). Queries are
batches of 2,000 corpus documents under new ids, each of which is in the
index (so every query finds at least itself, as a re-ingested article
would), with the CLI's defaults (edited copies: samples probed, matches
verified from the kept texts), Jaccard only (`--coverage off`), and with
`--containment 0.5`. Prints and writes: seconds to build, file size, and
documents checked per second in each mode.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from methods import records

from compare.dedup.local import Signed, sign_all
from compare.dedup.options import SAMPLE_BELOW, DedupOptions

BATCH = 50_000
QUERY = 2_000


def _random_documents(first: int, n: int, samples_per_doc: float, options: DedupOptions, rng) -> Signed:
    """n documents that share nothing with real ones: random signatures and
    samples, as many samples as real documents have."""
    counts = rng.poisson(samples_per_doc, n)
    return Signed(
        [f"random-{i}" for i in range(first, first + n)],
        rng.integers(0, 2**32, size=(n, options.num_perm), dtype=np.uint32),
        np.full(n, 600),
        rng.integers(0, SAMPLE_BELOW, size=counts.sum(), dtype=np.uint64),
        np.repeat(np.arange(n), counts),
    )


def main() -> None:
    corpus, n_indexed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    from compare.dedup.index import DedupIndex, IndexParams

    options = DedupOptions(jobs=2, samples=True, hold_mb=0)  # signatures and samples only
    texts = [text for _, text in records(corpus)]  # kept by the index, to verify matches
    signed = sign_all(records(corpus), options)
    bands, rows = options.bands()
    params = IndexParams(options.shingle_size, options.num_perm, options.seed, bands, rows)
    per_doc = len(signed.samples) / max(1, len(signed.ids))
    rng = np.random.default_rng(7)
    modes = {  # what a query looks for: the CLI's defaults first
        "defaults": options,
        "jaccard": replace(options, coverage=None),
        "containment": replace(options, containment=0.5),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sqlite"
        start = time.perf_counter()
        with DedupIndex(path, params) as index:
            real = min(len(signed.ids), n_indexed)
            for s in range(0, real, BATCH):
                e = min(s + BATCH, real)
                lines = list(range(s + 1, e + 1))
                index.add(signed.take(np.arange(s, e)), [corpus] * (e - s), lines, texts[s:e])
            for s in range(real, n_indexed, BATCH):
                n = min(BATCH, n_indexed - s)
                index.add(_random_documents(s, n, per_doc, options, rng), ["-"] * n, [None] * n)
            built = time.perf_counter() - start
            size = path.stat().st_size + sum(p.stat().st_size for p in Path(tmp).glob("index.sqlite-*"))
            times: dict[str, list[float]] = {mode: [] for mode in modes}
            for _ in range(3):
                chosen = np.sort(rng.choice(real, size=QUERY, replace=False))
                batch = signed.take(chosen)
                batch.ids = [f"again-{i}" for i in batch.ids]  # re-ingested under new ids: not a retry
                batch_texts = [texts[i] for i in chosen.tolist()]
                for mode, query_options in modes.items():
                    start = time.perf_counter()
                    found = index.query(batch, query_options, lambda texts=batch_texts: texts)
                    times[mode].append(time.perf_counter() - start)
                    assert len({m.a for m in found}) == QUERY, mode  # every query finds at least itself
    result = {
        "indexed": n_indexed,
        "real_documents": real,
        "build_seconds": built,
        "index_mb": size / 2**20,
        "query_batch": QUERY,
        "first_query_seconds": times["defaults"][0],  # the cache still cold
        "query_seconds": min(times["defaults"]),
        "queries_per_second": QUERY / min(times["defaults"]),
        "jaccard_queries_per_second": QUERY / min(times["jaccard"]),
        "containment_queries_per_second": QUERY / min(times["containment"]),
        "matches_last_batch": len(found),
    }
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

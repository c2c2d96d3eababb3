"""How candidate retrieval grows with the collection: candidates and seconds at
1,000, 5,000 and 20,000 documents, and the growth exponent between sizes.

The analysis aligns every candidate pair, so its cost follows the number of
candidates; retrieval must stay sub-quadratic (an exponent well below 2).
Collections come from `benchmarks/synthetic.py` (real vocabulary, planted
copies and excerpts). Run with ``nox -s retrieval`` (arguments after ``--``
go here, e.g. ``-- --sizes 1000,5000``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from synthetic import CorpusSpec, default_text_dirs, write_corpus

from compare.analysis.candidates import find_candidates
from compare.analysis.options import Options
from compare.analysis.prepare import prepare_corpus
from compare.load import Document

ROOT = Path(__file__).resolve().parent.parent


def measure(n: int, data_dir: Path, jobs: int) -> dict:
    """Prepare a collection of `n` documents, then time `find_candidates` on it."""
    jsonl, _ = write_corpus(CorpusSpec(n_docs=n), default_text_dirs(ROOT), data_dir)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    documents = [Document(r["id"], r["text"], r["source"]) for r in records]
    options = Options()
    start = time.perf_counter()
    prepared = prepare_corpus(documents, options, jobs)
    prepare_seconds = time.perf_counter() - start
    start = time.perf_counter()
    found = find_candidates(prepared, options)
    seconds = time.perf_counter() - start
    return {
        "documents": n,
        "candidates": len(found.pairs),
        "lsh": len(found.lsh),
        "shingles": len(found.shingles),
        "neighbours": len(found.neighbours),
        "passages": len(found.passages),
        "candidates_per_document": len(found.pairs) / n,
        "prepare_seconds": prepare_seconds,
        "seconds": seconds,
    }


def exponent(a: dict, b: dict, key: str) -> float:
    """Growth exponent k of `key` between two sizes: value ~ n**k."""
    if a[key] <= 0 or b[key] <= 0:
        return math.nan
    return math.log(b[key] / a[key]) / math.log(b["documents"] / a["documents"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="collection sizes (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for preparing documents")
    parser.add_argument("--data", type=Path, help="folder for generated collections (default: a temp folder)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data or Path(tmp)
        rows = [measure(n, data_dir, args.jobs) for n in sizes]
    print(
        f"{'documents':>10}{'candidates':>12}{'per doc':>9}{'lsh':>8}{'shingles':>10}{'neighbours':>12}"
        f"{'passages':>10}{'seconds':>9}{'exp cand':>10}{'exp time':>10}"
    )
    for k, r in enumerate(rows):
        grow = (
            ("", "")
            if k == 0
            else (
                f"{exponent(rows[k - 1], r, 'candidates'):.2f}",
                f"{exponent(rows[k - 1], r, 'seconds'):.2f}",
            )
        )
        print(
            f"{r['documents']:>10}{r['candidates']:>12}{r['candidates_per_document']:>9.2f}{r['lsh']:>8}"
            f"{r['shingles']:>10}{r['neighbours']:>12}{r['passages']:>10}{r['seconds']:>9.2f}"
            f"{grow[0]:>10}{grow[1]:>10}"
        )
    print("exp: growth exponent from the previous size (value ~ n^exp); 2 would be all pairs.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

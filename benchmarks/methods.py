"""One deduplication method on one JSONL corpus, timed; run as its own process.

    python benchmarks/methods.py METHOD CORPUS.jsonl OUT.json [--jobs N]

Each method reads the same JSONL (fields ``id`` and ``text``), finds
near-duplicate clusters and writes them with its timings: wall seconds,
CPU seconds (this process and the workers it waited for) and peak resident
memory (this process, and the largest worker). Running every method in a
fresh process keeps one method's memory and caches out of the next one's
figures. The peers are used the way their documentation shows:

* ``datasketch-naive``: ``MinHash(num_perm=128)`` and ``update()`` per 5-word
  shingle, then ``MinHashLSH(threshold=0.8)``, insert all, query each;
* ``datasketch-batch``: the same with ``update_batch``;
* ``rensa``: rensa's ``RMinHash`` over the same shingles and its
  ``RMinHashLSH`` (threshold 0.8, 16 bands);
* ``text-dedup``: text-dedup's MinHash command (5-grams, 128 permutations,
  threshold 0.8, xxh3) on the JSONL, offline;
* ``ours``: `compare.dedup.local.deduplicate` end to end (threshold 0.5, verified);
* ``ours-sign``: its signature step alone (`compare.dedup.local.sign`);
* ``ours-spark``: `compare.dedup.spark.job.spark_deduplicate` on Spark in
  ``local[jobs]`` mode, the result collected (the JVM's start is timed
  apart as the warm-up; its peak memory and its Python workers' are the
  "worker" figure).

Peers tokenize as their examples do: lowercase, split on whitespace. Every
method reads the JSONL with the same function, `records`.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
from processes import process_tree

SHINGLE = 5
NUM_PERM = 128
IMPORTS = {
    "datasketch-naive": ["datasketch"],
    "datasketch-batch": ["datasketch"],
    "rensa": ["rensa"],
    "text-dedup": [],
    "ours": ["compare.dedup.local"],
    "ours-sign": ["compare.dedup.local"],
    "ours-spark": ["compare.dedup.spark.job"],
}


def records(path: str) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of each JSONL line, parsed with orjson (the fastest JSON
    parser on PyPI; every method reads through this)."""
    with open(path, "rb") as f:
        for line in f:
            r = orjson.loads(line)
            yield r["id"], r["text"]


def shingles(text: str) -> list[str]:
    words = text.lower().split()
    return [" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]


def clusters_from_pairs(ids: list[str], pairs) -> list[list[str]]:
    from compare.util.components import component_labels

    groups: dict[int, list[str]] = {}
    for i, label in enumerate(component_labels(len(ids), pairs)):
        groups.setdefault(label, []).append(ids[i])
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def run_datasketch(path: str, batch: bool) -> dict:
    from datasketch import MinHash, MinHashLSH

    ids, sketches = [], []
    start = time.perf_counter()
    for doc_id, text in records(path):
        m = MinHash(num_perm=NUM_PERM)
        if batch:
            m.update_batch([s.encode("utf8") for s in shingles(text)])
        else:
            for s in shingles(text):
                m.update(s.encode("utf8"))
        ids.append(doc_id)
        sketches.append(m)
    signed = time.perf_counter() - start
    lsh = MinHashLSH(threshold=0.8, num_perm=NUM_PERM)
    for i, m in enumerate(sketches):
        lsh.insert(i, m)
    pairs = [(i, j) for i, m in enumerate(sketches) for j in lsh.query(m) if j != i]
    return {"clusters": clusters_from_pairs(ids, pairs), "docs": len(ids), "sign_seconds": signed}


def run_rensa(path: str) -> dict:
    from rensa import RMinHash, RMinHashLSH

    ids, sketches = [], []
    start = time.perf_counter()
    for doc_id, text in records(path):
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(shingles(text))
        ids.append(doc_id)
        sketches.append(m)
    signed = time.perf_counter() - start
    lsh = RMinHashLSH(threshold=0.8, num_perm=NUM_PERM, num_bands=16)
    for i, m in enumerate(sketches):
        lsh.insert(i, m)
    pairs = [(i, j) for i, m in enumerate(sketches) for j in lsh.query(m) if j != i]
    return {"clusters": clusters_from_pairs(ids, pairs), "docs": len(ids), "sign_seconds": signed}


def run_text_dedup(path: str, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TQDM_DISABLE": "1"}
        cmd = [
            sys.executable, "-m", "text_dedup.minhash",
            "--path", "json", "--data_files", path, "--split", "train",
            "--cache_dir", f"{tmp}/cache", "--output", f"{tmp}/out",
            "--column", "text", "--idx_column", "id", "--num_proc", str(jobs),
            "--ngram", str(SHINGLE), "--num_perm", str(NUM_PERM), "--threshold", "0.8",
            "--hash_func", "xxh3", "--debug",
        ]  # fmt: skip
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"text-dedup failed ({done.returncode}): {done.stderr[-2000:]}")
        with open(f"{tmp}/out/uf.pkl", "rb") as f:
            uf = pickle.load(f)
        groups: dict[str, list[str]] = {}
        for x in list(uf.parent):
            groups.setdefault(uf.find(x), []).append(x)
    n = sum(1 for _ in records(path))
    return {"clusters": sorted(sorted(g) for g in groups.values() if len(g) > 1), "docs": n}


def run_ours(path: str, jobs: int) -> dict:
    from compare.dedup import DedupOptions, deduplicate

    result = deduplicate(lambda: records(path), DedupOptions(jobs=jobs))
    clusters = sorted(sorted(result.ids[i] for i in c) for c in result.clusters)
    return {
        "clusters": clusters,
        "clusters_sha256": _clusters_sha256(clusters),
        "docs": len(result.ids),
        "stages": result.seconds,
        "candidates": result.candidates,
        "verified_pairs": len(result.pairs),
    }


def _clusters_sha256(clusters: list[list[str]]) -> str:
    return hashlib.sha256(json.dumps(clusters).encode()).hexdigest()


def run_ours_spark(path: str, spark) -> dict:
    from compare.dedup.options import DedupOptions
    from compare.dedup.spark.job import spark_deduplicate

    result = spark_deduplicate([path], DedupOptions(), spark=spark)
    data = result.data()
    ids = [d["id"] for d in data["documents"]]
    clusters = sorted(sorted(ids[i] for i in c["members"]) for c in data["clusters"])
    jvm = _tree_peak_rss_mb(_jvm_pid())
    spark.stop()
    return {
        "clusters": clusters,
        "clusters_sha256": _clusters_sha256(clusters),
        "docs": len(ids),
        "stages": result.seconds,
        "candidates": data["summary"]["candidates"],
        "verified_pairs": len(data["pairs"]),
        "jvm_and_workers_peak_mb": jvm,
    }


def _jvm_pid() -> int:
    """The JVM PySpark started: this process's child running java."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid() and "java" in (stat.parent / "cmdline").read_bytes().decode():
                return int(stat.parent.name)
        except (OSError, ValueError, IndexError):
            continue
    raise RuntimeError("no JVM child found")


def _tree_peak_rss_mb(root: int) -> float:
    """Sum of the peak resident memory (VmHWM) of a process and its live descendants."""
    total = 0.0
    for pid in process_tree(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def run_ours_sign(path: str, jobs: int) -> dict:
    from compare.dedup.local import sign
    from compare.dedup.options import DedupOptions

    ids, signatures = sign(records(path), DedupOptions(jobs=jobs))
    return {"docs": len(ids), "signature_sha256": hashlib.sha256(signatures.tobytes()).hexdigest()}


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("method")
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    runners = {
        "datasketch-naive": lambda: run_datasketch(args.corpus, batch=False),
        "datasketch-batch": lambda: run_datasketch(args.corpus, batch=True),
        "rensa": lambda: run_rensa(args.corpus),
        "text-dedup": lambda: run_text_dedup(args.corpus, args.jobs),
        "ours": lambda: run_ours(args.corpus, args.jobs),
        "ours-sign": lambda: run_ours_sign(args.corpus, args.jobs),
        "ours-spark": lambda: run_ours_spark(args.corpus, spark),
    }
    # Imports are not timed: a long-running job pays them once. Nor is this
    # project's one-off start of its compiled loops (numba starting LLVM and
    # loading them from its cache): it is timed apart as the warm-up.
    for module in IMPORTS[args.method]:
        importlib.import_module(module)
    warmup = time.perf_counter()
    if args.method in ("ours", "ours-sign"):
        from compare.dedup.warmup import warm_up

        warm_up()  # every kernel: loaded from numba's cache, or compiled the first time
    if args.method == "ours-spark":
        from compare.spark.session import spark_session

        spark = spark_session(f"local[{args.jobs}]", partitions=4 * args.jobs)
    warmup = time.perf_counter() - warmup
    cpu_before = _cpu()
    wall = time.perf_counter()
    out = runners[args.method]()
    wall = time.perf_counter() - wall
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.update(
        method=args.method,
        jobs=args.jobs,
        wall_seconds=wall,
        cpu_seconds=_cpu() - cpu_before,
        peak_rss_mb=me.ru_maxrss / 1024,
        peak_worker_rss_mb=kids.ru_maxrss / 1024,
        warmup_seconds=warmup,
    )
    tmp = Path(args.out).with_suffix(".tmp")
    tmp.write_text(json.dumps(out), encoding="utf-8")
    tmp.replace(args.out)
    # Every method's process ends as the command's does (`compare.cli.main.entry`):
    # what is alive is frozen, so the interpreter's last collections skip it.
    gc.freeze()


if __name__ == "__main__":
    main()

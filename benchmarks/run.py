"""`nox -s bench`: this project's dedup against the tools users would pick instead.

    python benchmarks/run.py [--sizes 10000,100000] [--jobs 2] [--json artifacts/bench.json]

For each corpus size it generates (once, cached under ``artifacts/bench-data``)
a news-like corpus with planted near-duplicate clusters (`synthetic.py`),
runs every method on it one after another, each in a fresh process
(`methods.py`; up to `--repeat` times, the fastest run counts), and prints
per method: documents per second, wall and CPU seconds (imports and this
project's one-off warm-up of its compiled loops excluded; the warm-up is
shown apart), peak memory, pair precision and recall against the planted
clusters (a pair counts when both documents are in one planted cluster),
and ratios against the peers. The slowest peer (datasketch with per-shingle
``update()``) is only run up to `--naive-limit` documents: at 100,000 it
would take about twenty minutes. Everything is also written as JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import default_text_dirs

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
DATA = ROOT / "artifacts" / "bench-data"


def generate_in_subprocess(
    n: int, text_dirs: list[Path], words: tuple[int, int] = (400, 800)
) -> tuple[Path, Path]:
    """`synthetic.write_corpus` in a child process: Linux carries a process's peak
    memory over into the children it forks, so this one must stay small."""
    spec = f"CorpusSpec(n_docs={n}, min_words={words[0]}, max_words={words[1]})"
    code = (
        "import sys; from pathlib import Path; from synthetic import CorpusSpec, write_corpus; "
        f"print('\\n'.join(map(str, write_corpus({spec}, "
        f"[Path(p) for p in {[str(d) for d in text_dirs]!r}], Path({str(DATA)!r})))))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True, text=True, check=True)
    jsonl, truth = done.stdout.split()
    return Path(jsonl), Path(truth)


def run_method(method: str, corpus: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        cmd = [sys.executable, str(HERE / "methods.py"), method, str(corpus), str(out), "--jobs", str(jobs)]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        process = time.perf_counter() - start
        if done.returncode != 0:
            return {"method": method, "jobs": jobs, "error": done.stderr.strip().splitlines()[-1:]}
        return {**json.loads(out.read_text(encoding="utf-8")), "process_seconds": process}


def fastest_run(method: str, corpus: Path, jobs: int, repeat: int, long_run: float = 60.0) -> dict:
    """The fastest of up to `repeat` runs (the machine's load only ever slows a
    run down); a run longer than `long_run` seconds is not repeated."""
    runs = [run_method(method, corpus, jobs)]
    while len(runs) < repeat and "error" not in runs[-1] and runs[-1]["wall_seconds"] < long_run:
        runs.append(run_method(method, corpus, jobs))
    done = [r for r in runs if "error" not in r]
    if not done:
        return runs[-1]
    best = min(done, key=lambda r: r["wall_seconds"])
    best["runs_wall_seconds"] = [r["wall_seconds"] for r in done]
    return best


#: Edit-rate bins of the copies for recall per rate: (label, low, high).
EDIT_BINS = (("verbatim", 0.0, 0.0), ("5-10%", 0.05, 0.10), ("10-15%", 0.10, 0.15), ("15-20%", 0.15, 0.2001))


def scored(run: dict, truth: dict) -> dict:
    """A method's run with its pair precision and recall, its recall of copies
    per edit rate, and docs/s."""
    if "clusters" in run:
        clusters = run.pop("clusters")
        run["precision"], run["recall"] = pair_scores(clusters, truth["clusters"])
        if "originals" in truth:
            run["recall_by_edit"] = recall_by_edit(clusters, truth)
    if "wall_seconds" in run:
        run["docs_per_second"] = run["docs"] / run["wall_seconds"]
    return run


def pair_scores(predicted: list[list[str]], truth: list[list[str]]) -> tuple[float, float]:
    """Precision and recall of same-cluster pairs."""

    def pairs(clusters: list[list[str]]) -> set[tuple[str, str]]:
        return {p for c in clusters for p in itertools.combinations(sorted(c), 2)}

    got, want = pairs(predicted), pairs(truth)
    hit = len(got & want)
    return (hit / len(got) if got else 1.0), (hit / len(want) if want else 1.0)


def recall_by_edit(predicted: list[list[str]], truth: dict) -> dict[str, list[int]]:
    """Per edit-rate bin: [copies, copies found in their original's cluster]."""
    cluster_of = {doc: n for n, members in enumerate(predicted) for doc in members}
    rates = truth["edit_rates"]
    out = {label: [0, 0] for label, _, _ in EDIT_BINS}
    for copy, original in truth["originals"].items():
        rate = rates.get(copy, 0.0)
        label = next(lbl for lbl, lo, hi in EDIT_BINS if lo <= rate < hi or rate == hi == 0.0)
        out[label][0] += 1
        out[label][1] += copy in cluster_of and cluster_of.get(original) == cluster_of[copy]
    return out


def methods_for(n: int, jobs: int, naive_limit: int) -> list[tuple[str, int]]:
    plan = [("ours-sign", 1), ("ours-sign", jobs), ("ours", jobs), ("ours-spark", jobs), ("rensa", 1)]
    plan.append(("text-dedup", jobs))
    if n <= naive_limit:
        plan += [("datasketch-batch", 1), ("datasketch-naive", 1)]
    return plan


def report_time(corpus: Path, n: int, jobs: int) -> dict:
    """Wall seconds of the full HTML report on the first `n` documents."""
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with corpus.open(encoding="utf-8") as f, sample.open("w", encoding="utf-8") as g:
            g.writelines(itertools.islice(f, n))
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "compare",
                "report",
                str(sample),
                "-o",
                str(Path(tmp) / "report"),
                "--jobs",
                str(jobs),
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        pages = len(list((Path(tmp) / "report").rglob("*.html")))
    return {"documents": n, "jobs": jobs, "seconds": seconds, "exit": done.returncode, "pages": pages}


def index_bench(corpus: Path, n: int) -> dict:
    """`index_bench.py` in its own process: build an index of `n` documents, time queries."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "index.json"
        cmd = [sys.executable, str(HERE / "index_bench.py"), str(corpus), str(n), str(out)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1:]}
        return json.loads(out.read_text(encoding="utf-8"))


def _fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--naive-limit", type=int, default=10000)
    parser.add_argument("--report-docs", type=int, default=2000)
    parser.add_argument("--long-docs", type=int, default=10000, help="documents in the long-document run")
    parser.add_argument("--index-docs", type=int, default=1_000_000, help="documents in the persistent index")
    parser.add_argument("--repeat", type=int, default=5, help="runs per method; the fastest counts")
    parser.add_argument("--methods", help="only these methods, comma-separated (e.g. ours,ours-spark)")
    parser.add_argument("--json", default=str(ROOT / "artifacts" / "bench.json"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    text_dirs = default_text_dirs(ROOT)
    print(f"text for the Markov chain: {', '.join(map(str, text_dirs))}", flush=True)

    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "text_dirs": [str(d) for d in text_dirs],
        "sizes": {},
    }
    for n in sizes:
        corpus, truth_path = generate_in_subprocess(n, text_dirs)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        rows = []
        plan = methods_for(n, args.jobs, args.naive_limit)
        if args.methods:
            plan = [(m, j) for m, j in plan if m in args.methods.split(",")]
        for method, jobs in plan:
            print(f"{n:,} documents: {method} (jobs {jobs}) ...", flush=True)
            rows.append(scored(fastest_run(method, corpus, jobs, args.repeat), truth))
        results["sizes"][str(n)] = {"corpus": str(corpus), "methods": rows}
    if args.long_docs:
        # Same number of documents, four times as long: memory should not grow.
        n = args.long_docs
        corpus, truth_path = generate_in_subprocess(n, text_dirs, words=(1600, 3200))
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        print(f"{n:,} documents of 1,600-3,200 words: ours (jobs {args.jobs}) ...", flush=True)
        results["long_documents"] = scored(fastest_run("ours", corpus, args.jobs, 1), truth)
    if args.index_docs:
        corpus, _ = generate_in_subprocess(max(sizes), text_dirs)
        print(f"persistent index of {args.index_docs:,} documents ...", flush=True)
        results["index"] = index_bench(corpus, args.index_docs)
    if args.report_docs:
        corpus, _ = generate_in_subprocess(min(sizes), text_dirs)
        print(f"full report on {args.report_docs:,} documents ...", flush=True)
        results["report"] = report_time(corpus, args.report_docs, args.jobs)

    print(format_tables(results))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written: {out}")


def _find(rows: list[dict], method: str, jobs: int | None = None) -> dict | None:
    for r in rows:
        if r["method"] == method and (jobs is None or r["jobs"] == jobs) and "error" not in r:
            return r
    return None


def format_tables(results: dict) -> str:
    lines = []
    for n, block in results["sizes"].items():
        rows = block["methods"]
        lines.append(f"\n{int(n):,} documents ({block['corpus']})")
        lines.append(
            f"{'method':18} {'jobs':>4} {'docs/s':>9} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
            f"{'worker MB':>9} {'prec':>6} {'recall':>6} {'warm-up s':>9}"
        )
        for r in rows:
            if "error" in r:
                lines.append(f"{r['method']:18} {r['jobs']:>4} failed: {' '.join(r['error'])}")
                continue
            cells = [
                f"{r['method']:18} {r['jobs']:>4}",
                f"{_fmt(r['docs_per_second'], 0):>9}",
                f"{_fmt(r['wall_seconds']):>8} {_fmt(r['cpu_seconds']):>8}",
                f"{_fmt(r['peak_rss_mb'], 0):>8} {_fmt(r['peak_worker_rss_mb'], 0):>9}",
                f"{_fmt(r.get('precision'), 3):>6} {_fmt(r.get('recall'), 3):>6}",
                f"{_fmt(r.get('warmup_seconds') or None, 2):>9}",
            ]
            lines.append(" ".join(cells))
        lines += _edit_recall(rows)
        lines += _ratios(rows)
    lines += _growth(results)
    if "long_documents" in results and str(results["long_documents"].get("docs")) in results["sizes"]:
        long = results["long_documents"]
        short = _find(results["sizes"][str(long["docs"])]["methods"], "ours")
        if short and "error" not in long:
            lines.append(
                f"\nmemory against document length, {long['docs']:,} documents, end to end: "
                f"400-800 words {short['peak_rss_mb']:.0f} + {short['peak_worker_rss_mb']:.0f} MB, "
                f"1,600-3,200 words {long['peak_rss_mb']:.0f} + {long['peak_worker_rss_mb']:.0f} MB "
                f"(main + largest worker)"
            )
    if "index" in results:
        r = results["index"]
        if "error" in r:
            lines.append(f"\npersistent index: failed: {' '.join(r['error'])}")
        else:
            lines.append(
                f"\npersistent index of {r['indexed']:,} documents ({r['real_documents']:,} real): "
                f"built in {r['build_seconds']:.0f} s, {r['index_mb']:,.0f} MB; batches of "
                f"{r['query_batch']:,} checked with the defaults (edited copies, verified) at "
                f"{r['queries_per_second']:,.0f} docs/s (target >= 2,000; first batch, cache cold: "
                f"{r['query_batch'] / r['first_query_seconds']:,.0f} docs/s); Jaccard only "
                f"{r['jaccard_queries_per_second']:,.0f} docs/s, with --containment 0.5 "
                f"{r['containment_queries_per_second']:,.0f} docs/s"
            )
    if "report" in results:
        r = results["report"]
        lines.append(
            f"\nfull HTML report on {r['documents']:,} documents, {r['jobs']} jobs: {r['seconds']:.1f} s "
            f"({r['pages']:,} pages, exit {r['exit']}; target < 60 s)"
        )
    return "\n".join(lines)


def _edit_recall(rows: list[dict]) -> list[str]:
    """Recall of copies per edit rate, one line per method that reports clusters."""
    scored_rows = [r for r in rows if "recall_by_edit" in r]
    if not scored_rows:
        return []
    bins = [label for label, _, _ in EDIT_BINS]
    counts = scored_rows[0]["recall_by_edit"]
    out = [
        "recall of copies by share of words edited (copies: "
        + ", ".join(f"{b} {counts[b][0]:,}" for b in bins)
        + ")"
    ]
    for r in scored_rows:
        found = r["recall_by_edit"]
        cells = " ".join(f"{b} {found[b][1] / found[b][0]:.3f}" if found[b][0] else f"{b} -" for b in bins)
        out.append(f"  {r['method']:18} {r['jobs']:>4}  {cells}")
    return out


def _ratios(rows: list[dict]) -> list[str]:
    out = []
    sign1 = _find(rows, "ours-sign", 1)
    if sign1:
        for peer, key in (
            ("datasketch-naive", "sign_seconds"),
            ("datasketch-batch", "sign_seconds"),
            ("rensa", "sign_seconds"),
        ):
            p = _find(rows, peer)
            if p and p.get(key):
                out.append(f"signatures, one core: {p[key] / sign1['wall_seconds']:.1f}x {peer}")
    sign_all = [r for r in rows if r["method"] == "ours-sign" and "error" not in r]
    if len({r["signature_sha256"] for r in sign_all}) > 1:
        out.append("WARNING: signatures differ between job counts")
    elif len(sign_all) > 1:
        out.append("signatures identical for every job count")
    ours, on_spark = _find(rows, "ours"), _find(rows, "ours-spark")
    if ours and on_spark:
        same = ours["clusters_sha256"] == on_spark["clusters_sha256"]
        ratio = on_spark["wall_seconds"] / ours["wall_seconds"]
        out.append(
            f"spark engine (local[{on_spark['jobs']}]): {ratio:.1f}x the local engine's wall time, "
            f"{'the same clusters' if same else 'OTHER CLUSTERS'}; its JVM and Python workers peaked at "
            f"{on_spark['jvm_and_workers_peak_mb']:,.0f} MB; the JVM took {on_spark['warmup_seconds']:.1f} s "
            "to start"
        )
    rensa = _find(rows, "rensa")
    if ours and rensa and ours.get("process_seconds") and rensa.get("process_seconds"):
        out.append(
            f"throughput, whole process (start, imports, reading, result): ours end to end (jobs "
            f"{ours['jobs']}) {ours['process_seconds']:.1f} s, rensa signatures + LSH "
            f"{rensa['process_seconds']:.1f} s: {rensa['process_seconds'] / ours['process_seconds']:.1f}x "
            f"(target >= 3); timed parts alone: {rensa['wall_seconds'] / ours['wall_seconds']:.1f}x"
        )
    td = _find(rows, "text-dedup")
    if ours and td:
        out.append(f"end to end: {td['wall_seconds'] / ours['wall_seconds']:.1f}x text-dedup (wall)")
    return out


def _growth(results: dict) -> list[str]:
    sizes = sorted(int(n) for n in results["sizes"])
    if len(sizes) < 2:
        return []
    lo, hi = sizes[0], sizes[-1]
    a = _find(results["sizes"][str(lo)]["methods"], "ours")
    b = _find(results["sizes"][str(hi)]["methods"], "ours")
    if not a or not b:
        return []
    exponent = math.log(b["wall_seconds"] / a["wall_seconds"]) / math.log(hi / lo)
    return [f"\ngrowth, {lo:,} -> {hi:,} documents: time ~ n^{exponent:.2f} (target <= 1.1)"]


if __name__ == "__main__":
    main()

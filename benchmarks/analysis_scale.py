"""The passage analysis on Spark beside the local engine: per-core throughput,
peak memory, and a planning figure for 10 million documents.

    python benchmarks/analysis_scale.py [--docs 10000,30000] [--cores 2] [--engines local,spark]

For each size it generates a news-like collection (`newslike.py`: one
folder, no manifest, syndicated stories in up to twenty copies edited
5-20%, excerpts, borrowed sentences, quotations, same-topic stories, page
furniture, bad files; beyond about 7,000 files the real stories run out
and the rest are written by a Markov chain trained on them), then runs,
one after the other, each in a fresh child process, the analysis with its
Parquet tables written:

* local: ``compare-sources analyze --format parquet --jobs CORES``;
* spark: the same with ``--engine spark --spark-master local[CORES]``
  (the driver is the one executor; its JVM and Python workers are measured).

It prints wall and CPU seconds, documents per second per core, the peak
memory of the run's whole process tree (local: the analysis and its worker
processes; Spark: the JVM and its Python workers together, which is what
one executor of a cluster holds), whether the two results are the same
(their tables read back, `compare.analysis.tables`), the ratios, and the
pair and passage counts. ``--engines spark`` runs one engine alone, for a
size the other cannot do in the time or memory there is. From the two
largest sizes run on Spark it derives how the Spark run's time grows with
the collection (t ~ n^e) and, from that, the core-hours 10 million
documents would take; the figure says what it was derived from.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from newslike import NewsSpec, generate, read_stories, write_collection
from processes import process_tree

ROOT = Path(__file__).resolve().parent.parent
PLAN_DOCS = 10_000_000
PLAN_CORES = 100  # a cluster's size, for the figure in hours


def _tree(root: int) -> tuple[float, dict[int, float]]:
    """A process and all its descendants, now: their resident memory (MB)
    together, and each one's CPU seconds so far."""
    rss, cpu = 0.0, {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return rss, cpu


def _run(command: list[str]) -> dict:
    """Run `command`, sampling its process tree every 0.2 s: wall seconds,
    CPU seconds of every process in the tree (the JVM and the Python workers
    too, which the command does not wait for), peak memory of the tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, cpu = [0.0], {}

    def sample() -> None:
        while proc.poll() is None:
            rss, now = _tree(proc.pid)
            peak[0] = max(peak[0], rss)
            cpu.update(now)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 2):  # 2: the collection's planted bad files
        raise SystemExit(f"{' '.join(command)} failed (exit {proc.returncode}):\n{err[-3000:]}")
    return {"wall_seconds": wall, "cpu_seconds": sum(cpu.values()), "peak_mb": peak[0]}


def measure(n: int, work: Path, eval_root: Path, cores: int, engines: list[str]) -> dict:
    """Generate `n` files; analyze them with each engine; compare."""
    files, truth = generate(read_stories(eval_root, ROOT / "corpus"), NewsSpec.scaled(n))
    collection = work / f"news-{n}"
    write_collection(files, truth, collection)
    base = [
        sys.executable,
        "-m",
        "compare",
        "analyze",
        str(collection / "docs"),
        "--format",
        "parquet",
        "--quiet",
    ]
    extras = {
        "local": ["--jobs", str(cores)],
        "spark": ["--engine", "spark", "--spark-master", f"local[{cores}]", "--partitions", str(4 * cores)],
    }
    runs = {engine: _run([*base, "-o", str(work / f"{engine}-{n}"), *extras[engine]]) for engine in engines}
    same, counts = _read_back([work / f"{engine}-{n}" for engine in engines])
    return {"docs": truth["files"], "cores": cores, "same_result": same, **counts, **runs}


def _read_back(folders: list[Path]) -> tuple[bool | None, dict]:
    """Whether the table folders read back to the same result (None for
    one), and the first one's pair and passage counts (the work grows with them)."""
    code = (
        "import json, sys; from compare.analysis.tables import read_tables; "
        "r = [read_tables(f) for f in sys.argv[1:]]; "
        "same = all(x.to_json() == r[0].to_json() for x in r[1:]) if len(r) > 1 else None; "
        "print(json.dumps([same, len(r[0].pairs), len(r[0].passages)]))"
    )
    done = subprocess.run([sys.executable, "-c", code, *map(str, folders)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"reading the tables back failed:\n{done.stderr[-3000:]}")
    same, pairs, passages = json.loads(done.stdout)
    return same, {"pairs": pairs, "passages": passages}


def plan(rows: list[dict]) -> str:
    """Core-hours for `PLAN_DOCS` documents on Spark, from the two largest sizes measured."""
    rows = [r for r in rows if "spark" in r]
    if len(rows) < 2:
        return "planning figure: needs two sizes run on Spark (--docs N1,N2)"
    small, large = sorted(rows, key=lambda r: r["docs"])[-2:]
    t1, t2 = small["spark"]["wall_seconds"], large["spark"]["wall_seconds"]
    e = math.log(t2 / t1) / math.log(large["docs"] / small["docs"])
    core_hours = large["cores"] * t2 * (PLAN_DOCS / large["docs"]) ** e / 3600
    return (
        f"planning figure for {PLAN_DOCS:,} documents: about {core_hours:,.0f} core-hours on Spark, "
        f"{core_hours / PLAN_CORES:,.0f} hours on {PLAN_CORES} cores (extrapolated: the Spark run's "
        f"time grew as n^{e:.2f} from {small['docs']:,} to {large['docs']:,} documents on "
        f"local[{large['cores']}]; a cluster adds shuffles over the network that local mode does not pay)"
    )


def _print_row(r: dict) -> None:
    """One size's two lines, printed as soon as it is measured (a long run
    that is cut off still shows what it finished)."""
    same = {True: "yes", False: "NO", None: "-"}[r["same_result"]]
    for engine in ("local", "spark"):
        if engine not in r:
            continue
        m = r[engine]
        per_core = r["docs"] / m["wall_seconds"] / r["cores"]
        ratio = f"{m['wall_seconds'] / r['local']['wall_seconds']:.2f}" if "local" in r else "-"
        print(
            f"{r['docs']:>8} {engine:<7}{m['wall_seconds']:>9.1f}{m['cpu_seconds']:>9.1f}"
            f"{per_core:>13.2f}{m['peak_mb']:>9.0f}{same:>6}{ratio:>12}{r['pairs']:>9}{r['passages']:>9}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs",
        default="10000,30000",
        help="collection sizes (default %(default)s, about 2 hours on 2 cores; 100,000 needs about 6 hours "
        "and, for the local engine, about 54 GB)",
    )
    parser.add_argument("--cores", type=int, default=2, help="local --jobs and Spark local[N] (default 2)")
    parser.add_argument("--eval-root", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument(
        "--engines",
        default="local,spark",
        help="which to run (default %(default)s; one alone: no comparison, no ratio)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "analysis-bench.json")
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    if not engines or set(engines) - {"local", "spark"}:
        parser.error(f"--engines: local, spark or both, not {args.engines!r}")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    print(
        f"{'docs':>8} {'engine':<7}{'wall s':>9}{'CPU s':>9}{'docs/s/core':>13}{'peak MB':>9}"
        f"{'same':>6}{'wall ratio':>12}{'pairs':>9}{'passages':>9}",
        flush=True,
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs.split(","):
            rows.append(measure(int(n), Path(tmp), args.eval_root, args.cores, engines))
            _print_row(rows[-1])
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print("peak MB: local, the analysis and its workers; spark, the JVM (driver = the one executor) and its")
    print("Python workers together")
    print(plan(rows))
    return 1 if any(r["same_result"] is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The HTML report of a real-sized collection without a manifest: time, memory and size.

Generates a news-like collection (`benchmarks/newslike.py`: one folder, no
manifest, syndicated stories in up to twenty copies, excerpts, same-topic
stories, shared footers, bad files), runs ``compare-sources report`` on it
in a child process, and prints wall and CPU seconds, the peak memory of the
largest process, the report folder's size and file count, and the index
page's size, beside the targets of issue 16 (5,000 documents: CPU <= 150 s
on 2 cores, peak <= 1.5 GB, folder <= 300 MB, index <= 2 MB). The
generator's mix is scaled to the size (`NewsSpec.scaled`: at 5,000 files,
333 syndicated stories, 167 excerpts, 125 borrowings, 125 quotations) and
its long texts are cut into parts, which gives stories enough for 5,000
files. Run with
``nox -s report_scale`` (arguments after ``--`` go here, e.g.
``-- --docs 600,2000``).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newslike import NewsSpec, generate, read_stories, write_collection

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"cpu_seconds": 150.0, "peak_mb": 1536.0, "folder_mb": 300.0, "index_mb": 2.0}


def _folder(path: Path) -> tuple[float, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20, len(files)


def measure(n: int, work: Path, eval_root: Path, jobs: int) -> dict:
    """Generate `n` files, report them in a child process, measure."""
    files, truth = generate(read_stories(eval_root, ROOT / "corpus"), NewsSpec.scaled(n))
    collection = work / f"news-{n}"
    write_collection(files, truth, collection)
    out = work / f"report-{n}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "compare",
            "report",
            str(collection / "docs"),
            "-o",
            str(out),
            "--jobs",
            str(jobs),
        ],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not (out / "index.html").is_file():
        raise SystemExit(f"report of {n} files failed (exit {proc.returncode}):\n{proc.stderr}")
    size, count = _folder(out)
    return {
        "files": truth["files"],
        "wall_seconds": wall,
        "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        # ru_maxrss of the children: the largest single process (the main one or a worker), in KiB.
        "peak_mb": after.ru_maxrss / 1024,
        "folder_mb": size,
        "report_files": count,
        "index_mb": (out / "index.html").stat().st_size / 2**20,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="700,5000", help="collection sizes (default %(default)s)")
    parser.add_argument("--eval-root", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(int(n), Path(tmp), args.eval_root, args.jobs) for n in args.docs.split(",")]
    print(
        f"{'files':>7}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'folder MB':>11}"
        f"{'files out':>11}{'index MB':>10}"
    )
    for r in rows:
        print(
            f"{r['files']:>7}{r['wall_seconds']:>9.1f}{r['cpu_seconds']:>9.1f}{r['peak_mb']:>9.0f}"
            f"{r['folder_mb']:>11.1f}{r['report_files']:>11}{r['index_mb']:>10.2f}"
        )
    targets = ", ".join(f"{k} <= {v:g}" for k, v in TARGETS.items())
    print(f"targets at 5,000 documents (issue 16): {targets}")
    for r in rows:
        if r["files"] >= 5000:
            ratios = ", ".join(f"{k} {r[k] / v:.2f}" for k, v in TARGETS.items())
            print(f"  {r['files']} files, as a share of each target (<= 1 meets it): {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

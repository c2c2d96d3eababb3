"""The `compare-sources` command: argument parsing, output and exit status only.

Exit status: 0 everything read and written; 2 bad usage, or some input could
not be read (named on stderr; the rest is still analyzed and written), or
nothing could be written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import __version__
from .align import AlignParams
from .pipeline import Options, analyze_paths
from .report import ReportError, write_report
from .result import AnalysisResult

__all__ = ["main"]

EXIT_OK = 0
EXIT_INPUT = 2


def _options_parser() -> argparse.ArgumentParser:
    d, da = Options(), AlignParams()
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("analysis options")
    g.add_argument(
        "--shingle-size", type=int, default=d.shingle_size, help="words per shingle (default %(default)s)"
    )
    g.add_argument(
        "--num-perm", type=int, default=d.num_perm, help="MinHash permutations (default %(default)s)"
    )
    g.add_argument("--seed", type=int, default=d.seed, help="MinHash seed (default %(default)s)")
    g.add_argument(
        "--lsh-threshold",
        type=float,
        default=d.lsh_threshold,
        help="Jaccard at which LSH proposes candidates (default %(default)s)",
    )
    g.add_argument(
        "--jaccard",
        type=float,
        default=d.near_duplicate_jaccard,
        help="exact Jaccard for near-duplicates (default %(default)s)",
    )
    g.add_argument(
        "--min-words",
        type=int,
        default=da.min_words,
        help="shared words for a verbatim/edited match (default %(default)s)",
    )
    g.add_argument(
        "--topical",
        type=float,
        default=d.topical_similarity,
        help="sentence TF-IDF cosine for a topical match (default %(default)s)",
    )
    g.add_argument("--id-field", default="id", help="record id field in JSONL/JSON/CSV (default %(default)s)")
    g.add_argument(
        "--text-field", default="text", help="record text field in JSONL/JSON/CSV (default %(default)s)"
    )
    return p


def _options(args: argparse.Namespace) -> Options:
    return Options(
        shingle_size=args.shingle_size,
        num_perm=args.num_perm,
        seed=args.seed,
        lsh_threshold=args.lsh_threshold,
        near_duplicate_jaccard=args.jaccard,
        topical_similarity=args.topical,
        align=replace(AlignParams(), min_words=args.min_words),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compare-sources",
        description="Find near-duplicates, reused passages and what is unique to each source.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    common = _options_parser()
    rep = sub.add_parser(
        "report",
        parents=[common],
        help="analyze documents and write the HTML report",
        description="Analyze files or directories (.txt .md .html .jsonl .json .csv) "
        "and write an HTML report with results.json.",
    )
    rep.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (searched recursively)")
    rep.add_argument(
        "-o",
        "--output",
        default="reports/out",
        metavar="OUTDIR",
        help="report directory, replaced atomically (default %(default)s)",
    )
    ana = sub.add_parser("analyze", parents=[common], help="analyze documents and write results.json only")
    ana.add_argument("paths", nargs="+", metavar="PATH")
    ana.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="results JSON file, or - for stdout (default %(default)s)",
    )
    return parser


def _report_problems(result: AnalysisResult) -> None:
    for p in result.problems:
        print(f"compare-sources: {p}", file=sys.stderr)


def _write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain open() would create it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        options = _options(args)
    except ValueError as exc:
        parser.error(str(exc))
    result = analyze_paths(args.paths, options, id_field=args.id_field, text_field=args.text_field)
    _report_problems(result)
    if not result.documents:
        print("compare-sources: no document could be read; nothing written", file=sys.stderr)
        return EXIT_INPUT
    try:
        if args.command == "report":
            index = write_report(result, args.output)
            print(index.resolve())
        elif args.output == "-":
            sys.stdout.write(result.to_json())
        else:
            _write_atomic(Path(args.output), result.to_json())
    except (ReportError, OSError) as exc:
        print(f"compare-sources: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if result.problems:
        print(
            f"compare-sources: {len(result.problems)} input problem(s); "
            f"analyzed the {len(result.documents)} document(s) that could be read",
            file=sys.stderr,
        )
        return EXIT_INPUT
    return EXIT_OK

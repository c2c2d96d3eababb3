"""The `compare-sources` command: argument parsing, output and exit status only.

Exit status: 0 everything read and written; 2 bad usage, or some input could
not be read (named on stderr; the rest is still analyzed and written), or
nothing could be written. `eval`: 0 when the evaluation ran and its outputs
were written, 2 on bad usage or a missing or unreadable corpus path.
`dedup` (in `compare.cli.dedup`): 0 no duplicates, 1 duplicates, 2 bad usage
or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .._version import __version__
from ..analysis.align import AlignParams
from ..analysis.options import Options
from ..analysis.pipeline import analyze_paths
from ..analysis.result import AnalysisResult
from ..evaluation.evaluate import format_tables, run_all, run_pan, to_json
from ..report.render import ReportError, write_report
from ..util.atomic import write_file
from . import dedup as cli_dedup
from .args import add_jobs, add_minhash_options, positive_int

__all__ = ["main"]

EXIT_OK = 0
EXIT_INPUT = 2


def _options_parser(records: bool = True) -> argparse.ArgumentParser:
    """The analysis options; `records`: also the JSONL/JSON/CSV field names."""
    d, da = Options(), AlignParams()
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("analysis options")
    add_minhash_options(g, d.shingle_size, d.num_perm, d.seed)
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
        "--min-chars",
        type=int,
        default=d.min_passage_chars,
        help="characters a reused passage spans in each document (default %(default)s)",
    )
    g.add_argument(
        "--topical",
        type=float,
        default=d.topical_similarity,
        help="sentence TF-IDF cosine for a topical match (default %(default)s)",
    )
    if not records:
        return p
    add_jobs(g, "worker processes")
    g.add_argument("--verbose", action="store_true", help="the seconds of each stage on stderr")
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
        min_passage_chars=args.min_chars,
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
    _add_eval_parser(sub, _options_parser(records=False))
    parser.dedup = cli_dedup.add_parser(sub)  # type: ignore[attr-defined]
    cli_dedup.add_index_parser(sub)
    return parser


def _add_eval_parser(sub, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser(
        "eval",
        parents=[common],
        help="measure detection quality on labeled corpora",
        description="Evaluate on the labeled corpora under EVAL_ROOT (pan13-train, "
        "indonesian-pan-format, clough-stevenson, counter-urdu; absent ones are skipped), "
        "or on one corpus in the PAN text-alignment format with --pan, and print the tables.",
    )
    ev.add_argument(
        "eval_root",
        nargs="?",
        default="../shared/eval",
        metavar="EVAL_ROOT",
        help="folder holding the corpora (default %(default)s; ignored with --pan)",
    )
    ev.add_argument("--pan", metavar="DIR", help="evaluate only this PAN-format corpus")
    ev.add_argument("--detections", metavar="OUTDIR", help="also write PAN detection XMLs here")
    ev.add_argument("--json", metavar="FILE", help="write all results as JSON (atomically)")
    ev.add_argument(
        "--limit", type=positive_int, metavar="N", help="only the first N pairs of each (sub-)corpus"
    )


def _report_problems(result: AnalysisResult) -> None:
    for p in result.problems:
        print(f"compare-sources: {p}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "dedup":
        try:
            parser.dedup.set_defaults(**cli_dedup.load_config(parser.dedup, args.config))
        except ValueError as exc:
            print(f"compare-sources dedup: {exc}", file=sys.stderr)
            return EXIT_INPUT
        return cli_dedup.run(parser.parse_args(argv))
    if args.command == "index":
        return cli_dedup.run_index(args)
    try:
        options = _options(args)
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "eval":
        return _evaluate(args, options)
    result = analyze_paths(
        args.paths, options, id_field=args.id_field, text_field=args.text_field, jobs=args.jobs
    )
    _report_problems(result)
    if args.verbose:
        stages = ", ".join(f"{stage} {s:.2f} s" for stage, s in result.seconds.items())
        print(f"compare-sources: stages: {stages}", file=sys.stderr)
    if not result.documents:
        print("compare-sources: no document could be read; nothing written", file=sys.stderr)
        return EXIT_INPUT
    try:
        if args.command == "report":
            index = write_report(result, args.output, args.jobs)
            print(index.resolve())
        elif args.output == "-":
            sys.stdout.write(result.to_json())
        else:
            text = result.to_json()
            write_file(Path(args.output), lambda f: f.write(text))
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


def _evaluate(args: argparse.Namespace, options: Options) -> int:
    """The `eval` subcommand: run, print the tables, write the JSON."""
    root = Path(args.pan or args.eval_root)
    if not root.is_dir():
        print(f"compare-sources: {root}: no such directory", file=sys.stderr)
        return EXIT_INPUT
    try:
        if args.pan:
            results = run_pan(root, options, args.limit, args.detections)
        else:
            results = run_all(root, options, args.limit, args.detections)
    except (OSError, ValueError, SyntaxError) as exc:  # SyntaxError: xml.etree's ParseError
        print(f"compare-sources: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if not results["corpora"]:
        print(f"compare-sources: {root}: no evaluation corpus found", file=sys.stderr)
        return EXIT_INPUT
    sys.stdout.write(format_tables(results))
    if args.json:
        try:
            text = to_json(results)
            write_file(Path(args.json), lambda f: f.write(text))
        except OSError as exc:
            print(f"compare-sources: {exc}", file=sys.stderr)
            return EXIT_INPUT
    return EXIT_OK

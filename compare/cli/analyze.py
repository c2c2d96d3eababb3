"""`compare-sources report` and `compare-sources analyze`: the passage analysis of files.

Exit status: 0 everything read and written; 2 some input could not be read
(named on stderr; the rest is still analyzed and written), or nothing
could be read or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..analysis.options import Options
from ..analysis.result import AnalysisResult
from ..util.atomic import write_file
from .args import EXIT_INPUT, EXIT_OK

__all__ = ["add_parsers", "run"]


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    """The `report` and `analyze` subcommands, with the analysis options `common`."""
    rep = sub.add_parser(
        "report",
        parents=[common],
        help="analyze documents and write the HTML report",
        description="Analyze files or directories (.txt .md .html .jsonl .json .csv) "
        "and write an HTML report with results.json.",
    )
    rep.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (searched recursively), globs, or - for JSONL on stdin",
    )
    rep.add_argument(
        "-o",
        "--output",
        default="reports/out",
        metavar="OUTDIR",
        help="report directory, replaced atomically (default %(default)s)",
    )
    ana = sub.add_parser("analyze", parents=[common], help="analyze documents and write results.json only")
    ana.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (searched recursively), globs, or - for JSONL on stdin",
    )
    ana.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="results JSON file, or - for stdout (default %(default)s)",
    )


def _report_problems(result: AnalysisResult) -> None:
    for p in result.problems:
        print(f"compare-sources: {p}", file=sys.stderr)


def run(args: argparse.Namespace, options: Options) -> int:
    """Run `report` or `analyze` with parsed arguments; the exit status."""
    # Imported here: the other commands (dedup in a pipeline) start without loading them.
    from ..analysis.pipeline import analyze_paths
    from ..report.render import ReportError, write_report

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

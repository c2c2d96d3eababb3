"""`compare-sources report` and `compare-sources analyze`: the passage analysis of files.

Exit status: 0 everything read and written; 2 some input could not be read
(named on stderr; the rest is still analyzed and written), or nothing
could be read or written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.options import Options
from ..analysis.result import AnalysisResult
from ..load import STDIN
from ..spark.session import SparkUnavailable, job_failure
from ..util.atomic import write_file
from .args import EXIT_INPUT, EXIT_OK, add_spark_options
from .clash import output_clash
from .progress import StageBars

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..load import LoadProblem
    from ..report.selection import Selection

__all__ = ["add_parsers", "run"]


def add_parsers(sub, common: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
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
        nargs="*",
        metavar="PATH",
        help="files, directories (searched recursively), globs, or - for JSONL on stdin",
    )
    chosen = rep.add_argument_group("a report of an earlier result (--from), or of a part of it")
    chosen.add_argument(
        "--from",
        dest="result",
        metavar="RESULT",
        help="a results.json, or a folder of tables (analyze --format parquet), instead of PATHs",
    )
    chosen.add_argument("--source", action="append", default=[], help="pairs with a document of this source")
    chosen.add_argument("--since", metavar="YYYY-MM-DD", help="pairs of documents both dated on or after")
    chosen.add_argument("--until", metavar="YYYY-MM-DD", help="pairs of documents both dated on or before")
    chosen.add_argument(
        "--relation",
        action="append",
        default=[],
        choices=["near-duplicate", "excerpt", "partial-reuse", "quotation", "topical"],
        help="pairs of this relation",
    )
    chosen.add_argument(
        "--min-score",
        type=float,
        default=0.0,
        metavar="S",
        help="pairs whose Jaccard or a coverage reaches S",
    )
    chosen.add_argument("--document", metavar="ID", help="the pairs and passages of this document")
    rep.add_argument(
        "-o",
        "--output",
        default="reports/out",
        metavar="OUTDIR",
        help="report directory, replaced atomically (default %(default)s)",
    )
    rep.add_argument("--quiet", "-q", action="store_true", help="no progress bars, no summary line on stderr")
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
    ana.add_argument(
        "--format",
        choices=["json", "parquet"],
        default="json",
        help="json: one results file; parquet: a folder of tables (-o DIR; needs pyarrow)",
    )
    ana.add_argument("--quiet", "-q", action="store_true", help="no progress bars, no summary line on stderr")
    g = ana.add_argument_group(
        "engine",
        "The Spark engine gives the same results as the local one (documents, pairs, scores, "
        "matches, clusters, passages, problems); it needs PySpark and Java "
        "(pip install 'compare-sources[spark]'). --jobs is the local engine's; Spark's "
        "parallelism is its master's.",
    )
    g.add_argument(
        "--engine",
        choices=["local", "spark"],
        default="local",
        help="local: this machine (--jobs processes); spark: an Apache Spark job (default %(default)s)",
    )
    add_spark_options(g)
    return {"report": rep, "analyze": ana}


def _run_spark(args: argparse.Namespace, options: Options) -> int:
    """``analyze --engine spark``: the analysis as a Spark job
    (`compare.analysis.spark.job`); the Parquet tables written by its
    executors, or the result collected into one JSON file."""
    from ..analysis.spark.job import spark_analyze

    start = time.perf_counter()
    try:
        run = spark_analyze(
            args.paths,
            options,
            id_field=args.id_field,
            text_field=args.text_field,
            master=args.spark_master,
            verbose=args.verbose,
            partitions=args.partitions,
        )
        _report_problems(run.problems)
        if run.count == 0:
            print("compare-sources: no document could be read; nothing written", file=sys.stderr)
            return EXIT_INPUT
        if args.format == "parquet":
            run.write_tables(args.output)
        else:
            result = run.collect()
            if args.output == "-":
                result.write_json(sys.stdout)
            else:
                write_file(Path(args.output), result.write_json)
        if args.verbose or (not args.quiet and sys.stderr.isatty()):
            total = time.perf_counter() - start
            print(_summary(run.count, run.relations(), run.seconds, total), file=sys.stderr)
    except SparkUnavailable as exc:
        print(f"compare-sources analyze: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"compare-sources: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # Spark's own errors, from the JVM
        failure = job_failure(exc)
        if failure is None:
            raise
        print(f"compare-sources analyze: the Spark job failed (nothing written): {failure}", file=sys.stderr)
        return EXIT_INPUT
    if run.problems:
        print(
            f"compare-sources: {len(run.problems)} input problem(s); "
            f"analyzed the {run.count} document(s) that could be read",
            file=sys.stderr,
        )
        return EXIT_INPUT
    return EXIT_OK


def _engine_problem(args: argparse.Namespace) -> str | None:
    """Why the engine options cannot run as given, or None."""
    if args.command != "analyze" or args.engine != "spark":
        if args.command == "analyze" and args.spark_master:
            return "--spark-master needs --engine spark"
        return None
    if STDIN in args.paths:
        return "--engine spark reads files (local or on a cluster file system), not standard input"
    return None


def _report_problems(problems: Sequence[LoadProblem]) -> None:
    for p in problems:
        print(f"compare-sources: {p}", file=sys.stderr)


def _summary(documents: int, relations: dict[str, int], seconds: dict[str, float], total: float) -> str:
    """The final line: what was found (pairs by relation), and the seconds of each stage."""
    found = ", ".join(f"{n} {r}" for r, n in sorted(relations.items(), key=lambda x: (-x[1], x[0])))
    stages = ", ".join(f"{stage} {s:.2f} s" for stage, s in seconds.items())
    return (
        f"compare-sources: {documents} documents, {sum(relations.values())} related pairs"
        f"{f' ({found})' if found else ''} in {total:.1f} s; stages: {stages}"
    )


def _read_result(path: Path) -> AnalysisResult:
    """An earlier result: a ``results.json``, or a folder of tables
    (`compare.analysis.tables`). ValueError naming `path` when it is neither."""
    from ..analysis.tables import read_tables

    try:
        if path.is_dir():
            return read_tables(path)
        with path.open(encoding="utf-8") as f:
            return AnalysisResult.from_dict(json.load(f))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: cannot be read as a result ({exc})") from None


def _selection(args: argparse.Namespace) -> Selection | None:
    """The part of the result `report` is asked to show (None: all of it);
    ValueError for a date that is not one."""
    from ..report.selection import Selection

    if not (args.source or args.since or args.until or args.relation or args.min_score or args.document):
        return None
    return Selection(
        frozenset(args.source),
        args.since,
        args.until,
        frozenset(args.relation),
        args.min_score,
        args.document,
    )


def run(args: argparse.Namespace, options: Options) -> int:
    """Run `report` or `analyze` with parsed arguments; the exit status."""
    # Imported here: the other commands (dedup in a pipeline) start without loading them.
    from ..analysis.pipeline import analyze_paths
    from ..report.render import ReportError, write_report

    if args.command == "report" and (args.result is None) == (not args.paths):
        print(
            "usage: compare-sources report [PATH ...] [--from RESULT] [options]\n"
            "compare-sources report: error: give PATHs to analyze, or --from an earlier result, not both",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if args.command == "analyze" and args.format == "parquet" and args.output == "-":
        print(
            "compare-sources analyze: --format parquet writes a folder: give it with -o DIR", file=sys.stderr
        )
        return EXIT_INPUT
    engine_problem = _engine_problem(args)
    if engine_problem:
        print(f"compare-sources analyze: {engine_problem}", file=sys.stderr)
        return EXIT_INPUT
    inputs = [args.result] if args.command == "report" and args.result else args.paths
    clash = output_clash(inputs, [("--output", args.output)])
    if clash:
        print(f"compare-sources: {clash}", file=sys.stderr)
        return EXIT_INPUT
    earlier = args.command == "report" and args.result is not None
    try:
        selection = _selection(args) if args.command == "report" else None
        result = _read_result(Path(args.result)) if earlier else None
    except ValueError as exc:
        print(f"compare-sources report: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.command == "analyze" and args.engine == "spark":
        return _run_spark(args, options)
    bars = StageBars(enabled=not args.quiet and sys.stderr.isatty())
    start = time.perf_counter()
    if result is None:
        result = analyze_paths(
            args.paths,
            options,
            id_field=args.id_field,
            text_field=args.text_field,
            jobs=args.jobs,
            progress=bars,
        )
        bars.close()
        _report_problems(result.problems)
    if not result.documents:
        print("compare-sources: no document could be read; nothing written", file=sys.stderr)
        return EXIT_INPUT
    seconds = dict(result.seconds)
    try:
        if args.command == "report":
            from ..report.selection import select

            rendering = time.perf_counter()
            shown = select(result, selection) if selection is not None else result
            index = write_report(shown, args.output, args.jobs, progress=bars)
            bars.close()
            seconds["pages"] = time.perf_counter() - rendering
            print(index.resolve())
        elif args.format == "parquet":
            from ..analysis.tables import write_tables

            write_tables(result, args.output)
        elif args.output == "-":
            result.write_json(sys.stdout)
        else:
            write_file(Path(args.output), result.write_json)
    except (ReportError, OSError) as exc:
        print(f"compare-sources: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.verbose or bars.enabled:
        relations = Counter(p.relation for p in result.pairs)
        total = time.perf_counter() - start
        print(_summary(len(result.documents), relations, seconds, total), file=sys.stderr)
    if result.problems and not earlier:  # an earlier result's problems were reported when it was made
        print(
            f"compare-sources: {len(result.problems)} input problem(s); "
            f"analyzed the {len(result.documents)} document(s) that could be read",
            file=sys.stderr,
        )
        return EXIT_INPUT
    return EXIT_OK

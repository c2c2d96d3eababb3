"""`compare-sources dedup`: near-duplicate checks of batches, for pipelines.

Exit status: 0 no duplicates; 1 duplicates found (0 with ``--exit-zero``);
2 bad usage, or an input (a file, or a record of it) could not be read:
named on stderr with its line, the other records are still checked and the
outputs written.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Iterable

from tqdm import tqdm

from ..dedup.batch import run as run_dedup
from ..dedup.index import IndexBusy, IndexMismatch, index_error
from ..dedup.options import DedupOptions
from ..dedup.output import FORMATS, render, summary_line, write_output
from ..dedup.result import DedupRun
from ..dedup.rules import KEEP
from ..load import STDIN, LoadProblem
from ..spark.session import SparkUnavailable, job_failure
from .args import (
    EXIT_DUPLICATES,
    EXIT_INPUT,
    EXIT_OK,
    add_config,
    add_jobs,
    add_minhash_options,
    add_spark_options,
    fraction,
    fraction_or_off,
    megabytes,
)
from .clash import output_clash

__all__ = ["add_parser", "run"]

ENGINES = ("local", "spark")


def add_parser(sub) -> argparse.ArgumentParser:
    d = DedupOptions()
    p = sub.add_parser(
        "dedup",
        help="find near-duplicate documents in batches (machine-readable output, exit status)",
        description="Find near-duplicate documents, edited copies included (and, with "
        "--containment, excerpts): MinHash signatures, LSH and shingle-sample candidates, exact "
        "shingle Jaccard, containment and shared-passage coverage for every candidate, "
        "clusters. Exit status 0: no duplicates, "
        "1: duplicates found, 2: bad usage or unreadable input.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, directories, glob patterns, or - for JSONL on stdin "
        "(.jsonl .ndjson .csv .json .txt .md .html)",
    )
    p.add_argument(
        "--threshold",
        type=fraction,
        default=d.threshold,
        metavar="J",
        help="exact shingle Jaccard at or above which two documents are duplicates (default %(default)s)",
    )
    p.add_argument(
        "--coverage",
        type=fraction_or_off,
        default=d.coverage,
        metavar="C",
        help="two documents each at least this share inside passages shared with the other "
        "(shared shingles, gaps of up to 20 words bridged) are near-duplicates whatever their "
        "Jaccard: edited copies (default %(default)s: copies with up to a fifth of their words "
        "edited; off: Jaccard only, faster)",
    )
    p.add_argument(
        "--containment",
        type=fraction,
        default=None,
        metavar="C",
        help="also find excerpts: a document of which at least this share of shingles is in another "
        "is a duplicate of it (default: off; 0.8 finds texts mostly inside another, 0.2 finds "
        "passages reused in longer stories, and costs more)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default %(default)s; parquet: a folder, given with --output, of "
        "documents/, pairs/, clusters/ and result.json)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the output here (atomically), not to stdout")
    p.add_argument(
        "--write-deduplicated",
        metavar="OUT.jsonl",
        help="write the input records minus duplicates as JSONL, every field kept",
    )
    p.add_argument(
        "--keep",
        choices=KEEP,
        default="first",
        help="which document of a cluster is kept: the first read, the longest, or the earliest "
        "'date' field (default %(default)s)",
    )
    p.add_argument("--id-field", default="id", help="record id field (default %(default)s)")
    p.add_argument("--text-field", default="text", help="record text field (default %(default)s)")
    add_minhash_options(p, d.shingle_size, d.num_perm, d.seed)
    add_jobs(p, "threads")
    p.add_argument(
        "--hold-mb",
        type=megabytes,
        default=d.hold_mb,
        metavar="MB",
        help="memory for holding the shingles of the first documents from signing to verification "
        "(8 bytes a word), so they are not read twice (default %(default)s; 0: read the candidates "
        "again, the least memory)",
    )
    p.add_argument(
        "--index",
        metavar="PATH",
        help="persistent index (SQLite file, created if missing): check the inputs against every "
        "document indexed before, then add them",
    )
    p.add_argument("--check-only", action="store_true", help="with --index: check, add nothing")
    g = p.add_argument_group(
        "engine",
        "The Spark engine gives the same pairs, scores, clusters and kept documents as the local "
        "one; it needs PySpark and Java (pip install 'compare-sources[spark]'). --jobs is the local "
        "engine's; Spark's parallelism is its master's. With --engine spark, --write-deduplicated "
        "names a folder of JSONL part files, and --output with --format parquet may be on any "
        "file system Spark writes (hdfs://, s3a://).",
    )
    g.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: this machine, streamed (--jobs threads); spark: an Apache Spark job "
        "(default %(default)s)",
    )
    add_spark_options(g)
    p.add_argument(
        "--verbose",
        action="store_true",
        help="the seconds of each stage on stderr; with --engine spark, Spark's warnings too",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when duplicates are found")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary line on stderr")
    add_config(p)
    return p


def _problems(problems: list[LoadProblem]) -> None:
    for p in problems:
        print(f"compare-sources: {p}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run `dedup` with parsed arguments; the exit status."""
    try:
        options = DedupOptions(
            threshold=args.threshold,
            shingle_size=args.shingle_size,
            num_perm=args.num_perm,
            seed=args.seed,
            jobs=args.jobs,
            containment=args.containment,
            coverage=args.coverage,
            hold_mb=args.hold_mb,
        )
    except ValueError as exc:
        print(f"compare-sources dedup: {exc}", file=sys.stderr)
        return EXIT_INPUT
    usage = _usage_problem(args)
    if usage:
        print(f"compare-sources dedup: {usage}", file=sys.stderr)
        return EXIT_INPUT
    check = _check_spark if args.engine == "spark" else _check
    try:
        summary, problems = check(args, options)
    except (SparkUnavailable, FileExistsError, IndexMismatch, IndexBusy) as exc:
        print(f"compare-sources dedup: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.Error as exc:  # met while querying or adding: the index is the file at fault
        print(f"compare-sources dedup: {index_error(args.index, exc)}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"compare-sources dedup: cannot write: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # Spark's own errors, from the JVM
        failure = job_failure(exc)
        if failure is None:
            raise
        print(
            f"compare-sources dedup: the Spark job failed (no output half-written): {failure}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    _problems(problems)
    if not args.quiet:
        print(f"compare-sources dedup: {summary_line(summary)}", file=sys.stderr)
    if problems:
        return EXIT_INPUT
    if summary["duplicates"] and not args.exit_zero:
        return EXIT_DUPLICATES
    return EXIT_OK


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with a combination of options, before anything is read."""
    outputs = [
        ("--output", args.output),
        ("--write-deduplicated", args.write_deduplicated),
        ("--index", args.index),
    ]
    clash = output_clash(args.inputs, outputs)
    if clash:
        return clash
    if args.format == "parquet" and not args.output:
        return "--format parquet writes a folder: give it with --output DIR"
    if args.write_deduplicated == STDIN:
        return "--write-deduplicated needs a file name"
    if args.engine != "spark":
        if args.spark_master:
            return "--spark-master needs --engine spark"
        return None
    if args.index:
        return (
            "--index is the local engine's SQLite file (one machine); --engine spark checks "
            "its inputs against each other only"
        )
    if STDIN in args.inputs:
        return "--engine spark reads files (local or on a cluster file system), not standard input"
    return None


def _check_spark(args: argparse.Namespace, options: DedupOptions) -> tuple[dict, list[LoadProblem]]:
    """Deduplicate on Spark and write the outputs (see `compare.dedup.spark.job`);
    the summary and the problems."""
    from ..dedup.spark.job import spark_deduplicate

    start = time.perf_counter()
    result = spark_deduplicate(
        args.inputs,
        options,
        keep=args.keep,
        id_field=args.id_field,
        text_field=args.text_field,
        master=args.spark_master,
        verbose=args.verbose,
        partitions=args.partitions,
    )
    try:
        if args.write_deduplicated:
            result.write_deduplicated(args.write_deduplicated)
        if args.format == "parquet":
            summary = result.write_parquet(args.output)["summary"]
        else:
            run = result.collect()
            run.elapsed = time.perf_counter() - start
            _write_output(args, run)
            summary = run.summary()
    finally:
        result.documents.sparkSession.stop()
    if args.verbose:
        _timings(result.seconds, start)
    return summary, result.problems


def _check(args: argparse.Namespace, options: DedupOptions) -> tuple[dict, list[LoadProblem]]:
    """The whole run on this machine (`compare.dedup.batch.run`); the summary and the problems."""
    start = time.perf_counter()
    result = run_dedup(
        args.inputs,
        options,
        args.keep,
        id_field=args.id_field,
        text_field=args.text_field,
        index=args.index,
        check_only=args.check_only,
        deduplicated=args.write_deduplicated,
        write=lambda found: _write_output(args, found),
        progress=None if args.quiet else _progress,
    )
    if args.verbose:
        _timings(result.seconds, start)
    changes = result.index_changes
    if changes and not args.quiet:
        print(
            f"compare-sources dedup: index: {changes['added']} added, {changes['unchanged']} indexed"
            f" already with the same text (a retried run: not added again), {changes['replaced']}"
            " replaced (an indexed id with other text)",
            file=sys.stderr,
        )
    return result.summary(), result.problems


def _timings(seconds: dict[str, float], start: float) -> None:
    """The seconds of each stage, and of the whole command since `start`, on stderr (``--verbose``)."""
    stages = ", ".join(f"{stage} {took:.2f} s" for stage, took in seconds.items())
    total = time.perf_counter() - start
    print(f"compare-sources dedup: stages: {stages}, total {total:.2f} s", file=sys.stderr)


def _write_output(args: argparse.Namespace, found: DedupRun) -> None:
    """The result in `--format`, to `--output` (atomically) or stdout."""
    if args.output:
        write_output(found, args.format, args.output)
    else:
        sys.stdout.write(render(found, args.format))


def _progress(items: Iterable, stage: str, total: int | None) -> Iterable:
    """`items`, with a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return items
    return tqdm(items, desc=stage, total=total, unit=" docs", file=sys.stderr, leave=False)

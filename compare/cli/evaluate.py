"""`compare-sources eval`: detection quality on labeled corpora.

Exit status: 0 when the evaluation ran and its outputs were written, 2 on
bad usage or a missing or unreadable corpus path.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..analysis.options import Options
from ..util.atomic import write_file
from .args import EXIT_INPUT, EXIT_OK, add_jobs, positive_int

__all__ = ["add_parser", "run"]


def add_parser(sub, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The `eval` subcommand, with the analysis options `common`."""
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
    add_jobs(ev, "worker processes of the collection-mode analyses")
    return ev


def run(args: argparse.Namespace, options: Options) -> int:
    """Run `eval` with parsed arguments: run, print the tables, write the JSON; the exit status."""
    from ..evaluation.evaluate import format_tables, run_all, run_pan, to_json  # only `eval` needs it

    root = Path(args.pan or args.eval_root)
    if not root.is_dir():
        print(f"compare-sources: {root}: no such directory", file=sys.stderr)
        return EXIT_INPUT
    try:
        if args.pan:
            results = run_pan(root, options, args.limit, args.detections, jobs=args.jobs)
        else:
            results = run_all(root, options, args.limit, args.detections, jobs=args.jobs)
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

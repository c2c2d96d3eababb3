"""The `compare-sources` command: parses the arguments and hands them to one module per command.

* `report`, `analyze` (`compare.cli.analyze`): 0 everything read and
  written; 2 bad usage, or some input could not be read (named on stderr;
  the rest is still analyzed and written), or nothing could be written;
* `eval` (`compare.cli.evaluate`): 0 when the evaluation ran and its
  outputs were written, 2 on bad usage or a missing corpus path;
* `dedup` (`compare.cli.dedup`): 0 no duplicates, 1 duplicates, 2 bad
  usage or unreadable input; `index` (`compare.cli.index`): 0 done, 2 not.

Any unexpected error is one line on stderr and exit 2, never 1 (which a
pipeline reads as "duplicates found"); ``--verbose`` shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._version import __version__
from . import analyze, dedup, evaluate, index
from .args import EXIT_INPUT, analysis_options, analysis_parser
from .config import load_config

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compare-sources",
        description="Find near-duplicates, reused passages and what is unique to each source.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    commands = analyze.add_parsers(sub, analysis_parser())
    commands["eval"] = evaluate.add_parser(sub, analysis_parser(records=False))
    commands["dedup"] = dedup.add_parser(sub)
    index.add_parser(sub)
    parser.commands = commands  # type: ignore[attr-defined]  # the ones a configuration file sets
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(parser, args, argv)
    except Exception as exc:  # a bug or an unforeseen input: one line, exit 2 (1 means "duplicates found")
        if getattr(args, "verbose", False):
            raise
        print(
            f"compare-sources {args.command}: unexpected error: {type(exc).__name__}: {exc}"
            " (nothing half-written; run again with --verbose for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INPUT


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    if args.command == "index":
        return index.run(args)
    commands = parser.commands  # type: ignore[attr-defined]
    try:
        defaults = load_config(args.config, args.command, commands)
    except ValueError as exc:
        print(f"compare-sources {args.command}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if defaults:
        commands[args.command].set_defaults(**defaults)
        args = parser.parse_args(argv)
    if args.command == "dedup":
        return dedup.run(args)
    try:
        options = analysis_options(args)
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "eval":
        return evaluate.run(args, options)
    return analyze.run(args, options)

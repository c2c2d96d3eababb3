"""The `compare-sources` command: parses the arguments and hands them to one module per command.

* `report`, `analyze` (`compare.cli.analyze`): 0 everything read and
  written; 2 bad usage, or some input could not be read (named on stderr;
  the rest is still analyzed and written), or nothing could be written;
* `eval` (`compare.cli.evaluate`): 0 when the evaluation ran and its
  outputs were written, 2 on bad usage or a missing corpus path;
* `dedup` (`compare.cli.dedup`): 0 no duplicates, 1 duplicates, 2 bad
  usage or unreadable input; `index` (`compare.cli.index`): 0 done, 2 not;
* `warm-up` (`compare.cli.warmup`): compiles the kernels ahead; 0.

Any unexpected error is one line on stderr and exit 2, never 1 (which a
pipeline reads as "duplicates found"); ``--verbose`` shows its traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from .._version import __version__
from .args import EXIT_INPUT, analysis_options, analysis_parser
from .config import load_config

__all__ = ["build_parser", "entry", "main"]

#: Each command's module under compare.cli. Only the module of the command
#: given is imported (with what it needs: the analysis, or numba for dedup),
#: so that a command starts without loading the others' libraries.
MODULES = {
    "report": "analyze",
    "analyze": "analyze",
    "eval": "evaluate",
    "dedup": "dedup",
    "index": "index",
    "warm-up": "warmup",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of `command` (with the others' names only), or of every command."""
    parser = argparse.ArgumentParser(
        prog="compare-sources",
        description="Find near-duplicates, reused passages and what is unique to each source.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    wanted = {MODULES[command]} if command in MODULES else set(MODULES.values())
    commands: dict[str, argparse.ArgumentParser] = {}
    for module in dict.fromkeys(MODULES.values()):  # in the order of MODULES, for --help
        if module not in wanted:
            continue
        cli = importlib.import_module(f"{__package__}.{module}")
        if module == "analyze":
            commands.update(cli.add_parsers(sub, analysis_parser()))
        elif module == "evaluate":
            commands["eval"] = cli.add_parser(sub, analysis_parser(records=False))
        elif module == "dedup":
            commands["dedup"] = cli.add_parser(sub)
        else:
            cli.add_parser(sub)
    parser.commands = commands  # type: ignore[attr-defined]  # the ones a configuration file sets
    return parser


def _command(argv: Sequence[str] | None) -> str | None:
    """The command named in `argv` (the first argument that is not an option)."""
    args = sys.argv[1:] if argv is None else argv
    return next((a for a in args if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(_command(argv))
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


def entry() -> None:
    """The `compare-sources` program (and ``python -m compare``): `main`, then exit with its status.

    On the way out every object still alive is frozen (`gc.freeze`), so that
    the interpreter's last collections do not walk them all again: numba's
    compiler objects alone, once a dedup has loaded its kernels, take those
    collections some 0.2 s. Only the program does this; `main`, called from
    Python, leaves the collector alone.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    module = importlib.import_module(f"{__package__}.{MODULES[args.command]}")
    if args.command in ("index", "warm-up"):
        return module.run(args)
    commands = parser.commands  # type: ignore[attr-defined]
    try:  # every command's parser: a shared key must be some command's option
        defaults = load_config(
            args.config,
            args.command,
            lambda: build_parser().commands,  # type: ignore[attr-defined]  # set by build_parser
        )
    except ValueError as exc:
        print(f"compare-sources {args.command}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if defaults:
        commands[args.command].set_defaults(**defaults)
        args = parser.parse_args(argv)
    if args.command == "dedup":
        return module.run(args)
    try:
        options = analysis_options(args)
    except ValueError as exc:
        parser.error(str(exc))
    return module.run(args, options)

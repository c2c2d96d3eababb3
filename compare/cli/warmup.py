"""The `warm-up` command: compile the kernels ahead (`compare.dedup.warmup`)."""

from __future__ import annotations

import argparse
import sys

from .args import EXIT_OK

__all__ = ["add_parser", "run"]


def add_parser(sub) -> None:
    sub.add_parser(
        "warm-up",
        help="compile the compiled loops once, ahead of the first run (after installing)",
        description="Compile and cache the compiled loops, so that the first real run in a new "
        "environment does not spend seconds compiling them.",
    )


def run(args: argparse.Namespace) -> int:
    from ..dedup.warmup import warm_up

    seconds = warm_up()
    print(f"compare-sources warm-up: kernels ready in {seconds:.1f} s", file=sys.stderr)
    return EXIT_OK

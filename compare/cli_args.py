"""Argument types and options shared by the `compare-sources` subcommands."""

from __future__ import annotations

import argparse

from .parallel import available_cores

__all__ = ["add_jobs", "fraction", "positive_int"]


def positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return n


def fraction(value: str) -> float:
    x = float(value)
    if not 0.0 < x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {value}")
    return x


def add_jobs(parser, workers: str) -> None:
    """``--jobs N``: how many `workers` (processes, threads) to use."""
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=available_cores(),
        metavar="N",
        help=f"{workers}; the result does not depend on it (default: the cores available, %(default)s)",
    )

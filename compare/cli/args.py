"""Argument types and options shared by the `compare-sources` subcommands."""

from __future__ import annotations

import argparse

from ..util.parallel import available_cores

__all__ = ["add_jobs", "add_minhash_options", "fraction", "positive_int"]


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


def add_minhash_options(parser, shingle_size: int, num_perm: int, seed: int) -> None:
    """``--shingle-size``, ``--num-perm``, ``--seed``, with the command's defaults."""
    parser.add_argument(
        "--shingle-size",
        type=positive_int,
        default=shingle_size,
        help="words per shingle (default %(default)s)",
    )
    parser.add_argument(
        "--num-perm", type=positive_int, default=num_perm, help="MinHash permutations (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=seed, help="MinHash seed (default %(default)s)")

"""Argument types and options shared by the `compare-sources` subcommands (the analysis
options of `report`, `analyze` and `eval`; jobs and MinHash options of every command)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING

from ..util.parallel import available_cores

if TYPE_CHECKING:
    from ..analysis.options import Options

# Exit codes of every subcommand: 0 done (for dedup: no duplicates), 1 duplicates found
# (dedup and `--check` only), 2 bad input or usage. Pipelines branch on these.
EXIT_OK = 0
EXIT_DUPLICATES = 1
EXIT_INPUT = 2

__all__ = [
    "EXIT_DUPLICATES",
    "EXIT_INPUT",
    "EXIT_OK",
    "add_config",
    "add_jobs",
    "add_minhash_options",
    "analysis_options",
    "analysis_parser",
    "fraction",
    "fraction_or_off",
    "megabytes",
    "positive_int",
]


def positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return n


def megabytes(value: str) -> float:
    x = float(value)
    if not x >= 0:
        raise argparse.ArgumentTypeError(f"must be a number of MiB, 0 or more, got {value}")
    return x


def fraction(value: str) -> float:
    x = float(value)
    if not 0.0 < x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {value}")
    return x


def fraction_or_off(value: str) -> float | None:
    """A `fraction`, or ``off`` (None): a rule that can be turned off."""
    if value.strip().lower() in ("off", "none"):
        return None
    return fraction(value)


def add_jobs(parser, workers: str) -> None:
    """``--jobs N``: how many `workers` (processes, threads) to use."""
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=available_cores(),
        metavar="N",
        help=f"{workers}; the result does not depend on it (default: the cores available, %(default)s)",
    )


def add_config(parser) -> None:
    """``--config FILE``: option defaults from TOML (`compare.cli.config`)."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file whose [tool.compare-sources] table (shared by the commands) and "
        "[tool.compare-sources.COMMAND] table set defaults for these options, by their long names "
        "(in a file of its own, at its top level and [COMMAND]); default: ./pyproject.toml's "
        "tables, if any. Flags override it.",
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


def analysis_parser(records: bool = True) -> argparse.ArgumentParser:
    """The analysis options; `records`: also the JSONL/JSON/CSV field names."""
    from ..analysis.align import AlignParams
    from ..analysis.options import Options

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
        "--threshold",
        "--jaccard",
        dest="threshold",
        type=fraction,
        default=d.near_duplicate_jaccard,
        metavar="J",
        help="exact shingle Jaccard at or above which two documents are near-duplicates, as in "
        "dedup (--jaccard: its old name; default %(default)s)",
    )
    g.add_argument(
        "--coverage",
        type=fraction,
        default=d.near_duplicate_coverage,
        metavar="C",
        help="two documents each at least this share inside reused passages are near-duplicates "
        "whatever their Jaccard: edited copies, as in dedup (default %(default)s)",
    )
    g.add_argument(
        "--containment",
        type=fraction,
        default=d.excerpt_coverage,
        metavar="C",
        help="a document at least this share inside reused passages of another is an excerpt of "
        "it, as in dedup (default %(default)s)",
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
    g.add_argument(
        "--within-days",
        type=int,
        default=d.max_days_apart,
        metavar="N",
        help="compare only documents dated at most N days apart (a document without a date: "
        "with every other; default: any dates)",
    )
    g.add_argument(
        "--across-sources",
        action="store_true",
        default=d.across_sources,
        help="compare only documents of different sources",
    )
    add_config(g)
    if not records:
        return p
    add_jobs(g, "worker processes")
    g.add_argument("--verbose", action="store_true", help="the seconds of each stage on stderr")
    g.add_argument("--id-field", default="id", help="record id field in JSONL/JSON/CSV (default %(default)s)")
    g.add_argument(
        "--text-field", default="text", help="record text field in JSONL/JSON/CSV (default %(default)s)"
    )
    return p


def analysis_options(args: argparse.Namespace) -> Options:
    """The `Options` of parsed analysis options (ValueError when one is out of range)."""
    from ..analysis.align import AlignParams
    from ..analysis.options import Options

    return Options(
        shingle_size=args.shingle_size,
        num_perm=args.num_perm,
        seed=args.seed,
        lsh_threshold=args.lsh_threshold,
        near_duplicate_jaccard=args.threshold,
        near_duplicate_coverage=args.coverage,
        excerpt_coverage=args.containment,
        topical_similarity=args.topical,
        align=replace(AlignParams(), min_words=args.min_words),
        min_passage_chars=args.min_chars,
        max_days_apart=args.within_days,
        across_sources=args.across_sources,
    )


def add_spark_options(group: argparse._ArgumentGroup) -> None:
    """--spark-master and --partitions, the Spark engines' options (for --engine spark)."""
    from ..spark.session import DEFAULT_MASTER, DEFAULT_PARTITIONS

    group.add_argument(
        "--spark-master",
        metavar="URL",
        help=f"with --engine spark: the master, e.g. local[4], yarn, spark://host:7077 (default: "
        f"the one spark-submit gives, else {DEFAULT_MASTER})",
    )
    group.add_argument(
        "--partitions",
        type=positive_int,
        default=DEFAULT_PARTITIONS,
        metavar="N",
        help="with --engine spark: partitions of every shuffle, fixed so that runs write the same "
        "files (default %(default)s; a few per core of the cluster)",
    )

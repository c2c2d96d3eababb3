"""`compare-sources index`: look after a persistent dedup index (stats, list, remove, vacuum).

Exit status: 0 done; 2 bad usage, or an index that cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from ..dedup.index import DedupIndex, IndexBusy, IndexMismatch, index_error
from .args import EXIT_INPUT, EXIT_OK

__all__ = ["add_parser", "run"]


def add_parser(sub) -> None:
    """The `index` subcommand."""
    p = sub.add_parser(
        "index",
        help="look after a persistent dedup index: stats, list, remove, vacuum",
        description="Inspect or maintain an index written by `dedup --index`.",
    )
    p.add_argument("action", choices=("stats", "list", "remove", "vacuum"))
    p.add_argument("path", metavar="PATH", help="the index file")
    p.add_argument("ids", nargs="*", metavar="ID", help="with remove: the ids of the documents to remove")


def run(args: argparse.Namespace) -> int:
    """Run `index` with parsed arguments; the exit status."""
    if args.action == "remove" and not args.ids:
        print("compare-sources index: remove needs the ids of the documents to remove", file=sys.stderr)
        return EXIT_INPUT
    try:
        with DedupIndex.open_existing(args.path) as index:
            if args.action == "stats":
                sys.stdout.write(json.dumps(index.stats(), indent=1) + "\n")
            elif args.action == "list":
                for doc_id, path, line, added in index.documents():
                    sys.stdout.write(f"{doc_id}\t{path}\t{'' if line is None else line}\t{added}\n")
            elif args.action == "remove":
                removed = index.remove(args.ids)
                print(f"compare-sources index: removed {removed} document(s)", file=sys.stderr)
            else:
                index.vacuum()
    except (IndexMismatch, IndexBusy) as exc:
        print(f"compare-sources index: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.Error as exc:
        print(f"compare-sources index: {index_error(args.path, exc)}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK

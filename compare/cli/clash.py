"""Outputs that would overwrite, or be read back as, the inputs.

`dedup batch.jsonl -o batch.jsonl` replaced the day's batch with its own
report, and `analyze a.txt b.txt -o a.txt` overwrote a text. An output
that is an input, lies inside an input folder (the next run would read it
as a document), or holds an input (a report folder replaced with its
inputs inside) is refused before anything is read or written; so are two
outputs on one path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = ["output_clash"]

STANDARD_STREAM = "-"


def _inside(path: Path, folder: Path) -> bool:
    return folder in path.parents


def output_clash(inputs: Sequence[str], outputs: Sequence[tuple[str, str | None]]) -> str | None:
    """What is wrong with `outputs` (``(option, path)``; None or ``-`` for
    none or standard output) against `inputs`, in words; None if nothing.

    >>> output_clash(["batch.jsonl"], [("--output", "batch.jsonl")])
    '--output batch.jsonl is the input batch.jsonl: nothing done'
    >>> output_clash(["a.jsonl"], [("--output", "out.json"), ("--write-deduplicated", "out.json")])
    '--write-deduplicated out.json is also --output out.json: nothing done'
    >>> output_clash(["a.jsonl"], [("--output", "-"), ("--write-deduplicated", "kept.jsonl")]) is None
    True
    """
    given = [(option, path) for option, path in outputs if path and path != STANDARD_STREAM]
    seen: dict[Path, str] = {}
    for option, path in given:
        target = Path(path).resolve()
        if target in seen:
            return f"{option} {path} is also {seen[target]}: nothing done"
        seen[target] = f"{option} {path}"
        for source in inputs:
            if source == STANDARD_STREAM:
                continue
            origin = Path(source).resolve()
            if target == origin:
                return f"{option} {path} is the input {source}: nothing done"
            if origin.is_dir() and _inside(target, origin):
                return (
                    f"{option} {path} is inside the input folder {source}, where the next run would"
                    " read it as a document: nothing done"
                )
            if _inside(origin, target):
                return f"{option} {path} holds the input {source}, which writing would replace: nothing done"
    return None

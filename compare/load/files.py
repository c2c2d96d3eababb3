"""Which files are input, and the name each gives its documents.

Input specs are files, directories (searched recursively), globs and ``-``
(JSONL on standard input). `expand` turns one into input files, in reading
order, each with the name its documents' ids use (`InputFile.id_name`):

* a file found under a directory given: its path relative to that directory,
  prefixed with the directory's name (``nyt/story.txt``) when several specs
  are given, so that two folders' ``story.txt`` stay apart;
* a file given directly: its file name;
* a glob's match: its path as matched;
* standard input: ``stdin``.

A whole text file's id is that name, and a record without an id is
``"<name>#<line>"``. The analysis, batch dedup and the Spark engine all
name files by this rule.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .document import LoadProblem
from .records import INPUT_SUFFIXES

__all__ = [
    "NOT_UTF8_NAME",
    "REPORT_MARKER",
    "STDIN",
    "InputFile",
    "expand",
    "input_files",
    "no_readable_files",
    "printable",
    "walk",
]

#: The input name that means JSONL on standard input.
STDIN = "-"
#: The file marking a folder as a compare-sources report (never read as input).
REPORT_MARKER = ".compare-sources-report"
_GLOB = set("*?[")


@dataclass(frozen=True)
class InputFile:
    """A file to read: `path` as given or found (what outputs and problems
    name), `id_name` for its documents' ids, and `root`, the directory given
    that it was found under (None for a file given directly or by a glob)."""

    path: str
    id_name: str
    root: Path | None = None


def walk(root: Path, suffixes: Iterable[str] = INPUT_SUFFIXES, names: Iterable[str] = ()) -> list[Path]:
    """Readable files (by `suffixes`, or with one of `names`) under `root`,
    skipping hidden entries (.git, .nox, ...) and folders holding a
    compare-sources report (its pages are not input); sorted by their path
    under `root`. Symbolic links to folders are not followed (as `os.walk`
    does not), and the walk keeps its own stack, so folders nested
    thousands deep are read (`os.walk` recurses)."""
    suffixes, names = set(suffixes), set(names)
    found = []
    pending = [root]
    while pending:
        here = pending.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:  # an unreadable folder is skipped, as os.walk skips it
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = here / entry.name
            if entry.is_dir():
                if not entry.is_symlink() and not (path / REPORT_MARKER).exists():
                    pending.append(path)
            elif Path(entry.name).suffix.lower() in suffixes or entry.name in names:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def no_readable_files(directory: str) -> LoadProblem:
    """The problem of a directory given that holds no input file."""
    return LoadProblem(directory, f"directory holds no readable files ({', '.join(sorted(INPUT_SUFFIXES))})")


def expand(spec: str, several: bool) -> tuple[list[InputFile], list[LoadProblem]]:
    """The input files of one spec, and its problems (a missing path, an empty
    directory, a glob matching nothing, a file whose name is not valid
    UTF-8: shown with its bytes escaped, and skipped, for no output could
    name it). `several`: whether more than one spec is given (a
    directory's files are then named with its name first)."""
    found, problems = _expand(spec, several)
    named = [f for f in found if printable(f.path) == f.path]
    bad = [LoadProblem(printable(f.path), NOT_UTF8_NAME) for f in found if printable(f.path) != f.path]
    return named, bad + problems


def _expand(spec: str, several: bool) -> tuple[list[InputFile], list[LoadProblem]]:
    if spec == STDIN:
        return [InputFile(STDIN, "stdin")], []
    path = Path(spec)
    if path.is_dir():
        found = walk(path)
        prefix = f"{path.resolve().name}/" if several else ""
        files = [InputFile(str(f), prefix + f.relative_to(path).as_posix(), path) for f in found]
        return files, [] if files else [no_readable_files(spec)]
    if path.is_file():
        return [InputFile(spec, path.name)], []
    if _GLOB & set(spec):
        globbed = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        matched = [
            InputFile(p, Path(p).as_posix()) for p in globbed if Path(p).suffix.lower() in INPUT_SUFFIXES
        ]
        return matched, [] if matched else [LoadProblem(spec, "no readable file matches this pattern")]
    return [], [LoadProblem(spec, "no such file or directory")]


def input_files(specs: Sequence[str]) -> tuple[list[InputFile], list[LoadProblem]]:
    """The input files of every spec, in order, and the specs' problems."""
    files: list[InputFile] = []
    problems: list[LoadProblem] = []
    for spec in specs:
        found, problem = expand(spec, len(specs) > 1)
        files += found
        problems += problem
    return files, problems


#: The problem of a file whose name is not valid UTF-8.
NOT_UTF8_NAME = "file name is not valid UTF-8; the file is skipped (rename it to read it)"


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (which Python keeps as
    surrogates) shown as ``\\xff`` escapes.

    >>> printable(os.fsdecode(b"bad\\xffname.txt"))
    'bad\\\\xffname.txt'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

"""Outputs that are never half-written: a file or a folder is the old one or the new one.

`write_file` writes a text file through a temporary file beside it,
renamed over the target once complete. `replace_folder` builds a folder
(a report, a Parquet result) in a hidden temporary folder beside the
target and swaps it in; a target that is not an earlier output of the
same kind is refused, never overwritten. Both leave the target as it was
on any error, and give new files the permissions a plain ``open()`` would
(``mkstemp`` and ``mkdtemp`` make them private). The Spark engine's swap
on Hadoop file systems (`compare.dedup.spark.job`) is the same idea over
another file-system API.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

__all__ = ["FolderRefused", "replace_folder", "write_file"]


class FolderRefused(FileExistsError):
    """The target folder is not an earlier output of this kind: left alone."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write the text file `path` with `write(file)`: into a temporary file in
    the same folder, renamed over `path` only once complete (on any error,
    `path` is left as it was). Newlines are written as given."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_folder(
    target: Path, build: Callable[[Path], None], replaceable: Callable[[Path], bool], what: str
) -> None:
    """Build a folder with `build(new_folder)` and put it in place of `target`.

    `target` must not exist, or be a folder that `replaceable` accepts
    (checked before building and again at the swap); otherwise
    `FolderRefused` says it is not `what` ("a compare-sources report").
    The swap is two renames: a process killed between them leaves the
    previous folder beside `target` as ``.NAME.old-PID-*``. The folders a
    killed run left (its half-built ``.NAME.new-PID-*``, and an ``old`` one
    once `target` is back in place) are removed by the next run, when no
    process with that PID is running.
    """
    target = Path(target)
    if target.is_symlink():
        raise FolderRefused(f"{target} is a symbolic link; give the folder it points to")
    if target.exists() and not (target.is_dir() and replaceable(target)):
        raise FolderRefused(f"{target} exists and is not {what}; choose another output directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        build(new)
        os.chmod(new, 0o777 & ~_umask())
        if not target.exists():
            new.rename(target)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        if old.is_symlink() or not replaceable(old):  # something was put there meanwhile
            old.rename(target)
            raise FolderRefused(f"{target} changed while it was being replaced; left as it is")
        try:
            new.rename(target)
        except BaseException:
            old.rename(target)
            raise
        shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise


def _remove_leftovers(target: Path) -> None:
    """Remove what killed runs left beside `target` (see `replace_folder`)."""
    for kind in ("new", "old"):
        if kind == "old" and not target.exists():
            continue  # the previous folder may be the only copy left: keep it
        for leftover in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*-*"):
            pid = leftover.name[len(target.name) + len(kind) + 3 :].split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)) and leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether a process with this PID runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True

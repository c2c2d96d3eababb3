"""Tests of compare.util.atomic: a file or a folder is the old one or the new one, never half."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from compare.util.atomic import FolderRefused, replace_folder, write_file


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_file_is_replaced_whole_with_the_permissions_of_open(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.json"
    write_file(target, lambda f: f.write("old\n"))
    write_file(target, lambda f: f.write("new\r\n"))
    assert target.read_bytes() == b"new\r\n"  # newlines as given
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert _listing(target.parent) == ["out.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def broken(f) -> None:
        f.write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_file(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert _listing(tmp_path) == ["out.txt"]


def _build(text: str):
    def build(folder: Path) -> None:
        (folder / "marker").write_text("ours", encoding="utf-8")
        (folder / "data.txt").write_text(text, encoding="utf-8")

    return build


def _ours(folder: Path) -> bool:
    return (folder / "marker").is_file()


def test_a_folder_is_built_aside_and_swapped_in(tmp_path: Path) -> None:
    target = tmp_path / "result"
    replace_folder(target, _build("one"), _ours, "a result")
    replace_folder(target, _build("two"), _ours, "a result")
    assert (target / "data.txt").read_text(encoding="utf-8") == "two"
    assert _listing(tmp_path) == ["result"]


def test_a_foreign_folder_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "thesis"
    target.mkdir()
    (target / "chapter1.txt").write_text("my only copy", encoding="utf-8")
    with pytest.raises(FolderRefused, match="thesis exists and is not a result"):
        replace_folder(target, _build("new"), _ours, "a result")
    assert _listing(target) == ["chapter1.txt"]
    assert _listing(tmp_path) == ["thesis"]


def test_a_failed_build_leaves_the_old_folder(tmp_path: Path) -> None:
    target = tmp_path / "result"
    replace_folder(target, _build("old"), _ours, "a result")

    def broken(folder: Path) -> None:
        (folder / "half.txt").write_text("half", encoding="utf-8")
        raise OSError("no space left")

    with pytest.raises(OSError, match="no space left"):
        replace_folder(target, broken, _ours, "a result")
    assert (target / "data.txt").read_text(encoding="utf-8") == "old"
    assert _listing(tmp_path) == ["result"]


def test_folders_left_by_killed_runs_are_removed_by_the_next(tmp_path: Path) -> None:
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(gone.stdout)  # a process that has ended
    half_built = tmp_path / f".rep.new-{dead}-abc"
    previous = tmp_path / f".rep.old-{dead}-def"
    building_now = tmp_path / f".rep.new-{os.getpid()}-ghi"  # a live run's: left alone
    for folder in (half_built, previous, building_now):
        folder.mkdir()
    replace_folder(
        tmp_path / "rep", lambda new: (new / "index.html").write_text("x"), lambda _: True, "a report"
    )
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [
        building_now.name,
        previous.name,
        "rep",
    ]  # no report was there: .old- may be its only copy
    replace_folder(
        tmp_path / "rep", lambda new: (new / "index.html").write_text("y"), lambda _: True, "a report"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [building_now.name, "rep"]

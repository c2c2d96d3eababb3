"""Output folders written by Spark, on any file system it writes to:
built beside their target and swapped in, through Hadoop's ``FileSystem``
(``file://``, ``hdfs://``, ``s3a://``)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..util.atomic import FolderRefused

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["name_parts", "write_folder", "write_text"]

_PART = re.compile(r"part-(\d+)-.*?(\.[a-z]+)$")


def write_folder(spark: SparkSession, directory: str, marker: str, write: Callable, what: str) -> None:
    """Run ``write(spark, fs, folder)`` into a hidden folder beside `directory`,
    then swap it in. An existing `directory` is replaced only if it is a
    file or holds `marker` (it is an earlier output, not someone's folder)."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None  # a started session's gateway
    path = jvm.org.apache.hadoop.fs.Path(directory)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    target = fs.makeQualified(path)
    if (
        fs.exists(target)
        and fs.getFileStatus(target).isDirectory()
        and not fs.exists(target.suffix("/" + marker))
    ):
        raise FolderRefused(f"{directory} exists and is not {what}; choose another output directory")
    temporary = target.getParent().suffix(f"/.{target.getName()}.{uuid.uuid4().hex}.tmp")
    try:
        write(spark, fs, temporary)
        _swap(fs, temporary, target)
    finally:
        if fs.exists(temporary):
            fs.delete(temporary, True)


def write_text(fs: Any, path: Any, text: str) -> None:
    out = fs.create(path, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def _swap(fs: Any, new: Any, target: Any) -> None:
    """Rename `new` to `target`; an earlier `target` is moved aside first and deleted after."""
    old = None
    if fs.exists(target):
        old = target.getParent().suffix(f"/.{target.getName()}.{uuid.uuid4().hex}.old")
        if not fs.rename(target, old):
            raise OSError(f"cannot move the earlier {target.toString()} aside")
    if not fs.rename(new, target):
        if old is not None:
            fs.rename(old, target)
        raise OSError(f"cannot rename {new.toString()} to {target.toString()}")
    if old is not None:
        fs.delete(old, True)


def name_parts(fs: Any, folder: Any, by: str | None = None) -> int:
    """Give the part files Spark wrote into `folder` names of their own, so
    the same result has the same names (and in name order, the order of
    the rows), and return how many there are: ``part-00003-<job
    uuid>-c000.zstd.parquet`` becomes ``part-000003.parquet``; with `by`,
    the column the write was partitioned by (one file per value), the file
    in ``BY=K/`` becomes ``part-K.parquet`` (K with six digits).
    Hadoop's ``_SUCCESS`` and, on a local file system, its checksum files go."""
    parts = 0
    for status in fs.listStatus(folder):
        path = status.getPath()
        name = path.getName()
        found = _PART.match(name)
        if found:
            fs.rename(path, folder.suffix(f"/part-{int(found[1]):06d}{found[2]}"))
            parts += 1
        elif by is not None and name.startswith(f"{by}="):
            inside = [s.getPath() for s in fs.listStatus(path) if _PART.match(s.getPath().getName())]
            if len(inside) != 1:
                raise OSError(f"{path.toString()}: {len(inside)} part files where one was written")
            suffix = _PART.match(inside[0].getName())[2]  # type: ignore[index]
            fs.rename(inside[0], folder.suffix(f"/part-{int(name.split('=', 1)[1]):06d}{suffix}"))
            fs.delete(path, True)
            parts += 1
        elif name.startswith("_"):
            fs.delete(path, False)
    if fs.getScheme() == "file":
        raw = fs.getRawFileSystem()
        for status in raw.listStatus(folder):
            if status.getPath().getName().endswith(".crc"):
                raw.delete(status.getPath(), False)
    return parts

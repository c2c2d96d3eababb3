"""``sources.toml`` in a directory given by URI (``hdfs://``, ``s3a://``,
``file://``), found and read through Hadoop's file system.

The local loader finds a directory's manifests by walking it
(`compare.load.find_manifests`); here the directory is listed by Hadoop
as the input files are (`compare.spark.read.hadoop_walk`: recursively,
hidden and Hadoop's ``_`` folders skipped), and each manifest is read whole on the
driver (manifests are small) and parsed by the local parser
(`compare.load.manifest.parse_manifest`), so an entry means the same in
both engines.

Names are the listed URIs, as Hadoop gives them (``file:/data/x``,
``hdfs://nn:8020/data/x``): the manifests are keyed by their folder as
``Path(uri)`` and the documents' files are placed under the directory as
``Path(uri)`` too, so `compare.load.manifest.describe` finds an entry by
the file's path relative to the manifest's folder, as it does locally.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..load import LoadProblem
from ..load.manifest import MANIFEST_NAME, Manifests, parse_manifest
from .read import hadoop_walk

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["hadoop_manifests"]


def hadoop_manifests(spark: SparkSession, spec: str) -> tuple[Path | None, Manifests, list[LoadProblem]]:
    """For a directory given by URI: the directory (as the listed files'
    names give it, a `Path` of the URI), every manifest in it and below, by
    folder, in path order, and their problems. For anything else (a file, a
    glob, a missing path): ``(None, {}, [])``; its documents take no
    manifest, as a file given directly takes none locally."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None  # a started session's gateway
    path = jvm.org.apache.hadoop.fs.Path(spec)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if set("*?[{") & set(spec) or not fs.exists(path) or fs.getFileStatus(path).isFile():
        return None, {}, []
    found = [name for name, under in hadoop_walk(fs, path) if PurePosixPath(under).name == MANIFEST_NAME]
    manifests: Manifests = {}
    problems: list[LoadProblem] = []
    for name in sorted(found, key=lambda n: PurePosixPath(n).parts):
        try:
            stream = fs.open(jvm.org.apache.hadoop.fs.Path(name))
            try:
                content = bytes(jvm.org.apache.hadoop.io.IOUtils.readFullyToByteArray(stream))
            finally:
                stream.close()
        except Exception as exc:  # py4j's error from the JVM: the file could not be read
            problems.append(LoadProblem(name, f"manifest not readable: {str(exc).splitlines()[0]}"))
            continue
        entries, found_problems = parse_manifest(content, name)
        problems.extend(found_problems)
        manifests[Path(name).parent] = entries
    return Path(fs.makeQualified(path).toString().rstrip("/")), manifests, problems

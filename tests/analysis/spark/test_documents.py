"""The Spark analysis reads its documents as the local loader does
(`compare.analysis.spark.documents`), manifests included: a directory's
``sources.toml`` files apply whether the directory is given as a path or
by URI (then they are found and read through Hadoop's file system)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic_corpora import write_input

from compare.analysis.spark.documents import read_documents
from compare.load import load_paths

pytestmark = pytest.mark.spark


def _archive(root: Path) -> Path:
    """Two folders of text and JSONL, a manifest at the top naming a file by
    its path, one below naming records by id, one in a hidden folder."""
    write_input(root / "wire" / "a.txt", "Council approves the budget after a long debate.")
    write_input(
        root / "wire" / "feed.jsonl",
        '{"id": "x1", "text": "The mayor spoke on Monday."}\n{"id": "x2", "text": "Rain is expected."}\n',
    )
    write_input(root / "blog" / "b.txt", "A blog post about the budget.")
    write_input(
        root / "sources.toml",
        '[documents."wire/a.txt"]\nsource = "Daily News"\ntitle = "Budget"\ndate = "2024-05-01"\n'
        'author = "J. Doe"\n[documents."x2"]\nsource = "Weather desk"\n',
    )
    write_input(root / "wire" / "sources.toml", '[documents."x1"]\nsource = "Wire"\n')
    write_input(root / ".hidden" / "sources.toml", '[documents."blog/b.txt"]\nsource = "Never"\n')
    return root


def _documents(spark, spec: str) -> list[tuple]:
    rows = read_documents(spark, [spec]).frame.orderBy("index").collect()
    return [(r.id, r.source, r.title, r.date, json.loads(r.metadata)) for r in rows]


def test_manifests_apply_to_a_directory_given_by_path_or_by_uri(spark, tmp_path) -> None:
    root = _archive(tmp_path / "archive")
    local = load_paths([root])
    assert local.problems == []
    expected = [(d.id, d.source, d.title, d.date, d.metadata) for d in local.documents]
    assert [e[1] for e in expected] == ["blog", "Daily News", "Wire", "Weather desk"]
    assert _documents(spark, str(root)) == expected
    assert _documents(spark, root.as_uri()) == expected


def test_an_unreadable_manifest_by_uri_is_the_local_problem(spark, tmp_path) -> None:
    root = tmp_path / "archive"
    write_input(root / "a.txt", "Text.")
    write_input(root / "sources.toml", "[documents\nbroken")
    (local,) = load_paths([root]).problems
    documents = read_documents(spark, [root.as_uri()])
    (problem,) = documents.problems
    assert problem.message == local.message and problem.message.startswith("manifest not readable")
    assert problem.path == f"file:{root}/sources.toml"
    assert documents.count == 1

"""Tests of compare.load.document: how a problem names its input."""

from __future__ import annotations

from compare.load.document import LoadProblem


def test_load_problem_str() -> None:
    assert str(LoadProblem("dir/feed.jsonl", "malformed JSON", line=7)) == "dir/feed.jsonl:7: malformed JSON"
    assert str(LoadProblem("dir/a.txt", "empty file")) == "dir/a.txt: empty file"

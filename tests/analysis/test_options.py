"""Tests of compare.analysis.options: every parameter is validated."""

from __future__ import annotations

import pytest

from compare import Options


def test_options_are_validated():
    with pytest.raises(ValueError, match="near_duplicate_jaccard"):
        Options(near_duplicate_jaccard=1.5)


def test_min_passage_chars_is_validated():
    with pytest.raises(ValueError, match="min_passage_chars"):
        Options(min_passage_chars=-1)

"""The report's passage helpers (compare.report.passages)."""

from __future__ import annotations

from compare.analysis.passages import Passage, Version
from compare.report.passages import PassageIndex, word_diff


def test_word_diff_of_identical_and_empty_texts() -> None:
    assert word_diff("a b c", "a b c") == [("equal", "a b c", "a b c")]
    assert word_diff("", "new words") == [("insert", "", "new words")]


def test_passage_index_finds_the_passage_of_a_span() -> None:
    first, second = (
        Passage(1, [Version(0, 0, 10), Version(1, 5, 20)], False),
        Passage(2, [Version(0, 30, 40), Version(2, 0, 9)], False),
    )
    index = PassageIndex([first, second])
    assert (index.at(0, 9), index.at(0, 10), index.at(0, 35), index.at(1, 4), index.at(3, 0)) == (
        first,
        None,
        second,
        None,
        None,
    )

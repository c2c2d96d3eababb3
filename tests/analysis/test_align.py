"""Tests of compare.analysis.align: reused passages between word-id sequences.

A verbatim copy is one exact alignment; an edited copy (10% of words
replaced, words inserted or deleted) stays ONE alignment with a word-level
diff; unrelated sequences give nothing; a passage repeated inside one text is
found by `align_self`; `min_words` and `min_similarity` filter. The diff
itself is checked for consistency (contiguous ops, equal ops hold equal words).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from compare.analysis.align import Alignment, AlignParams, align_pair, align_self, find_seeds
from compare.sketch.hashing import word_hashes
from compare.text.normalize import normalize
from compare.text.segment import tokenize


def _words(n: int, seed: int, low: int = 0) -> np.ndarray:
    """`n` random word ids, distinct from other calls when `low` differs."""
    return np.random.default_rng(seed).integers(low, low + 1_000_000, n)


def _check_ops(x: Alignment, a: np.ndarray, b: np.ndarray) -> None:
    ops = x.ops
    assert ops[0][0] == "equal"
    assert ops[-1][0] == "equal"
    assert (ops[0][1], ops[0][3], ops[-1][2], ops[-1][4]) == (x.a_start, x.b_start, x.a_end, x.b_end)
    for prev, nxt in itertools.pairwise(ops):
        assert prev[2] == nxt[1]
        assert prev[4] == nxt[3]
    for tag, a0, a1, b0, b1 in ops:
        if tag == "equal":
            np.testing.assert_array_equal(a[a0:a1], b[b0:b1])
    assert x.shared == sum(a1 - a0 for tag, a0, a1, _, _ in ops if tag == "equal")


@pytest.fixture
def source() -> np.ndarray:
    return _words(200, seed=1)


def test_verbatim_copy_gives_one_exact_alignment(source: np.ndarray) -> None:
    b = np.concatenate([_words(30, 2, low=10**7), source[50:150], _words(30, 3, low=10**7)])
    (x,) = align_pair(source, b)
    assert (x.a_start, x.a_end, x.b_start, x.b_end) == (50, 150, 30, 130)
    assert x.shared == 100
    assert x.verbatim
    assert x.similarity == 1.0
    assert x.ops == (("equal", 50, 150, 30, 130),)


def test_ten_percent_replaced_is_one_edited_alignment(source: np.ndarray) -> None:
    edited = source.copy()
    replaced = np.arange(5, 200, 10)
    edited[replaced] = _words(len(replaced), 4, low=10**7)
    (x,) = align_pair(source, edited)
    assert (x.a_start, x.a_end, x.b_start, x.b_end) == (0, 200, 0, 200)
    assert x.shared == 180
    assert not x.verbatim
    assert {op[0] for op in x.ops} == {"equal", "replace"}
    assert [op[1] for op in x.ops if op[0] == "replace"] == replaced.tolist()
    _check_ops(x, source, edited)


def test_inserted_and_deleted_words_are_tolerated(source: np.ndarray) -> None:
    extra = _words(2, 5, low=10**7)
    edited = np.concatenate([source[:40], extra, source[40:100], source[103:]])
    (x,) = align_pair(source, edited)
    assert (x.a_start, x.a_end, x.b_start, x.b_end) == (0, 200, 0, 199)
    assert x.shared == 197
    changes = [op for op in x.ops if op[0] != "equal"]
    assert changes == [("insert", 40, 40, 40, 42), ("delete", 100, 103, 102, 102)]
    _check_ops(x, source, edited)


def test_unrelated_sequences_give_nothing(source: np.ndarray) -> None:
    assert align_pair(source, _words(200, 6, low=10**7)) == []
    assert align_pair(source, source[:0]) == []


def test_two_separate_passages_give_two_alignments(source: np.ndarray) -> None:
    filler = _words(60, 7, low=10**7)
    b = np.concatenate([source[120:160], filler, source[10:50]])
    found = align_pair(source, b)
    assert [(x.a_start, x.a_end, x.b_start, x.b_end) for x in found] == [
        (10, 50, 100, 140),
        (120, 160, 0, 40),
    ]
    assert all(x.verbatim for x in found)


def test_repeated_passage_found_by_align_self(source: np.ndarray) -> None:
    text = np.concatenate([source[:50], _words(40, 8, low=10**7), source[10:40], _words(10, 9, low=10**7)])
    (x,) = align_self(text)
    assert (x.a_start, x.a_end, x.b_start, x.b_end) == (10, 40, 90, 120)
    assert x.a_end <= x.b_start
    assert x.verbatim


def test_align_self_without_repeats_is_empty(source: np.ndarray) -> None:
    assert align_self(source) == []


def test_min_words_is_respected(source: np.ndarray) -> None:
    assert align_pair(source[:11], source[:11]) == []
    (x,) = align_pair(source[:12], source[:12])
    assert x.shared == 12
    (y,) = align_pair(source[:11], source[:11], AlignParams(min_words=5))
    assert y.shared == 11
    assert align_pair(source[:40], source[:40], AlignParams(min_words=41)) == []


def test_min_similarity_is_respected() -> None:
    # Shared runs of 4 words alternating with 4 different words: similarity 0.5.
    a, b = [], []
    for n in range(8):
        shared = list(range(100 * n, 100 * n + 4))
        a += [*shared, *range(10**6 + 10 * n, 10**6 + 10 * n + 4)]
        b += [*shared, *range(2 * 10**6 + 10 * n, 2 * 10**6 + 10 * n + 4)]
    a_ids, b_ids = np.array(a), np.array(b)
    params = AlignParams(min_words=4, max_gap=8)
    (x,) = align_pair(a_ids, b_ids, params)
    assert x.similarity == pytest.approx(32 / 60)
    assert align_pair(a_ids, b_ids, AlignParams(min_words=4, max_gap=8, min_similarity=0.6)) == []


def test_frequent_ngrams_are_not_seeds() -> None:
    grams = np.array([1, 1, 1, 2, 3])
    assert find_seeds(grams, np.array([1, 3]), max_occurrences=2).tolist() == [[4, 1]]
    assert find_seeds(grams, np.array([1, 3]), max_occurrences=3).tolist() == [
        [0, 0],
        [1, 0],
        [2, 0],
        [4, 1],
    ]


def test_real_words_edited_copy() -> None:
    original = (
        "The death toll from the raid continues to rise, exposing not only the human "
        "cost of the operation but also the accelerating erosion of international law."
    )
    rewrite = (
        "The death toll from the raid keeps rising, exposing not only the human "
        "cost of the operation but also the rapid erosion of international law."
    )
    a = word_hashes(tokenize(normalize(original)).words)
    b = word_hashes(tokenize(normalize(rewrite)).words)
    (x,) = align_pair(a, b)
    assert (x.a_start, x.a_end) == (0, len(a))
    assert (x.b_start, x.b_end) == (0, len(b))
    assert not x.verbatim
    _check_ops(x, a, b)


def test_invalid_parameters() -> None:
    with pytest.raises(ValueError):
        AlignParams(seed_size=0)
    with pytest.raises(ValueError):
        AlignParams(min_words=0)
    with pytest.raises(ValueError):
        AlignParams(min_similarity=1.5)

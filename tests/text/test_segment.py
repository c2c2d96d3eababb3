"""Tests of compare.text.segment: words with original offsets, and sentence starts.

Checks that every token's original slice is the surface word it came from
(Latin with curly apostrophes and accents, Urdu in Arabic script), that
apostrophes stay inside words, that `Tokens.select` keeps offsets aligned,
and the sentence splitting rules (final punctuation, paragraph breaks,
single-letter initials, abbreviations, lowercase continuation).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.text.normalize import normalize
from compare.text.segment import _WORD, code_points, sentence_starts, tokenize, word_spans


def _surface(original: str) -> list[str]:
    tokens = tokenize(normalize(original))
    return [original[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]


def _sentences(original: str) -> list[list[str]]:
    normalized = normalize(original)
    tokens = tokenize(normalized)
    bounds = [*sentence_starts(tokens, normalized, original).tolist(), len(tokens)]
    return [tokens.words[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def test_original_offsets_slice_back_to_surface_words() -> None:
    original = "  The  President\u2019s “Plan”\u2014announced\u00a0by Nicolás Maduro."
    assert _surface(original) == [
        "The",
        "President\u2019s",
        "Plan",
        "announced",
        "by",
        "Nicolás",
        "Maduro",
    ]
    assert tokenize(normalize(original)).words == [
        "the",
        "president's",
        "plan",
        "announced",
        "by",
        "nicolas",
        "maduro",
    ]


def test_normalized_offsets_slice_the_normalized_text() -> None:
    normalized = normalize("Hello, brave  NEW world")
    tokens = tokenize(normalized)
    assert [
        normalized.text[s:e] for s, e in zip(tokens.norm_starts, tokens.norm_ends, strict=True)
    ] == tokens.words


def test_docstring_example() -> None:
    tokens = tokenize(normalize("The  U.S. Navy\u2019s ship"))
    assert tokens.words == ["the", "u", "s", "navy's", "ship"]
    assert (int(tokens.starts[3]), int(tokens.ends[3])) == (10, 16)


@pytest.mark.parametrize(
    ("original", "words"),
    [
        ("don't stop", ["don't", "stop"]),
        ("the state’s case", ["the", "state's", "case"]),
        ("rock 'n' roll", ["rock", "n", "roll"]),
        ("the students' union", ["the", "students", "union"]),
    ],
)
def test_apostrophes_inside_words_only(original: str, words: list[str]) -> None:
    assert tokenize(normalize(original)).words == words


def test_urdu_words_are_tokenized_as_words() -> None:
    original = "پاکستان کی حکومت نے"
    assert _surface(original) == ["پاکستان", "کی", "حکومت", "نے"]
    assert len(tokenize(normalize(original))) == 4


def test_empty_and_punctuation_only_texts_have_no_tokens() -> None:
    for original in ["", "   ", "... --- !!!"]:
        tokens = tokenize(normalize(original))
        assert len(tokens) == 0
        assert tokens.starts.shape == (0,)
        assert sentence_starts(tokens, normalize(original), original).shape == (0,)


def test_select_keeps_offsets_with_their_words() -> None:
    original = "alpha beta gamma delta"
    tokens = tokenize(normalize(original))
    kept = tokens.select(np.array([False, True, False, True]))
    assert kept.words == ["beta", "delta"]
    assert [original[s:e] for s, e in zip(kept.starts, kept.ends, strict=True)] == [
        "beta",
        "delta",
    ]
    assert kept.norm_starts.tolist() == [6, 17]


def test_two_sentences_are_split() -> None:
    assert _sentences("He left. She stayed.") == [["he", "left"], ["she", "stayed"]]


@pytest.mark.parametrize(
    "original",
    [
        "He served in the U.S. Navy for years.",
        "It was Mr. Jones who spoke.",
        "They met Dr. Smith at noon.",
        "He left. then he stayed.",
    ],
)
def test_no_split_after_initials_abbreviations_or_before_lowercase(original: str) -> None:
    assert len(_sentences(original)) == 1


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert _sentences("Is it? Yes! No.") == [["is", "it"], ["yes"], ["no"]]


def test_paragraph_break_starts_a_sentence_even_without_punctuation() -> None:
    assert _sentences("Title line\n\nbody text here") == [["title", "line"], ["body", "text", "here"]]


def test_line_break_before_lowercase_word_continues_the_sentence() -> None:
    # Irregular line breaks, as scraped pages have them, too short to re-flow.
    original = "Since 1965 the lab has received a\ntotal of 1,466\npatents.\nStaff grew"
    assert _sentences(original) == [
        ["since", "1965", "the", "lab", "has", "received", "a", "total", "of", "1", "466", "patents"],
        ["staff", "grew"],
    ]


def test_blank_line_ends_a_sentence_even_before_lowercase() -> None:
    assert _sentences("first part\n\nsecond part") == [["first", "part"], ["second", "part"]]


def test_urdu_full_stop_ends_a_sentence() -> None:
    sentences = _sentences("حکومت نے اعلان کیا۔ اس نے کہا")
    assert [len(s) for s in sentences] == [4, 3]


_ALPHABET = list("ab1_ '\u2044-.é\u0301ß\u06a9\u0660\U0001d400\u00bd\n\t東タก\u0e31\U00020000")


def test_characters_of_unspaced_scripts_are_words_alone() -> None:
    assert tokenize(normalize("我们在北京")).words == ["我", "们", "在", "北", "京"]
    assert tokenize(normalize("東京タワーへ行く")).words == list("東京タワーへ行く")
    assert tokenize(normalize("iPhone在東京, don't")).words == ["iphone", "在", "東", "京", "don't"]
    assert tokenize(normalize("กรุงเทพ")).words == ["ก", "ร", "ง", "เ", "ท", "พ"]  # vowel signs fold away


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40))
def test_vectorized_words_are_the_regex_words(text: str) -> None:
    starts, ends = word_spans(code_points(text))
    expected = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_vectorized_words_match_the_regex_on_any_text(text: str) -> None:
    starts, ends = word_spans(code_points(text))
    expected = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected

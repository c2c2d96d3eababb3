"""Tests of compare.text.normalize: the folding rules and the exact offset map.

The offset map is checked as a property (hypothesis) on text mixing the
characters that normalization rewrites: curly quotes, dashes, no-break
spaces, CRLF and paragraph breaks, combining marks, ligatures, ß, Arabic
with harakat, soft hyphens and zero-width spaces. Example tests pin down each
folding rule and the layout rules (re-flow, de-hyphenation, paragraphs).
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import CORPUS

from compare.text.normalize import fold, normalize
from compare.text.segment import code_points, tokenize, word_spans

# Pieces that exercise every rewriting rule of step 1 and the layout rules.
REWRITTEN = [
    "‘",
    "’",
    "“",
    "”",
    "–",
    "—",
    "\u00a0",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\u0301",
    "ﬁ",
    "ß",
    "بِسْمِ",
    "اللَّهِ",
    "\u00ad",
    "\u200b",
    "-",
    "'",
    "\t",
    "exam-\nple",
    "Nicolás",
    "Straße",
    "don’t",
    "İ",
]


def _single_word_char(c: str) -> bool:
    """False for the few characters that normalize, on their own, to SEVERAL words.

    These ('℀' -> 'a/c', '㏂' -> 'a.m.', 'ﷺ' -> four Arabic words) cannot
    satisfy the token round-trip property: one original character holds
    several words. Vulgar fractions ('½' -> '1⁄2') are one word since the
    fraction slash joins: see `test_fraction_character_maps_to_one_word`.
    """
    return len(tokenize(normalize(c)).words) <= 1


_CHARS = st.characters(exclude_categories=("Cs",)).filter(_single_word_char)
_TEXT = st.lists(st.one_of(st.sampled_from(REWRITTEN), st.text(_CHARS, max_size=4)), max_size=25).map("".join)


def _check_offset_map(original: str) -> None:
    n = normalize(original)
    assert len(n.starts) == len(n.text)
    assert len(n.ends) == len(n.text)
    if n.text:
        assert (n.starts < n.ends).all()
        assert (np.diff(n.starts) >= 0).all()
        assert (np.diff(n.ends) >= 0).all()
        assert n.starts.min() >= 0
        assert n.ends.max() <= len(original)


def _check_tokens_round_trip(original: str) -> None:
    tokens = tokenize(normalize(original))
    for word, start, end in zip(tokens.words, tokens.starts, tokens.ends, strict=True):
        alone = tokenize(normalize(original[start:end])).words
        assert alone == [word], (original, word, original[start:end])


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(_TEXT)
def test_offset_map_is_exact(original: str) -> None:
    _check_offset_map(original)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(_TEXT)
def test_each_word_slice_normalizes_to_that_word(original: str) -> None:
    _check_tokens_round_trip(original)


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(st.text())
def test_offset_map_is_exact_on_any_text(original: str) -> None:
    _check_offset_map(original)


@pytest.mark.parametrize("original", ["½", "2½ miles"])
def test_fraction_character_maps_to_one_word(original: str) -> None:
    _check_tokens_round_trip(original)


# ---------------------------------------------------------------- folding rules


def test_docstring_example_and_original_span() -> None:
    original = "It\u2019s  a\u00a0TEST\u2014isn\u2019t it?"
    n = normalize(original)
    assert n.text == "it's a test-isn't it?"
    start, end = n.original_span(7, 11)
    assert original[start:end] == "TEST"


def test_original_span_rejects_empty_span() -> None:
    with pytest.raises(ValueError):
        normalize("abc").original_span(2, 2)


def test_curly_and_straight_quotes_are_equal() -> None:
    curly = "“Don’t,” she said, ‘never’."
    straight = "\"Don't,\" she said, 'never'."
    assert normalize(curly).text == normalize(straight).text


@pytest.mark.parametrize("dash", ["\u2010", "\u2013", "\u2014", "\u2212", "\uff0d"])
def test_every_dash_becomes_hyphen(dash: str) -> None:
    assert normalize(f"left{dash}right").text == "left-right"


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u3000", "\t"])
def test_every_space_becomes_plain_space(space: str) -> None:
    assert normalize(f"one{space}two").text == "one two"


def test_runs_of_spaces_collapse_and_ends_are_trimmed() -> None:
    assert normalize("  Hello \u00a0  world  ").text == "hello world"


def test_case_is_folded() -> None:
    assert normalize("MiXeD Case STRASSE").text == "mixed case strasse"
    assert normalize("Straße").text == normalize("STRASSE").text


def test_accents_are_folded_with_exact_offsets() -> None:
    assert normalize("Nicolás Maduro").text == normalize("Nicolas Maduro").text
    decomposed = "Nicola\u0301s"
    n = normalize(decomposed)
    assert n.text == "nicolas"
    assert n.original_span(0, len(n.text)) == (0, len(decomposed))


def test_ligature_expands_to_letters_of_the_same_slice() -> None:
    n = normalize("ﬁne")
    assert n.text == "fine"
    assert n.starts.tolist() == [0, 0, 1, 2]
    assert n.ends.tolist() == [1, 1, 2, 3]


def test_zero_width_and_soft_hyphen_vanish() -> None:
    n = normalize("infor\u00admation and zero\u200bwidth")
    assert n.text == "information and zerowidth"


def test_arabic_harakat_do_not_split_words() -> None:
    original = "بِسْمِ اللَّهِ"
    n = normalize(original)
    assert n.text == "بسم اللہ"  # harakat dropped, Arabic heh folded to the Urdu form
    tokens = tokenize(n)
    assert [original[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == [
        "بِسْمِ",
        "اللَّهِ",
    ]


# ----------------------------------------------------------------- layout rules


@pytest.fixture
def hard_wrapped_paragraph() -> str:
    sentence = (
        "The committee met on Tuesday to review the evidence gathered during the inquiry, "
        "and its members agreed that further hearings would be necessary. "
    )
    lines = textwrap.wrap(sentence * 5, width=70)[:10]
    assert len(lines) == 10
    return "\n".join(lines)


def test_hard_wrapped_paragraph_is_reflowed(hard_wrapped_paragraph: str) -> None:
    n = normalize(hard_wrapped_paragraph)
    assert "\n" not in n.text
    assert n.text == " ".join(hard_wrapped_paragraph.split()).casefold()


def test_hard_wrapped_paragraphs_stay_separate(hard_wrapped_paragraph: str) -> None:
    n = normalize(hard_wrapped_paragraph + "\n\n" + hard_wrapped_paragraph)
    assert n.text.count("\n") == 1


def test_line_end_hyphenation_is_removed() -> None:
    original = "a good exam-\nple of it"
    n = normalize(original)
    assert n.text == "a good example of it"
    tokens = tokenize(n)
    assert original[tokens.starts[2] : tokens.ends[2]] == "exam-\nple"


def test_hyphen_before_capital_is_kept() -> None:
    assert "-" in normalize("the Franco-\nPrussian war").text


def test_paragraph_break_is_kept_as_single_newline() -> None:
    assert normalize("First paragraph.\n\nSecond paragraph.").text == ("first paragraph.\nsecond paragraph.")
    assert normalize("First.\r\n\r\n\r\nSecond.").text == "first.\nsecond."


def test_em_dash_at_line_end_does_not_glue_words() -> None:
    words = tokenize(normalize("a blow to democracy—\nand to freedom")).words
    assert words == ["a", "blow", "to", "democracy", "and", "to", "freedom"]


def test_arabic_and_urdu_letter_variants_match() -> None:
    # The same Urdu words typed with Arabic kaf/yeh/heh and a tatweel, and with Urdu letters.
    arabic_forms = "پاكستان كي حكومت نے كہا"
    urdu_forms = "پاکستان کی حکومت نے کہا"
    assert normalize(arabic_forms).text == normalize(urdu_forms).text
    assert normalize("مــحمد").text == normalize("محمد").text


def _words_of_normalize(text: str) -> list[str]:
    return [
        text_[s:e]
        for text_ in [normalize(text).text]
        for s, e in zip(*word_spans(code_points(text_)), strict=True)
    ]


def _words_of_fold(text: str) -> list[str]:
    folded = fold(text)
    return [folded[s:e] for s, e in zip(*word_spans(code_points(folded)), strict=True)]


_ALPHABET = list("aZ1 -\n\r\t'.é\u0301\u2014\u2013\u2010\u2011\u00ad\u200b\u2019\u201c") + list(
    "\u00bd\u0643\u0640ß\ufb01\u00a0İ\u207b"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=50))
def test_fold_gives_the_words_of_normalize(text: str) -> None:
    assert _words_of_fold(text) == _words_of_normalize(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_fold_gives_the_words_of_normalize_on_any_text(text: str) -> None:
    assert _words_of_fold(text) == _words_of_normalize(text)


def test_fold_gives_the_words_of_normalize_on_the_sample_corpus() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _words_of_fold(text) == _words_of_normalize(text), path.name

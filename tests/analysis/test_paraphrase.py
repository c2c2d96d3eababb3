"""Sentence-level alignment of reworded passages (compare.analysis.paraphrase)."""

from __future__ import annotations

import numpy as np
import pytest
from synthetic_corpora import prose

from compare import Document, Options
from compare.analysis.paraphrase import (
    ParaphraseParams,
    SentenceAlignment,
    _hysteresis,
    _unit_vectors,
    _units,
    align_sentences,
    evidenced,
    lopsided,
)
from compare.analysis.prepare import prepare_corpus
from compare.analysis.tfidf import WordWeights, tfidf_matrix

SOURCE = [
    "The river authority opened the new flood barrier near the old harbour on Friday morning.",
    "Engineers spent four years building the steel gates, which can close within twenty minutes.",
    "The barrier protects roughly forty thousand homes in the low districts along the estuary.",
    "Local fishermen complained that construction blocked their boats for two whole seasons.",
    "The project cost three hundred million euros, most of it paid by the national government.",
    "A museum about the great flood of 1953 will open in the control building next year.",
    "Critics argue that rising sea levels will make the barrier obsolete within fifty years.",
    "The mayor thanked the workers and promised a public festival on the dike in summer.",
]
OTHER = [
    "Ticket prices for the city orchestra rose again this winter, angering regular concertgoers.",
    "The zoo welcomed two red panda cubs, the first born there in more than a decade.",
    "A bakery on the main square won the national prize for its rye bread and almond pastries.",
    "Cyclists asked for wider lanes after a series of accidents on the ring road.",
    "The library will extend its opening hours during the examination period in June.",
    "Students painted a mural of migrating birds on the wall of the railway underpass.",
]
# Sentences 1-3 of SOURCE reworded: synonyms and reordered words.
REWORDED = [
    "Over four years engineers constructed the gates of steel, able to shut in twenty minutes.",
    "Some forty thousand houses in the low estuary districts are protected by the barrier.",
    "Fishermen from the area said the building work kept their boats out for two seasons.",
]


def _prepared(a: str, b: str):
    return prepare_corpus([Document("a", a, "A"), Document("b", b, "B")], Options())


def test_reworded_sentences_found_as_one_passage_on_sentence_boundaries() -> None:
    source = " ".join(SOURCE)
    derived = " ".join(OTHER[:3] + REWORDED + OTHER[3:])
    a, b = _prepared(source, derived)
    (found,) = align_sentences(a, b)
    a0, a1 = a.span(found.a_start, found.a_end)
    b0, b1 = b.span(found.b_start, found.b_end)
    assert source[a0:a1] == " ".join(SOURCE[1:4])[:-1]
    assert derived[b0:b1] == " ".join(REWORDED)[:-1]
    assert found.seeds >= 2


def test_texts_on_other_subjects_share_no_passage() -> None:
    a, b = _prepared(" ".join(SOURCE), " ".join(OTHER))
    assert align_sentences(a, b) == []


def test_weak_seeds_count_only_next_to_a_strong_seed() -> None:
    strong = np.zeros((10, 10), dtype=bool)
    weak = np.zeros((10, 10), dtype=bool)
    strong[2, 2] = True
    weak[3, 3] = weak[4, 4] = True  # a chain from the strong seed
    weak[8, 8] = True  # on its own
    seeds = _hysteresis(strong, weak, 1)
    assert sorted(map(tuple, seeds.tolist())) == [(2, 2), (3, 3), (4, 4)]
    assert len(_hysteresis(np.zeros_like(strong), weak, 1)) == 0


def test_a_weakly_similar_next_sentence_extends_the_passage() -> None:
    # The third reworded sentence keeps too few words to seed a passage on its
    # own, but it follows two strong seeds in both texts.
    weakly = "Fishermen said their boats could not go out during the works."
    source = " ".join(SOURCE)
    derived = " ".join(OTHER[:3] + REWORDED[:2] + [weakly] + OTHER[3:])
    a, b = _prepared(source, derived)
    (extended,) = align_sentences(a, b)
    (strict,) = align_sentences(a, b, ParaphraseParams(weak_cosine=1.0, weak_dice=1.0))
    assert derived[slice(*b.span(extended.b_start, extended.b_end))].endswith("during the works")
    assert derived[slice(*b.span(strict.b_start, strict.b_end))].endswith("protected by the barrier")
    assert extended.seeds == strict.seeds + 1


def test_short_sentences_are_merged_into_the_next_unit() -> None:
    (a, _) = _prepared("Breaking. The council voted to close the harbour bridge. Yes.", "x")
    units = _units(a, 3)
    words = [a.tokens.words[s:e] for s, e in units]
    expected = ["breaking", "the", "council", "voted", "to", "close", "the", "harbour", "bridge", "yes"]
    assert words == [expected]


def test_unit_vectors_are_tfidf_of_the_content_words() -> None:
    a, b = _prepared(" ".join(SOURCE + OTHER), " ".join(REWORDED + SOURCE[:2]))
    params = ParaphraseParams()
    units = [(a, s, e) for s, e in _units(a, params.min_sentence_words)]
    units += [(b, s, e) for s, e in _units(b, params.min_sentence_words)]
    vectors = _unit_vectors([doc.ids[s:e] for doc, s, e in units], params.stop_share)
    words = [doc.tokens.words[s:e] for doc, s, e in units]
    df: dict[str, int] = {}
    for unit in words:
        for w in set(unit):
            df[w] = df.get(w, 0) + 1
    stop = {w for w, n in df.items() if n > params.stop_share * len(units)}
    assert stop  # "the" is in most sentences
    expected = tfidf_matrix([[w for w in unit if w not in stop] for unit in words]).toarray()
    assert vectors.shape == expected.shape
    assert np.allclose(vectors @ vectors.T, expected @ expected.T, rtol=0, atol=1e-12)


def _spread(sentences: list[str], between: int) -> str:
    """`sentences` with `between` unrelated sentences after each (a long text that a summary condenses)."""
    filler = [s if s.endswith(".") else s + "." for s in prose(11, 40 * between * len(sentences)).split(". ")]
    out = []
    for k, sentence in enumerate(sentences):
        out += [sentence, *filler[k * between : (k + 1) * between]]
    return " ".join(out)


def test_a_summary_is_found_whichever_document_comes_first() -> None:
    # The summarized sentences lie 6 sentences apart, beyond `max_gap`; the
    # unrelated sentences between them make the passages' whole cosine low.
    params = ParaphraseParams(min_passage_cosine=0.2)
    long = _spread(SOURCE[:5], 5)
    summary = " ".join(OTHER[:2] + REWORDED + OTHER[2:4])
    s, lo = _prepared(summary, long)
    forward = align_sentences(s, lo, params)
    lo2, s2 = prepare_corpus([Document("b", long, "B"), Document("a", summary, "A")], Options())
    backward = align_sentences(lo2, s2, params)
    assert len(forward) == 1
    (f,) = forward
    assert summary[slice(*s.span(f.a_start, f.a_end))] == " ".join(REWORDED)[:-1]
    assert [(b.b_start, b.b_end, b.a_start, b.a_end, b.seeds) for b in backward] == [
        (f.a_start, f.a_end, f.b_start, f.b_end, f.seeds)
    ]


def _alignment(a_words: int, b_words: int) -> SentenceAlignment:
    return SentenceAlignment(0, a_words, 0, b_words, 0.5, 2)


def _doc(words: list[str]):
    (p,) = prepare_corpus([Document("d", " ".join(words), "S")], Options())
    return p


def test_a_reworded_passage_needs_shared_words_that_the_collection_finds_rare() -> None:
    topic = [f"quake{i}" for i in range(20)]  # words every story on the subject uses
    a = _doc([w for i in range(20) for w in (f"a{i}", topic[i])])
    b = _doc([w for i in range(20) for w in (topic[(i + 3) % 20], f"b{i}")])
    stories = [_doc([*topic, f"x{k}"]).ids for k in range(40)]
    params = ParaphraseParams()
    f = _alignment(40, 40)
    assert evidenced(f, a, b, WordWeights.of([a.ids, b.ids]), params)  # two texts alone: they would count
    assert not evidenced(f, a, b, WordWeights.of([a.ids, b.ids, *stories]), params)  # the topic weighs little
    reworded = _doc([w for i in range(20) for w in (f"a{(i + 3) % 20}", f"c{i}")])  # a's own words
    assert evidenced(f, a, reworded, WordWeights.of([a.ids, reworded.ids, *stories]), params)


def test_a_lopsided_passage_is_kept_when_its_shorter_side_is_found_in_the_longer() -> None:
    long = _doc([f"w{i}" for i in range(200)])
    summary = _doc([f"w{i}" for i in range(0, 200, 5)])  # 40 words, all from the long side
    unrelated = _doc([f"w{i}" for i in range(0, 200, 20)] + [f"z{i}" for i in range(30)])
    weights = WordWeights.of([long.ids, summary.ids, unrelated.ids])
    params = ParaphraseParams()
    assert lopsided(_alignment(200, 40), params)
    assert evidenced(_alignment(200, 40), long, summary, weights, params)
    assert not evidenced(_alignment(200, 40), long, unrelated, weights, params)


def test_a_task_that_names_the_derived_text_looks_for_its_summary_only() -> None:
    params = ParaphraseParams(min_passage_cosine=0.2, summary_sides="first")
    long = _spread(SOURCE[:5], 5)
    summary = " ".join(OTHER[:2] + REWORDED + OTHER[2:4])
    s, lo = _prepared(summary, long)
    assert len(align_sentences(s, lo, params)) == 1  # the summary first: found
    lo2, s2 = prepare_corpus([Document("b", long, "B"), Document("a", summary, "A")], Options())
    assert align_sentences(lo2, s2, params) == []  # the summary second: not looked for
    with pytest.raises(ValueError, match="summary_sides"):
        ParaphraseParams(summary_sides="second")


def test_a_passage_that_grew_is_kept_when_most_of_its_shorter_side_is_found_in_the_longer() -> None:
    # A reworded passage grew to 2.5 times its length: their weighted Dice is low (0.30), but
    # more than half of the shorter side's words are in the longer; two texts sharing fewer are not.
    source = _doc([f"s{i}" for i in range(30)])
    grown = _doc([f"s{i}" for i in range(16)] + [f"g{i}" for i in range(59)])
    loose = _doc([f"s{i}" for i in range(18, 30)] + [f"h{i}" for i in range(63)])
    params = ParaphraseParams()
    f = _alignment(30, 75)
    assert not lopsided(f, params)
    weights = WordWeights.of([source.ids, grown.ids, loose.ids])
    wa, wb, both = weights.shared(source.ids, grown.ids)
    assert 2 * both < params.min_weighted_dice * (wa + wb)
    assert evidenced(f, source, grown, weights, params)
    assert not evidenced(f, source, loose, weights, params)

"""Tests of compare.analysis.reuse: which shared runs are reused passages."""

from __future__ import annotations

import random

from synthetic_corpora import prose

from compare import Document, Options, analyze


def test_shared_run_shorter_than_min_passage_chars_is_not_reuse():
    shared = "the minister said the new rail line would open to passengers early next spring"
    a = (
        f"Officials met on Tuesday to review the transport budget. In a statement, {shared}. "
        "Other plans, including a tram extension and two new bus depots, were delayed until 2031."
    )
    b = (
        f"Commuters in the valley towns have waited for a direct connection for years. As reported, "
        f"{shared}. Critics doubt the date, citing cost overruns on the tunnel section."
    )
    docs = [Document("a", a, "Daily"), Document("b", b, "Weekly")]
    assert len(shared) < Options().min_passage_chars
    default = analyze(docs).pairs
    assert all(m.kind == "topical" for p in default for m in p.matches)
    (pair,) = analyze(docs, Options(min_passage_chars=60)).pairs
    (m,) = [m for m in pair.matches if m.kind == "verbatim"]
    assert a[m.a[0] : m.a[1]] == shared
    assert b[m.b[0] : m.b[1]] == shared


def test_short_document_copied_whole_is_a_verbatim_match():
    tweet = "Polls close at eight tonight, officials say; results are expected by midnight."
    article = (
        "Voters queued from early morning in the northern districts. "
        + tweet
        + " Turnout was higher than in the last two elections, according to the commission."
    )
    assert len(tweet) < Options().min_passage_chars
    (pair,) = analyze([Document("tweet", tweet, "Wire"), Document("story", article, "Daily")]).pairs
    (m,) = [m for m in pair.matches if m.kind == "verbatim"]
    assert tweet[m.a[0] : m.a[1]] == tweet[:-1]
    assert pair.relation == "excerpt"


def _on_topic(seed: int, sentences: int) -> str:
    """Sentences of pseudo-words, half of them words of one subject (a story on the same topic)."""
    rng = random.Random(seed)
    return " ".join(
        " ".join(rng.choice(TOPIC) if rng.random() < 0.5 else w for w in prose(seed * 100 + k, 12).split())
        for k in range(sentences)
    )


TOPIC = ["water", "board", "reservoir", "valley", "level", "summer", "farmers"]
TOPIC += ["irrigation", "limits", "autumn", "drought", "river", "rain"]


def test_two_pasted_sentences_are_not_one_passage_with_the_paragraphs_between() -> None:
    # An outlet pastes two sentences of a wire story, three sentences apart there, into its own
    # story on the subject, sixteen sentences apart: sentence alignment alone would join them,
    # with everything between, into one "paraphrased" passage four times longer on one side.
    first = (
        "The regional water board confirmed on Monday that the reservoir above the valley had fallen to its"
        " lowest level since records began in the dry summer of 1976."
    )
    second = (
        "Farmers downstream have been told to expect irrigation limits through the autumn, and the board will"
        " review the restrictions again at its meeting in the first week of November."
    )
    wire = " ".join([prose(1, 150), first, _on_topic(2, 2), second, prose(3, 150)])
    story = "\n\n".join([prose(4, 120), first, _on_topic(5, 16), second, prose(7, 80)])
    others = [Document(f"o{k}", prose(100 + k, 400), f"O{k}") for k in range(10)]
    result = analyze([Document("wire", wire, "Wire"), Document("story", story, "Daily"), *others])
    (pair,) = [p for p in result.pairs if {p.a, p.b} == {0, 1}]
    reused = [m for m in pair.matches if m.kind != "topical"]
    assert [m.kind for m in reused] == ["verbatim", "verbatim"]
    assert [wire[m.a[0] : m.a[1]] for m in reused] == [first[:-1], second[:-1]]
    assert [story[m.b[0] : m.b[1]] for m in reused] == [first[:-1], second[:-1]]


def test_reworded_passage_holding_short_verbatim_runs_is_reported() -> None:
    # A reworded passage whose first and last sentences were kept nearly word for word: each kept
    # run is shorter than a passage, so it cannot stand for the reuse; the passage holding them can.
    kept_first = "Standard spacing between the pickets is three and a half inches on every fence we sell"
    kept_last = "puppy pickets drop below the bottom rail so that small dogs cannot slip under the fence"
    source = (
        f"{prose(1, 80)} {kept_first}. If you own a very small dog, the spacing can be made as narrow as two"
        f" inches on request. We would also recommend {kept_last}. {prose(2, 80)}"
    )
    derived = (
        f"{prose(3, 80)} {kept_first}. Owners of a tiny dog may ask us for two inch gaps between the"
        f" pickets instead. Our advice is that {kept_last}. {prose(4, 80)}"
    )
    options = Options()
    assert len(kept_first) < options.min_passage_chars and len(kept_last) < options.min_passage_chars
    (pair,) = analyze([Document("source", source, "Maker"), Document("derived", derived, "Shop")]).pairs
    (m,) = [m for m in pair.matches if m.kind != "topical"]
    assert kept_first in source[m.a[0] : m.a[1]]
    assert kept_last in source[m.a[0] : m.a[1]]
    assert kept_first in derived[m.b[0] : m.b[1]]
    assert kept_last in derived[m.b[0] : m.b[1]]


def test_sentences_are_aligned_only_where_copied_passages_leave_room(monkeypatch) -> None:
    # A reworded passage needs min_passage_chars outside the near-verbatim ones, in both texts.
    from compare.analysis import reuse

    calls = []
    real = reuse.align_sentences
    monkeypatch.setattr(reuse, "align_sentences", lambda *a: calls.append(1) or real(*a))
    story = prose(7, 300)
    analyze([Document("a", story, "A"), Document("b", story.replace(" ", "  ", 5), "B")])
    assert calls == []  # all of both texts is one verbatim passage: nothing left to reword
    analyze(
        [Document("a", f"{story}\n\n{prose(8, 60)}", "A"), Document("b", f"{prose(9, 60)}\n\n{story}", "B")]
    )
    assert calls == [1]  # sixty words of each text are their own: they may hold a reworded passage

"""Tests of compare.analysis.passage_retrieval: candidates found from one passage of a document."""

from __future__ import annotations

import itertools
import random

import numpy as np

from compare.analysis.candidates import find_candidates
from compare.analysis.options import Options
from compare.analysis.passage_retrieval import passage_windows
from compare.analysis.prepare import prepare_corpus
from compare.load import Document


def test_windows_cover_the_document_on_sentence_boundaries_and_hold_every_short_passage() -> None:
    rng = random.Random(7)
    for _ in range(200):
        bounds = [0]
        for _ in range(rng.randint(1, 30)):
            bounds.append(bounds[-1] + rng.randint(1, 40))
        sentences = list(itertools.pairwise(bounds))
        words = rng.randint(5, 80)
        windows = passage_windows(sentences, words)
        starts, ends = {s for s, _ in sentences}, {e for _, e in sentences}
        assert all(s in starts and e in ends for s, e in windows)
        assert windows[0][0] == 0 and windows[-1][1] == bounds[-1]
        assert all(e - s >= words for s, e in windows[:-1])
        assert all(s1 <= e0 for (_, e0), (s1, _) in itertools.pairwise(windows))
        assert [s for s, _ in windows] == sorted({s for s, _ in windows})
        # Any run of whole sentences of at most words / 2 words lies whole in one window.
        for i, (s, _) in enumerate(sentences):
            for e in (end for _, end in sentences[i:]):
                if e - s <= words / 2:
                    assert any(ws <= s and e <= we for ws, we in windows), (sentences, words, s, e)


def _words(seed: int, n: int, topic: list[str], every: int = 4) -> list[str]:
    """`n` pseudo-words, one in `every` from `topic` (documents on one subject share vocabulary)."""
    rng = np.random.default_rng(seed)
    letters = "bcdfghklmnprstvz"
    words = ["".join(letters[i] for i in rng.integers(0, len(letters), 6)) for _ in range(n)]
    for i in range(0, n, every):
        words[i] = topic[int(rng.integers(0, len(topic)))]
    return words


def _text(words: list[str]) -> str:
    """The words as sentences of twelve."""
    return " ".join(" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, len(words), 12))


def test_a_reworded_passage_inside_a_long_document_finds_its_short_source() -> None:
    # A short report on one subject is reworded (no 5-gram left) into the middle of a long
    # article on another subject; each has a dozen documents on its own subject nearer to it,
    # in a collection of fifty more on subjects of their own.
    storms = [f"storm{i}" for i in range(60)]
    markets = [f"market{i}" for i in range(300)]
    report = _words(1, 72, storms, every=2)
    reworded = [w if i % 3 else f"syn{i}" for i, w in enumerate(report)]
    article = _words(2, 700, markets, every=2) + reworded + _words(3, 700, markets, every=2)
    docs = [Document("report", _text(report), "wire"), Document("article", _text(article), "daily")]
    docs += [Document(f"storm{k}", _text(_words(10 + k, 150, storms, every=2)), f"s{k}") for k in range(12)]
    docs += [Document(f"market{k}", _text(_words(30 + k, 1400, markets, 2)), f"m{k}") for k in range(12)]
    for k in range(50):
        subject = [f"subject{k}x{i}" for i in range(100)]
        docs.append(Document(f"other{k}", _text(_words(100 + k, 300, subject, every=2)), f"o{k}"))
    options = Options()
    prepared = prepare_corpus(docs, options)
    found = find_candidates(prepared, options)
    assert (0, 1) in found.passages
    assert (0, 1) not in found.neighbours | found.lsh | found.shingles
    windows = sum(len(passage_windows(p.sentence_ranges(), options.passage_words)) for p in prepared)
    assert len(found.passages) <= windows * options.passage_neighbours
    assert (0, 1) not in find_candidates(prepared, Options(passage_neighbours=0)).pairs

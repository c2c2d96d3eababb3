"""Copied or independently reported (compare.analysis.evidence)."""

from __future__ import annotations

import numpy as np

from compare.analysis.evidence import group_frequency, rare_shared
from compare.analysis.options import Options
from compare.analysis.pipeline import analyze
from compare.analysis.prepare import prepare_corpus
from compare.load import Document

TOPIC = [f"quake{i}" for i in range(60)]


def _story(seed: int, n: int = 300) -> list[str]:
    """A text on the collection's one subject: one word in two from its vocabulary."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in rng.integers(0, 3_000, n)]
    for i in range(0, n, 2):
        words[i] = TOPIC[int(rng.integers(0, len(TOPIC)))]
    return words


def test_copies_count_once_and_stock_phrases_are_not_rare() -> None:
    story = " ".join(_story(1))
    stock = "according to the national survey"
    docs = [Document(f"copy{k}", story, f"s{k}") for k in range(3)]
    docs += [Document(f"other{k}", f"{stock} {' '.join(_story(10 + k))}", f"o{k}") for k in range(4)]
    prepared = prepare_corpus(docs, Options())
    frequency = group_frequency(prepared, [0, 0, 0, 3, 4, 5, 6])
    assert frequency.of(prepared[0].shingles).max() == 1  # the three copies are one cluster
    # The copies share all their shingles, each held by one cluster; the stock phrase by four.
    assert rare_shared(prepared[0], prepared[1], frequency, rare=2) == len(prepared[0].shingles)
    assert rare_shared(prepared[3], prepared[4], frequency, rare=2) == 0
    assert rare_shared(prepared[3], prepared[4], frequency, rare=4) == 1


def test_a_copied_passage_stands_out_against_same_topic_stories() -> None:
    stories = [_story(100 + k) for k in range(40)]
    source = stories[0]
    copier = _story(999)
    copier[100:100] = source[50:90]  # a 40-word passage copied into another story on the subject
    docs = [Document(f"s{k}", " ".join(words), f"site{k}") for k, words in enumerate(stories)]
    docs.append(Document("copier", " ".join(copier), "blog"))
    result = analyze(docs)
    by_pair = {(p.a, p.b): p for p in result.pairs}
    copied = by_pair[(0, 40)]
    assert copied.relation in {"partial-reuse", "excerpt"}
    assert copied.evidence.rare_sequences == 36  # the 40-word run's 5-grams
    assert copied.evidence.label == "copied"
    topical = [p for p in result.pairs if p.relation == "topical"]
    assert len(topical) >= 20 and all(p.evidence.label == "same-topic-like" for p in topical)
    assert copied.evidence.same_topic_pairs == len(topical)
    assert copied.evidence.same_topic_high < copied.evidence.rare_sequences


def test_without_same_topic_pairs_only_a_long_copy_is_called_copied() -> None:
    a, b, c = _story(1), _story(2), _story(3)
    long_copy = b[:100] + a[:60] + b[100:]
    short_copy = c[:100] + a[100:112] + c[100:]
    docs = [Document("a", " ".join(a), "A"), Document("b", " ".join(long_copy), "B")]
    docs.append(Document("c", " ".join(short_copy), "C"))
    options = Options(min_passage_chars=0)
    evidence = {(p.a, p.b): p.evidence for p in analyze(docs, options).pairs}
    assert evidence[(0, 1)].label == "copied" and evidence[(0, 1)].same_topic_high is None
    assert evidence[(0, 2)].rare_sequences == 8 and evidence[(0, 2)].label == "undetermined"


def test_edited_copies_of_a_story_syndicated_many_times_are_copied() -> None:
    rng = np.random.default_rng(5)
    story = _story(1)
    copies = [[w if rng.random() >= 0.15 else f"edit{rng.integers(10**6)}" for w in story] for _ in range(10)]
    docs = [Document(f"copy{k}", " ".join(words), f"site{k}") for k, words in enumerate(copies)]
    docs += [Document(f"s{k}", " ".join(_story(100 + k)), f"other{k}") for k in range(30)]
    result = analyze(docs)
    pairs = [p for p in result.pairs if p.a < 10 and p.b < 10]
    assert len(pairs) == 45 and max(p.jaccard for p in pairs) < 0.5  # no near-duplicate cluster of them
    assert all(p.evidence.label == "copied" for p in pairs)

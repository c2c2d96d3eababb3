"""Batch near-duplicate detection (compare.dedup.local)."""

from __future__ import annotations

import numpy as np
import pytest
from synthetic_corpora import edited, prose

from compare.dedup import verify as verify_module
from compare.dedup.local import deduplicate, sample_candidates, sign
from compare.dedup.options import DedupOptions
from compare.sketch.minhash import MinHasher
from compare.text.normalize import normalize
from compare.text.segment import tokenize


def _corpus() -> list[tuple[str, str]]:
    """Twelve texts: 0 and 5 identical, 0 and 9 edited (3% of words), the rest unrelated."""
    texts = [prose(seed, 400) for seed in range(12)]
    texts[5] = texts[0]
    texts[9] = edited(texts[0], 0.03, seed=1)
    return [(f"doc{i:02d}", t) for i, t in enumerate(texts)]


def test_exact_and_edited_copies_form_one_cluster_with_exact_scores() -> None:
    docs = _corpus()
    result = deduplicate(lambda: docs)
    assert result.clusters == [[0, 5, 9]]
    assert result.cluster[5] == result.cluster[9] == 0
    assert result.duplicates == 2
    by_pair = {(p.a, p.b): p for p in result.pairs}
    assert by_pair[(0, 5)].jaccard == 1.0
    mh = MinHasher()
    a = mh.shingle_set(tokenize(normalize(docs[0][1])).words)
    b = mh.shingle_set(tokenize(normalize(docs[9][1])).words)
    shared = len(np.intersect1d(a, b))
    assert by_pair[(0, 9)].jaccard == round(shared / (len(a) + len(b) - shared), 6)
    assert 0.5 <= by_pair[(0, 9)].jaccard < 1.0
    assert by_pair[(0, 9)].containment_a_in_b == round(shared / len(a), 6)


def test_pairs_below_the_threshold_are_not_duplicates_by_jaccard_alone() -> None:
    docs = _corpus()
    docs[9] = ("doc09", edited(docs[0][1], 0.25, seed=2))  # a quarter of the words changed
    result = deduplicate(lambda: docs, DedupOptions(coverage=None))
    assert result.clusters == [[0, 5]]


@pytest.mark.parametrize("share", [0.10, 0.15, 0.20])
def test_edited_copies_are_near_duplicates_by_shared_passages(share: float) -> None:
    docs = _corpus()
    docs[9] = ("doc09", edited(docs[0][1], share, seed=2))
    result = deduplicate(lambda: docs)
    assert result.clusters == [[0, 5, 9]]
    pair = next(p for p in result.pairs if (p.a, p.b) == (0, 9))
    assert pair.relation == "near-duplicate"
    assert pair.jaccard < 0.5  # Jaccard alone misses it
    assert min(pair.coverage_a, pair.coverage_b) >= 0.7


def test_heavily_rewritten_texts_and_excerpts_are_not_near_duplicates() -> None:
    docs = _corpus()
    docs[9] = ("doc09", edited(docs[0][1], 0.45, seed=2))  # nearly half the words changed
    docs[10] = ("doc10", " ".join(docs[1][1].split()[:150]))  # a passage of doc01
    docs[11] = ("doc11", " ".join(docs[2][1].split()[:200] + docs[11][1].split()[:200]))  # half of doc02
    result = deduplicate(lambda: docs, DedupOptions(containment=0.4))
    assert result.clusters == [[0, 5], [1, 10], [2, 11]]
    by_pair = {(p.a, p.b): p for p in result.pairs}
    assert (by_pair[(1, 10)].relation, by_pair[(1, 10)].coverage_b) == ("excerpt", 1.0)
    assert by_pair[(1, 10)].coverage_a < 0.4
    assert by_pair[(2, 11)].relation == "excerpt"
    assert 0.4 < min(by_pair[(2, 11)].coverage_a, by_pair[(2, 11)].coverage_b) < 0.6


def test_signatures_are_the_analysis_signatures() -> None:
    docs = _corpus()[:3]
    ids, sigs = sign(docs)
    mh = MinHasher()
    assert ids == ["doc00", "doc01", "doc02"]
    for (_, text), sig in zip(docs, sigs, strict=True):
        assert np.array_equal(sig, mh.signature(tokenize(normalize(text)).words))


def test_many_copies_are_one_cluster_without_quadratic_pairs() -> None:
    text = prose(3, 300)
    docs = [(f"copy{i}", text) for i in range(120)] + [("other", prose(4, 300))]
    result = deduplicate(lambda: docs)
    assert result.clusters == [list(range(120))]
    assert result.candidates < 120 * 3


@pytest.mark.parametrize(("jobs", "chunk_size"), [(1, 1), (2, 3), (2, 512)])
def test_results_do_not_depend_on_jobs_or_chunk_size(jobs: int, chunk_size: int) -> None:
    docs = _corpus() + [(f"x{i}", prose(100 + i, 200)) for i in range(20)]
    docs.append(("late-copy", docs[3][1]))
    reference = deduplicate(lambda: docs, DedupOptions(jobs=1, chunk_size=1000))
    other = deduplicate(lambda: docs, DedupOptions(jobs=jobs, chunk_size=chunk_size))
    assert other.pairs == reference.pairs
    assert other.cluster == reference.cluster
    assert reference.clusters == [[0, 5, 9], [3, len(docs) - 1]]


def _excerpt_corpus() -> list[tuple[str, str]]:
    """A story; a roundup quoting 120 of its words among 600 of its own; a
    clip of 150 of its words alone; a column quoting the same 120 words
    after 300 of its own; four unrelated texts."""
    story = prose(40, 500).split(" ")
    quoted = " ".join(story[100:220])
    docs = [
        ("story", " ".join(story)),
        ("roundup", prose(41, 300) + " " + quoted + " " + prose(42, 300)),
        ("clip", " ".join(story[300:450])),
        ("column", prose(43, 300) + " " + quoted),
    ]
    return docs + [(f"other{i}", prose(50 + i, 400)) for i in range(4)]


def test_excerpts_are_found_only_with_containment_and_with_exact_scores() -> None:
    docs = _excerpt_corpus()
    assert deduplicate(lambda: docs).pairs == []
    result = deduplicate(lambda: docs, DedupOptions(containment=0.25))
    by_pair = {(p.a, p.b): p for p in result.pairs}
    assert set(by_pair) == {(0, 2), (0, 3), (1, 3)}  # the roundup is 17% quote: below 0.25
    assert all(p.relation == "excerpt" for p in result.pairs)
    mh = MinHasher()
    sets = [mh.shingle_set(tokenize(normalize(t)).words) for _, t in docs]
    shared = len(np.intersect1d(sets[0], sets[2]))
    assert by_pair[(0, 2)].containment_b_in_a == round(shared / len(sets[2]), 6) == 1.0
    assert by_pair[(0, 2)].containment_a_in_b == round(shared / len(sets[0]), 6) < 0.35
    strict = deduplicate(lambda: docs, DedupOptions(containment=0.9))
    assert [(p.a, p.b) for p in strict.pairs] == [(0, 2)]


def test_an_excerpt_joins_one_container_and_does_not_merge_two() -> None:
    result = deduplicate(lambda: _excerpt_corpus(), DedupOptions(containment=0.25))
    # The column is as much inside the story as inside the roundup: it joins
    # one of them (the first), and does not make the roundup a duplicate of
    # the story through the passage they share.
    assert result.clusters == [[0, 2, 3]]
    assert result.cluster[1] == 1


def test_sample_candidates_need_two_shared_samples_near_the_threshold() -> None:
    samples = np.array([1, 2, 3, 4, 1, 2, 9, 1, 8, 7, 6, 5], dtype=np.uint64)
    sampled = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2])
    # 0 and 1 share two samples (2 of 3 of 1's), 0 and 2 one, 1 and 2 one.
    assert sample_candidates(samples, sampled, 3, 0.5).tolist() == [[0, 1]]
    assert sample_candidates(samples[:0], sampled[:0], 3, 0.5).shape == (0, 2)


def test_containment_results_do_not_depend_on_jobs_or_chunk_size() -> None:
    docs = _excerpt_corpus() + _corpus()
    reference = deduplicate(lambda: docs, DedupOptions(containment=0.25, chunk_size=1000))
    other = deduplicate(lambda: docs, DedupOptions(containment=0.25, jobs=2, chunk_size=3))
    assert other.pairs == reference.pairs and other.cluster == reference.cluster
    assert np.array_equal(other.signed.samples, reference.signed.samples)


def _mixed_corpus() -> list[tuple[str, str]]:
    """Copies edited 15% and excerpts at both ends of the collection."""
    docs = _excerpt_corpus() + _corpus()
    docs.append(("edited-story", edited(docs[0][1], 0.15, seed=5)))
    docs.append(("unrelated", prose(90, 300)))
    return docs


@pytest.mark.parametrize(
    ("hold_mb", "jobs", "chunk_size"), [(0, 1, 4), (0.02, 2, 3), (0.02, 1, 5), (1024, 2, 4)]
)
def test_results_do_not_depend_on_how_many_documents_are_held(
    hold_mb: float, jobs: int, chunk_size: int
) -> None:
    docs = _mixed_corpus()
    options = {"containment": 0.25, "jobs": jobs, "chunk_size": chunk_size}
    reference = deduplicate(lambda: docs, DedupOptions(containment=0.25, hold_mb=1024, chunk_size=1000))
    result = deduplicate(lambda: docs, DedupOptions(hold_mb=hold_mb, **options))
    assert result.pairs == reference.pairs and result.cluster == reference.cluster
    assert (0, len(docs) - 2) in {(p.a, p.b) for p in reference.pairs}  # the edited copy, last but one


def test_held_documents_are_not_read_again_and_a_second_read_stops_at_the_last_candidate(monkeypatch) -> None:
    docs = _mixed_corpus()
    reads: list[int] = []
    shingled: list[int] = []
    shingle = verify_module._shingled

    def recording(args):
        shingled.extend(i for i, _ in args[0])
        return shingle(args)

    monkeypatch.setattr(verify_module, "_shingled", recording)

    def records():
        reads.append(0)
        for doc in docs:
            reads[-1] += 1
            yield doc

    deduplicate(records, DedupOptions(containment=0.25))  # 1 GiB holds them all
    assert reads == [len(docs)] and shingled == []
    reads.clear()
    result = deduplicate(records, DedupOptions(containment=0.25, hold_mb=0.02, chunk_size=4))
    assert len(reads) == 2 and reads[1] == len(docs) - 1  # the last document is in no pair: not read
    # 0.02 MiB holds the first chunk (the story, the roundup, the clip, the column), not the second
    assert {(0, 2), (0, 3), (1, 3)} <= {(p.a, p.b) for p in result.pairs}
    assert shingled and min(shingled) >= 4  # read again: candidates after those four only


def test_records_that_end_early_the_second_time_are_an_error() -> None:
    docs = _corpus()
    calls: list[int] = []

    def records():
        calls.append(1)
        return iter(docs if len(calls) == 1 else docs[:6])  # doc09, an edited copy of doc00, is gone

    with pytest.raises(ValueError, match="records ended before document 9 on the second reading"):
        deduplicate(records, DedupOptions(hold_mb=0))


def test_units_of_work_end_at_a_character_budget_without_changing_the_answer(monkeypatch) -> None:
    from compare.dedup import local

    docs = _mixed_corpus()
    reference = deduplicate(lambda: docs, DedupOptions(containment=0.25))
    sizes: list[int] = []
    sign_chunk = local._sign_chunk

    def recording(args):
        sizes.append(len(args[0]))
        return sign_chunk(args)

    monkeypatch.setattr(local, "_sign_chunk", recording)
    monkeypatch.setattr(local, "CHUNK_CHARACTERS", 5_000)  # two or three of these texts
    monkeypatch.setattr(verify_module, "CHUNK_CHARACTERS", 5_000)
    for hold_mb in (1024, 0):
        result = deduplicate(lambda: docs, DedupOptions(containment=0.25, hold_mb=hold_mb, jobs=2))
        assert result.pairs == reference.pairs and result.cluster == reference.cluster
    assert max(sizes) <= 3 < len(docs) and sum(sizes) == 2 * len(docs)

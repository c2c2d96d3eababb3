"""Tests of compare.analysis.candidates: MinHash LSH and shared-shingle candidate pairs.

LSH proposes a near-duplicate pair and not an unrelated one; its detection
probability follows 1 - (1 - s^r)^b and grows with s; the shared-shingle
index finds an excerpt embedded in a longer text (small Jaccard) and skips
shingles that are too common.
"""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH

from compare.analysis.candidates import (
    copy_clusters,
    find_candidates,
    lsh_candidates,
    neighbour_candidates,
    shared_shingle_candidates,
    strongest_per_document,
)
from compare.analysis.options import Options
from compare.analysis.prepare import prepare_corpus
from compare.load import Document
from compare.sketch.lsh import optimal_bands
from compare.sketch.minhash import MinHasher

HASHER = MinHasher(num_perm=128, seed=1, shingle_size=5)


def _random_words(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [f"w{i}" for i in rng.integers(0, 5000, n)]


@pytest.fixture
def texts() -> dict[str, list[str]]:
    """A text, a lightly edited copy, an unrelated text, and a long text quoting it."""
    original = _random_words(300, seed=1)
    edited = list(original)
    for i in range(0, 300, 30):
        edited[i] = f"changed{i}"
    unrelated = _random_words(300, seed=2)
    quoting = _random_words(1000, seed=3)
    quoting[400:460] = unrelated[100:160]
    return {"original": original, "edited": edited, "unrelated": unrelated, "quoting": quoting}


def test_shared_shingles_find_excerpt(texts: dict[str, list[str]]) -> None:
    order = ["original", "edited", "unrelated", "quoting"]
    sets = [HASHER.shingle_set(texts[name]) for name in order]
    found = shared_shingle_candidates(sets, min_shared=10, max_doc_frequency=10)
    assert found[(2, 3)] == 56  # 60 shared words: 56 shared 5-word shingles
    assert (0, 2) not in found
    assert (0, 3) not in found
    assert (1, 3) not in found
    jaccard = len(np.intersect1d(sets[2], sets[3])) / len(np.union1d(sets[2], sets[3]))
    assert jaccard < 0.05  # invisible to LSH, found here


def test_shared_shingles_min_shared_threshold(texts: dict[str, list[str]]) -> None:
    sets = [HASHER.shingle_set(texts["unrelated"]), HASHER.shingle_set(texts["quoting"])]
    assert shared_shingle_candidates(sets, min_shared=56, max_doc_frequency=10) == {(0, 1): 56}
    assert shared_shingle_candidates(sets, min_shared=57, max_doc_frequency=10) == {}


def test_shingles_in_many_documents_pair_only_their_first_holder() -> None:
    common = np.arange(100, dtype=np.uint64)
    sets = [common, common.copy(), common.copy()]
    assert shared_shingle_candidates(sets, min_shared=1, max_doc_frequency=3) == {
        (0, 1): 100,
        (0, 2): 100,
        (1, 2): 100,
    }
    # Above the limit: a star from the first holder, not every pair.
    assert shared_shingle_candidates(sets, min_shared=1, max_doc_frequency=2) == {(0, 1): 100, (0, 2): 100}


def test_excerpt_of_a_widely_copied_text_is_still_a_candidate() -> None:
    article = np.arange(1000, dtype=np.uint64)
    copies = [article.copy() for _ in range(60)]
    excerpt = np.concatenate([article[200:320], np.arange(5000, 5400, dtype=np.uint64)])
    found = shared_shingle_candidates([*copies, excerpt], min_shared=2, max_doc_frequency=50)
    assert found[(0, 60)] == 120
    assert len(found) == 60  # 59 copies + the excerpt, each paired with the first copy


def test_shared_shingles_of_nothing() -> None:
    assert shared_shingle_candidates([], min_shared=1, max_doc_frequency=5) == {}
    empty = np.zeros(0, dtype=np.uint64)
    assert shared_shingle_candidates([empty, empty], min_shared=1, max_doc_frequency=5) == {}


def test_stock_phrases_in_many_documents_do_not_pair_their_first_holder_with_all() -> None:
    # 80 unrelated texts that all use the same three idioms (shingles 0, 1, 2).
    idioms = np.arange(3, dtype=np.uint64)
    sets = [
        np.concatenate([idioms, np.arange(1000 * (i + 1), 1000 * (i + 1) + 300, dtype=np.uint64)])
        for i in range(80)
    ]
    assert shared_shingle_candidates(sets, min_shared=2, max_doc_frequency=50) == {}


def test_lsh_finds_near_duplicate_only(texts: dict[str, list[str]]) -> None:
    order = ["original", "edited", "unrelated", "quoting"]
    signatures = [HASHER.signature(texts[name]) for name in order]
    assert lsh_candidates(signatures, *optimal_bands(0.5, 128)) == {(0, 1)}


def test_lsh_pairs_are_ordered(texts: dict[str, list[str]]) -> None:
    signatures = [HASHER.signature(texts["edited"]), HASHER.signature(texts["original"])]
    assert lsh_candidates(signatures, *optimal_bands(0.5, 128)) == {(0, 1)}


def test_lsh_identical_signatures_always_pair(texts: dict[str, list[str]]) -> None:
    sig = HASHER.signature(texts["unrelated"])
    assert lsh_candidates([sig, sig.copy(), sig.copy()], *optimal_bands(0.9, 128)) == {(0, 1), (0, 2), (1, 2)}


def test_lsh_buckets_of_many_copies_pair_the_first_with_the_others(texts: dict[str, list[str]]) -> None:
    sig = HASHER.signature(texts["unrelated"])
    copies = [sig.copy() for _ in range(5)]
    assert lsh_candidates(copies, *optimal_bands(0.9, 128), max_bucket=3) == {(0, j) for j in range(1, 5)}


def test_the_analysis_proposes_what_datasketch_lsh_proposes(corpus_docs) -> None:
    """The numpy banding gives datasketch MinHashLSH's candidates on the sample corpus and
    copies of it (the analysis looped over datasketch before)."""
    docs = [*corpus_docs, *(Document(f"copy{d.id}", d.text[: len(d.text) // 2], "X") for d in corpus_docs)]
    prepared = prepare_corpus(docs, Options())
    bands, rows = optimal_bands(0.3, 128)
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    sketches = [LeanMinHash(seed=1, hashvalues=p.signature, scheme="affine32") for p in prepared]
    for i, s in enumerate(sketches):
        lsh.insert(i, s)
    theirs = {(min(i, j), max(i, j)) for i, s in enumerate(sketches) for j in lsh.query(s) if j != i}
    assert (lsh.b, lsh.r) == (bands, rows)
    assert lsh_candidates([p.signature for p in prepared], bands, rows) == theirs
    assert len(theirs) >= len(corpus_docs)  # each half copy is proposed with its original


def _topic_words(seed: int, n: int, topic: list[str]) -> list[str]:
    """`n` words, one in four from `topic` (documents on one subject share vocabulary)."""
    rng = np.random.default_rng(seed)
    words = _random_words(n, seed)
    for i in range(0, n, 4):
        words[i] = topic[int(rng.integers(0, len(topic)))]
    return words


def test_copies_take_one_place_among_the_neighbours() -> None:
    """Twenty copies of a story cannot crowd its rewrite out of a document's neighbours."""
    topic = [f"topic{i}" for i in range(40)]
    story = _topic_words(1, 300, topic)
    rewrite = [w if i % 3 else f"syn{i}" for i, w in enumerate(story)]  # shares no 5-gram with it
    docs = [Document(f"copy{k}", " ".join(story), f"site{k}") for k in range(20)]
    docs.append(Document("rewrite", " ".join(rewrite), "blog"))
    docs += [Document(f"other{k}", " ".join(_topic_words(10 + k, 300, topic)), f"o{k}") for k in range(5)]
    options = Options(topical_neighbours=2)
    prepared = prepare_corpus(docs, options)
    found = find_candidates(prepared, options)
    copies = copy_clusters(prepared, found.lsh, options.near_duplicate_jaccard)
    assert copies[:20] == [0] * 20 and len(set(copies)) == 7
    rewrite_index = 20
    # The rewrite is a candidate with the cluster's first copy, whose near-duplicates the others are.
    assert (0, rewrite_index) in found.neighbours
    assert (0, rewrite_index) not in found.lsh | found.shingles
    # At most k candidates per cluster, however many copies it has.
    assert all(copies[i] == i and copies[j] == j for i, j in found.neighbours)
    assert len(found.neighbours) <= len(set(copies)) * options.topical_neighbours


def test_neighbours_below_the_retrieval_similarity_are_not_candidates() -> None:
    a, b = _random_words(300, 5), _random_words(300, 6)
    options = Options(retrieval_similarity=0.9)
    prepared = prepare_corpus([Document("a", " ".join(a), "A"), Document("b", " ".join(b), "B")], options)
    assert find_candidates(prepared, options).neighbours == set()
    loose = Options(retrieval_similarity=0.0)
    assert find_candidates(prepared, loose).neighbours == {(0, 1)}


def test_weakly_sharing_pairs_are_kept_only_among_each_documents_strongest() -> None:
    # Documents 1..5 share a few shingles (stock phrases) with 0, more with 8; 0 and 9 share a passage.
    shared = {(0, d): d + 1 for d in range(1, 6)} | {(d, 8): 10 for d in range(1, 6)} | {(0, 9): 30}
    kept = strongest_per_document(shared, strong=20, k=1)
    # 0's strongest weak partner is 5; 1..4's is 8; 8's is 1 (ties: the lower index).
    assert kept == [(0, 5), (0, 9), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8)]
    assert strongest_per_document(shared, strong=20, k=0) == [(0, 9)]
    assert strongest_per_document(shared, strong=2, k=0) == sorted(shared)
    assert len(strongest_per_document(shared, strong=20, k=10)) == len(shared)


def test_neighbours_are_ranked_without_the_words_most_documents_hold() -> None:
    from compare.analysis.tfidf import common_words, tfidf_matrix, without_words

    docs = [["the", "said", f"w{i}", f"w{i + 1}"] for i in range(40)]  # "the", "said": in every row
    vectors = tfidf_matrix(docs)
    pruned = without_words(vectors, common_words(vectors))
    assert vectors.nnz - pruned.nnz == 80  # both common words, in all 40 rows
    assert not common_words(vectors[:10]).any()  # 10 rows: nothing is common
    found = neighbour_candidates(vectors, list(range(40)), 0.05, 1)
    assert (0, 1) in found and found[(0, 1)] == pytest.approx(float(vectors[0].multiply(vectors[1]).sum()))

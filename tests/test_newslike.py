"""The news-like collection's generator (benchmarks/newslike.py): its truth is exact."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from synthetic_corpora import SYLLABLES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from newslike import NewsSpec, Story, _runs, generate  # noqa: E402

SPEC = NewsSpec(n_docs=80, syndicated=4, max_copies=5, excerpts=3, borrowed=3, quotations=3, min_words=100)


def _stories(n: int = 90) -> list[Story]:
    """Independent texts of pseudo-words, sentences of 20 to 30 words, three to a topic."""
    import random

    rng = random.Random(3)
    stories = []
    for k in range(n):
        sentences = []
        for _ in range(rng.randint(8, 12)):
            words = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(rng.randint(20, 30))]
            sentences.append(" ".join(words).capitalize() + ".")
        stories.append(Story(f"s{k:03d}", f"topic{k // 3}", "\n".join(sentences)))
    return stories


def _body(data: bytes) -> str:
    """A file's article, without the site's header and footer blocks."""
    blocks = data.decode("utf-8").split("\n\n")
    return "\n\n".join(blocks[1:-1])


@pytest.fixture(scope="module")
def collection() -> tuple[dict[str, bytes], dict]:
    return generate(_stories(), SPEC)


def test_same_spec_same_files(collection) -> None:
    assert generate(_stories(), SPEC) == collection
    assert generate(_stories(), NewsSpec(**{**SPEC.__dict__, "seed": 1})) != collection


def test_every_planted_kind_is_there_and_bad_files_too(collection) -> None:
    files, truth = collection
    kinds = {p["kind"] for p in truth["pairs"]}
    assert {"copy", "excerpt", "borrowed", "quotation"} <= kinds
    assert len(files) == truth["files"] == SPEC.n_docs
    assert any(name.endswith("-empty.txt") and data == b"" for name, data in files.items())
    assert any(name.endswith("-binary.txt") for name in files)


def test_pairs_not_in_the_truth_share_no_run_of_eight_words(collection) -> None:
    files, truth = collection
    listed = {frozenset((p["a"], p["b"])) for p in truth["pairs"]}
    bodies = {n: _runs(_body(d)) for n, d in files.items() if d and not n.endswith("-binary.txt")}
    for a, b in itertools.combinations(sorted(bodies), 2):
        if frozenset((a, b)) not in listed:
            assert not bodies[a] & bodies[b], (a, b)
    for p in truth["pairs"]:
        if p["kind"] in ("copy", "excerpt", "borrowed", "common"):
            assert bodies[p["a"]] & bodies[p["b"]], p  # and the listed ones do share text


def test_every_copy_has_its_edit_rate_and_most_are_edited_5_to_20_percent(collection) -> None:
    files, truth = collection
    copies = sorted(name for name in files if name.endswith("-copy.txt"))
    rates = truth["edit_rates"]
    assert sorted(rates) == copies
    assert all(r == 0.0 or 0.05 <= r <= 0.20 for r in rates.values())
    assert sum(r > 0 for r in rates.values()) > len(rates) / 2


def test_two_runs_with_an_index_find_what_one_run_finds(collection, tmp_path) -> None:
    from newslike import score_index, write_collection

    from compare.dedup.options import DedupOptions

    files, truth = collection
    write_collection(files, truth, tmp_path)
    split = score_index(tmp_path / "docs", DedupOptions(), tmp_path)
    assert split["across_days"] > 5  # copies and their stories fall on both days
    assert split["found_by_two_runs"] == split["one_run_pairs"]
    assert split["across_found"] == split["across_verified"] == split["across_days"]
    assert split["only_two_runs"] == 0


def test_generated_stories_fill_a_collection_larger_than_the_real_stories() -> None:
    from dataclasses import replace

    stories = _stories(20)
    with pytest.raises(ValueError, match="independent stories"):
        generate(stories, SPEC)  # 20 real stories are too few for the planted roles alone
    spec = replace(SPEC, n_docs=200, generated=True)
    files, truth = generate(stories, spec)
    assert truth["files"] == len(files) == 200
    generated = {name for name, topic in truth["topics"].items() if topic.startswith("generated-")}
    assert len(generated) > 100
    assert len(set(truth["topics"].values())) > 150  # each generated story its own topic
    body = _body(files[sorted(generated)[0]])
    assert len(body.split("\n")) >= 3 and body.split()[:1]  # a title and paragraphs
    assert generate(stories, spec)[0] == files  # deterministic

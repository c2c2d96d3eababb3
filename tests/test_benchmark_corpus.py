"""The benchmark's corpus generator (benchmarks/synthetic.py)."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import CorpusSpec, WordChain, generate, read_texts, write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def chain() -> WordChain:
    return WordChain.train(read_texts([ROOT / "corpus"]))


def test_same_spec_same_corpus_byte_for_byte(chain: WordChain) -> None:
    spec = CorpusSpec(n_docs=200, seed=7)
    assert generate(spec, chain) == generate(spec, chain)
    assert generate(spec, chain) != generate(CorpusSpec(n_docs=200, seed=8), chain)


def test_documents_have_the_asked_length_and_real_words(chain: WordChain) -> None:
    records, truth = generate(CorpusSpec(n_docs=300, seed=1), chain)
    assert len(records) == 300 and len({r["id"] for r in records}) == 300
    hosts = {h for _, h in truth["excerpts"]}
    vocabulary = set(chain.vocab.tolist())
    for r in records:
        words = r["text"].split()
        if r["id"] not in hosts:
            assert 380 <= len(words) <= 840  # edits insert and delete a few words
        assert set(words) <= vocabulary


def test_planted_copies_and_excerpts_are_in_the_text(chain: WordChain) -> None:
    records, truth = generate(CorpusSpec(n_docs=300, seed=2), chain)
    text = {r["id"]: r["text"] for r in records}
    assert len(truth["clusters"]) >= 10
    assert sum(len(c) - 1 for c in truth["clusters"]) == 30  # 10% of 300 documents are copies
    members = {doc for cluster in truth["clusters"] for doc in cluster}
    assert set(truth["originals"]) | set(truth["originals"].values()) == members
    rates = truth["edit_rates"]
    assert all(0.05 <= r <= 0.20 for r in rates.values()) and len(rates) > 10  # edited 5-20%
    for copy, original in truth["originals"].items():
        first, words = text[original].split(), text[copy].split()
        shared = len(set(itertools.pairwise(first)) & set(itertools.pairwise(words)))
        kept = (1 - rates.get(copy, 0.0)) ** 2  # a word pair survives when neither word is edited
        assert shared >= 0.8 * kept * (len(first) - 1)
    assert len(truth["excerpts"]) == 15
    for donor, host in truth["excerpts"]:
        paragraphs = text[host].split("\n\n")
        excerpt = max((p for p in paragraphs if p in text[donor]), key=len)  # a host's short word may be too
        assert 100 <= len(excerpt.split()) <= 300


def test_written_once_then_reused(tmp_path: Path) -> None:
    spec = CorpusSpec(n_docs=50, seed=3)
    jsonl, truth = write_corpus(spec, [ROOT / "corpus"], tmp_path)
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50 and json.loads(lines[0])["id"].startswith("d")
    stamp = jsonl.stat().st_mtime_ns
    assert write_corpus(spec, [ROOT / "corpus"], tmp_path) == (jsonl, truth)
    assert jsonl.stat().st_mtime_ns == stamp
    assert json.loads(truth.read_text())["spec"]["n_docs"] == 50
    assert not list(tmp_path.glob("*.tmp"))

"""Page furniture shared across sites (compare.analysis.furniture)."""

from __future__ import annotations

import random

import pytest
from synthetic_corpora import prose

from compare.analysis.furniture import FurnitureParams, find_furniture
from compare.analysis.options import Options
from compare.analysis.pipeline import analyze
from compare.analysis.prepare import prepare_corpus
from compare.load import Document

FOOTER = (
    "This entry was posted on {day} and is filed under {section}. You can follow any responses to this"
    " entry through the feed. You can leave a response, or trackback from your own site."
)
DAYS = ["Monday", "Tuesday", "Friday", "Sunday", "Saturday", "Wednesday", "Thursday", "Monday"]


def _page(seed: int, body: str | None = None) -> str:
    """A page of its own site: a title line, an article in lines, a publishing system's footer."""
    body = body or prose(seed, 400)
    lines = [f"Site {seed} headline"]
    words = body.split()
    lines += [" ".join(words[i : i + 40]) for i in range(0, len(words), 40)]
    lines.append(FOOTER.format(day=DAYS[seed % len(DAYS)], section=f"section{seed}"))
    return "\n".join(lines) + "\n"


def _edited(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    return "\n".join(
        " ".join(w if rng.random() >= rate else "zzz" + w for w in line.split()) for line in text.split("\n")
    )


def test_a_footer_on_many_unrelated_pages_is_furniture_and_pairs_nothing() -> None:
    docs = [Document(f"p{k}.txt", _page(k), f"p{k}.txt") for k in range(8)]
    result = analyze(docs)
    assert [p for p in result.pairs if p.relation != "topical"] == []
    for d in result.documents:
        (footer,) = [e for e in d.excluded if e.reason.startswith("shared across sites")]
        assert d.text[footer.start : footer.end].startswith("This entry was posted on")
        assert footer.reason == "shared across sites: in 8 documents from 8 sources"
    off = analyze(docs, Options(furniture=None))
    assert {p.relation for p in off.pairs} & {"partial-reuse", "excerpt"}  # what it prevents


def test_copies_of_one_story_are_never_its_furniture() -> None:
    story = _page(1)
    docs = [Document(f"c{k}.txt", _edited(story, 0.12, k), f"c{k}.txt") for k in range(10)]
    docs += [Document(f"o{k}.txt", _page(100 + k), f"o{k}.txt") for k in range(3)]
    prepared = prepare_corpus(docs, Options())
    found = find_furniture(prepared, FurnitureParams(), 5)
    # The footer is on 13 pages but only 4 independent ones (the ten copies count once): too few.
    assert all(spans == [] for spans in found)
    result = analyze(docs)
    copies = [p for p in result.pairs if p.a < 10 and p.b < 10]
    assert len(copies) == 45 and all(p.relation == "near-duplicate" for p in copies)


def test_a_passage_inside_many_pages_is_not_furniture() -> None:
    point = prose(999, 40)
    docs = []
    for k in range(8):
        words = prose(k, 400).split()
        docs.append(
            Document(f"p{k}.txt", _page(k, " ".join([*words[:200], point, *words[200:]])), f"p{k}.txt")
        )
    result = analyze(docs)
    reuse = [p for p in result.pairs if p.relation == "partial-reuse"]
    assert len(reuse) == 28  # the talking point, in every pair of the eight pages
    assert all(
        not e.reason.startswith("shared across sites") or d.text[e.start : e.end].startswith("This entry")
        for d in result.documents
        for e in d.excluded
    )


@pytest.mark.parametrize(
    "kwargs",
    [{"min_sites": 1}, {"related_shingles": 0}, {"edge_share": 0.0}, {"edge_share": 0.6}, {"line_share": 0}],
)
def test_invalid_parameters_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        FurnitureParams(**kwargs)

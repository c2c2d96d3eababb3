"""Boilerplate and cross-site furniture found by aggregations on Spark are the
local ones (`compare.analysis.spark.prepare`)."""

from __future__ import annotations

import pytest
from synthetic_corpora import prose

from compare.analysis.furniture import without_furniture
from compare.analysis.options import Options
from compare.analysis.prepare import prepare_corpus
from compare.analysis.spark import prepare as spark_prepare
from compare.analysis.spark.prepare import _boilerplate, pack, unpack
from compare.load import Document
from compare.text.boilerplate import find_boilerplate

pytestmark = pytest.mark.spark


def _texts() -> tuple[list[str], list[str]]:
    """Three sources: a footer on most of one source's pages (one page
    twice, which counts once), a line on three of another's four pages, the
    same line on too few pages of a third, page furniture any source may
    have, texts without lines; the first footer, differently cased, on one
    page of the second source counts there apart."""
    footer = "Read more from the Valley Herald every morning"
    half = "Tips and corrections go to the news desk"
    texts, sources = [], []
    for k in range(6):  # the Herald: footer on 5 of 6 pages, one page repeated
        body = f"{prose(300 + k, 60)}\n{footer}" if k < 5 else prose(300 + k, 60)
        texts.append(body)
        sources.append("Herald")
    texts.append(texts[0])  # an identical page: counted once
    sources.append("Herald")
    for k in range(4):  # the Gazette: a line on 3 of 4 pages, the Herald's footer on one
        extra = f"\n{half}" if k < 3 else f"\n  {footer.upper()}  "
        texts.append(f"Share this article\n{prose(400 + k, 50)}{extra}")
        sources.append("Gazette")
    texts += [f"{prose(500, 40)}\n{half}", f"{prose(501, 40)}\n{half}", "", "   \n"]
    sources += ["Blog", "Blog", "Blog", "Blog"]
    return texts, sources


def test_boilerplate_on_spark_is_the_local_boilerplate(spark) -> None:
    texts, sources = _texts()
    want = find_boilerplate(texts, sources)
    assert sum(1 for spans in want for e in spans if e.reason.startswith("repeated")) >= 9
    documents = spark.createDataFrame(
        list(zip(range(len(texts)), texts, sources, strict=True)), "index long, text string, source string"
    ).repartition(3)
    got = {r["index"]: unpack(r["excluded"]) for r in _boilerplate(documents).collect()}
    assert [got[i] for i in range(len(texts))] == want


def test_no_short_line_anywhere_no_boilerplate(spark) -> None:
    texts = [prose(600 + k, 40).replace("\n", " ") for k in range(4)] + [""]
    documents = spark.createDataFrame(
        [(k, t, "Herald") for k, t in enumerate(texts)], "index long, text string, source string"
    )
    assert find_boilerplate(texts, ["Herald"] * 5) == [[]] * 5
    got = {r["index"]: unpack(r["excluded"]) for r in _boilerplate(documents).collect()}
    assert got == {k: [] for k in range(5)}


def _furniture_documents() -> list[Document]:
    """A publishing system's footer on ten copies of one story (one group;
    they come first in holder order), on six unrelated pages of their own
    sites, and on ten copies of a second story (one more group)."""
    story, other = _footer_page(1), _footer_page(2)
    docs = [Document(f"c{k}.txt", _edited(story, 0.1, k), f"c{k}") for k in range(10)]
    docs += [Document(f"o{k}.txt", _footer_page(100 + k), f"o{k}") for k in range(6)]
    docs += [Document(f"d{k}.txt", _edited(other, 0.1, k), f"d{k}") for k in range(10)]
    return docs


def _footer_page(seed: int) -> str:
    words = prose(seed, 300).split()
    lines = [f"Site {seed} headline", *(" ".join(words[i : i + 40]) for i in range(0, len(words), 40))]
    lines.append(
        f"This entry was posted on day {seed % 7} and is filed under section{seed}. You can follow any"
        " responses to this entry through the feed. You can leave a response, or trackback."
    )
    return "\n".join(lines) + "\n"


def _edited(text: str, rate: float, seed: int) -> str:
    import random

    rng = random.Random(seed)
    lines = text.split("\n")
    return "\n".join(
        " ".join(w if rng.random() >= rate else "zzz" + w for w in line.split()) for line in lines
    )


@pytest.mark.parametrize("first", [64, 4])
def test_furniture_on_spark_is_the_local_furniture(spark, monkeypatch, first: int) -> None:
    """With 4 first holders, the lists the ten copies open are decided only when read whole."""
    monkeypatch.setattr(spark_prepare, "FIRST_HOLDERS", first)
    options = Options()
    assert options.furniture is not None
    local = prepare_corpus(_furniture_documents(), options)
    want = without_furniture(local, options.furniture, options.minhasher())
    shared = [p for p in want if any(e.reason.startswith("shared across sites") for e in p.excluded)]
    assert 6 <= len(shared) < len(want)  # found on some pages, not on all
    frame = spark.createDataFrame([(i, pack(p)) for i, p in enumerate(local)], "index long, prepared binary")
    got = spark_prepare._without_furniture(frame.repartition(3), options.furniture, options)
    by_index = {r["index"]: unpack(r["prepared"]) for r in got.collect()}
    assert [by_index[i].excluded for i in range(len(want))] == [p.excluded for p in want]

"""Boilerplate found by aggregations on Spark is the local `find_boilerplate`
(`compare.analysis.spark.prepare`)."""

from __future__ import annotations

import pytest
from synthetic_corpora import prose

from compare.analysis.spark.prepare import _boilerplate, unpack
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

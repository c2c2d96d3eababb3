"""The whole analysis on the sample corpus and on copies built from it."""

from __future__ import annotations

import io
import itertools
import json
import random
import re

import pytest

from compare import Document, Options, analyze
from compare.analysis.pipeline import compare_pair
from compare.analysis.prepare import prepare_corpus


@pytest.fixture(scope="module")
def corpus_result(corpus_docs):
    return analyze(corpus_docs)


def _doc(result, prefix):
    return next(d for d in result.documents if d.id.startswith(prefix))


def test_sample_corpus_claims_no_copying_between_sources(corpus_result):
    assert len(corpus_result.documents) == 5
    assert corpus_result.clusters == []
    for pair in corpus_result.pairs:
        assert pair.relation == "topical", (pair.a, pair.b, pair.relation)
        assert [m.kind for m in pair.matches if m.kind != "topical"] == []
        assert pair.coverage_a == pair.coverage_b == 0.0


def test_sample_corpus_pairs_share_a_topic(corpus_result):
    # All five are about the US and Venezuela: every pair is related by topic.
    assert len(corpus_result.pairs) == 10
    assert all(p.tfidf_cosine > 0.15 for p in corpus_result.pairs)


def test_repeated_lede_and_paragraph_found_inside_documents(corpus_result):
    found = {}
    for rep in corpus_result.repetitions:
        doc = corpus_result.documents[rep.document]
        first = doc.text[rep.first[0] : rep.first[1]]
        second = doc.text[rep.second[0] : rep.second[1]]
        found.setdefault(doc.id[:3], []).append((first, second, rep))
    lede = [f for f in found["000"] if f[0].startswith("The rules-based international order exists")]
    assert len(lede) == 1
    first, second, rep = lede[0]
    assert rep.first[1] <= rep.second[0]
    # Repeated with edits ("precisely — and above all —", "the only ones who lose").
    assert rep.kind == "edited"
    assert second.startswith("The rules-based international order exists precisely")
    assert second.endswith("the less powerful countries")
    paragraph = [f for f in found["002"] if "ongoing imperialist coup" in re.sub(r"\s+", " ", f[0])]
    assert len(paragraph) == 1
    assert paragraph[0][2].shared_words >= 25


def test_ranked_pairs_are_ordered_by_topic_similarity(corpus_result):
    from compare.report.views import ranked

    cosines = [p.tfidf_cosine for p in ranked(corpus_result.pairs)]
    assert cosines == sorted(cosines, reverse=True)


def test_boilerplate_excluded_from_matching_but_kept(corpus_result):
    blitz = _doc(corpus_result, "004")
    reasons = {e.reason for e in blitz.excluded}
    assert {"cookie banner", "navigation menu", "copyright line"} <= reasons
    excluded_text = [blitz.text[e.start : e.end] for e in blitz.excluded]
    assert "© Blitz" in excluded_text
    assert blitz.n_content_words < blitz.n_words
    # The original text is untouched.
    assert blitz.text.startswith("menu_open Columnists")


def _syndicate(text: str) -> str:
    """A syndicated copy: re-wrapped into one line per paragraph, quotes
    straightened, no-break spaces dropped, other boilerplate around it."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = "\n\n".join(paragraphs)
    body = body.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return (
        "Skip to main content\nWe use cookies to improve your experience. Accept all\n\n"
        + body
        + "\n\nShare this article\nCopyright 2017 Example Wire. All rights reserved.\n"
    )


def test_syndicated_copy_is_a_near_duplicate(corpus_text):
    original = corpus_text("003")
    docs = [Document("orig", original, "Haiti Liberte"), Document("copy", _syndicate(original), "Wire")]
    result = analyze(docs)
    (pair,) = result.pairs
    assert pair.relation == "near-duplicate"
    assert pair.jaccard >= 0.9
    assert pair.coverage_a >= 0.95 and pair.coverage_b >= 0.95
    assert [c.members for c in result.clusters] == [[0, 1]]
    assert {m.kind for m in pair.matches} == {"verbatim"}
    copy_excluded = {e.reason for e in result.documents[1].excluded}
    assert {
        "cookie banner",
        "navigation menu",
        "copyright line",
        "share or subscribe prompt",
    } <= copy_excluded


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+(?:['’]\w+)*", text)]


def test_excerpt_found_by_containment_with_exact_offsets(corpus_text):
    source = corpus_text("001")
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", source) if len(source[m.start() : m.end()]) > 200]
    # A run of whole paragraphs making up about 40% of the source's text.
    start_par, end_par = paragraphs[3], paragraphs[3]
    k = 3
    while end_par[1] - start_par[0] < 0.4 * len(source):
        k += 1
        end_par = paragraphs[k]
    excerpt = source[start_par[0] : end_par[1]]
    new_before = corpus_text("003")[:5000]
    new_after = corpus_text("004")[-2500:]
    host = new_before + "\n\n" + excerpt + "\n\n" + new_after
    result = analyze([Document("src", source, "Social Movement"), Document("host", host, "Other")])
    (pair,) = result.pairs
    assert pair.relation == "excerpt"
    reuse = [m for m in pair.matches if m.kind != "topical"]
    assert len(reuse) == 1
    (m,) = reuse
    words = _word_spans(excerpt)
    first_word, last_word = words[0], words[-1]
    assert m.a == (start_par[0] + first_word[0], start_par[0] + last_word[1])
    offset = len(new_before) + 2
    assert m.b == (offset + first_word[0], offset + last_word[1])
    assert source[m.a[0] : m.a[1]] == host[m.b[0] : m.b[1]]
    assert 0.3 <= pair.containment_a_in_b <= 0.5
    assert pair.containment_b_in_a < pair.containment_a_in_b


def _change_words(text: str, share: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    spans = _word_spans(text)
    chosen = sorted(rng.sample(range(len(spans)), int(share * len(spans))))
    out, pos = [], 0
    for n, i in enumerate(chosen):
        s, e = spans[i]
        out += [text[pos:s], f"zqx{n}"]
        pos = e
    out.append(text[pos:])
    return "".join(out)


def test_copy_with_ten_percent_of_words_changed_is_one_edited_match(corpus_text):
    original = corpus_text("004")
    edited = _change_words(original, 0.10)
    result = analyze([Document("orig", original, "Blitz"), Document("edit", edited, "Rewrite")])
    (pair,) = result.pairs
    reuse = [m for m in pair.matches if m.kind != "topical"]
    assert len(reuse) == 1
    (m,) = reuse
    assert m.kind == "edited"
    assert pair.coverage_a >= 0.95 and pair.coverage_b >= 0.95
    assert pair.relation == "near-duplicate"
    replaced = [e for e in m.edits if e.op == "replace"]
    assert len(replaced) >= 20
    for e in replaced:
        assert edited[e.b[0] : e.b[1]].startswith("zqx")


def test_compare_pair_runs_on_its_own(corpus_docs):
    a, b = prepare_corpus([corpus_docs[0], corpus_docs[0]], Options())
    pair = compare_pair(a, b)
    assert pair is not None and pair.relation == "near-duplicate"
    assert pair.jaccard == 1.0


def test_results_are_deterministic(corpus_docs):
    assert analyze(corpus_docs).to_json() == analyze(list(corpus_docs)).to_json()


def test_results_do_not_depend_on_jobs(corpus_docs, monkeypatch):
    docs = [*corpus_docs]
    for n, d in enumerate(corpus_docs):  # a reposted copy and a lightly edited one of each
        docs.append(Document(f"copy-{n}", d.text, "Reposts"))
        docs.append(Document(f"edit-{n}", d.text.replace(" the ", " a ", 20), "Rewrites"))
    monkeypatch.setattr("compare.analysis.pipeline._PAIR_BATCH", 3)  # many tasks for the two workers
    monkeypatch.setattr("compare.analysis.prepare._PREPARE_BATCH", 2)
    one = analyze(docs, jobs=1)
    two = analyze(docs, jobs=2)
    assert len(one.pairs) > 20
    assert sum(p.relation == "near-duplicate" for p in one.pairs) >= 10
    assert one.to_json() == two.to_json()


def test_identical_documents_of_one_source_are_never_their_own_boilerplate(corpus_text):
    text = corpus_text("000")
    docs = [Document(f"copy-{n}", text, "Same outlet") for n in range(3)]
    result = analyze(docs)
    assert [c.members for c in result.clusters] == [[0, 1, 2]]
    assert all(d.n_content_words == d.n_words for d in result.documents)
    assert {p.relation for p in result.pairs} == {"near-duplicate"}


def test_short_lines_repeated_across_a_sources_documents_are_boilerplate(corpus_text):
    footer = "Read our comment policy and follow the Daily Planet"
    docs = [
        Document(f"d{n}", f"{corpus_text(prefix)}\n{footer}\n", "Daily Planet")
        for n, prefix in enumerate(["000", "001", "003"])
    ]
    result = analyze(docs)
    for d in result.documents:
        reasons = [(d.text[e.start : e.end], e.reason) for e in d.excluded]
        assert (footer, "repeated in 3 documents of source 'Daily Planet'") in reasons


def test_progress_is_told_of_every_stage_and_leaves_the_result_unchanged() -> None:
    wire = " ".join(f"word{i % 97} item{i}" for i in range(300))
    docs = [Document(f"d{k}", wire if k < 3 else f"other text {k} " * 40, f"S{k}") for k in range(140)]
    calls: list[tuple[str, int, int]] = []
    told = analyze(docs, progress=lambda *call: calls.append(call))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == ["prepare", "furniture", "candidates", "pairs", "evidence", "repetitions"]
    prepare = [(done, total) for stage, done, total in calls if stage == "prepare"]
    assert prepare[0] == (0, 140) and prepare[-1] == (140, 140) and len(prepare) == 4  # batches of 64
    pairs = [(done, total) for stage, done, total in calls if stage == "pairs"]
    assert pairs[-1][0] == pairs[-1][1] == pairs[0][1] > 0
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(pairs))
    assert told.to_json() == analyze(docs).to_json()


def test_json_has_a_record_per_line_and_edits_as_arrays(corpus_docs):
    import jsonschema

    from compare.analysis.result import schema

    edited = corpus_docs[0].text.replace(" the ", " a ", 20)
    result = analyze([corpus_docs[0], Document("edit", edited, "Rewrites")])
    text = result.to_json()
    out = io.StringIO()
    result.write_json(out)
    assert out.getvalue() == text
    data = json.loads(text)
    jsonschema.validate(data, schema())
    lines = [line.removesuffix(",").removesuffix("]") for line in text.splitlines()]
    assert [json.loads(line) for line in lines if line.startswith('{"index":')] == data["documents"]
    assert [json.loads(line) for line in lines if line.startswith('{"a":')] == data["pairs"]
    (pair,) = data["pairs"]
    written = [e for m in pair["matches"] for e in m["edits"]]
    edits = [e for m in result.pairs[0].matches for e in m.edits]
    assert any(e.op == "replace" for e in edits)
    assert written == [[e.op, *e.a, *e.b] for e in edits]
    assert {e.op for e in edits} <= {"replace", "delete", "insert"}  # the changed steps only

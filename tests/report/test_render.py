"""The HTML report: safe with hostile text, offline, complete, atomic."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from synthetic_corpora import prose

import compare
from compare import Document, analyze
from compare.report.names import display_id, pair_file, text_file
from compare.report.render import ReportError, templates_dir, write_report

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, corpus_text):
    body = corpus_text("004")
    evil = f"Breaking {XSS[0]} news {XSS[1]} today.\n\n" + body + f"\n\nEnd {XSS[1]} {XSS[0]}\n"
    docs = [
        Document("evil-1", evil, f"Outlet {XSS[0]}", title=f"Title {XSS[1]}", url="javascript:alert(1)"),
        Document(
            "evil-2",
            evil.replace("death toll", "number of deaths"),
            f"Other {XSS[1]}",
            title=XSS[0],
            url="https://example.org/a?b=1&c=<x>",
            metadata={"note": XSS[1]},
        ),
    ]
    out = tmp_path_factory.mktemp("hostile") / "report"
    write_report(analyze(docs), out)
    return out, docs


def test_hostile_text_is_never_markup(hostile_report):
    out, docs = hostile_report
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 4
    data = '<script type="application/json" id="evidence-record">'
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for payload in XSS:
            assert payload not in html, page
        # A pair page's evidence record is JSON in a script element that is never run;
        # no < in it, so no text there can close the element. Outside it, text is escaped.
        record = html.split(data, 1)[1].split("</script>", 1)[0] if data in html else ""
        assert "<" not in record and ">" not in record
        outside = html.replace(record, "")
        assert "onerror=alert(1)" not in outside.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
        assert 'href="javascript:' not in html
        # The only scripts are the report's own.
        root = "../" * (len(page.relative_to(out).parts) - 1)
        names = ("assets/report", "data/pairs", "assets/pairs", "data/search", "assets/search")
        own = [f'<script src="{root}{name}.js">' for name in names]
        if page.parent.name == "pairs":  # its evidence as data, then the two texts' data files
            own = [data] + [f'<script src="{root}{text_file(d.id)}">' for d in docs] + own
            assert json.loads(record)["a"]["title"] == docs[0].title
        scripts = re.findall(r"<script\b[^>]*>", html)
        if page != out / "index.html":
            own = own[: 4 if page.parent.name == "pairs" else 1]
        assert scripts == own
    # The pair table's data is one assignment of JSON: text stays inside its strings.
    data = (out / "data" / "pairs.js").read_text(encoding="utf-8")
    prefix = "window.COMPARE_SOURCES_PAIRS = "
    assert data.startswith(prefix) and data.endswith(";\n")
    table = json.loads(data[len(prefix) : -2])
    assert len(table["rows"]) == len(json.loads((out / "results.json").read_text(encoding="utf-8"))["pairs"])
    assert [d["id"] for d in table["docs"]] == [d.id for d in docs]
    search = (out / "data" / "search.js").read_text(encoding="utf-8")
    prefix = "window.COMPARE_SOURCES_SEARCH = "
    assert search.startswith(prefix) and search.endswith(";\n")
    assert [d["id"] for d in json.loads(search[len(prefix) : -2])] == [d.id for d in docs]
    # Each text's data file is one assignment of JSON too, holding the text as it is.
    for d in docs:
        data = (out / text_file(d.id)).read_text(encoding="utf-8")
        texts = "window.COMPARE_SOURCES_TEXTS"
        prefix = f"({texts} = {texts} || {{}})[{json.dumps(d.id)}] = "
        assert data.startswith(prefix) and data.endswith(";\n")
        assert json.loads(data[len(prefix) : -2])["text"] == d.text


def test_report_is_offline(hostile_report):
    out, _ = hostile_report
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for attr in re.findall(r'\b(?:src|href)="([^"]*)"', html):
            if attr.startswith(("http://", "https://")):
                # Only a document's own URL, shown as a link the reader may follow.
                assert attr.startswith("https://example.org/"), (page, attr)
        assert "@import" not in html
    css = (out / "assets" / "report.css").read_text(encoding="utf-8")
    assert "url(" not in css


def test_pair_page_carries_its_matches_and_loads_both_texts(hostile_report):
    # The browser draws the panes (tests/report/test_browser.py); the page holds what it draws from.
    out, docs = hostile_report
    html = (out / pair_file(docs[0].id, docs[1].id)).read_text(encoding="utf-8")
    result = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (pair,) = result["pairs"]
    found = re.search(r'<div class="panes" data-matches="([^"]*)">', html)
    drawn = json.loads(found.group(1).replace("&#34;", '"'))
    assert [m[:6] for m in drawn] == [[m["number"], m["kind"], *m["a"], *m["b"]] for m in pair["matches"]]
    changes = []
    for m in drawn:  # each step relative to the end of the one before
        a, b = m[2], m[4]
        for code, a_skip, a_len, b_skip, b_len in m[6]:
            changes.append([code, a + a_skip, a + a_skip + a_len, b + b_skip, b + b_skip + b_len])
            a, b = changes[-1][2], changes[-1][4]
    assert changes == [
        [{"replace": 1, "delete": 2, "insert": 3}[e[0]], *e[1:]] for m in pair["matches"] for e in m["edits"]
    ]
    assert changes  # "death toll" became "number of deaths"


def test_results_json_is_the_result(hostile_report):
    out, docs = hostile_report
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "2.1"
    assert [d["text"] for d in data["documents"]] == [d.text for d in docs]
    (pair,) = data["pairs"]
    for m in pair["matches"]:
        a0, a1 = m["a"]
        b0, b1 = m["b"]
        assert 0 <= a0 < a1 <= len(docs[0].text) and 0 <= b0 < b1 <= len(docs[1].text)


def test_failed_render_leaves_previous_report_untouched(tmp_path, corpus_docs, monkeypatch):
    out = tmp_path / "report"
    write_report(analyze(corpus_docs[:2]), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    import compare.report.render as report

    def broken(result, outdir, jobs, progress=None):
        (outdir / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "render_report", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_report(analyze(corpus_docs), out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_refuses_to_replace_a_directory_that_is_not_a_report(tmp_path, corpus_docs):
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ReportError, match="not a compare-sources report"):
        write_report(analyze(corpus_docs[:2]), precious)
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_templates_found_where_the_package_is():
    found = templates_dir()
    assert (found / "index.html").is_file() and (found / "assets" / "report.js").is_file()
    package = Path(compare.__file__).resolve().parent
    if "site-packages" in package.parts:
        # Installed without -e: the templates travel inside the package.
        assert found == package / "templates"


def test_results_json_follows_the_versioned_schema(hostile_report, corpus_docs, tmp_path):
    from compare.analysis.result import schema

    out, _ = hostile_report
    validator = jsonschema.Draft202012Validator(schema())
    validator.validate(json.loads((out / "results.json").read_text(encoding="utf-8")))
    validator.validate(json.loads(analyze(corpus_docs).to_json()))


def test_folder_filled_while_rendering_is_kept_not_replaced(tmp_path, corpus_docs, monkeypatch):
    out = tmp_path / "report"
    out.mkdir()  # empty: accepted before rendering
    import compare.report.render as report

    real = report.render_report

    def slow_render(result, outdir, jobs, progress=None):
        real(result, outdir, jobs, progress)
        (out / "thesis.txt").write_text("my only copy", encoding="utf-8")  # someone else writes meanwhile

    monkeypatch.setattr(report, "render_report", slow_render)
    with pytest.raises(ReportError, match="changed while it was being replaced"):
        write_report(analyze(corpus_docs[:2]), out)
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "my only copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_failed_swap_restores_the_previous_report(tmp_path, corpus_docs, monkeypatch):
    out = tmp_path / "report"
    write_report(analyze(corpus_docs[:2]), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_rename = Path.rename

    def failing_rename(self, target):
        if self.name.startswith(".report.new-"):
            raise OSError("simulated failure of the second rename")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError, match="simulated"):
        write_report(analyze(corpus_docs), out)
    monkeypatch.undo()
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_symlinked_output_folder_is_refused(tmp_path, corpus_docs):
    target = tmp_path / "target"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(ReportError, match="symbolic link"):
        write_report(analyze(corpus_docs[:2]), link)
    assert link.is_symlink() and list(target.iterdir()) == []


def test_report_files_get_the_usual_permissions(tmp_path, corpus_docs):
    old = os.umask(0o022)
    try:
        write_report(analyze(corpus_docs[:2]), tmp_path / "report")
    finally:
        os.umask(old)
    assert (tmp_path / "report").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "report" / "results.json").stat().st_mode & 0o777 == 0o644


def test_report_does_not_depend_on_jobs(tmp_path, corpus_docs, monkeypatch):
    result = analyze(corpus_docs)
    monkeypatch.setattr("compare.report.render._PAGE_BATCH", 2)  # many tasks for the two workers
    one = write_report(result, tmp_path / "one", jobs=1).parent
    two = write_report(result, tmp_path / "two", jobs=2).parent
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len(files) > 10
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for f in files:
        assert (one / f).read_bytes() == (two / f).read_bytes(), f


def test_page_names_follow_the_documents_ids_not_their_positions(tmp_path) -> None:
    # One more input read first (or one that failed) must not move a saved link to another pair.
    story = "The council approved the new budget after a long debate on Tuesday night. " * 4
    one = [Document("wire/story.txt", story, "Wire"), Document("daily/copy.txt", story, "Daily")]
    first, second = tmp_path / "first", tmp_path / "second"
    write_report(analyze(one), first)
    write_report(
        analyze([Document("aaa/extra.txt", "Something else entirely, on its own.", "X"), *one]), second
    )
    name = pair_file("wire/story.txt", "daily/copy.txt")
    assert (first / name).is_file() and (second / name).is_file()
    assert name.startswith("pairs/wire-story-txt-") and "--daily-copy-txt-" in name
    assert sorted(p.name for p in (first / "docs").iterdir()) == sorted(
        p.name for p in (second / "docs").iterdir() if not p.name.startswith("aaa-extra-txt-")
    )


def test_pairs_on_the_same_topic_only_get_no_page_but_are_listed(tmp_path, corpus_docs) -> None:
    from compare.report.names import document_file

    result = analyze(corpus_docs)
    out = tmp_path / "report"
    write_report(result, out)
    docs = result.documents
    (topical, *_) = [p for p in result.pairs if p.relation == "topical"]
    a, b = docs[topical.a], docs[topical.b]
    assert not (out / pair_file(a.id, b.id)).exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    both = (f'<a href="{document_file(d.id)}">{display_id(d.id)}</a>' for d in (a, b))
    assert " × ".join(both) in index
    page = (out / document_file(a.id)).read_text(encoding="utf-8")
    assert "On the same topic, sharing no passage" in page
    assert f'<li><a href="../{document_file(b.id)}">{display_id(b.id)}</a> {b.source}:' in page


def test_a_reused_passage_links_to_its_page_from_pair_and_document_pages(tmp_path) -> None:
    # One wire paragraph reprinted by three outlets: every match links to the passage's page.
    from compare.report.names import document_file

    wire = (
        "The regional water board confirmed on Monday that the reservoir above the valley had fallen to its"
        " lowest level since records began, and that farmers downstream should expect irrigation limits."
    )
    docs = [Document("wire", wire, "Wire", date="2026-01-01")] + [
        Document(f"outlet{k}", f"{prose(k, 60)} {wire} {prose(10 + k, 60)}", f"Outlet {k}") for k in range(3)
    ]
    result = analyze(docs)
    out = tmp_path / "report"
    write_report(result, out)
    passage = out / "passages" / "1.html"
    assert passage.is_file()
    link = 'href="../passages/1.html">passage 1: every version, in 4 documents</a>'
    for p in result.pairs:
        page = (out / pair_file(docs[p.a].id, docs[p.b].id)).read_text(encoding="utf-8")
        assert link in page
    doc_page = (out / document_file("outlet1")).read_text(encoding="utf-8")
    assert 'href="../passages/1.html">passage 1 (4 documents)</a>' in doc_page
    assert all(display_id(d.id) in passage.read_text(encoding="utf-8") for d in docs)


def test_page_names_and_ids_stay_when_an_input_cannot_be_read(tmp_path) -> None:
    # A file that fails to load, read before the others, must not move a saved link or a cited id.
    from compare.load import load_paths

    story = "The council approved the new budget after a long debate on Tuesday night. " * 4
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(story, encoding="utf-8")
    (folder / "daily.txt").write_text("Breaking: " + story, encoding="utf-8")

    def report(out):
        loaded = load_paths([folder])
        write_report(analyze(loaded.documents, problems=loaded.problems), out)
        pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
        return pages, (out / "index.html").read_text(encoding="utf-8"), loaded

    before, index_before, _ = report(tmp_path / "before")
    (folder / "aaa-broken.txt").write_bytes(bytes(range(256)) * 8)
    after, index_after, loaded = report(tmp_path / "after")
    assert [p.path for p in loaded.problems] == [str(folder / "aaa-broken.txt")]
    assert before == after and any(p.startswith("pairs/") for p in after)
    ids = [display_id(d.id) for d in loaded.documents]
    assert all(i in index_before and i in index_after for i in ids)

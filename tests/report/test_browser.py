"""The report in a real browser: Debian's Chromium, driven by Playwright.

The report is built once per session (`browser_report`) from the sample
corpus and opened from disk (``file://``), as a reader would. Every page
visited is watched for console errors, uncaught exceptions and requests
that leave the report's folder. Screenshots go to ``artifacts/browser/``
(not tracked) for a person to look at.

Chromium comes from Debian (``apt-get install chromium``; `nox -s tests`
installs it when it is missing) and axe-core from npm
(``tests/browser/package.json``; `nox -s tests` runs ``npm ci``). Without
either, these tests fail and say what to install: they are never skipped.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from paths import ARTIFACTS, BROWSER, CORPUS
from playwright.sync_api import Page
from synthetic_corpora import prose

from compare.analysis.pipeline import analyze
from compare.load import Document, load_paths
from compare.report.names import pair_file
from compare.report.render import write_report

AXE = BROWSER / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ARTIFACTS / "browser"


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium not found: `apt-get install chromium` (nox -s tests installs it)")
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """pytest-playwright's launch options: the system Chromium, headless, offline."""
    return {
        "executable_path": _chromium(),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def _rewrite(text: str) -> str:
    """A lightly edited repost: some paragraphs reworded, one added, the ending cut."""
    paragraphs = [p for p in text.splitlines() if p.strip()]
    out = []
    for i, p in enumerate(paragraphs[:-2]):
        out.append(p.replace(" the ", " this ", 2) if i % 3 == 1 else p)
        if i % 4 == 3:
            out.append(prose(i, 60))  # the aggregator's own words, between copied paragraphs
    return "\n\n".join(out)


@pytest.fixture(scope="session")
def browser_report(tmp_path_factory) -> Path:
    """The report of the sample corpus plus a repost of one of its stories and
    a commentary quoting another, written once: its folder."""
    loaded = load_paths([CORPUS])
    docs = list(loaded.documents)
    quoted = " ".join(docs[2].text.split()[200:280])
    statement = prose(74, 45)
    docs += [
        Document("repost.txt", _rewrite(docs[0].text), "Aggregator", title="Repost", date="2026-02"),
        Document(
            "wire-a.txt",
            f"{prose(70, 150)} The minister said: \u201c{statement}\u201d {prose(71, 90)}",
            "Wire A",
        ),
        Document(
            "wire-b.txt",
            f"{prose(72, 170)}\n\u00ab{statement}\u00bb, the minister told us.\n{prose(73, 70)}",
            "Wire B",
        ),
        Document(
            "commentary.txt",
            "A commentary with a long quotation. The article said: \u201c" + quoted + "\u201d We disagree.",
            "Commentary blog",
            title="Commentary",
        ),
    ]
    out = tmp_path_factory.mktemp("browser") / "report"
    write_report(analyze(docs), out)
    return out


class Watch:
    """What a page did wrong: console errors, uncaught exceptions, requests outside `root`."""

    def __init__(self, page: Page, root: Path) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        prefix = root.resolve().as_uri()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(prefix) else self.outside.append(r.url))

    def assert_clean(self) -> None:
        assert self.errors == [] and self.outside == []


@pytest.fixture
def watched(page: Page, browser_report: Path) -> Iterator[tuple[Page, Watch]]:
    watch = Watch(page, browser_report)
    yield page, watch
    watch.assert_clean()


def _url(report: Path, relpath: str) -> str:
    return (report / relpath).resolve().as_uri()


def _pair_pages(report: Path) -> list[str]:
    return sorted(p.relative_to(report).as_posix() for p in (report / "pairs").glob("*.html"))


def test_every_page_loads_without_errors_or_network(watched, browser_report: Path) -> None:
    page, watch = watched
    docs, passages = (
        sorted(p.relative_to(browser_report).as_posix() for p in (browser_report / folder).glob("*.html"))
        for folder in ("docs", "passages")
    )
    pages = ["index.html", *_pair_pages(browser_report), *docs, *passages]
    assert len(pages) > 5
    for relpath in pages:
        page.goto(_url(browser_report, relpath))
        assert page.locator("h1").count() == 1, relpath
    watch.assert_clean()


def test_a_matrix_cell_opens_its_pair(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, "index.html"))
    cell = page.locator("table.matrix td a").first
    target = cell.get_attribute("href")
    cell.click()
    page.wait_for_load_state()
    assert page.url == _url(browser_report, target)
    assert "×" in page.locator("h1").inner_text()


def _pane_shows(page: Page, side: str, selector: str) -> bool:
    """Whether the element is inside the visible part of its scrolling pane."""
    return page.evaluate(
        """([side, selector]) => {
            const pane = document.querySelector(`.text[data-side="${side}"]`);
            const el = pane.querySelector(selector);
            const p = pane.getBoundingClientRect(), r = el.getBoundingClientRect();
            return r.top >= p.top && r.bottom <= p.bottom;
        }""",
        [side, selector],
    )


def _busiest_pair(report: Path, page: Page) -> str:
    """The pair page with the most matches."""
    best, most = "", -1
    for relpath in _pair_pages(report):
        page.goto(_url(report, relpath))
        count = page.locator(".match-item").count()
        if count > most:
            best, most = relpath, count
    assert most >= 2, "the sample corpus should give a pair with several matches"
    return best


def test_clicking_a_match_shows_and_highlights_its_counterpart(watched, browser_report: Path) -> None:
    page, _ = watched
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(_url(browser_report, _busiest_pair(browser_report, page)))
    last = page.locator(".match-item").last.get_attribute("data-m")
    selector = f'[data-m="{last}"].m'
    a_span = page.locator(f'.text[data-side="a"] {selector}').first
    a_span.scroll_into_view_if_needed()
    a_span.click()
    assert "active" in page.locator(f'.text[data-side="b"] {selector}').first.get_attribute("class")
    assert _pane_shows(page, "b", selector)


def test_n_and_p_step_through_the_matches_in_order(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, _busiest_pair(browser_report, page)))
    numbers = page.locator(".match-item").evaluate_all("els => els.map(e => e.dataset.m)")

    def active() -> str:
        return page.locator(".match-item.active").get_attribute("data-m")

    page.keyboard.press("n")
    assert active() == numbers[0]
    # The address names the match, and the texts are on screen, not below it.
    assert page.evaluate("location.hash") == f"#m{numbers[0]}"
    top = page.locator(".panes").evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top <= page.viewport_size["height"] / 3
    # One highlight per match in the texts: no outline on each of its fragments.
    fragment = page.locator(f'.text [data-m="{numbers[0]}"].m').first
    assert fragment.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
    assert "255, 224, 138" in fragment.evaluate("el => getComputedStyle(el).backgroundColor")
    page.keyboard.press("n")
    assert active() == numbers[1]
    assert page.evaluate("location.hash") == f"#m{numbers[1]}"
    page.keyboard.press("p")
    assert active() == numbers[0]
    page.keyboard.press("p")
    assert active() == numbers[-1]  # wraps around


def test_an_overview_ruler_shows_where_the_matches_lie_and_steps_to_them(
    watched, browser_report: Path
) -> None:
    page, _ = watched
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(_url(browser_report, _busiest_pair(browser_report, page)))
    numbers = page.locator(".match-item").evaluate_all("els => els.map(e => e.dataset.m)")
    for side in ("a", "b"):
        ticks = page.locator(f'.ruler[data-side="{side}"] .tick')
        assert ticks.evaluate_all("els => els.map(e => e.dataset.m)") == numbers
        tops = ticks.evaluate_all("els => els.map(e => parseFloat(e.style.top))")
        assert all(0 <= t <= 100 for t in tops), tops
        if side == "a":  # matches are numbered in the order they lie in A
            assert tops == sorted(tops)
    page.locator('.ruler[data-side="a"] .tick').last.click()
    assert page.locator(".match-item.active").get_attribute("data-m") == numbers[-1]
    assert _pane_shows(page, "b", f'[data-m="{numbers[-1]}"].m')


@pytest.mark.parametrize("width", [1280, 800])
def test_pages_fit_the_window(watched, browser_report: Path, width: int) -> None:
    page, _ = watched
    page.set_viewport_size({"width": width, "height": 900})
    first_doc = sorted(
        p.relative_to(browser_report).as_posix() for p in (browser_report / "docs").glob("*.html")
    )[0]
    for relpath in [
        "passages/1.html",
        first_doc,
        "passages/index.html",
        "index.html",
        _pair_pages(browser_report)[0],
    ]:
        page.goto(_url(browser_report, relpath))
        root = "document.documentElement"
        overflow = page.evaluate(f"{root}.scrollWidth - {root}.clientWidth")
        assert overflow <= 0, (relpath, width)
    # The panes, the evidence buttons and the ruler are all within the window.
    for selector in ("#evidence-files", ".ruler[data-side='b']", "#pane-b"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, (selector, width)
    a, b = (page.locator(f"#pane-{s}").bounding_box() for s in "ab")
    if width >= 1280:
        assert a["y"] == b["y"] and a["x"] + a["width"] <= b["x"]  # side by side
    else:
        assert b["y"] >= a["y"] + a["height"]  # stacked


def test_print_stacks_the_panes_and_shows_whole_texts(watched, browser_report: Path) -> None:
    page, _ = watched
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(_url(browser_report, _pair_pages(browser_report)[0]))
    page.emulate_media(media="print")
    a, b = (page.locator(f"#pane-{s}").bounding_box() for s in "ab")
    assert b["y"] >= a["y"] + a["height"]
    clipped = page.evaluate(
        "[...document.querySelectorAll('.pane .text')].some(t => t.scrollHeight > t.clientHeight + 1)"
    )
    assert not clipped
    assert page.locator("header.top").is_hidden()


def _axe(page: Page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"axe-core not found at {AXE}: run `npm ci` in tests/browser (nox -s tests does)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    # preload: false, or axe fetches the stylesheets again, which file:// pages may not do.
    result = page.evaluate("async () => await axe.run(document, {preload: false})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violations(watched, browser_report: Path) -> None:
    page, _ = watched
    first_doc = sorted(
        p.relative_to(browser_report).as_posix() for p in (browser_report / "docs").glob("*.html")
    )[0]
    for relpath in ["index.html", _pair_pages(browser_report)[0], "passages/1.html", first_doc]:
        page.goto(_url(browser_report, relpath))
        violations = _axe(page)
        assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_screenshots_of_the_index_and_a_pair(watched, browser_report: Path) -> None:
    page, _ = watched
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, relpath in [("index", "index.html"), ("pair", _busiest_pair(browser_report, page))]:
        page.goto(_url(browser_report, relpath))
        shot = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(shot), full_page=name == "index")
        assert shot.stat().st_size > 10_000


def _visible_rows(page: Page) -> list[dict]:
    return page.locator("#pair-table tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => ({...r.dataset}))"
    )


def test_the_pair_table_sorts_by_a_column_and_back(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, "index.html"))
    header = page.locator("#pair-table th[data-sort='c_ab'] button")
    header.click()
    values = [float(r["cAb"]) for r in _visible_rows(page)]
    assert len(values) > 3 and values == sorted(values, reverse=True)
    assert page.locator("#pair-table th[data-sort='c_ab']").get_attribute("aria-sort") == "descending"
    assert page.url.endswith("?sort=c_ab&dir=desc")
    header.click()
    values = [float(r["cAb"]) for r in _visible_rows(page)]
    assert values == sorted(values)
    assert page.url.endswith("?sort=c_ab")  # ascending is the default direction


def test_the_pair_table_filters_and_the_url_keeps_the_view(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, "index.html"))
    everything = len(_visible_rows(page))
    page.select_option("#pair-filters select[name=source]", "Aggregator")
    rows = _visible_rows(page)
    assert 0 < len(rows) < everything
    assert all("Aggregator" in (r["sourceA"], r["sourceB"]) for r in rows)
    page.select_option("#pair-filters select[name=kind]", "edited")
    rows = _visible_rows(page)
    assert rows and all(int(r["edited"]) > 0 for r in rows)
    shared = page.url
    assert "source=Aggregator" in shared and "kind=edited" in shared
    page.goto("about:blank")
    page.goto(shared)  # the shared link opens the same view
    assert _visible_rows(page) == rows
    assert page.locator("#pair-filters select[name=source]").input_value() == "Aggregator"
    page.fill("#pair-filters input[name=min]", "0.99")
    assert _visible_rows(page) == []
    assert "0 of 0" in page.locator("#pair-filters output").inner_text()
    page.click("#pair-filters button[type=reset]")
    page.wait_for_function(
        f"document.querySelectorAll('#pair-table tbody tr:not([hidden])').length == {everything}"
    )
    assert "?" not in page.url


def test_the_search_box_finds_documents_offline(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, "index.html"))
    page.fill("#search input[name=q]", "aggregator repost")
    results = page.locator("#search .search-results li")
    assert results.count() == 1
    assert results.first.inner_text().endswith("Aggregator: Repost")
    assert page.locator("#search output").inner_text() == "1 document"
    page.fill("#search input[name=q]", "no such words anywhere")
    assert results.count() == 0 and page.locator("#search output").inner_text() == "0 documents"
    page.fill("#search input[name=q]", "aggregator repost")
    results.first.locator("a").click()
    page.wait_for_load_state()
    assert "Repost" in page.locator("h1").inner_text()


def test_a_pair_page_explains_its_scores(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, _busiest_pair(browser_report, page)))
    why = page.locator("#why").inner_text()
    assert "Near-duplicate: Jaccard 0.655 is at least the threshold 0.5." in why
    # The LSH's mathematics is there for who wants it, collapsed.
    assert "probability" not in why
    page.click("#how-found summary")
    how = page.locator("#how-found").inner_text()
    assert "proposes a pair of Jaccard s with probability 1 − (1 − s^" in how
    assert "for this pair's 0.655 that is 1.00. It was proposed by the LSH." in how


def test_triage_marks_follow_the_documents_show_in_the_index_export_and_import(
    watched, browser_report: Path, tmp_path: Path
) -> None:
    page, watch = watched
    pair = _busiest_pair(browser_report, page)
    page.goto(_url(browser_report, pair))
    page.check("#triage input[value=false-positive]")
    page.reload()
    assert page.is_checked("#triage input[value=false-positive]")
    page.goto(_url(browser_report, "index.html"))
    cell = page.locator(f'td.mark[data-pair="{pair}"]')
    assert cell.inner_text() == "false positive"
    with page.expect_download() as download:
        page.click("#marks-export")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    ids = (cell.get_attribute("data-a"), cell.get_attribute("data-b"))
    assert exported["marks"] == [{"a": ids[0], "b": ids[1], "mark": "false-positive"}]
    # Marks follow the documents, not the folder: the report moved elsewhere still shows them.
    moved = tmp_path / "moved"
    shutil.copytree(browser_report, moved)
    page.goto(_url(moved, "index.html"))
    assert page.locator(f'td.mark[data-pair="{pair}"]').inner_text() == "false positive"
    # Unmarking removes the mark; importing the exported file brings it back.
    page.goto(_url(moved, pair))
    page.check("#triage input[value='']")
    page.goto(_url(browser_report, "index.html"))
    assert page.locator("td.mark").evaluate_all("cells => cells.map(c => c.textContent).join('')") == ""
    saved = tmp_path / "marks.json"
    saved.write_text(json.dumps(exported), encoding="utf-8")
    page.set_input_files("#marks-import", str(saved))
    page.wait_for_function(f"document.querySelector('td.mark[data-pair=\"{pair}\"]').textContent !== ''")
    assert page.locator(f'td.mark[data-pair="{pair}"]').inner_text() == "false positive"
    page.goto(_url(browser_report, pair))
    page.check("#triage input[value='']")
    # The moved copy is this test's own: its requests are not requests outside the report.
    watch.outside[:] = [url for url in watch.outside if not url.startswith(moved.resolve().as_uri())]


def test_the_source_matrix_is_directional_and_opens_the_pairs_between(watched, browser_report: Path) -> None:
    page, _ = watched
    docs = json.loads((browser_report / "results.json").read_text(encoding="utf-8"))["documents"]

    def share(s: str, t: str) -> str:
        words = sum(d["n_content_words"] for d in docs if d["source"] == s)
        found = sum(d["found_in_sources"].get(t, 0) * d["n_content_words"] for d in docs if d["source"] == s)
        return f"{round(100 * found / words)}%"

    page.goto(_url(browser_report, "index.html"))
    table = page.locator("table.sources")
    sources = table.locator("thead th").all_inner_texts()
    row, col = sources.index("Aggregator"), sources.index("Havana Times")
    cell = table.locator("tbody tr").nth(row).locator("td").nth(col)
    back = table.locator("tbody tr").nth(col).locator("td").nth(row)
    assert cell.inner_text() == share("Aggregator", "Havana Times")
    assert back.inner_text() == share("Havana Times", "Aggregator") != cell.inner_text()  # directional
    cell.locator("a").click()
    page.wait_for_load_state()
    rows = _visible_rows(page)
    assert rows and all({r["sourceA"], r["sourceB"]} == {"Aggregator", "Havana Times"} for r in rows)
    assert page.locator("#pair-filters select[name=other]").input_value() == "Havana Times"


def test_a_quotation_both_print_is_counted_apart_from_copying(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, "index.html"))
    page.select_option("#pair-filters select[name=kind]", "quoted")
    rows = _visible_rows(page)
    assert [(r["sourceA"], r["sourceB"]) for r in rows] == [("Wire A", "Wire B")]
    assert rows[0]["quoted"] == "1" and rows[0]["verbatim"] == rows[0]["edited"] == "0"
    sources = page.locator("table.sources thead th").all_inner_texts()
    row = page.locator("table.sources tbody tr").nth(sources.index("Wire A"))
    assert row.locator("td").nth(sources.index("Wire B")).inner_text() == "·"  # not copying
    page.locator("#pair-table tbody tr:not([hidden]) a").first.click()
    page.wait_for_load_state()
    assert "(quoted in both texts: a shared quotation, not copying)" in page.locator(".matches").inner_text()
    why = page.locator("#why").inner_text()
    assert (
        why.startswith("Why this relation")
        and "Quotation: every shared passage is inside quotation marks" in why
    )
    assert "1 of its 1 shared passages are quotations" in why


def test_a_passage_page_shows_every_version_earliest_first(watched, browser_report: Path) -> None:
    page, _ = watched
    page.goto(_url(browser_report, "index.html"))
    listed = page.locator("#passages ol.passages li")
    assert listed.count() >= 3
    texts = listed.all_inner_texts()
    quoted = next(i for i, t in enumerate(texts) if "(a shared quotation)" in t)
    assert "Wire A" in texts[quoted]
    page.goto(_url(browser_report, f"passages/{quoted + 1}.html"))
    quoting = page.locator("table.versions tbody tr").all_inner_texts()
    assert len(quoting) == 2 and all("in quotation marks" in row for row in quoting)
    page.goto(_url(browser_report, "index.html"))
    repost = next(i for i, t in enumerate(texts) if "Havana Times (2026-01)" in t)
    listed.nth(repost).locator("a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Passage ")
    rows = page.locator("table.versions tbody tr").all_inner_texts()
    assert "Havana Times" in rows[0] and "Aggregator" in rows[1]  # earliest (2026-01) first
    # Side by side, each version in its own words: the repost's changes marked, none of the earliest's struck.
    columns = page.locator(".versions-row .version")
    assert columns.count() == 2
    first, repost = (columns.nth(k).bounding_box() for k in range(2))
    assert first["y"] == repost["y"] and first["x"] + first["width"] <= repost["x"]
    assert columns.nth(1).locator("mark.new").count() > 0 and columns.locator("del").count() == 0
    assert "first" in page.locator("table.versions tbody tr").first.inner_text()
    assert "in quotation marks" not in rows[0] + rows[1]
    page.locator("table.versions tbody tr").nth(1).locator("a", has_text="with 000-a0bb5eff38de-").click()
    page.wait_for_load_state()
    assert page.url.endswith(".html") and "pairs/" in page.url


@pytest.fixture(scope="module")
def evidence_report(tmp_path_factory) -> tuple[Path, object, list[Document]]:
    """Two documents sharing an edited passage, one with an emoji before it (offsets count
    code points; the browser counts UTF-16 units), an id a spreadsheet would run as a formula,
    quotes and commas for the CSV, and the passage twice in one text (its two matches coincide
    in the other)."""
    shared = prose(1, 70) + ' They said "no, never" to it.'
    words = shared.split(" ")
    edited = " ".join("rewritten" if k % 12 == 5 else w for k, w in enumerate(words))
    docs = [
        Document("=cmd|calc", f"{prose(2, 50)} {shared} {prose(3, 50)}", "@Wire", url="https://w.example/1"),
        Document(
            "daily", f"Emoji \U0001f600 first. {prose(4, 40)} {edited}\n\n{prose(5, 30)}\n\n{shared}", "Daily"
        ),
    ]
    result = analyze(docs)
    out = tmp_path_factory.mktemp("evidence") / "report"
    write_report(result, out)
    return out, result, docs


@pytest.fixture
def evidence_page(page: Page, evidence_report) -> Iterator[tuple[Page, object, list[Document]]]:
    """The evidence report's one pair page, open and watched (clean at the end)."""
    out, result, docs = evidence_report
    watch = Watch(page, out)
    (pair,) = result.pairs
    page.goto(_url(out, pair_file(docs[pair.a].id, docs[pair.b].id)))
    yield page, result, docs
    watch.assert_clean()


def _pane_text(page: Page, side: str) -> str:
    return page.evaluate(
        """side => {
            const pane = document.querySelector(`.text[data-side="${side}"]`).cloneNode(true);
            pane.querySelectorAll(".badge").forEach(b => b.remove());
            return pane.textContent;
        }""",
        side,
    )


def test_pair_panes_draw_both_whole_texts_with_every_match_marked(evidence_page) -> None:
    page, result, docs = evidence_page
    (pair,) = result.pairs
    assert _pane_text(page, "a") == docs[pair.a].text
    assert _pane_text(page, "b") == docs[pair.b].text
    for side, doc in (("a", docs[pair.a]), ("b", docs[pair.b])):
        for m in pair.matches:
            start, end = m.a if side == "a" else m.b
            # Every match has its own badge, even where two coincide, at the right character.
            badge = page.locator(f"#{side}-m{m.number}")
            assert badge.count() == 1
            following = badge.evaluate(
                "b => { let n = b.nextSibling; while (n && n.classList && n.classList.contains('badge'))"
                " n = n.nextSibling; return n.textContent; }"
            )
            assert doc.text[start:end].startswith(following)
    changed = [
        (docs[pair.b].text[e.b[0] : e.b[1]], docs[pair.a].text[e.a[0] : e.a[1]])
        for m in pair.matches
        for e in m.edits
        if e.op == "replace"
    ]
    assert changed
    marked = page.locator('.text[data-side="b"] .chg').all_inner_texts()
    assert all(new in marked for new, _ in changed)
    # The word diff is drawn when opened: what A had struck out, what B has instead.
    details = page.locator("details.diff").first
    details.locator("summary").click()
    assert details.locator("del").first.inner_text() == changed[0][1]
    assert details.locator("ins").first.inner_text() == changed[0][0]


def test_a_pair_page_exports_its_evidence_as_the_library_does(evidence_page) -> None:
    from compare.report.export import evidence_csv, evidence_json

    page, result, docs = evidence_page
    (pair,) = result.pairs
    downloaded = {}
    for fmt in ("json", "csv"):
        with page.expect_download() as info:
            page.locator(f'#evidence-files button[data-format="{fmt}"]').click()
        downloaded[fmt] = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename == pair_file(docs[pair.a].id, docs[pair.b].id)[6:-4] + fmt
    assert json.loads(downloaded["json"]) == json.loads(evidence_json(result, pair))
    assert downloaded["csv"] == evidence_csv(result, pair)  # byte for byte: quoting, formulas, numbers
    assert "'=cmd|calc" in downloaded["csv"] and "'@Wire" in downloaded["csv"]


def test_the_evidence_sheet_prints_on_one_page(evidence_page) -> None:
    page, result, _ = evidence_page
    (pair,) = result.pairs
    page.evaluate("window.print = () => {}")  # headless: the dialog would wait for no one
    page.locator('#evidence-files button[data-format="print"]').click()
    page.emulate_media(media="print")
    assert page.locator("#sheet").is_visible() and page.locator(".panes").is_hidden()
    sheet = page.locator("#sheet").inner_text()
    assert "=cmd|calc" in sheet and "https://w.example/1" in sheet and "Why this relation" not in sheet
    assert pair.relation in sheet.lower()
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page/") == 1


@pytest.fixture(scope="session")
def big_report(tmp_path_factory) -> Path:
    """A report of 5,000 documents from 450 sources: 3,000 stories; 300 of them
    syndicated in five copies, each copy with 5 to 13% of its words replaced
    (4,500 near-duplicate pairs in clusters of six); 500 stories quoting a
    paragraph of another."""
    rng = random.Random(5000)
    stories = [prose(1000 + i, 320) for i in range(3000)]
    docs = [Document(f"story-{i:04d}", t, f"Outlet {i % 300:03d}") for i, t in enumerate(stories)]
    for i in range(300):
        for k in range(5):
            rate = 0.05 + 0.02 * k
            words = [w if rng.random() > rate else "changed" for w in stories[i * 10].split(" ")]
            docs.append(Document(f"repost-{i:03d}-{k}", " ".join(words), f"Aggregator {(i + k) % 50:02d}"))
    for i in range(500):
        quoted = " ".join(stories[i * 6 + 1].split(" ")[40:120])
        docs.append(
            Document(f"quoting-{i:03d}", f"{prose(9000 + i, 200)}\n{quoted}\n", f"Blog {i % 100:02d}")
        )
    out = tmp_path_factory.mktemp("big") / "report"
    write_report(analyze(docs, jobs=2), out, jobs=2)
    return out


def test_a_report_of_5000_documents_is_small_and_quick(page: Page, big_report: Path) -> None:
    watch = Watch(page, big_report)
    files = [p for p in big_report.rglob("*") if p.is_file()]
    sizes = {p.relative_to(big_report).as_posix(): p.stat().st_size for p in files}
    pairs = len(json.loads((big_report / "results.json").read_text(encoding="utf-8"))["pairs"])
    assert pairs > 4_500 and len(sizes) > 10_000  # a page and a text per document, a page per pair
    assert sizes["index.html"] <= 2 * 2**20
    pages = {k: v for k, v in sizes.items() if k.endswith((".html", ".js"))}  # what a browser opens
    assert max(pages.values()) < 5 * 2**20, max(pages.items(), key=lambda kv: kv[1])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(_url(big_report, "index.html"))
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    start = page.evaluate("performance.now()")
    page.locator("#pair-table th[data-sort='jaccard'] button").click()
    page.wait_for_function("document.querySelector(\"#pair-table th[data-sort='jaccard']\").ariaSort")
    sorted_ms = page.evaluate("performance.now()") - start
    shown = page.locator("#pair-table tbody tr:not([hidden])").count()
    print(
        f"\n5,000-document report: {len(sizes)} files, {sum(sizes.values()) / 2**20:.0f} MB,"
        f" index {sizes['index.html'] / 2**20:.2f} MB, pairs data {sizes['data/pairs.js'] / 2**20:.1f} MB;"
        f" loaded and scripted in {loaded:.0f} ms, sorted {pairs} pairs in {sorted_ms:.0f} ms"
    )
    assert loaded < 2_000 and sorted_ms < 2_000
    assert shown == 100  # paged
    # The index itself holds the strongest 100 rows; the whole table is its data file.
    assert (big_report / "index.html").read_text(encoding="utf-8").count("<tr data-rank=") == 100
    assert f"of {pairs} pairs" in page.locator("#pair-filters output").inner_text()
    # Search finds any of the 5,000 documents from the index.
    page.locator("#search input").fill("repost-299-4")
    assert page.locator("#search .search-results a").first.inner_text().startswith("repost-299-4-")
    watch.assert_clean()


def test_long_lists_show_a_hundred_items_then_more(page: Page, big_report: Path) -> None:
    watch = Watch(page, big_report)
    page.goto(_url(big_report, "index.html"))
    assert page.locator("#documents tbody tr").count() == 100  # the index holds the first hundred
    page.locator("#documents a", has_text="all 5000 documents").click()
    page.wait_for_load_state()
    assert page.url.endswith("lists/documents.html")
    rows = page.locator("table tbody tr")
    assert rows.count() == 5_000

    def visible() -> list[str]:
        return page.locator("table tbody tr:not([hidden]) code").all_inner_texts()

    assert len(visible()) == 100
    button = page.locator("button.more")
    assert button.inner_text() == "Show 100 more documents (4900 not shown)"
    button.click()
    assert len(visible()) == 200
    page.locator("label.list-filter input").fill("repost-01")
    assert visible() == [f"repost-01{i}-{k}" for i in range(10) for k in range(5)]
    assert page.locator("label.list-filter output").inner_text().strip() == "50 of 5000"
    page.locator("label.list-filter input").fill("")
    page.emulate_media(media="print")
    assert page.locator("table tbody tr:visible").count() == 5_000  # print shows them all
    watch.assert_clean()

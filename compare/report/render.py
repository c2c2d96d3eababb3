"""The HTML report: pages rendered from an `AnalysisResult` with Jinja2.

Pages: ``index.html``, ``pairs/A--B.html`` per pair that shares text,
``docs/A.html`` per document (named by the documents' ids,
`compare.report.names`) and its text as data (``data/texts/A.js``, which
the pair pages draw their panes over: `compare.report.texts`),
``passages/N.html`` per passage found in several documents (and
``passages/index.html`` listing them), the assets, ``results.json`` (the
result itself), ``sources.csv`` (the whole source × source table),
``data/pairs.js`` (the index's whole pair table, which its script pages,
sorts and filters) and ``data/search.js`` (what its search box looks
through). What the pages display is built in
`compare.report.views`; the templates in ``reports/templates/`` only lay
it out, with autoescaping on, so untrusted text never becomes markup.

The report is written into a temporary folder beside the output folder and
then swapped in by renaming: readers see the old report or the complete new
one, never a half-written one. Only an empty folder or an earlier report is
ever replaced.
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from ..analysis.result import AnalysisResult
from ..load import REPORT_MARKER
from ..util.atomic import FolderRefused, replace_folder
from ..util.parallel import map_in_order, shared, shared_value
from ..util.progress import Progress, counted
from .names import document_file, text_file
from .passages import PassageIndex
from .sources import SOURCES_CSV, sources_csv
from .texts import text_data
from .views import (
    PAIRS_DATA,
    SEARCH_DATA,
    by_document,
    document_page,
    has_page,
    index_page,
    list_pages,
    long_lists,
    pair_file,
    pair_files,
    pair_page,
    pairs_data,
    passage_file,
    passage_list,
    passage_page,
    search_data,
)

__all__ = ["ReportError", "render_report", "templates_dir", "write_report"]


class ReportError(RuntimeError):
    """The report cannot be written where asked."""


def templates_dir() -> Path:
    """The templates: inside the installed package, else ``reports/templates`` of the source tree."""
    packaged = resources.files("compare") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2] / "reports" / "templates"
    if source.is_dir():
        return source
    raise ReportError("report templates not found (expected compare/templates or reports/templates)")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The templates' environment, one per process (it caches the compiled templates)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _Writer:
    """Renders templates into files under one root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = _environment()

    def page(self, template: str, relpath: str, context: dict) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = relpath.count("/")
        html = self.env.get_template(template).render(root="../" * depth, **context)
        target.write_text(html, encoding="utf-8", newline="\n")  # one write: a stream writes each piece


_PAGE_BATCH = 200  # pages per task of a worker process


def _render_pages(batch: list[tuple[str, int]]) -> None:
    """Render pair (``("pair", n)``), passage (``("passage", n)``) and
    document (``("doc", n)``: its page and its text's data file) pages: a
    worker's task."""
    result, outdir, pairs, repetitions, found, index, pages = shared_value("report")
    w = _Writer(outdir)
    for kind, n in batch:
        if kind == "pair":
            p = result.pairs[n]
            w.page("pair.html", pair_file(p, result.documents), pair_page(result, p, index))
        elif kind == "passage":
            w.page("passage.html", passage_file(found[n]), passage_page(result, found[n], pages))
        else:
            d = result.documents[n]
            context = document_page(result, d, pairs[n], repetitions[n], index)
            w.page("document.html", document_file(d.id), context)
            (outdir / text_file(d.id)).write_text(text_data(d), encoding="utf-8", newline="\n")


def render_report(
    result: AnalysisResult, outdir: Path, jobs: int = 1, progress: Progress | None = None
) -> None:
    """Write every page of the report into the (new, empty) folder `outdir`,
    the pair and document pages in `jobs` processes (reported to `progress`
    as the stage "pages")."""
    found = result.passages
    lists = long_lists(result)
    _Writer(outdir).page("index.html", "index.html", index_page(result, found, lists))
    (outdir / text_file("")).parent.mkdir(parents=True)  # data/ and data/texts/, once for all workers
    (outdir / PAIRS_DATA).write_text(pairs_data(result), encoding="utf-8", newline="\n")
    (outdir / SEARCH_DATA).write_text(search_data(result), encoding="utf-8", newline="\n")
    _Writer(outdir).page("passages.html", "passages/index.html", passage_list(result, found))
    for path, context in list_pages(lists):
        _Writer(outdir).page("list.html", path, context)
    pairs, repetitions = by_document(result)
    pages = (
        [("pair", n) for n, p in enumerate(result.pairs) if has_page(p)]
        + [("passage", n) for n in range(len(found))]
        + [("doc", n) for n in range(len(result.documents))]
    )
    batches = [pages[s : s + _PAGE_BATCH] for s in range(0, len(pages), _PAGE_BATCH)]
    shared_parts = (result, outdir, pairs, repetitions, found, PassageIndex(found), pair_files(result))
    with shared(report=shared_parts):
        for _ in counted(
            map_in_order(_render_pages, batches, jobs), [len(b) for b in batches], "pages", progress
        ):
            pass
    shutil.copytree(templates_dir() / "assets", outdir / "assets")
    with (outdir / "results.json").open("w", encoding="utf-8", newline="\n") as out:
        result.write_json(out)
    (outdir / SOURCES_CSV).write_text(sources_csv(result), encoding="utf-8", newline="")
    (outdir / REPORT_MARKER).write_text("written by compare-sources; safe to replace\n", encoding="utf-8")


def _replaceable(folder: Path) -> bool:
    """An empty folder or an earlier report: safe to replace."""
    return (folder / REPORT_MARKER).is_file() or not any(folder.iterdir())


def write_report(
    result: AnalysisResult, outdir: str | Path, jobs: int = 1, progress: Progress | None = None
) -> Path:
    """Render into a temporary folder, then swap it in place of `outdir`
    (`compare.util.atomic.replace_folder`); returns the index page's path.

    On any failure `outdir` is left as it was. `outdir` must not exist, or be
    an empty folder or an earlier report (checked before rendering and again
    at the swap); anything else is refused with `ReportError`, never
    overwritten.
    """
    outdir = Path(outdir)
    try:
        replace_folder(
            outdir,
            lambda new: render_report(result, new, jobs, progress),
            _replaceable,
            "a compare-sources report",
        )
    except FolderRefused as exc:
        raise ReportError(str(exc)) from None
    return outdir / "index.html"

"""The HTML report: pages rendered from an `AnalysisResult` with Jinja2.

Pages: ``index.html``, ``pairs/A-B.html`` per related pair, ``docs/N.html``
per document, the assets, and ``results.json`` (the result itself). What the
pages display is built in `compare.views`; the templates in
``reports/templates/`` only lay it out, with autoescaping on, so untrusted
text never becomes markup.

The report is written into a temporary folder beside the output folder and
then swapped in by renaming: readers see the old report or the complete new
one, never a half-written one. Only an empty folder or an earlier report is
ever replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import jinja2

from .corpus import REPORT_MARKER
from .result import AnalysisResult
from .views import by_document, document_page, index_page, pair_file, pair_page

__all__ = ["ReportError", "render_report", "templates_dir", "write_report"]


class ReportError(RuntimeError):
    """The report cannot be written where asked."""


def templates_dir() -> Path:
    """The templates: inside the installed package, else ``reports/templates`` of the source tree."""
    packaged = resources.files("compare") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "reports" / "templates"
    if source.is_dir():
        return source
    raise ReportError("report templates not found (expected compare/templates or reports/templates)")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Writer:
    """Streams templates into files under one root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir())),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def page(self, template: str, relpath: str, context: dict) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = relpath.count("/")
        with target.open("w", encoding="utf-8", newline="\n") as out:
            self.env.get_template(template).stream(root="../" * depth, **context).dump(out)


def render_report(result: AnalysisResult, outdir: Path) -> None:
    """Write every page of the report into the (new, empty) folder `outdir`."""
    w = _Writer(outdir)
    w.page("index.html", "index.html", index_page(result))
    for p in result.pairs:
        w.page("pair.html", pair_file(p), pair_page(result, p))
    pairs, repetitions = by_document(result)
    for d in result.documents:
        w.page(
            "document.html",
            f"docs/{d.index}.html",
            document_page(result, d, pairs[d.index], repetitions[d.index]),
        )
    shutil.copytree(templates_dir() / "assets", outdir / "assets")
    (outdir / "results.json").write_text(result.to_json(), encoding="utf-8", newline="\n")
    (outdir / REPORT_MARKER).write_text("written by compare-sources; safe to replace\n", encoding="utf-8")


def _replaceable(folder: Path) -> bool:
    """An empty folder or an earlier report: safe to replace."""
    return (
        folder.is_dir()
        and not folder.is_symlink()
        and ((folder / REPORT_MARKER).is_file() or not any(folder.iterdir()))
    )


def write_report(result: AnalysisResult, outdir: str | Path) -> Path:
    """Render into a temporary folder, then swap it in place of `outdir`.

    On any failure `outdir` is left as it was. `outdir` must not exist, or be
    an empty folder or an earlier report (checked before rendering and again
    at the swap); anything else is refused, never overwritten. The swap is
    two renames: a process killed between them leaves the previous report
    beside `outdir` as ``.NAME.old-*``.
    """
    outdir = Path(outdir)
    if outdir.is_symlink():
        raise ReportError(f"{outdir} is a symbolic link; give the folder it points to")
    if outdir.exists() and not _replaceable(outdir):
        raise ReportError(
            f"{outdir} exists and is not a compare-sources report; choose another output directory"
        )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.new-", dir=outdir.parent))
    try:
        render_report(result, tmp)
        os.chmod(tmp, 0o777 & ~_umask())
        if not outdir.exists():
            tmp.rename(outdir)
            return outdir / "index.html"
        old = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.old-", dir=outdir.parent))
        old.rmdir()
        outdir.rename(old)
        if not _replaceable(old):  # something was put there while we rendered
            old.rename(outdir)
            raise ReportError(f"{outdir} changed while the report was written; left as it is")
        try:
            tmp.rename(outdir)
        except BaseException:
            old.rename(outdir)
            raise
        shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return outdir / "index.html"

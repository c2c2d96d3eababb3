"""Loaders for the labeled evaluation corpora, read from wherever the caller says.

Nothing here knows where the corpora live or what their labels are: every
loader takes a root path and returns plain dataclasses built from the files
it finds there. Formats:

* PAN text alignment (PAN 2013; Potthast et al., CLEF 2013): a ``pairs`` file
  per sub-corpus, one ``<susp-stem>-<src-stem>.xml`` per pair, texts in
  ``susp/`` and ``src/`` (`pan_pairs`).
* PAN 2011 external detection layout (the Indonesian corpus):
  ``suspicious-documents/*.txt`` with one XML each, ``source-documents/*.txt``,
  no pairs file (`pan11_pairs`).
* Clough & Stevenson's corpus of plagiarised short answers (LRE 2011): one
  label per answer, each answer compared with its task's Wikipedia source
  (`clough_pairs`).
* COUNTER (Sharjeel, Nawab & Rayson, LRE 2017): Urdu agency/newspaper
  story pairs labeled WD/PD/ND (`counter_pairs`).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..load import decode_bytes
from .pan import Passage, read_cases, read_pairs

__all__ = [
    "DocumentPair",
    "PanPair",
    "clough_pairs",
    "counter_pairs",
    "pair_cases",
    "pan11_pairs",
    "pan_pairs",
]


@dataclass(frozen=True)
class PanPair:
    """A suspicious/source pair and the XML holding its true cases.

    `truth` may hold cases of other pairs too (PAN 2011: one XML per
    suspicious document); `pair_cases` keeps this pair's only.
    """

    subcorpus: str
    susp: Path
    src: Path
    truth: Path

    @property
    def names(self) -> tuple[str, str]:
        return (self.susp.name, self.src.name)


@dataclass(frozen=True)
class DocumentPair:
    """A source document, a document that may derive from it, and the pair's label."""

    id: str
    source_id: str
    source_text: str
    derived_id: str
    derived_text: str
    label: str


# --- PAN ------------------------------------------------------------------------------------------


def pair_cases(pair: PanPair) -> list[Passage]:
    """The true cases of one pair: the ``plagiarism`` features of its XML that cite its source."""
    return [c for c in read_cases(pair.truth) if c.pair == pair.names]


def _subcorpus_pairs(name: str, folder: Path, texts: Path) -> list[PanPair]:
    """Pairs listed in ``folder/pairs``; texts in ``texts/susp`` and ``texts/src``, XMLs in `folder`."""
    return [
        PanPair(
            name,
            texts / "susp" / susp,
            texts / "src" / src,
            folder / f"{Path(susp).stem}-{Path(src).stem}.xml",
        )
        for susp, src in read_pairs(folder / "pairs")
    ]


def _has_texts(path: Path) -> bool:
    return (path / "susp").is_dir() and (path / "src").is_dir()


def pan_pairs(root: str | Path) -> dict[str, list[PanPair]]:
    """Pairs per sub-corpus of a corpus in the PAN 2013 text-alignment layout.

    Accepted layouts:

    * ``root/susp/``, ``root/src/`` and sub-corpus folders ``root/<sub>/pairs``
      with the pair XMLs beside (pan13-train); ``root/pairs``, listing all
      pairs, is then not read, so no pair counts twice;
    * one sub-corpus folder ``root`` (``root/pairs`` and XMLs) whose parent
      holds ``susp/`` and ``src/``;
    * a flat folder holding ``pairs``, ``susp/``, ``src/`` and the XMLs.

    Sub-corpora are returned in name order. Raises `FileNotFoundError`
    naming the path when `root` is none of these.
    """
    root = Path(root)
    if _has_texts(root):
        subs = sorted(d for d in root.iterdir() if d.is_dir() and (d / "pairs").is_file())
        if subs:
            return {d.name: _subcorpus_pairs(d.name, d, root) for d in subs}
        if (root / "pairs").is_file():
            return {root.name: _subcorpus_pairs(root.name, root, root)}
    elif (root / "pairs").is_file() and _has_texts(root.parent):
        return {root.name: _subcorpus_pairs(root.name, root, root.parent)}
    raise FileNotFoundError(
        f"{root}: not a PAN text-alignment corpus (expected a 'pairs' file and 'susp/' and 'src/' "
        "folders, here or in sub-corpus folders)"
    )


def pan11_pairs(root: str | Path, subcorpus: str | None = None) -> dict[str, list[PanPair]]:
    """Every suspicious document × every source document of a PAN 2011 layout corpus.

    ``root/suspicious-documents/*.txt`` each with a ``.xml`` of its cases,
    ``root/source-documents/*.txt``. There is no pairs file: the PAN 2011
    task compares each suspicious document with all sources, so every
    combination is a pair (those no case cites are negatives). One
    sub-corpus, named `subcorpus` or after `root`.
    """
    root = Path(root)
    susp_dir, src_dir = root / "suspicious-documents", root / "source-documents"
    for d in (susp_dir, src_dir):
        if not d.is_dir():
            raise FileNotFoundError(f"{d}: folder not found (PAN 2011 layout)")
    sources = sorted(src_dir.glob("*.txt"))
    pairs = [
        PanPair(subcorpus or root.name, susp, src, susp.with_suffix(".xml"))
        for susp in sorted(susp_dir.glob("*.txt"))
        for src in sources
    ]
    return {subcorpus or root.name: pairs}


# --- Document-level corpora -----------------------------------------------------------------------


def _decoded(path: Path) -> str:
    return decode_bytes(path.read_bytes())[0]


def clough_pairs(root: str | Path) -> list[DocumentPair]:
    """Clough & Stevenson answers, each paired with ``orig_task<X>.txt`` of its task.

    `root` is the ``original-distribution`` folder: ``file_list_from_xls.csv``
    (columns File, Task, Category, ...) and ``corpus-20090418/*.txt``. Texts
    are mixed UTF-8 / Windows-1252 and decoded as the product decodes files.
    Labels: cut, light, heavy, non.
    """
    root = Path(root)
    listing, texts = root / "file_list_from_xls.csv", root / "corpus-20090418"
    for p in (listing, texts):
        if not p.exists():
            raise FileNotFoundError(f"{p}: not found (Clough-Stevenson original distribution)")
    sources: dict[str, str] = {}
    out = []
    with listing.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            task = row["Task"].strip()
            source_id = f"orig_task{task}.txt"
            if source_id not in sources:
                sources[source_id] = _decoded(texts / source_id)
            out.append(
                DocumentPair(
                    id=row["File"],
                    source_id=source_id,
                    source_text=sources[source_id],
                    derived_id=row["File"],
                    derived_text=_decoded(texts / row["File"]),
                    label=row["Category"].strip(),
                )
            )
    return out


def counter_text(path: Path) -> str:
    """A COUNTER story as one text: headline, a blank line, body."""
    root = ET.parse(path).getroot()
    headline = (root.findtext("headline") or "").strip()
    body = (root.findtext("body") or "").strip()
    return f"{headline}\n\n{body}"


def counter_pairs(root: str | Path) -> list[DocumentPair]:
    """COUNTER agency/newspaper pairs from ``DERIVED_pairs.tsv`` and ``COUNTER/*.xml``.

    File names are matched case-insensitively (the release has ``0032P.xml``).
    Labels: WD (wholly derived), PD (partially derived), ND (not derived).
    """
    root = Path(root)
    listing, folder = root / "DERIVED_pairs.tsv", root / "COUNTER"
    for p in (listing, folder):
        if not p.exists():
            raise FileNotFoundError(f"{p}: not found (COUNTER corpus)")
    files = {p.name.lower(): p for p in folder.iterdir()}

    def find(name: str) -> Path:
        try:
            return files[name.lower()]
        except KeyError:
            raise FileNotFoundError(f"{folder / name}: not found (COUNTER corpus)") from None

    out = []
    with listing.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            src, derived = find(row["source_file"]), find(row["derived_file"])
            out.append(
                DocumentPair(
                    id=src.stem,
                    source_id=src.name,
                    source_text=counter_text(src),
                    derived_id=derived.name,
                    derived_text=counter_text(derived),
                    label=row["label"].strip(),
                )
            )
    return out

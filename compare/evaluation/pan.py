"""The PAN text-alignment format and its character-level measures.

Format: a ``pairs`` file lists ``suspicious-documentN.txt source-documentM.txt``
per line; each pair's XML holds ``<feature name="plagiarism" this_offset=..
this_length=.. source_offset=.. source_length=..>`` per reused passage, offsets
in Unicode code points of the decoded texts (``susp/`` and ``src/``).

Measures (Potthast, Stein, Barrón-Cedeño & Rosso, "An Evaluation Framework
for Plagiarism Detection", COLING 2010). A case s and a detection r are sets
of characters on both sides of a pair; r detects s when they belong to the
same pair and overlap in the suspicious AND in the source document; then
``s ⊓ r = s ∩ r``, otherwise empty. With S the cases and R the detections:

    prec = 1/|R| Σ_r |∪_s (s ⊓ r)| / |r|
    rec  = 1/|S| Σ_s |∪_r (s ⊓ r)| / |s|
    gran = 1/|S_R| Σ_{s ∈ S_R} |R_s|   (S_R: detected cases, R_s: detections of s)
    plagdet = F1(prec, rec) / log2(1 + gran)
"""

from __future__ import annotations

import math
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..analysis.options import Options
from ..analysis.prepare import prepare_corpus
from ..analysis.reuse import reuse_alignments
from ..analysis.score import union_length
from ..load import Document

__all__ = [
    "PanScores",
    "Passage",
    "detect_pair",
    "figures",
    "read_cases",
    "read_pairs",
    "score",
    "write_detections",
]


@dataclass(frozen=True)
class Passage:
    """A case or a detection: ``[this_offset, +this_length)`` in the suspicious
    document and ``[source_offset, +source_length)`` in the source, of one pair."""

    pair: tuple[str, str]
    this_offset: int
    this_length: int
    source_offset: int
    source_length: int

    @property
    def size(self) -> int:
        return self.this_length + self.source_length


@dataclass(frozen=True)
class PanScores:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """``(suspicious, source)`` file names from a PAN ``pairs`` file."""
    pairs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            susp, src = line.split()
            pairs.append((susp, src))
    return pairs


def read_cases(xml_path: str | Path, feature: str = "plagiarism") -> list[Passage]:
    """The passages of one pair's XML (cases, or detections with feature="detected-plagiarism").

    Elements are matched on their ``name`` attribute, whatever their tag: one
    released PAN-format corpus misspells ``<feature>`` as ``<featue>``.
    """
    root = ET.parse(xml_path).getroot()
    susp = root.get("reference", "")
    out = []
    for f in root.iter():
        if f is root or f.get("name") != feature:
            continue
        out.append(
            Passage(
                pair=(susp, f.get("source_reference", "")),
                this_offset=int(f.get("this_offset", 0)),
                this_length=int(f.get("this_length", 0)),
                source_offset=int(f.get("source_offset", 0)),
                source_length=int(f.get("source_length", 0)),
            )
        )
    return out


def _overlap(x0: int, xl: int, y0: int, yl: int) -> tuple[int, int]:
    lo, hi = max(x0, y0), min(x0 + xl, y0 + yl)
    return (lo, hi) if hi > lo else (0, 0)


def _detects(s: Passage, r: Passage) -> bool:
    return (
        s.pair == r.pair
        and _overlap(s.this_offset, s.this_length, r.this_offset, r.this_length)[1] > 0
        and _overlap(s.source_offset, s.source_length, r.source_offset, r.source_length)[1] > 0
    )


def _covered(target: Passage, others: Sequence[Passage]) -> int:
    """|∪_o (target ⊓ o)|, counted on both sides."""
    this = [_overlap(target.this_offset, target.this_length, o.this_offset, o.this_length) for o in others]
    src = [
        _overlap(target.source_offset, target.source_length, o.source_offset, o.source_length) for o in others
    ]
    return union_length(this) + union_length(src)


def score(cases: Sequence[Passage], detections: Sequence[Passage]) -> PanScores:
    """Macro precision, recall, granularity and plagdet of `detections` against `cases`.

    With no detections precision is 0 (and 1 when there are no cases either),
    as in the PAN evaluation scripts; with no cases recall is 1.

    >>> s = [Passage(("s", "r"), 0, 100, 0, 100)]
    >>> half = [Passage(("s", "r"), 0, 50, 0, 50)]
    >>> score(s, half).recall
    0.5
    >>> two = [Passage(("s", "r"), 0, 50, 0, 50), Passage(("s", "r"), 50, 50, 50, 50)]
    >>> score(s, two).granularity
    2.0
    """
    by_pair_cases: dict[tuple[str, str], list[Passage]] = {}
    by_pair_dets: dict[tuple[str, str], list[Passage]] = {}
    for s in cases:
        by_pair_cases.setdefault(s.pair, []).append(s)
    for r in detections:
        by_pair_dets.setdefault(r.pair, []).append(r)

    recall_terms = []
    detected_counts = []
    for s in cases:
        hits = [r for r in by_pair_dets.get(s.pair, []) if _detects(s, r)]
        recall_terms.append(_covered(s, hits) / s.size if s.size else 0.0)
        if hits:
            detected_counts.append(len(hits))
    precision_terms = []
    for r in detections:
        hits = [s for s in by_pair_cases.get(r.pair, []) if _detects(s, r)]
        precision_terms.append(_covered(r, hits) / r.size if r.size else 0.0)

    recall = sum(recall_terms) / len(recall_terms) if cases else 1.0
    precision = sum(precision_terms) / len(precision_terms) if detections else float(not cases)
    granularity = sum(detected_counts) / len(detected_counts) if detected_counts else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PanScores(
        precision, recall, granularity, f1 / math.log2(1 + granularity), len(cases), len(detections)
    )


def figures(
    cases: Sequence[Passage], detections: Sequence[Passage], pairs: int, with_detections: int
) -> dict:
    """The plagdet figures of a set of pairs, as the evaluation reports them."""
    s = score(cases, detections)
    return {
        "pairs": pairs,
        "cases": s.cases,
        "detections": s.detections,
        "pairs_with_detections": with_detections,
        "precision": s.precision,
        "recall": s.recall,
        "granularity": s.granularity,
        "plagdet": s.plagdet,
    }


def detect_pair(
    susp_name: str, susp_text: str, src_name: str, src_text: str, options: Options | None = None
) -> list[Passage]:
    """Reused passages of a suspicious/source pair, as PAN detections.

    Uses the same preparation and alignment, with the same defaults, as the
    report and the command line, but for one thing the task says: the
    suspicious document is the derived one, so only it may be a summary
    (`ParaphraseParams.summary_sides`).
    """
    options = options or Options()
    if options.paraphrase is not None:
        options = replace(options, paraphrase=replace(options.paraphrase, summary_sides="first"))
    susp, src = prepare_corpus(
        [Document(susp_name, susp_text, "suspicious"), Document(src_name, src_text, "source")], options
    )
    out = []
    for al in reuse_alignments(susp, src, options):
        s0, s1 = susp.span(al.a_start, al.a_end)
        r0, r1 = src.span(al.b_start, al.b_end)
        out.append(Passage((susp_name, src_name), s0, s1 - s0, r0, r1 - r0))
    return out


def detections_xml(susp_name: str, src_name: str, passages: Iterable[Passage]) -> str:
    """PAN's detection format for one pair: ``<document reference=susp>`` holding one
    ``<feature name="detected-plagiarism" ...>`` per passage, offsets in code points."""
    root = ET.Element("document", reference=susp_name)
    root.text = "\n"
    for p in passages:
        f = ET.SubElement(
            root,
            "feature",
            name="detected-plagiarism",
            this_offset=str(p.this_offset),
            this_length=str(p.this_length),
            source_reference=src_name,
            source_offset=str(p.source_offset),
            source_length=str(p.source_length),
        )
        f.tail = "\n"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_detections(outdir: str | Path, susp_name: str, src_name: str, passages: Iterable[Passage]) -> Path:
    """Write one pair's detections as ``outdir/<susp-stem>-<src-stem>.xml``; return its path.

    The file is written to a temporary name in `outdir` and renamed into
    place, so a reader never sees half a file. `read_cases(path,
    "detected-plagiarism")` reads the passages back.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{Path(susp_name).stem}-{Path(src_name).stem}.xml"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=outdir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(detections_xml(susp_name, src_name, passages))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

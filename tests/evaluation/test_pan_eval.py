"""Passage alignment measured on PAN 2013 text alignment (training corpus): verbatim and reworded reuse.

Reads ../shared/eval/pan13-train at test time (never copied into the
project); skips with a clear message where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import SHARED_EVAL

from compare.evaluation.evalsets import pair_cases, pan_pairs
from compare.evaluation.pan import detect_pair, read_cases, read_pairs, score

PAN = SHARED_EVAL / "pan13-train"
SUB = PAN / "02-no-obfuscation"

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def verbatim_scores():
    if not SUB.is_dir():
        pytest.skip(f"PAN evaluation corpus not found at {SUB} (it lives outside the repository)")
    cases, detections = [], []
    texts: dict[Path, str] = {}

    def text(path: Path) -> str:
        if path not in texts:
            texts[path] = path.read_text(encoding="utf-8")
        return texts[path]

    pairs = read_pairs(SUB / "pairs")
    for susp, src in pairs:
        cases += read_cases(SUB / f"{susp[:-4]}-{src[:-4]}.xml")
        detections += detect_pair(susp, text(PAN / "susp" / susp), src, text(PAN / "src" / src))
    return len(pairs), score(cases, detections)


def test_verbatim_reuse_found_with_character_precision_and_recall(verbatim_scores):
    n_pairs, s = verbatim_scores
    print(
        f"\nPAN13-train 02-no-obfuscation, {n_pairs} pairs: precision {s.precision:.4f}, "
        f"recall {s.recall:.4f}, granularity {s.granularity:.4f}, plagdet {s.plagdet:.4f}"
    )
    assert n_pairs == 1000
    assert s.cases > 0 and s.detections > 0
    assert s.precision >= 0.90
    assert s.recall >= 0.90
    assert s.granularity < 1.1


@pytest.mark.parametrize("subcorpus", ["03-random-obfuscation", "04-translation-obfuscation"])
def test_reworded_reuse_found_on_a_sample(subcorpus):
    """The first 150 pairs of a reworded sub-corpus: a floor well below the
    full-corpus plagdet of `nox -s eval` (0.91 and 0.90), against regressions."""

    if not (PAN / subcorpus).is_dir():
        pytest.skip(f"PAN evaluation corpus not found at {PAN} (it lives outside the repository)")
    pairs = pan_pairs(PAN)[subcorpus][:150]
    cases, detections = [], []
    for p in pairs:
        cases += pair_cases(p)
        detections += detect_pair(
            p.susp.name, p.susp.read_text(encoding="utf-8"), p.src.name, p.src.read_text(encoding="utf-8")
        )
    s = score(cases, detections)
    print(f"\nPAN13-train {subcorpus}, {len(pairs)} pairs: plagdet {s.plagdet:.4f}")
    assert s.plagdet >= 0.85

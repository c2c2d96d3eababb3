"""Tiny made-up corpora in the evaluation formats, built in a test's tmp_path.

The words are generated pseudo-words, so unrelated texts share no passage by
chance and every planted case is the only reuse there is.
"""

from __future__ import annotations

import random
from pathlib import Path

from compare.evaluation.pan import Passage

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def prose(seed: int, n_words: int) -> str:
    """`n_words` pseudo-words in sentences of 8 to 14 words."""
    rng = random.Random(seed)
    words = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(n_words)]
    sentences, i = [], 0
    while i < len(words):
        k = rng.randint(8, 14)
        sentence = words[i : i + k]
        sentences.append(" ".join(sentence).capitalize() + ".")
        i += k
    return " ".join(sentences)


def edited(text: str, share: float, seed: int) -> str:
    """`text` with `share` of its words changed (each given a prefix no text has)."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(share * len(words))):
        words[i] = "zzq" + words[i]
    return " ".join(words)


def pan_case_xml(susp: str, cases: list[tuple[str, int, int, int, int]], tag: str = "feature") -> str:
    """A PAN truth XML: one ``plagiarism`` element per (source, this_off, this_len, src_off, src_len)."""
    features = "".join(
        f'<{tag} name="plagiarism" obfuscation="none" this_offset="{t0}" this_length="{tl}" '
        f'source_reference="{src}" source_offset="{s0}" source_length="{sl}"/>\n'
        for src, t0, tl, s0, sl in cases
    )
    return f'<document reference="{susp}">\n{features}<feature name="about" language="en"/>\n</document>\n'


def make_pan_corpus(root: Path, flat: bool = False) -> Passage:
    """Two pairs in the PAN 2013 layout; return the one planted verbatim case.

    Nested (default): ``root/susp``, ``root/src``, ``root/01-no-plagiarism``
    (the negative pair) and ``root/02-no-obfuscation`` (the verbatim pair).
    Flat: ``pairs``, the texts and both XMLs directly in `root`.
    """
    passage = prose(1, 150)
    before, after = prose(2, 120) + " ", " " + prose(3, 100)
    src_before, src_after = prose(4, 80) + " ", " " + prose(5, 140)
    texts = {
        "susp/suspicious-document00001.txt": before + passage + after,
        "src/source-document00001.txt": src_before + passage + src_after,
        "susp/suspicious-document00002.txt": prose(6, 300),
        "src/source-document00002.txt": prose(7, 300),
    }
    for name, text in texts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    case = Passage(
        ("suspicious-document00001.txt", "source-document00001.txt"),
        len(before),
        len(passage),
        len(src_before),
        len(passage),
    )
    planted = [
        ("source-document00001.txt", case.this_offset, case.this_length, len(src_before), len(passage))
    ]
    pairs = [
        (root if flat else root / "01-no-plagiarism", "suspicious-document00002", "source-document00002", []),
        (
            root if flat else root / "02-no-obfuscation",
            "suspicious-document00001",
            "source-document00001",
            planted,
        ),
    ]
    for folder, susp, src, cases in pairs:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "pairs").open("a", encoding="utf-8") as f:
            f.write(f"{susp}.txt {src}.txt\n")
        (folder / f"{susp}-{src}.xml").write_text(pan_case_xml(f"{susp}.txt", cases), encoding="utf-8")
    return case


def write_input(path: Path, content: str | bytes) -> Path:
    """Write an input file (text as UTF-8, bytes as they are), creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path

"""The README's example collection with reuse (examples/reuse): rebuilt the same
from corpus/, and the report finds each constructed kind of reuse in it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from compare.analysis.pipeline import analyze_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "reuse"


def _builder():
    spec = importlib.util.spec_from_file_location("build_reuse", ROOT / "examples" / "build_reuse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_files_are_what_the_builder_makes() -> None:
    builder = _builder()
    for name, text in builder.build().items():
        assert (EXAMPLE / name).read_text(encoding="utf-8") == text, name
    assert (EXAMPLE / "sources.toml").read_text(encoding="utf-8") == builder.MANIFEST
    for name in ("000_a0bb5eff38de926d.txt", "001_a52b92a0a50288ae.txt", "003_34ba85bf82872920.txt"):
        assert (EXAMPLE / name).read_bytes() == (ROOT / "corpus" / name).read_bytes()


def test_each_constructed_kind_of_reuse_is_found() -> None:
    result = analyze_paths([EXAMPLE])
    assert result.problems == []
    ids = [d.id for d in result.documents]
    found = {
        frozenset((ids[p.a], ids[p.b])): (
            p.relation,
            sorted({m.kind for m in p.matches if m.kind != "topical"}),
        )
        for p in result.pairs
        if p.relation != "topical"
    }
    assert found == {
        frozenset(("004_3406ddb7cc3f7155.txt", "repost-blitz.txt")): ("near-duplicate", ["edited"]),
        frozenset(("000_a0bb5eff38de926d.txt", "press-review.txt")): ("excerpt", ["verbatim"]),
        frozenset(("001_a52b92a0a50288ae.txt", "in-brief.txt")): ("excerpt", ["paraphrased"]),
        frozenset(("003_34ba85bf82872920.txt", "haiti-mission.txt")): ("quotation", ["verbatim"]),
        frozenset(("ministers-meet.txt", "speech-travelled.txt")): ("quotation", ["verbatim"]),
    }
    sources = {d.id: d.source for d in result.documents}
    assert sources["in-brief.txt"] == "Digest (constructed)"

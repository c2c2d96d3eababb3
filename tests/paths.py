"""Where the tests find the project's files, wherever a test module sits under tests/."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BENCHMARKS = ROOT / "benchmarks"
BROWSER = ROOT / "tests" / "browser"
ARTIFACTS = ROOT / "artifacts"
#: The evaluation corpora, beside the checkout (never copied into it).
SHARED_EVAL = ROOT.parent / "shared" / "eval"

"""`compare-sources eval`, run as a real process on a tiny made-up PAN corpus."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from synthetic_corpora import make_pan_corpus

from compare.cli.main import main
from compare.evaluation.pan import read_cases


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compare", "eval", *args], capture_output=True, text=True, timeout=120
    )


def test_eval_pan_writes_tables_detections_and_json(tmp_path):
    corpus = tmp_path / "corpus"
    make_pan_corpus(corpus)
    out, res = tmp_path / "det", tmp_path / "res.json"
    proc = run("--pan", str(corpus), "--detections", str(out), "--json", str(res))
    assert proc.returncode == 0, proc.stderr
    assert "plagdet" in proc.stdout and "02-no-obfuscation" in proc.stdout
    data = json.loads(res.read_text(encoding="utf-8"))
    assert data["corpora"]["corpus"]["subcorpora"]["02-no-obfuscation"]["plagdet"] >= 0.9
    assert data["options"]["shingle_size"] == 5
    xmls = sorted(out.rglob("*.xml"))
    assert len(xmls) == 2
    assert read_cases(xmls[1], feature="detected-plagiarism")


# The rest call the command in-process: same code path, without a Python start-up each.


def test_eval_limit_is_stated(tmp_path, capsys):
    make_pan_corpus(tmp_path)
    assert main(["eval", "--pan", str(tmp_path), "--limit", "1"]) == 0
    assert "LIMITED RUN: only the first 1 pairs" in capsys.readouterr().out


def test_eval_missing_path_exits_2_naming_it(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    for args in (["--pan", str(missing)], [str(missing)]):
        assert main(["eval", *args]) == 2
        assert str(missing) in capsys.readouterr().err


def test_eval_not_a_pan_corpus_exits_2_naming_it(tmp_path, capsys):
    assert main(["eval", "--pan", str(tmp_path)]) == 2
    assert f"{tmp_path}: not a PAN text-alignment corpus" in capsys.readouterr().err


def test_eval_folder_without_corpora_exits_2(tmp_path, capsys):
    assert main(["eval", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no evaluation corpus found" in err
    assert "pan13-train: skipped" in err


def test_eval_bad_limit_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["eval", "--limit", "0"])
    assert exit_.value.code == 2
    assert "--limit" in capsys.readouterr().err

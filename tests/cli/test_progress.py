"""Tests of compare.cli.progress: progress bars on stderr."""

from __future__ import annotations

from compare.cli.progress import StageBars


def test_bars_are_drawn_by_stage_and_not_at_all_when_disabled(capsys) -> None:
    bars = StageBars(enabled=True)
    bars("prepare", 0, 10)
    bars("prepare", 10, 10)
    bars("pairs", 0, 4)
    bars("pairs", 4, 4)
    bars.close()
    err = capsys.readouterr().err
    assert "prepare:" in err and "0/10 " in err and "docs/s" in err and "pairs:" in err and "0/4 " in err
    off = StageBars(enabled=False)
    off("prepare", 0, 10)
    off.close()
    assert capsys.readouterr().err == ""

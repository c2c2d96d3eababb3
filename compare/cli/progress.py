"""Progress bars on stderr for the analysis and the report, one per stage.

Shown only when stderr is a terminal and ``--quiet`` was not given, so a
pipeline's logs stay clean; the bars vanish when their stage ends.
"""

from __future__ import annotations

import sys

from tqdm import tqdm

__all__ = ["StageBars"]

_UNITS = {"prepare": " docs", "pairs": " pairs", "pages": " pages"}


class StageBars:
    """A `compare.util.progress.Progress` that draws a bar for each stage."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._stage: str | None = None
        self._bar: tqdm | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = tqdm(
                total=total, desc=stage, unit=_UNITS.get(stage, ""), file=sys.stderr, leave=False
            )
        assert self._bar is not None
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        """End the current stage's bar."""
        if self._bar is not None:
            self._bar.close()
        self._bar, self._stage = None, None

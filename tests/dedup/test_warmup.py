"""`compare-sources warm-up` compiles every cached kernel ahead of the first run."""

from __future__ import annotations

import subprocess
import sys

from compare.cli.main import main

# In a fresh process no kernel has a compiled signature until something calls it;
# after warm_up, every kernel cached on disk (njit(cache=True)) must have one.
_CHECK = """
from numba.core.dispatcher import Dispatcher
from compare.sketch import kernels, pairs
cached = {n: f for module in (kernels, pairs) for n, f in vars(module).items()
          if isinstance(f, Dispatcher) and type(f._cache).__name__ != "NullCache"}
assert len(cached) >= 8, sorted(cached)
assert all(not f.signatures for f in cached.values())
from compare.dedup.warmup import warm_up
warm_up()
print(sorted(n for n, f in cached.items() if not f.signatures))
"""


def test_warm_up_compiles_every_cached_kernel() -> None:
    done = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_command_says_it_is_done(capsys) -> None:
    assert main(["warm-up"]) == 0
    assert "kernels ready in" in capsys.readouterr().err

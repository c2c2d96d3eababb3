"""`compare-sources warm-up` compiles every cached kernel ahead of the first run."""

from __future__ import annotations

from numba.core.dispatcher import Dispatcher

from compare.cli.main import main
from compare.sketch import kernels


def test_warm_up_compiles_every_cached_kernel(capsys) -> None:
    cached = {
        name: f
        for name, f in vars(kernels).items()
        if isinstance(f, Dispatcher) and type(f._cache).__name__ != "NullCache"  # njit(cache=True)
    }
    assert len(cached) >= 7
    assert main(["warm-up"]) == 0
    assert "kernels ready in" in capsys.readouterr().err
    assert {name for name, f in cached.items() if not f.signatures} == set()

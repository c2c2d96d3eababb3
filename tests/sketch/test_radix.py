"""Tests of compare.sketch.radix: the linear-time sort is numpy's stable argsort."""

from __future__ import annotations

import numpy as np
import pytest

from compare.sketch.radix import hash_order


@pytest.mark.parametrize(
    "kind", ["uniform", "few values", "all equal", "small but one", "top bit set", "one", "empty"]
)
def test_hash_order_is_the_stable_argsort(kind: str) -> None:
    rng = np.random.default_rng(11)
    m = {"one": 1, "empty": 0}.get(kind, 50_000)
    if kind == "uniform":
        hashes = rng.integers(0, 2**63, m, dtype=np.uint64) * np.uint64(2)
    elif kind == "few values":  # long runs of equal hashes: their order shows stability
        hashes = rng.integers(0, 40, m, dtype=np.uint64) << np.uint64(40)
    elif kind == "all equal":
        hashes = np.full(m, 7, dtype=np.uint64)
    elif kind == "small but one":  # all share their top bits: the merge sort's case
        hashes = rng.integers(0, 2**16, m, dtype=np.uint64)
        hashes[m // 3] = np.uint64(2**62)
    elif kind == "top bit set":
        hashes = rng.integers(0, 2**20, m, dtype=np.uint64) | np.uint64(2**63)
    else:
        hashes = rng.integers(0, 2**64 - 1, m, dtype=np.uint64)
    ordered, order = hash_order(hashes)
    want = np.argsort(hashes, kind="stable")
    assert np.array_equal(order, want)
    assert np.array_equal(ordered, hashes[want])

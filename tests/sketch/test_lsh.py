"""Tests of compare.sketch.lsh: banding, its detection probability and its optimal bands.

The numpy banding proposes what datasketch's MinHashLSH proposes (when no
bucket is limited); a bucket of many copies pairs its first document with
the others; the optimal (bands, rows) are datasketch's; the detection
probability follows 1 - (1 - s^r)^b and grows with s.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH

from compare.sketch.lsh import band_candidates, band_keys, detection_probability, optimal_bands, unique_pairs


def test_band_candidates_match_datasketch_lsh() -> None:
    rng = np.random.default_rng(5)
    # 200 signatures over a small alphabet, so that many bands collide.
    sigs = rng.integers(0, 3, size=(200, 12), dtype=np.uint32)
    mine = {tuple(p) for p in band_candidates(sigs, bands=4, rows=3, max_bucket=10**6).tolist()}
    lsh = MinHashLSH(num_perm=12, params=(4, 3))
    sketches = [LeanMinHash(seed=1, hashvalues=s, scheme="affine32") for s in sigs]
    for i, s in enumerate(sketches):
        lsh.insert(i, s)
    theirs = {(min(i, j), max(i, j)) for i, s in enumerate(sketches) for j in lsh.query(s) if j != i}
    assert mine == theirs
    assert len(mine) > 100


def test_a_large_bucket_pairs_its_first_document_with_the_others() -> None:
    sigs = np.zeros((80, 8), dtype=np.uint32)
    pairs = band_candidates(sigs, bands=2, rows=4, max_bucket=50)
    assert pairs.tolist() == [[0, j] for j in range(1, 80)]


@pytest.mark.parametrize(("s", "bands", "rows"), [(0.5, 25, 5), (0.8, 20, 6), (0.3, 10, 2)])
def test_detection_probability_formula(s: float, bands: int, rows: int) -> None:
    assert detection_probability(s, bands, rows) == pytest.approx(1 - (1 - s**rows) ** bands)


def test_detection_probability_bounds_and_monotone() -> None:
    assert detection_probability(0.0, 25, 5) == 0.0
    assert detection_probability(1.0, 25, 5) == 1.0
    values = [detection_probability(s, 25, 5) for s in np.linspace(0, 1, 51)]
    assert all(x <= y for x, y in itertools.pairwise(values))
    middle = [detection_probability(s, 25, 5) for s in np.linspace(0.1, 0.8, 15)]
    assert all(x < y for x, y in itertools.pairwise(middle))
    # more bands: more likely; more rows: less likely
    assert detection_probability(0.5, 30, 5) > detection_probability(0.5, 25, 5)
    assert detection_probability(0.5, 25, 6) < detection_probability(0.5, 25, 5)


@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5, 0.72, 0.9, 1.0])
@pytest.mark.parametrize("num_perm", [16, 128, 256])
def test_optimal_bands_are_datasketchs(threshold: float, num_perm: int) -> None:
    try:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    except ValueError as exc:  # datasketch refuses a single band; banding works with one
        assert "b < 2" in str(exc)
        assert optimal_bands(threshold, num_perm)[0] == 1
        return
    assert optimal_bands(threshold, num_perm) == (lsh.b, lsh.r)


def test_optimal_bands_are_validated() -> None:
    with pytest.raises(ValueError, match="threshold"):
        optimal_bands(0.0, 128)
    with pytest.raises(ValueError, match="num_perm"):
        optimal_bands(0.5, 0)


def test_no_bucket_limit_pairs_every_member() -> None:
    sigs = np.zeros((80, 8), dtype=np.uint32)
    assert len(band_candidates(sigs, bands=2, rows=4, max_bucket=None)) == 80 * 79 // 2


def test_band_keys_are_equal_for_equal_bands_only() -> None:
    sigs = np.array([[1, 2, 3, 4], [1, 2, 3, 5], [9, 2, 3, 4]], dtype=np.uint32)
    keys = band_keys(sigs, bands=2, rows=2)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1]
    assert keys[0, 1] == keys[2, 1] and keys[0, 0] != keys[2, 0]


def test_unique_pairs_sorts_and_drops_repeats() -> None:
    pairs = np.array([[2, 3], [0, 1], [2, 3], [0, 4]])
    assert unique_pairs(pairs, 5).tolist() == [[0, 1], [0, 4], [2, 3]]


def test_band_candidates_do_not_depend_on_jobs() -> None:
    rng = np.random.default_rng(2)
    sigs = rng.integers(0, 3, size=(400, 12)).astype(np.uint32)  # few values: many shared bands
    one = band_candidates(sigs, bands=4, rows=3, max_bucket=20)
    assert len(one) > 100
    assert np.array_equal(band_candidates(sigs, bands=4, rows=3, max_bucket=20, jobs=3), one)


@pytest.mark.parametrize("max_bucket", [None, 3, 50])
def test_band_candidates_are_the_pairs_agreeing_on_a_whole_band(max_bucket: int | None) -> None:
    rng = np.random.default_rng(8)
    sigs = rng.integers(0, 3, size=(120, 6)).astype(np.uint32)  # few values: buckets of many sizes
    want: set[tuple[int, int]] = set()
    for band in range(3):
        buckets: dict[tuple[int, ...], list[int]] = {}
        for d, row in enumerate(sigs[:, 2 * band : 2 * band + 2].tolist()):
            buckets.setdefault(tuple(row), []).append(d)
        for members in buckets.values():
            if max_bucket is None or len(members) <= max_bucket:
                want |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
            else:
                want |= {(members[0], b) for b in members[1:]}
    got = band_candidates(sigs, bands=3, rows=2, max_bucket=max_bucket, jobs=2)
    assert got.tolist() == sorted([a, b] for a, b in want)


def test_band_keys_are_the_row_keys_of_each_band() -> None:
    # An index stores band keys: the compiled loop must give exactly the definition's values.
    from compare.sketch.hashing import row_keys

    rng = np.random.default_rng(3)
    sigs = rng.integers(0, 2**32, size=(300, 128), dtype=np.uint32)
    for bands, rows in ((37, 3), (16, 8), (1, 128)):
        keys = band_keys(sigs, bands, rows)
        for b in range(bands):
            assert np.array_equal(keys[:, b], row_keys(sigs[:, b * rows : (b + 1) * rows]))

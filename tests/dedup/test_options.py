"""Tests of compare.dedup.options: validation and the LSH bands the options give."""

from __future__ import annotations

import pytest

from compare.dedup.options import SAMPLE_BELOW, DedupOptions
from compare.sketch.lsh import optimal_bands


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="threshold"):
        DedupOptions(threshold=0.0)
    with pytest.raises(ValueError, match="jobs"):
        DedupOptions(jobs=0)
    with pytest.raises(ValueError, match="containment"):
        DedupOptions(containment=1.5)


def test_bands_are_the_optimal_bands_of_the_lsh_threshold() -> None:
    assert DedupOptions().bands() == optimal_bands(0.3, 128) == (37, 3)
    assert DedupOptions(lsh_threshold=0.8, num_perm=64).bands() == optimal_bands(0.8, 64)


def test_samples_are_kept_with_coverage_or_containment_or_when_asked() -> None:
    assert DedupOptions(coverage=None).sample_below == 0
    assert DedupOptions().sample_below == SAMPLE_BELOW
    assert DedupOptions(containment=0.5).sample_below == SAMPLE_BELOW
    assert DedupOptions(samples=True).sample_below == SAMPLE_BELOW

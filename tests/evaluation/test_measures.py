"""Document-level measures against hand-computed answers and reference implementations."""

from __future__ import annotations

import math

import pytest
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score

from compare.evaluation.measures import adjusted_rand_index, binary_scores, spearman


def test_binary_scores_by_hand():
    truth = [True] * 4 + [False] * 6
    predicted = [True, True, True, False, True, False, False, False, False, False]
    s = binary_scores(truth, predicted)
    assert (s.true_positives, s.false_positives, s.false_negatives, s.true_negatives) == (3, 1, 1, 5)
    assert s.precision == 0.75 and s.recall == 0.75 and s.f1 == 0.75


def test_binary_scores_nothing_predicted():
    s = binary_scores([True, False], [False, False])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_binary_scores_length_mismatch():
    with pytest.raises(ValueError, match="2 labels but 1 predictions"):
        binary_scores([True, False], [True])


@pytest.mark.parametrize(
    "x, y",
    [
        ([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]),
        ([0.3, 0.3, 0.1, 0.9, 0.5, 0.5], [3, 3, 1, 4, 2, 2]),
        ([1, 1, 1, 2, 2, 3, 3, 3, 3], [0.1, 0.4, 0.2, 0.5, 0.5, 0.9, 0.8, 0.8, 0.7]),
    ],
)
def test_spearman_matches_scipy_including_ties(x, y):
    assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, abs=1e-12)


def test_spearman_constant_is_nan():
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))


@pytest.mark.parametrize(
    "truth, predicted",
    [
        ([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]),
        ([0, 0, 0, 1, 1, 1], [1, 1, 1, 0, 0, 0]),
        ([0, 1, 2, 3], [0, 0, 0, 0]),
        (["a", "a", "b", "c", "c", "c", "d"], [1, 1, 1, 2, 2, 3, 3]),
    ],
)
def test_adjusted_rand_index_matches_sklearn(truth, predicted):
    assert adjusted_rand_index(truth, predicted) == pytest.approx(adjusted_rand_score(truth, predicted))

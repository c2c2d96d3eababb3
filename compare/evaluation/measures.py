"""Document-level quality measures, implemented from their definitions.

* Precision, recall, F1 of a binary decision ("derived" vs "not derived"):
  P = TP / (TP + FP), R = TP / (TP + FN), F1 = 2PR / (P + R)
  (van Rijsbergen, *Information Retrieval*, 2nd ed., 1979, ch. 7).
* Spearman's rank correlation rho: the Pearson correlation of the ranks of
  the two variables, ties given their average rank (Spearman, "The proof and
  measurement of association between two things", Am. J. Psychol. 15, 1904).
* Adjusted Rand index: the Rand index of two partitions corrected for chance,
  ARI = (RI - E[RI]) / (max RI - E[RI]) under the hypergeometric model
  (Hubert & Arabie, "Comparing partitions", J. Classification 2, 1985).

The PAN character-level measures (plagdet) are in `compare.evaluation.pan`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

__all__ = ["BinaryScores", "adjusted_rand_index", "binary_scores", "spearman"]


@dataclass(frozen=True)
class BinaryScores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int


def binary_scores(truth: Sequence[bool], predicted: Sequence[bool]) -> BinaryScores:
    """Precision, recall and F1 of `predicted` against `truth` (True = positive).

    >>> s = binary_scores([True, True, False, False], [True, False, True, False])
    >>> (s.precision, s.recall, s.f1)
    (0.5, 0.5, 0.5)
    """
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} labels but {len(predicted)} predictions")
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if not t and p)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t and not p)
    tn = len(truth) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BinaryScores(precision, recall, f1, tp, fp, fn, tn)


def _ranks(values: Sequence[float]) -> np.ndarray:
    """Ranks 1..n, tied values sharing their average rank."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and x[order[j + 1]] == x[order[i]]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho of `x` and `y` (NaN when either is constant).

    >>> spearman([1, 2, 3, 4], [10, 20, 30, 40])
    1.0
    >>> spearman([1, 2, 3], [3, 2, 1])
    -1.0
    """
    if len(x) != len(y):
        raise ValueError("x and y differ in length")
    rx, ry = _ranks(x), _ranks(y)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    denominator = float(np.sqrt((dx * dx).sum() * (dy * dy).sum()))
    return float((dx * dy).sum() / denominator) if denominator else float("nan")


def adjusted_rand_index(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two clusterings given as one label per item.

    >>> adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7])
    1.0
    """
    if len(truth) != len(predicted):
        raise ValueError("truth and predicted differ in length")
    n = len(truth)
    if n < 2:
        return 1.0
    table = Counter(zip(truth, predicted, strict=True))
    sum_cells = sum(comb(c, 2) for c in table.values())
    sum_rows = sum(comb(c, 2) for c in Counter(truth).values())
    sum_cols = sum(comb(c, 2) for c in Counter(predicted).values())
    expected = sum_rows * sum_cols / comb(n, 2)
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return (sum_cells - expected) / (maximum - expected)

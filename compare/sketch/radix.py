"""A stable sort of 64-bit hashes in linear time, for grouping equal hashes.

Candidates come from equal hashes: shingle samples held by several
documents (`compare.sketch.pairs`), band keys shared by several signatures
(`compare.sketch.lsh`). Grouping them is a sort, and a comparison sort of
millions of values (``numpy.argsort``) spends most of the candidate stage.
Hashes are uniform, so their top bits spread them evenly: two stable
counting-sort passes on about log2(n) top bits leave runs of a value or
two, which an insertion sort finishes. Linear time, and stable, so equal
hashes keep their input order (documents stay in order within a group).
Compiled by numba like `compare.sketch.kernels`; the helpers are compiled
into the loops that call them.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["hash_order"]

_FEW = 64  # a run of hashes sharing their top bits longer than this is merge sorted


@njit
def hash_order(hashes):
    """The hashes sorted, and their indices in that order (``numpy.argsort``
    with ``kind="stable"``): ties keep their input order.

    Hashes far from uniform (all small but a few, say) leave long runs with
    equal top bits; those are merge sorted, so time stays n log n at worst.
    """
    m = len(hashes)
    order = np.empty(m, dtype=np.int64)
    ordered = np.empty(m, dtype=np.uint64)
    if m == 0:
        return ordered, order
    bits = 2
    while (1 << (bits + 1)) < m:
        bits += 1
    top = hashes.max()
    width = 0
    while width < 64 and (top >> np.uint64(width)) > 0:
        width += 1
    shift = max(width - bits, 0)
    low = bits // 2
    half_hashes, half_order = np.empty(m, dtype=np.uint64), np.empty(m, dtype=np.int64)
    _counting_pass(hashes, None, shift, low, half_hashes, half_order)
    _counting_pass(half_hashes, half_order, shift + low, bits - low, ordered, order)
    first = 0
    while first < m:  # hashes sharing the top bits
        key = ordered[first] >> np.uint64(shift)
        last = first + 1
        while last < m and ordered[last] >> np.uint64(shift) == key:
            last += 1
        if last - first > _FEW:
            by_hash = np.argsort(ordered[first:last], kind="mergesort") + first
            ordered[first:last], order[first:last] = ordered[by_hash], order[by_hash]
        else:
            _insertion_sort(ordered, order, first, last)
        first = last
    return ordered, order


@njit
def _counting_pass(hashes, order, shift, bits, out_hashes, out_order):
    """One stable counting-sort pass by `bits` bits of the hashes from bit
    `shift`, into the `out_` arrays, with their `order` (None: 0, 1, ...)."""
    mask = np.uint64((1 << bits) - 1)
    at = np.zeros((1 << bits) + 1, dtype=np.int64)
    for t in range(len(hashes)):
        at[((hashes[t] >> np.uint64(shift)) & mask) + np.uint64(1)] += 1
    for b in range(1 << bits):
        at[b + 1] += at[b]
    for t in range(len(hashes)):
        b = (hashes[t] >> np.uint64(shift)) & mask
        u = at[b]
        out_hashes[u] = hashes[t]
        out_order[u] = t if order is None else order[t]
        at[b] = u + 1


@njit
def _insertion_sort(hashes, order, first, last):
    """Sort ``first .. last - 1`` by hash, stably (a handful of values)."""
    for t in range(first + 1, last):
        h, i = hashes[t], order[t]
        u = t
        while u > first and hashes[u - 1] > h:
            hashes[u], order[u] = hashes[u - 1], order[u - 1]
            u -= 1
        hashes[u], order[u] = h, i

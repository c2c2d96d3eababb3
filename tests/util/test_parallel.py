"""Tests of compare.util.parallel: results in input order, bounded read-ahead, shared data."""

from __future__ import annotations

import time

import pytest

from compare.util.parallel import map_in_order, map_threads_in_order, shared, shared_value


def _slow_square(x: int) -> int:
    time.sleep(0.002 * (x % 3))  # later items often finish first
    return x * x


@pytest.mark.parametrize("mapper", [map_in_order, map_threads_in_order])
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_input_order(mapper, jobs: int) -> None:
    assert list(mapper(_slow_square, range(30), jobs)) == [x * x for x in range(30)]


def test_threads_read_a_stream_only_a_little_ahead() -> None:
    consumed = []

    def stream():
        for x in range(100):
            consumed.append(x)
            yield x

    results = map_threads_in_order(_slow_square, stream(), 2)
    assert next(results) == 0
    assert len(consumed) <= 5  # 2 x jobs submitted, then one more per result
    assert list(results) == [x * x for x in range(1, 100)]


def _read_shared(x: int) -> int:
    return shared_value("offset") + x


def test_forked_workers_see_shared_values() -> None:
    with shared(offset=1000):
        assert list(map_in_order(_read_shared, range(5), 2)) == [1000, 1001, 1002, 1003, 1004]
    with pytest.raises(KeyError):
        shared_value("offset")


def test_spawned_workers_see_shared_values_where_processes_cannot_fork(monkeypatch) -> None:
    import compare.util.parallel as parallel

    assert parallel.start_method() == "fork"  # Linux
    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")  # as on Windows
    with shared(offset=7, width=3):  # a worker spawned anew imports what it runs: a package function
        assert list(map_in_order(shared_value, ["offset", "width", "offset"], 2)) == [7, 3, 7]


@pytest.mark.parametrize("mapper", [map_in_order, map_threads_in_order])
def test_jobs_must_be_positive(mapper) -> None:
    with pytest.raises(ValueError, match="jobs"):
        list(mapper(_slow_square, range(3), 0))

"""pipelines.batch.runners: the same results, in order, on every runner (real process pool and Dask
cluster)."""

import os

import pytest

from pipelines.batch.runners import run_batches


def square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.mark.parametrize("kind", ["serial", "processes", "dask"])
def test_every_runner_returns_results_in_input_order(kind):
    out = run_batches(square_with_pid, list(range(6)), kind, workers=2)
    assert [r[0] for r in out] == [x * x for x in range(6)]
    pids = {r[1] for r in out}
    assert (pids == {os.getpid()}) if kind == "serial" else (os.getpid() not in pids)


def test_an_unknown_runner_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown runner"):
        run_batches(square_with_pid, [1], "threads")


def test_processes_with_one_worker_still_runs_outside_this_process():
    out = run_batches(square_with_pid, [1, 2, 3], "processes", workers=1)
    assert [r[0] for r in out] == [1, 4, 9]
    assert len({r[1] for r in out}) == 1 and os.getpid() not in {r[1] for r in out}

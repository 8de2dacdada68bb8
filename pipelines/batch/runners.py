"""Where batches run: in this process, in a pool of local processes, or on a Dask cluster.

`processes` with one worker still runs the batches in a child process: the text stages' heap
(jieba's dictionary, the Python objects of a batch) is returned to the system when it exits,
instead of staying under the Dagster process while it publishes (peak RSS, README "Measured").

A batch (pipelines/batch/plan.py) reads raw_documents and writes its own files, so it can run in any
process that sees the same storage. The work function must be picklable (a module-level function,
or a functools.partial of one) for the process pool and Dask. Results come back in input order.

Dask: a LocalCluster of `workers` processes (one thread each, jieba is not thread-safe), or an
existing scheduler at `address` (`tcp://host:8786`) whose workers mount the same warehouse folder.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

KINDS = ("serial", "processes", "dask")


def run_batches(work: Callable[[Any], Any], items: Sequence[Any], kind: str = "serial", workers: int = 1,
                address: str | None = None) -> list:
    """work(item) for every item, on the runner `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown runner {kind!r}; one of {KINDS}")
    if not items:
        return []
    if kind == "serial":
        return [work(item) for item in items]
    if kind == "processes":  # even one worker: what the batches leave in memory goes when the worker ends
        context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads or locks
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(items))), mp_context=context) as pool:
            return list(pool.map(work, items))
    return _on_dask(work, items, workers, address)


def _on_dask(work, items, workers, address):
    from distributed import Client, LocalCluster

    cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                dashboard_address=None)
    try:
        with Client(address or cluster) as client:
            futures = client.map(work, list(items), pure=False)
            return client.gather(futures)
    finally:
        if cluster is not None:
            cluster.close()

"""Runs left behind by a killed build: their pool slot is given back, so the next build does not wait forever.

A build killed with a signal (a crash, an OOM kill, a stopped container) never reaches the end of its
run: Dagster keeps it STARTED and keeps the `warehouse_writer` slot its step had claimed, so every later
build blocks on the pool. The daemon's run monitoring cleans this up for runs it launched; for builds
started by `make run` (which tags each run with its process id and host), this does the same before a
build starts: a tagged run whose process is gone is marked failed and its slots are freed.
"""

from __future__ import annotations

import os
import socket

import dagster as dg

PID_TAG = "pipelines/pid"
HOST_TAG = "pipelines/host"


def run_tags() -> dict[str, str]:
    """Tags that let a later build tell whether this run's process is still alive."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the unfinished runs of this host whose process is gone, and free their pool slots."""
    unfinished = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING]
    released = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=unfinished)):
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if not pid or host != socket.gethostname() or _alive(int(pid)):
            continue
        instance.report_run_failed(run, message=f"the process of this run (pid {pid}) is gone; "
                                                "its pool slots were freed by the next build")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released

"""Sensor: a new, changed, renamed or deleted input file starts a build; an unchanged folder does not.

The build it starts processes only the files whose bytes are new (the batch store is keyed by content,
pipelines/batch/plan.py): one new file is one document cleaned, segmented and extracted, and the marts
update in place for it; a rename or a delete only touches the marts.
"""

import hashlib

import dagster as dg

from pipelines.defs.jobs import build_warehouse
from pipelines.defs.resources import PipelinePaths
from pipelines.ops.watch import decode, diff, encode, folder_state


@dg.sensor(job=build_warehouse, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def input_folder_sensor(context: dg.SensorEvaluationContext, pipeline: PipelinePaths):
    """Watches the input folder; the cursor holds the sha256 of every file seen."""
    folder = pipeline.paths().input_dir
    if not folder.is_dir():
        return dg.SkipReason(f"input folder missing: {folder}")
    old = decode(context.cursor)
    new = folder_state(folder)
    changes = diff(old, new)
    if not changes:
        return dg.SkipReason(f"no change in {folder} ({len(new)} files)")
    cursor = encode(new)
    context.update_cursor(cursor)
    return dg.RunRequest(
        run_key=hashlib.sha256(cursor.encode()).hexdigest()[:16],
        tags={
            "trigger": "input_folder",
            "changes": changes.summary(),
            "files": ", ".join(changes.new + changes.changed)[:500],
        },
    )

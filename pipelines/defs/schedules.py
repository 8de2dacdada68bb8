"""Schedule: a daily build (cron and time zone from PIPELINE_SCHEDULE and PIPELINE_TIMEZONE), off until
switched on in the UI."""

import dagster as dg

from pipelines import config
from pipelines.defs.jobs import build_warehouse


@dg.definitions
def schedules() -> dg.Definitions:
    cron, timezone = config.schedule()
    daily_build = dg.ScheduleDefinition(
        name="daily_build",
        job=build_warehouse,
        cron_schedule=cron,
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.STOPPED,
    )
    return dg.Definitions(schedules=[daily_build])

"""Schedule: a daily build; time and zone in one setting each (PIPELINE_SCHEDULE, PIPELINE_TIMEZONE)."""

import os

import dagster as dg

SCHEDULE_CRON = os.environ.get("PIPELINE_SCHEDULE", "0 6 * * *")
SCHEDULE_TIMEZONE = os.environ.get("PIPELINE_TIMEZONE", "Asia/Shanghai")

daily_build = dg.ScheduleDefinition(
    name="daily_build",
    job_name="build_warehouse",
    cron_schedule=SCHEDULE_CRON,
    execution_timezone=SCHEDULE_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
)

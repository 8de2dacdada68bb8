"""<warehouse>/dbt/dbt.log does not grow without bound across builds: every build passes dbt a rollover size
(pipelines/defs/dbt.py), and dbt keeps the current file and 5 older ones. Checked with dbt itself on a
scratch target folder, a tiny size standing in for the real one so that one `dbt parse` rolls over many
times."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.config import DBT_PROJECT_DIR
from pipelines.defs.dbt import DBT_LOG_ARGS, DBT_LOG_FILE_MAX_BYTES, PRODUCTION_BUILD_ARGS


def test_the_build_passes_dbt_a_log_rollover_size():
    assert DBT_LOG_ARGS == ("--log-file-max-bytes", str(DBT_LOG_FILE_MAX_BYTES))
    assert 0 < DBT_LOG_FILE_MAX_BYTES <= 10 * 1024 * 1024
    assert not set(DBT_LOG_ARGS) & set(PRODUCTION_BUILD_ARGS)


@pytest.mark.integration
def test_dbt_keeps_at_most_six_log_files_of_the_given_size(tmp_path):
    dbt = Path(sys.executable).parent / "dbt"
    size = 2000
    env = {**os.environ, "DBT_LOG_FORMAT": "json", "DBT_LOG_PATH": str(tmp_path / "target"),
           "PIPELINE_WAREHOUSE": str(tmp_path / "warehouse")}
    subprocess.run([str(dbt), "parse", "--quiet", "--log-file-max-bytes", str(size),  # ~20 kB of log
                    "--target-path", str(tmp_path / "target")],
                   cwd=DBT_PROJECT_DIR, env=env, check=True, capture_output=True)
    logs = sorted((tmp_path / "target").glob("dbt.log*"))
    assert [p.name for p in logs] == ["dbt.log", *(f"dbt.log.{k}" for k in range(1, 6))]
    assert all(p.stat().st_size < size + 4000 for p in logs)  # one record may cross the size

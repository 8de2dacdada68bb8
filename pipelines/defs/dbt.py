"""The dbt project as Dagster assets: staging, intermediate, marts and meta models, with dbt tests as
asset checks."""

import importlib.metadata
import shutil
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.asset_utils import default_description_fn
from packaging import version

from pipelines.config import DBT_PROJECT_DIR, export_for_dbt
from pipelines.defs.resources import WRITER_POOL, PipelinePaths

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()  # `dg dev` re-parses the project so the UI shows the models as they are now

# dbt's unit tests check model SQL against fixed rows, not the data: a build of unchanged SQL cannot fail one,
# so builds leave them out (dbt's advice for production) and the test suite runs them
# (tests/pipeline/test_materialize.py::test_dbt_unit_tests_pass). Every data test still runs on every build.
PRODUCTION_BUILD_ARGS = ("--exclude-resource-type", "unit_test")

# dbt writes its debug log to <warehouse>/dbt/dbt.log (dagster-dbt sets DBT_LOG_PATH to the target folder) and
# rolls it over at this size, keeping 5 older files (dbt_common's RotatingFileHandler, backupCount=5): the
# logs of every build together stay under 6 x 4 MB. A sample build writes about 3 MB of them.
DBT_LOG_FILE_MAX_BYTES = 4 * 1024 * 1024
DBT_LOG_ARGS = ("--log-file-max-bytes", str(DBT_LOG_FILE_MAX_BYTES))


class WarehouseTranslator(DagsterDbtTranslator):
    """dbt models grouped by their folder (staging, intermediate, marts/core, marts/analyst, marts/search,
    meta) in the UI, described by their YAML description alone (the SQL is one click away in the UI's code
    view)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return "warehouse_" + "_".join(fqn[1:-1])  # warehouse_staging, ..., warehouse_marts_core
        return super().get_group_name(dbt_resource_props)

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        return default_description_fn(dbt_resource_props, display_raw_sql=False)


class WarehouseDbt(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up costs this project does not use: it runs
    `dbt --version` in a subprocess on every build (the version of the dbt-core installed beside this Python
    is known without it), and it builds an in-process dbt adapter that only `fetch_row_counts` and
    `fetch_column_metadata` use, which are not called. Both are private hooks of dagster-dbt 0.29.27 (pinned);
    tests/pipeline runs every build through them."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).resolve() == (Path(sys.executable).parent / "dbt").resolve():
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args):
        return None


def warehouse_dbt() -> WarehouseDbt:
    """The dbt installed beside this Python (the project's venv), else whatever is on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    executable = str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")
    return WarehouseDbt(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=executable)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    pool=WRITER_POOL,
    dagster_dbt_translator=WarehouseTranslator(),
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, pipeline: PipelinePaths):
    paths = pipeline.paths()
    export_for_dbt(paths, build_id=context.run.run_id)
    # One target folder per warehouse (not a new one per run under transforms/target): the next build of the
    # same warehouse finds its parse state there and parses only what changed.
    invocation = dbt.cli(["build", *PRODUCTION_BUILD_ARGS, *DBT_LOG_ARGS], context=context,
                         target_path=paths.dbt_target)
    yield from invocation.stream()


# What the published copy is made of: every model of the schemas it publishes (pipelines/serve/publish.py).
PUBLISHED_KEYS = sorted(
    (key for key in warehouse_models.keys if key.path[0] in ("marts", "meta")),
    key=lambda k: k.to_user_string(),
)

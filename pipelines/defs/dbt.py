"""The dbt project as Dagster assets: staging, intermediate, marts and meta models, with dbt tests as asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.config import export_for_dbt
from pipelines.defs.resources import WRITER_POOL, PipelinePaths, dbt_project

# dbt's unit tests check model SQL against fixed rows, not the data: a build of unchanged SQL cannot fail one,
# so builds leave them out (dbt's advice for production) and the test suite runs them
# (tests/pipeline/test_materialize.py::test_dbt_unit_tests_pass). Every data test still runs on every build.
PRODUCTION_BUILD_ARGS = ("--exclude-resource-type", "unit_test")


class WarehouseTranslator(DagsterDbtTranslator):
    """dbt models grouped by their layer folder (staging, intermediate, marts, meta) in the UI."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return f"warehouse_{fqn[1]}"
        return super().get_group_name(dbt_resource_props)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=WRITER_POOL,
            dagster_dbt_translator=WarehouseTranslator())
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, pipeline: PipelinePaths):
    paths = pipeline.paths()
    export_for_dbt(paths, build_id=context.run_id)
    # One target folder per warehouse (not a new one per run under transforms/target, which grew by ~5 MB a
    # build): the next build of the same warehouse finds its parse state there and parses only what changed.
    invocation = dbt.cli(["build", *PRODUCTION_BUILD_ARGS], context=context, target_path=paths.dbt_target)
    yield from invocation.stream()

-- One row per build, appended: what it was made from, how far it got and how many rows each mart holds.
-- status: 'started' (written when dbt starts: a build that fails leaves it, so the live warehouse says it may
-- be half-updated), 'built' (every model and test passed), 'published' (pipelines/serve/publish.py copied it).
-- Only this run's manifest (env PIPELINE_BUILD_ID, set by the Dagster asset; else the latest): a run that was
-- killed before dbt leaves no row. Incremental so the history survives rebuilds of the marts
-- (`dbt build --full-refresh` resets it).
{{ config(unique_key='build_id', on_schema_change='append_new_columns') }}

select
    m.build_id,
    m.started_at,
    now() as finished_at,
    'built' as status,
    m.git_commit,
    m.extractor_version,
    m.code_versions,
    m.lexicon_hash,
    m.package_versions,
    m.input_dir,
    m.input_files,
    m.input_digest,
    m.documents,
    m.quarantined,
    (select count(*) from {{ ref('facts') }}) as facts_rows,
    (select count(*) from {{ ref('people') }}) as people_rows,
    (select count(*) from {{ ref('projects') }}) as projects_rows,
    (select count(*) from {{ ref('cited_documents') }}) as cited_documents_rows,
    (select count(*) from {{ ref('targets_vs_actuals') }}) as targets_vs_actuals_rows,
    (select count(*) from {{ ref('project_investments') }}) as project_investments_rows,
    (select count(*) from {{ ref('people_statements') }}) as people_statements_rows,
    (select count(*) from {{ ref('facts_by_region_period') }}) as facts_by_region_period_rows
from ({{ this_build() }}) as m
{% if is_incremental() %}
    -- this build's own 'started' row (the on-run-start hook, macros/build_status.sql) is replaced by this one;
    -- a table from before the status column has none
    {%- set has_status = 'status' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}
    where m.build_id not in (
        select b.build_id from {{ this }} as b{% if has_status %} where b.status is distinct from 'started'{% endif %}
    )
{% endif %}

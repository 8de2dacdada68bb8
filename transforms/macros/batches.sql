{#- The batch store (pipelines/batch/plan.py) as dbt sees it.

    current_rows: the rows of a per-document source table that belong to current documents, from
    the batch the index names for each (older batches of the same document are ignored), with the
    document's names as they are now (a renamed file keeps its rows but not its old name).

    changed_documents / drop_stale_rows: what incremental marts use to update in place, by
    document: re-insert documents whose batch or name moved, delete rows of documents that are no
    longer current (changed bytes, deleted file, new rule version). -#}

{% macro current_rows(table, renamed=[]) %}
select
    t.* exclude (filename){% if renamed %} replace ({% for col in renamed %}c.{{ col }} as {{ col }}{% if not loop.last %}, {% endif %}{% endfor %}){% endif %},
    c.batch_id
from {{ source('pipeline', table) }} as t
join {{ ref('stg_current_documents') }} as c
    on t.doc_id = c.doc_id and parse_filename(t.filename, true) = c.batch_id
{% endmacro %}

{% macro changed_documents(match=['batch_id']) %}
select c.doc_id from {{ ref('stg_current_documents') }} as c
where not exists (
    select 1 from {{ this }} as t
    where t.doc_id = c.doc_id{% for col in match %} and t.{{ col }} = c.{{ col }}{% endfor %}
)
{% endmacro %}

{#- The (document, batch) pairs are few and the rows many: the pairs are checked against the current documents
    first and only the rows of stale pairs are touched. Probing every row instead cost a scan of the whole
    mart on every build, even when nothing was stale. -#}
{% macro drop_stale_rows() %}
delete from {{ this }} as t
using (
    select d.doc_id, d.batch_id
    from (select distinct doc_id, batch_id from {{ this }}) as d
    where not exists (
        select 1 from {{ ref('stg_current_documents') }} as c where c.doc_id = d.doc_id and c.batch_id = d.batch_id
    )
) as stale
where t.doc_id = stale.doc_id and t.batch_id = stale.batch_id
{% endmacro %}

{#- The manifest of the build running now: env PIPELINE_BUILD_ID (the Dagster run id), else the latest one.
    The id comes as the DuckDB variable pipeline_build_id (pipelines/storage/dbt_plugin.py), read when the query
    runs: an env_var() here would make dbt re-parse the models that use this on every build. -#}
{% macro this_build() %}
select * from {{ source('pipeline', 'build_manifest') }}
where getvariable('pipeline_build_id') is null or build_id = getvariable('pipeline_build_id')
order by started_at desc limit 1
{% endmacro %}

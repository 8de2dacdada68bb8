-- Every document the warehouse has seen, current or not: a renamed file keeps its doc_id and gains a
-- path; a changed file's old bytes are 'replaced' (by the document now at that path); a file gone
-- from the input folder is 'deleted'. Its facts leave the marts; this row says what happened and when.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns') }}
with build as (
    {{ this_build() }}
),

now_current as (
    select
        doc_id,
        source_file,
        source_path,
        sha256
    from {{ ref('stg_current_documents') }}
),

{% if is_incremental() %}
merged as (
    select
        coalesce(c.doc_id, p.doc_id) as doc_id,
        coalesce(c.source_file, p.source_file) as source_file,
        coalesce(c.source_path, p.source_path) as source_path,
        coalesce(c.sha256, p.sha256) as sha256,
        c.doc_id is not null as is_current,
        case
            when p.doc_id is null then [c.source_path]
            when c.doc_id is null or list_contains(p.paths, c.source_path) then p.paths
            else list_append(p.paths, c.source_path)
        end as paths,
        coalesce(p.first_seen_at, b.started_at) as first_seen_at,
        coalesce(p.first_seen_build, b.build_id) as first_seen_build,
        case when c.doc_id is not null then b.started_at else p.last_seen_at end as last_seen_at,
        case when c.doc_id is null then coalesce(p.gone_at, b.started_at) end as gone_at
    from now_current as c
    full outer join {{ this }} as p using (doc_id)
    cross join build as b
)
{% else %}
merged as (
    select
        c.doc_id,
        c.source_file,
        c.source_path,
        c.sha256,
        true as is_current,
        [c.source_path] as paths,
        b.started_at as first_seen_at,
        b.build_id as first_seen_build,
        b.started_at as last_seen_at,
        null::timestamptz as gone_at
    from now_current as c
    cross join build as b
)
{% endif %}

select
    m.doc_id,
    m.source_file,
    m.source_path,
    m.sha256,
    case when m.is_current then 'current' when r.doc_id is not null then 'replaced' else 'deleted' end as status,
    r.doc_id as replaced_by,
    m.paths,
    m.first_seen_at,
    m.first_seen_build,
    m.last_seen_at,
    m.gone_at
from merged as m
left join now_current as r on not m.is_current and r.source_path = m.source_path

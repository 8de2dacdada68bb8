-- Projects with investment, unit and status (FACTS.md section 3).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns', post_hook='{{ drop_stale_rows() }}') }}
select
    project_id,
    doc_id,
    source_file,
    name,
    region,
    investment,
    unit,
    group_investment,
    group_unit,
    status,
    mention,
    char_start,
    char_end,
    extractor_version,
    batch_id
from {{ ref('stg_projects') }}
{% if is_incremental() %}
where doc_id in ({{ changed_documents(['batch_id', 'source_file']) }})
{% endif %}

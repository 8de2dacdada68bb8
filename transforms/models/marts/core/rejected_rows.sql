-- Rows the extraction produced but the contract's rules rejected (pipelines/extract/validate.py): kept here with
-- the rule and the reason, never in the tables above, so one bad value in one document never fails a build.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns', post_hook='{{ drop_stale_rows() }}') }}
select
    doc_id,
    source_file,
    table_name,
    rule,
    reason,
    sentence,
    row_json,
    batch_id
from {{ ref('stg_rejected') }}
{% if is_incremental() %}
    where doc_id in ({{ changed_documents(['batch_id', 'source_file']) }})
{% endif %}

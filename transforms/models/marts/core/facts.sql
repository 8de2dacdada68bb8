-- One row per numeric mention (FACTS.md section 2).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns', post_hook='{{ drop_stale_rows() }}') }}
select
    fact_id,
    doc_id,
    source_file,
    fact_type,
    value,
    value_high,
    value_text,
    value_high_text,
    unit,
    qualifier,
    modality,
    metric,
    subject,
    region,
    period,
    indicator,
    also_indicators,
    measure,
    direction,
    ref_year,
    ref_period,
    mention,
    sentence,
    sentence_index,
    char_start,
    char_end,
    extractor_version,
    batch_id
from {{ ref('stg_facts') }}
{% if is_incremental() %}
where doc_id in ({{ changed_documents(['batch_id', 'source_file']) }})
{% endif %}

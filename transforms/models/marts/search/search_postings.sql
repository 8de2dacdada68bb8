-- The full-text index: how often each jieba term occurs in each sentence. Terms are the tokens
-- with a Han character, a letter or a digit (punctuation and spaces are not searchable); the batches
-- count them next to segmentation (pipelines/extract/postings.py), so this only loads them.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns', post_hook='{{ drop_stale_rows() }}') }}
select
    doc_id,
    sentence_index,
    term,
    tf,
    batch_id
from {{ ref('stg_postings') }}
{% if is_incremental() %}
where doc_id in ({{ changed_documents(['batch_id']) }})
{% endif %}

-- Every sentence of the cleaned text with its document, region and length in index terms:
-- what full-text search returns and ranks.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns', post_hook='{{ drop_stale_rows() }}') }}
with term_counts as (
    select
        doc_id,
        sentence_index,
        sum(tf) as term_count
    from {{ ref('search_postings') }}
    group by all
)

select
    s.doc_id,
    s.sentence_index,
    d.source_file,
    s.sentence,
    s.region,
    s.char_start,
    s.char_end,
    coalesce(p.term_count, 0) as term_count,
    s.batch_id
from {{ ref('stg_sentences') }} as s
inner join {{ ref('stg_current_documents') }} as d using (doc_id)
left join term_counts as p using (doc_id, sentence_index)
{% if is_incremental() %}
where s.doc_id in ({{ changed_documents(['batch_id', 'source_file']) }})
{% endif %}

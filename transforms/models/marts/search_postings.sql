-- The full-text index: how often each jieba term occurs in each sentence. Terms are the tokens
-- with a Han character, a letter or a digit (punctuation and spaces are not searchable).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='doc_id',
          on_schema_change='append_new_columns', post_hook='{{ drop_stale_rows() }}') }}
with tokens as (
    select doc_id, char_start, token as term, batch_id
    from {{ ref('stg_tokens') }}
    where regexp_matches(token, '[一-鿿A-Za-z0-9]')
    {% if is_incremental() %}
    and doc_id in ({{ changed_documents(['batch_id']) }})
    {% endif %}
)

select t.doc_id, s.sentence_index, t.term, count(*)::integer as tf, t.batch_id
from tokens as t
asof join {{ ref('stg_sentences') }} as s
    on t.doc_id = s.doc_id and t.char_start >= s.char_start
where t.char_start < s.char_end
group by all

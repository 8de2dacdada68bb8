-- The full-text index: how often each jieba term occurs in each sentence. Terms are the tokens
-- with a Han character, a letter or a digit (punctuation and spaces are not searchable).
with tokens as (
    select doc_id, char_start, token as term
    from {{ ref('stg_tokens') }}
    where regexp_matches(token, '[一-鿿A-Za-z0-9]')
)

select t.doc_id, s.sentence_index, t.term, count(*)::integer as tf
from tokens as t
asof join {{ ref('stg_sentences') }} as s
    on t.doc_id = s.doc_id and t.char_start >= s.char_start
where t.char_start < s.char_end
group by all

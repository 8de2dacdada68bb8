-- Every sentence of the cleaned text with its document, region and length in index terms:
-- what full-text search returns and ranks.
select
    s.doc_id,
    s.sentence_index,
    d.source_file,
    s.sentence,
    s.region,
    s.char_start,
    s.char_end,
    coalesce(p.term_count, 0) as term_count
from {{ ref('stg_sentences') }} as s
join {{ ref('stg_documents') }} as d using (doc_id)
left join (
    select doc_id, sentence_index, sum(tf) as term_count
    from {{ ref('search_postings') }} group by all
) as p using (doc_id, sentence_index)

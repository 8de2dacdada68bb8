-- Facts with the keys analysts compare on: a metric key without the words that only say how a
-- number is reported (同比, 的, 达到, 为, spaces), the document's date, and the order of writing.
-- Read from staging, not from the marts built on it: marts.facts and marts.documents hold the same rows
-- and columns (marts.facts is stg_facts as is; documents takes pub_date from stg_documents).
select
    f.*,
    nullif(regexp_replace(coalesce(f.metric, ''), '(同比|比上年|的|达到|达|为|约|\s)', '', 'g'), '') as metric_key,
    d.pub_date,
    row_number() over (partition by f.doc_id order by f.char_start, f.fact_id) as position_in_document
from {{ ref('stg_facts') }} as f
inner join {{ ref('stg_documents') }} as d using (doc_id)

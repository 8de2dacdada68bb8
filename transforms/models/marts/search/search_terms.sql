-- Document frequency of every index term (in how many sentences it occurs), for BM25 ranking.
-- The post-hook defines marts.search_sentences(q, k): ranked sentences for a query string, usable
-- from the DuckDB CLI and BI tools. jieba cannot run inside SQL, so the query's terms are the index
-- terms it contains, longest first: a term inside a longer matched term does not count on its own
-- (固定资产投资 does not also match 投资), and one-character terms only for one-character queries.
{{ config(post_hook="
create or replace macro {{ this.schema }}.search_sentences(q, k) as table
with candidates as (
    select term, df from {{ this.include(database=False) }}
    where contains(q, term) and (length(term) > 1 or length(q) = 1)
),
matched as (
    select * from candidates as c
    where not exists (select 1 from candidates as o where o.term <> c.term and contains(o.term, c.term))
),
corpus as (
    select count(*)::double as n, greatest(avg(term_count), 1) as avg_len from {{ ref('sentences').include(database=False) }}
)
select s.doc_id, s.sentence_index, s.source_file, s.region, s.sentence,
       sum(ln(1 + (c.n - m.df + 0.5) / (m.df + 0.5))
           * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * s.term_count / c.avg_len))) as score,
       list(distinct m.term order by m.term) as matched_terms
from matched as m
join {{ ref('search_postings').include(database=False) }} as p using (term)
join {{ ref('sentences').include(database=False) }} as s using (doc_id, sentence_index)
cross join corpus as c
group by s.doc_id, s.sentence_index, s.source_file, s.region, s.sentence
order by score desc, s.doc_id, s.sentence_index
limit k
") }}

select term, count(*)::integer as df, sum(tf)::integer as cf
from {{ ref('search_postings') }}
group by term

-- Document frequency of every index term (in how many sentences it occurs), for BM25 ranking.
-- The post-hooks define the table macros marts.search_ranked(terms, k) and marts.search_sentences(q, k)
-- (macros/search.sql).
{{ config(post_hook=["{{ create_search_ranked() }}", "{{ create_search_sentences() }}"]) }}

select
    term,
    count(*)::integer as df,
    sum(tf)::integer as cf
from {{ ref('search_postings') }}
group by term

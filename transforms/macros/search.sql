{#- Full-text search in SQL: the one home of the BM25 ranking, its constants the vars bm25_k1 and bm25_b
    (dbt_project.yml). The post-hooks of marts.search_terms (the model calling these, `this`) create two
    DuckDB table macros beside the marts from the one ranking below, so the DuckDB CLI, BI tools and Python
    rank alike:

    search_ranked(terms, k): the k best sentences for a list of index terms. pipelines/serve/search.py
    calls it with the jieba terms of a query.

    search_sentences(q, k): the same for a query string. jieba cannot run inside SQL, so the query's
    terms are the index terms it contains, longest first: a term inside a longer matched term does not
    count on its own (固定资产投资 does not also match 投资), and one-character terms only for
    one-character queries.

    search_sentences inlines the ranking rather than calling search_ranked with a list: each keeps the
    query plan it had when the two were written apart, so the floating-point sums (and scores) stay
    bit-for-bit what they were, and readers of the published copy need no macro calling a macro. -#}

{% macro create_search_ranked() %}
create or replace macro {{ this.schema }}.search_ranked(terms, k) as table
with matched as (
    select term, df from {{ this.include(database=False) }}
    where term in (select unnest(terms))
),

{{ bm25_ranking() }}
{% endmacro %}

{% macro create_search_sentences() %}
create or replace macro {{ this.schema }}.search_sentences(q, k) as table
with candidates as (
    select term, df from {{ this.include(database=False) }}
    where contains(q, term) and (length(term) > 1 or length(q) = 1)
),

matched as (
    select * from candidates as c
    where not exists (select 1 from candidates as o where o.term <> c.term and contains(o.term, c.term))
),

{{ bm25_ranking() }}
{% endmacro %}

{#- The ranking, after a CTE `matched` (term, df) of the query's index terms: Okapi BM25 over
    search_postings (tf), search_terms (df) and sentences (term_count), best k first. -#}
{% macro bm25_ranking() %}
{%- set k1 = var('bm25_k1') -%}
{%- set b = var('bm25_b') -%}
corpus as (
    select
        count(*)::double as n,
        greatest(avg(term_count), 1) as avg_len
    from {{ ref('sentences').include(database=False) }}
)

select
    s.doc_id,
    s.sentence_index,
    s.source_file,
    s.region,
    s.sentence,
    sum(
        ln(1 + (c.n - m.df + 0.5) / (m.df + 0.5))
        * p.tf * ({{ k1 }} + 1)
        / (p.tf + {{ k1 }} * ((1 - {{ b }}) + {{ b }} * s.term_count / c.avg_len))
    ) as score,
    list(distinct m.term order by m.term) as matched_terms
from matched as m
inner join {{ ref('search_postings').include(database=False) }} as p using (term)
inner join {{ ref('sentences').include(database=False) }} as s using (doc_id, sentence_index)
cross join corpus as c
group by s.doc_id, s.sentence_index, s.source_file, s.region, s.sentence
order by score desc, s.doc_id asc, s.sentence_index asc
limit k
{% endmacro %}

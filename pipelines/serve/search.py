"""Chinese full-text search over the warehouse's sentences, ranked by BM25.

The index (marts.search_postings, marts.search_terms) holds jieba terms per sentence. In SQL,
`marts.search_sentences(q, k)` matches the index terms contained in the query; here the query is
cut by the same jieba segmenter first, so a query's words are matched as the text's words were.
"""

from __future__ import annotations

import duckdb

from pipelines.text.segment import default_segmenter

K1, B = 1.2, 0.75

_SQL = f"""
with matched as (
    select term, df from marts.search_terms where term in (select unnest(?))
),
corpus as (select count(*)::double as n, greatest(avg(term_count), 1) as avg_len from marts.sentences)
select s.doc_id, s.sentence_index, s.source_file, s.region, s.sentence,
       sum(ln(1 + (c.n - m.df + 0.5) / (m.df + 0.5))
           * p.tf * {K1 + 1} / (p.tf + {K1} * ({1 - B} + {B} * s.term_count / c.avg_len))) as score,
       list(distinct m.term order by m.term) as matched_terms
from matched as m
join marts.search_postings as p using (term)
join marts.sentences as s using (doc_id, sentence_index)
cross join corpus as c
group by s.doc_id, s.sentence_index, s.source_file, s.region, s.sentence
order by score desc, s.doc_id, s.sentence_index
limit ?
"""


def query_terms(query: str) -> list[str]:
    """The searchable jieba terms of a query (punctuation and spaces dropped)."""
    return sorted({t.text for t in default_segmenter().cut(query) if any(ch.isalnum() for ch in t.text)})


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 10) -> list[dict]:
    """Sentences matching `query`, best first, with their BM25 score and the terms that matched."""
    terms = query_terms(query)
    if not terms:
        return []
    cur = con.execute(_SQL, [terms, limit])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]

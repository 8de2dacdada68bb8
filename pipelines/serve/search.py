"""Chinese full-text search over the warehouse's sentences, ranked by BM25.

The index (marts.search_postings, marts.search_terms) holds jieba terms per sentence. The ranking lives
in one place, the table macro `marts.search_ranked(terms, k)` (transforms/macros/search.sql, with the
BM25 constants in transforms/dbt_project.yml). In SQL, `marts.search_sentences(q, k)` ranks the index
terms contained in the query; here the query is cut by the same jieba segmenter first, so a query's
words are matched as the text's words were.
"""

from __future__ import annotations

import duckdb

from pipelines.text.segment import default_segmenter

_SQL = "select * from marts.search_ranked(?, ?)"


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

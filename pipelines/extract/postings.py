"""The full-text index of a batch: how often each searchable jieba term occurs in each sentence.

Computed next to segmentation, on the batch's token and sentence columns (Polars), so it runs in
parallel with the other text stages and dbt only loads it. A term is a token with a Han character,
a letter or a digit (punctuation and spaces are not searchable); a token belongs to the sentence
whose span holds its first character.
"""

from __future__ import annotations

import polars as pl

from pipelines import schemas

SEARCHABLE = r"[\u4e00-\u9fffA-Za-z0-9]"


def _keyed(frame: pl.DataFrame, order: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Offsets made globally sortable across documents: the document's ordinal in the high bits."""
    return frame.join(order, on="doc_id").with_columns(
        [(pl.col("ordinal").cast(pl.Int64) * 2**32 + pl.col(c).cast(pl.Int64)).alias(f"key_{c}")
         for c in columns])


def postings(tokens: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, sentence_index, term, tf) for the TOKENS and SENTENCES rows of any number of documents.
    Tokens outside every sentence (headings, layout left out of the prose) are not indexed."""
    if tokens.is_empty() or sentences.is_empty():
        return pl.DataFrame(schema=schemas.POSTINGS)
    order = pl.DataFrame({"doc_id": tokens["doc_id"].unique(maintain_order=True)}).with_row_index("ordinal")
    searchable = tokens.filter(pl.col("token").str.contains(SEARCHABLE))
    terms = _keyed(searchable.select("doc_id", "token", "char_start"),
                   order, "char_start").sort("key_char_start")
    spans = _keyed(sentences.select("doc_id", "sentence_index", "char_start", "char_end"), order,
                   "char_start", "char_end").sort("key_char_start")
    placed = terms.join_asof(spans.select("key_char_start", "key_char_end", "sentence_index"),
                             on="key_char_start", strategy="backward")
    return (placed.filter(pl.col("key_char_start") < pl.col("key_char_end"))
            .group_by("doc_id", "sentence_index", "token", maintain_order=True)
            .agg(pl.len().cast(pl.Int32).alias("tf"))
            .rename({"token": "term"})
            .select(list(schemas.POSTINGS))
            .cast(schemas.POSTINGS))

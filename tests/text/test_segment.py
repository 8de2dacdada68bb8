from pipelines.text.segment import default_segmenter


def test_lexicon_words_come_out_whole_with_offsets():
    text = "西海岸新区固定资产投资增长21.6%"
    tokens = default_segmenter().cut(text)
    words = [t.text for t in tokens]
    assert "西海岸新区" in words and "固定资产投资" in words
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert next(t.pos for t in tokens if t.text == "西海岸新区") == "ns"

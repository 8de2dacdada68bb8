from pipelines.text.segment import default_segmenter


def test_lexicon_words_come_out_whole_with_offsets():
    text = "西海岸新区固定资产投资增长21.6%"
    tokens = default_segmenter().cut(text)
    words = [t.text for t in tokens]
    assert "西海岸新区" in words and "固定资产投资" in words
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert next(t.pos for t in tokens if t.text == "西海岸新区") == "ns"


def test_offices_of_a_place_are_one_word():
    words = [t.text for t in default_segmenter().cut("市委常委、胶州市委书记刘建军，城阳区委书记王波")]
    assert "胶州市委书记" in words and "城阳区委书记" in words and "市委常委" in words

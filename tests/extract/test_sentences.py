from pipelines.extract.sentences import split_sentences


def test_sentences_keep_offsets_and_closing_quotes():
    text = "他说：“项目已开工。”\n今年增长10%！明年呢？"
    parts = split_sentences(text)
    assert [s.text for s in parts] == ["他说：“项目已开工。”", "今年增长10%！", "明年呢？"]
    assert all(text[s.start:s.end] == s.text for s in parts)

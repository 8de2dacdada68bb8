import pytest

from pipelines.text.segment import (
    ENGINES,
    Segmenter,
    TagTable,
    default_segmenter,
    engine_name,
    jieba_word_tags,
    segmenter_version,
)


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


@pytest.mark.parametrize("engine", [e for e in ENGINES if e != "jieba"])
def test_every_engine_cuts_like_jieba_with_offsets_and_tags(engine):
    # Latin-digit names with a hyphen, a decimal percentage, a dash run, an unknown name (HMM), a user word
    text = "歼-20和S-300亮相，1-8月份投资增长21.6%——李华强说：COVID-19疫情---西海岸新区固定资产投资"
    fast, slow = Segmenter(engine=engine).cut(text), Segmenter(engine="jieba").cut(text)
    assert fast == slow
    assert "".join(t.text for t in fast) == text
    assert "西海岸新区" in [t.text for t in fast]


def test_the_version_names_the_engine_and_jiebas_dictionary():
    assert (segmenter_version("jieba_next").startswith("jieba_next-1.")
            and "+jieba-0.42.1" in segmenter_version("jieba_next"))
    assert segmenter_version("jieba") == "0.42.1"


def test_an_unknown_engine_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PIPELINE_SEGMENTER", "pkuseg")
    with pytest.raises(ValueError, match="PIPELINE_SEGMENTER"):
        engine_name()


def test_words_outside_the_dictionary_are_tagged_by_shape_and_remembered_up_to_a_bound():
    table = TagTable({"投资": "vn"}, room=2)
    assert [table[w] for w in ("投资", "21.6", "%", "COVID", "，", "——")] == ["vn", "m", "m", "eng", "x", "x"]
    assert set(table) == {"投资", "21.6", "%"} and table.room == 0  # the first two unknown words, no more
    tokens = default_segmenter().cut("增长21.6%，COVID，")
    assert [(t.text, t.pos) for t in tokens] == [("增长", "v"), ("21.6%", "m"), ("，", "x"),
                                                 ("COVID", "eng"), ("，", "x")]


def test_the_dictionary_tags_are_the_ones_jieba_posseg_loads():
    import jieba.posseg

    posseg = jieba.posseg.dt.word_tag_tab
    assert len(posseg) > 300_000 and jieba_word_tags() == posseg

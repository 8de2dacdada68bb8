from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.text.mojibake as mojibake
from pipelines.text.mojibake import find_mojibake, repair_mojibake

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "seeds/raw/002_dfa85d812edf7218.txt"
CORPUS = Path("/work/shared/corpus")

# Every damaged span of the sample file, established by hand (byte arithmetic in GBK):
# (start, end, as received, repair, guessed characters)
SAMPLE_SPANS = [
    (1336, 1344, "?zhǔn)桨l", "式發", 1),  # 鏈式發(fā)展; zhǔn) is the pinyin of 準 = 鏈's trail + 式's lead
    (4874, 4878, "?!半p", "。“雙", 1),  # 快車道。“雙招雙引; ！ was folded to !
    (8518, 8525, "?!澳玫丶撮_", "保“拿地即開", 1),  # 確保“拿地即開工”
    (10892, 10900, "?dòng)浾?", "記者 ", 3),  # 觀海新聞記者 錫復春; the space was lost with 者's trail byte
    (12484, 12487, "??v", "。縱", 1),  # 能級。縱深; the second ? is a folded ？ (A3 BF)
    (17328, 17339, "?!焙托枨蟆吧习丁睓C", "海”和需求“上岸”機", 1),  # “下海”和需求“上岸”機制
    (21375, 21383, "?dòng)浾?", "記者 ", 3),  # 觀海新聞記者 張晉
]


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_sample_file_spans_are_exactly_the_ones_found_by_hand(sample):
    spans = find_mojibake(sample)
    assert [(s.start, s.end, s.original) for s in spans] == [(a, b, o) for a, b, o, _, _ in SAMPLE_SPANS]
    for s in spans:
        assert sample[s.start : s.end] == s.original


@pytest.mark.parametrize("start, end, original, repaired, guessed", SAMPLE_SPANS)
def test_sample_span_is_repaired(sample, start, end, original, repaired, guessed):
    (span,) = [s for s in find_mojibake(sample) if s.start == start]
    assert (span.end, span.original, span.repaired, span.guessed_chars) == (end, original, repaired, guessed)


def test_repaired_sample_reads_like_the_original(sample):
    text, spans = repair_mojibake(sample)
    assert len(spans) == 7
    assert "?" not in text
    for phrase in (
        "進(jìn)入快車道。“雙招雙引”",
        "產(chǎn)業(yè)鏈式發(fā)展上下功夫",
        "并確保“拿地即開工”",
        "發(fā)展能級。縱深推進(jìn)",
        "“下海”和需求“上岸”機(jī)制",
        "觀海新聞記者 錫復(fù)春",
        "觀海新聞記者 張晉 周偉",
    ):
        assert phrase in text
    assert len(text) == len(sample) - sum(len(s.original) - len(s.repaired) for s in spans)


def test_orphan_pinyin_belongs_to_the_span(sample):
    span = [s for s in find_mojibake(sample) if s.start == 10892][0]
    assert span.original.startswith("?dòng)")  # no `(` anywhere before it: damage, dropped by the repair
    assert "新聞dòng)" not in repair_mojibake(sample)[0]
    assert "新聞記者" in repair_mojibake(sample)[0]


def test_unconfident_span_is_flagged_and_left_alone():
    # 提供有力保障。</p> with a lost byte; the last two bytes are unknowable
    text = "为维护人民健康提?┯辛ΡＵ稀?/p>"
    (span,) = find_mojibake(text)
    assert (span.start, span.end, span.repaired) == (8, 15, None)
    assert repair_mojibake(text) == (text, [span])


@pytest.mark.parametrize(
    "text",
    [
        "为什么？我们要这样做",
        "为什么?我们要这样做",  # full-width ？ folded to ASCII
        "怎么办?!大家都在问",
        'He asked "what?" and left. 他问：“什么？”',
        "第(1)项、(2)项和（3）项",
        "增长了多少?GDP增长5.2%",
        "是吗?A股今天大涨",
        "真的吗?B站发布,为什么?X光检查",
        "经济(jīng)?發(fā)展",
        "问号在行尾?\n下一行",
        "进入前1?。医疗服务更加优质",  # real text in the held-out corpus
    ],
)
def test_ordinary_question_marks_and_parentheses_are_not_flagged(text):
    assert find_mojibake(text) == []
    assert repair_mojibake(text) == (text, [])


def test_clean_text_takes_the_regex_fast_path(monkeypatch):
    def boom(*_):
        raise AssertionError("a clean text reached the scorer")

    monkeypatch.setattr(mojibake, "_examine", boom)
    assert find_mojibake("今年以来,膠州市樹牢“項(xiàng)目為零”的工作導(dǎo)向(1)。 what? GDP") == []


@pytest.mark.parametrize("name", ["000_967a86bbbd29d274.txt", "001_82e7440523c68daa.txt",
                                  "003_ea7d24cda00d3fdb.txt", "004_3c2d5bc57e912340.txt"])
def test_clean_seed_files_have_no_spans(name):
    assert find_mojibake((ROOT / "seeds/raw" / name).read_text(encoding="utf-8")) == []


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not mounted")
def test_clean_corpora_have_no_spans():
    files = sorted((CORPUS / "heldout").glob("*.txt")) + sorted((CORPUS / "scale/xwlb").glob("*.md"))[::10]
    assert len(files) > 100
    flagged = [(f.name, s) for f in files for s in find_mojibake(f.read_text(encoding="utf-8"))]
    assert flagged == []


# --- simulated damage: the measured mechanism applied to clean text ------------------------------

_FOLD = {"！": "!", "，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?"}


def lose_lead_byte(text: str, k: int) -> tuple[str, str] | None:
    """Damage text[k] as in the sample: its lead byte becomes `?`, the decoder runs one byte out of step
    until a byte realigns it, full-width punctuation is folded. Returns (damaged run, original run)."""
    data = text[k : k + 200].encode("gbk")
    if len(text[k].encode("gbk")) != 2:
        return None
    out, pos = "?", 1
    while pos < len(data):
        b = data[pos]
        if b < 0x80:  # a trail byte read as ASCII realigns the decoder
            out, pos = out + chr(b), pos + 1
            break
        try:
            c = data[pos : pos + 2].decode("gbk")
        except UnicodeDecodeError:  # trail byte + ASCII byte: both lost as one `?`
            if pos + 1 >= len(data) or data[pos + 1] >= 0x80:
                return None  # an unmapped pair of two high bytes: not the mechanism seen in the sample
            out, pos = out + "?", pos + 2
            break
        out, pos = out + _FOLD.get(c, c), pos + 2
    else:
        return None
    return out, data[:pos].decode("gbk")


PARAGRAPHS = [
    # Traditional, from the clean part of the sample file (pinyin annotations included)
    "從重點(diǎn)產(chǎn)業(yè)項(xiàng)目看,梳理制造業(yè)項(xiàng)目450個(gè),"
    "總投資1197.5億元,1-8月份完成投資占全年計(jì)劃的71.4%。特別是正在推進(jìn)的益海嘉里食品產(chǎn)業(yè)園項(xiàng)目。",
    # Simplified news text
    "今年以来，胶州市树牢“项目为零、一切为零”的工作导向，抓机遇、抢时间、争第一，加快形成践行新发展理念、"
    "推动高质量发展的宏大画面和生动场景，努力成为支撑青岛高质量发展的重要一极。",
]


def test_simulated_example_matches_the_sample():
    assert lose_lead_byte("快車道。“雙招雙引", 3) == ("?!半p", "。“雙")


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much])
@given(st.sampled_from(range(len(PARAGRAPHS))), st.integers(min_value=1, max_value=150))
def test_simulated_damage_is_found_where_it_is_and_nowhere_else(p, k):
    text = PARAGRAPHS[p]
    k = k % (len(text) - 1) + 1
    damaged = lose_lead_byte(text, k)
    if damaged is None or damaged[0].startswith("??"):  # nothing left to decode: undetectable
        return
    run, original = damaged
    garbled = text[:k] + run + text[k + len(original) :]
    spans = find_mojibake(garbled)
    assert all(s.start == k for s in spans), spans  # no false positive anywhere else
    for s in spans:
        assert s.end >= k + len(run)  # the whole damaged run is inside the span
        # all but the guessed characters come back exactly
        if s.repaired is not None and s.end == k + len(run):
            if s.original.endswith("?"):  # dangling end: last character and lost ASCII byte guessed
                assert s.repaired[1:-2] == original[1:-2]
            else:
                assert s.repaired[1:] == original[1:]


def test_most_simulated_damage_is_found_and_repaired():
    text = PARAGRAPHS[0]
    found = repaired = total = 0
    for k in range(1, len(text) - 1):
        damaged = lose_lead_byte(text, k)
        if damaged is None or damaged[0].startswith("??"):  # nothing left to decode: undetectable
            continue
        run, original = damaged
        garbled = text[:k] + run + text[k + len(original) :]
        total += 1
        spans = [s for s in find_mojibake(garbled) if s.start == k]
        found += bool(spans)
        repaired += bool(spans) and spans[0].repaired == original
    assert total > 30
    assert found / total > 0.75  # measured 31/39 on this paragraph
    assert repaired / total > 0.5

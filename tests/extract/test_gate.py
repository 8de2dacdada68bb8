"""The shortcuts of the extraction code find what the plain scans find: gated patterns, title chains
tried near titles only, heading spans by bisection, the clause before a number, full-width text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract import facts, gate, mentions, modality, numbers, people, projects, times
from pipelines.extract.document import _Spans
from pipelines.extract.sentences import split_sentences
from pipelines.lexicon import load_lexicon
from pipelines.text.clean import clean_document
from tests.conftest import RAW


def _seed_texts() -> list[str]:
    return [clean_document(p.read_bytes().decode("utf-8"))["clean_text"] for p in sorted(RAW.iterdir())]


def _gated_patterns() -> dict[str, gate.Gated]:
    lexicon = load_lexicon()
    g = mentions.grammar(lexicon)
    found = {f"times.{k}": v for k, v in vars(times).items() if isinstance(v, gate.Gated)}
    found |= {f"modality.{k}": v for k, v in vars(modality).items() if isinstance(v, gate.Gated)}
    found |= {f"mentions.{k}": v for k, v in vars(mentions).items() if isinstance(v, gate.Gated)}
    found |= {"grammar.percent_words": g.percent_words, "grammar.ordinal": g.ordinal,
              "projects.list": projects._list_pattern(lexicon)}
    return found


def test_every_gated_pattern_finds_what_its_pattern_finds():
    sentences = [numbers.to_halfwidth(s.text) for t in _seed_texts() for s in split_sentences(t)]
    sentences += ["到2030年前", "1-8月份以来", "截至6日", "一季度上半年", "第三届百分之五十", "十大亿元以上"]
    patterns = _gated_patterns()
    assert len(patterns) >= 10
    for name, gated in patterns.items():
        for s in sentences:
            want = [m.span() for m in gated.pattern.finditer(s)]
            assert [m.span() for m in gated.finditer(s)] == want, name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="二〇一九十年月季度上半以来截至日底前第百分之亿万元大个3-", max_size=30))
def test_gates_hold_on_generated_text(text):
    for name, gated in _gated_patterns().items():
        want = [m.span() for m in gated.pattern.finditer(text)]
        assert [m.span() for m in gated.finditer(text)] == want, name
    no_number = not numbers.ANY_NUMBER_CHAR.search(text)
    assert not no_number or not mentions.grammar(None).main.search(text)


def test_title_chains_tried_near_titles_match_finditer():
    chain, _, title_at = people._patterns(load_lexicon())
    for text in _seed_texts() + ["市委常委、副市长张三表示", "某某省省长、书记李四说：" * 3, ""]:
        expected = [(m.span(), m.groupdict()) for m in chain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in people._chain_matches(chain, title_at, text)] == expected


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)


@settings(max_examples=500, deadline=None)
@given(SPANS, st.integers(0, 60), st.integers(0, 60))
def test_spans_touch_as_the_scan_does(spans, start, end):
    expected = any(a <= start < b or start <= a < end for a, b in spans)
    assert _Spans(spans).touch(start, end) == expected


def _clause_before_scan(sentence: str, pos: int, limit: int = 18) -> str:
    cut = max(sentence.rfind(c, 0, pos) for c in facts._BOUNDARY) + 1
    return sentence[max(cut, pos - limit):pos]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="投资亿元，。、（）\n", max_size=50), st.data())
def test_clause_before_reads_only_the_window(sentence, data):
    pos = data.draw(st.integers(0, len(sentence)))
    assert facts._clause_before(sentence, pos) == _clause_before_scan(sentence, pos)


@given(st.text(alphabet="１２３ab．％～﹪Ｘ中文", max_size=20))
def test_halfwidth_is_the_translation(text):
    assert numbers.to_halfwidth(text) == text.translate(numbers._FULLWIDTH)

"""Projects: names ending in a project suffix (项目, 基地, 产业园, 中心 …) or listed before
`等…项目`, with the investment written beside them and a status from the verbs around."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.extract.mentions import find_mentions
from pipelines.lexicon import Lexicon, load_lexicon

STATUS_CUES = (  # first match wins, checked on the words just before the name, then the sentence
    ("signed", ("已签约", "签约", "签署")),
    ("completed", ("竣工", "建成", "完工", "已完成")),
    ("operating", ("投用", "运营", "投入使用", "投产", "开业", "启用", "落户")),
    ("started", ("开工", "动工", "开建")),
    ("under_construction", ("加快建设", "推进", "在建", "建设", "加快")),
    ("planned", ("规划", "谋划", "计划", "拟", "将", "引进", "争取", "启动", "打造", "布局")),
)
_NAME_CHARS = r"[\u4e00-\u9fffA-Za-z0-9·（）()]"
_LEAD_WORDS = re.compile(
    r"^(?:加快推进|加快建设|加快|推进|推动|建设|实施|引进|落地|开工|签约|打造|启动|建成|投用|围绕|依托|包括|其中|重点|"
    r"谋划|规划|新建|在建|以|和|及|与|的|了|等|将|已|全力|积极|着力|正在|集中|支持|保障|服务|做好|抓好|抓|总投资\d+(?:\.\d+)?[亿万]元的)+"
)


@lru_cache(maxsize=4)
def _suffix_pattern(lexicon: Lexicon) -> re.Pattern:
    suffixes = sorted(set(lexicon.project_suffixes) | {"项目"}, key=len, reverse=True)
    alt = "|".join(re.escape(s) for s in suffixes)
    return re.compile(rf"{_NAME_CHARS}{{2,24}}?(?:{alt})(?![\u4e00-\u9fff]{{0,1}}(?:项目))")


_LIST = re.compile(rf"((?:{_NAME_CHARS}{{2,16}}、)+{_NAME_CHARS}{{2,16}})等(?:[^，。；]{{0,12}})?项目")


def status_of(sentence: str, start: int) -> str | None:
    before = sentence[max(0, start - 12):start]
    for status, words in STATUS_CUES:
        if any(w in before for w in words):
            return status
    for status, words in STATUS_CUES:
        if any(w in sentence for w in words):
            return status
    return None


def find_projects(sentence: str, offset: int, lexicon: Lexicon | None = None) -> list[dict]:
    """Projects named in one sentence (offsets into the document text)."""
    lexicon = lexicon or load_lexicon()
    rows, seen = [], set()
    for m in _LIST.finditer(sentence):
        pos = m.start(1)
        for item in m.group(1).split("、"):
            name = _LEAD_WORDS.sub("", item)
            start = pos + (len(item) - len(name))
            pos += len(item) + 1
            if len(name) >= 2 and name not in seen:
                seen.add(name)
                rows.append(_row(name, sentence, start, offset, None, None))
    for m in _suffix_pattern(lexicon).finditer(sentence):
        raw = m.group()
        name = _LEAD_WORDS.sub("", raw)
        if len(name) < 4 or name in seen or name in lexicon.project_suffixes:
            continue
        if any(name in s or s in name for s in seen):
            continue
        start = m.start() + (len(raw) - len(name))
        money = _investment_near(sentence, start, start + len(name), lexicon)
        seen.add(name)
        rows.append(_row(name, sentence, start, offset, *money))
    return rows


def _investment_near(sentence: str, start: int, end: int, lexicon: Lexicon) -> tuple[float | None, str | None]:
    """Money written as the project's own investment: `总投资X的NAME` or `NAME…投资X`."""
    before = sentence[max(0, start - 16):start]
    m = re.search(r"投资([^，。；]*?)的$", before)
    if m:
        for mention in find_mentions(m.group(1), lexicon):
            if mention.fact_type == "money":
                return mention.value, mention.unit
    after = sentence[end:end + 30]
    m = re.search(r"^[^。；]{0,20}?投资([^，。；]{1,12})", after)
    if m:
        for mention in find_mentions(m.group(1), lexicon):
            if mention.fact_type == "money":
                return mention.value, mention.unit
    return None, None


def _row(name, sentence, start, offset, investment, unit) -> dict:
    return {
        "name": name,
        "investment": investment,
        "unit": unit,
        "status": status_of(sentence, start),
        "mention": sentence[start:start + len(name)],
        "char_start": offset + start,
        "char_end": offset + start + len(name),
    }

"""Projects: names ending in a project suffix (项目, 基地, 产业园, 中心 …) or listed before
`等…项目`, with the investment written beside them and a status from the verbs around."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.extract.gate import Gated
from pipelines.extract.mentions import find_mentions
from pipelines.extract.trie import alternation
from pipelines.lexicon import (
    LEXICON_DIR,
    Lexicon,
    load_lexicon,
    non_project_list_nouns,
    project_list_nouns,
    project_words,
    read_column,
)
from pipelines.text.segment import Token, default_segmenter

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
    r"谋划|规划|新建|在建|以|和|及|与|的|了|等|将|已|全力|积极|着力|正在|集中|支持|保障|服务|做好|抓好|抓|对|从|把|在|为|"
    r"(?:计划)?总?投资\d+(?:\.\d+)?[亿万]?元的)+"
)
# Tags a name is made of: nouns, proper nouns, words jieba did not know (x), abbreviations (j),
# distinguishing words (b: 二期), a few adjectives and verbal nouns (智能, 应急 …).
NAME_TAGS = {"zg", "g", "ng", "n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "x", "j", "eng",
             "b", "vn", "an", "a", "l", "f", "s"}
PROPER_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "x", "j", "eng"}
_HAN_OR_LATIN = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# List items before 等…项目: `甲科技、乙电子等12个重点工业项目`.
_LIST_ITEMS = rf"((?:{_NAME_CHARS}{{2,16}}、)*{_NAME_CHARS}{{2,16}})等(?P<between>[^，。；、,;]{{0,24}}?)"


# X、Y等建设: a list closed by the verb of a project's status
_STATUS_VERBS = "建设|开工|签约|落地|投产|运营|投用|竣工"
_PLACE_NOUNS = ("区域", "地区", "片区", "区市", "城市", "国家", "省份")


@lru_cache(maxsize=4)
def _list_pattern(lexicon: Lexicon) -> Gated:
    """`X、Y等…<suffix>`: a list of names closed by a project noun (项目, 产业园区, 综合体 …); only a
    sentence with 等 is scanned (gate.py)."""
    ends = alternation(set(lexicon.project_suffixes) | {"项目", "工程"} | set(project_list_nouns()))
    # …等 closed by a project noun, or by punctuation when the items carry the suffixes themselves
    return Gated(re.compile(_LIST_ITEMS + "(?:(?P<noun>" + ends + ")|(?=[，。；,;])"
                            "|(?P<verb>" + _STATUS_VERBS + "))"),
                 ("等",))


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    return frozenset(read_column(LEXICON_DIR / "generic_project_words.csv", "word"))


@lru_cache(maxsize=1)
def _national() -> frozenset[str]:
    return frozenset(read_column(LEXICON_DIR / "national_prefixes.csv", "word"))


@lru_cache(maxsize=1)
def _contexts() -> dict[str, tuple[str, ...]]:
    """Words around a name that say it is not a project (non_project_contexts.csv), by the side they
    play: `programme` verbs before a 工程, `source` words (从…获悉), `venue` words (在…，)."""
    out: dict[str, tuple[str, ...]] = {}
    for word, side in zip(read_column(LEXICON_DIR / "non_project_contexts.csv", "word"),
                          read_column(LEXICON_DIR / "non_project_contexts.csv", "side"), strict=True):
        out[side] = (*out.get(side, ()), word)
    return out


_PROGRAMME_HEADS = ("工程",)
_FRAGMENT_HEADS = ("工程", "项目")
_NUMERAL = "0-9０-９一二三四五六七八九十百千万两几数多"
_BATCH = re.compile(rf"^第[{_NUMERAL}]+批|第[{_NUMERAL}]+批$")
_COUNT_BEFORE = re.compile(rf"[{_NUMERAL}]+[个家所座]$")
_COUNT_AFTER = re.compile(rf"(?:[（(][^）)]{{0,8}}[）)])?[{_NUMERAL}.]+[万千百]?(?:个|所|座|处|公里|千米)")
_BATCH_ITEMS = r"(?:[^、]{1,20}、)*[^、]{0,14}$"  # 一批甲、乙、丙: every item of the batch
_CLAUSE_SPLIT = re.compile(r"[，。；,;：:！？]")
_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九十百千两几多]$")
_CLASSIFIER_START = re.compile(r"^[个项座条所家批处]")
_COUNTED_LIST = re.compile(rf"[{_NUMERAL}]+[个项座条所家批处]")


def not_a_project_here(sentence: str, a: int, b: int) -> bool:
    """A name whose context says it is not a project: a programme carried out (实施某某提升工程), a body
    news comes from (从某某中心获悉), a venue (在某某中心，), or a counted category (5个省实验室)."""
    ctx = _contexts()
    before, after = sentence[max(0, a - 6):a].rstrip("“"), sentence[b:b + 16]
    name = sentence[a:b]
    if (_BATCH.match(name) or _BATCH.search(before) or _COUNT_BEFORE.search(before)
            or _COUNT_AFTER.match(after.lstrip("”"))):
        return True  # 第二批某某工程, 6个省级某某项目, 某某中心2.8万个: a class counted, not one named
    if name.endswith(_PROGRAMME_HEADS) and before.endswith(ctx.get("programme", ())):
        return True
    source = [w for w in ctx.get("source", ()) if len(w) == 1]
    if before.endswith(tuple(source)) and any(w in after for w in ctx.get("source", ()) if len(w) > 1):
        return True
    if before.endswith(ctx.get("venue", ())) and after[:1] in ("，", ","):
        return True
    clause = _CLAUSE_SPLIT.split(sentence[:a])[-1]
    if any(re.search(re.escape(w) + r"(?:[^、]{1,30}、)*$", clause) for w in ctx.get("designation", ())):
        return True  # 争创甲示范区、乙基地: titles sought
    if any(re.search(re.escape(w) + _BATCH_ITEMS, clause) for w in ctx.get("category", ())):
        return True  # 一批重大和某某产业项目
    if _COUNT_SLOGAN.match(name):
        return True  # 一区两园, 三港一城: a slogan counting parts, not a name
    if _THRESHOLD.search(name) or name.startswith(_FRAGMENT_HEADS):
        return True  # 二级以上某某医院: a class; 工程西跑道: the tail of a longer name
    return bool(_CLASSIFIER_START.match(name) and _COUNTED.search(before))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """Words a project name never starts with or contains at its left edge: verbs that introduce
    an object (jieba often tags them as nouns) and the modality cue words."""
    from pipelines.extract.modality import cues

    return frozenset(read_column(LEXICON_DIR / "name_stop_words.csv", "word")) | frozenset(cues())


_AMOUNT = re.compile(r"^[0-9.％%]+|^[零一二两三四五六七八九十百千万亿]+[亿万元个]*$")
_ENUMERATOR = re.compile(r"^[一二三四五六七八九十两几数多]+(?:是|批|大|个|项|类)?$|^[0-9.]+$")


def _name_token(tok: Token) -> bool:
    return (tok.pos in NAME_TAGS and bool(_HAN_OR_LATIN.search(tok.text)) and tok.text not in _stop_words()
            and not _ENUMERATOR.match(tok.text))


def _inner_verb(tokens: list[Token], k: int) -> bool:
    """A verb inside a name: not a stop word, with a proper-name token up to four tokens left of it
    (鲁豫|国家|区域|科技|创新|中心)."""
    tok = tokens[k]
    if tok.pos == "d" and k + 1 < len(tokens) and tokens[k + 1].pos in ("v", "vn") and len(tok.text) > 1:
        pass  # 甲乙绿电|就近|消纳项目: an adverb before a verb inside a name
    elif tok.pos not in ("v", "vn") or tok.text in _stop_words() or k == 0:
        return False
    return any(_proper(t) for t in tokens[max(0, k - 4):k])


_INTRODUCED = re.compile(r"投资[^，。；]{1,12}的$")  # 总投资20亿元的某某研发中心
_INVESTED_BEFORE = re.compile(r"投资([^，。；]*?)的$")
_INVESTED_AFTER = re.compile(r"^[^。；]{0,20}?投资([^，。；]{1,12})")
_FUNCTION_EDGE = re.compile(r"^[将要已应未不的了在和与把被对从向]|[将要已应未不的了在和与把被对从向]$")


def _proper(tok: Token) -> bool:
    """A token that names something: a proper-noun tag, or a word jieba did not know (but not an
    unknown merge of a word with a function word, 局将 / 应开)."""
    if tok.pos == "x" and _FUNCTION_EDGE.search(tok.text):
        return False
    return (tok.pos in PROPER_TAGS and bool(_HAN_OR_LATIN.search(tok.text))
            and tok.text not in _generic_words()
            and tok.text not in _stop_words() and not _ENUMERATOR.match(tok.text))


@lru_cache(maxsize=4)
def _suffixes(lexicon: Lexicon) -> tuple[dict[str, tuple[str, ...]], int]:
    """Project suffixes by their last character, longest first (a word can only end in the suffixes of
    its own last character), and the longest length."""
    suffixes = sorted(set(lexicon.project_suffixes) | {"项目"}, key=len, reverse=True)
    by_last: dict[str, tuple[str, ...]] = {}
    for x in suffixes:
        by_last[x[-1]] = (*by_last.get(x[-1], ()), x)
    return by_last, max(map(len, suffixes))


def _names_by_suffix(sentence: str, offset: int, tokens: list[Token],
                     lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans (sentence offsets) of names whose last token ends in a project suffix, grown left over name
    tokens."""
    by_last, longest = _suffixes(lexicon)
    spans = []
    # cheap test first: the tokens ending in a character some suffix ends in
    ending = [i for i, tok in enumerate(tokens) if tok.text[-1:] in by_last]
    if not ending:
        return spans
    starts = {t.start: k for k, t in enumerate(tokens)}
    for i in ending:
        tok = tokens[i]
        suffixes = by_last[tok.text[-1]]
        end = tok.end - offset
        upto = sentence[max(0, end - longest):end]
        suffix = next((x for x in suffixes
                       if upto.endswith(x) and (tok.text.endswith(x) or tok.end - len(x) in starts)),
                      None)
        if suffix is None:
            continue  # a suffix ends a token, inside it (创业园) or over several (集聚/区)
        if i + 1 < len(tokens) and tokens[i + 1].text.startswith(("项目",)) and not tok.text.endswith("项目"):
            continue  # the name goes on to 项目: 某某食品产业园项目
        if sentence[tok.end - offset:].lstrip("的").startswith(non_project_list_nouns()):
            continue  # 国际门户枢纽城市, 交汇枢纽的优势: a description, not a project
        kinds, leads = project_words()
        facility = kinds.get(suffix) == "facility"
        j = min(i, starts.get(tok.end - len(suffix), i))
        quoted = False
        while j > 0 and not _LEAD_WORDS.fullmatch(tokens[j - 1].text) and tokens[j - 1].text not in leads:
            if _name_token(tokens[j - 1]):
                j -= 1
            elif (q := _quote_start(tokens, j)) is not None:
                j, quoted = q, True  # 某某“甲乙”服务基地: a coined name in quotes is part of the name
            elif _inner_verb(tokens, j - 1):
                j -= 1  # 上合|组织|经贸学院: a verb between name words belongs to the name
            else:
                break
        item_start = _list_item_start(sentence, tokens[j].start - offset, tok.end - offset, offset, tokens)
        while j > 0 and tokens[j - 1].start - offset >= item_start:
            j -= 1  # the whole item of a list: 甲乙特别合作区
        name_tokens = tokens[j:i + 1]
        if len(name_tokens) < 2 and not _proper(name_tokens[0]):
            continue
        a = name_tokens[0].start - offset
        introduced = _INTRODUCED.search(sentence[max(0, a - 16):a])  # 总投资20亿元的某某研发中心
        head = [t.text for t in name_tokens[:-1]]
        if len(tok.text) > len(suffix):
            head = head + [tok.text[:-len(suffix)]]
        outside = _outside_quotes(name_tokens) if quoted else name_tokens
        if quoted and not any(_proper(t) for t in outside):
            continue  # “甲乙”项目, “两山”某某基地: a slogan's category, no name of its own outside the quotes
        national = (name_tokens[0].text in _national() and len(name_tokens) >= 4 and suffix != "项目"
                    and not all(t.text in _generic_words() for t in name_tokens[1:-1]))
        if not introduced and not facility and not national and not any(_proper(t) for t in name_tokens):
            continue  # only category words: 重点工业项目, 海洋产业项目
        if (suffix == "项目" and head and head[-1] in _generic_words() and not introduced
                and not (len(name_tokens) > 2 and _proper(name_tokens[-3]))):
            continue  # 某某养殖重点项目, 补链强链重点项目: a class of projects ending in a category word
        if any(w in leads for w in head[:1]) or not _HAN.search("".join(head)):
            continue  # 这一中心: a pronoun, not a name; A3地块中心: a lot code, not a name
        if all(w in _generic_words() or w in _stop_words() or not _HAN_OR_LATIN.search(w)
               or (lexicon.region_of(w) and not facility) for w in head if w):
            continue  # 新基建项目: a category even when its investment is written; 枣庄机场 is a name
        spans.append((name_tokens[0].start - offset, tok.end - offset))
    return spans


_QUOTE_MAX = 8  # characters a coined name in quotes runs to
_OPENERS = {"”": "“", "）": "（"}


def _quote_start(tokens: list[Token], j: int) -> int | None:
    """The index of the opening mark when tokens[j - 1] closes a short quoted name (“甲乙”) or a short
    qualifier in brackets (甲乙（丙）高铁), else None."""
    opener = _OPENERS.get(tokens[j - 1].text)
    if opener is None:
        return None
    k = j - 2
    while k >= 0 and j - 1 - k <= _QUOTE_MAX and tokens[k].text != opener:
        if not _HAN_OR_LATIN.search(tokens[k].text) and tokens[k].text not in ("+", "·"):
            return None
        k -= 1
    if k < 0 or tokens[k].text != opener or k == j - 2 or tokens[j - 1].start - tokens[k].end > _QUOTE_MAX:
        return None
    if opener == "（" and (k == 0 or not _proper(tokens[k - 1])):
        return None  # brackets qualify a name before them (广珠（澳）): else they are an aside
    return k


def _outside_quotes(tokens: list[Token]) -> list[Token]:
    out, inside = [], False
    for t in tokens:
        if t.text in ("“", "”"):
            inside = t.text == "“"
        elif not inside:
            out.append(t)
    return out


def _tokens_of(sentence: str, offset: int, lexicon: Lexicon) -> list[Token]:
    return [Token(t.text, t.pos, t.start + offset, t.end + offset) for t in default_segmenter().cut(sentence)]


def _strip_lead(item: str, start: int, offset: int, tokens: list[Token], first: bool = True) -> str:
    """A list item without the verbs, amounts and function words before the name: cut after the
    last such word that comes before the first proper-name token (突出抓好|国际创新园, 推进|开市客)."""
    inside = [t for t in tokens if start + offset <= t.start < start + offset + len(item)]
    cut = 0
    for t in inside:
        if _proper(t):
            break
        if t.text == "至":
            continue  # 甲地至乙地: the span of a line, inside its name
        if t.text in _stop_words() or _LEAD_WORDS.fullmatch(t.text) or _ENUMERATOR.match(t.text) \
                or t.pos in ("p", "d", "c", "u", "uj", "ad", "r", "q") \
                or (t.pos == "m" and _AMOUNT.match(t.text)):
            cut = t.end - offset - start
    if cut >= len(item) and not first:
        cut = 0  # 甲、上|合资|本港: nothing of the item is left, so jieba cut a name wrong; keep it whole
    return _LEAD_WORDS.sub("", item[cut:]) if first else item[cut:]


def find_projects(sentence: str, offset: int, lexicon: Lexicon | None = None,
                  tokens: list[Token] | None = None) -> list[dict]:
    """Projects named in one sentence (offsets into the document text); `tokens` are the sentence's
    jieba tokens with document offsets (segmented here when not given)."""
    lexicon = lexicon or load_lexicon()
    tokens = tokens if tokens is not None else _tokens_of(sentence, offset, lexicon)
    rows, seen = [], set()
    for m in _list_pattern(lexicon).finditer(sentence):
        pos = m.start(1)
        between = [t for t in tokens if m.start("between") + offset <= t.start < m.end("between") + offset]
        suffixes = tuple(lexicon.project_suffixes)
        named = all(i.endswith(suffixes) for i in m.group(1).split("、"))  # every item a project's name
        closing = [t for t in tokens if m.start("between") + offset <= t.start < m.end() + offset]
        # a verb before a noun modifies it (4个在建铁路, 创新平台); a verb of its own says the list is
        # not of projects
        acting = [t for k, t in enumerate(closing[:len(between)])
                  if t.pos == "v" and t.text not in _stop_words()
                  and not (k + 1 < len(closing) and closing[k + 1].pos in ("n", "vn", "nz"))]
        if ((not named and acting)
                or any(_ENUMERATOR.match(t.text) and "大" in t.text for t in between)):
            continue  # 通过电话、网络等渠道持续跟踪…项目: the list is not of projects
        items = []
        if m.group("noun") is None and m.group("verb") is None \
                and not all(i.endswith(suffixes) for i in m.group(1).split("、")):
            continue
        if sentence[m.end():].startswith(_contexts().get("designation_after", ())):
            continue  # 甲古城、乙古道等项目申报某某遗产: candidates for a title
        if m.group("verb") and sentence[m.end():].startswith(_contexts().get("outcome", ())):
            continue  # 甲标准、乙通等落地见效: policies take effect, projects are built
        if m.group("between").startswith(_PLACE_NOUNS):
            continue  # 某某湾等区域: the items are places
        if any(w in m.group("between") for w in non_project_list_nouns()):
            continue  # 甲、乙等旅游城市建设, 发热门诊、急诊等科室建设: not a list of projects
        for k, item in enumerate(m.group(1).split("、")):
            name = _strip_lead(item, start=pos, offset=offset, tokens=tokens, first=k == 0)
            start = pos + (len(item) - len(name))
            pos += len(item) + 1
            inside = [t for t in tokens if start + offset <= t.start < start + offset + len(name)]
            generic = all(t.text in _generic_words() or t.pos in ("m", "q", "v", "d") for t in inside)
            generic = generic or any(t.text in _stop_words() for t in inside)  # a clause, not a name
            generic = generic or not _HAN.search(name) or name in _PHASES  # ICU, A3, 二期: not names
            generic = generic or not_a_project_here(sentence, start, start + len(name))
            if len(name) >= 2 and name not in seen and not generic and lexicon.region_of(name) is None:
                items.append((name, start, any(_proper(t) for t in inside)))
        proper = sum(has_proper for _, _, has_proper in items)
        formed = sum(has_proper or item.endswith(suffixes) for item, _, has_proper in items)
        counted = _COUNTED_LIST.search(m.group("between"))  # 等8个大项目: so many projects, one by one
        if len(items) > 1 and (not proper or (2 * formed < len(items) and not counted)):
            continue  # 虚拟现实、人工智能等新兴产业园区: a list of industries, not of names; so too when most
            # items carry neither a proper word nor a project's noun (jieba tags one kind word of three as a
            # name now and then), unless the list is counted
        for name, start, _ in items:
            seen.add(name)
            investment = _investment_near(sentence, start, start + len(name), lexicon)
            rows.append(_row(name, sentence, start, offset, *investment))
    # longest first: 某某数据中心集群 over 某某数据中心
    for a, b in sorted(_names_by_suffix(sentence, offset, tokens, lexicon), key=lambda s: s[0] - s[1]):
        name = sentence[a:b]
        if len(name) < 4 or name in seen or lexicon.region_of(name) or name in lexicon.project_suffixes:
            continue
        if not_a_project_here(sentence, a, b):
            continue
        if any(name in s or s in name for s in seen):
            continue
        money = _investment_near(sentence, a, b, lexicon)
        seen.add(name)
        rows.append(_row(name, sentence, a, offset, *money))
        for item, start in _sharing_items(sentence, a, b, offset, tokens, lexicon):
            if item not in seen:  # 汕头、湛江临港经济区: 汕头临港经济区 too
                seen.add(item)
                rows.append({**_row(item, sentence, start, offset, None, None), "name": item})
    for row in list(rows):
        phase = _PHASE.match(sentence, row["char_end"] - offset)
        if phase and row["name"].endswith(_PHASES):  # 某某配置一期、二期: 某某配置二期 too
            item = row["name"][:-2] + phase.group(1)
            if item not in seen:
                seen.add(item)
                rows.append({**_row(item, sentence, phase.start(1), offset, None, None), "name": item})
    return rows


_PHASES = ("一期", "二期", "三期", "四期", "五期")
_PHASE = re.compile(r"[、和及]([一二三四五六七八九十]期)")
_ITEM_EDGE = re.compile(r"[、，。；,;：:\s]")


def _list_item_start(sentence: str, a: int, b: int, offset: int, tokens: list[Token]) -> int:
    """A name in a list joined by 、 runs from the item's start (after the verbs before the first item):
    `推进甲乙特别合作区、丙丁经济特别合作区`, where growing left over tokens stops at 特别 or 合作."""
    edges = [m.end() for m in _ITEM_EDGE.finditer(sentence, 0, a)]
    start = edges[-1] if edges else 0
    if start >= a or b - start > 24 or (sentence[b:b + 1] != "、" and sentence[start - 1:start] != "、"):
        return a
    item = _strip_lead(sentence[start:b], start=start, offset=offset, tokens=tokens, first=True)
    _, leads = project_words()
    while item and any(item.startswith(w) for w in leads):
        item = item[max(len(w) for w in leads if item.startswith(w)):]
    new = b - len(item)
    inside = [t for t in tokens if new <= t.start - offset < a]
    if (new >= a or re.search(r"[等的0-9“”\"]", sentence[new:a]) or sum(t.pos == "v" for t in inside) > 1
            or any(t.pos in ("p", "c") or t.pos in ("v", "d", "r") and t.text in _stop_words()
                   for t in inside)):
        return a  # a clause, not a name: 甲、乙等8个县建设某某基地, 北京、上海建设具有…的某某中心
    return new


_OWN_HEAD = re.compile(r"[区台店城心园馆院站厂楼厦]$")  # an item ending in a head noun of its own
_ITEMS_BEFORE = re.compile(rf"((?:{_NAME_CHARS}{{1,10}}、)+)$")


def _sharing_items(sentence: str, a: int, b: int, offset: int, tokens: list[Token],
                   lexicon: Lexicon) -> list[tuple[str, int]]:
    """`甲、乙、丙实验室`: the short items before a name, joined by 、, share its head noun; each item
    with the head is a name (甲实验室, 乙实验室). The head starts at the token boundary of the last name
    nearest the length of the item before it (青岛港、日照港|国家…枢纽)."""
    m = _ITEMS_BEFORE.search(sentence[:a])
    if not m:
        return []
    by_last, _ = _suffixes(lexicon)
    name = sentence[a:b]
    if re.search(r"[0-9等]", name):
        return []
    raw = m.group(1)[:-1].split("、")
    pos = m.start(1)
    items = []
    _, leads = project_words()
    for item in raw:
        stripped = _strip_lead(item, start=pos, offset=offset, tokens=tokens, first=True)
        while stripped and any(stripped.startswith(w) for w in leads):
            stripped = stripped[max(len(w) for w in leads if stripped.startswith(w)):]
        items.append((stripped, pos + len(item) - len(stripped)))
        pos += len(item) + 1
    if any(it.endswith(by_last.get(it[-1:], ())) for it, _ in items if it):
        return []  # the items carry their own head nouns: a plain list, each found by itself
    bounds = [t.end - offset - a for t in tokens if a < t.end - offset < b]
    if not bounds or not items[-1][0]:
        return []
    cut = min(bounds, key=lambda x: (abs(x - len(items[-1][0])), x))
    starting = {t.start - offset - a: t for t in tokens if a <= t.start - offset < b}
    tags = {(t.start - offset, t.end - offset): t.pos for t in tokens}
    places = any(lexicon.region_of(it) or tags.get((start, start + len(it))) == "ns"
                 for it, start in items)  # 甲市、乙市临港经济区: the head follows the place
    while not places and cut in starting and _proper(starting[cut]) and starting[cut].end - offset < b:
        cut = starting[cut].end - offset - a  # 甲、乙丙|核电工程: a name of the last item's own is not shared
    head = name[cut:]
    in_head = [t for t in tokens if a + cut <= t.start - offset < b]
    if len(head) < 2 or head in _generic_words() or any(
            t.pos in ("d", "p", "ul", "uj", "c") or t.text in _stop_words() for t in in_head):
        return []  # 甲镇、乙镇分别举行了项目: a clause, not a shared head noun
    named = {t.start - offset: t.pos for t in tokens}
    if any(named.get(start) in ("nz", "nt", "nr") and len(it) <= 3 for it, start in items):
        return []  # 与甲公司、乙公司、某某中心: companies beside a name, not parts of it
    return [(it + head, start) for it, start in items
            if 2 <= len(it) <= 5 and not _OWN_HEAD.search(it) and it not in _stop_words()]


def status_of(sentence: str, start: int) -> str | None:
    before = sentence[max(0, start - 12):start]
    for status, words in STATUS_CUES:
        if any(w in before for w in words):
            return status
    for status, words in STATUS_CUES:
        if any(w in sentence for w in words):
            return status
    return None


# Between a name and a figure: a list goes on (等, 、, 和) or a count of projects is written
# (`某某等88个项目`, `确保年内引进项目160个、总投资2200亿元`): the figure is the group's total.
_GROUP_GAP = re.compile(r"等|、|和|及|与|[0-9一二三四五六七八九十百千两几多]+(?:个|项|批|大)"
                        r"|一批|共|合计|累计|总计")
_CLAUSE_END = re.compile(r"[，。；,;：:]")
_INTRO = re.compile(r"投资[^，。；、]{1,12}的")
_COUNT_SLOGAN = re.compile(r"^(?:[一二两三四五六七八九十][\u4e00-\u9fff]){2,}$")
_THRESHOLD = re.compile(r"以上|以下|超过|之上|左右")  # 投资30亿元以上的项目: a class of projects


def _money(text: str, lexicon: Lexicon) -> tuple[float | None, str | None]:
    for mention in find_mentions(text, lexicon):
        if mention.fact_type == "money":
            return mention.value, mention.unit
    return None, None


def _investment_near(sentence: str, start: int, end: int,
                     lexicon: Lexicon) -> tuple[float | None, str | None, bool]:
    """Money written beside a name: `总投资X的NAME` or `NAME…投资X`, and whether it is a group's
    total rather than the project's own (`总投资X的NAME等N个项目`, `NAME、…等…总投资X`)."""
    before = sentence[max(0, start - 16):start]
    m = _INVESTED_BEFORE.search(before)
    if m:
        value, unit = _money(m.group(1), lexicon)
        if value is not None:
            rest = _CLAUSE_END.split(sentence[end:], maxsplit=1)[0]
            head = _CLAUSE_END.split(sentence[:start])[-1]
            # 总投资X的NAME等N个项目: the list's total, unless every item has its own figure
            # (投资X的甲、投资Y的乙等)
            listed = bool(re.match(r"等|、[^等]*等", rest)) and len(_INTRO.findall(head + rest)) < 2
            return value, unit, listed or bool(_THRESHOLD.search(m.group(1)))
    after = sentence[end:end + 30]
    m = _INVESTED_AFTER.search(after)
    if m:
        value, unit = _money(m.group(1), lexicon)
        if value is not None:
            gap = after[:m.start(1)]
            clauses = re.split(r"[，,]", gap)
            if len(clauses) > 1 and not re.match(r"由|总?投资|计划投资|预计", clauses[-1]):
                return None, None, False  # …力争完成某领域投资N亿元: a sector's total
            return value, unit, bool(_GROUP_GAP.search(gap))
    return None, None, False


def _row(name, sentence, start, offset, investment, unit, group: bool = False) -> dict:
    """One project; a total written for the list or the region it is named in (`等…总投资X`) is kept
    as `group_investment`, never as the project's own `investment`."""
    return {
        "name": name,
        "investment": None if group else investment,
        "unit": None if group else unit,
        "group_investment": investment if group else None,
        "group_unit": unit if group else None,
        "status": status_of(sentence, start),
        "mention": sentence[start:start + len(name)],
        "char_start": offset + start,
        "char_end": offset + start + len(name),
    }

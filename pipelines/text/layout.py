"""Page layout -> prose: join hard line wraps, take out page furniture, keep what it says.

Newspaper archives wrap every line at the column width (~17 characters), print page and
edition markers (`大众日报2023年3月8日5版`, `（上接第一版）`, `（下转第八版）`), bylines
(`□大众日报/新闻记者 张三 李四`, `（本报记者 王五 整理）`); web copies add chrome
(`下载/打印/【字号：加大】`), a dateline (`来源：大众日报`) and Markdown/HTML markup.
This module recognises those, records them (newspaper, date, pages, reporters, furniture)
and returns the prose as one paragraph per line, with the spans of short heading lines.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pipelines.extract.numbers import parse_number, to_halfwidth
from pipelines.lexicon import LEXICON_DIR, load_datelines, read_column

_CN_NUM = "一二三四五六七八九十百零〇两"
PAGE_MARKER = re.compile(
    rf"^(?P<paper>[\u4e00-\u9fff]{{2,10}}?报)?(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"
    rf"第?(?P<page>\d{{1,2}}|[{_CN_NUM}]+)版$"
)
CONTINUATION = re.compile(rf"[（(](?P<kind>上接|下转|接|转)第?(?P<page>\d{{1,2}}|[{_CN_NUM}]+)版[)）]")
# A zero-padded page number opening the first line: ` 05 聚焦项目 攻坚突破`.
PAGE_HEADER = re.compile(r"^(?P<page>0\d)\s+(?P<rest>\S.*)$")
BYLINE_BOX = re.compile(r"^□(?P<body>.+)$")
BYLINE_PAREN = re.compile(r"^[（(](?P<body>[^（）()]*记者[^（）()]*)[)）]$")
# A date as a dateline writes it (after to_halfwidth, spaces taken out): 2026-02-09, 2026年2月9日, 2026/2/9.
DATE_TEXT = re.compile(r"(?P<y>(?:19|20)\d{2})[-年/.](?P<m>\d{1,2})[-月/.](?P<d>\d{1,2})")
# A report's subtitle giving its delivery: `——某年3月5日在某届某次会议上`, `（某年1月27日在某省…）`,
# `——1 9 9 8 年3 月5 日在…` (spaces already taken out).
SUBTITLE = re.compile(r"^[—\-－―─~]*[（(]?(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日在")
# A programme's title with its date: `《新闻联播》 (20240417)`.
PROGRAMME = re.compile(r"^《(?P<name>[^《》]{2,12})》\s*"
                       r"[（(](?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})[)）]$")
# A photo credit or caption byline closing a line: `工作报告。 某某日报某某新闻记者 张三 摄`,
# `本报全媒体记者 李 四摄`, `某某作报告。新某地·某某日报记者 王五`.
CREDIT = re.compile(r"(?:^|(?<=[。！？\s\u3000]))(?P<body>[^\s\u3000。！？，,、：:“”]{0,20}记者[\s\u3000]+"
                    r"[\u4e00-\u9fff]{1,4}(?:[\s\u3000]+[\u4e00-\u9fff]{1,4}){0,3}?[\s\u3000]*(?P<shot>摄)?)$")
CREDIT_MAX = 60  # a caption line is short
HEAD_LINES = 12  # a report's subtitle stands among its first lines
# A date in a file name, when the text gives none: `xwlb-20240417`, `report_2021-09-19`.
FILE_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)(?!\d)")
# How sure a source of the issue date is: a dateline or page marker beats a programme title, which beats a
# report's date of delivery; within a rank the first found wins.
DATELINE, PROGRAMME_TITLE, DELIVERY = 0, 1, 2
TIMESTAMP = re.compile(r"^(?:时间\s*[:：]\s*)?\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?"
                       r"(?:\s*\d{1,2}[:时]\d{1,2}分?(?::\d{2})?)?$")
ENUMERATED = re.compile(r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、"
                        r"|[（(][一二三四五六七八九十]{1,3}[)）])")
HTML_TAG = re.compile(r"<[^<>\n]{1,200}>")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
# Words in a byline that are not names.
BYLINE_WORDS = re.compile(r"整理|报道|摄影|摄|通讯员|实习生|见习记者|记者|编辑|校对|文/图|文|图")
NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
HEADING_MAX = 40
CLAUSE_END = "。！？；，、…”」』）)"
INDENT = (" ", "\u3000", "\t")
JUSTIFY_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，、。；：“”])[ \u3000]+(?=[\u4e00-\u9fff，、。；：“”\d])")
SENTENCE_END = ("。", "！", "？", "…", "”", "；")


@dataclass
class Layout:
    text: str
    newspaper: str | None = None
    pub_date: str | None = None
    pages: list[int] = field(default_factory=list)
    continued_from: int | None = None
    continued_to: int | None = None
    reporters: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _chrome_words() -> frozenset[str]:
    return frozenset(read_column(LEXICON_DIR / "web_chrome.csv", "word"))


@lru_cache(maxsize=1)
def _dateline_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """`来源：大众日报` (the outlet, or nothing when it is on the next line), `时间：2026-02-01`, and one
    `label：value` pair of a line that holds several (`发布时间：2026-01-23 09:00 来源：某某日报`)."""
    lines = load_datelines()
    labels = "|".join(map(re.escape, sorted(lines.source_labels + lines.date_labels + lines.other_labels,
                                            key=len, reverse=True)))
    pair = re.compile(rf"(?P<label>{labels})\s*[:：]\s*"
                      rf"(?P<value>[^\s:：]+(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)\s*")
    source = re.compile(rf"^(?:{'|'.join(map(re.escape, lines.source_labels))})\s*[:：]\s*(?P<paper>\S*)$")
    date = re.compile(rf"^(?:{'|'.join(map(re.escape, lines.date_labels))})\s*[:：]\s*(?P<rest>.*)$")
    return source, date, pair


def _iso(y: str, m: str, d: str) -> str | None:
    """ISO text of a written date, None when it is not on the calendar."""
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first calendar date written in `text` (`2026-02-09 09:20`, `2026年02月10日`), else None."""
    flat = re.sub(r"[\s\u3000]+", "", to_halfwidth(text))
    for m in DATE_TEXT.finditer(flat):
        if iso := _iso(m["y"], m["m"], m["d"]):
            return iso
    return None


def outlet_name(head: str) -> str | None:
    """The outlet a byline or credit names before 记者 (`某某日报某某新闻` -> 某某日报, `新某地·某某日报` ->
    某某日报): the shortest start of the last `·`/`/` piece that ends as an outlet's name does
    (outlets.csv); `本报` (this paper) names none."""
    head = re.split(r"[·•/／]", head.strip())[-1].strip()
    if not head or head.startswith("本报"):
        return None
    ends = [i + len(s) for s in load_datelines().outlet_suffixes
            if (i := head.find(s, 1)) >= 1 and i + len(s) <= 12]
    return head[:min(ends)] if ends else None


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(read_column(LEXICON_DIR / "surnames.csv", "surname"))


def _page_number(written: str) -> int | None:
    try:
        return int(parse_number(written))
    except ValueError:
        return None


def strip_markup(line: str) -> str:
    """Markdown headings, links, emphasis and inline HTML tags out of one line."""
    line = HTML_TAG.sub("", line)
    line = MD_LINK.sub(r"\1", line)
    line = MD_HEADING.sub("", line)
    return line.replace("**", "").replace("__", "")


def is_chrome(line: str) -> bool:
    """A line made only of web-page buttons and controls (`下载`, `【字号：`, `】`, `>`)."""
    words = _chrome_words()
    rest = re.sub(r"[【】\[\]:：|/\s]", " ", line).split()
    return (not rest and bool(line.strip())) or (bool(rest) and all(w in words for w in rest))


def byline_names(body: str) -> list[str]:
    """Reporter names of a byline body (`大众日报/新闻记者 张三 李四` -> [张三, 李四]).

    A name split by a misplaced space (`赵晓 东李四`) is mended when the second piece does not
    start with a surname and the first piece is a two-character name.
    """
    after = re.split(r"记者|通讯员|撰稿|文/图|文", body, maxsplit=1)[-1]
    pieces = [p for p in re.split(r"[\s　,，、]+", BYLINE_WORDS.sub(" ", after)) if p]
    pieces = _join_single_characters(pieces)
    surnames = _surnames()
    names: list[str] = []
    for piece in pieces:
        if (names and len(names[-1]) == 2 and len(piece) >= 3
                and piece[0] not in surnames and piece[1] in surnames):
            names[-1] += piece[0]
            piece = piece[1:]
        if NAME.match(piece):
            names.append(piece)
    return names


def _join_single_characters(pieces: list[str]) -> list[str]:
    """A name spaced out character by character (`林 君` -> 林君): no name is one character long."""
    out: list[str] = []
    for piece in pieces:
        if len(piece) == 1 and out and len(out[-1]) == 1:
            out[-1] += piece
        else:
            out.append(piece)
    return out


def byline_newspaper(body: str) -> str | None:
    head = body.split("/")[0].split("记者")[0].strip()
    if head.endswith("报") and not head.startswith("本报") and len(head) <= 10:
        return head
    return outlet_name(body.split("记者")[0])


def parse_layout(text: str, source_file: str | None = None) -> Layout:
    """Split furniture from prose and join wrapped lines; see the module docstring. The issue date comes from
    a dateline (`时间：`, a timestamp line, a dated page marker), else a programme title
    (`《新闻联播》 (20240417)`), else a report's date of delivery in its subtitle, else, flagged
    `pub_date_from_filename`, a date in `source_file`'s name."""
    out = Layout(text="")
    flags: set[str] = set()
    content: list[tuple[str, int]] = []  # (prose line with its indentation, printed width); ("", 0) = blank
    lines = text.split("\n")
    expect_source = expect_date = False
    first_content = True
    date_rank = DELIVERY + 1
    source_line, date_line, pair = _dateline_patterns()

    def set_date(rank: int, iso: str | None) -> None:
        nonlocal date_rank
        if iso and rank < date_rank:
            out.pub_date, date_rank = iso, rank

    head = 0  # content lines seen so far
    for raw in lines:
        mark = "\x00" if MD_HEADING.match(raw) else "\x01" if ENUMERATED.match(raw.strip()) else ""
        line = strip_markup(raw)
        if line != raw:
            flags.add("markup_removed")
        stripped = line.strip(" \t\u3000")
        flat = to_halfwidth(stripped)
        if not stripped:
            content.append(("", 0))
            continue
        if expect_source:
            expect_source = False
            if re.fullmatch(r"[\u4e00-\u9fff]{2,12}", stripped):
                out.newspaper = out.newspaper or stripped
                out.furniture.append(raw)
                continue
        if expect_date:
            expect_date = False
            if TIMESTAMP.match(flat) and (iso := find_date(flat)):
                set_date(DATELINE, iso)
                out.furniture.append(raw)
                continue
        if (pairs := _dateline_pairs(flat, pair)) is not None:
            labels = load_datelines()
            for label, value in pairs:
                if label in labels.date_labels:
                    set_date(DATELINE, find_date(value))
                elif label in labels.source_labels and re.fullmatch(r"[\u4e00-\u9fff]{2,12}", value):
                    out.newspaper = out.newspaper or value
            if TIMESTAMP.match(flat.split()[0]) or re.match(r"\d{4}-", flat):
                set_date(DATELINE, find_date(flat))
            out.furniture.append(raw)
            flags.add("web_chrome_removed")
            continue
        if m := date_line.match(flat):
            if m["rest"].strip():
                set_date(DATELINE, find_date(m["rest"]))
            else:
                expect_date = True
            out.furniture.append(raw)
            flags.add("web_chrome_removed")
            continue
        if m := PROGRAMME.match(flat):
            out.newspaper = out.newspaper or m["name"]
            set_date(PROGRAMME_TITLE, _iso(m["y"], m["m"], m["d"]))
        if head < HEAD_LINES and (m := SUBTITLE.match(re.sub(r"[\s\u3000]+", "", flat))):
            set_date(DELIVERY, _iso(m["y"], m["m"], m["d"]))
        if m := PAGE_MARKER.match(flat):
            out.newspaper = out.newspaper or m.group("paper")
            set_date(DATELINE, _iso(m["y"], m["m"], m["d"]))
            if (page := _page_number(m["page"])) is not None and page not in out.pages:
                out.pages.append(page)
            out.furniture.append(raw)
            flags.add("page_markers_removed")
            continue
        if (m := BYLINE_BOX.match(stripped)) or (m := BYLINE_PAREN.match(stripped)):
            body = m.group("body")
            out.bylines.append(stripped)
            out.reporters.extend(n for n in byline_names(body) if n not in out.reporters)
            out.newspaper = out.newspaper or byline_newspaper(body)
            out.furniture.append(raw)
            flags.add("bylines_recognised")
            continue
        if len(stripped) <= CREDIT_MAX and (m := CREDIT.search(stripped)) and _names_a_reporter(m):
            body = m.group("body")
            out.bylines.append(body)
            out.reporters.extend(n for n in byline_names(body) if n not in out.reporters)
            out.newspaper = out.newspaper or outlet_name(body.split("记者")[0])
            out.furniture.append(body)
            flags.add("bylines_recognised")
            line = line[:line.rindex(body)].rstrip()
            stripped = line.strip(" \t\u3000")
            if not stripped:
                continue
        if m := source_line.match(stripped):
            if m.group("paper"):
                out.newspaper = out.newspaper or m.group("paper")
            else:
                expect_source = True
            out.furniture.append(raw)
            continue
        if is_chrome(stripped) or URL_LINE.match(stripped) or TIMESTAMP.match(flat):
            if TIMESTAMP.match(flat):
                set_date(DATELINE, find_date(flat))
            out.furniture.append(raw)
            flags.add("web_chrome_removed")
            continue
        head += 1
        if first_content and (m := PAGE_HEADER.match(flat)):
            if (page := _page_number(m["page"])) is not None:
                out.pages.append(page)
            out.furniture.append(m["page"])
            line = line[line.index(m["page"]) + len(m["page"]):].lstrip()
            flags.add("page_markers_removed")
        first_content = False
        for m in CONTINUATION.finditer(to_halfwidth(line)):
            page = _page_number(m["page"])
            if m["kind"] in ("上接", "接"):
                out.continued_from = out.continued_from or page
            else:
                out.continued_to = page
            out.furniture.append(m.group())
            flags.add("page_markers_removed")
        printed = len(line.rstrip())  # the width the line had on the page, markers included
        line = CONTINUATION.sub("", line)
        if line.strip(" \t\u3000"):
            content.append((mark + line.rstrip(), printed))
    if out.pub_date is None and source_file and (m := FILE_DATE.search(source_file)):
        set_date(DELIVERY, _iso(m["y"], m["m"], m["d"]))
        if out.pub_date:
            flags.add("pub_date_from_filename")
    paragraphs, joined = _paragraphs(content)
    if joined:
        flags.add("hard_wraps_joined")
    pieces, pos = [], 0
    for para in paragraphs:
        if len(para) <= HEADING_MAX and not para.endswith(tuple(CLAUSE_END)):
            out.headings.append((pos, pos + len(para)))
        pieces.append(para)
        pos += len(para) + 1
    out.text = "\n".join(pieces)
    out.flags = sorted(flags)
    return out


LEADING_TIMESTAMP = re.compile(r"^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+")


def _dateline_pairs(line: str, pair: re.Pattern) -> list[tuple[str, str]] | None:
    """The (label, value) pairs of a line made only of dateline pairs, two or more, or one after a timestamp
    (`2026-01-23 09:00 来源：某某网`); None for any other line."""
    rest = LEADING_TIMESTAMP.sub("", line, count=1)
    pairs, pos = [], 0
    while pos < len(rest) and (m := pair.match(rest, pos)):
        pairs.append((m["label"], m["value"]))
        pos = m.end()
    if pos != len(rest) or not pairs or (len(pairs) < 2 and rest == line):
        return None
    return pairs


def _names_a_reporter(m: re.Match) -> bool:
    """A credit names someone: a photo credit (`摄`), or a byline with a name after 记者."""
    return bool(m["shot"]) or bool(byline_names(m["body"]))


def _is_hard_wrapped(lines: list[tuple[str, int]]) -> tuple[bool, int]:
    """Wrapped text: most lines are about as wide as the column and stop mid-sentence."""
    rows = [(line, printed) for line, printed in lines if line]
    if len(rows) < 8:
        return False, 0
    width = int(statistics.median(printed for _, printed in rows))
    full = [line for line, printed in rows if printed >= width - 2]
    mid_sentence = sum(1 for line in full if not line.rstrip().endswith(SENTENCE_END + ("：", ":")))
    return width <= 40 and len(full) / len(rows) >= 0.5 and mid_sentence / len(full) >= 0.6, width


def _paragraphs(lines: list[tuple[str, int]]) -> tuple[list[str], int]:
    """Join wrapped lines into paragraphs; returns them and how many joins were made.

    In wrapped text a line continues the previous one unless it is indented, or the previous
    line was short (a paragraph's last line, a heading). A blank line after a full line that
    stops mid-sentence is a column break, not a paragraph break. Text that is not wrapped keeps
    one paragraph per line.
    """
    wrapped, width = _is_hard_wrapped(lines)
    paragraphs: list[str] = []
    joins = 0
    prev_full = blank_before = False
    for line, printed in lines:
        if not line:
            blank_before = True
            continue
        heading = line.startswith("\x00")  # a Markdown heading: a paragraph of its own
        starts = heading or line.startswith("\x01")  # a numbered item starts a paragraph
        line = line.lstrip("\x00\x01")
        text = line.strip(" \t\u3000")
        if wrapped and printed >= width - 2:
            text = JUSTIFY_SPACE.sub("", text)  # a full line padded to the column: `总投 资`
        sentence_done = bool(paragraphs) and paragraphs[-1].endswith(SENTENCE_END)
        if wrapped and paragraphs and prev_full and not starts and not line.startswith(INDENT) \
                and not (blank_before and sentence_done):
            paragraphs[-1] += text
            joins += 1
        else:
            paragraphs.append(text)
        prev_full = wrapped and printed >= width - 2 and not heading
        blank_before = False
    return paragraphs, joins

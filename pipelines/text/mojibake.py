"""Find and repair GBK "lost byte" mojibake spans in decoded text.

Mechanism (measured on seeds/raw/002_dfa85d812edf7218.txt): the text's GBK bytes lost the lead byte
of one character, which came out as `?`. The decoder then read every following pair one byte out of
step (trail byte of one character + lead byte of the next) until it reached a byte that realigned it:

* a trail byte in 0x40-0x7E, read as an ASCII letter or symbol (`快車道?!半p招` = `快車道。“雙招`: the
  `p` is the trail byte of 雙), or
* a pair that could not be decoded (trail byte + an ASCII byte such as a space or `(`), which came out
  as a second `?`, both bytes lost (`…新聞?dòng)浾?…` = `…新聞記者 …`).

Full-width punctuation was then folded to ASCII (`！` -> `!`, `？` -> `?`, ...), and when the character
straddling the lost byte was one the source annotates with pinyin, its pinyin is left as an orphan
`dòng)` right after the first `?`.

Repair re-encodes the shifted run as GBK, puts each possible lost lead byte in front, decodes again
and keeps the candidate that jieba's dictionary finds most probable. Every character comes back
exactly except the guessed ones (the lost lead byte, and for a `?`-terminated run the last trail byte
and the ASCII byte), so every span is reported with the original text beside any repair.

Choices: the orphan pinyin after the first `?` is part of the span (it is damage and is dropped by the
repair); an orphan after a terminating `?` is kept, since the lost byte there was its `(`. Spans that
do not start with `?` were looked for in the sample file and not found, so they are not detected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

# ASCII punctuation that full-width punctuation was folded to; inside a shifted run it stands for a
# two-byte GBK character (A3xx), so it is mapped back before re-encoding.
_UNFOLD = {"!": "！", ",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？"}
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# Orphan pinyin remnant: a syllable and `)` without its `(`.
_ORPHAN = re.compile(rf"[{_PINYIN}]{{1,6}}\)")
# Pinyin annotations `字(zì)`, removed before scoring.
_ANNOTATION = re.compile(rf"\([{_PINYIN}]{{1,6}}\)")
# Fast path: a `?` (with an optional orphan pinyin) followed by a non-ASCII character, possibly after
# one folded punctuation mark. Text without such a place is never looked at again.
_ANCHOR = re.compile(
    rf"\?(?:[{_PINYIN}]{{1,6}}\))?(?:[!,:;()?]?[^\x00-\x7f]|[!,:;()?]?[\x40-\x7e](?=[^\x00-\x7f]))"
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Log-probability of punctuation tokens (jieba's dictionary has none): their share of jieba tokens in
# news transcripts (/work/shared/corpus/scale/xwlb), moved onto the dictionary's scale (-1.3 nats,
# measured on 的), rare marks floored at -9.
_PUNCT_LOGP = {
    **dict.fromkeys("。", -5.0),
    **dict.fromkeys("，", -4.3),
    **dict.fromkeys("、", -5.4),
    **dict.fromkeys("“”", -6.6),
    **dict.fromkeys("：；（）", -6.7),
    **dict.fromkeys("《》—", -7.8),
    **dict.fromkeys("【】·", -8.5),
    **dict.fromkeys("！？…‘’「」〈〉", -9.0),
}
_CLAUSE_END = set("。，、；：！？")
_OPENING = set("“‘（《【「〈")
_CLOSING = set("”’）》】」〉")
SHAPE_PENALTY = 6.0  # punctuation where none can stand: after an opening mark, twice in a row, 1-char clause

MAX_RUN = 40  # characters in one shifted run; clean text after a `?` rarely runs this long without ASCII
CONTEXT = 8  # characters of plain context scored on each side of a span
FOLDED_LOGP = -7.0  # log-probability that a `?` in clean text is a folded `？`
ASCII_LOGP = -10.0  # log-probability of a run of ASCII letters/digits (a word jieba does not know)
MIN_GAIN = 6.0  # a span is mojibake when the repair scores this much better than the text as received
MIN_GAIN_ONE_BYTE = 12.0  # ... and this much when all that follows `?` is one ASCII byte (`?A股` is real)
# A repair is confident when its guess beats the next-best by this much (log-probability). Measured on
# simulated damage in news text: about 96% of single-guess repairs above 1.5 are right; the guesses at
# a dangling end are often punctuation told apart by their priors only, so they need more.
MIN_MARGIN = 1.5
MIN_MARGIN_DANGLING = 3.0
ORPHAN_BONUS = 8.0  # the guess whose straddling character has the orphan's pinyin


@dataclass(frozen=True)
class MojibakeSpan:
    start: int  # offset in the input text
    end: int
    original: str  # the damaged text as received
    repaired: str | None  # repaired text, None when no confident repair
    guessed_chars: int  # how many characters of the repair are guesses (the lost bytes)


def find_mojibake(text: str) -> list[MojibakeSpan]:
    """Every lost-byte mojibake span in `text`, in order, with its repair when confident."""
    spans: list[MojibakeSpan] = []
    pos = 0
    while True:
        m = _ANCHOR.search(text, pos)
        if not m:
            return spans
        span = _examine(text, m.start())
        if span is None:
            pos = m.start() + 1
        else:
            spans.append(span)
            pos = span.end


def repair_mojibake(text: str) -> tuple[str, list[MojibakeSpan]]:
    """Return text with every confidently repaired span replaced, plus all spans found (repaired or not)."""
    spans = find_mojibake(text)
    if not spans:
        return text, spans
    parts, last = [], 0
    for s in spans:
        if s.repaired is not None:
            parts.append(text[last : s.start])
            parts.append(s.repaired)
            last = s.end
    parts.append(text[last:])
    return "".join(parts), spans


# --- one candidate span ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hypothesis:
    end: int  # end offset of the span in the text
    body: bytes  # GBK bytes after the lost lead byte, up to the realigning byte
    dangling: bool  # ended by an undecodable pair: last trail byte and one ASCII byte are lost
    lost_ascii: str  # the guessed lost ASCII byte when dangling


def _examine(text: str, q: int) -> MojibakeSpan | None:
    """Judge the `?` at offset `q`: a span if some shifted re-reading is far more probable."""
    i = q + 1
    orphan = _ORPHAN.match(text, i)
    if orphan:
        i = orphan.end()
    hyps = _hypotheses(text, i)
    if not hyps:
        return None
    left = _left_context(text, q)
    best = None
    for h in hyps:
        right = _right_context(text, h.end)
        received = _score(left + _annotations_out(text[i : h.end]) + right)
        if not orphan:  # clean text: the `?` is a folded `？`
            received += FOLDED_LOGP
        cand = _candidates(h, left, right, text, q, orphan.group()[:-1] if orphan else None)
        if cand is None:
            continue
        gain = cand[0] - received
        if best is None or gain > best[0]:
            best = (gain, h, cand)
    if best is None:
        return None
    gain, h, (_, repaired, margin) = best
    if gain < (MIN_GAIN_ONE_BYTE if len(h.body) == 1 else MIN_GAIN) and not (orphan and gain > 0):
        return None
    # The lost lead byte; at a dangling end also the last trail byte and, unless an orphan pinyin shows
    # it was `(`, the lost ASCII byte (a space stands in for it).
    guessed = 1 + (h.dangling + (h.dangling and h.lost_ascii != "(") if h.dangling else 0)
    confident = margin >= (MIN_MARGIN_DANGLING if h.dangling else MIN_MARGIN)
    return MojibakeSpan(q, h.end, text[q : h.end], repaired if confident else None, guessed)


def _hypotheses(text: str, i: int) -> list[_Hypothesis]:
    """Ways the shifted run starting at `i` can end: at an ASCII trail byte or at an undecodable pair."""
    out: list[_Hypothesis] = []
    body = bytearray()
    for j in range(i, min(len(text), i + MAX_RUN)):
        c = text[j]
        if c == "?" and body:
            lost = "(" if _ORPHAN.match(text, j + 1) else " "
            out.append(_Hypothesis(j + 1, bytes(body), True, lost))
        if c in _UNFOLD:
            c = _UNFOLD[c]
        elif c < "\x80":
            if "\x40" <= c <= "\x7e":
                body.append(ord(c))
                out.append(_Hypothesis(j + 1, bytes(body), False, ""))
            break
        b = _gbk2(c)
        if b is None:
            break
        body += b
    return out


@lru_cache(maxsize=8192)
def _gbk2(c: str) -> bytes | None:
    try:
        b = c.encode("gbk")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 2 else None


def _candidates(
    h: _Hypothesis, left: str, right: str, text: str, q: int, orphan: str | None
) -> tuple[float, str, float] | None:
    """Best repair of hypothesis `h` as (score, repaired text, margin over the next-best guess)."""
    if h.dangling:  # the last byte of body is a lead byte whose trail byte was lost
        head, lead = h.body[:-1], h.body[-1:]
    else:
        head, lead = h.body, b""
    prev = _gbk2(text[q - 1]) if q and orphan else None
    pinyin = _pinyin_map(text) if prev else {}
    scored: list[tuple[float, str]] = []
    for x in range(0x81, 0xFF):
        try:
            rep = (bytes([x]) + head).decode("gbk")
        except UnicodeDecodeError:
            continue
        s = _score(left + _unfold(rep) + ("\n" if lead else "") + right)
        if prev and pinyin.get(_decode_or_empty(prev[1:] + bytes([x]))) == orphan:
            s += ORPHAN_BONUS  # the straddling character is the one whose pinyin was left behind
        scored.append((s, rep))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    score, rep = scored[0]
    margin = score - scored[1][0] if len(scored) > 1 else math.inf
    if not lead:
        return score, rep, margin
    # Dangling end: with the best lead guess, choose the lost trail byte of the last character.
    # When the lost ASCII byte was the `(` of a pinyin annotation, that pinyin names the character.
    tail_orphan = _ORPHAN.match(text, h.end) if h.lost_ascii == "(" else None
    tail_pinyin = tail_orphan.group()[:-1] if tail_orphan else None
    if tail_pinyin:
        pinyin = _pinyin_map(text)
    tails: list[tuple[float, str]] = []
    for y in range(0x40, 0xFF):
        last = _decode_or_empty(lead + bytes([y]))
        if last:
            full = rep + last
            # The lost ASCII byte separates the last character from the right context.
            s = _score(left + _unfold(full) + "\n" + right)
            if tail_pinyin and pinyin.get(last) == tail_pinyin:
                s += ORPHAN_BONUS
            tails.append((s, full + h.lost_ascii))
    if not tails:
        return None
    tails.sort(key=lambda t: -t[0])
    tail_margin = tails[0][0] - tails[1][0] if len(tails) > 1 else math.inf
    return tails[0][0], tails[0][1], min(margin, tail_margin)


def _decode_or_empty(b: bytes) -> str:
    try:
        return b.decode("gbk")
    except UnicodeDecodeError:
        return ""


def _unfold(s: str) -> str:
    return "".join(_UNFOLD.get(c, c) for c in s)


def _left_context(text: str, q: int) -> str:
    start = text.rfind("\n", max(0, q - 4 * CONTEXT), q) + 1 or max(0, q - 4 * CONTEXT)
    plain = _ANNOTATION.sub("", text[start:q])
    return _unfold(plain[-CONTEXT:])


def _right_context(text: str, end: int) -> str:
    stop = text.find("\n", end, end + 4 * CONTEXT)
    stop = end + 4 * CONTEXT if stop < 0 else stop
    orphan = _ORPHAN.match(text, end)  # belongs to the `(` a dangling repair ends with
    plain = _ANNOTATION.sub("", text[orphan.end() if orphan else end : stop])
    return _unfold(plain[:CONTEXT])


def _annotations_out(s: str) -> str:
    return _unfold(_ANNOTATION.sub("", s))


@lru_cache(maxsize=4)
def _pinyin_map(text: str) -> dict[str, str]:
    """Character -> pinyin, from the annotations `字(zì)` of the text itself."""
    out: dict[str, str] = {}
    for m in re.finditer(rf"([^\x00-\x7f])\(([{_PINYIN}]{{1,6}})\)", text):
        out.setdefault(m.group(1), m.group(2))
    return out


# --- scoring -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _model():
    import logging

    import jieba
    import opencc

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, math.log(jieba.dt.total), opencc.OpenCC("t2s")


def _score(s: str) -> float:
    """Log-probability of `s`: the best split into jieba dictionary words (after Traditional ->
    Simplified, since the dictionary is Simplified), punctuation and ASCII runs at fixed costs, minus
    a penalty for punctuation in impossible places. A newline is a free boundary."""
    freq, logtotal, cc = _model()
    s = cc.convert(s)
    n = len(s)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        c = s[i]
        if c == "\n":
            best[i] = best[i + 1]
            continue
        if c < "\x80" and c.isalnum():
            j = i + 1
            while j < n and s[j] < "\x80" and s[j].isalnum():
                j += 1
            best[i] = ASCII_LOGP + best[j]
            continue
        p = _PUNCT_LOGP.get(c)
        if p is not None:
            best[i] = p + best[i + 1]
            continue
        top = -logtotal + best[i + 1]
        j = i + 1
        w = c
        while w in freq:
            f = freq[w]
            if f:
                v = math.log(f) - logtotal + best[j]
                if v > top:
                    top = v
            if j >= n:
                break
            j += 1
            w = s[i:j]
        best[i] = top
    return best[0] - SHAPE_PENALTY * _misplaced_punctuation(s)


def _misplaced_punctuation(s: str) -> int:
    """Count punctuation marks that cannot stand where they are: a clause end right after an opening
    mark or another clause end, a closing mark right after an opening one, or a clause end closing a
    one-character clause (`“下。”`)."""
    bad = 0
    since = -1  # characters since the last punctuation mark; -1 until one is seen
    prev = ""
    for c in s:
        if c in _CLAUSE_END or c in _CLOSING:
            if prev in _OPENING or (c in _CLAUSE_END and prev in _CLAUSE_END):
                bad += 1
            elif c in _CLAUSE_END and since == 1:
                bad += 1
            since = 0
        elif c in _OPENING:
            since = 0
        elif since >= 0:
            since += 1
        prev = c
    return bad

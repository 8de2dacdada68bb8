"""Bytes -> text: pick the encoding of a raw file, or say why the file cannot be a document.

Archives arrive as UTF-8 (with or without BOM), UTF-16, GBK/GB18030 or Big5. A file that is
binary, empty or undecodable is not dropped: the caller turns the `Quarantine` reason into a row.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Characters that never appear in real text (C0 controls but tab/newline/CR/form feed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy Chinese encodings, tried in this order when UTF-8 fails.
_LEGACY = ("gb18030", "big5")
# Magic numbers of common binary formats, named in the quarantine reason.
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "ELF executable",
}


class Quarantine(Exception):
    """Raised with a human-readable reason when bytes cannot become a document."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    had_bom: bool


def decode_bytes(data: bytes) -> Decoded:
    """Decode raw bytes to text, or raise Quarantine(reason)."""
    if not data:
        raise Quarantine("empty file (0 bytes)")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise Quarantine(f"binary file: {kind}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise Quarantine(f"{codec} BOM but undecodable at byte {exc.start}") from exc
            return _checked(Decoded(text, codec, True))
    if b"\x00" in data[:4096]:
        raise Quarantine("binary file: NUL bytes without a UTF-16/32 byte-order mark")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", False))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        # cut inside the last character (a truncated download): keep what is whole, say so
        return _checked(Decoded(data[:utf8_error.start].decode("utf-8"), "utf-8 (last character truncated)",
                                False))
    candidates = []
    for codec in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_han_share(text), Decoded(text, codec, False)))
    if candidates:
        best = max(candidates, key=lambda c: c[0])
        if best[0] > 0.2:
            return _checked(best[1])
    raise Quarantine(
        f"not decodable as UTF-8 (invalid byte at {utf8_error.start}), GB18030 or Big5 with Chinese content"
    )


def _han_share(text: str) -> float:
    """Share of Han characters among non-space characters: a plausibility score for a decoding."""
    visible = sum(1 for ch in text if not ch.isspace())
    return len(_HAN.findall(text)) / visible if visible else 0.0


def _checked(decoded: Decoded) -> Decoded:
    """Reject decodings that are not text: whitespace only, or dominated by control characters."""
    text = decoded.text
    if not text.strip():
        raise Quarantine("no text: the file holds only whitespace")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise Quarantine(f"binary file: {controls} control characters in {len(text)} characters")
    return decoded

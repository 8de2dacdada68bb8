"""Control and format characters out, tab and newline kept (pipelines/text/clean.py)."""

from __future__ import annotations

import sys
import unicodedata

from pipelines.text.clean import clean_document, strip_controls


def test_every_control_and_format_character_goes_but_tab_and_newline():
    removable = [chr(c) for c in range(sys.maxunicode + 1)
                 if unicodedata.category(chr(c)) in ("Cc", "Cf") and c not in (9, 10)]
    assert len(removable) > 150  # C0, C1, soft hyphen, bidi marks, tags ...
    text = "投资\t增长\n" + "".join(removable) + "21.6%"
    assert strip_controls(text) == ("投资\t增长\n21.6%", len(removable))


def test_text_without_controls_is_unchanged_and_flagged_only_when_something_went():
    assert strip_controls("总投资100亿元") == ("总投资100亿元", 0)
    assert "control_characters_removed" in clean_document("总投资\u200e100亿元")["quality_flags"]
    assert "control_characters_removed" not in clean_document("总投资100亿元")["quality_flags"]

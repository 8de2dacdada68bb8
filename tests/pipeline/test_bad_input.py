"""Bad and odd input, each a real file: the run finishes, and every file is a document (decoded
right, flags set) or a quarantine row with its reason. Nothing is dropped."""

import math
import os

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.defs.resources import build_resources
from pipelines.text.ingest import NAME_GB18030
from tests.conftest import RAW, pipeline_assets

TEXT = "今年以来，全市固定资产投资增长12.5%，新开工项目120个，总投资350亿元。"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def make_inputs(inp):
    inp.mkdir()
    files = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t \n",
        "image.png": PNG,
        "gbk.txt": TEXT.encode("gbk"),
        "big5.txt": "今年以來，全市固定資產投資增長12.5%，新開工項目120個。".encode("big5"),
        "utf16.txt": TEXT.encode("utf-16"),
        "utf8-bom.txt": b"\xef\xbb\xbf" + TEXT.encode(),
        "truncated.txt": TEXT.encode()[:-2],
        "crlf.txt": (TEXT + "\r\n" + TEXT + "\r\n").encode(),
        "cr.txt": (TEXT + "\r" + TEXT + "\r").encode(),
        "long-line.txt": (TEXT * 150_000).encode()[: 10 * 1024 * 1024 - 2] + "。".encode()[:0],
        "controls.txt": ("今年\u200b以来\x07，投资\u200d增长\x1b12.5%。").encode(),
        "emoji.txt": "🚀今年投资增长12.5%🎉，新开工项目120个👍。".encode(),
        "fullwidth.txt": "投资增长１２．５％，新开工项目１２０个。".encode(),
        "huge.txt": "总投资1000000000000亿亿元的项目，数额9999999999999999999999元。".encode(),
        "thousands.txt": "总投资1,234,567万元，完成投资12,345.6万元。".encode(),
        "parentheses.txt": (
            "《关于促进投资的意见（试行）》(2021)规定，RCEP(区域全面经济伙伴关系协定)生效后投资增长12%。"
        ).encode(),
        "page.html": (
            "<!DOCTYPE html><html><head><title>新闻</title></head><body><p>"
            + TEXT
            + "</p><p>下一步，力争投资增长15%以上。</p></body></html>"
        ).encode(),
        "page.md": ("# 新闻\n\n## 摘要\n\n1." + TEXT + "\n\n2.**下一步**，力争投资增长15%以上。\n").encode(),
        "名字 有 空格.txt": TEXT.encode(),
        "a-original.txt": (RAW / "000_967a86bbbd29d274.txt").read_bytes(),
        "z-duplicate.txt": (RAW / "000_967a86bbbd29d274.txt").read_bytes(),
        "nul.bin": b"abc\x00\x00def" * 10,
    }
    for name, data in files.items():
        (inp / name).write_bytes(data)
    (inp / "sub").mkdir()
    (inp / "sub" / "nested.txt").write_bytes((TEXT + "下一步继续推进。").encode())
    os.symlink(inp / "gbk.txt", inp / "link-to-gbk.txt")
    os.symlink(inp / "does-not-exist.txt", inp / "broken-link.txt")
    os.mkfifo(inp / "fifo.txt")  # a file no one can read to the end: unreadable input
    # a GBK file name, as an unzipped Windows archive leaves it (not UTF-8: Python sees surrogate escapes)
    name = os.path.join(os.fsencode(inp), "固定资产.txt".encode("gbk"))
    fd = os.open(name, os.O_CREAT | os.O_WRONLY, 0o644)
    os.write(fd, (TEXT + "固定资产投资。").encode())
    os.close(fd)
    outside = inp.parent / "outside"
    outside.mkdir()
    (outside / "linked.txt").write_bytes((TEXT + "今年继续扩大有效投资。").encode())
    os.symlink(outside, inp / "linked-folder")  # a folder link: its files are read
    os.symlink(inp, inp / "sub" / "loop")  # a link back to the top: quarantined, not walked forever
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    inp, wh = root / "input", root / "warehouse"
    make_inputs(inp)
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_WAREHOUSE", str(wh))
    mp.setenv("PIPELINE_INPUT", str(inp))
    result = dg.materialize(
        pipeline_assets(),
        resources=build_resources(str(inp), str(wh)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    con = duckdb.connect(str(wh / "warehouse.duckdb"), read_only=True)
    yield result, con, inp
    con.close()
    mp.undo()


def outcome(con, path):
    doc = con.execute(
        "select encoding, quality_flags, clean_text from marts.documents where source_path = ?", [path]
    ).fetchone()
    held = con.execute("select reason from marts.quarantine where source_path = ?", [path]).fetchone()
    return doc, held


def test_the_run_finishes_and_every_file_is_accounted_for_once(built):
    result, con, inp = built
    assert result.success
    # rglob neither follows folder links nor decodes names: the three such entries are added by hand
    names = [os.fsencode(p.relative_to(inp)).decode("utf-8", "surrogateescape") for p in inp.rglob("*")
             if not p.is_dir()]
    gbk = [n for n in names if not n.isprintable()]
    assert len(gbk) == 1
    on_disk = sorted(
        [n for n in names if n not in gbk] + ["固定资产.txt", "linked-folder/linked.txt", "sub/loop"]
    )
    seen = [
        r[0]
        for r in con.execute(
            "select source_path from marts.documents union all select source_path from marts.quarantine"
        ).fetchall()
    ]
    assert sorted(seen) == on_disk


@pytest.mark.parametrize(
    "path, reason_part",
    [
        ("empty.txt", "empty"),
        ("whitespace.txt", "whitespace"),
        ("image.png", "PNG"),
        ("nul.bin", "NUL"),
        ("z-duplicate.txt", "duplicate"),
        ("broken-link.txt", "broken symlink"),
        ("fifo.txt", "not a regular file"),
        ("link-to-gbk.txt", "duplicate"),  # a link to a file already read is the same document
        ("sub/loop", "symlink loop"),
    ],
)
def test_quarantined_with_a_reason(built, path, reason_part):
    _, con, _ = built
    doc, held = outcome(con, path)
    assert doc is None and held is not None and reason_part in held[0], held


@pytest.mark.parametrize(
    "path, encoding",
    [
        ("gbk.txt", "gb18030"),
        ("big5.txt", "big5"),
        ("utf16.txt", "utf-16"),
        ("utf8-bom.txt", "utf-8-sig"),
        ("truncated.txt", "utf-8"),
        ("crlf.txt", "utf-8"),
        ("cr.txt", "utf-8"),
        ("名字 有 空格.txt", "utf-8"),
        ("sub/nested.txt", "utf-8"),
        ("page.html", "utf-8"),
        ("page.md", "utf-8"),
        ("a-original.txt", "utf-8"),
        ("固定资产.txt", "utf-8"),  # the name was GBK bytes
        ("linked-folder/linked.txt", "utf-8"),
    ],
)
def test_decoded_as_documents(built, path, encoding):
    _, con, _ = built
    doc, held = outcome(con, path)
    assert held is None and doc is not None and doc[0].startswith(encoding), (doc and doc[0], held)
    assert "固定资产投资" in doc[2] or "投资" in doc[2]


def facts_of(con, path):
    return con.execute(
        "select fact_type, value, unit, mention from marts.facts f join marts.documents d "
        "using (doc_id) where d.source_path = ? order by f.char_start",
        [path],
    ).fetchall()


def test_odd_text_gives_the_right_numbers(built):
    _, con, _ = built
    assert ("percent", 12.5, "%") in [f[:3] for f in facts_of(con, "fullwidth.txt")]
    assert ("percent", 12.5, "%") in [f[:3] for f in facts_of(con, "controls.txt")]
    assert ("count", 120.0, "个") in [f[:3] for f in facts_of(con, "emoji.txt")]
    assert ("money", 12345670000.0, "CNY") in [f[:3] for f in facts_of(con, "thousands.txt")]
    assert ("percent", 12.0, "%") in [f[:3] for f in facts_of(con, "parentheses.txt")]
    assert ("percent", 12.5, "%") in [f[:3] for f in facts_of(con, "truncated.txt")]
    assert len(facts_of(con, "long-line.txt")) > 100_000


def test_markup_and_line_ends_are_cleaned(built):
    _, con, _ = built
    for path in ("page.html", "page.md", "crlf.txt", "cr.txt"):
        doc, _ = outcome(con, path)
        assert "<" not in doc[2] and "#" not in doc[2] and "\r" not in doc[2], path
    assert "markup_removed" in outcome(con, "page.html")[0][1]
    assert "（试行）" in outcome(con, "parentheses.txt")[0][2]  # real parentheses are kept


def test_huge_numbers_do_not_break_the_run(built):
    """Numbers past any plausible magnitude are rejected rows with their reason; none reaches marts.facts."""
    _, con, _ = built
    values = [f[1] for f in facts_of(con, "huge.txt")]
    assert all(v is None or math.isfinite(v) and abs(v) <= 1e18 for v in values)
    rejected = con.execute(
        "select rule, reason from marts.rejected_rows r join marts.documents d using (doc_id) "
        "where d.source_path = 'huge.txt'"
    ).fetchall()
    assert rejected and {rule for rule, _ in rejected} <= {"magnitude", "finite"}
    assert all("outside" in reason or "finite" in reason for _, reason in rejected)


def test_a_name_that_was_not_utf8_carries_a_note(built):
    _, _, inp = built
    raw = pl.read_parquet(inp.parent / "warehouse" / "parquet" / "raw_documents.parquet")
    notes = dict(zip(raw["source_path"].to_list(), raw["name_note"].to_list(), strict=True))
    assert notes["固定资产.txt"] == NAME_GB18030
    assert notes["gbk.txt"] is None

import os

from pipelines import schemas
from pipelines.ops.accounting import account
from pipelines.text.ingest import NAME_ESCAPED, NAME_GB18030, doc_id_of, scan_folder


def test_every_file_is_a_document_or_quarantined_once(tmp_path, raw_dir):
    (tmp_path / "sub dir").mkdir()
    sample = (raw_dir / "000_967a86bbbd29d274.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(sample)
    (tmp_path / "sub dir" / "复制 的.txt").write_bytes(sample)  # duplicate bytes, odd name
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tmp_path / "empty.txt").write_bytes(b"")
    os.symlink(tmp_path / "missing.txt", tmp_path / "broken-link.txt")
    rows = scan_folder(tmp_path)
    assert sorted(r.source_path for r in rows) == sorted(
        ["a.txt", "sub dir/复制 的.txt", "image.png", "empty.txt", "broken-link.txt"]
    )
    docs = [r for r in rows if r.quarantine_reason is None]
    assert [r.source_path for r in docs] == ["a.txt"]
    assert docs[0].doc_id == doc_id_of(sample)
    reasons = {r.source_path: r.quarantine_reason for r in rows if r.quarantine_reason}
    assert reasons["sub dir/复制 的.txt"].startswith("duplicate")
    assert "PNG" in reasons["image.png"]
    assert "empty" in reasons["empty.txt"]
    assert "broken symlink" in reasons["broken-link.txt"]


def test_doc_id_is_stable_for_the_same_bytes():
    assert doc_id_of("投资".encode()) == doc_id_of("投资".encode())
    assert doc_id_of("投资".encode()) != doc_id_of("投资。".encode())


def _write(folder, name: bytes, data: bytes) -> None:
    """A file created through its name's bytes, as an unzipped Windows archive leaves a GBK name."""
    fd = os.open(os.path.join(os.fsencode(folder), name), os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def test_a_name_that_is_not_utf8_is_kept_readable_noted_and_stored(tmp_path):
    text = "今年全市固定资产投资增长12.5%。"
    _write(tmp_path, "投资报告.txt".encode("gbk"), text.encode())
    _write(tmp_path, b"scan-\xff\xfe.txt", b"")  # neither UTF-8 nor GB18030: escaped, still quarantined
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "说明.txt".encode("gbk"), "投资增长8%。".encode("gbk"))
    rows = {r.source_path: r for r in scan_folder(tmp_path)}
    assert set(rows) == {"投资报告.txt", "scan-\\xff\\xfe.txt", "sub/说明.txt"}
    report = rows["投资报告.txt"]
    assert report.quarantine_reason is None and report.raw_text == text
    assert report.source_file == "投资报告.txt" and report.name_note == NAME_GB18030
    assert rows["sub/说明.txt"].encoding == "gb18030" and rows["sub/说明.txt"].name_note == NAME_GB18030
    assert "empty" in rows["scan-\\xff\\xfe.txt"].quarantine_reason
    assert rows["scan-\\xff\\xfe.txt"].name_note == NAME_ESCAPED
    # the rows are framed and written as the ingest asset does (this raised UnicodeEncodeError before)
    docs = [r.__dict__ for r in rows.values() if r.quarantine_reason is None]
    held = [{**r.__dict__, "reason": r.quarantine_reason} for r in rows.values() if r.quarantine_reason]
    schemas.frame(docs, schemas.RAW_DOCUMENTS).write_parquet(tmp_path.parent / "raw.parquet")
    schemas.frame(held, schemas.QUARANTINE).write_parquet(tmp_path.parent / "held.parquet")


def test_a_redecoded_name_that_reads_like_another_file_is_escaped_not_repeated(tmp_path):
    (tmp_path / "报告.txt").write_text("投资增长5%。")
    _write(tmp_path, "报告.txt".encode("gbk"), "投资增长6%。".encode())
    paths = sorted(r.source_path for r in scan_folder(tmp_path))
    assert paths == ["\\xb1\\xa8\\xb8\\xe6.txt", "报告.txt"]


def test_a_linked_sub_folder_is_read(tmp_path):
    inp, elsewhere = tmp_path / "input", tmp_path / "elsewhere"
    inp.mkdir()
    (elsewhere / "deeper").mkdir(parents=True)
    (elsewhere / "deeper" / "a.txt").write_text("投资增长5%。")
    (inp / "b.txt").write_text("投资增长6%。")
    os.symlink(elsewhere, inp / "linked")
    rows = scan_folder(inp)
    assert {r.source_path: r.quarantine_reason for r in rows} == {"b.txt": None, "linked/deeper/a.txt": None}
    done = {"missing": [], "repeated": [], "unknown": []}
    assert account(inp, ["b.txt", "linked/deeper/a.txt"], []) == done


def test_folder_links_that_loop_or_repeat_are_quarantined_once_each(tmp_path):
    inp, elsewhere = tmp_path / "input", tmp_path / "elsewhere"
    (inp / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (inp / "sub" / "a.txt").write_text("投资增长5%。")
    (elsewhere / "b.txt").write_text("投资增长6%。")
    os.symlink(inp, inp / "sub" / "back-to-top")  # a loop: the link is inside the folder it points to
    os.symlink(tmp_path, inp / "up")  # a loop through a folder above the input
    os.symlink(inp / "sub", inp / "again")  # the plain sub-folder once more
    os.symlink(elsewhere, inp / "first")
    os.symlink(elsewhere, inp / "second")  # the same outside folder twice: the first link is kept
    os.symlink(inp / "loop-b", inp / "loop-a")  # links that never reach anything
    os.symlink(inp / "loop-a", inp / "loop-b")
    reasons = {r.source_path: r.quarantine_reason for r in scan_folder(inp)}
    assert reasons["sub/a.txt"] is None and reasons["first/b.txt"] is None
    assert reasons["sub/back-to-top"].startswith("symlink loop")
    assert reasons["up"].startswith("symlink loop")
    assert reasons["again"] == "same folder as sub"
    assert reasons["second"] == "same folder as first"
    assert reasons["loop-a"].startswith("symlink loop") and reasons["loop-b"].startswith("symlink loop")
    assert len(reasons) == 8  # one row per file and per link not followed


def test_the_account_is_against_the_listing_ingest_took(tmp_path):
    listed = ["a.txt", "b.png"]
    assert account(listed, ["a.txt"], ["b.png"]) == {"missing": [], "repeated": [], "unknown": []}
    (tmp_path / "arrived-later.txt").write_text("投资增长5%。")  # not in the listing: not this build's
    assert account(listed, ["a.txt"], []) == {"missing": ["b.png"], "repeated": [], "unknown": []}
    assert account(listed, ["a.txt", "a.txt", "c.txt"], ["b.png"]) == {
        "missing": [],
        "repeated": ["a.txt"],
        "unknown": ["c.txt"],
    }

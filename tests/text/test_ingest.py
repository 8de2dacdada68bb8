import os

from pipelines.text.ingest import doc_id_of, scan_folder


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

from pipelines.text.script import detect_script, to_simplified, traditional_share
from tests.conftest import read_raw


def test_traditional_page_is_hant_and_converts():
    raw = read_raw("002_dfa85d812edf7218.txt")
    assert detect_script(traditional_share(raw)) == "hant"
    assert "胶州市" in to_simplified(raw)


def test_simplified_pages_are_hans():
    for name in ("000_967a86bbbd29d274.txt", "001_82e7440523c68daa.txt", "004_3c2d5bc57e912340.txt"):
        assert detect_script(traditional_share(read_raw(name))) == "hans", name


def test_t2s_keeps_mainland_vocabulary():
    assert to_simplified("新增開工項目") == "新增开工项目"  # tw2sp would write 添加

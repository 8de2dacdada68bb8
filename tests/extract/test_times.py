from pipelines.extract.times import find_times, period_phrases


def values(text):
    return [(t.fact_type, t.value, t.value_high, t.qualifier, t.text) for t in find_times(text)]


def test_month_range_is_a_period():
    assert values("1-8月份完成投资占全年计划的71.4%") == [("period", "--01", "--08", "range", "1-8月份")]
    assert values("1至8月，开工在建项目1437个")[0][:3] == ("period", "--01", "--08")


def test_quarters_and_halves():
    assert values("力争前三季度增长10%以上")[0][:4] == ("period", "--01", "--09", "range")
    assert values("调度原计划三季度前开工项目")[0][:4] == ("period", "--07", "--09", "<=")
    assert values("2021年下半年投资")[0][:3] == ("period", "2021-07", "2021-12")


def test_dates_with_and_without_year():
    assert values("5月14日召开会议")[0][:2] == ("date", "--05-14")
    assert values("青岛日报2021年9月19日3版")[0][:2] == ("date", "2021-09-19")
    assert values("6月底前完成")[0][:4] == ("date", "--06-30", None, "<=")
    assert values("9月份召开观摩会")[0][:2] == ("date", "--09")


def test_period_phrases_are_found_in_order():
    assert [p[2] for p in period_phrases("1-8月份投资增长，年内完成率达120%")] == ["1-8月份", "年内"]


def test_a_month_is_not_read_out_of_a_longer_number():
    # the date is written down as the text gives it; validate.py rejects it as not a calendar date
    assert values("2099年13月45日") == [("date", "2099-13-45", None, "=", "2099年13月45日")]
    assert [v[1] for v in values("十三月")] == ["--13"]
    assert [v[1] for v in values("6-24月龄")] == ["--24"]
    assert values("13月以来") == [("date", "--13", None, "=", "13月")]  # not the period --03 onwards


def test_impossible_days_are_kept_as_written():
    assert values("2021年2月30日")[0][:2] == ("date", "2021-02-30")
    assert values("13月底")[0][:2] == ("date", "--13")  # no last day of month 13 to give
    assert values("十二月三十一日")[0][:2] == ("date", "--12-31")

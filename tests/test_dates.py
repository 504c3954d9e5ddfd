"""What each reader of a written date accepts (summarize/dates.py holds the pieces they are built from).

One table a reader: the page's dateline under its headline (briefs.reading.html), a dateline line of page
furniture and a byline's filing date (summarize.furniture), a crawler's timestamp before the lead
(summarize.clean), a feed entry's local date (briefs.reading.ingest) and the post time a page's script
holds. Near-misses (a phone number, a version number, an address, a date that is no date) sit beside the
forms each accepts.
"""
from __future__ import annotations

import datetime as dt

import pytest

from briefs.reading.html import credited_source, dateline, parse_markup, posted_time
from briefs.reading.ingest import _local_date
from summarize.clean import strip_lead_noise
from summarize.furniture import is_byline, is_credit, is_dateline

D = dt.datetime
DAY = D(2024, 3, 8)
TEN_THIRTY = D(2024, 3, 8, 10, 30)

# The text under a headline (html.dateline) and the same text as a line of its own (furniture.is_dateline):
# a dateline line is one with a day and its time; the page's dateline may also be the day alone, set apart.
PAGE = [
    ("2024年3月8日 10:30", TEN_THIRTY, True),
    ("2024年03月08日10:30", TEN_THIRTY, True),
    ("2024-03-08 10:30", TEN_THIRTY, True),
    ("2024/3/8 10:30", TEN_THIRTY, True),
    ("2024.03.08 10:30", TEN_THIRTY, True),
    ("2024-03-0810:30", TEN_THIRTY, True),  # a crawler glued the time to the day
    ("2024-03-08 10:30:15", D(2024, 3, 8, 10, 30, 15), True),
    ("2024-03-08 10：30", TEN_THIRTY, True),  # full-width colon
    ("2024-03-08 10：30：15", D(2024, 3, 8, 10, 30, 15), True),
    ("2024 年 3 月 8 日 10:30", TEN_THIRTY, True),
    ("2024 - 03 - 08 10:30", TEN_THIRTY, True),
    ("2024年3月8日 星期五 10:30", TEN_THIRTY, True),
    ("2024年3月8日周五10:30", TEN_THIRTY, True),
    ("2024年3月8日（五） 10:30", TEN_THIRTY, True),  # the weekday in brackets, as furniture has long read it
    ("2024-03-08 (五) 10:30", TEN_THIRTY, True),
    ("2024年3月8日 周刊 10:30", TEN_THIRTY, True),  # what stands between the day and its time is passed over
    ("1999-12-31 23:59", D(1999, 12, 31, 23, 59), True),
    ("2024-03-08 10:30 来源：新华网", TEN_THIRTY, True),
    ("2024/03/08 09:00 +0800", D(2024, 3, 8, 9, 0), True),  # a page's dateline is local time, as printed
    # the day alone: the page's dateline when set apart from what follows; no dateline line (no time)
    ("2024年3月8日", DAY, False),
    ("2024-03-08", DAY, False),
    ("2024.3.8", DAY, False),
    ("2024年3月8日 星期五", DAY, False),
    ("2024年3月8日（五）", DAY, False),
    ("2024年3月8日 | 新华网", DAY, False),
    ("2024年3月8日｜新华网", DAY, False),
    ("2024年3月8日 10时30分", DAY, False),  # 时分 is how a story's sentences write the time, not a dateline
    ("2024-3-8 9:5", DAY, False),  # a minute has two digits
    ("2024年3月8日，县图书馆开始试行夜间开放", None, False),  # a date opening a sentence of the story
    ("2024.1.1版", None, False),
    # a date that is no day: no dateline, though the line has a dateline's shape
    ("2024-13-45 10:30", None, True),
    ("2024-13-45", None, False),
    # years a page does not print, and numbers that are not dates
    ("1899-12-31 23:59", None, False),
    ("24-03-08 10:30", None, False),
    ("3月8日 10:30", None, False),
    ("010-6512-3456", None, False),
    ("0755-8888-1234", None, False),
    ("1.2.3", None, False),
    ("3.11.4", None, False),
    ("192.168.1.1", None, False),
]


@pytest.mark.parametrize(("text", "read", "line"), PAGE)
def test_a_pages_dateline(text: str, read: dt.datetime | None, line: bool) -> None:
    assert dateline(text) == read
    assert is_dateline(text) is line


@pytest.mark.parametrize(
    ("under", "source"),
    [
        ("2024-03-08 10:30 科创时报", "科创时报"),
        ("2024年3月8日 星期五 科创时报", "科创时报"),  # the weekday is part of the dateline
        ("2024年3月8日｜新华网", "新华网"),
        ("2024年3月8日（五） 10:30 科创时报", "科创时报"),
    ],
)
def test_the_publisher_after_a_dateline(under: str, source: str) -> None:
    assert credited_source(under) == source


# A feed entry's date, read whole (ingest._local_date): any four-digit year, 时分秒, T, an offset.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
FEED = [
    ("2024年3月8日 10:30", TEN_THIRTY),
    ("2024-03-08 10:30", TEN_THIRTY),
    ("2024/3/8 10:30", TEN_THIRTY),
    ("2024.03.08 10:30", TEN_THIRTY),
    ("2024-03-08T10:30:00", TEN_THIRTY),
    ("2024-03-0810:30", TEN_THIRTY),
    ("2024-03-08 10：30：15", D(2024, 3, 8, 10, 30, 15)),
    ("2024 - 03 - 08 10:30", TEN_THIRTY),
    ("2024年3月8日 10时30分", TEN_THIRTY),
    ("2024年3月8日10时30分15秒", D(2024, 3, 8, 10, 30, 15)),
    ("2024-3-8 9:5", D(2024, 3, 8, 9, 5)),
    ("2024年3月8日 星期五 10:30", TEN_THIRTY),
    ("2024年3月8日 周五", DAY),
    ("2024年3月8日", DAY),
    ("2024-03-08日", DAY),
    ("1899-12-31 23:59", D(1899, 12, 31, 23, 59)),
    ("2024/03/08 09:00:00 +0800", D(2024, 3, 8, 9, 0, tzinfo=SHANGHAI)),
    ("2024/03/08 09:00 -05:00", D(2024, 3, 8, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
    # read whole: anything the pieces do not name leaves the date to feedparser
    ("2024年3月8日 周刊 10:30", None),  # a weekday must name a day
    ("2024年3月8日 星期x 10:30", None),
    ("2024年3月8日（五） 10:30", None),
    ("2024年3月8日 上午 10:30", None),
    ("2024-13-45 10:30", None),
    ("24-03-08 10:30", None),
    ("3月8日 10:30", None),
    ("010-6512-3456", None),
    ("0755-8888-1234", None),
    ("1.2.3", None),
    ("192.168.1.1", None),
    ("2024.1.1版", None),
]


@pytest.mark.parametrize(("text", "read"), FEED)
def test_a_feeds_local_date(text: str, read: dt.datetime | None) -> None:
    assert _local_date(text) == read


# The post time a page's script holds (`var publish_time = "…"`): a date and time as the page would print
# it, or the day as a program writes it (no spaces).
@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("2024-03-08 10:30", TEN_THIRTY),
        ("2024/03/08 10:30:15", D(2024, 3, 8, 10, 30, 15)),
        ("2024.03.08", DAY),
        ("2024-3-8", DAY),
        ("2024 - 03 - 08 10:30", TEN_THIRTY),
        ("2024 - 03 - 08", None),
        ("1899-12-31", None),
        ("2024-13-45", None),
        ("010-6512-3456", None),
        ("192.168.1.1", None),
    ],
)
def test_a_scripts_post_time(value: str, read: dt.datetime | None) -> None:
    assert posted_time(parse_markup(f"<html><body><script>var publish_time = '{value}';</script></body></html>")) == read


LEAD = "公司今天发布了新一代芯片，性能提升一倍。"


# A crawler's timestamp before the lead (clean.strip_lead_noise): day and time touching, half-width colons,
# the year optional; the headline glued in front of it goes with it.
@pytest.mark.parametrize(
    ("stamp", "stripped"),
    [
        ("2015-04-2512:02", True),
        ("2024年3月8日 10:30", True),
        ("2024/3/8 10:30:15", True),
        ("2024.03.08 10:30", True),
        ("04-26 08:06", True),
        ("3月8日 10:30", True),
        ("1899-12-31 23:59", True),
        ("2024-03-08 10：30", False),  # full-width colon
        ("2024 - 03 - 08 10:30", False),
        ("2024年3月8日 星期五 10:30", False),
        ("2024-03-08T10:30", False),
        ("2024-3-8 9:5", False),
        ("2024年3月8日", False),  # no time
        ("010-6512-3456", False),
        ("192.168.1.1", False),
        ("1.2.3", False),
    ],
)
def test_a_crawlers_timestamp_before_the_lead(stamp: str, stripped: bool) -> None:
    assert (strip_lead_noise(f"{stamp}新浪体育 {LEAD}") == LEAD) is stripped
    assert (strip_lead_noise(f"芯片发布{stamp} {LEAD}") == LEAD) is stripped


# The day a reporter filed (a byline's or a photo credit's tail): no spaces, no time, also Minguo years.
@pytest.mark.parametrize(
    ("day", "filed"),
    [
        ("2024年3月8日", True),
        ("2024-03-08", True),
        ("2024/3/8", True),
        ("2024.3.8", True),
        ("105年3月19日", True),
        ("105/3/19", True),
        ("24-03-08", True),
        ("2024 - 03 - 08", False),
        ("2024-03-08 10:30", False),
        ("3月8日", False),
        ("010-6512-3456", False),
        ("192.168.1.1", False),
        ("1.2.3", False),
    ],
)
def test_a_filing_date_after_a_byline_or_credit(day: str, filed: bool) -> None:
    assert is_byline(f"中央社記者邱俊欽桃園傳真 {day}") is filed
    assert is_byline(f"（记者 王明 {day}）") is filed
    assert is_credit(f"记者王明摄{day}") is filed

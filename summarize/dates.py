"""How Chinese pages and feeds write a day and a time of day: the pieces every date pattern is built from.

The dateline under a headline, a dateline line of page furniture, a byline's filing date, a crawler's
timestamp before the lead and a feed entry's local date all write the day the same way (year, month, day;
年月日 or one of - / .) and differ only in what they allow around it: which years, spaces between the
numbers, a weekday, how the time is written. Each user composes its pattern from these pieces, so that
difference is spelled out where it is used. Every piece captures its numbers in calendar order (year,
month, day; hour, minute, second), so a match's groups make a datetime.
"""
from __future__ import annotations

YEAR = r"(?:19|20)\d{2}"  # a year a page prints: this century or the last
ANY_YEAR = r"\d{4}"  # a feed's or a crawler's year, read as written
SHORT_YEAR = r"\d{2,4}"  # also Taiwan's Minguo years (105年3月19日) and two-digit years, in a filing date


def day(year: str = YEAR, gap: str = r"\s*", year_optional: bool = False) -> str:
    """A day written year first: 2024年3月8日, 2024-03-08, 2024/3/8, 2024.3.8 (日 optional, either way).
    `gap` is what may stand around the marks (`""`: the numbers and marks touch, as a program writes them);
    with `year_optional`, 3月8日 and 03-08 too. Groups: year, month, day."""
    year_part = rf"({year}){gap}[年/\-.]{gap}"
    if year_optional:
        year_part = f"(?:{year_part})?"
    return rf"{year_part}(\d{{1,2}}){gap}[月/\-.]{gap}(\d{{1,2}}){gap}日?"


# A feed's date is read whole, so its weekday must name a day: 星期三, 周日.
WEEKDAY = r"(?:(?:星期|周)[一二三四五六日天])"
# A page's dateline is found by search, and what stands between its day and its time is passed over: 星期
# or 周 and the character after it, or one character in brackets: (三), （三）.
PAGE_WEEKDAY = r"(?:星期.|周.|\(.\)|（.）)"


def clock(colon: str = "[:：]") -> str:
    """A time of day: 09:30, 9:30, 09:30:15, with a half- or full-width colon (or only `colon`).
    Groups: hour, minute, second (None when not given)."""
    return rf"(\d{{1,2}}){colon}(\d{{2}})(?:{colon}(\d{{2}}))?"


# How feeds write the time: also 09时30分(15秒), spaced, minutes of one digit. A page's dateline takes
# only `clock()`: a story's own sentences write 9时30分 ("2024年12月6日9时30分，…"), and that is no dateline.
FEED_CLOCK = r"(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?"

# The dateline a page prints: the day with its time of day, a weekday maybe between them
# (2005年8月26日 10:35, 2023-09-14 08:05:33, 2024年3月8日（五）10:30). Groups: year … second.
DATELINE = rf"{day()}\s*{PAGE_WEEKDAY}?\s*{clock()}"

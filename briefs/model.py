"""The values that flow through the product: documents read, articles kept, and the brief composed."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from summarize.model import Summary, Theme


# The script of the words a brief adds around what it shows (title, theme headings, counts, 今日关键词): the
# team's, as configured ([digest] labels), so a brief reads the same every day whatever the day's mix; or
# "auto": Traditional on a day whose articles are all Traditional.
LABEL_SCRIPTS = ("simplified", "traditional", "auto")


def common_script(scripts: Iterable[str]) -> str:
    """"traditional" when there is at least one script and every one is Traditional, else "simplified".

    The one rule where the words zhbrief adds follow what they stand around: a brief with `labels = "auto"`
    reads as Traditional when all its articles are, an index or a feed when all its briefs are; a mixed or
    empty one stays Simplified.
    """
    found = set(scripts)
    return "traditional" if found == {"traditional"} else "simplified"


@dataclass(frozen=True)
class Document:
    """One article as read from a file, a JSONL line, a feed entry or stdin, before summarizing."""

    origin: str  # where it came from, for messages: "inbox/a.html", "wire.jsonl:3", "feed.xml#2", "<stdin>"
    text: str  # main text; headings as Markdown "#" lines when the source marked them
    title: str | None = None
    id: str | None = None
    url: str | None = None
    source: str | None = None  # publisher / site name
    published: dt.datetime | None = None  # timezone-aware when the source said so
    extraction: str | None = None  # how an HTML page's text was found ("trafilatura, precision pass")
    extraction_wording: Wording | None = None  # the same in the summary's words, for --explain


@dataclass(frozen=True)
class Wording:
    """What a brief says went wrong: a sentence of zhbrief's own, in Simplified, whose `{slots}` take details
    shown as given (a number, a date, an exception's or a server's own text) or another Wording. Only the
    sentence is put into the brief's script, so a detail (a path, a URL) is never converted."""

    text: str
    details: tuple[tuple[str, str | int | Wording], ...] = ()

    @classmethod
    def of(cls, text: str, **details: str | int | Wording) -> Wording:
        return cls(text, tuple(details.items()))

    def said(self, label: Callable[[str], str]) -> str:
        """The sentence through `label` (render.in_script), its details filled in."""
        return label(self.text).format_map({key: value.said(label) if isinstance(value, Wording) else value
                                            for key, value in self.details})


@dataclass(frozen=True)
class Failure:
    """An input that could not be used: where, and what was wrong — in English for stderr and logs
    (`reason`), and in the brief's words (`wording`), made together where the failure is found."""

    origin: str
    reason: str
    wording: Wording


@dataclass(frozen=True)
class Outlet:
    """Another outlet that ran a story the brief shows once: its name (else its link or file) and its page."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """A document with its summary, as it enters a brief."""

    document: Document
    summary: Summary
    fingerprint: str  # stable id of the story (for the store and for dedupe)
    other_sources: tuple[Outlet, ...] = ()  # the outlets of near-duplicates folded into this one


@dataclass(frozen=True)
class BriefItem:
    """One key sentence in a theme section of the brief, with the article it comes from."""

    text: str
    score: float
    article: Article


@dataclass(frozen=True)
class ThemeSection:
    theme: Theme
    items: tuple[BriefItem, ...]


@dataclass(frozen=True)
class BriefCounts:
    read: int = 0  # documents read for the day
    kept: int = 0  # articles in the brief
    duplicates: int = 0  # near-duplicates folded into another article
    seen: int = 0  # already briefed on an earlier day
    failed: int = 0  # inputs that could not be used
    other_days: int = 0  # dated on another day than the brief's
    # read = kept + duplicates + seen + other_days + unmatched + routed: each article read is counted once
    # (the copies folded into a story count where the story does); failed counts inputs, apart from read.
    unmatched: int = 0  # a watchlist's brief: articles of the day's stories its terms did not match
    routed: int = 0  # the main brief: articles of the stories only watchlists with main = false show


@dataclass(frozen=True)
class Brief:
    """A dated brief: counts, the day's keywords, one section per theme, and every kept article."""

    date: dt.date
    counts: BriefCounts
    keywords: tuple[str, ...]
    themes: tuple[ThemeSection, ...]
    articles: tuple[Article, ...]
    failures: tuple[Failure, ...] = ()
    watchlist: str = ""  # "" the main brief, else the watchlist it was composed for
    rule: str = ""  # the watchlist's terms in one line, as its brief shows them
    matched: tuple[tuple[str, str], ...] = ()  # (article fingerprint, the terms it matched)
    tz: dt.tzinfo | None = None  # the zone of the brief's day, in which its articles' times are shown
    labels: str = "simplified"  # LABEL_SCRIPTS: the script of its own words

    @property
    def script(self) -> str:
        """The script of the brief's own words (title, headings, counts) and of its `lang`: `labels`, or with
        "auto" Traditional when every article in it is. The articles' text is shown as written either way,
        marked with its own `lang` where it differs."""
        if self.labels != "auto":
            return self.labels
        return common_script(article.summary.script for article in self.articles)


@dataclass(frozen=True)
class IndexEntry:
    """One brief as the folder's index lists it: its files, counts and the day's top sentence."""

    date: dt.date
    md_name: str  # file names relative to the index: "2026-11-25.md"
    html_name: str
    counts: BriefCounts
    headline: str  # the day's top sentence; "" for a day with nothing to brief
    script: str = "simplified"  # the brief's own words: Brief.script

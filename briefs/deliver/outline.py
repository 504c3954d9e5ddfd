"""Outline: what of a brief travels to a chat group — its date, counts, keywords, each theme's items
with their source links, and the titles of its other stories — as one value, whether the brief is in
memory or on disk.

Contract: `outline_from_brief(brief)` (the digest, right after composing) and `read_outline(path)` (`zhbrief
push`, from the brief's HTML file, which marks every part with a class) give equal outlines for the same
brief; the tests check that on the golden brief. Text is the reader's text: unescaped, one line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.errors import BriefError
from briefs.model import Brief
from briefs.render import (
    BRIEF_TITLE, ArticleName, article_name, brief_heading, counts_line, http_url, in_script, nothing_today, one_line,
    script_of_lang, script_of_page,
)

if TYPE_CHECKING:
    import lxml.html

NONE_TODAY = "今日无："  # + the themes with no item, in one line after the items (a chat message's first
# screen is for news, not for empty headings)


@dataclass(frozen=True)
class OutlineItem:
    """One key sentence and where it comes from."""

    text: str
    name: ArticleName  # its article's: a headline, or opening words (quoted, never in 《》)
    url: str | None  # http(s) only
    source: str | None


@dataclass(frozen=True)
class OutlineStory:
    """A story of the brief that no theme item quotes: its name, linked when it has an http(s) page."""

    name: ArticleName
    url: str | None


@dataclass(frozen=True)
class OutlineTheme:
    label: str
    items: tuple[OutlineItem, ...]


@dataclass(frozen=True)
class Outline:
    date: dt.date
    counts: str  # "读取 9 篇 · 收录 4 篇 · …"
    keywords: tuple[str, ...]
    themes: tuple[OutlineTheme, ...]  # empty when the day had no article
    html_name: str  # the brief's HTML file name, for the link under --link-base
    watchlist: str = ""  # a watchlist's brief: its name leads the heading
    others: tuple[OutlineStory, ...] = ()  # the brief's other stories, in its order, after the theme items
    script: str = "simplified"  # the brief's (Brief.script): counts and labels above are in it already

    def label(self, text: str) -> str:
        """One of zhbrief's own words (每日简报, （续）, 查看完整简报 ...) in the brief's script."""
        return in_script(self.script)(text)

    @property
    def heading(self) -> str:
        return brief_heading(self.date, self.watchlist, self.script)

    @property
    def nothing(self) -> str:
        """What the message says on a day with no article: what the brief says (render.nothing_today)."""
        return nothing_today(self.watchlist, self.script)

    @property
    def items(self) -> tuple[OutlineItem, ...]:
        return tuple(item for theme in self.themes for item in theme.items)


def published_name(file_name: str, watchlist: str) -> str:
    """The brief's HTML as published under the output folder's address: a watchlist's is in its folder."""
    return f"{watchlist}/{file_name}" if watchlist else file_name


def watchlist_of(document: str | bytes | lxml.html.HtmlElement, script: str = "simplified") -> str:
    """The watchlist a brief's HTML was written for, "" for the main brief: its <main data-watchlist>. A
    brief written before zhbrief marked it there is known by its title, "NAME · 每日简报 · DATE" (每日簡報 in
    a Traditional brief: `script`, the page's)."""
    import lxml.html

    if isinstance(document, (str, bytes)):
        try:
            document = lxml.html.document_fromstring(document)
        except Exception:  # noqa: BLE001 — lxml refuses empty or odd documents in several ways
            return ""
    marked = document.xpath("//main/@data-watchlist")
    if marked:
        return one_line(str(marked[0]))
    title = one_line(document.findtext(".//title") or "")
    head, mark, _ = title.rpartition(f" · {in_script(script)(BRIEF_TITLE)} · ")
    return head if mark else ""


def _one_line_name(name: ArticleName) -> ArticleName:
    return ArticleName(one_line(name.text), name.kind, name.script)


def outline_from_brief(brief: Brief, *, html_name: str | None = None) -> Outline:
    themes: tuple[OutlineTheme, ...] = ()
    others: tuple[OutlineStory, ...] = ()
    label = in_script(brief.script)  # as the brief's page shows its counts and theme labels
    if brief.articles:  # the rendered brief shows no theme sections on an empty day either
        themes = tuple(
            OutlineTheme(one_line(label(section.theme.label)), tuple(
                OutlineItem(one_line(item.text), _one_line_name(article_name(item.article)),
                            http_url(item.article.document.url),
                            one_line(item.article.document.source) if item.article.document.source else None)
                for item in section.items))
            for section in brief.themes)
        quoted = {item.article.fingerprint for section in brief.themes for item in section.items}
        others = tuple(OutlineStory(_one_line_name(article_name(a)), http_url(a.document.url))
                       for a in brief.articles if a.fingerprint not in quoted)
    return Outline(brief.date, label(counts_line(brief.counts)), tuple(one_line(k) for k in brief.keywords), themes,
                   html_name or published_name(f"{brief.date.isoformat()}.html", brief.watchlist), brief.watchlist,
                   others, brief.script)


def html_of(path: Path) -> Path:
    """The brief's HTML file for `path` (the .md or the .html the digest wrote)."""
    return path if path.suffix.lower() in (".html", ".htm") else path.with_suffix(".html")


def read_outline(path: Path) -> Outline:
    """The outline of a brief the digest wrote (`DATE.md` or `DATE.html`; the HTML is what is read); a
    watchlist's brief is known by what its HTML says, wherever the file is."""
    import lxml.html

    html_path = html_of(path)
    try:
        data = html_path.read_bytes()
    except FileNotFoundError:
        hint = f" (the digest writes it next to {path.name})" if html_path != path else ""
        raise BriefError(f"{html_path}: no such brief{hint}") from None
    except OSError as error:
        raise BriefError(f"{html_path}: cannot read the brief: {error.strerror or error}") from None
    try:
        root = lxml.html.document_fromstring(data)
    except Exception as error:  # noqa: BLE001 — lxml raises several kinds for a file that is not HTML
        raise BriefError(f"{html_path}: not an HTML brief ({error})") from None

    def one(xpath: str, what: str) -> lxml.html.HtmlElement:
        found = root.xpath(xpath)
        if not found:
            raise BriefError(f"{html_path}: not a zhbrief brief (no {what}); push the DATE.md or DATE.html "
                             "that `zhbrief digest` wrote")
        return found[0]

    def text(element: lxml.html.HtmlElement) -> str:
        return one_line(element.text_content())

    when = one("//h1//time/@datetime", "date in the heading")
    try:
        date = dt.date.fromisoformat(str(when))
    except ValueError:
        raise BriefError(f"{html_path}: the brief's date {when!r} is not YYYY-MM-DD") from None
    counts = text(one("//p[@class='counts']", "counts line"))
    keywords = tuple(text(k) for k in root.xpath("//p[@class='keywords']/span[@class='kw']"))
    script = script_of_page(data[:4096].decode("utf-8", "replace"))

    def kind_of(element: lxml.html.HtmlElement) -> ArticleName:
        """The kind of name a credit or a heading shows, as the brief marked it (data-name; none: a headline),
        in its story's script (the nearest lang: the item's or heading's own, else the page's)."""
        lang = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
        return ArticleName.of("", element.get("data-name", ""), script_of_lang(str(lang[0])) if lang else script)

    def named(element: lxml.html.HtmlElement, kind: ArticleName, shown: str, marks: tuple[str, str]) -> ArticleName:
        """The name: its link's text, else `shown` without its `marks`."""
        link = element.xpath(".//a")
        found = text(link[0]) if link else shown.removeprefix(marks[0]).removesuffix(marks[1])
        return ArticleName(found, kind.kind, kind.script)

    themes = []
    quoted: set[str] = set()  # the numbers (in 文章一览) of the articles theme items quote
    for section in root.xpath("//section[contains(concat(' ', @class, ' '), ' theme ')]"):
        items = []
        for li in section.xpath(".//li[@class='item']"):
            quoted.add(li.get("data-article", ""))
            sentence = text(li.xpath(".//p[@class='sentence']")[0])
            via = li.xpath(".//p[@class='via']")[0]
            link = via.xpath(".//a")
            source = via.xpath(".//span[@class='source']")
            source_text = text(source[0]) if source else None
            # "——SOURCE《TITLE》", "——SOURCE：“WORDS”": the name is what is left once the source is off
            kind = kind_of(via)
            shown = text(via).removeprefix("——")
            if source_text:
                shown = shown.removeprefix(source_text).removeprefix(kind.after_source)
            items.append(OutlineItem(sentence, named(via, kind, shown, kind.credit_marks),
                                     http_url(link[0].get("href")) if link else None, source_text))
        themes.append(OutlineTheme(text(section.xpath("./h2")[0]), tuple(items)))
    others = []
    for number, li in enumerate(root.xpath("//ol[@class='articles-list']/li[@class='article']"), start=1):
        if str(number) in quoted:
            continue
        heading = li.xpath("./h3")[0]
        link = heading.xpath(".//a")
        kind = kind_of(heading)  # "N. TITLE", "N. “WORDS”"
        others.append(OutlineStory(named(heading, kind, text(heading).removeprefix(f"{number}.").strip(), kind.marks),
                                   http_url(link[0].get("href")) if link else None))
    watchlist = watchlist_of(root, script)
    return Outline(date, counts, keywords, tuple(themes), published_name(html_path.name, watchlist), watchlist,
                   tuple(others), script)

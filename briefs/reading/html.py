"""HTML pages: one page's markup in, its article text, headline, publisher and date out.

The main text comes from trafilatura in passes: the first, favouring precision with tables off, is what
a brief wants; when it comes back empty or implausibly short (a body laid out in tables, a page whose
"main" block trafilatura took to be a disclaimer or a comment), the next passes (trafilatura's defaults,
tables on, recall) are tried and the one with clearly more article text wins. Which pass was used is
kept for `--explain` and `--verbose`. Crawl-archive wrappers (`<text id="URL" title="…">…</text>`) give
their URL and title. The headline and publisher come from `briefs.reading.title`.
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from dataclasses import dataclass
from typing import Any

from briefs.reading.title import PageTitles, headline, norm, publisher
from summarize.furniture import article_chars, has_article_text


@dataclass(frozen=True)
class ExtractionPass:
    name: str  # as --explain shows it
    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = False


PASSES = (
    ExtractionPass("precision", favor_precision=True),  # a brief would rather miss a caption than quote the sidebar
    ExtractionPass("default"),  # trafilatura's own balance: reads most pages whose main block precision misjudges
    ExtractionPass("tables", include_tables=True),  # bodies laid out in <table> cells
    ExtractionPass("recall", favor_recall=True, include_tables=True),  # last resort: keep what might be text
)
PLAUSIBLE_CHARS = 200  # Han characters of article prose; below this a pass may have missed the body
CLEARLY_MORE = 2.0  # a later pass replaces an earlier one only with at least this much more article text


@dataclass(frozen=True)
class Page:
    """What one HTML page gives: its main text (Markdown headings), headline, publisher, date, pass."""

    text: str
    title: str | None
    url: str | None
    source: str | None
    published: dt.datetime | None
    extraction: str  # "trafilatura, precision pass" — which pass gave the text
    has_article: bool  # False when the text is all navigation, comments, notices or widgets


# `<text id="URL" title="…" encoding="…">` … `</text>`: how some crawl archives store a page. The page
# stays inside it for parsing: what it holds may start with a <script> before its <html>, which the
# wrapping element keeps in one tree.
_WRAPPER = re.compile(r"\A\s*<text\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def wrapper_attributes(markup: str) -> dict[str, str]:
    """The attributes of a crawl wrapper around the page (id = the page's URL, title), or {}."""
    match = _WRAPPER.match(markup)
    if not match:
        return {}
    return {
        name.lower(): htmllib.unescape(double if double is not None else single)
        for name, double, single in _ATTRIBUTE.findall(match.group(1))
    }


def _extract(markup: str, extraction: ExtractionPass) -> str:
    import trafilatura  # slow to import (~0.15 s); only HTML pays for it

    return (
        trafilatura.extract(
            markup,
            output_format="markdown",  # <h2> → "## …": the engine's section headings
            include_comments=False,
            include_tables=extraction.include_tables,
            include_images=False,
            include_links=False,
            favor_precision=extraction.favor_precision,
            favor_recall=extraction.favor_recall,
            deduplicate=False,
        )
        or ""
    )


def main_text(markup: str) -> tuple[str, str]:
    """(main text, name of the pass that gave it): the first pass unless it is implausibly short and a
    later one holds clearly more article text."""
    best_text, best_name, best_chars = "", PASSES[0].name, -1
    for extraction in PASSES:
        text = _extract(markup, extraction)
        chars = article_chars(text)
        if best_chars < 0 or chars >= CLEARLY_MORE * max(best_chars, 1) and chars > best_chars:
            best_text, best_name, best_chars = text, extraction.name, chars
        if best_chars >= PLAUSIBLE_CHARS:
            break
    return best_text, best_name


def _tree(markup: str) -> Any:
    from lxml import html as lxml_html

    try:
        return lxml_html.fromstring(markup)
    except (ValueError, TypeError, lxml_html.etree.ParserError):  # type: ignore[attr-defined]
        return None


def _repeats_headline(line: str, title: str) -> bool:
    """The headline, or a part of it on a line of its own ("耐克鞋的气垫“伤机”" under a two-part headline)."""
    line, norm_title = norm(line.lstrip("# ")), norm(title)
    return bool(line) and (line == norm_title or (len(line) >= max(4, len(norm_title) // 3) and line in norm_title))


def _drop_headline(text: str, title: str | None) -> str:
    """The text without repeats of the headline among its first lines (they are the title, not sections)."""
    if not title:
        return text
    lines = text.split("\n")
    repeats: set[int] = set()
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _repeats_headline(line, title):
            repeats.add(i)
        seen += 1
        if seen >= 3:
            break
    return "\n".join(line for i, line in enumerate(lines) if i not in repeats)


def read_page(markup: str) -> Page:
    """The article of one HTML page (or crawl-wrapped page)."""
    from trafilatura.metadata import extract_metadata

    from briefs.reading.read import _parse_datetime, _split_title, strip_markdown  # read.py imports us lazily

    page, wrapper = markup, wrapper_attributes(markup)
    metadata = extract_metadata(
        page,
        # The page's own publication time, with its time of day and zone; no guessing from body text,
        # where related-news teasers carry other days' dates.
        date_config={"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    text, pass_name = main_text(page)
    h1, text = _split_title(strip_markdown(text))  # a leading "# …" is the page's headline, not a section
    tree = _tree(page)
    url = wrapper.get("id") or wrapper.get("url") or (metadata.url if metadata else None)
    titles = PageTitles.of(
        tree, wrapper_title=wrapper.get("title"), metadata_title=metadata.title if metadata else None, url=url
    )
    title = headline(titles, tree) or h1
    text = _drop_headline(text, title)
    return Page(
        text=text,
        title=title,
        url=url,
        source=publisher(titles, metadata.sitename if metadata else None, title),
        published=_parse_datetime(metadata.date) if metadata and metadata.date else None,
        extraction=f"trafilatura, {pass_name} pass",
        has_article=has_article_text(text),
    )

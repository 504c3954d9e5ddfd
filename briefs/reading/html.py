"""HTML pages: one page's markup in, its article text, headline, publisher and date out.

The main text comes from trafilatura in passes: the first, favouring precision with tables off, is what
a brief wants; when it comes back empty or implausibly short (a body laid out in tables, a page whose
"main" block trafilatura took to be a disclaimer or a comment), the next passes (trafilatura's defaults,
tables on, recall) are tried and the one with clearly more article text wins. Which pass was used is
kept for `--explain` and `--verbose`. A page its scripts render in the browser (an empty `<div id="app">`
in the markup, the article in the data shipped for the scripts) gives the article of that data when the
markup gives none, or only its start (a mobile page cut off under "read it all"). Crawl-archive wrappers
(`<text id="URL" title="…">…</text>`) give their URL and title. The headline and publisher come from
`briefs.reading.title` (the source the page credits beside its dateline first); the date from the page's
metadata, or when it has no time of day the dateline under its headline, or the post time its scripts hold
(`var ct = "…"` on a public-account page saved before they ran), or, with no time of day above the text,
the time printed below it (`发布时间：…` closing the article, a blog's `发表于:…`).
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefs.model import Wording
from briefs.reading.captions import caption_texts, drop_captions, markup_captions
from briefs.reading.html_text import html_lines
from briefs.reading.title import (
    HEADLINE_MAX, PageTitles, byline_outlet, copyright_holder, dateline_outlet, credit_line, credited_name, dateline_name, headline, norm, publisher,
    source_name,
)
from summarize import regex
from summarize import dates
from summarize.clean import ends_sentence
from summarize.furniture import article_chars, furniture_lines, han_chars, has_article_text


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
# What --explain calls each pass, in the summary's words.
PASS_NAMES = {"precision": "精确模式", "default": "默认模式", "tables": "表格模式", "recall": "召回模式"}
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
    extraction: str  # "trafilatura, precision pass" — what gave the text
    extraction_wording: Wording  # the same in the summary's words: "trafilatura（精确模式）"
    has_article: bool  # False when the text is all navigation, comments, notices or widgets


# `<text id="URL" title="…" encoding="…">` … `</text>`: how some crawl archives store a page. The page
# stays inside it for parsing: what it holds may start with a <script> before its <html>, which the
# wrapping element keeps in one tree.
_WRAPPER = regex.compile(r"\A\s*<text\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = regex.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


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


# Rich-text editors (those of public-account platforms, of many CMSs) write each paragraph as a
# `<section>` of spans: trafilatura's precision pass glues such <section>s into one paragraph, or takes
# none of them and keeps a card of <p>s under the body instead. A <section> whose next block tag is its
# own end tag holds no block: it is a paragraph, and is read as one. One search a <section>, each
# stopping at the next block tag: linear in the markup.
_SECTION_OPEN = regex.compile(r"<section\b([^<>]{0,2000})>", re.IGNORECASE)
_BLOCK_TAG = regex.compile(
    r"</?(?:section|div|p|table|tr|td|ul|ol|li|h[1-6]|blockquote|figure|article|header|footer|aside|nav)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def _paragraph_sections(markup: str) -> str:
    """The markup with each <section> that holds no block as a <p>."""
    if "<section" not in markup and "<SECTION" not in markup:
        return markup
    parts: list[str] = []
    done = 0
    for opening in _SECTION_OPEN.finditer(markup):
        if opening.start() < done:
            continue
        block = _BLOCK_TAG.search(markup, opening.end())
        if block is None or not block.group().lower().startswith("</section"):
            continue
        parts += [markup[done : opening.start()], f"<p{opening.group(1)}>", markup[opening.end() : block.start()], "</p>"]
        done = block.end()
    return "".join(parts) + markup[done:]


# Some sites lay out their columns as one list: the article column is an <li> holding the headline, the
# dateline and the body's paragraphs. trafilatura writes a list item as one "- " line, running the
# headline, the dateline and every paragraph together. An <li> that holds paragraphs or headings of its own
# is a column, not an item of a list, and is read as a <div>. One pass over the tags, a stack of the open
# lists and items: linear in the markup.
_LIST_TAG = regex.compile(r"<(/?)(li|ul|ol|p|h[1-6])\b[^<>]{0,2000}>", re.IGNORECASE)
COLUMN_BLOCKS = 2  # paragraphs or headings an item holds when it is a column: a bullet has one at most


def _column_items(markup: str) -> str:
    """The markup with each list item that holds paragraphs or headings, and the list laid out of such
    items, as a <div>."""
    if "<li" not in markup and "<LI" not in markup:
        return markup
    stack: list[list[Any]] = []  # [tag, its open tag, blocks inside, holds a column] for each open list and item
    columns: list[tuple[re.Match[str], re.Match[str]]] = []
    for tag in _LIST_TAG.finditer(markup):
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            if not closing:
                for entry in stack:
                    entry[2] += 1
        elif not closing:
            if name == "li" and stack and stack[-1][0] == "li":
                stack.pop()  # an item left open ends where the next begins: it keeps its tag
            stack.append([name, tag, 0, False])
        elif name == "li":
            if stack and stack[-1][0] == "li":
                _, opened, blocks, _ = stack.pop()
                if blocks >= COLUMN_BLOCKS:
                    columns.append((opened, tag))
                    if stack:
                        stack[-1][3] = True
        else:  # </ul>, </ol>: closes the items left open in it
            while stack and stack[-1][0] == "li":
                stack.pop()
            if stack:
                _, opened, _, holds_column = stack.pop()
                if holds_column:
                    columns.append((opened, tag))
    if not columns:
        return markup
    edits = sorted(
        [(o.start(), o.start() + 1 + len(o.group(2)), "<div") for o, _ in columns]
        + [(c.start(), c.end(), "</div>") for _, c in columns]
    )
    parts: list[str] = []
    done = 0
    for start, end, replacement in edits:
        parts += [markup[done:start], replacement]
        done = end
    return "".join(parts) + markup[done:]


def main_text(markup: str) -> tuple[str, str]:
    """(main text, name of the pass that gave it): the first pass unless it is implausibly short and a
    later one holds clearly more article text."""
    markup = _column_items(_paragraph_sections(markup))
    best_text, best_name, best_chars = "", PASSES[0].name, -1
    for extraction in PASSES:
        text = _extract(markup, extraction)
        chars = article_chars(text)
        if best_chars < 0 or chars >= CLEARLY_MORE * max(best_chars, 1) and chars > best_chars:
            best_text, best_name, best_chars = text, extraction.name, chars
        if best_chars >= PLAUSIBLE_CHARS:
            break
    return best_text, best_name


# A page rendered by its scripts (Next.js, Nuxt, a React or Vue store) ships its article as data for them:
# `<script id="__NEXT_DATA__" type="application/json">{…}</script>`, `window.__INITIAL_STATE__ = {…};`. A
# crawler that saves the page without running it, as most do, keeps an empty `<div id="app">` and that
# data. The string of that data with the most article prose (plain text, or HTML) is the article.
# A name is tried from its first character only, and never given back (possessive): a long run of letters
# (a base64 image in a script) is one failed try, not one for each of its characters.
_ASSIGNMENT = regex.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*+(?:\.[A-Za-z_$][\w$]*+)*+)\s*+=\s*+(?=[{\[])")
_MARKUP = regex.compile(r"<(?:p|br|div|h[1-6]|section|li)\b[^>]*>", re.IGNORECASE)
MAX_ASSIGNMENTS = 32  # per script: a script of code has many; the data is in one of the first few
MIN_PROSE = 60  # characters of a string worth rendering (article_chars needs a sentence of 10 Han)


def _script_data(script: Any) -> list[tuple[str, Any]]:
    """(name, parsed value) of each JSON value a <script> element holds or assigns; values that do not
    parse as JSON (JavaScript object literals) are left out."""
    code = script.text or ""
    if not code.strip():
        return []
    decoder = json.JSONDecoder()
    kind = (script.get("type") or "").lower()
    if "json" in kind:
        try:
            return [(script.get("id") or kind, json.loads(code))]
        except (ValueError, RecursionError):
            return []
    found: list[tuple[str, Any]] = []
    for number, match in enumerate(_ASSIGNMENT.finditer(code)):
        if number >= MAX_ASSIGNMENTS:
            break
        try:
            value, _ = decoder.raw_decode(code, match.end())
        except (ValueError, RecursionError):
            continue
        found.append((match.group(1), value))
    return found


def _strings(value: Any) -> list[str]:
    """Every string in a parsed JSON value long enough to be prose (iteratively: data nests deep)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) >= MIN_PROSE:
                found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _as_text(string: str) -> str:
    """A data string as article text: HTML (also HTML written as entities, `&lt;p&gt;`) reduced to a line a
    block, `<h2>`… to Markdown headings; plain text as it is."""
    if not _MARKUP.search(string):
        string = htmllib.unescape(string)
        if not _MARKUP.search(string):
            return string.replace("\r\n", "\n")
    return drop_captions("\n".join(html_lines(string, headings=True)), markup_captions(string))


def embedded_article(tree: Any) -> tuple[str, str]:
    """(text, where) of the most article prose among the JSON data of a page's scripts: ("", "") when
    none holds a sentence of it. `where` names the data (`__NEXT_DATA__`, `window.__INITIAL_STATE__`)."""
    best_text, best_where, best_chars = "", "", 0
    if tree is None:
        return best_text, best_where
    found = [(han_chars(string), n, string, where) for script in tree.iter("script")
             for where, value in _script_data(script) for n, string in enumerate(_strings(value))]
    # Most Han characters first: a string's article prose is never more than its Han characters, so once
    # they fall to the best found, no later string can beat it. A page's state of thousands of teasers
    # and comments costs a count each, not a reading each.
    for han, _, string, where in sorted(found, key=lambda row: -row[0]):
        if han <= best_chars:
            break
        text = _as_text(string)
        chars = article_chars(text)
        if chars > best_chars:
            best_text, best_where, best_chars = text, where, chars
    return best_text, best_where


LONGER_WHOLE = 1.3  # the script data's article replaces the markup's teaser with this much more text
_TEASER_LINES = 2  # prose lines of the markup's text the data's article must hold, in order, to be its whole


def _continues(whole: str, teaser: str) -> bool:
    """True when `whole` holds the first prose lines of `teaser`, in order: the teaser's article, complete."""
    lines = [norm(line) for line in teaser.split("\n") if article_chars(line)]
    if not lines:
        return False
    flat, at = norm(whole), 0
    for line in lines[:_TEASER_LINES]:
        at = flat.find(line, at)
        if at < 0:
            return False
        at += len(line)
    return True


# A body block trafilatura knows by no name (a `<div class="paragraph">`) is read paragraph by paragraph,
# and its <h2>–<h4> subheadings are left out. A short heading whose nearest paragraphs before and after it
# are both lines of the text sits inside the article: it goes back in as a section heading. Widget titles
# (相關新聞 over a list of links) have no paragraph of the text after them.
SUBHEADING_MAX = 30  # characters of a subheading
_SENTENCE_END = "。！？!?；;"  # a line ending so is a sentence, not a heading
_PARAGRAPH_REACH = 2  # figures, images or ads skipped between a subheading and its paragraph


def _paragraph_near(heading: Any, forward: bool, captions: frozenset[str] = frozenset()) -> str:
    """The compared form of the nearest paragraph after (or before) a heading, a picture's caption passed
    over: a subheading often opens the text under a picture, whose caption the extraction leaves out."""
    sibling, reach = heading, _PARAGRAPH_REACH + 1
    while reach:
        sibling = sibling.getnext() if forward else sibling.getprevious()
        if sibling is None:
            return ""
        words = norm(sibling.text_content()) if isinstance(sibling.tag, str) else ""  # not a comment
        if words and words in captions:
            continue  # part of the figure, as its picture is
        if sibling.tag == "p" and words:
            return words
        reach -= 1
    return ""


def _lost_subheadings(text: str, tree: Any, captions: frozenset[str] = frozenset()) -> str:
    """The text with the subheadings inside its article put back, when the extraction kept none."""
    lines = text.split("\n")
    if tree is None or any(line.startswith("#") for line in lines):
        return text
    where = {norm(line): i for i, line in reversed(list(enumerate(lines))) if line.strip()}
    before: dict[int, str] = {}
    for heading in tree.iter("h2", "h3", "h4"):
        words = " ".join(heading.text_content().split())
        if not words or len(words) > SUBHEADING_MAX or words[-1] in _SENTENCE_END:
            continue
        after = where.get(_paragraph_near(heading, True, captions))
        previous = where.get(_paragraph_near(heading, False, captions))
        if after is not None and previous is not None and previous < after and after not in before:
            before[after] = f"## {words}"
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in before:
            out += [before[i], ""]
        out.append(line)
    return "\n".join(out)


_XML_DECLARATION = regex.compile(r"\ufeff?\s*<\?xml[^>]*>")  # an XHTML page's <?xml version="1.0" encoding="utf-8"?>


def parse_markup(markup: str) -> Any:
    """The lxml tree of an HTML page or fragment, or None when lxml cannot parse it."""
    from lxml import html as lxml_html

    if declared := _XML_DECLARATION.match(markup):  # lxml refuses a str that declares its encoding
        markup = markup[declared.end() :]
    try:
        return lxml_html.fromstring(markup)
    except (ValueError, TypeError, lxml_html.etree.ParserError):  # type: ignore[attr-defined]
        return None


def _repeats_headline(line: str, title: str) -> bool:
    """The headline, or a part of it on a line of its own ("耐克鞋的气垫“伤机”" under a two-part headline)."""
    line, norm_title = norm(line.lstrip("# ")), norm(title)
    return bool(line) and (line == norm_title or (len(line) >= max(4, len(norm_title) // 3) and line in norm_title))


HEADLINE_REACH = 12  # lines, furniture aside, in which a page may repeat its headline above the story


def _drop_headline(text: str, title: str | None) -> str:
    """The text without repeats of the headline above its first paragraph of prose, furniture aside (they
    are the title, not sections): a breadcrumb whose links the markup sets on lines of their own may
    come first."""
    if not title:
        return text
    lines = text.split("\n")
    furniture = furniture_lines(lines)  # a menu above the headline does not push it out of reach
    repeats: set[int] = set()
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip() or i in furniture:
            continue
        if _repeats_headline(line, title):
            repeats.add(i)
        elif not line.lstrip().startswith("#") and han_chars(line) >= PROSE_CHARS and ends_sentence(line.strip()):
            break  # the story has begun
        seen += 1
        if seen >= HEADLINE_REACH:
            break
    return "\n".join(line for i, line in enumerate(lines) if i not in repeats)


# The dateline a page prints under its headline: the date with its time of day, or (older pages, 2005年08月16日
# 来源：新华网) the date alone, set apart from what follows: "2005年8月16日，…" opens a sentence of the story.
_DATE_TIME = regex.compile(dates.DATELINE)  # the pattern by which summarize.furniture drops a dateline line
_DAY_ALONE = regex.compile(rf"{dates.day()}(?:\s*{dates.PAGE_WEEKDAY})?(?=[\s|｜]|$)")
DATELINE_REACH = 200  # characters after the headline in which a page prints its dateline


def visible_text(tree: Any) -> str:
    """The text a reader sees on the page, whitespace collapsed: not its scripts and styles, nor its
    <title>, which a crawl wrapper leaves inside the body (there the headline shows before the article)."""
    if tree is None:
        return ""
    shown = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::title)]")
    return " ".join(" ".join(shown).split())


def under_headline(shown: str, title: str | None) -> str:
    """The DATELINE_REACH characters after the headline in the page's visible text (`visible_text`): where
    it prints the dateline and the source (`2024-03-08 09:12 来源：…`); "" when the headline is not in it.
    A headline the markup breaks into runs (a number in <em>, a <br> between its parts) shows with spaces
    the headline read from its element does not have, or the other way round: spaces are set aside."""
    if not title:
        return ""
    words = " ".join(title.split())
    at = shown.find(words)
    if at >= 0:
        end = at + len(words)
    else:
        kept = [i for i, c in enumerate(shown) if c != " "]  # `shown` has single spaces only
        at = "".join(shown[i] for i in kept).find(words.replace(" ", ""))
        if at < 0:
            return ""
        end = kept[at + len(words.replace(" ", "")) - 1] + 1
    return shown[end : end + DATELINE_REACH]


def _dateline_match(under: str) -> re.Match[str] | None:
    return _DATE_TIME.search(under) or _DAY_ALONE.search(under)


def _naive(match: re.Match[str] | None) -> dt.datetime | None:
    """The naive date and time a match's groups (year, month, day[, hour, minute[, second]]) give, or None
    for no match or no such day (2024-13-45)."""
    if match is None:
        return None
    try:
        return dt.datetime(*(int(part or 0) for part in match.groups()))
    except ValueError:
        return None


def dateline(under: str) -> dt.datetime | None:
    """The date and time the page prints right under its headline (in `under_headline`'s text), or None;
    a dateline without its time of day gives the day (naive midnight, as a metadata day is read)."""
    return _naive(_dateline_match(under))


CHANNEL_MAX = 6  # characters of a channel's name ("新闻动态", "学术交流"); a headline says more


def _over_dateline(title: str | None, tree: Any, shown: str) -> str | None:
    """The headline: a short title that is a channel's name (a site that titles every page
    "新闻动态--…") yields to the heading the page prints right above its dateline."""
    if tree is None or not title or len(norm(title)) > CHANNEL_MAX:
        return title
    for node in tree.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        heading = " ".join(node.text_content().split())
        if (
            CHANNEL_MAX < len(norm(heading))
            and len(heading) <= HEADLINE_MAX
            and norm(title) not in norm(heading)
            and dateline(under_headline(shown, heading)) is not None
        ):
            return heading
    return title


CREDIT_LINES = (2, 3)  # lines before the article's first sentence and after its last, where a credit stands
PROSE_CHARS = 20  # Han characters of a line of the story's prose (a credit, a byline, a teaser has fewer)


@lru_cache(maxsize=4)  # a page's or a file's text is read for its edges, its closing time and credit in turn
def _prose_lines(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The text's non-empty lines, stripped, and the numbers of those that are the story's prose (a
    sentence of PROSE_CHARS Han characters or more), where its edges are told from."""
    lines = tuple(line.strip() for line in text.split("\n") if line.strip())
    return lines, tuple(i for i, line in enumerate(lines) if han_chars(line) >= PROSE_CHARS and ends_sentence(line))


def article_edges(text: str) -> list[str]:
    """The lines right before the article's first sentence, the line it opens, and the lines right after its
    last: where it prints its credit, its byline and its dateline (`南都讯 记者…`). The page's text may run
    on past them, into related links and the footer."""
    lines, prose = _prose_lines(text)
    if not prose:
        return []
    first, last = CREDIT_LINES
    return [*lines[max(0, prose[0] - first) : prose[0] + 1], *lines[prose[-1] + 1 : prose[-1] + 1 + last]]


# A page that prints nothing above its text may print its time below it: on the article's closing lines
# (`发布时间：2024-11-05 09:30`, `2024年11月5日 09:30 来源：…`), or right below the text in the page
# (`发布日期：… 浏览次数：…` in the article's footer). The time opens its line or stretch, or follows a label
# saying it is the post time: a time after other words below the text is a related item's.
_TIME_LABEL = r"(?:(?:发布|發布|发表|發表|更新|录入|錄入)?(?:时间|時間|日期)[ \t]{0,3}[:：]|(?:发表|發表)[于於][ \t]{0,3}[:：]?)[ \t]{0,3}"
_OPENING_TIME = regex.compile(rf"[ \t]{{0,3}}(?:{_TIME_LABEL})?(?:{dates.DATELINE})")
_LABELLED_TIME = regex.compile(rf"{_TIME_LABEL}(?:{dates.DATELINE})")
CLOSING_REACH = 120  # characters of the page right below the article's last sentence


def closing_time(text: str, shown: str) -> dt.datetime | None:
    """The date and time printed below the article (`text`, its last sentence found in the page's visible
    text `shown`): on a line right after its last sentence, or labelled right below it in the page."""
    lines, prose = _prose_lines(text)
    if not prose:
        return None
    for line in lines[prose[-1] + 1 : prose[-1] + 1 + CREDIT_LINES[1]]:
        if moment := _naive(_OPENING_TIME.match(line)):
            return moment
    below = _below_article(lines[prose[-1]], shown)
    return _naive(_OPENING_TIME.match(below) or _LABELLED_TIME.search(below))


@lru_cache(maxsize=4)  # the closing time and the closing credit look below the same line of the same page
def _below_article(last: str, shown: str) -> str:
    """The CLOSING_REACH characters of the page's visible text `shown` right below the article's `last`
    line ("" when the page does not show it)."""
    ending = " ".join(last.split())[-PROSE_CHARS // 2 :]  # the last sentence's last words
    at = shown.rfind(ending)
    return shown[at + len(ending) : at + len(ending) + CLOSING_REACH] if at >= 0 else ""


# A portal republishing a paper's article may print the paper's credit below the text, past the page's
# buttons (`打印 关闭 收藏 信息来源： 内蒙古日报`), not on a line of the article. Only buttons and labels may
# stand between the two: words this short, with no sentence in them (a related item's headline ends it).
BUTTON_CHARS = 8
_SENTENCE_MARKS = regex.compile(r"[，,。！？!?]")


def closing_credit(text: str, shown: str) -> str | None:
    """The source a page credits right below the article (`text`) in its visible text `shown`, past
    its buttons: `信息来源： 内蒙古日报`."""
    lines, prose = _prose_lines(text)
    if not prose:
        return None
    words: list[str] = []
    for word in _below_article(lines[prose[-1]], shown).split():
        words.append(word)
        if len(word) > BUTTON_CHARS or _SENTENCE_MARKS.search(word):
            break  # not a button: the credit is in this word or before it
    return credited_name(" ".join(words))


def signatures(edges: Sequence[str], shown: str) -> tuple[str, ...]:
    """What the page signs its article with, best first: the company its copyright line names in the page's
    visible text (`shown`: 版权所有 江苏扬子晚报有限公司), the outlet of the byline on a line that opens or
    ends the article (`edges`, from `article_edges`: 采写：南都见习记者 林子沛), the outlet its opening
    dateline names (`IT之家9月30日消息 …`)."""
    found = (
        copyright_holder(shown),
        next(filter(None, map(byline_outlet, edges)), None),
        next(filter(None, map(dateline_outlet, edges)), None),
    )
    return tuple(name for name in found if name)


def credited_source(under: str, edges: Sequence[str] = (), *, declared: str | None = None, below: str | None = None) -> str | None:
    """The source the page credits: `来源：新京报` under its headline, else on a line that opens or ends the
    article (`edges`, from `article_edges`: `来源：新闻晨报` under the last paragraph), else the one its
    metadata `declared` (a government site's ContentSource), else the one credited `below` the article
    past the page's buttons (`closing_credit`), else the publisher its dateline names without a label
    (`2026-11-25 09:30 科创时报`)."""
    match = _dateline_match(under)
    return (credited_name(under) or next(filter(None, map(_edge_credit, edges)), None)
            or (source_name(declared) if declared else None) or below
            or (dateline_name(under[match.end() :]) if match else None))


def declared_source(tree: Any) -> str | None:
    """The article's source a page declares in its metadata: `<meta name="ContentSource" content="内蒙古日报">`,
    which Chinese government sites carry beside SiteName by the national standard for their pages."""
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "contentsource" and (meta.get("content") or "").strip():
            return " ".join(meta.get("content").split())
    return None


def _edge_credit(line: str) -> str | None:
    """The publisher a line at the article's edge credits: a credit line, or a dateline that opens the line
    and credits after its time, as under a headline (`2024-11-05 09:30 来源：东岭日报`)."""
    if found := credit_line(line):
        return found
    match = _OPENING_TIME.match(line)
    return credited_name(line[match.end() :]) if match else None


# A page saved before its scripts ran (a public-account article) may print no post time and carry it in
# a script: `var ct = "1733456789";` (Unix seconds), `var publish_time = "2024-12-06" || "";`,
# `createTime = '2024-12-06 10:20'`. The value is a quoted run of digits and date marks, 25 at most.
_SCRIPT_TIME = regex.compile(
    r"(?<![\w$])(?:ct|publish_?[tT]ime|create_?[tT]ime)[ \t]{0,3}=[ \t]{0,3}([\"'])([0-9 :/.\-]{4,25})\1"
)
_SCRIPT_DAY = regex.compile(dates.day(gap=""))  # as a program writes it: 2024-12-06
_EPOCH_RANGE = (946_684_800, 4_102_444_800)  # 2000-01-01 to 2100-01-01 UTC: a post time, not an id or a count
MAX_SCRIPT_TIMES = 16  # matches read a script: the post time is among the page's first variables


def _has_time(moment: dt.datetime) -> bool:
    return moment.tzinfo is not None or moment.time() != dt.time()


def _script_time(value: str) -> dt.datetime | None:
    """One script value as a time: Unix seconds (an instant, in UTC as a feed's times are), a date and time
    as the page would print it (naive, like a dateline), or a day (naive midnight, like a metadata day)."""
    if value.isdigit():
        seconds = int(value) // 1000 if len(value) == 13 else int(value)  # 13 digits: milliseconds
        if not _EPOCH_RANGE[0] <= seconds < _EPOCH_RANGE[1]:
            return None
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return _naive(_DATE_TIME.fullmatch(value.strip()) or _SCRIPT_DAY.fullmatch(value.strip()))


def posted_time(tree: Any) -> dt.datetime | None:
    """The post time a page's scripts hold (`var ct = "…"`), the most exact first: an instant, a date
    and time, a day."""
    found: list[dt.datetime] = []
    if tree is None:
        return None
    for script in tree.iter("script"):
        for number, match in enumerate(_SCRIPT_TIME.finditer(script.text or "")):
            if number >= MAX_SCRIPT_TIMES:
                break
            moment = _script_time(match.group(2))
            if moment is not None:
                found.append(moment)
    return min(found, key=lambda moment: (moment.tzinfo is None, not _has_time(moment)), default=None)


# The names under which a page's metadata states when the article was first published, in a <meta>'s
# name, property or itemprop (lower case), and in its JSON-LD. htmldate reads a date in the page's address
# before any of them, which gives the day alone (/2026/11/25/), and takes whatever time it finds, such as
# when the page was generated (页面生成时间); the page's own statement keeps its time of day and its zone.
_PUBLISHED_NAMES = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "firstpublishedtime", "publishdate", "publish_date", "publish-date", "publishtime", "pubdate",
    "dc.date.issued", "dcterms.issued",
)
_JSONLD_PUBLISHED = regex.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
# A stated time as sites write it: ISO 8601 (2026-11-25T07:50:00+08:00, …Z), with a space, or with a
# hyphen before the time (2007-08-20-23:59:59); a zone only when the page gives one.
_STATED_TIME = regex.compile(
    r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:(?:[T\s]+|-)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$"
)


def _stated_time(value: str) -> dt.datetime | None:
    """A metadata value as a time: aware when it states its zone, naive local time when not, naive midnight
    for a day alone; None when it is no such time."""
    match = _STATED_TIME.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone:
        sign, digits = (1 if zone[0] == "+" else -1), zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])) if zone != "Z" else dt.timedelta(0)
        moment = moment.replace(tzinfo=dt.timezone(sign * offset))
    return moment


def declared_time(tree: Any) -> dt.datetime | None:
    """The first-publication time the page's metadata states (`_PUBLISHED_NAMES`, then JSON-LD's
    `datePublished`), the first with its time of day, else the first day; None when it states none."""
    if tree is None:
        return None
    stated: list[tuple[int, dt.datetime]] = []
    for meta in tree.iter("meta"):
        for attribute in ("property", "name", "itemprop"):
            name = (meta.get(attribute) or "").strip().lower()
            if name in _PUBLISHED_NAMES and (moment := _stated_time(meta.get("content") or "")):
                stated.append((_PUBLISHED_NAMES.index(name), moment))
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and (match := _JSONLD_PUBLISHED.search(script.text or "")):
            if moment := _stated_time(match.group(1)):
                stated.append((len(_PUBLISHED_NAMES), moment))
    return min(stated, key=lambda found: (not _has_time(found[1]), found[0]), default=(0, None))[1]


def _publication_date(
    metadata_date: str | None, under: str, tree: Any, closing: dt.datetime | None = None
) -> dt.datetime | None:
    """The publication time the page's metadata states (`declared_time`), else htmldate's metadata date; a
    date without its time of day (htmldate may take it from the address, or from a related article's teaser)
    yields to the dateline under the headline, which has one, or to the post time the page's scripts hold;
    with neither metadata nor dateline, the scripts' day will do. With no time of day from any of them, the
    time printed below the article (`closing`, from `closing_time`) dates it, when it falls on the day they
    give, or when they give none."""
    from briefs.reading.read import _parse_datetime  # read.py imports us lazily

    declared, found = declared_time(tree), _parse_datetime(metadata_date) if metadata_date else None
    for published in (declared, found):
        if published is not None and _has_time(published):
            return published
    published = declared or found
    # The most exact of the two: a dateline with its time of day, the scripts' time, a dateline's day.
    better = min((m for m in (dateline(under), posted_time(tree)) if m is not None), key=lambda m: not _has_time(m), default=None)
    if better is not None and (published is None or _has_time(better)):
        published = better
    return with_closing_time(published, closing)


def with_closing_time(published: dt.datetime | None, closing: dt.datetime | None) -> dt.datetime | None:
    """`published`, or the time printed below the article (`closing_time`) when `published` is None or
    gives the same day without its time of day."""
    if closing is not None and (published is None or (not _has_time(published) and published.date() == closing.date())):
        return closing
    return published


# A paragraph the markup broke inside a sentence: word-processor HTML sets numbers and Latin words in spans
# of their own font, and a </span> closing one opened outside the paragraph ends it there for the parser
# ("…农户自己投入约为" | "8000元，…"). Prose (a line with a sentence mark) that stops on a Han character
# without a mark, followed by prose opening on a digit or a Latin letter, is one sentence; a heading has no
# sentence mark, and the next paragraph opens on a word or a list's number. A Markdown heading ("### 专家：…，…")
# is never prose cut short, whatever marks its words carry.
_CUT_AT_END = regex.compile(r"[，。！？；,;!?].*[\u4e00-\u9fff]$")
_GOES_ON = regex.compile(r"(?!\d{1,2}[.、．)）])[0-9A-Za-z].*[，。！？；,;!?]")  # not an item of a list: "1.", "2、"


# A subheading as the markup styles it: a heading or bold element, or one whose class names a heading
# level or a title (a rich-text editor's `<span class="…-h3">`), short and with no sentence end. A line
# that is one of these was never a sentence cut short.
_HEADING_CLASS = regex.compile(r"(?:^|[-_])(?:h[1-6]|title|subtitle|heading)(?:$|[-_])", re.IGNORECASE)


def styled_subheadings(tree: Any) -> frozenset[str]:
    """The texts (`norm`ed) of the elements the markup styles as subheadings."""
    if tree is None:
        return frozenset()
    found: set[str] = set()
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        tag = node.tag.lower()
        if tag not in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b") and not any(
            _HEADING_CLASS.search(name) for name in (node.get("class") or "").split()
        ):
            continue
        words = _short_text(node)
        if words and words[-1] not in _SENTENCE_END:
            found.add(norm(words))
    return frozenset(found)


def _short_text(node: Any) -> str | None:
    """The element's text, whitespace collapsed, when it is a subheading's length; None past that (read
    no further: a container classed "title-wrap" may hold a whole block)."""
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        parts.append(piece)
        size += len(piece.strip())
        if size > SUBHEADING_MAX:
            return None
    words = " ".join("".join(parts).split())
    return words if len(words) <= SUBHEADING_MAX else None


def _rejoined(text: str, subheadings: frozenset[str] = frozenset()) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip() and _GOES_ON.match(line.strip()):
            previous = len(lines)
            while previous and not lines[previous - 1].strip():
                previous -= 1
            before = lines[previous - 1].rstrip() if previous else ""
            if _CUT_AT_END.search(before) and not before.lstrip().startswith("#") and norm(before) not in subheadings:
                lines[previous - 1:] = [lines[previous - 1].rstrip() + line.strip()]
                continue
        lines.append(line)
    return "\n".join(lines)


# A list of the page's particulars ("- 原标题：…", "- 责任编辑: …", as a layout list of them comes out of
# trafilatura): each item is a labelled line of its own, which the engine's cleaning knows as furniture
# only without the bullet.
_LABELLED_ITEM = regex.compile(r"(?m)^[ \t]*[-*+][ \t]+(?=[\u4e00-\u9fff]{1,6}[ \t]*[:：])")


# A header or footer include that ends with its own </html> (or </body>), the article after it: a browser
# reads on, lxml stops there. An end tag of the document with markup after it is dropped, every one.
_DOCUMENT_END = regex.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_MARKUP_AFTER = regex.compile(r"<[a-zA-Z]")


def _without_early_end(markup: str) -> str:
    """The markup without </body> and </html> when any of them has markup after it."""
    first = _DOCUMENT_END.search(markup)
    if first is None or not _MARKUP_AFTER.search(markup, first.end()):
        return markup
    return _DOCUMENT_END.sub("", markup)


def read_page(markup: str) -> Page:
    """The article of one HTML page (or crawl-wrapped page)."""
    from trafilatura.metadata import extract_metadata

    from briefs.reading.read import _split_title, strip_markdown  # read.py imports us lazily

    page, wrapper = _without_early_end(markup), wrapper_attributes(markup)
    metadata = extract_metadata(
        page,
        # The page's own publication time, with its time of day and zone; no guessing from body text,
        # where related-news teasers carry other days' dates.
        date_config={"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    text, extraction = main_text(page)
    said = Wording.of("trafilatura（{mode}）", mode=Wording(PASS_NAMES[extraction]))
    extraction = f"trafilatura, {extraction} pass"
    tree = parse_markup(page)
    chars = article_chars(text)
    # The markup may be a shell its scripts fill in, or a teaser of the article cut off under "read it
    # all" (a mobile page): the data shipped for the scripts then holds the whole, which begins as the
    # markup's text begins.
    embedded, where = embedded_article(tree)
    embedded_chars = article_chars(embedded) if embedded else 0
    if (chars < PLAUSIBLE_CHARS and embedded_chars >= CLEARLY_MORE * max(chars, 1)) or (
        embedded_chars >= LONGER_WHOLE * chars and _continues(embedded, text)
    ):
        text, extraction = embedded, f"the page's script data ({where})"
        said = Wording.of("页面脚本中的数据（{where}）", where=where)
    captions = caption_texts(tree)
    text = _rejoined(drop_captions(_lost_subheadings(text, tree, captions), captions), styled_subheadings(tree))
    h1, text = _split_title(_LABELLED_ITEM.sub("", strip_markdown(text)))  # a leading "# …" is the page's headline
    url = wrapper.get("id") or wrapper.get("url") or (metadata.url if metadata else None)
    titles = PageTitles.of(
        tree, wrapper_title=wrapper.get("title"), metadata_title=metadata.title if metadata else None, url=url
    )
    shown = visible_text(tree)
    title = _over_dateline(headline(titles, tree) or h1, tree, shown)
    text = _drop_headline(text, title)
    under = under_headline(shown, title)
    edges = article_edges(text)  # where the article prints its credit and its byline
    return Page(
        text=text,
        title=title,
        url=url,
        source=publisher(
            titles,
            metadata.sitename if metadata else None,
            title,
            credited=credited_source(under, edges, declared=declared_source(tree), below=closing_credit(text, shown)),
            signed=signatures(edges, shown),
        ),
        published=_publication_date(metadata.date if metadata else None, under, tree, closing_time(text, shown)),
        extraction=extraction,
        extraction_wording=said,
        has_article=has_article_text(text),
    )

"""Rendering: a `Summary` in, the text a reader gets out (Markdown, HTML, JSON or plain text).

HTML and the daily brief come from the Jinja templates in `templates/` (installed as `briefs/templates` by
the wheel); HTML templates autoescape, so nothing from an article can become markup. One summary's
Markdown (the default of `zhbrief summarize`), JSON and plain text are built here, without Jinja, so a
one-off command starts faster. The same summary renders byte-identically.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from briefs.digest.compose import as_shown, quotable
from briefs.model import Article, Brief, BriefCounts, Document, Failure, IndexEntry, common_script
from briefs.reading.read import is_url
from summarize import regex
from summarize.clean import clean_title
from summarize.model import CUE_WORDS, OTHER, THEME_WORDS, Summary

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

FORMATS = ("md", "html", "json", "text")
SUMMARY_HTML = "summary.html.j2"

KEYWORDS_LABEL = "关键词"
EXPLAIN_LABEL = "评分明细"
EXTRACTION_LABEL = "正文提取"  # which trafilatura pass read an HTML page
EXPLAIN_NOTE = "每个候选句的分数（1.0 为全文平均）、所在节、它自己的主题，选中或落选的理由，以及主题的由来。"
NOTHING_CHOSEN = "文中没有可选作摘要的句子。"
BRIEF_TITLE = "每日简报"  # a brief's name: its page, the mail's subject, the chat message, the feed
NOTHING_TODAY = "今日没有可收录的文章。"  # a brief's day with no article
NOTHING_WATCHED = ("今日没有符合“", "”关注条件的文章。")  # around its name: a watchlist's day with none
LANGS = {"simplified": "zh-CN", "traditional": "zh-Hant"}  # a page's lang, by the script of its own words


# --- The words zhbrief adds, in the script of what it shows ---------------------------------------------
# Labels, headings and counts are written here and in the templates in Simplified; a Traditional summary,
# brief, index, mail, chat message or feed shows them through OpenCC (summarize.script.to_traditional), never
# through a second, hand-kept list. Article text never goes through this.

# Simplified quotes with “ ” and ‘ ’, Taiwan and Hong Kong with 「 」 and 『 』; OpenCC changes characters only.
_TRADITIONAL_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


def _as_is(text: str) -> str:
    return text


def _traditional(text: str) -> str:
    from summarize.script import to_traditional  # loaded only for Traditional output

    return to_traditional(text).translate(_TRADITIONAL_QUOTES)


def in_script(script: str) -> Callable[[str], str]:
    """What turns zhbrief's own words into `script` ("simplified" or "traditional"), quotation marks included."""
    return _traditional if script == "traditional" else _as_is


def brief_heading(day: dt.date | None, watchlist: str = "", script: str = "simplified", name: str = BRIEF_TITLE) -> str:
    """A brief's heading, "[医疗AI · ]每日简报 · 2026年11月25日": its page's title, the mail's subject, the chat
    message's and the feed entry's heading. zhbrief's own name for it is in `script`; `name`, a title
    configured in its place, is shown as given; with no `day`, the name alone (the feed's title)."""
    shown = in_script(script)(name) if name == BRIEF_TITLE else name
    return " · ".join(part for part in (watchlist, shown, cn_date(day) if day else "") if part)


def nothing_today(watchlist: str, script: str) -> str:
    """What a brief, and the chat message of it, says on a day with no article: its words in `script`, a
    watchlist's name as written."""
    label = in_script(script)
    if not watchlist:
        return label(NOTHING_TODAY)
    opening, closing = NOTHING_WATCHED
    return label(opening) + watchlist + label(closing)


def failure_reason(failure: Failure, script: str) -> str:
    """What a brief says of a failed input, beside its origin: its wording in `script` (the English reason is
    for stderr and logs)."""
    return failure.wording.said(in_script(script))


def lang(script: str) -> str:
    """The page's `lang` for `script`: zh-Hant for Traditional, zh-CN otherwise."""
    return LANGS.get(script, LANGS["simplified"])


_HTML_LANG = regex.compile(r"<html\b[^>]*?\blang=[\"']?([A-Za-z-]+)", re.IGNORECASE)


def script_of_page(html: str) -> str:
    """The script of zhbrief's own words in a page it wrote (a brief, from its `<html lang>`): "traditional" for
    zh-Hant (or zh-TW, zh-HK), else "simplified". How mail, push and the feed learn the brief's script
    from its file, as `Brief.script` decided it."""
    found = _HTML_LANG.search(html[:4096])
    return script_of_lang(found.group(1) if found else "")


def script_of_lang(code: str) -> str:
    """"traditional" for a `lang` of zh-Hant (or zh-TW, zh-HK, zh-MO), else "simplified"."""
    code = code.lower()
    traditional = code in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") or code.startswith("zh-hant-")
    return "traditional" if traditional else "simplified"


def template_dirs() -> list[Path]:
    """Where templates are: inside the installed package (wheel), else the checkout's `templates/`."""
    package = Path(__file__).resolve().parent
    return [d for d in (package / "templates", package.parent / "templates") if d.is_dir()]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2  # ~50 ms: only HTML and the brief pay for it

    dirs = template_dirs()
    if not dirs:
        raise RuntimeError("zhbrief is installed without its templates (briefs/templates is missing)")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(dirs),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(BRIEF_FILTERS)
    env.filters["label"] = jinja2.pass_context(_label)
    env.filters["nothing_today"] = jinja2.pass_context(lambda context, watchlist: nothing_today(watchlist, context["script"]))
    env.filters["own_lang"] = jinja2.pass_context(_own_lang)
    env.filters["failure_reason"] = jinja2.pass_context(lambda context, failure: failure_reason(failure, context["script"]))
    return env


def _own_lang(context: Any, script: str) -> Markup:
    """`<p{{ article.summary.script | own_lang }}>`: a ` lang` attribute for an article's text where its script
    is not the page's (a Traditional story in a brief whose own words are Simplified), so a browser sets it
    in that script's glyphs and a screen reader reads it so; nothing where they agree."""
    from markupsafe import Markup  # comes with jinja2, which rendering has imported

    return Markup(f' lang="{lang(script)}"') if script != context["script"] else Markup("")


def _label(context: Any, text: object) -> str:
    """`{{ "文章一览" | label }}`: one of zhbrief's own words in the script of the page being rendered (the
    `script` every render passes)."""
    return in_script(context["script"])(str(text))


# --- The view the templates and the text renderer share ------------------------------------------


@dataclass(frozen=True)
class SentenceView:
    text: str
    index: int
    score: float
    theme_key: str  # the sentence's own theme
    theme_label: str
    css_class: str
    own_theme: bool  # its theme differs from its section's: the views show it beside the sentence


@dataclass(frozen=True)
class SectionView:
    heading: str | None
    theme_key: str
    theme_label: str
    css_class: str  # the theme key as a safe CSS class name
    sentences: tuple[SentenceView, ...]


@dataclass(frozen=True)
class ExplainRow:
    index: int
    section: int  # 1-based, as a reader counts
    heading: str | None
    theme_key: str  # the sentence's own theme
    theme_label: str
    score: float
    chosen: bool
    reason: str
    text: str
    section_theme_key: str = ""
    theme_reason: str = ""  # why the sentence got its theme: its cues, its context, how sure


@dataclass(frozen=True)
class SummaryView:
    title: str
    meta: tuple[str, ...]  # source, publication time, address: what is known
    keywords: tuple[str, ...]
    sections: tuple[SectionView, ...]  # the sections with at least one chosen sentence
    explain: tuple[ExplainRow, ...] | None
    origin: str
    lang: str = "zh-CN"  # zh-Hant when the article is Traditional: its labels are then Traditional too
    script: str = "simplified"  # the script of the article, and of the words the view adds
    extraction: str | None = None  # how an HTML page's text was found, shown with --explain


def _css_class(key: str) -> str:
    return "theme-" + (re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-") or "x")


# The words of the sentence a theme reason quotes: "线索词 发布、智能", a configured theme's "主题词 配送车".
_QUOTED_WORDS = regex.compile(f"(?:{CUE_WORDS}|{THEME_WORDS}) ([^；（）]+)")


def _theme_reason(reason: str, text: str, label: Callable[[str], str]) -> str:
    """A theme reason in the article's script (`label`): zhbrief's words converted, the cue words it quotes
    from the sentence (`text`, as written) as the sentence writes them, not as a conversion would."""
    if label is _as_is:
        return reason
    from summarize.script import Rendering, as_written

    pieces: list[str] = []
    at = 0
    written: Rendering | None = None  # the sentence converted once, for all the words it quotes
    for match in _QUOTED_WORDS.finditer(reason):
        written = written or Rendering.of(text)
        pieces.append(label(reason[at : match.start(1)]))
        pieces.append("、".join(as_written(word, written) or label(word) for word in match.group(1).split("、")))
        at = match.end(1)
    pieces.append(label(reason[at:]))
    return "".join(pieces)


def explain_rows(summary: Summary) -> tuple[ExplainRow, ...]:
    """Every candidate sentence in document order with its score, section, theme and the reasons. The reasons
    are the engine's Chinese (with the cue words it matched, in Simplified): shown, and given in JSON, in the
    article's script like the labels, the cue words as the sentence writes them."""
    rows = []
    label = in_script(summary.script)
    for sentence in sorted(summary.candidates, key=lambda s: s.index):
        section = summary.sections[sentence.section]
        rows.append(
            ExplainRow(
                sentence.index,
                sentence.section + 1,
                section.heading,
                sentence.theme.key,
                label(sentence.theme.label),
                sentence.score,
                sentence.chosen,
                label(sentence.reason),
                sentence.text,
                section.theme.key,
                _theme_reason(sentence.theme_reason, sentence.text, label),
            )
        )
    return tuple(rows)


def summary_view(summary: Summary, *, origin: str, document: Document | None, explain: bool) -> SummaryView:
    meta: list[str] = []
    if document is not None:
        if document.source:
            meta.append(document.source)
        if document.published:
            meta.append(published(document.published))  # the brief's format: "2026-11-25 08:15"
        if document.url:
            meta.append(readable_url(document.url))
    label = in_script(summary.script)
    sections = tuple(
        SectionView(
            section.heading,
            section.theme.key,
            label(section.theme.label),
            _css_class(section.theme.key),
            tuple(
                SentenceView(as_shown(s.text), s.index, s.score, s.theme.key, label(s.theme.label), _css_class(s.theme.key),
                             s.theme.key != section.theme.key)
                for s in sorted(section.sentences, key=lambda s: s.index)
            ),
        )
        for section in summary.sections
        if section.sentences
    )
    return SummaryView(
        # Untitled: known by the name the reader gave it, a file's name or a page's whole address.
        title=summary.title or (origin if is_url(origin) else Path(origin).name) or origin,
        meta=tuple(meta),
        keywords=summary.keywords,
        sections=sections,
        explain=explain_rows(summary) if explain else None,
        origin=origin,
        lang=lang(summary.script),
        script=summary.script,
        extraction=extraction_said(document, summary.script),
    )


def extraction_said(document: Document | None, script: str) -> str | None:
    """How a page's text was found, in the summary's words (`script`), as --explain shows it; the English
    `extraction` (the digest's log) for a Document made without them."""
    if document is None or not document.extraction:
        return None
    if document.extraction_wording is None:
        return document.extraction
    return document.extraction_wording.said(in_script(script))


# --- JSON ---------------------------------------------------------------------------------------


def summary_record(
    summary: Summary, *, id: object = None, explain: bool = False, document: Document | None = None
) -> dict[str, Any]:
    """The JSON shape of a summary: id, title, where it was published (source, published, url: what the
    input or the page said, else null), summary, keywords, sections (and explain on request, with the
    extraction pass that read an HTML page)."""
    published = document.published if document is not None else None
    record: dict[str, Any] = {
        "id": id,
        "title": summary.title,
        "source": document.source if document is not None else None,
        "published": published.isoformat() if published is not None else None,
        "url": document.url if document is not None else None,
        "summary": summary.summary,
        "keywords": list(summary.keywords),
        "sections": [
            {
                "heading": section.heading,
                "theme": section.theme.key,
                "sentences": [
                    {"text": s.text, "index": s.index, "score": s.score, "theme": s.theme.key}
                    for s in sorted(section.sentences, key=lambda s: s.index)
                ],
            }
            for section in summary.sections
        ],
    }
    if explain and (extraction := extraction_said(document, summary.script)):
        record["extraction"] = extraction
    if explain:
        record["explain"] = [
            {
                "index": row.index,
                "section": row.section,
                "heading": row.heading,
                "theme": row.theme_key,
                "section_theme": row.section_theme_key,
                "score": row.score,
                "chosen": row.chosen,
                "reason": row.reason,
                "theme_reason": row.theme_reason,
                "text": row.text,
            }
            for row in explain_rows(summary)
        ]
    return record


def json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSONL."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# --- Plain text ------------------------------------------------------------------------------------


def _plain(view: SummaryView) -> str:
    label = in_script(view.script)
    lines = [view.title]
    if view.meta:
        lines.append(" · ".join(view.meta))
    if view.keywords:
        lines.append(f"{label(KEYWORDS_LABEL)}：{'、'.join(view.keywords)}")
    for section in view.sections:
        lines.append("")
        lines.append(f"【{section.theme_label}】{section.heading or ''}".rstrip())
        lines.extend(f"  · {f'〔{s.theme_label}〕' if s.own_theme else ''}{s.text}" for s in section.sentences)
    if view.explain is not None:
        lines += ["", label(f"{EXPLAIN_LABEL}（每句的分数、所在节、主题与取舍理由，及其主题的由来）")]
        if view.extraction:
            lines.append(f"  {label(EXTRACTION_LABEL)}：{view.extraction}")
        for row in view.explain:
            mark = "✓" if row.chosen else " "
            lines.append(f"  {mark} #{row.index:<3} {row.score:7.3f}  §{row.section} {row.theme_label}  {row.reason}")
            lines.append(f"        {row.theme_label}: {row.theme_reason}")
            lines.append(f"        {row.text}")
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------------------


def _markdown_meta(part: str) -> str:
    """A part of the source line: the article's address as an autolink (`<https://…>`, where no character
    needs escaping: `content\\_12.htm` would not read as the address it is), the rest as plain text."""
    url = http_url(part)
    if url is not None and url == part and not re.search(r"[<>\s]", url):
        return f"<{url}>"
    return markdown_line(part)


def _markdown(view: SummaryView) -> str:
    """The summary as Markdown: title, keywords, one `## heading · theme` section a run of chosen
    sentences. Built here rather than from a template: it is the default format of a one-off
    `zhbrief summarize`, and Jinja with its template would cost that command's start a tenth."""
    label = in_script(view.script)
    lines = [f"# {markdown_line(view.title)}"]
    if view.meta:
        lines += ["", " · ".join(map(_markdown_meta, view.meta))]
    if view.keywords:
        lines += ["", f"{label(KEYWORDS_LABEL)}：{'、'.join(map(markdown_line, view.keywords))}"]
    for section in view.sections:
        heading = f"{markdown_line(section.heading)} · " if section.heading else ""
        lines += ["", f"## {heading}{markdown_line(section.theme_label)}", ""]
        lines += [
            f"- {f'〔{markdown_line(s.theme_label)}〕' if s.own_theme else ''}{markdown_line(s.text)}"
            for s in section.sentences
        ]
    if not view.sections:
        lines += ["", f"（{label(NOTHING_CHOSEN)}）"]
    if view.explain is not None:
        lines += ["", f"## {label(EXPLAIN_LABEL)}", "", label(EXPLAIN_NOTE)]
        if view.extraction:
            lines += ["", f"{label(EXTRACTION_LABEL)}：{markdown_line(view.extraction)}"]
        lines += ["", label("| # | 选中 | 分数 | 节 | 主题 | 理由 | 主题由来 | 句子 |"), "|--:|:-:|--:|--:|---|---|---|---|"]
        cell = markdown_line_cell
        lines += [
            f"| {row.index} | {'✓' if row.chosen else ''} | {row.score:.3f} | {row.section} | {cell(row.theme_label)} "
            f"| {cell(row.reason)} | {cell(row.theme_reason)} | {cell(row.text)} |"
            for row in view.explain
        ]
    return "\n".join(lines) + "\n"


# --- Entry point ---------------------------------------------------------------------------------


def render_summary(
    summary: Summary, fmt: str, *, origin: str, document: Document | None = None, explain: bool = False
) -> str:
    """The summary as `fmt` (md, html, json or text); `origin` names the input, `document` adds its
    source, time and address where the format shows them; `explain` adds every candidate's score."""
    if fmt == "json":
        record = summary_record(summary, id=document.id if document else None, explain=explain, document=document)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    view = summary_view(summary, origin=origin, document=document, explain=explain)
    if fmt == "text":
        return _plain(view)
    if fmt == "md":
        return _markdown(view)
    labels = {"keywords": KEYWORDS_LABEL, "explain": EXPLAIN_LABEL, "extraction": EXTRACTION_LABEL,
              "note": EXPLAIN_NOTE, "nothing": NOTHING_CHOSEN}
    text = environment().get_template(SUMMARY_HTML).render(view=view, labels=labels, script=view.script)
    return text.rstrip("\n") + "\n"


# --- The daily brief and the folder's index ---------------------------------------------------------
# `render_brief` and `render_index` turn values into text; nothing here reads a clock or the environment,
# so the same Brief gives byte-identical output. Templates: brief.{md,html}.j2, index.{md,html}.j2.

BriefFormat = Literal["md", "html"]

# Markdown for the brief: backslash escapes are CommonMark's own, so GitHub shows the character itself;
# Chinese text seldom contains any of these, so a terminal reader rarely sees a backslash.
_MD_LINE_SPECIAL = regex.compile(r"([\\`*_\[\]<>~])")  # emphasis, code, links, raw HTML, GFM strikethrough
_MD_ENTITY = regex.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&amp;" in the text must stay five characters
# A line starting like this would become a heading, a list item or a rule ("#话题#" or "-5℃" would not).
_MD_BLOCK_START = regex.compile(r"^(?:(#{1,6}(?=\s|$)|[+-](?=\s|$|-))|(\d{1,9})([.)])(?=\s|$))")
_MD_CLOSING_HASHES = regex.compile(r"(\s)(#+)$")  # an ATX heading would drop them
_WHITESPACE = regex.compile(r"\s+")


def one_line(text: str) -> str:
    """Text as one line: whitespace runs (newlines too) as one space, none at the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def markdown_line(text: object) -> str:
    """Article text as one line of Markdown that shows exactly that text wherever it is put (list item,
    quote, heading, link text) and cannot change the document's structure."""
    line = one_line(str(text))  # a newline would end the list item or quote it is in
    line = _MD_LINE_SPECIAL.sub(r"\\\1", line)
    line = _MD_ENTITY.sub(r"\\&", line)
    line = _MD_BLOCK_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", line)
    return _MD_CLOSING_HASHES.sub(lambda m: m[1] + "\\#" * len(m[2]), line)


def markdown_line_cell(text: object) -> str:
    """`markdown_line` for a GFM table cell, where `|` would start the next column."""
    return markdown_line(text).replace("|", "\\|")


def http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: `javascript:`, `data:` and relative URLs never become links."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"https?://[^\s/?#]", url, re.IGNORECASE) or re.search(r"[\x00-\x1f\x7f]", url):
        return None
    return url.replace(" ", "%20")  # feeds do carry the odd unencoded space; browsers would encode it too


_ESCAPES = regex.compile(r"(?:%[0-9A-Fa-f]{2})+")


def readable_url(url: str) -> str:
    """The address as a browser's address bar shows it: escapes that stand for letters beyond ASCII
    (`%E4%B8%93` is 专) as the letters, the same address to any browser or Markdown renderer, which encode
    them again; escapes of ASCII characters (`%20`, `%2F`), of spaces and of invisible characters stay."""

    def letters(run: re.Match[str]) -> str:
        escapes = run.group()
        try:
            text = bytes.fromhex(escapes.replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return escapes
        shown, at = [], 0
        for char in text:
            width = 3 * len(char.encode("utf-8"))
            readable = ord(char) > 0x7F and char.isprintable() and not char.isspace()
            shown.append(char if readable else escapes[at : at + width])
            at += width
        return "".join(shown)

    return _ESCAPES.sub(letters, url)


def markdown_url(url: str) -> str:
    """A URL as a Markdown link destination: spaces, parentheses and angle brackets percent-encoded."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~")


def link_target(name: str) -> str:
    """A file name in the brief folder as a relative link (percent-encoded, so never a scheme)."""
    return quote(name, safe="")


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def published(when: dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """When the source said it was published. A page or record that gives only the day (`2026-11-27`,
    read as midnight with no zone) shows the day, not a time it never said; a time without a zone is
    shown as the source printed it. An exact moment (a feed's `+08:00` or `Z`, a page script's Unix time)
    is shown in `tz`, the zone of the brief's day, so that a story counted for the 25th never shows the
    24th; without one (a single summary), in the zone the source gave, with "UTC" said when that is UTC,
    as a script's Unix time is read: 03:46 alone would pass for local time."""
    if when is None:
        return ""
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d") if when.time() == dt.time(0) else when.strftime("%Y-%m-%d %H:%M")
    if tz is not None:
        return when.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return when.strftime("%Y-%m-%d %H:%M") + (" UTC" if when.utcoffset() == dt.timedelta(0) else "")


def counts_line(counts: BriefCounts) -> str:
    """"读取 13 篇 · 收录 11 篇 · … · 失败 0 项": the articles read, then the parts they add up to, then the inputs
    that failed (files, folders, feeds, lines: counted apart from 读取, so 项, not 篇)."""
    parts = [
        f"读取 {counts.read} 篇",
        f"收录 {counts.kept} 篇",
        f"合并重复 {counts.duplicates} 篇",
        f"此前已报 {counts.seen} 篇",
    ]
    if counts.other_days:  # only worth a mention on a day that had some
        parts.append(f"非当日 {counts.other_days} 篇")
    if counts.unmatched:
        parts.append(f"未命中 {counts.unmatched} 篇")
    if counts.routed:
        parts.append(f"只入关注清单 {counts.routed} 篇")
    parts.append(f"失败 {counts.failed} 项")
    return " · ".join(parts)


UNTITLED_CHARS = 30  # how much of its opening sentence names an article that has no headline
UNTITLED = "（无标题）"  # an article with neither a headline nor opening words (only punctuation, or a bare link)
_WORD = regex.compile(r"\w")
_CLAUSE_MARK = regex.compile(r"[，,；;：:]")
_SENTENCE_END = regex.compile(r"[。！？!?…]+$")

NameKind = Literal["headline", "opening", "untitled"]


@lru_cache(maxsize=None)
def _quotation_marks(script: str) -> tuple[str, str, str, str]:
    """“ ” and, for a quotation inside a quotation, ‘ ’, in `script` (「 」『 』 in Traditional: in_script's)."""
    label = in_script(script)
    return label("“"), label("”"), label("‘"), label("’")


@dataclass(frozen=True)
class ArticleName:
    """What the brief calls an article, and what kind of name that is. A headline is a title: it credits an
    item in 《》 (——科创时报《TITLE》) and heads the article bare. Opening words are the article's own words,
    not a title: quoted wherever they stand, in the quotation marks of the article's script (“…”, 「…」 for
    Traditional, as the article is shown as written), and joined to the source by "：" as a paper's words are
    (——江城晚报：“11月25日，……”). UNTITLED says so itself: ——东岭日报（无标题）. Every output (brief, chat,
    mail, feed) shows an article's name through `marks`, `credit_marks` and `after_source`."""

    text: str  # the headline, the opening words (inner quotation marks nested), or UNTITLED in the article's script
    kind: NameKind = "headline"
    script: str = "simplified"  # the article's

    @property
    def marks(self) -> tuple[str, str]:
        """Around the name where it stands alone (文章一览's heading, a chat's 更多文章): opening words quoted."""
        if self.kind != "opening":
            return "", ""
        return _quotation_marks(self.script)[:2]

    @property
    def credit_marks(self) -> tuple[str, str]:
        """Around the name where it credits an item: a headline in 《》, the others as `marks`."""
        return ("《", "》") if self.kind == "headline" else self.marks

    @property
    def after_source(self) -> str:
        """Between the source and the name in a credit: "：" before quoted words, nothing before 《》 or （）."""
        return "：" if self.kind == "opening" else ""

    @property
    def shown(self) -> str:
        """The name with its `marks`, as plain text."""
        opening, closing = self.marks
        return opening + self.text + closing

    def credit_around(self, source: str | None) -> tuple[str, str]:
        """What a credit puts before and after the name: ("——SOURCE《", "》"), ("——SOURCE：“", "”") or
        ("——SOURCE", "") before （无标题）; `source` as the output writes it."""
        opening, closing = self.credit_marks
        return f"——{source + self.after_source if source else ''}{opening}", closing

    def credit(self, source: str | None, name: str | None = None) -> str:
        """"——SOURCE《TITLE》", "——SOURCE：“OPENING WORDS……”", "——SOURCE（无标题）": `source` and `name` (the
        name's text as a link or escaped; `text` when None) as the output writes them."""
        before, after = self.credit_around(source)
        return before + (self.text if name is None else name) + after

    @classmethod
    def of(cls, text: str, kind: str, script: str) -> ArticleName:
        """The name as a brief's page marks it (`kind`: its data-name, "" for a headline)."""
        return cls(text, kind if kind in ("opening", "untitled") else "headline", script)  # type: ignore[arg-type]


def article_name(article: Article) -> ArticleName:
    """The headline without click-bait affixes (a title borrowed from a folded re-post is cleaned too);
    for an article that has none (a JSONL line with no "title"), its opening words, however short; for one
    without any, UNTITLED in the article's own script (its heading's lang). Never the file and line it came
    from, which say nothing to a reader and give the path away in mail and chat."""
    script = article.summary.script
    headline = article.summary.title or (clean_title(article.document.title) if article.document.title else None)
    if headline:
        return ArticleName(headline, "headline", script)
    words = opening_words(article.summary)
    if not words:
        return ArticleName(in_script(script)(UNTITLED), "untitled", script)
    # Quoted, the article's own quotation marks inside nest as the next level does (“…‘AI助教’…”).
    opening, closing, inner_opening, inner_closing = _quotation_marks(script)
    nested = str.maketrans({opening: inner_opening, closing: inner_closing})
    return ArticleName(words.translate(nested), "opening", script)


def opening_words(summary: Summary) -> str:
    """The first sentence that is not junk, whole when short, else cut at the last clause mark within
    UNTITLED_CHARS (or at UNTITLED_CHARS) and ended on "……"; "" when it has no word (only punctuation)."""
    lead = next((s.text for s in summary.candidates if s.role != "junk"), "").strip()
    if not _WORD.search(lead):
        return ""
    if len(lead) <= UNTITLED_CHARS:
        return _SENTENCE_END.sub("", lead)
    marks = [m.start() for m in _CLAUSE_MARK.finditer(lead, 0, UNTITLED_CHARS)]
    cut = marks[-1] if marks and marks[-1] >= UNTITLED_CHARS // 2 else UNTITLED_CHARS
    return lead[:cut] + "……"


# A sentence that goes on from another (a turn, an addition, a consequence): as a story's one line it
# answers or adds to what the reader was not shown. Theme items may open so (an editor keeps 35-50% of such
# sentences in the labels), the one line standing for a story should not, where another pick can.
_GOES_ON_FROM = regex.compile(r"^(?:但是?|然而|可是|不过|而且?|此外|另外|同时|与此同时|所以|因此|因而|于是|并且|随后)")


def top_sentence(summary: Summary, shown: frozenset[str] = frozenset()) -> str:
    """The article's best-scored chosen sentence that stands alone (ties: the earlier one): it is quoted
    alone, so not one that replies to or points back at the sentence before it (`quotable`, as the theme
    sections ask) nor one that goes on from it (但是…, 此外…); else its best-scored chosen sentence; else its
    best candidate. One the brief already shows above (`shown`, as shown) gives way to another that does
    as well on these counts."""
    chosen = [s for section in summary.sections for s in section.sentences]
    alone = [s for s in chosen if not quotable(s)]
    pool = [s for s in alone if not _GOES_ON_FROM.match(s.text)] or alone or chosen or list(summary.candidates)
    pool = [s for s in pool if as_shown(s.text) not in shown] or pool
    if not pool:
        return summary.summary
    return as_shown(min(pool, key=lambda s: (-s.score, s.index)).text)


def headline(brief: Brief) -> str:
    """The day's top sentence, for the index and the feed: the best-scored item of 技术突破, 落地应用 and
    挑战与对策 that opens on its own (not 但是…, 此外…), else of 其他 (ties: the first listed), else any item,
    else the first article's top sentence."""
    themed = [item for section in brief.themes if section.theme.key != OTHER.key for item in section.items]
    other = [item for section in brief.themes if section.theme.key == OTHER.key for item in section.items]
    for pool in ([i for i in themed if not _GOES_ON_FROM.match(i.text)], [i for i in other if not _GOES_ON_FROM.match(i.text)],
                 themed + other):
        if pool:
            return max(pool, key=lambda item: item.score).text  # max keeps the first of equal scores
    return top_sentence(brief.articles[0].summary) if brief.articles else ""


def index_entry(brief: Brief, *, md_name: str, html_name: str) -> IndexEntry:
    """What the folder's index lists for this brief."""
    return IndexEntry(brief.date, md_name, html_name, brief.counts, headline(brief), brief.script)


BRIEF_FILTERS = {
    "md_line": markdown_line,
    "md_line_cell": markdown_line_cell,
    "http_url": http_url,
    "md_url": markdown_url,
    "link_target": link_target,
    "cn_date": cn_date,
    "published": published,
    "counts_line": counts_line,
    "name": article_name,
    "theme_id": _css_class,
}


def _check_brief_format(fmt: str) -> None:
    if fmt not in ("md", "html"):
        raise ValueError(f"unknown brief format {fmt!r}; expected md or html")


def render_brief(brief: Brief, fmt: BriefFormat) -> str:
    """The brief as a Markdown document or one self-contained HTML page (inline CSS, no scripts)."""
    _check_brief_format(fmt)
    # Articles are numbered in the order the brief lists them; theme items link by that number.
    numbers: dict[str, int] = {}
    for number, article in enumerate(brief.articles, start=1):
        numbers.setdefault(article.fingerprint, number)
    # Each story's line in the article list: not a sentence a theme section above already quotes, where
    # the story has another as good to give.
    quoted: dict[str, set[str]] = {}
    for section in brief.themes:
        for item in section.items:
            quoted.setdefault(item.article.fingerprint, set()).add(item.text)
    leads = {a.fingerprint: top_sentence(a.summary, frozenset(quoted.get(a.fingerprint, ()))) for a in brief.articles}
    return environment().get_template(f"brief.{fmt}.j2").render(
        brief=brief, numbers=numbers, matched=dict(brief.matched), leads=leads,
        heading=brief_heading(brief.date, brief.watchlist, brief.script), script=brief.script, lang=lang(brief.script))


def render_index(entries: Sequence[IndexEntry], fmt: BriefFormat, *, watchlist: str = "") -> str:
    """The folder's index: every brief, newest first, with its counts and headline (`watchlist`: whose); in
    Traditional when every brief it lists is."""
    _check_brief_format(fmt)
    newest_first = sorted(entries, key=lambda e: (e.date, e.md_name, e.html_name), reverse=True)
    script = common_script(e.script for e in entries)
    return environment().get_template(f"index.{fmt}.j2").render(entries=newest_first, watchlist=watchlist,
                                                                  script=script, lang=lang(script))

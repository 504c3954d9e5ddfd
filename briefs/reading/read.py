"""Reading: one file's bytes in, one `Document` out (decoded text, headings as `#` lines, metadata).

Any encoding a Chinese newsroom or crawler produces (UTF-8 with or without BOM, UTF-16, GB18030/GBK,
Big5) gives the same text; HTML pages give their main text only; a file that cannot be an article
(binary, empty, missing) raises `BriefError` naming it. trafilatura and charset_normalizer are imported
only when a file needs them, so summarizing a UTF-8 text file stays fast.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO

from briefs.errors import NO_ARTICLE_TEXT, NO_ARTICLE_TEXT_WORDING, BriefError
from briefs.model import Document, Wording
from summarize import regex
from summarize.clean import whole_characters

STDIN = "-"
STDIN_ORIGIN = "<stdin>"

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What charset_normalizer may choose from: the encodings Chinese text actually arrives in.
# GB18030 is a superset of GBK and GB2312, so it decodes all three (and never loses a character).
_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
_SUPERSEDED = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030", "big5hkscs": "big5"}

# Kind names a caller may pass (file suffixes without the dot) -> the kind read_document handles.
KINDS = {
    "txt": "text", "text": "text",
    "md": "markdown", "markdown": "markdown",
    "html": "html", "htm": "html", "xhtml": "html",
    "json": "json",
}  # fmt: skip


_INVISIBLE = regex.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")  # what a reader cannot see


EMPTY = Wording("文章没有内容")


def _is_empty(text: str) -> bool:
    return not _INVISIBLE.sub("", text)


def _binary(origin: str) -> BriefError:
    return BriefError(f"{origin}: looks like a binary file, not text", wording=Wording("似乎是二进制文件，而不是文本"))


def _text_share(text: str) -> float:
    """Share of characters that ordinary Chinese or English prose is made of (to tell UTF-16 LE from BE)."""
    if not text:
        return 0.0
    ordinary = sum(
        1
        for c in text
        if c.isspace()
        or " " <= c <= "~"
        or "\u4e00" <= c <= "\u9fff"  # CJK unified ideographs
        or "\u3000" <= c <= "\u303f"  # CJK punctuation
        or "\uff00" <= c <= "\uffef"  # full-width forms
        or "\u2000" <= c <= "\u206f"  # general punctuation: “” … —
    )
    return ordinary / len(text)


def _bomless_utf16(data: bytes) -> str | None:
    """The text of a UTF-16 file without BOM, told apart from binary by where its NUL bytes fall.

    ASCII in UTF-16 puts a NUL in every other byte (odd offsets in LE, even in BE); CJK characters such
    as 一 (U+4E00) add a few on the other side, so the majority decides the order and the decoded text
    must then look like prose.
    """
    if len(data) % 2:
        return None
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    orders = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for encoding in orders:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _text_share(text) >= 0.9:
            return text
    return None


def decode(data: bytes, origin: str) -> str:
    """The text of `data`, whatever Chinese encoding it came in; BriefError when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise _binary(origin) from None
    if b"\x00" in data:
        # Text in any 8-bit or multi-byte Chinese encoding never contains NUL; UTF-16 does.
        text = _bomless_utf16(data)
        if text is None:
            raise _binary(origin)
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    text = _mostly_utf8(data)
    if text is not None:
        return text
    from charset_normalizer import from_bytes  # only non-UTF-8 files pay for the detector

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None:
        try:
            return data.decode(_SUPERSEDED.get(best.encoding, best.encoding))
        except UnicodeDecodeError:
            pass
    if len(data.translate(None, _CONTROL_BYTES)) < len(data) * 0.99:
        raise _binary(origin)
    raise BriefError(f"{origin}: not UTF-8 (invalid byte at offset {first_bad}) and not GB18030, Big5 or UTF-16 "
                     "either; re-save it as UTF-8", wording=Wording.of(
                         "不是 UTF-8（偏移 {offset} 处的字节无效），也不是 GB18030、Big5 或 UTF-16；请另存为 UTF-8", offset=first_bad))


# C0 controls other than tab, line feed, form feed and carriage return: text hardly has them, binary does.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (cut mid-character, a line pasted from a GBK file): the text with
    U+FFFD in their place, when well-formed multi-byte characters outnumber the broken sequences ten to one.
    Text in GBK or Big5 read as UTF-8 is almost all broken sequences, so it goes on to the detector."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    ascii_bytes = len(data) - len(data.translate(None, bytes(range(128))))
    multibyte = len(text) - ascii_bytes - broken
    return text if multibyte >= 10 * broken else None


# --- Markdown: keep the `#` heading lines for the engine, drop inline syntax a reader never sees ----

_MD_IMAGE = regex.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = regex.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_REF_LINK = regex.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_MD_LINK_DEFINITION = regex.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$", re.MULTILINE)
_MD_STRONG = regex.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# `*` emphasis may sit inside a word (CommonMark allows it), as it does in Chinese: 提升了*三成*。
_MD_EMPHASIS_STAR = regex.compile(r"(?<!\*)\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)")
# `_` only around whole words, so snake_case names in English text survive.
_MD_EMPHASIS_UNDERSCORE = regex.compile(r"(?<![_\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![_\w])")
# A backslash escape ("80\~100", "content\_12.htm"): trafilatura's Markdown writes them, and CommonMark
# allows one before any ASCII punctuation; the reader sees the character alone.
_MD_ESCAPE = regex.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = 0xF0000  # while links and emphasis are read, an escaped character waits in a private-use plane
_WAITING = regex.compile("[\U000F0000-\U000F007F]")
_MD_CODE = regex.compile(r"`([^`\n]+)`")
_MD_HEADING = regex.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def strip_markdown(text: str) -> str:
    """Markdown text with links reduced to their text, images dropped, emphasis marks and backslash
    escapes removed."""
    text = _MD_ESCAPE.sub(lambda m: chr(_ESCAPED + ord(m.group(1))), text)  # "\*" is no emphasis mark
    text = _MD_LINK_DEFINITION.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS_STAR.sub(r"\1", text)
    text = _MD_EMPHASIS_UNDERSCORE.sub(r"\1", text)
    return _WAITING.sub(lambda m: chr(ord(m.group()) - _ESCAPED), text)


def _split_title(text: str) -> tuple[str | None, str]:
    """A leading level-1 `#` line is the article's title, not a section: (title, the rest)."""
    lines = text.lstrip("\ufeff").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, ""
    line = lines[first].strip()
    if line.startswith("# "):
        match = _MD_HEADING.match(line)
        if match and match.group(1):
            return match.group(1), "\n".join(lines[first + 1 :])
    return None, text


# --- Plain text and Markdown: the headline, and the dateline and source printed under it -----------

_PROSE_MARKS = regex.compile(r"[，。！？；,!?;]")  # a line with these is the story's text, not its particulars


def _is_headline(line: str) -> bool:
    """A text's first line is its headline when it is shaped like one: short, no sentence, no page
    furniture (a dateline, a byline, a caption, a credit)."""
    from briefs.reading.html import credited_source, dateline
    from briefs.reading.title import HEADLINE_MAX
    from summarize.clean import ends_sentence
    from summarize.furniture import han_chars, never_heading

    return (
        han_chars(line) >= 4
        and len(line) <= HEADLINE_MAX
        and not ends_sentence(line)
        and line[-1] not in "，,、：:；;—-"
        and not never_heading(line)
        and dateline(line) is None
        and credited_source(line) is None
    )


def _over_prose(lines: list[str], at: int) -> bool:
    """The line at `at` stands right over a line of the story's text, as a subheading does."""
    return at + 1 < len(lines) and bool(_PROSE_MARKS.search(lines[at + 1]))


def _split_headline(text: str) -> tuple[str | None, str]:
    """A plain text's first line, when it is a headline with text under it: (headline, the rest). A first
    line right over the story's text, in a text whose other subheading-shaped lines stand so too, is its
    first section's heading (a crawler's page that lost its headline), not a headline."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    shown = [lines[i].strip() for i in filled]
    if len(shown) < 2 or not _is_headline(shown[0]):
        return None, text
    if _over_prose(shown, 0) and any(_over_prose(shown, k) and _is_headline(shown[k]) for k in range(2, len(shown))):
        return None, text
    return shown[0], "\n".join(lines[filled[0] + 1 :])


def _under_headline(text: str) -> str:
    """The lines a text prints before its story (the dateline, the source, the byline), as the HTML reader's
    `under_headline` gives a page's: whitespace collapsed, DATELINE_REACH characters at most."""
    from briefs.reading.html import DATELINE_REACH

    head: list[str] = []
    for line in text.split("\n"):
        if _PROSE_MARKS.search(line):
            break
        head.append(line)
    return " ".join(" ".join(head).split())[:DATELINE_REACH]


def _read_text(text: str, origin: str, markdown: bool) -> Document:
    """A text file's article: a Markdown `#` title or a plain text's headline line, and the date and
    source its dateline prints under it (`2026-11-25 07:40 ｜ 来源：工业观察报`, a crawler's
    `2026-11-2509:30 科创时报`), read as a page's are. A time without a zone is local, as on a page.
    With none printed there, what a page's closing lines give: the credit (`（来源：东岭日报）`) and the time
    right after its last sentence; else the outlet the story's opening dateline names (`南都讯 记者…`)."""
    from briefs.reading.html import closing_time, dateline, with_closing_time

    title, body = _split_title(strip_markdown(text)) if markdown else _split_headline(text)
    under = _under_headline(body)
    published = with_closing_time(dateline(under), closing_time(body, body))
    return Document(origin=origin, text=body, title=title, source=credited_outlet(body, under), published=published)


def credited_outlet(text: str, under: str = "") -> str | None:
    """The source an article's text credits, as a page's does: beside the dateline under its headline
    (`under`), on a line that opens or closes it (`（来源：东岭日报）`), else its opening wire dateline's outlet."""
    from briefs.reading.html import article_edges, credited_source

    return credited_source(under, article_edges(text)) or opening_outlet(text)


def opening_outlet(text: str) -> str | None:
    """The outlet the story's opening wire dateline names (`南都讯 记者…`, `中新网北京3月5日电`), on its first
    line of prose, after a crawler's time stamp or a photo's caption there: what an article that names no
    source is known by, as a page is."""
    from briefs.reading.title import opening_dateline_outlet

    return opening_dateline_outlet(next((line for line in text.split("\n") if _PROSE_MARKS.search(line)), ""))


# --- HTML: the main text, headline and metadata (briefs.reading.html) ------------------------------


def _parse_datetime(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _read_html(html: str, origin: str) -> Document:
    from briefs.reading.html import read_page

    page = read_page(html)
    if page.text.strip() and not page.has_article:
        raise BriefError(f"{origin}: {NO_ARTICLE_TEXT}", wording=NO_ARTICLE_TEXT_WORDING)
    return Document(
        origin=origin,
        text=page.text,
        title=page.title,
        url=page.url,
        source=page.source,
        published=page.published,
        extraction=page.extraction,
        extraction_wording=page.extraction_wording,
    )


# --- JSON: one article object --------------------------------------------------------------------


def json_kind(value: object) -> Wording:
    """What a brief calls a parsed JSON value's kind: JSON's own names in Chinese, not Python's (`int`, `list`)."""
    kinds = ((bool, "布尔值"), (int, "数字"), (float, "数字"), (str, "字符串"), (list, "数组"), (dict, "对象"))
    return Wording(next((name for kind, name in kinds if isinstance(value, kind)), "null" if value is None else "其他值"))


def _field(record: dict[str, Any], key: str, origin: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BriefError(f'{origin}: "{key}" must be a string, not {type(value).__name__}', wording=Wording.of(
            "“{key}”应是字符串（而不是{kind}）", key=key, kind=json_kind(value)))
    return whole_characters(value).strip() or None  # JSON's \ud83d alone: U+FFFD, as for broken UTF-8


FIELDS_SHOWN = 8  # field names a message lists: enough to tell what a record is, not a dump of it


def _fields_of(record: dict[str, Any]) -> tuple[str, Wording]:
    """'; its fields: "file", "title"…': what a record that is no article holds instead (and in Chinese)."""
    if not record:
        return "; it has no fields", Wording("；它没有任何字段")
    names = ", ".join(json.dumps(str(key)[:40], ensure_ascii=False) for key in list(record)[:FIELDS_SHOWN])
    names += "…" if len(record) > FIELDS_SHOWN else ""
    return f"; its fields: {names}", Wording.of("；它只有这些字段（{names}）", names=names)


def document_from_record(record: object, origin: str) -> Document:
    """A Document from one parsed JSON article: `text` required; `title`, `id`, `url`, `source`,
    `published` or `date` (ISO 8601) optional. With no `source`, the one its text credits (`credited_outlet`)."""
    if not isinstance(record, dict):
        raise BriefError(f'{origin}: expected a JSON object with a "text" field, not {type(record).__name__}',
                         wording=Wording.of("应是带“text”字段的 JSON 对象（而不是{kind}）", kind=json_kind(record)))
    if "text" not in record:
        fields, said = _fields_of(record)
        raise BriefError(f'{origin}: no "text" field (the article\'s text){fields}',
                         wording=Wording.of("没有“text”字段（文章正文）{fields}", fields=said))
    text = _field(record, "text", origin) or ""
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, type(None))):
        raise BriefError(f'{origin}: "id" must be a string or a number, not {type(raw_id).__name__}',
                         wording=Wording.of("“id”应是字符串或数字（而不是{kind}）", kind=json_kind(raw_id)))
    published = None
    for key in ("published", "date"):
        value = _field(record, key, origin)
        if value is not None:
            published = _parse_datetime(value)
            if published is None:
                raise BriefError(f'{origin}: "{key}" is not an ISO 8601 date or time: {value!r}',
                                 wording=Wording.of("“{key}”不是 ISO 8601 日期或时间（{value}）", key=key, value=repr(value)))
            break
    if _is_empty(text):
        raise BriefError(f"{origin}: the article is empty", wording=EMPTY)
    return Document(
        origin=origin,
        text=text,
        title=_field(record, "title", origin),
        id=None if raw_id is None else whole_characters(str(raw_id)),
        url=_field(record, "url", origin),
        source=_field(record, "source", origin) or credited_outlet(text),
        published=published,
    )


def parse_json(text: str, origin: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BriefError(f"{origin}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                         wording=Wording.of("不是有效的 JSON（{detail}，第 {line} 行第 {column} 列）", detail=error.msg,
                                            line=error.lineno, column=error.colno)) from None
    except RecursionError:
        raise BriefError(f"{origin}: not valid JSON: nested too deeply (an article is one flat object)",
                         wording=Wording("不是有效的 JSON：嵌套太深（每篇文章应是一个扁平的对象）")) from None


# --- One document --------------------------------------------------------------------------------


def sniff_kind(text: str) -> str:
    """The kind of a document that came without a file name (stdin): JSON, HTML, Markdown (a first line
    that is a level-1 `# ` heading, the title a Markdown article opens with) or plain text."""
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith(("<!doctype", "<html", "<head", "<body")):
        return "html"
    if _MD_HEADING.match(head.split("\n", 1)[0].rstrip()) and head.startswith("# "):
        return "md"
    return "text"


def read_document(data: bytes, origin: str, kind: str | None = None) -> Document:
    """One article from a file's bytes; `kind` is a file suffix (txt, md, html, json…) or None to sniff."""
    text = decode(data, origin)
    if kind is None:
        kind = sniff_kind(text)
    canonical = KINDS.get(kind.lower().lstrip("."))
    if canonical is None:
        raise BriefError(f"{origin}: cannot read a .{kind} file; expected one of: txt, md, html, json",
                         wording=Wording.of("无法读取这类文件（.{kind}；支持 txt、md、html、json）", kind=kind))
    text = text.lstrip("\ufeff")
    if canonical == "json":
        return document_from_record(parse_json(text, origin), origin)
    if canonical == "html":
        document = _read_html(text, origin)
    else:
        document = _read_text(text, origin, markdown=canonical == "markdown")
    if _is_empty(document.text):
        raise BriefError(f"{origin}: the article is empty", wording=EMPTY)
    return document


def kind_of(path: str) -> str | None:
    """The kind a file name announces, or None to sniff the content."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in KINDS else None


def is_url(text: str) -> bool:
    """`text` is an http(s) address, not a path."""
    return re.match(r"https?://", text, re.IGNORECASE) is not None


def open_binary(path: str) -> BinaryIO:
    """The file (or stdin for `-`) opened for reading bytes; BriefError naming it when that fails."""
    if path == STDIN:
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 — the caller closes it
    except FileNotFoundError:
        raise BriefError(f"{path}: no such file", wording=Wording("找不到该文件")) from None
    except IsADirectoryError:
        raise BriefError(f"{path}: is a directory, not a file", wording=Wording("是文件夹，不是文件")) from None
    except PermissionError:
        raise BriefError(f"{path}: cannot read the file: permission denied",
                         wording=Wording("无法读取文件：没有权限")) from None
    except OSError as error:
        raise cannot_read(path, error) from None


def cannot_read(name: str, error: OSError) -> BriefError:
    """The file `name` that the system would not let us read, its errno string as the detail."""
    detail = str(error.strerror or error)
    return BriefError(f"{name}: cannot read the file: {detail}", wording=Wording.of("无法读取文件（{detail}）", detail=detail))


def read_path(path: str) -> Document:
    """One article from a file, or from stdin for `-` (its kind then sniffed from the content)."""
    origin = STDIN_ORIGIN if path == STDIN else path
    handle = open_binary(path)
    try:
        data = handle.read()
    except IsADirectoryError:
        raise BriefError(f"{path}: is a directory, not a file", wording=Wording("是文件夹，不是文件")) from None
    except OSError as error:
        raise cannot_read(origin, error) from None
    finally:
        if path != STDIN:
            handle.close()
    return read_document(data, origin, None if path == STDIN else kind_of(path))

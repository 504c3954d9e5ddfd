"""Messages: an Outline as each platform's message bodies — Markdown for WeCom, DingTalk and Apprise,
Feishu's rich text (`post`) — split to fit the platform's size limit, never truncated.

Contract: `split(outline, fmt, link=…)` returns numbered `Message`s (1/3, 2/3, 3/3) whose size, measured
the way the platform counts it (`fmt.measure`), is within `fmt.limit`. Messages break between themes and
items only; a theme that continues in the next message repeats its heading with （续）; an item is cut
(at a punctuation mark when one is near) only when it alone, with the message's heading, cannot fit.
Themes without an item are named in one line after the items, not shown as empty headings. The first
message carries the counts and keywords; every message links to the HTML brief when `link`.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefs.deliver.outline import NONE_TODAY, Outline, OutlineItem, OutlineStory
from briefs.errors import BriefError
from briefs.render import markdown_line, markdown_url, one_line

CONTINUED = "（续）"
FULL_BRIEF = "查看完整简报"
MORE = "更多文章"  # the heading of the other stories' titles
REST = "另有 {} 篇"  # the other stories that did not fit
KEYWORDS = "今日关键词："
# Feishu signs in the body: "timestamp" (10 digits) and "sign" (44 base64 characters) with their JSON
# punctuation take 62 bytes; the reserve covers them whether or not the bot has a secret.
FEISHU_SIGN_RESERVE = 100
_CUT_AFTER = re.compile(r"[，。；、！？,;:：!? ]")


# --- the parts of a message ------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeHead:
    label: str
    continued: bool = False


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class StoryBlock:
    """A story no theme item quotes: its title, one line."""

    story: OutlineStory


@dataclass(frozen=True)
class Rest:
    """The stories that did not fit: "另有 N 篇", with the link to the full brief when there is one."""

    count: int


@dataclass(frozen=True)
class ItemBlock:
    """An item, or one piece of an item that had to be cut: `text` is the piece."""

    item: OutlineItem
    text: str
    cut_before: bool = False  # continues a piece in the previous message
    cut_after: bool = False  # continues in the next message
    show_source: bool = True  # the source link goes with the item's last piece


Block = ThemeHead | Note | ItemBlock | StoryBlock | Rest


@dataclass(frozen=True)
class Page:
    """One message before it is encoded for a platform."""

    outline: Outline
    number: int
    total: int
    blocks: tuple[Block, ...]
    link: str | None

    @property
    def heading(self) -> str:
        return self.outline.heading + (f"（{self.number}/{self.total}）" if self.total > 1 else "")

    def label(self, text: str) -> str:
        return self.outline.label(text)


@dataclass(frozen=True)
class Format:
    """How one platform shows a Page, and how it counts a message against its limit."""

    kind: str
    limit: int
    unit: str  # "bytes" or "characters", for messages
    encode: Callable[[Page], dict[str, Any]]
    measure: Callable[[dict[str, Any]], int]


@dataclass(frozen=True)
class Message:
    part: int
    parts: int
    payload: dict[str, Any]  # the JSON body (Feishu's signature is added when sending)
    size: int  # as the platform counts it

    @property
    def digest(self) -> str:
        canonical = json.dumps(self.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def json_body(payload: dict[str, Any]) -> bytes:
    """The bytes sent: UTF-8 JSON (escaping CJK as \\uXXXX would double the body's size)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- Markdown (WeCom, DingTalk, Apprise) ---------------------------------------------------------------


# WeCom's markdown reads no backslash escapes (`\*` shows as typed; WeCom's 群机器人 document lists its
# subset: headings, **bold**, links, `code`, > quotes, <font>, <@userid>): each character that could start
# markup there is shown as its full-width form, which reads the same in Chinese text.
_WECOM_SPECIAL = str.maketrans({"*": "＊", "_": "＿", "`": "｀", "[": "［", "]": "］", "<": "＜", ">": "＞"})


def wecom_line(text: str) -> str:
    """Article text as one line of WeCom markdown that shows as plain text, with no backslash."""
    return one_line(text).translate(_WECOM_SPECIAL)


def _md_source(item: OutlineItem, line: Callable[[str], str]) -> str:
    """——SOURCE《TITLE》 (or ——SOURCE：“OPENING WORDS……”), as the brief credits an item (a headline's own "，"
    stays inside 《》)."""
    name = line(item.name.text)
    linked = f"[{name}]({markdown_url(item.url)})" if item.url else name
    return item.name.credit(line(item.source) if item.source else None, linked)


def markdown_text(page: Page, line: Callable[[str], str] = markdown_line) -> str:
    """The page as Markdown both WeCom and DingTalk render: headings, list items, links; article text made
    plain by `line` (CommonMark's escapes, or WeCom's full-width forms)."""
    o = page.outline
    paragraphs = [f"## {line(page.heading)}"]
    if page.number == 1:
        paragraphs.append(line(o.counts))
        if o.keywords:
            paragraphs.append(page.label(KEYWORDS) + "、".join(line(k) for k in o.keywords))
    prior: Block | None = None
    for block in page.blocks:
        if isinstance(block, ThemeHead):
            paragraphs.append(f"### {line(block.label)}{page.label(CONTINUED) if block.continued else ''}")
        elif isinstance(block, Note):
            paragraphs.append(line(block.text))
        elif isinstance(block, StoryBlock):
            name, url = block.story.name, block.story.url
            opening, closing = name.marks
            entry = f"- {opening}[{line(name.text)}]({markdown_url(url)}){closing}" if url else f"- {line(name.shown)}"
            if isinstance(prior, StoryBlock):
                paragraphs[-1] += "\n" + entry  # one list: titles close together
            else:
                paragraphs.append(entry)
        elif isinstance(block, Rest):
            link = f"，[{page.label(FULL_BRIEF)}]({markdown_url(page.link)})" if page.link else ""
            paragraphs.append(f"{page.label(REST).format(block.count)}{link}")
        else:
            text = ("…" if block.cut_before else "") + line(block.text) + ("…" if block.cut_after else "")
            paragraphs.append(f"- {text}" + (f"\n  {_md_source(block.item, line)}" if block.show_source else ""))
        prior = block
    if page.link and not any(isinstance(b, Rest) for b in page.blocks):
        paragraphs.append(f"[{page.label(FULL_BRIEF)}]({markdown_url(page.link)})")
    return "\n\n".join(paragraphs)


def _wecom(page: Page) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": markdown_text(page, wecom_line)}}


def _dingtalk(page: Page) -> dict[str, Any]:
    # DingTalk shows `title` in the conversation list and notifications; `text` is the message.
    return {"msgtype": "markdown", "markdown": {"title": page.heading, "text": markdown_text(page)}}


# --- Feishu rich text ------------------------------------------------------------------------------------


def _text(text: str) -> dict[str, str]:
    return {"tag": "text", "text": text}


def _feishu(page: Page) -> dict[str, Any]:
    o = page.outline
    rows: list[list[dict[str, str]]] = []
    if page.number == 1:
        rows.append([_text(o.counts)])
        if o.keywords:
            rows.append([_text(page.label(KEYWORDS) + "、".join(o.keywords))])
    for block in page.blocks:
        if isinstance(block, ThemeHead):
            rows.append([_text(f"【{block.label}】{page.label(CONTINUED) if block.continued else ''}")])
        elif isinstance(block, Note):
            rows.append([_text(block.text)])
        elif isinstance(block, StoryBlock):
            name, url = block.story.name, block.story.url
            if url:
                opening, closing = name.marks
                rows.append([_text(f"• {opening}"), {"tag": "a", "text": name.text, "href": url},
                             *([_text(closing)] if closing else [])])
            else:
                rows.append([_text(f"• {name.shown}")])
        elif isinstance(block, Rest):
            link = [_text("，"), {"tag": "a", "text": page.label(FULL_BRIEF), "href": page.link}] if page.link else []
            rows.append([_text(page.label(REST).format(block.count)), *link])
        else:
            text = ("…" if block.cut_before else "") + block.text + ("…" if block.cut_after else "")
            rows.append([_text(f"• {text}")])
            if block.show_source:
                item = block.item
                if item.url:
                    opening, closing = item.name.credit_around(item.source)
                    rows.append([_text(opening), {"tag": "a", "text": item.name.text, "href": item.url},
                                 *([_text(closing)] if closing else [])])
                else:
                    rows.append([_text(item.name.credit(item.source))])
    if page.link and not any(isinstance(b, Rest) for b in page.blocks):
        rows.append([{"tag": "a", "text": page.label(FULL_BRIEF), "href": page.link}])
    return {"msg_type": "post", "content": {"post": {"zh_cn": {"title": page.heading, "content": rows}}}}


# Limits as each platform documents them (see the README for the sources and figures).
WECOM = Format("wecom", 4096, "bytes", _wecom, lambda p: len(p["markdown"]["content"].encode("utf-8")))
DINGTALK = Format("dingtalk", 20000, "bytes", _dingtalk, lambda p: len(json_body(p)))
FEISHU = Format("feishu", 20000, "bytes", _feishu, lambda p: len(json_body(p)) + FEISHU_SIGN_RESERVE)
FORMATS = {f.kind: f for f in (WECOM, DINGTALK, FEISHU)}


def apprise_format(body_limit: int, title_limit: int) -> Format:
    """Markdown for an Apprise service: its plugin's own limits, in characters (title counted in the body
    when the service has no separate title)."""

    def encode(page: Page) -> dict[str, Any]:
        return {"title": page.heading, "body": markdown_text(page)}

    def measure(payload: dict[str, Any]) -> int:
        title = len(payload["title"])
        return len(payload["body"]) + (0 if title <= title_limit else title + 2)

    return Format("apprise", body_limit, "characters", encode, measure)


# --- splitting ---------------------------------------------------------------------------------------------


def _units(outline: Outline) -> list[tuple[str | None, Block]]:
    """Every block in reading order, each with the theme it belongs to (None: a theme's own heading)."""
    if not outline.themes:
        return [(None, Note(outline.nothing))]
    units: list[tuple[str | None, Block]] = []
    for theme in outline.themes:
        if theme.items:
            units.append((None, ThemeHead(theme.label)))
            units.extend((theme.label, ItemBlock(item, item.text)) for item in theme.items)
    empty = [theme.label for theme in outline.themes if not theme.items]
    if empty:
        units.append((None, Note(outline.label(NONE_TODAY) + "、".join(empty))))
    return units


def _cut(item: OutlineItem, fits: Callable[[ItemBlock], bool], what: str) -> list[ItemBlock]:
    """An item too long for one message, in pieces that each fit; cuts after punctuation when one is near."""
    pieces: list[ItemBlock] = []
    rest = item.text
    while rest:
        def piece(n: int) -> ItemBlock:
            last = n >= len(rest)
            return ItemBlock(item, rest[:n], cut_before=bool(pieces), cut_after=not last, show_source=last)

        if fits(piece(len(rest))):
            pieces.append(piece(len(rest)))
            break
        low, high = 0, len(rest)  # the longest prefix that fits: fits(low) holds, fits(high) does not
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if fits(piece(middle)) else (low, middle)
        if low == 0:
            raise BriefError(f"{what}: even one character of an item does not fit the limit")
        marks = [m.end() for m in _CUT_AFTER.finditer(rest, 0, low)]
        n = marks[-1] if marks and marks[-1] >= low * 0.8 else low
        pieces.append(piece(n))
        rest = rest[n:]
    return pieces


def split(outline: Outline, fmt: Format, *, link: str | None = None) -> list[Message]:
    """The outline as numbered messages, each within `fmt.limit`, in reading order."""
    # Pages are packed measuring "(99/99)"-wide numbers; should there be more pages than that width holds
    # (an item cut into many), packing again with wider numbers keeps every message within the limit.
    width = 2
    while True:
        pages = _pack(outline, fmt, link, widest=10**width - 1)
        if len(str(len(pages))) <= width:
            break
        width += 1
    total = len(pages)
    messages = []
    for number, blocks in enumerate(pages, start=1):
        payload = fmt.encode(Page(outline, number, total, tuple(blocks), link))
        measured = fmt.measure(payload)
        assert measured <= fmt.limit, (fmt.kind, number, measured)  # _pack measured it at least this wide
        messages.append(Message(number, total, payload, measured))
    return messages


def _pack(outline: Outline, fmt: Format, link: str | None, *, widest: int) -> list[list[Block]]:
    """The blocks of each message: greedily as many as fit, breaking only between blocks."""
    units = _units(outline)

    def size(number: int, blocks: list[Block]) -> int:
        page = Page(outline, number, widest, tuple(blocks), link)
        return fmt.measure(fmt.encode(page))

    pages: list[list[Block]] = [[]]
    pending: list[Block] = []  # a theme heading waiting for its first block: a heading never ends a message
    for theme, block in units:
        if isinstance(block, ThemeHead):
            pending = [block]
            continue
        lead, pending = pending, []
        page, number = pages[-1], len(pages)
        if size(number, [*page, *lead, block]) <= fmt.limit:
            page.extend([*lead, block])
            continue
        opening = lead or ([ThemeHead(theme, continued=True)] if theme is not None else [])
        if page:  # start the next message
            pages.append([])
            number += 1
        if size(number, [*opening, block]) <= fmt.limit:
            pages[-1].extend([*opening, block])
            continue
        if not isinstance(block, ItemBlock) or theme is None:
            raise BriefError(f"{fmt.kind}: the brief's heading alone exceeds the {fmt.limit}-{fmt.unit} limit")
        label = theme

        def fits(piece: ItemBlock, number: int = number, opening: list[Block] = opening, label: str = label) -> bool:
            # A piece must fit where the first one goes and where the later ones go.
            return max(size(number, [*opening, piece]),
                       size(number + 1, [ThemeHead(label, continued=True), piece])) <= fmt.limit

        pieces = _cut(block.item, fits, fmt.kind)
        pages[-1].extend([*opening, pieces[0]])
        for piece in pieces[1:]:
            pages.append([ThemeHead(label, continued=True), piece])
    _pack_others(outline.others, pages, size, fmt.limit, outline.label(MORE))
    return [p for p in pages if p] or [[]]


def _pack_others(stories: tuple[OutlineStory, ...], pages: list[list[Block]],
                 size: Callable[[int, list[Block]], int], limit: int, more: str = MORE) -> None:
    """The other stories' titles after the theme items: they fill the last message and one more at most
    (a group reads the news, not pages of headlines), whole titles only; "另有 N 篇" counts the rest."""
    if not stories:
        return
    last = len(pages) + 1 if pages[-1] else len(pages)  # the one message titles may add
    shown = 0
    while shown < len(stories):
        page, number = pages[-1], len(pages)
        head = [] if any(isinstance(b, StoryBlock) for b in page) else [ThemeHead(more, continued=shown > 0)]
        left = len(stories) - shown - 1
        candidate = [*page, *head, StoryBlock(stories[shown])]
        if size(number, [*candidate, *([Rest(left)] if left else [])]) <= limit:
            page[:] = candidate
            shown += 1
        elif number < last and page:
            pages.append([])
        else:
            break
    if shown == len(stories):
        return
    # Room for the count: a page holding titles was measured with it; one that holds none may not have any.
    while size(len(pages), [*pages[-1], Rest(len(stories) - shown)]) > limit:
        page = pages[-1]
        if page and isinstance(page[-1], StoryBlock):
            page.pop()
            shown -= 1
            if isinstance(page[-1], ThemeHead):
                page.pop()
        elif page:
            pages.append([])
        else:
            raise BriefError("the brief's heading alone exceeds the message limit")
    pages[-1].append(Rest(len(stories) - shown))

"""Headline and publisher of an HTML page, as the page shows them to a reader.

A page names its article several times: `<title>`, `og:title`, a crawl wrapper's title, and the
article's own `<h1>`/`<h2>`. The titles carry the site and channel names (`…_央广网`, `… | 社會 | 中央社
CNA`) and may be cut short (an `og:title` whose quotes were not escaped); the heading shows the headline
as the reader sees it. As GeneralNewsExtractor does, a heading that the page's title repeats is the
headline; failing that, the title without its site and channel segments; never the site's name alone.
The publisher is the site's declared name, or the site segment the title ends with — never a copyright
sentence or an address; a name in Latin letters only (`Central News Agency`) yields to a Chinese one the page
also declares or ends its title with (`中央社 CNA`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from summarize import regex
from summarize.clean import DATELINE_REACH, PORTAL_CHANNELS
from summarize.furniture import han_chars
from summarize.segment import segmenter

# Between a headline and the site/channel names: "_", "|", "｜", " - ", "-" between words, " — ", "--".
_SEPARATOR = regex.compile(
    r"\s*(?:_+|\|+|｜+|\s-+\s|--+|\s-+(?=[^\s\d])|(?<=[^\sA-Za-z0-9])-(?=[^\s\d])|\s[—–]+\s)\s*"
)
# Two spaces also part a blog's or a portal's name from the headline ("… zboygirl  天极Blog"), but
# headlines use them too ("平鎮輪胎行惡火  疏散7人1女命喪"): only names go at them.
_WEAK_SEPARATOR = regex.compile(r"[ \t]{2,}")
_LATIN = regex.compile(r"[A-Za-z]")
_SENTENCE_PUNCTUATION = regex.compile(r"[，,。！？!?：:；;“”\"‘’《》、]")
# How publishers' names end: 新华网, 中央社, 蘋果日報, 自由時報電子報, 财经频道, 澎湃新闻, CNA, Online.
_SITE_SUFFIX = regex.compile(
    r"(?:网|網|网站|網站|报|報|社|台|刊|频道|頻道|新闻|新聞|在线|在線|资讯|資訊|门户|門戶|客户端|"
    r"(?i:news|online|cna|net|com|cn|paper|times|daily|post))$"
)
NAME_MAX = 12  # characters; a segment longer than this is a headline, not a site or channel name
# Never a name: a copyright sentence, an address, or a percent-encoded string (part of an address).
_NOT_A_NAME = regex.compile(
    r"版权|版權|(?i:copyright|all rights)|©|https?:|www\.|\.(?:com|cn|net|org)\b|[/\\@]|%[0-9A-Fa-f]{2}"
)
_HANDLE = regex.compile(r"[A-Za-z][A-Za-z0-9_.-]{2,30}")  # a user's or channel's handle, as blogs put it in titles
_TITLED = regex.compile(r"title|headline|biaoti|bt_|tit\b", re.IGNORECASE)  # class/id of a headline element
HEADLINE_MAX = 80
# A platform that hosts accounts names itself "…平台" (公众平台, 开放平台) or "…号" (a self-media system:
# each account is a "号"); it publishes nothing itself, so its name is not the article's publisher.
_PLATFORM = regex.compile(r"(?:平台|[\u4e00-\u9fff]{1,3}[号號])$")
# Where such a page names the account: the profile's nickname, the author, account or user card under the
# headline (`author-name`, `user-card-name`).
_ACCOUNT_CLASS = regex.compile(r"nickname|(?:account|author|media|user)[-_]?(?:card[-_]?)?name", re.IGNORECASE)


def norm(text: str) -> str:
    """Text as compared: NFKC, lower case, without spaces and punctuation."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P"))


def same_text(a: str, b: str) -> bool:
    """Equal once width, case, spaces and punctuation are set aside (“暗伤” and "暗伤" are the same)."""
    return bool(norm(a)) and norm(a) == norm(b)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _one_line(text: str | None) -> str:
    return re.sub(r"[\r\n\t\u3000]+", " ", text or "").strip()


@dataclass(frozen=True)
class PageTitles:
    """Every place a page names its article or itself, as written."""

    titles: tuple[str, ...]  # <title>, og:title, the crawl wrapper's title, trafilatura's title
    headings: tuple[str, ...]  # <h1>, then <h2>, texts in page order
    site_names: tuple[str, ...]  # og:site_name, application-name, then publisher
    handles: tuple[str, ...] = ()  # the page address's path segments, lower-cased: a blog's or channel's handle
    accounts: tuple[str, ...] = ()  # names in the page's account or author cards (nickname, author-name)

    @classmethod
    def of(
        cls, tree: Any, *, wrapper_title: str | None = None, metadata_title: str | None = None, url: str | None = None
    ) -> PageTitles:
        def texts(xpath: str, clean: Any = _clean) -> list[str]:
            if tree is None:
                return []
            found = []
            for node in tree.xpath(xpath):
                value = node.get("content") if node.tag == "meta" else node.text_content()
                value = clean(value)
                if value and len(value) <= 4 * HEADLINE_MAX:
                    found.append(value)
            return found

        # Titles keep their runs of spaces: two spaces may part a site's name from the headline.
        titles = texts("//title", _one_line)[:1] + texts('//meta[@property="og:title" or @name="og:title"]', _one_line)
        titles += [_one_line(t) for t in (wrapper_title, metadata_title) if _clean(t)]
        headings = texts("//h1") + texts("//h2")
        site_names = texts('//meta[@property="og:site_name" or @name="application-name" or @name="og:site_name"]')
        # `<meta name="publisher">` names the site too (trafilatura reads it when there is no og:site_name).
        site_names += texts('//meta[@name="publisher"]')
        return cls(tuple(dict.fromkeys(titles)), tuple(headings), tuple(site_names), url_handles(url), account_names(tree))


def account_names(tree: Any) -> tuple[str, ...]:
    """The names, in page order, of the elements whose class or id says they hold an account's or an
    author's name (`class="profile_nickname"`, `class="author-name"`)."""
    found: list[str] = []
    if tree is None:
        return ()
    for node in tree.xpath("//body//*[@class or @id]"):
        if not _ACCOUNT_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}"):
            continue
        # A card may hold a follow button after the name ("南方都市报 关注"), a mention its "@".
        first = next((text for text in node.itertext() if text.strip()), "")
        name = _acceptable_name(node.text_content().lstrip(" @")) or _acceptable_name(first.lstrip(" @"))
        if name and len(name) <= NAME_MAX:
            found.append(name)
    return tuple(dict.fromkeys(found))


def is_platform(name: str) -> bool:
    """A platform that hosts accounts (微信公众平台, a "…号"), not a publisher."""
    return len(name) <= 8 and bool(_PLATFORM.search(name))


def url_handles(url: str | None) -> tuple[str, ...]:
    """The path segments of a page's address that could name a blog or a channel (`/blog/zboygirl/…`)."""
    try:
        path = urlsplit(url or "").path
    except ValueError:  # "http://ne[ws.example.cn/…": a crawl wrapper's id is what the crawler wrote
        return ()
    return tuple(dict.fromkeys(part.lower() for part in path.split("/") if _HANDLE.fullmatch(part)))


def titled_texts(tree: Any) -> list[str]:
    """Texts of the elements whose class or id says they hold a title (`<td class="bt_title">`)."""
    found: list[str] = []
    if tree is None:
        return found
    for node in tree.xpath("//body//*[@class or @id]"):
        if node.tag in ("a", "body", "html") or not _TITLED.search(f"{node.get('class', '')} {node.get('id', '')}"):
            continue
        value = _clean(node.text_content())
        if 4 <= len(value) <= HEADLINE_MAX:
            found.append(value)
    return found


# The number of a gazette's or a magazine's issue before its name (2007年第23号国务院公报, 2019年第08期…):
# the name is what counts against NAME_MAX.
_ISSUE_NUMBER = regex.compile(r"^(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,4}\s*[期号號卷]")


def _is_name(segment: str) -> bool:
    name = _ISSUE_NUMBER.sub("", segment)
    return 0 < len(name) <= NAME_MAX and not _SENTENCE_PUNCTUATION.search(segment)


def is_site_name(text: str, known: tuple[str, ...] = ()) -> bool:
    """A publisher's or channel's name rather than a headline: 北医新闻网, 新浪财经, 中央社 CNA."""
    text = text.strip()
    if any(same_text(text, name) for name in known):
        return True
    return _is_name(text) and len(text) <= 8 and bool(_SITE_SUFFIX.search(text.strip("()（）[]【】 ")))


def _segments(title: str) -> list[tuple[int, int]]:
    """(start, end) of each part of a page title between separators."""
    spans, start = [], 0
    for match in _SEPARATOR.finditer(title):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(title):
        spans.append((start, len(title)))
    return spans


def split_title(title: str, known: tuple[str, ...] = (), handles: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """(the headline part of a page title, the site and channel names cut from it, last first).

    Trailing parts that are names (short, no sentence punctuation) go, but never the longest part:
    "马克龙星期一在莫斯科与普京会面 - 法国报纸摘要" keeps the first, "法国报纸摘要 - 马克龙…" keeps both.
    Leading parts go only when they are a known site name. A last word after a plain space goes when it
    is a site name, or a blogger's handle that the page's address carries (`handles`); a handle is not
    the publisher, so it is not among the names returned.
    """
    removed: list[str] = []
    parts = _WEAK_SEPARATOR.split(title.strip())
    while len(parts) > 1 and _is_name(parts[-1].strip()) and (is_site_name(parts[-1], known) or _LATIN.search(parts[-1])):
        removed.append(parts.pop().strip())
    title = _clean(" ".join(parts))
    spans = _segments(title)
    if not spans:
        return "", removed
    def size(start: int, end: int) -> int:  # an issue's number is not what makes a part the headline
        return len(_ISSUE_NUMBER.sub("", title[start:end]))

    longest = max(size(*span) for span in spans)
    while len(spans) > 1:
        start, end = spans[-1]
        part = title[start:end]
        if not _is_name(part) or (size(start, end) == longest and not is_site_name(part, known)):
            break
        removed.append(part)
        spans.pop()
    while len(spans) > 1 and is_site_name(title[spans[0][0] : spans[0][1]], known):
        removed.append(title[spans[0][0] : spans[0][1]])
        spans.pop(0)
    headline = title[spans[0][0] : spans[-1][1]].strip()
    # "土豆不“土” 土豆无“土” 松花江网": a site name after a plain space.
    words = headline.rsplit(" ", 1)
    if len(words) == 2 and len(words[0]) > len(words[1]):
        if is_site_name(words[1], known):
            removed.insert(0, words[1])
            headline = words[0].strip()
        elif _HANDLE.fullmatch(words[1]) and words[1].lower() in handles:
            headline = words[0].strip()
    return headline, removed


# A tag a reposting site puts before or after a headline: an advertiser's or a column's name in brackets
# ("[诗婷露雅化妆品]…", "…【独家】").
_HEADLINE_TAG = regex.compile(r"^\s*[\[【［][^\]】］]{1,20}[\]】］]\s*|\s*[\[【［][^\]】］]{1,20}[\]】］]\s*$")
_ORIGINAL_TITLE = regex.compile(r"原标题\s*[:：]\s*(.{4,80})")


def headline(titles: PageTitles, tree: Any = None) -> str | None:
    """The headline as the page shows it, or None when the page does not name its article; without a tag
    in brackets before or after it when the page states the original title (原标题：…) it was added to."""
    shown = _shown_headline(titles, tree)
    if not shown or tree is None or not _HEADLINE_TAG.search(shown):
        return shown
    untagged = _HEADLINE_TAG.sub("", shown, count=1).strip()
    for text in tree.xpath("//body//text()[contains(., '原标题')]"):
        if (match := _ORIGINAL_TITLE.search(text)) and norm(match.group(1)) == norm(untagged):
            return untagged
    return shown


def _shown_headline(titles: PageTitles, tree: Any = None) -> str | None:
    known = titles.site_names
    cleaned: list[str] = []
    for title in titles.titles:
        part, _ = split_title(title, known, titles.handles)
        if part and not is_site_name(part, known):
            cleaned.append(part)
    best = cleaned[0] if cleaned else ""
    for other in cleaned[1:]:  # an og:title cut short at an unescaped quote: the complete one wins
        if len(norm(other)) > len(norm(best)) and norm(other).startswith(norm(best)):
            best = other
    # The article's own heading, when the page's title repeats it (GNE's test), is the headline as shown;
    # so is an element the page classes as its title (`<span class="Title">` on a page laid out in tables),
    # where the <title> adds a topic's name after a space ("… 湖滨街道_西江网").
    norm_titles = [norm(t) for t in titles.titles]
    matched = [
        h
        for h in (*titles.headings, *(split_title(t, known, titles.handles)[0] for t in titled_texts(tree)))
        if len(norm(h)) >= 4 and len(h) <= HEADLINE_MAX and not is_site_name(h, known) and any(norm(h) in t for t in norm_titles)
    ]
    if matched:
        heading = max(matched, key=lambda h: len(norm(h)))
        if not best or len(norm(heading)) >= 0.5 * len(norm(best)):
            return heading
    if best:
        return best
    # A page titled with its site's name only: the first headline-shaped heading or title element.
    for candidate in (*titles.headings, *titled_texts(tree)):
        if 4 <= len(candidate) <= HEADLINE_MAX and not is_site_name(candidate, known) and not candidate.endswith(("。", "；")):
            return candidate
    return None


def _acceptable_name(name: str | None) -> str | None:
    name = _clean(name).strip("-_|｜·—–:： ")
    if not name or _NOT_A_NAME.search(name) or len(name) > 2 * NAME_MAX or _SENTENCE_PUNCTUATION.search(name):
        return None
    return name


# The source a page credits beside its dateline: "来源：新京报", "來源: 中央社", "来源于：…", "稿源：…", and the piece's
# source ("稿件来源：", "文章来源：", "本文来源：", a government portal's "信息来源："); not 图片来源, 数据来源 or
# 消息来源 (another Han character before the label). The name runs to the next space or punctuation, 24 at most.
_CREDIT = regex.compile(
    r"(?<![\u3400-\u9fff])(?:(?:稿件|文章|本文|新闻|新聞|信息|資訊)?(?:来源|來源)[于於]?|稿源)"
    r"[ \t]{0,3}[：:][ \t]{0,3}([^\s，,。；;|｜()（）【】\[\]<>《》：:]{2,24})"
)
_DATE_AFTER_NAME = regex.compile(r"(?:19|20)\d{2}[-/.年]")  # "新京报2024-03-08": the date glued to the name
# What a reposting site writes for a source that is no publisher: the web, "this site", "compiled", "original".
_NO_SOURCE = regex.compile(
    r"(?:来源|來源|稿源|本站|本网|本網|综合|綜合|网友|網友|网络|網絡|網路|互联网|互聯網|原创|原創|未知|其他|其它|转载|轉載|作者|编辑|編輯)"
)


def credited_name(text: str) -> str | None:
    """The publisher a page credits as the article's source (`来源：北京青年报`) in `text`, the lines under
    its headline; its first part only (`人民网-地方频道` is 人民网's). A credit that names no outlet
    (`来源：转载文章`, "a reposted article") gives way to the next one."""
    return next(filter(None, (source_name(match.group(1)) for match in _CREDIT.finditer(text))), None)


_LINE_OPENING = " \t\u3000（(【[□"
# A credit a reposted article glues to its last sentence: `…。（文章来源：东岭证券报）`, `…。 来源：东岭日报`, or the
# outlet alone after a comma, `…。,东岭日报` (no sentence opens with a comma), or in brackets, `…。（东岭日报）`;
# on a line of its own, `，东岭日报`, `（东岭日报）`.
_SENTENCE_END = r"(?:(?<=[。！？!?])|(?<=[。！？!?][”’」』]))"
_GLUED_CREDIT = regex.compile(rf"{_SENTENCE_END}[ \t\u3000]*[(（]?[ \t]*{_CREDIT.pattern}[ \t]*[)）]?[ \t]*$")
_BARE_OUTLET = regex.compile(
    rf"(?:{_SENTENCE_END}|^)[ \t\u3000]*(?:[,，][ \t]*([\u4e00-\u9fffA-Za-z·]{{2,12}})|[(（][ \t]*([\u4e00-\u9fffA-Za-z·]{{2,12}})[ \t]*[)）])[ \t]*$"
)


def credit_line(line: str) -> str | None:
    """The publisher a line of the article credits when the line is a credit (`来源：新闻晨报 编辑：…`,
    `（来源：东岭日报）`), as papers' reposted articles print it under the text, or closes on one glued to its
    last sentence (`…。（文章来源：东岭证券报）`, `…。,东岭日报`, `…。（东岭日报）`); None for a sentence."""
    match = _CREDIT.match(line.lstrip(_LINE_OPENING)) or _GLUED_CREDIT.search(line)
    if match:
        return source_name(match.group(1))
    found = _BARE_OUTLET.search(line)
    outlet = found and (found.group(1) or found.group(2))
    return outlet if outlet and is_site_name(outlet) and source_name(outlet) else None


def dateline_name(text: str) -> str | None:
    """The publisher a dateline names without a label (`2026-11-25 09:30 科创时报`): the first word of
    `text`, what follows the dateline, when it is shaped like a publisher's name (科创时报, 新华网)."""
    words = text.lstrip(" |｜·/-—").split(maxsplit=1)
    name = source_name(words[0]) if words else None
    return name if name and is_site_name(name) else None


def source_name(name: str) -> str | None:
    """A credited name as the publisher: its first part, not a date glued to it, never a non-publisher."""
    name = _DATE_AFTER_NAME.split(name, 1)[0]
    spans = _segments(name)
    name = _acceptable_name(name[spans[0][0] : spans[0][1]]) if spans else None
    if not name or not _is_name(name) or len(name) < 2 or _NO_SOURCE.match(name) or is_platform(name):
        return None
    return name


# A byline that names its reporter's outlet: "采写：南都见习记者 林子沛", "新华日报·交汇点记者 徐睿翔",
# "（光明日报记者 王建宏 张文攀）": an optional label, the outlet, the reporter's rank, 记者, then the names
# (2 to 4 characters each: "… 摄", a photo's credit, has a one-character word after the names).
_BYLINE = regex.compile(
    r"(?:(?:采写|采访|撰文|整合|统筹|文)[ \t]*[：:]?[ \t]*)?"
    r"([\u4e00-\u9fff·]{2,12}?)[ \t]*(?:见习|實習|实习|特约|特約|首席|全媒体|融媒体|驻站)?记者"
    r"(?:[ \t]+[\u4e00-\u9fff]{2,4}){1,4}"
)
_OWN_REPORTER = regex.compile(r"(?:本|我)[报報网網台刊站社]")  # 本报记者: the page's own paper, by no name
_OWN_PAPER_LAST = regex.compile(f"{_OWN_REPORTER.pattern}$")  # a caption before 本报讯


def byline_outlet(line: str) -> str | None:
    """The outlet a byline line names before 记者 (`采写：南都见习记者 林子沛` is 南都's), its first part
    (`新华日报·交汇点` is 新华日报's); None for a sentence, the page's own paper (本报), a photo's credit."""
    match = _BYLINE.fullmatch(line.strip(_LINE_OPENING + "）)】]"))
    return _reporters_outlet(match.group(1).split("·")[0]) if match else None


def _reporters_outlet(name: str) -> str | None:
    """The outlet a byline names before 记者, or None for the page's own paper (本报) or no source."""
    if len(name) < 2 or _OWN_REPORTER.match(name) or _NO_SOURCE.match(name):
        return None
    return name


# A wire-style dateline that opens the article names the outlet that filed it: "南都讯 记者…", "东岭科技讯
# 北京时间…", "IT之家9月30日消息", "中新网北京3月5日电". After 讯 comes what a dateline goes on with (a space,
# a bracket, the reporter, a time), so 闻讯赶来 and 快讯， are no datelines. Before the date a place may
# follow the name (新华社北京3月5日电), or a reporter and a place before the day alone, as a wire writes the
# day of its own month ("（中央社記者…台北5日電）"): the name is then the site-shaped part that opens the run.
_DATELINE_OUTLET = regex.compile(
    r"(?P<run>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)"
    r"(?:快?讯(?=\s|[(（【《“]|记者|通讯员|北京时间|当地时间|\d|昨|今|近日|日前)"  # 快讯: a news flash
    r"|\d{1,2}月\d{1,2}日\s*(?:凌晨|早间|早上|上午|中午|午间|下午|傍晚|晚间|晚上|夜间)?\s*(?P<kind>[专專]?[电電]|消息|讯|訊)"
    r"|\d{1,2}日(?P<wire>[专專]?[电電]))"
)
# Where the outlet's name ends inside a dispatch's run: before its reporter ("中央社記者張文台北"), and a
# news agency's name ends on 社 ("新华社北京", "中央社台北": not a station, 中央社台, before the place 台北).
_REPORTER = regex.compile(r"(?:特派)?(?:记者|記者|特派员|特派員)")
_NOT_AN_OUTLET = regex.compile(r"^据|时间$|[市省县区]$|^\d+年?$")  # a report credited to another, 北京时间, a place, a year
# A photo's caption run into the dateline ends on the words that say it is one: "微博截图人民网北京7月21日电".
# So does its credit ("钟欣摄中新网昆明12月23日电") and a crawler's picture marker ("…显示图片新浪科技讯").
_CREDIT_MARK = r"摄(?![像影制入取])|攝(?![像影製入取])|供图|供圖|显示图片|顯示圖片"
_CAPTION_BEFORE = regex.compile(rf"^.*(?:截图|截圖|资料图片?|資料圖片?|网络图片|網路圖片|网络图|配图|配圖|现场图片|現場圖片|{_CREDIT_MARK})")
# A link to the story's photos or video before it: "(点击观看高清组图)新浪体育讯…".
_GALLERY_LINK = regex.compile(r"^[(（]\s*(?:点击|點擊|查看)[^()（）\n]{0,12}[)）]\s*")
# A portal's channel ends the run of its 讯 ("新浪体育讯", "凤凰科技讯"); a photo's caption or a headline run
# into it before the portal's name ("皮耶罗新浪体育讯", "…成功留在勇士新浪体育讯") is no part of the name. The
# portal's name is the dictionary's word before the channel (新浪, 凤凰, 网易); where that word is a site's
# name (东方财富网财经) or a single character (和讯财经: 和/讯), the run is the outlet's whole name.
_PORTAL_CHANNEL = regex.compile(f"(?:{PORTAL_CHANNELS}|財經|體育|娛樂|汽車|證券|房產|遊戲|數碼|軍事|旅遊|時尚)$")  # and in Traditional


# A microblog post opens with its account's name and a colon, its topics, then its headline in brackets:
# "厦门日报:#突发#【…】据一位网友私信报料…".
_ACCOUNT_POST = regex.compile(r"([\u4e00-\u9fffA-Za-z]{2,12})[ \t]*[:：][ \t]*(?:#[^#\s]{1,20}#[ \t]*)*【")


def dateline_outlet(line: str) -> str | None:
    """The outlet a dateline opening `line` names (`IT之家9月30日消息 据外媒报道，…` is IT之家's), or the
    outlet's account a microblog post opens with (`厦门日报:#突发#【…】…`); None for a sentence, the page's own
    paper (本报讯), a report it credits to another (据…消息), a place alone, an account that names no outlet."""
    line = _GALLERY_LINK.sub("", line.lstrip(" \t\u3000"), count=1).lstrip(_LINE_OPENING)
    match = _DATELINE_OUTLET.match(line)
    if not match:
        account = _ACCOUNT_POST.match(line)
        return account.group(1) if account and is_site_name(account.group(1)) else None
    run = _CAPTION_BEFORE.sub("", match.group("run"))
    first, said, again = run.partition("讯")
    if said and first == again:  # printed twice: "楚天都市报讯楚天都市报讯(记者…)"
        run = first
    if len(run) < 2 or _NOT_AN_OUTLET.search(run) or _OWN_REPORTER.match(run) or _NO_SOURCE.match(run) or _PROVINCE.fullmatch(run):
        return None
    if _OWN_PAPER_LAST.search(run):  # the page's own paper
        return None
    kind = match.group("kind") or match.group("wire")
    if not kind:
        edition = _LOCAL_EDITION.match(run)
        if edition and not _SITE_SUFFIX.search(edition.group(2)) and not _PORTAL_CHANNEL.search(edition.group(2)):
            return edition.group(1)
        return _portal_channel(run)
    run = _REPORTER.split(run, maxsplit=1)[0]
    if len(run) < 2:
        return None
    agency = next((run[: end + 1] for end in range(2, len(run)) if run[end] == "社" and is_site_name(run[: end + 1])), None)
    shaped = agency or next((run[:end] for end in range(len(run), 1, -1) if is_site_name(run[:end])), None)
    return shaped if shaped or kind[-1] in "电電" else run


# A paper's local edition names its place after the paper: "华商报渭南讯" is 华商报's (not a name that ends on
# a site's word, 中国台湾网, nor a portal's channel, 凤凰网娱乐).
_LOCAL_EDITION = regex.compile(r"^(.{2,}?(?:报|報|网|網|台|社|新闻|新聞))([\u4e00-\u9fff]{2,3})$")
# Where a dateline may start on an article's first line of prose, within the reach a wire dateline is
# trusted (summarize/clean.DATELINE_REACH): at the line's start, after a crawler's time stamp
# ("2015-05-1315:17新浪科技显示图片新浪科技讯…"), or after a photo's caption, which ends on its full stop, its
# credit (…摄, 供图), a picture marker or a screenshot mark ("…(视频截图)齐鲁网8月15日讯").
_CRAWL_STAMP = r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2}(?::\d{2})?"
_AFTER_CAPTION = regex.compile(
    rf"[。！？!?]|{_CREDIT_MARK}|[(（][^()（）]{{0,8}}(?:截图|截圖|图片|圖片|资料图|資料圖)[)）]|{_CRAWL_STAMP}"
)
# A crawler's record of the page, run into the text: its time stamp, the source's name, then the page's
# picture marker or font-size buttons ("2015-08-1410:17新浪体育显示图片…", "2015-08-1110:06光明网A+A-…").
# Bounded by the stamp and the marker, the name is the source's as the page gave it.
_CRAWLED_SOURCE = regex.compile(rf"^\s*{_CRAWL_STAMP}\s*([\u4e00-\u9fffA-Za-z]{{2,12}}?)\s*(?:显示图片|顯示圖片|A\+\s*A-)")


# A byline that opens the text, its names run into the story ("武汉晚报记者欧阳崧张栋实习生张帆因…",
# "(武汉晚报记者王恺凝通讯员陈敏陈舒)…"): the paper before 记者, when shaped like one (not "工作人员向记者…").
_OPENING_BYLINE = regex.compile(
    r"^\s*[(（]?([\u4e00-\u9fff]{2,8}?)(?:见习|見習|实习|實習|特约|特約|首席|驻站|駐站)?(?:记者|記者)(?=[\u4e00-\u9fff]{2,4})"
)


def opening_dateline_outlet(line: str) -> str | None:
    """The outlet a wire dateline names on an article's first line of prose, at its start or after a
    crawler's time stamp or a photo's caption (see _AFTER_CAPTION); else the source a crawler's stamp
    names before the page's picture marker (_CRAWLED_SOURCE), or the paper an opening byline names
    (_OPENING_BYLINE); None where none is in reach."""
    starts = [0, *(match.end() for match in _AFTER_CAPTION.finditer(line, 0, DATELINE_REACH))]
    found = next(filter(None, (dateline_outlet(line[start:]) for start in starts)), None)
    if found is not None:
        return found
    if crawled := _CRAWLED_SOURCE.match(line):
        return source_name(crawled.group(1))
    byline = _OPENING_BYLINE.match(line)
    name = _reporters_outlet(byline.group(1)) if byline else None
    return name if name and is_site_name(name) else None


def _portal_channel(run: str) -> str:
    """A 讯 dateline's run less what came before the portal's name (see _PORTAL_CHANNEL)."""
    channel = _PORTAL_CHANNEL.search(run)
    if not channel or channel.start() <= 2:
        return run
    words = segmenter().cut(run[: channel.start()])
    portal = words[-1]
    if len(words) < 2 or len(portal) < 2 or _SITE_SUFFIX.search(portal):
        return run
    return portal + run[channel.start() :]


# A copyright line names the company that owns the site: "版权所有 江苏扬子晚报有限公司", "人民网版权所有"; the
# name is set apart after the words ("版权所有者为…" is a sentence).
_COPYRIGHT = regex.compile(
    r"(?:版权所有|版權所有)[ \t：:©]{1,4}([\u4e00-\u9fff]{2,24})|([\u4e00-\u9fff]{2,24})[ \t]{0,2}(?:版权所有|版權所有)"
)
# How a company's registered name wraps a paper's: the place it registered in, then its legal form
# (企业名称 = 行政区划 + 字号 + 组织形式): 江苏 + 扬子晚报 + 有限公司; a paper's office is its 报社.
_COMPANY_FORM = regex.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_PROVINCE = regex.compile(
    r"(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|"
    r"四川|贵州|云南|陕西|甘肃|青海|台湾|臺灣|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|澳門)"
)


def copyright_holder(text: str) -> str | None:
    """The publisher the page's copyright line names (the last such line, the footer's): the company that
    owns the site, less its legal form and the province it registered in, when that is a paper's or a
    site's name (`版权所有 江苏扬子晚报有限公司` is 扬子晚报); None for "this site" or a notice."""
    for match in reversed(list(_COPYRIGHT.finditer(text))):
        name = match.group(1) or match.group(2)
        company = _COMPANY_FORM.search(name)
        name = name[: company.start()] if company else name
        name = name[:-1] if name.endswith(("报社", "報社")) else name
        province = _PROVINCE.match(name)
        if company and province and is_site_name(name[province.end() :]) and len(name) - province.end() >= 3:
            name = name[province.end() :]
        if is_site_name(name) and not _NO_SOURCE.match(name) and not _OWN_REPORTER.match(name):
            return name
    return None


_CHANNEL = regex.compile(r"(?:频道|頻道|栏目|欄目)$")  # 商业频道: a part of a site, not an outlet


def _named_publishers(titles: PageTitles, sitename: str | None, headline_text: str | None) -> list[tuple[str, bool]]:
    """Every name the page gives itself, most trusted first, each with whether the page declares it: its
    metadata's names, then the site and channel parts its titles end with (the last part first)."""
    found: list[tuple[str, bool]] = []
    for name in (*titles.site_names, sitename):
        accepted = _acceptable_name(name)
        if accepted and not (headline_text and same_text(accepted, headline_text)):
            found.append((accepted, True))
    for title in titles.titles:
        headline_part, removed = split_title(title, titles.site_names)
        if is_site_name(headline_part, titles.site_names):  # a page titled with its site's name only
            removed.insert(0, headline_part)
        for part in removed:  # "…_财经_腾讯网": the site's name, then its channels
            accepted = _acceptable_name(part.strip("()（）[]【】 "))
            if accepted:
                found.append((accepted, False))
    return found


def publisher(
    titles: PageTitles,
    sitename: str | None,
    headline_text: str | None,
    credited: str | None = None,
    signed: tuple[str, ...] = (),
) -> str | None:
    """The publisher's name: the source the page credits beside its dateline (`credited`: a portal
    republishing a paper's article names the paper, which wrote it), else declared in the page's
    metadata, or the site segment its title ends with; on a platform that hosts accounts, the account
    that the page names. A page that declares no name, or only a channel's (`…_商业频道`), is known by
    what it signs with: an account card with a paper's or a site's name (a paper's account on a content
    platform), then `signed`, best first (its copyright line's company, its byline's outlet); a page
    that names nothing at all, by the account whose card it shows.

    A name in Latin letters only (an English og:site_name, `Central News Agency`) is how the site names
    itself to search engines; when the page also gives a Chinese name, declared or a site-shaped part of
    its title (`… | 中央社 CNA`, not a channel such as `地方`), else one it signs with (`中央通讯社 版权所有`,
    `（中央社记者…台北5日电）`), a Chinese brief names it so.
    """
    names = _named_publishers(titles, sitename, headline_text)
    # A credit to the site itself or one of its channels (`来源：凤凰网图片` on 凤凰网) is the site's own name.
    if credited and not any(len(norm(name)) >= 2 and norm(credited).startswith(norm(name)) for name, _ in names):
        return credited
    signature = next((name for name in (*titles.accounts, *signed) if name in signed or is_site_name(name)), None)
    if not names and not signature:
        # A page that names no outlet at all, on a platform it does not name either: the account whose
        # card it shows wrote it.
        return next((account for account in titles.accounts if not is_platform(account)), None)
    if not names or (signature and not names[0][1] and _CHANNEL.search(names[0][0])):
        return signature
    chosen = names[0][0]
    if not han_chars(chosen):
        chosen = next(
            (name for name, declared in names[1:] if han_chars(name) and (declared or is_site_name(name, titles.site_names))),
            None,
        ) or next((name for name in signed if han_chars(name)), chosen)
    return _account_of(chosen, titles)


def _account_of(name: str, titles: PageTitles) -> str:
    """The account the page names when `name` is the platform hosting it; else `name`."""
    if is_platform(name):
        return next((account for account in titles.accounts if not is_platform(account)), name)
    return name

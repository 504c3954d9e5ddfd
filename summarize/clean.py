"""Cleaning: scraped article text in, the article's own lines out.

Removes what crawlers leave around an article: image placeholders, bylines, datelines and timestamps
in front of the lead, editor/source/tag lines, and the trailing run of related-news teasers. The rules
describe the *shape* of such noise (short headline-like lines, click-bait affixes, truncated leads),
not the strings of any one page.
"""
from __future__ import annotations

import re
import unicodedata

from summarize import dates, regex
from summarize.furniture import strip_furniture
from summarize.gated import Needs

# Sentence-final marks, full-width and ASCII, with the closers that may follow them.
FINAL_MARKS = "。！？!?；;…"
CLOSERS = "”’」』）)》〉】］]\"'"

_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200c-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064]")

# Image placeholders and captions markers left where a picture was.
_IMAGE_NOISE = regex.compile(
    r"【[^】\n]{0,6}图[^】\n]{0,6}】"  # 【资料图】【图】【组图】
    r"|[\[［](?:图片?|img|image|photo)[\]］]"  # [图片]
    r"|[(（](?:资料|视频|网络|新闻|网页|微博)?截?图(?:片)?(?:来源[:：][^)）\n]{0,20})?[)）]"  # （资料图）（视频截图）（网页截图）（图片来源：…）
    r"|--[A-Z][A-Z_]{2,20}:\{.*?\}--\}"  # a video player's embed code: "--PGC_VIDEO:{"status":0,…}--}"
    r"|显示图片|点击(?:查看)?(?:大图|图片)(?:进入下一页)?|查看原图"
    r"|您的浏览器(?:暂)?不支持[^。！\n]{0,20}[。！]?|(?:查看|阅读)(?:原文|全文)(?:[(（][^)）\n]{0,12}[)）])?\s*>+"
    r"|【[^】\n]{0,6}[:：]\s*】|↑",
    re.IGNORECASE,
)
# Strings one of which every match of _IMAGE_NOISE contains (keep them in step): most lines have none,
# and a dozen substring tests cost a tenth of the regex scanning the line.
_IMAGE_NOISE_HINTS = ("【", "[", "［", "(图", "（图", "(资料图", "（资料图", "截图", "图片)", "图片）", "显示图片", "点击", "查看原图", "您的浏览器", ">", "↑", "--")


def _without_image_noise(line: str) -> str:
    return _IMAGE_NOISE.sub("", line) if any(hint in line for hint in _IMAGE_NOISE_HINTS) else line

# Whole lines that are page furniture, not article: editor, source, tags, share prompts, "the end".
_FURNITURE_LINE = regex.compile(
    r"^[*_>\s]*[\[【(（]?\s*(?:责任编辑|编辑|责编|审核|校对|(?:稿件|文章|本文|新闻|信息)?来源|稿源|原标题|标签|关键词|关键字|作者|文|图|摄影|"
    r"本报记者|记者|通讯员|实习生|特约记者)\s*[:：/｜|]"
    r"|^[\[【(（]?\s*(?:本报记者|记者|通讯员|实习生|特约记者)(?:\s+[\u4e00-\u9fff·]{2,4})+\s*[\]】)）]?$"
    r"|^[(（【\[]?\s*完\s*[)）】\]]?$"
    r"|^(?:相关(?:新闻|阅读|报道|推荐)|延伸阅读|猜你喜欢|热门推荐|推荐阅读|更多精彩|分享到|扫一扫|"
    r"点击进入|返回(?:首页|顶部)|打开.{0,6}APP|版权(?:声明|所有)|免责声明)"
)
FURNITURE_MAX_CHARS = 60  # a longer line that starts like furniture is an article glued to a label
# A byline row: "本报记者 何晓 实习生 孙一鸣 ｜ 2026-11-25 07:40 ｜ 来源：工业观察报" — a byline label and
# either a column separator or a date.
_BYLINE_LABEL = regex.compile(r"记者|通讯员|实习生|来源[:：]|作者[:：]|编辑[:：]|发布(?:时间|日期)")
# How a crawler and a byline row write the day and the time: the numbers and marks touching, half-width colons.
_DAY = dates.day(dates.ANY_YEAR, gap="")
_TIME = dates.clock(":")
_BYLINE_COLUMNS = regex.compile(rf"[｜|/／]|{_DAY}|{_TIME}")
# Lines that open the page's tail: whatever follows them and looks like teasers is tail too.
_TAIL_MARKER = regex.compile(
    r"^[\[【(（]?\s*(?:标签|关键词|关键字|责任编辑|相关(?:新闻|阅读|报道|推荐|文章)|延伸阅读|猜你喜欢|"
    r"热门推荐|推荐阅读|更多精彩)"
)
# An outlet's name: 东岭日报, 新浪体育, 东岭日报客户端.
_MEDIA = (
    r"[\u4e00-\u9fffA-Za-z·\-]{0,12}?"
    r"(?:网|报|社|台|刊|讯|体育|新闻|财经|科技|频道|在线|客户端|视界|观察|号)"
)
# A reposted article may close on the outlet it came from after a comma or in brackets, glued to its last
# sentence ("…运行监测。,东岭日报", "…运行监测。（东岭日报）"): no sentence opens with a comma or a bracketed name.
_AFTER_A_SENTENCE = r"(?:(?<=[。！？!?])|(?<=[。！？!?][”’」』]))"
_CREDIT_AFTER_COMMA = rf"{_AFTER_A_SENTENCE}\s*[,，]\s*{_MEDIA}\s*$"
_BRACKETED_OUTLET = rf"[(（]\s*{_MEDIA}\s*[)）]\s*$"
_TRAILING_EDITOR = Needs(
    ("编辑", "责编", "记者", "作者", "来源", "完", "报", ",", "，", "网", "社", "台", "刊", "讯", "体育", "新闻", "财经",
     "科技", "频道", "在线", "客户端", "视界", "观察", "号"),  # 报: the parser makes 报道|报导 报[道导]; the rest: _MEDIA's ends
    (
        r"[(（【\[]\s*(?:责任编辑|编辑|责编|记者|作者|(?:稿件|文章|本文|新闻)?来源)\s*[:：][^)）】\]\n]{0,30}[)）】\]]\s*$"
        rf"|{_CREDIT_AFTER_COMMA}|^[,，]\s*{_MEDIA}\s*$|{_AFTER_A_SENTENCE}\s*{_BRACKETED_OUTLET}|^\s*{_BRACKETED_OUTLET}"
        r"|[(（]\s*完\s*[)）]\s*$"
        r"|[(（][\u4e00-\u9fff]{2,4}\s*[/／][\u4e00-\u9fff]{0,8}(?:报道|报导)[)）]\s*$"  # "（王明／台中报导）": a reporter's credit
    ),
)

# A station that issues what the story reports ("榆林市气象台2015年8月3日00时02分发布暴雨橙色预警信号"): the
# subject of the lead, not the outlet a crawl's time stamp is followed by.
_STATION = r"[\u4e00-\u9fff]{0,12}?(?:气象台|天文台|地震台|水文站|海洋预报台)"
# Crawl debris in front of the lead, in the order a page tends to carry it.
_DATE = dates.day(dates.ANY_YEAR, gap="", year_optional=True)  # the year may be left out: 04-2608:06
# "2015-04-2512:02新浪体育", "光明网04-2608:06", "发布日期:2015-01-1821:08:31": a headline may precede it.
_LEAD_TIMESTAMP = Needs(
    (":",),
    (
        rf"^(?P<before>[^\s。！？,，]{{0,40}}?)(?:发布(?:日期|时间)[:：]\s*)?{_DATE}\s?{_TIME}\s*"
        # a sports wire's kick-off in Beijing time, then the local time: "北京时间5月7日02:45(西班牙当地时间6日20:45)"
        r"(?:[(（][^)）\n]{0,12}当地时间[^)）\n]{0,12}[)）])?\s*"
        rf"(?:(?!{_STATION})(?:{_MEDIA}(?=\s|显示图片|$)|{_MEDIA}(?=[^\u4e00-\u9fff])))?"
    ),
)
# A portal's channels, whose wire tag names the portal and the channel: "新浪美股讯", "凤凰科技讯".
PORTAL_CHANNELS = "财经|科技|体育|娱乐|汽车|证券|美股|港股|房产|教育|健康|游戏|数码|军事|旅游|时尚"
# The dateline opens the story proper; captions and headlines glued in front of it are debris:
# "中新网郴州5月15日电(记者刘柱)", "本报讯", "大河网讯(记者…)", "南都讯", "新疆网讯", "（中央社记者…桃园19日电）",
# "新浪娱乐讯".
_DATELINE = Needs(
    ("电", "讯", "消息"),
    (
        r"(?:\d{1,2}月\d{1,2}日(?:\d{1,2}时)?专?(?:电|讯|消息)|(?<!\d)\d{1,2}日电(?![脑视话影力网池子器动商站梯车])|(?:本报|本台|本刊|本网)讯|"
        r"[\u4e00-\u9fff]{1,6}(?:网|报|台|新闻)[\u4e00-\u9fff]{0,3}讯(?!员)|"  # not 本报通讯员, a correspondent
        # a portal's channel ("新浪娱乐讯", "凤凰科技讯"), a quote service's with its stock code ("…(300033)财经讯")
        rf"[\u4e00-\u9fff]{{1,6}}(?:[(（]\d{{6}}[)）])?(?:{PORTAL_CHANNELS})讯)"
        r"\s*(?:[(（][^)）\n]{0,40}[)）])?\s*[,，:：]?"
    ),
)
DATELINE_REACH = 120  # characters from the start within which a dateline is trusted
# A report credited to its source and day ("据财联社9月26日消息，今日…", "据新华社北京3月5日电，…") is the
# lead's own attribution: the dateline in it is kept.
_CREDITED = regex.compile(r"^据[^，,。！？!?；;]{1,24}$")
_LEAD_BYLINE = regex.compile(
    r"^[(（【\[〔]?\s*(?:本报|本刊|本台)?(?:记者|通讯员|实习生)[^)）】\]〕\n]{1,30}[)）】\]〕]\s*"
)
# Labels that open a scraped page: "来源:宁夏日报", "作者:", "【环球网综合报道】", "[泉州新闻-闽南网]".
_LEAD_LABEL = regex.compile(
    rf"^(?:(?:来源|稿源|作者|编辑|频道主编)[:：]\s*(?:{_MEDIA}|[\u4e00-\u9fff]{{2,4}}(?=[:：\s]))?\s*)+"
    r"|^[\[【〔][^\]】〕\n]{0,16}(?:网|报|社|台|新闻|报道|报导|讯)[\]】〕]"
)
_ABSTRACT_LABEL = regex.compile(r"^(?:(?:摘要|导读|核心提示|提要)\s*[:：]|[\[【]\s*(?:摘要|提要)\s*[\]】])\s*")  # "摘要:", "[摘要]"

# Click-bait affixes that re-post one story under several headlines: "快播:", "_每日观点", "|热点评".
_BAIT_PREFIX = regex.compile(
    r"^(?:[【\[][^】\]\n]{2,8}[】\]]|[\u4e00-\u9fff]{1,6}[!！]?\s*[:：丨|!！]|[\u4e00-\u9fff]{2,6}[丨|])"
)
_BAIT_SUFFIX = regex.compile(r"(?:[_\-|丨—]\s*[\u4e00-\u9fff]{2,6}|\s[\u4e00-\u9fff]{2,4}\s)\s*(?=\s|$)")
# In a title, only affixes made of click-bait words go ("快看：", "_每日观点", "|热点评"); a place or a
# topic before a colon ("郑州：", "NBA：") is part of the headline.
_BAIT_WORD = r"(?:快看|快播|热讯|热点|热评|点评|焦点|看点|资讯|头条|速递|速览|速看|快讯|聚焦|热议|观点|短讯|要闻|热门|精彩|关注|信息|消息|新闻|播报|快报)"
_TITLE_BAIT_PREFIX = regex.compile(rf"^[【\[]?[\u4e00-\u9fff]{{0,3}}{_BAIT_WORD}[】\]]?\s*[:：!！丨|]\s*|^[【\[][\u4e00-\u9fff]{{0,3}}{_BAIT_WORD}[】\]]\s*")
_TITLE_BAIT_SUFFIX = regex.compile(rf"\s*[_\-|丨—–]\s*[\u4e00-\u9fff]{{0,3}}{_BAIT_WORD}\s*$")
_TRUNCATED = regex.compile(r"(?:\.{2,}|…+)\s*$")
_CJK = regex.compile(r"[\u4e00-\u9fff]")


def clean_title(title: str) -> str:
    """A headline without the click-bait affixes re-posts put around it ("快看：…", "…_每日观点")."""
    cleaned = _TITLE_BAIT_SUFFIX.sub("", _TITLE_BAIT_PREFIX.sub("", title.strip()))
    return cleaned.strip() or title.strip()


_SURROGATE = regex.compile("[\ud800-\udfff]")


def whole_characters(text: str) -> str:
    """`text` with any UTF-16 surrogates it carries (a str built from UTF-16 units: json.loads of a text cut
    between the two escapes of an emoji) read as what they stand for: a pair as its character, half of one
    as U+FFFD, as a reader decodes a broken UTF-8 byte. No encoder, segmenter or database takes them as
    they are."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# A "?" between two Han characters in text that writes its punctuation full width (，。？) is a character its
# encoding lost, nearly always the "·" of a transliterated name ("巴兹?奥尔德林"), not a question's end.
_LOST_DOT = regex.compile(r"(?<=[\u4e00-\u9fff])\?(?=[\u4e00-\u9fff])")
FULL_WIDTH_SHARE = 4  # full-width commas for every half-width one, at least, in text that writes full width


def normalize(text: str) -> str:
    """One form for text from any source: NFC, no control characters, plain spaces, \\n newlines, and a
    middle dot an encoding lost ("?" in full-width text) back."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "?" in text and (full := text.count("，")) and full >= FULL_WIDTH_SHARE * text.count(","):
        text = _LOST_DOT.sub("·", text)
    return "\n".join(_normal_line(line) for line in text.split("\n"))


def _normal_line(line: str) -> str:
    # A printable line has no control character and no space but " ": only runs of " " can need work.
    if line.isprintable():
        return (_SPACES.sub(" ", line) if "  " in line else line).strip()
    return _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def ends_sentence(line: str) -> bool:
    """True when the line ends like a finished sentence (a final mark, maybe inside closers)."""
    stripped = line.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in FINAL_MARKS and not _TRUNCATED.search(line[-8:])


def _headline_then_lead(line: str) -> bool:
    """"标题 导语……": a headline of CJK text, a space, then the story's opening words."""
    head = line.split(" ", 1)[0]
    return (
        " " in line
        and len(head) <= 45
        and len(_CJK.findall(head)) >= 4
        and "。" not in head
    )


def is_teaser(line: str) -> bool:
    """A related-news teaser: a headline, maybe with click-bait affixes, maybe a truncated lead."""
    if _TRUNCATED.search(line[-8:]):
        return True
    if ends_sentence(line):
        return False
    head = line.split(" ", 1)[0]
    bait = bool(_BAIT_PREFIX.match(line)) or (len(head) <= 60 and bool(_BAIT_SUFFIX.search(head + " ")))
    return bait or _headline_then_lead(line) or len(line) <= 40


def _tail_start(lines: list[str]) -> int:
    """Index where the trailing teaser run begins (len(lines) when there is none).

    Walk up from the end over teaser lines and tail markers. A teaser that happens to end in a full
    stop is passed over when it still has a teaser's shape (headline, space, lead); the first line of
    ordinary article text ends the walk. The run must hold at least three lines or a marker, and never
    swallow the whole article.
    """
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if _TAIL_MARKER.match(line) or is_teaser(line):
            start = i
        elif not _headline_then_lead(line):
            break
    tail = lines[start:]
    long_enough = len(tail) >= 3 or any(_TAIL_MARKER.match(line) for line in tail)
    return start if 0 < start < len(lines) and long_enough else len(lines)


def strip_lead_noise(line: str) -> str:
    """Remove what crawlers glue before the lead: labels, timestamps, source names, datelines, bylines.

    A timestamp or dateline near the start marks where the story begins, so headlines and photo
    captions glued in front of it go too. A line that is only a timestamp and a short source name
    ("2026-03-0211:26东方财讯") goes whole.
    """
    for _ in range(4):  # they come stacked: "来源:X报2015-04-2512:02新浪体育显示图片本报讯(记者…)"
        before = line
        line = _LEAD_LABEL.sub("", line, count=1)
        stamped = _LEAD_TIMESTAMP.match(line)
        if stamped:
            rest = line[stamped.end() :].lstrip(" :：-—|")
            if len(_without_image_noise(rest)) <= 12 and not any(m in rest for m in FINAL_MARKS + "，,"):
                return ""
            line = rest
        dateline = _DATELINE.search(line, 0, DATELINE_REACH)
        if dateline and dateline.end() < len(line) and not _CREDITED.match(line, 0, dateline.start()):
            line = line[dateline.end() :]
        line = _LEAD_BYLINE.sub("", line, count=1)
        line = _ABSTRACT_LABEL.sub("", line, count=1)
        line = line.lstrip(" ,，、:：;；。)）")  # ")": the close of "（中央社记者…桃园19日电）"
        if line == before:
            break
    return line.strip()


def _is_furniture(line: str) -> bool:
    if _FURNITURE_LINE.match(line):
        return True
    return bool(_BYLINE_LABEL.search(line)) and bool(_BYLINE_COLUMNS.search(line)) and not ends_sentence(line)


def clean_lines(text: str) -> tuple[str, ...]:
    """The article's own lines, in order, with scraper noise removed."""
    # Page furniture (comments, notices, captions, widgets…) goes first, while blank lines still mark
    # the paragraphs a caption is told by.
    lines = [line for line in strip_furniture(normalize(text)).split("\n") if line]
    lines = lines[: _tail_start(lines)]
    cleaned: list[str] = []
    for line in lines:
        if len(cleaned) < 2:  # debris sits at the very top: the first line or two
            line = strip_lead_noise(line)
        line = _without_image_noise(line).strip()
        if not line or (len(line) <= FURNITURE_MAX_CHARS and _is_furniture(line)):
            continue
        tail = _TRAILING_EDITOR.search(line, max(0, len(line) - 60))  # it closes a line: look at the end only
        line = (line[: tail.start()] if tail else line).strip()
        if line:
            cleaned.append(line)
    return tuple(cleaned)

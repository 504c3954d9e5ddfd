"""Page furniture: the lines a news page puts around its article, found by kind and removed.

Text in (lines, blank lines separating paragraphs), the article's lines out. The kinds: reader
comments (everything after a comment section's marker), disclaimers, copyright and reprint notices,
hotline blocks, app/member/follow promotions, privacy banners, share bars and other button rows,
navigation runs, widget titles, date/counter crumbs, datelines, bylines, bracketed column labels, and photo
captions with their credits. Each rule describes the *kind* of line (its words and its shape), never
one site's strings; `article_chars` measures what is left, so a reader can tell an article from a page
that is all furniture.
"""
from __future__ import annotations

import re
from functools import lru_cache

from summarize import dates, regex
from summarize.gated import Needs

_HAN_RUNS = regex.compile(r"[\u3400-\u9fff]+")
_FINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)》〉】］]\"' "

# --- tails: a comment section runs to the end of the page --------------------------------------------
# The site's own note on its comments heads the comment section wherever it is: "comments below".
_COMMENT_NOTICE = regex.compile(r"^(?:网友|網友|读者|讀者)?(?:评论|評論|跟贴|跟帖|留言)(?:仅|僅)(?:供|代表)")  # 网友评论仅供其表达个人看法…
# A comment section's title ("热门评论", "网友评论 (12)", "暂无评论"): the tail of the page once the article
# is behind it (near the top it may be a counter beside the headline).
_COMMENT_TITLE = regex.compile(
    r"^[\[【]?(?:网友|網友|热门|熱門|最新|全部|精彩|读者|讀者)(?:评论|評論|跟贴|跟帖|留言)[\]】]?\s*(?:[(（]?\d+[)）]?)?$"
    r"|^(?:目前)?(?:没有|沒有|暂无|暫無)(?:热门)?(?:评论|評論|跟贴|跟帖|留言)"
)
# Comment buttons ("我要评论", "发表评论", "评论（191）"): furniture, but they may sit above the article.
_COMMENT_BUTTON = regex.compile(
    r"^(?:发表|發表|我要|查看|参与|參與)(?:评论|評論|跟贴|跟帖|留言)|^(?:评论|評論|跟贴|跟帖|留言)\s*(?:[(（]\d+[)）]|\d+\s*条)$"
)
# A reader's comment as comment sections print it, its author before a colon ("网友：…", "网友 江城老李：…"):
# a run of them that ends the text, with the article behind it, is the comment section whose title the
# extractor left out. Inside the article, a story quoting netizens goes on in prose after the quotes.
_COMMENT_LINE = regex.compile(r"^(?:网友|網友|读者|讀者)[^：:，。,\n]{0,16}[：:]")
_COMMENT_LINE_MAX = 140
_COMMENT_RUN_AFTER = 0.7  # share of the text such an untitled run must come after
_TAIL_AFTER = 0.3  # share of the text a comment section's or a notice's title must come after

# --- notices: disclaimers, copyright and reprint terms ------------------------------------------------
_NOTICE = Needs(
    ("免责", "免責", "代表", "表明", "无关", "無關", "投资建议", "仅作参考", "版权", "版權", "©", "未经", "未經",
     "转载", "轉載", "转贴", "轉貼", "必究"),
    (
        r"免责声明|免責聲明|仅代表(?:作者|原作者)?(?:本人|个人)?(?:观点|看法|立场)|僅代表(?:作者)?(?:本人|個人)?(?:觀點|立場)"
        r"|(?:并不|不|並不)(?:代表|表明)(?:本|我)(?:网|網|站|報|报|平台|台|刊)(?:的)?(?:观点|立场|觀點|立場)"
        r"|不代表[\u4e00-\u9fff]{1,6}(?:网|網|站)(?:的)?(?:观点|立场|觀點|立場)|与本?(?:网|站|网站)无关|與本?(?:網|站)無關|不构成[^。，,]{0,6}投资建议|请读者仅作参考"
        r"|版权所有|版權所有|版权(?:归|属于)[^。]{0,20}所有|版權(?:歸|屬於)[^。]{0,20}所有|(?i:copyright)|©"
        r"|(?:未经|未經)[^。，]{0,20}(?:许可|授权|同意|許可|授權)[^。]{0,10}(?:转载|轉載|转贴|轉貼|复制|複製|摘编|摘編|镜像|鏡像)"
        r"|(?:禁止|不得|严禁|嚴禁)[^。]{0,30}(?:转载|轉載|转贴|轉貼)|(?:转载|轉載)(?:请|請)(?:注明|註明)|(?:侵权|侵權|违者|違者)必究"
    ),
    folded=("copy",),
)
# A notice's own title ("反侵权公告：", "【版权声明】"): the rest of the page is the notice.
_NOTICE_TITLE = regex.compile(
    r"^[\[【]?(?:反侵权公告|版权声明|版權聲明|免责声明|免責聲明|特别声明|特別聲明|郑重声明|鄭重聲明|版权说明|法律声明|侵权声明)[\]】]?\s*[:：]?$"
)
_NOTICE_MAX = 220  # a longer line that mentions such words is article text about them

# --- promotions, banners, hotlines ----------------------------------------------------------------------
_PROMO = Needs(
    ("下载", "下載", "扫描", "扫码", "掃描", "掃碼", "长按", "長按", "关注", "關注", "粉丝团", "粉絲團", "載點", "载点", "APP专享",
     "会员", "會員", "隐私", "隱私", "cookie", "Cookie", "视窗", "視窗", "窗口", "浏览器", "瀏覽器", "时效", "時效", "福利",
     "滚动播报", "滾動播報", "点击", "點擊", "更多", "往下", "完整", "在看"),
    (
        r"(?:下载|下載)[^。]{0,20}(?:APP|App|app|客户端|用戶端|用户端|客戶端)"
        r"|(?:扫描|扫码|掃描|掃碼|长按|長按)[^。]{0,12}(?:二维码|二維碼|识别|識別)[^。]{0,12}(?:关注|關注|下载|下載|公众号|公眾號|订阅|訂閱)"
        r"|(?:关注|關注)[^。]{0,10}(?:公众号|公眾號|微信号|官方微博|粉丝团|粉絲團)|粉丝团|粉絲團|載點|载点|(?<![\u4e00-\u9fff])APP专享"
        r"|(?:会员|會員)[^。]{0,12}(?:阅读|閱讀|閱覽|阅览|浏览|瀏覽|完整)|(?:付费|付費)(?:会员|會員)|(?:加入|登记成为|登記成為)[^。]{0,8}(?:会员|會員)"
        # privacy banners talk to the visitor about this site, unlike news about a privacy policy
        r"|(?:本网站|本網站|本站|网站使用|網站使用)[^。]{0,30}(?:隐私|隱私|cookie|Cookie)|(?:关闭|關閉)此(?:视窗|視窗|窗口)"
        r"|(?i:cookies?\b)|(?:浏览器|瀏覽器)[^。]{0,10}(?:不支持|不支援)"
        r"|(?:查询|查詢)(?:时效|時效)|更多(?:粉丝|粉絲)?福利|滚动播报|滾動播報|点击(?:查看|进入|阅读)|點擊(?:查看|進入|閱讀)"
        r"|(?:还想看|還想看)更多|(?:继续|繼續)往下(?:阅读|閱讀)|(?:看|讀|读)完整(?:内容|內容)"
        # the reader asked to like the post or mark it "在看" (reading it), as public-account posts end
        r"|(?:点|點)(?:个|個|一下)?[“\"「]?(?:(?:赞|讚)[”\"」]?[和、与與或]?[“\"「]?)?在看|(?:点赞|點讚)[、，,和與与]?\s*在看"
    ),
    folded=("cook",),
)
_PROMO_MAX = 90
_HOTLINE = Needs(
    ("专线", "專線", "热线", "熱線", "諮詢", "咨询"),
    r"(?:专线|專線|热线|熱線|专线电话|諮詢|咨询)\s*[:：]?\s*\d[\d\-\s]{2,}",
)
_HOTLINE_LEAD_MAX = 30  # short lines right above a hotline block belong to it ("请珍惜生命")
_HOTLINE_LEAD_LINES = 3
# A log-in box: "登录超时，稍后再试", "免注册 快速登录".
_ACCOUNT = regex.compile(r"登录|登入|登錄|登出|免注册|免註冊")
_ACCOUNT_MAX = 20

# --- buttons, navigation, widget titles, crumbs ---------------------------------------------------------
_BUTTON_WORDS = (
    r"分享(?:到)?|收藏|列印|打印|评论|評論|留言|点赞|點讚|赞|讚|举报|舉報|纠错|糾錯|返回(?:顶部|頂部|首页|首頁)|字号|字體|字体|"
    r"大|中|小|A-|A\+|A-A\+|加载更多|載入更多|载入更多|收起|展开|展開|更多|登录|登入|注册|註冊|关闭|關閉|图集|圖集|\+1|推荐|推薦|复制链接|複製連結|复制连结|"
    r"微信|微博|QQ|QQ空间|朋友圈|Facebook|Twitter|LINE|Line|上一篇|下一篇|上一页|下一页|打开APP|打開APP|我要反馈|反馈"
)
_BUTTON_ROW = regex.compile(rf"^(?:[\s\-*+|｜/·•,，、:：【】\[\]()（）<>]*(?:{_BUTTON_WORDS}|\d+))+[\s\-*+|｜/·•,，、:：【】\[\]()（）<>]*$")
_WIDGET = regex.compile(
    r"^[\[【]?(?:[\u4e00-\u9fff]{2,4})(?:推荐|推薦|阅读|閱讀|热点|熱點|热帖|熱帖|排行|排行榜|专题|專題|话题|話題|热搜|熱搜|搜索|图片|圖片|视频|視頻|影音|爱看|愛看|新闻|新聞|文章|资讯|資訊)[\]】]?$"
)
_WIDGET_MAX = 8
_PROSE_MIN = 20  # a widget's teasers end at the first line this long that ends like a sentence
# "- 2019年09月06日", "- 09:38", "- 243,325": dates, times and counters alone on a line.
_CRUMB = regex.compile(r"^[\s\-*+|｜·•]*(?:\d[\d,.:：/\-\s]*(?:年|月|日|时|時|分|秒)?)+[\s\-*+|｜·•]*$")
# A dateline: the date with its time of day, on a line of the page's particulars with no sentence in it
# ("http://www.example.cn　2005年8月26日 10:35　某某日报", "2023-09-14 08:05:33 来源：某报 点击：1536").
_DATELINE = regex.compile(dates.DATELINE)
_DATELINE_MAX = 80
_SENTENCE_MARKS = regex.compile(r"[，。！？；,!?;]")
_NAV_ITEM_MAX = 8  # menu entries are a word or two
_NAV_RUN = 4  # this many menu-shaped lines in a row are a menu, not short paragraphs
_SEPARATORS_ONLY = regex.compile(r"^[\s|｜/·•>\-*+【】\[\]]+$")

# --- bylines, column labels, captions and photo credits -------------------------------------------------
_ROLE = r"(?:记者|記者|通讯员|通訊員|实习生|實習生|特约撰稿人?|撰稿|编译|編譯|撰文|作者)"
# The day the story was filed, after a byline or a photo credit: 2024年3月8日, 105年3月19日 (Minguo), 2024-03-08.
_FILED = dates.day(dates.SHORT_YEAR, gap="")
# "光明日报记者 王建宏 张文攀", "新华网黑龙江频道 记者 伊琳", "《某某》作者 周某", "中央社記者邱俊欽桃園傳真 105年3月19日": names set
# apart by spaces, or a name followed by how the story was filed. "记者手记" (a subheading) is neither.
_BYLINE = regex.compile(
    rf"^[\(（【\[]?[\u4e00-\u9fffA-Za-z·\s《》]{{0,16}}?{_ROLE}"
    rf"(?:(?:\s+[\u4e00-\u9fff·]{{2,4}}){{1,4}}|\s*[\u4e00-\u9fff·]{{2,8}}(?:报道|報導|报导|传真|傳真|摄|攝|电|電))"
    rf"(?:\s*{_FILED})?[\)）】\]]?$"
)
# "测试：某报汽车测评中心张三李四等20人": who did the work, a team named under a label ending in a head count.
_TEAM_CREDIT = regex.compile(r"^[\u4e00-\u9fff]{1,4}[:：]\s*[\u4e00-\u9fffA-Za-z·、，,\s]{2,36}?等\s*\d{1,3}\s*[人位名]$")
BYLINE_MAX = 40  # characters of a byline line
TEAM_CREDIT_MAX = 48  # and of a team credit, the longer of the two
_LABEL_ONLY = regex.compile(r"^[【\[〖][^】\]〗\n]{1,14}[】\]〗]$")  # 【新春走基层】: a column label, not text
_LABEL_LINES = 3  # how far from the top a label names the column
_CREDIT = Needs(
    ("提供", "摄", "攝", "图", "圖", "照", "视觉中国", "IC", "Getty Image", "华社", "華社", "记者", "記者"),
    (
        r"(?:[(（]\s*)?(?:[\u4e00-\u9fffA-Za-z·]{1,12})?(?:供图|供圖|提供|摄|攝|翻摄|翻攝)\s*[)）]?$"  # （消防局提供） 小花母亲供图
        r"|[(（]\s*(?:图|圖|照片|图片|圖片|资料图|資料圖|資料照|资料照)\s*[/／:：]?[^)）]{0,20}[)）]\s*$"  # （图/新华社）
        r"|(?:图片?来源|圖片?來源|图源|圖源)[:：]"
        r"|(?:视觉中国|東方IC|东方IC|图虫创意|IC photo|Getty Images?|(?:新华社|新華社)发)\s*(?:资料|資料)?(?:图|圖|照)?\s*$"
        r"|(?:记者|記者)\s*[\u4e00-\u9fff]{2,4}\s*(?:[\u4e00-\u9fff]{0,4}(?:传真|傳真|摄|攝))\s*(?:" + _FILED + r")?$"
        r"|(?:摄影|攝影|摄|攝|图|圖)\s*[/／|｜]\s*[\u4e00-\u9fffA-Za-z·]{2,10}$|(?:摄影|攝影)[:：]\s*[\u4e00-\u9fff·]{2,4}$"  # ……门楼。摄影/赵一鸣
    ),
)
_CAPTION_MARK = regex.compile(r"^[▲△▼▽◆●■→]")  # a picture's caption is often flagged by an arrow
# A caption told by its opening words: "图为新建成的智能仓库", "上图：改造后的老街夜景", "图1 …".
_CAPTION_OPENER = regex.compile(r"^[(（]?(?:[图圖](?:为|為|注|註|说|說)|[题題][图圖]|[上下左右][图圖][:：]|[图圖]\s*\d{1,2}(?:[:：、.．\s]|$))")

# --- notes and attributions: lines that go with the text around them and head none of it ---------------
# A note on a line of its own, wholly in round brackets: when and by whom a law or a decision was adopted
# ("（2023年12月29日……会议通过）", "…修订）", "…修正）"), who the author is, "（完）".
_ASIDE = regex.compile(r"^[(（][^()（）]+[)）]$")
# The attribution under a quoted poem or saying: a dash, then who (after the dynasty, in brackets or before
# a dot) and what they wrote: "——（宋）陆游《游山西村》", "——唐·杜甫", "——《礼记》", "——鲁迅".
_ATTRIBUTION = regex.compile(
    r"^(?:——|--|－－|──|—)\s*"
    r"(?:[(（〔【\[][\u4e00-\u9fff]{1,3}[)）〕】\]]\s*|[\u4e00-\u9fff]{1,3}\s*[·・•]\s*)?"
    r"(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fffA-Za-z]{1,8}[·・•][\u4e00-\u9fffA-Za-z·・•]{1,10})?"
    r"\s*(?:《[^《》\n]{1,24}》)?\s*(?:[(（]节选[)）])?$"
)
ATTRIBUTION_MAX = 40  # characters: the dash, the dynasty, the name and the title
_CAPTION_MAX = 120  # a credited paragraph longer than this is article text that ends with a credit


def han_chars(line: str) -> int:
    """Han characters in `line` (what `article_chars` counts of each line it keeps)."""
    return sum(map(len, _HAN_RUNS.findall(line)))  # runs, not characters: fewer strings to make


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL


def is_comment_marker(line: str) -> bool:
    text = line.strip(" *#>-")
    return len(text) <= 60 and any(p.search(text) for p in (_COMMENT_NOTICE, _COMMENT_TITLE, _COMMENT_BUTTON))


def is_notice(line: str) -> bool:
    return len(line) <= _NOTICE_MAX and bool(_NOTICE.search(line))


def is_promo(line: str) -> bool:
    return len(line) <= _PROMO_MAX and bool(_PROMO.search(line))


def is_button_row(line: str) -> bool:
    return len(line) <= 40 and bool(_BUTTON_ROW.match(line))


def is_widget_title(line: str) -> bool:
    text = line.strip(" #*>-")
    return len(text) <= _WIDGET_MAX and bool(_WIDGET.match(text))


def is_crumb(line: str) -> bool:
    return len(line) <= 25 and bool(_CRUMB.match(line))


def is_dateline(line: str) -> bool:
    return len(line) <= _DATELINE_MAX and bool(_DATELINE.search(line)) and not _SENTENCE_MARKS.search(line)


def is_byline(line: str) -> bool:
    if len(line) > TEAM_CREDIT_MAX or _ends_sentence(line):
        return False
    text = line.strip(" #*")
    return (len(line) <= BYLINE_MAX and bool(_BYLINE.match(text))) or bool(_TEAM_CREDIT.match(text))


def is_credit(line: str) -> bool:
    """A photo credit or a caption that ends in one (小花母亲供图, （消防局提供）, 视觉中国 资料)."""
    return len(line) <= _CAPTION_MAX and bool(_CREDIT.search(line.rstrip()))


def is_caption(line: str) -> bool:
    text = line.strip(" #*")
    return is_credit(line) or (len(line) <= _CAPTION_MAX and bool(_CAPTION_MARK.match(text) or _CAPTION_OPENER.match(text)))


def is_aside(line: str) -> bool:
    """A line wholly in round brackets: a note on the text (how a law was adopted, who wrote it)."""
    return bool(_ASIDE.match(line.strip(" #*")))


def is_attribution(line: str) -> bool:
    """The line under a quotation that says whose it is: "——（宋）陆游《游山西村》", "——唐·杜甫"."""
    text = line.strip(" #*")
    return len(text) <= ATTRIBUTION_MAX and han_chars(text) >= 2 and bool(_ATTRIBUTION.match(text))


def is_label(line: str) -> bool:
    return bool(_LABEL_ONLY.match(line.strip(" #*")))


@lru_cache(maxsize=8192)  # re-posts of a story repeat its lines: a worker tells each once
def is_furniture(line: str) -> bool:
    """A line that is page furniture whatever surrounds it."""
    line = line.strip()
    return (
        is_comment_marker(line)
        or is_notice(line)
        or is_promo(line)
        or is_button_row(line)
        or is_crumb(line)
        or is_dateline(line)
        or is_byline(line)
        or bool(_NOTICE_TITLE.match(line.strip(" *#>-")))
        or (len(line) <= _ACCOUNT_MAX and bool(_ACCOUNT.search(line)))
        or bool(_HOTLINE.search(line) and len(line) <= 60)
    )


def goes_with_text(line: str) -> bool:
    """A note wholly in brackets or a quotation's attribution: part of the text around it, heading none of it."""
    return is_aside(line) or is_attribution(line)


def never_heading(line: str) -> bool:
    """Lines that may look like a subheading (short, no final mark) but never are one."""
    line = line.strip()
    return is_furniture(line) or is_caption(line) or is_widget_title(line) or goes_with_text(line)


def _paragraphs(lines: list[str]) -> list[list[int]]:
    """Runs of lines between blank lines. A text with no blank line between its lines (a plain .txt, a
    feed) writes one paragraph a line, so there every line is a paragraph of its own."""
    body = [i for i, line in enumerate(lines) if line.strip()]
    if body and all(lines[k].strip() for k in range(body[0], body[-1] + 1)):
        return [[i] for i in body]
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if line.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_prose(line: str) -> bool:
    line = line.strip()
    return len(line) >= _PROSE_MIN and _ends_sentence(line)


def _is_menu_item(line: str) -> bool:
    text = line.strip(" -*+|｜·•>#")
    return 0 < len(text) <= _NAV_ITEM_MAX and not _ends_sentence(text) and "，" not in text


def furniture_lines(lines: list[str]) -> set[int]:
    """Indexes of the furniture lines in `lines` (blank lines separate paragraphs)."""
    drop: set[int] = set()
    # A comment section runs to the end of the page: every line from its marker on. A section title
    # counts only once most of the article is behind it ("网友评论" may head a paragraph of quotes).
    han = [han_chars(line) for line in lines]
    total = sum(han) or 1
    seen = 0
    for i, line in enumerate(lines):
        text = line.strip(" *#>-")
        late = seen >= _TAIL_AFTER * total
        if len(text) <= 60 and (_COMMENT_NOTICE.search(text) or (late and (_COMMENT_TITLE.search(text) or _NOTICE_TITLE.match(text)))):
            drop.update(range(i, len(lines)))
            break
        seen += han[i]
    run: list[int] = []  # the reader comments that end the text, last first
    for i in reversed([i for i, line in enumerate(lines) if line.strip()]):
        text = lines[i].strip(" *#>-")
        if len(text) > _COMMENT_LINE_MAX or not _COMMENT_LINE.match(text):
            break
        run.append(i)
    if run and sum(han[: run[-1]]) >= _COMMENT_RUN_AFTER * total:
        drop.update(range(run[-1], len(lines)))
    # A widget ("热门推荐", "相关新闻") takes the teasers under it, up to the next paragraph of prose.
    for i, line in enumerate(lines):
        if line.strip() and is_widget_title(line):
            drop.add(i)
            for j in range(i + 1, len(lines)):
                if _is_prose(lines[j]):
                    break
                drop.add(j)
    for i, line in enumerate(lines):
        if line.strip() and is_furniture(line):
            drop.add(i)
    # A bracketed label over the article ("【新春走基层】") names its column; further down, it is a subheading.
    for i in [i for i, line in enumerate(lines) if line.strip()][:_LABEL_LINES]:
        if is_label(lines[i]):
            drop.add(i)
    # A hotline block takes the few short lines right above it ("请珍惜生命", "再给自己一次机会").
    for i, line in enumerate(lines):
        if _HOTLINE.search(line) and len(line.strip()) <= 60:
            taken, j = 0, i - 1
            while j >= 0 and taken < _HOTLINE_LEAD_LINES:
                text = lines[j].strip()
                if text and j not in drop:
                    if len(text) > _HOTLINE_LEAD_MAX:
                        break
                    drop.add(j)
                    taken += 1
                j -= 1
    # Captions: a paragraph that ends in a photo credit is a caption, credit and all; an arrow-marked line too.
    for block in _paragraphs(lines):
        credited = [k for k, i in enumerate(block) if is_credit(lines[i].strip())]
        if credited:
            head = block[: credited[0]]
            if sum(len(lines[i]) for i in head) <= _CAPTION_MAX:
                drop.update(block[: credited[-1] + 1])
            drop.update(block[k] for k in credited)
        drop.update(i for i in block if _CAPTION_MARK.match(lines[i].strip(" #*")) and len(lines[i]) <= _CAPTION_MAX)
    # Navigation: a run of menu-shaped lines (推荐 / 娱乐 / 体育 / 财经 …); blank lines and lone separators
    # ("|") between them belong to the run.
    run: list[int] = []
    for i, line in enumerate([*lines, "。"]):
        if not line.strip():
            continue
        if i < len(lines) and not line.lstrip().startswith("#"):
            if _SEPARATORS_ONLY.match(line):
                if run:
                    run.append(i)
                continue
            if _is_menu_item(line):
                run.append(i)
                continue
        if sum(1 for k in run if not _SEPARATORS_ONLY.match(lines[k])) >= _NAV_RUN:
            drop.update(run)
        run = []
    return drop


_SENTENCE = regex.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』\"']?|$)")


def unglue_notice(line: str) -> str:
    """A paragraph whose article sentences run into a notice ("…余额占额度比为79%。新浪声明:…不构成投资
    建议。…"): the article's sentences, without the notice, which runs from its first sentence to the end.
    A text that lost its paragraph breaks (a feed, a crawl) glues the site's disclaimer to its last
    paragraph; dropped as one notice line, a short article would go with it."""
    if not _NOTICE.search(line):
        return line
    parts = _SENTENCE.findall(line)
    first = next((k for k, part in enumerate(parts) if _NOTICE.search(part)), 0)
    # A label sentence that opens the notice ("新浪声明：…", "特别提示：…") goes with it.
    while first > 0 and re.match(r"^\s*[\u4e00-\u9fff]{0,8}(?:声明|聲明|提示|说明|說明)[:：]", parts[first - 1]):
        first -= 1
    kept, notice = "".join(parts[:first]), "".join(parts[first:])
    # Only a notice that ends the paragraph and is as short as notices are: an article that mentions
    # copyright or a disclaimer mid-way, with its story going on after, keeps every sentence.
    if len(notice) > _NOTICE_MAX or han_chars(kept) < _PROSE_MIN or not _ends_sentence(kept.strip()):
        return line
    return kept


def strip_furniture(text: str) -> str:
    """`text` without its furniture lines; blank lines (paragraph breaks) kept."""
    lines = [unglue_notice(line) for line in text.split("\n")]
    drop = furniture_lines(lines)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def article_chars(text: str) -> int:
    """Han characters in the sentences of `text` that are not furniture: how much article a page holds.

    Lines that are mostly not Chinese (a language prompt, a menu in English) and lines that do not end
    like a sentence (headlines, teasers, buttons) do not count.
    """
    total = 0
    for line in strip_furniture(text).split("\n"):
        line = line.strip()
        han = han_chars(line)
        letters = sum(ch.isalpha() for ch in line)
        if han >= 10 and han >= 0.6 * letters and _ends_sentence(line):
            total += han
    return total


def has_article_text(text: str) -> bool:
    """True when some line outside the furniture is a sentence of prose (Chinese, or a long Latin one):
    a page of menus, buttons, comments and notices has none."""
    if article_chars(text):
        return True
    return any(
        len(line.split()) >= 8 and _ends_sentence(line.strip()) for line in strip_furniture(text).split("\n")
    )

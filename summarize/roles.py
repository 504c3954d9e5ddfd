"""Roles: which sentences an editor would never put in a brief, and what to strip from the rest.

Contract: `judge(paragraph)` takes one paragraph's sentences and returns a `Verdict` per sentence: the
text to use (boilerplate glued to its front stripped: a caption, a byline, a media dateline, a
bracketed column label), whether it is junk (never chosen: captions, bylines and datelines alone,
editor's notes, source and copyright lines, calls for submissions and contact lines, organiser blurbs,
navigation, programme openers, list labels, a law's note of its adoption) or weak (counted for less:
questions, fragments, a quote without its speaker, a sentence that trails off or only announces what
follows), and whether it needs its previous sentence (it opens with a dangling 他/该/这). Then
`credited_captions(sentences, verdicts)`, over a whole section, makes junk of a caption known only by
the photo credit after it. The rules describe kinds of noise, never one site's strings; clean.py removes
whole furniture lines before this step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarize import regex
from summarize.gated import Needs

JUNK = "junk"
WEAK = "weak"


@dataclass(frozen=True)
class Verdict:
    text: str  # the sentence with glued boilerplate stripped
    kind: str = ""  # "" (a sentence), JUNK or WEAK
    reason: str = ""  # for --explain: what kind of junk or weak sentence, or what was stripped (RULE_NAMES)
    needs_previous: bool = False  # opens with a pronoun or demonstrative that points back
    glued: bool = False  # came glued to page furniture (a caption, credit, heading, byline), not just a dateline


_CJK = r"\u4e00-\u9fff"
_NAME = rf"[{_CJK}·]{{2,4}}"
_MEDIA = rf"[{_CJK}A-Za-z]{{1,10}}?(?:网|报|社|台|刊|周刊|杂志|新闻|日报|晚报|时报|频道|客户端|财经|科技|体育)"

# Whole-sentence junk, each with the name --explain gives it. Anchored at the start unless noted.
_JUNK_RULES: tuple[tuple[str, re.Pattern[str] | Needs], ...] = (
    ("photo caption", Needs(("图", "摄"), (
        r"^[(（]?(?:图为|图注|题图|制图|图片|资料图|现场图|配图|组图|截图|上图|下图|左图|右图|图\s*\d|图[:：])"
        r"|(?:记者|通讯员|摄影师?|新华社|[(（](?![左右上下见如]图))[^。，,]{0,16}(?:摄|摄影|供图|图)\s*[)）]?[。.]?$"  # not "(右图)": a pointer
        r"|(?:截图|制图|供图|配图)[^。，,]{0,12}$"
        r"|^.{0,40}(?:报道|网站|页面|视频)(?:的)?截图[。.]?$"
        r"|^[\u4e00-\u9fff]{0,4}截图"
        r"|^[^。，,；;:：]{1,12}图为[:：]"  # a credit before it: "记者刘闪图为:…"
        rf"|^本文图片"
    ))),
    ("editor's note", regex.compile(
        r"^[(（【\[]?\s*(?:编者按|编者的话|本报核心提示|核心提示|核心阅读|内容摘要|内容提要|划重点|"
        r"人物小传|个人简介|参考资料|相关链接|背景链接|延伸阅读|小贴士|多知道点)"
        r"|^[(（【\[]?\s*(?:原标题|原题|导读|链接)\s*(?:[:：>》】\]]|$|为)"
        # a headline run into the note ("国安永远争第一编者按中国足球第一城究竟是哪里?"), not a sentence that
        # tells of one ("他在编者按中写道…"); only the labels no sentence uses as words (not 核心阅读能力, 核心提示)
        r"|^[□■]?[^。，,！？!?“”\"]{1,24}?(?<![在的了这该篇段则份此其])(?:编者按|编者的话|本报核心提示)(?!中?(?:写|称|说|指|提|里|表示))"
    )),
    ("source or copyright line", Needs(("来源", "稿源", "出处", "转载", "本文", "声明", "版权", "未经", "授权", "《", "请", "仅供参考", "投资建议", "投资有风险"), (
        r"^[(（]?\s*(?:来源|稿源|资料来源|信息来源|文字来源|图文来源|出处|转载|本文来源|本文转载|本文系|本文为|本文由|声明|免责声明|版权|"
        r"未经授权|未经许可|协议授权|授权转载)"
        r"|^[(（]?\s*《[^》]{1,12}》\s*[(（]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^)）]{0,12}[)）]?\s*[)）]?[。.]?$"
        r"|(?:更多|详细)(?:详细)?(?:新闻|资讯|内容|精彩)[^。]{0,12}(?:请|敬请)(?:浏览|关注|登录|访问)"
        r"|仅供参考|不构成[^。，,]{0,6}投资建议|投资有风险|版权归[^。]{0,10}所有"
    ))),
    ("call for tips, contact or subscription", Needs(("爆料", "投稿", "征稿", "电话", "二维码", "公众号", "微信", "微博", "头条号", "订阅", "点击", "gh_", "-", "—"), (
        # the reader asked to subscribe or follow: "点击上方“…”免费订阅!", "点击“…”可免费订阅" (not 点击量, nor a
        # subscription the news tells of: "推出免费订阅服务")
        r"点击(?![量率数])[^。，,]{0,16}订阅|(?:免费|一键)订阅(?:哦|吧)?[!！。]?$|点击(?:上方|下方|蓝字|右上角)[^。，,]{0,12}关注|"
        r"我要爆料|有奖爆料|爆料(?:电话|邮箱|热线|请|台|[:：])|欢迎投稿|征稿|投稿邮箱|举报电话|热线电话|咨询电话|联系电话|扫(?:描|一扫)?二维码|长按(?:识别)?二维码|"
        r"关注[^。，,]{0,16}(?:公众号|官方微信|微博|头条号)|微信号[:：(（]|公众号[:：]|^订阅$|请加微信|\d{3,4}[-—]\d{7,8}"
        # a public account's name and original id, as its posts sign off: "沃乐(gh_420734704fd5)"
        r"|^[^。，,]{0,20}[(（]\s*gh_[0-9a-f]{8,16}\s*[)）][。.]?$"
    ))),
    # A promotion of what the outlet publishes next, or its promise to follow the story: about the outlet,
    # not the news ("…推出独家文章《…》,敬请关注。", "有关事件的最新进展,本台将会继续关注。").
    ("promotion or sign-off", Needs(("敬请", "关注", "跟踪", "追踪", "跟进"), (
        r"敬请(?:关注|期待|收看|收听|留意)[。.!！]?$"
        r"|(?:本报|本台|本网|本刊|本栏目|我们|记者|[\u4e00-\u9fff]{0,6}(?:之声|商报|日报|晚报|晨报|时报|新闻|电视台|频道|网))"
        r"将(?:会)?(?:继续|持续|进一步)?(?:关注|跟踪|追踪|跟进)(?:此事|此案|事件|事态|后续|进展|报道)?[。.!！]?$"
    ))),
    ("navigation", Needs(("详情", "更多", "点击", "返回", "上一", "下一", "原文", "全文", "大图"), (
        r"详情请?(?:点击|见|浏览|查看)?\s*(?:>>|》》|链接)|^(?:详情|更多|点击|返回|上一篇|下一篇|上一页|下一页)\s*(?:>>|》|$)|"
        r"^[(（]?\s*(?:点击|阅读|查看)(?:原文|全文|大图)"
    ))),
    ("organiser or event blurb", Needs(("主办", "承办", "发起", "举办", "活动", "论坛", "大会", "讲堂", "展会", "峰会", "沙龙"), (
        r"^(?:据悉|据了解|另悉|又讯)?[,，]?[^。]{0,40}(?:是由|由)[^。]{1,40}(?:主办|承办|发起|举办)的[^。]{0,40}(?:系列)?(?:活动|论坛|大会|讲堂|展会|赛事|峰会|沙龙)"
        r"|^(?:本次|本届|此次|该)(?:活动|论坛|大会|讲堂|展会|峰会|沙龙)[^。]{0,20}(?:系列活动|旨在|为期)"
    ))),
    # A table's column headings run into its first row: the country's weather warnings are published as a
    # table headed 图例 (the signal's icon), 标准 (its criterion), 防御指南 (what to do); flattened, the
    # headings sit inside the sentence ("…发布图例标准防御指南3小时内降雨量将达50毫米以上"). 23 of the 498
    # NLPCC dev articles are such warnings.
    ("table heading", Needs(("防御指南",), r"图例\s*标准\s*防御指南")),
    # The note a law, a regulation or a decision carries under its title, in brackets: when and by whom it
    # was adopted, revised, amended or promulgated ("（2023年12月29日……会议通过）", "（根据……决定修正）").
    ("adoption note", Needs(("通过", "修订", "修正", "公布", "施行", "批准"), (
        r"^[(（]\s*(?:根据\s*)?\d{4}\s*年[^()（）]*(?:通过|修订|修正|公布|施行|批准)[^()（）]{0,30}[)）][。.]?$"
    ))),
    ("programme opener", regex.compile(
        r"^(?:各位|大家|亲爱的)[^。]{0,6}(?:好|晚上好|早上好)[,，!！。]|^欢迎(?:收听|收看|来到|阅读)"
    )),
)

# A short sentence that is only a byline, dateline or credit: "(记者陈杰)", "(暮雨)", "编辑:曹静".
_BYLINE_ALONE = regex.compile(
    rf"^[(（【\[□■]?\s*(?:(?:{_MEDIA})?\s*(?:本报|本刊)?(?:记者|通讯员|实习生|编辑|编译|责编|作者|整理|采写|文|图|摄影|总台记者|评论员)"
    rf"\s*[:：/]?\s*{_NAME}(?:[\s、和/]+{_NAME})*|{_NAME})\s*(?:报道|摄|摄影|整理)?\s*[)）】\]]?[。.]?$"
)
# A lone list or column label: "骗局之1", "方案2", "2.", "焦点1", "类型1:".
_LABEL_ALONE = regex.compile(rf"^(?:[{_CJK}]{{0,6}}(?:之)?\s*\d{{1,2}}|\d{{1,2}})\s*[.、:：]?$|^[-—–·•]+$")
# A label-like phrase ending in a colon with nothing after it: "英国《泰晤士报》：", "今日焦点：".
_DANGLING_COLON = regex.compile(r"^[^。，,!！?？]{1,12}[:：]$")
_PARENTHESISED = regex.compile(r"^[(（][^()（）]{0,24}[)）][。.]?$")
# A short line with no end mark is a heading, a label or a teaser that the cleaner let through.
_ENDED = regex.compile(r"[。！？!?…；;”’」』\"')）:：]\s*$")
UNENDED_CHARS = 24
SHORT_CHARS = 10  # a sentence this short says too little to stand alone in a brief

# A byline whose names run straight into the text ("记者张在欢通讯员曾越杯梁敏雄目前佛山…"), or a pull quote's
# "——name" credit run into the next paragraph: where the last name
# ends cannot be told, so nothing is cut, but the sentence came glued to furniture all the same.
# The names are runs of two or more characters between separators: written as 2-4 character names with
# optional separators, the same texts matched, but a long run after 记者 was tried every way it splits
# into names (a 70-character sentence ran over a minute).
_UNCUT_BYLINE = Needs(("讯", "记者"), rf"^\s*[—–]{{1,2}}\s*[{_CJK}·]{{2,4}}(?=[{_CJK}]{{0,6}}(?:讯|记者))|^(?:[{_CJK}]{{1,8}}讯|{_MEDIA})?\s*(?:本报|本刊)?记者\s*[{_CJK}]{{2,}}(?:[、\s]+[{_CJK}]{{2,}})*\s*(?:通讯员|实习生|见习记者)")
# How a news sentence visibly starts: a source, a date or time, a reporter, a quote.
_OPENER = r"(?:据|\d{1,2}月|\d{4}年|昨|今|近日|日前|记者|新华社|本报|综合|[《“\"【(（])"
# Where a headline can end before a dated lead: not inside a date ("2014年7月|29日") nor on a word that
# runs on into the date ("出生于|1989年…", "直到今年|7月15日", "不久前的|6月29日").
# Nor on a list of dates ("5月9日、|10日"), a range of them ("2004年7月-|2009年9月") or a time zone ("柏林当地时间|2月15日").
_HEADLINE_ENDS = r"(?<![\d年月于在的至到从自为是及和与今去同前、止期~～\-－—])(?<!时间)"
# A headline or subheading run into the text, before what opens the story: a short label and a colon at
# most, then six to thirty characters with no mark of a sentence (see the "heading" rules of _GLUED).
_HEADING_RUN = r"^(?!据|记者)(?:[^。，,；;:：!！?？(（]{2,12}[:：])?[^。，,；;:：!！?？(（]{6,30}?"
# 据 after these is part of a word (数据, 根据, 证据…), not a lead crediting its report; what a credited
# report's 据 runs on to ("据该负责人介绍", "据台湾媒体报道").
_JU_IN_A_WORD = "数根凭依证占收票单"
_CREDITED = r"[^。，,；;:：]{1,16}(?:介绍|报道|消息|透露|通报|称|了解|显示)"
# Characters of transliterated foreign names, which sports pages join with a hyphen ("德安德鲁-乔丹",
# "索拉-阿梅奥比"): a hyphen between them is inside a name, not after a label.
_TRANSLITERATED = (
    "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹当道德登迪蒂丁东杜多厄恩尔法菲费芬丰弗福盖甘冈戈格古"
    "哈海汉豪赫亨胡霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉丽连林琳隆卢鲁路伦罗洛马玛迈麦"
    "曼梅门蒙米密莫默姆穆纳娜奈南内尼涅努诺欧帕派潘佩皮珀普齐奇恰乔切琼萨塞桑瑟森沙莎尚舍什施斯松苏索塔泰坦汤特"
    "提廷托瓦万威韦维温沃乌伍西希夏谢辛休雅亚扬耶伊易因英尤约泽扎詹兹佐卓夫"
)
_BRACKETED_CREDIT = r"[(（][^()（）]{0,16}摄\s*[)）]"  # "(吴春平摄)", "（记者 张杰 摄）"
# Boilerplate glued to the front of a real sentence, stripped in order (repeatedly: they come stacked).
_GLUED: tuple[tuple[str, re.Pattern[str] | Needs], ...] = (
    # The closing bracket of an aside taken out before it ("（详情请点击链接：<a>…</a>）" as navigation): no
    # sentence opens on one.
    ("stray bracket", regex.compile(r"^(?:[)）】\]]\s*)+")),
    # A short link or two run into the text ("http://t.cn/…http://t.cn/…(原标题:…)").
    ("web address", regex.compile(r"^(?:(?:https?://|www\.)[A-Za-z0-9./?=&_%#:~+\-]+\s*)+")),
    # A caption a gallery repeated ("视频截图视频截图【…】…"): no sentence opens on the same words twice. All
    # copies go where a bracketed heading follows; else the last stays, which may begin the sentence's own
    # subject ("中国东方演艺集团中国东方演艺集团有限公司是…").
    ("repeated caption", regex.compile(r"^(?P<caption>[\u4e00-\u9fff]{4,20}?)(?P=caption)+(?=[【\[])")),
    ("repeated caption", regex.compile(r"^(?P<copy>[\u4e00-\u9fff]{4,20}?)(?:(?P=copy))*(?=(?P=copy))")),
    ("comment counter", Needs(("评论",), r"^.{0,60}?评论\s*[(（]\d+[)）]\s*(?:A\+)?\s*")),
    ("hashtag", regex.compile(r"^#[^#\s]{1,20}#\s*")),
    # A microblog post's handle and topic run into the text: "谈开放二胎@中国日报#微看两会#【…】…".
    ("microblog handle", Needs(("@",), r"^[^。，,@#]{0,20}@[^\s#@。，,]{2,16}\s*(?:#[^#\s]{1,20}#\s*)+")),
    # A microblog account's post, its name and a colon (and its topics) before the headline in brackets:
    # "厦门日报:#突发#【…】据一位网友私信报料…", "新华视点:【…】国务院对…" (the bracketed heading goes next).
    ("microblog handle", regex.compile(r"^[^。，,:：【“”\"]{2,12}[:：]\s*(?:#[^#\s]{1,20}#\s*)*(?=【[^】]{2,60}】)")),
    # The tail of a bracketed heading whose opening bracket ended the sentence before: "…观察评估】符合…".
    ("heading", Needs(("】", "]"), r"^[^【\[。]{1,40}[】\]]\s*")),
    ("bracketed source", regex.compile(r"^【[^】]{0,16}(?:报道|讯|消息|电)】\s*")),
    ("bracketed heading", regex.compile(r"^【[^】]{2,40}】\s*")),
    ("layout mark", regex.compile(r"^[□■●◆▲◎]\s*")),
    ("byline", regex.compile(r"^[.。·]?\s*(?:文|作者)\s*[/／|]\s*(?:记者\s*)?[\u4e00-\u9fff]{2,3}(?=去年|今年|近日|日前|昨天|今天|\d|当|在|随着|据|[“\"])")),
    ("picture label", regex.compile(r"^(?:网络图片|资料图片|新闻图片)\s*")),
    # A picture gallery's counter before its caption's text ("1/4近日,…"), a newspaper page's label
    # ("A05版新闻回顾:"), and a caption that names the scene ("事故现场2014年10月19日…").
    ("gallery counter", Needs(("/",), rf"^\d{{1,2}}\s*/\s*\d{{1,2}}\s*(?={_OPENER})")),
    # A gallery's number run into its caption's year: "12013年4月6日在…" (no year has five digits).
    ("gallery counter", regex.compile(r"^\d{1,2}(?=(?:19|20)\d\d年\d{1,2}月)")),
    ("page label", Needs(("版",), r"^[A-Z]{1,2}\d{1,2}版\s*(?:[\u4e00-\u9fff]{0,6}[:：])?\s*")),
    ("caption", Needs(("现场",), rf"^[{_CJK}]{{2}}现场(?:图|照片)?\s*(?=\d{{4}}年|\d{{1,2}}月\d{{1,2}}日)")),
    # A CV's heading run into the CV: "张明同志简历张明,男,…", "王华简历:历任…" (the name again, or 历任).
    ("heading", Needs(("简历",), rf"^([{_CJK}·]{{2,4}}?)(?:同志)?简历\s*[:：]?\s*(?=\1|历任)")),
    ("font-size control", regex.compile(r"^(?:字号\s*[:：]\s*)?(?:A\+\s*A-|T\s*[|｜]\s*T)\s*")),
    ("photo source", regex.compile(r"^(?:图片来源|图片|图|来源)\s*[:：]\s*(?:[A-Za-z][A-Za-z.\- ]*|[\u4e00-\u9fff]{2,8}(?:网|社|报))\s*")),
    ("caption before the report", regex.compile(
        r"^(?:资料图|图为|图|现场图|配图)\s*[:：][^。]{0,60}?(?=据[^。，,]{1,30}(?:报道|消息|透露|称|介绍))"
    )),
    # Each alternative first looks ahead for the words it ends with (报道, 发自, an opening quote or title
    # mark), anywhere in the sentence: without them, trying the media names at each of the first 80
    # places was a third of this step on sentences that mention a reporter.
    ("byline", Needs(("记者",), (
        rf"^(?=[\s\S]*?报道).{{0,80}}?(?:{_MEDIA})?(?:本报|本刊)?(?:特约)?记者\s*{_NAME}(?:[\s、和]+{_NAME})*\s*[/／]\s*[{_CJK}]{{2,4}}\s*报道\s*"
        rf"|^(?=[\s\S]*?(?:报道|发自)).{{0,30}}?(?:{_MEDIA})?(?:本报|本刊)?(?:特约)?记者\s*{_NAME}\s*(?:发自[{_CJK}]{{2,6}}|摄影?报道|报道)\s*"
        rf"|^(?=[\s\S]*?[《“\"]).{{0,30}}?(?:{_MEDIA})(?:本报|本刊)?(?:特约)?记者\s*[{_CJK}]{{2,3}}(?=[《“\"])"
    ))),
    # A headline (and its caption) run into a wire's dateline further in than a dateline alone stands:
    # "实拍:…事故现场中国网络资讯台安徽阜阳6月16日电,6月16日0时许,…". Both such
    # openings among the 10,781 sentences of the five label files are junk, and change no other verdict. Not
    # a source's time stamp before the dateline ("环球网2014-10-0716:55:12中国网络资讯台…电,"): that is no headline.
    ("heading", Needs(("电",), (
        rf"^(?!据|[^。]{{0,12}}\d{{4}}-\d{{1,2}}-\d{{1,2}})[^。！？!?；;]{{14,60}}?[{_CJK}A-Za-z]{{2,12}}\d{{1,2}}月\d{{1,2}}日\s*专?电\s*(?:[(（][^)）]{{0,30}}[)）])?\s*[,，:：]\s*"
    ))),
    # Not a report credited to its source and day ("据财联社9月26日消息，今日…"): that tells the reader whose
    # report it is and which day its 今日 is.
    ("media dateline", Needs(("讯", "月"), (  # 月: the date of "6月3日电"
        rf"^(?!据).{{0,24}}?(?:[{_CJK}A-Za-z]{{2,10}}讯\s*)?\d{{1,2}}月\d{{1,2}}日\s*(?:凌晨|早间|早上|上午|中午|午间|下午|傍晚|晚间|晚上|夜间)?"
        rf"\s*(?:\d{{1,2}}时\s*)?(?:专?(?:电|讯|消息)|综合报道)\s*(?:[(（][^)）]{{0,30}}[)）])?\s*[,，:：]?\s*"
        rf"|^(?!据).{{0,24}}?[{_CJK}A-Za-z]{{1,8}}(?:网|报|台|社|新闻|科技|财经|体育|日报|晚报)讯\s*(?:[(（][^)）]{{0,30}}[)）])?\s*[,，:：]?\s*"
        # a site's own: "参考消息网6月20日报道日媒称,…"
        rf"|^(?!据)[{_CJK}A-Za-z]{{1,10}}网\d{{1,2}}月\d{{1,2}}日\s*报道\s*[,，:：]?\s*"
        rf"|^(?!据).{{0,24}}?[{_CJK}]{{2,6}}讯\s*[(（](?:本报|本刊)?(?:记者|通讯员)[^)）]{{0,30}}[)）]\s*[,，:：]?\s*"
    ))),
    # A headline run into the reporter's credit in brackets, or into a dateline and the credit too far from
    # the start for a wire dateline alone: "提醒:提供后三码相当于持卡人授权(记者大秋)家住…".
    ("heading", Needs(("记者", "通讯员", "实习生"), (
        rf"^(?!据|记者)[^。，,；;!！?？(（]{{4,40}}?[(（](?:本报|本刊)?(?:记者|通讯员|实习生|见习记者)\s*{_NAME}(?:[\s、和]+{_NAME})*\s*[)）]\s*"
    ))),
    # A label run into the text with a hyphen: "财务亮点-2014年第四季度净营收…" (one hyphen, not a list
    # "选曲-风格-制作" or a span of dates "2004年7月-2009年9月").
    ("heading", regex.compile(
        rf"^[\u4e00-\u9fff\d]{{0,12}}[\u4e00-\u9fff]{{4}}(?<![年月日号时期季度])(?:(?<![{_TRANSLITERATED}]{{2}})-|-(?![{_TRANSLITERATED}]))(?![^-]{{0,8}}-)"
    )),
    ("list number", regex.compile(r"^[【\[]\s*\d{1,2}\s*[】\]]\s*")),
    # A headline and its link to the story's video or gallery: "解放军仪仗队亮相红场阅兵>>视频莫斯科当地时间…".
    ("heading", Needs((">>", "》》"), r"^[^。，,；;!！?？]{2,40}?(?:>>|》》)\s*(?:视频|组图|高清组图|图集|详情|全文)\s*")),
    # A headline run into the text ahead of the source's bracketed name and byline: "…多元化主动负债渠道【财新网】(记者…)近期,…".
    ("heading before the source", Needs(("【",), (
        rf"^[^。]{{6,80}}?【(?:{_MEDIA}|[{_CJK}A-Za-z]{{2,8}})】\s*(?:[(（](?:记者|实习记者|通讯员)[^)）]{{0,30}}[)）])?\s*"
        # the source's name before the headline in brackets: "…多人被困楚天金报【江汉路火灾疑是…】今天早上…"
        rf"|^[^。，,【]{{0,40}}?{_MEDIA}【[^】]{{2,40}}】\s*"
    ))),
    ("cross-reference", regex.compile(r"^[(（]\s*(?:详见|参见|见)[^)）]{1,40}[)）]\s*")),
    # A caption or a photo credit whose line break was lost: "约翰·纳什及其夫人网页截图据BBC报道…",
    # "…神情凝重本报记者张杰摄因在QQ群里…", "界面图片来源:CFP7月15日…". Only where a new sentence visibly
    # starts after it (a source, a date, a reporter), so "网友发布截图称…" keeps its words.
    ("caption", Needs(("摄", "图"), (
        rf"^[^。；;!！?？]{{0,60}}?(?:(?:本报|新华社|特约)?(?:记者|通讯员)\s*{_NAME}\s*摄(?:影)?(?![像入取制])|{_NAME}\s*[/／]\s*摄|供图)\s*[)）]?\s*"
        rf"|^[^。，,；;:：!！?？]{{0,40}}?(?:截图|资料图|网络图片|图片来源[:：]\s*[A-Za-z]+|图\s*[/／]\s*[A-Za-z{_CJK}]{{2,8}}?)\s*(?={_OPENER})"
    ))),
    # A photo credit in brackets ahead of the text: "(吴春平摄)12月9日,数百名…" (its caption came before it).
    ("photo credit", Needs(("摄",), rf"^{_BRACKETED_CREDIT}\s*")),
    # A byline in brackets ahead of the text: "(央视记者万灵)车上人员系…".
    ("byline", Needs(("记者",), rf"^[(（][^()（）]{{0,10}}?记者\s*{_NAME}(?:[\s、和]+{_NAME})*[)）]\s*")),
    ("byline", Needs(("记者",), rf"^.{{0,10}}?记者\s*[{_CJK}]{{2,3}}(?=据|\d{{1,2}}月\d|昨日|昨天|今日|近日|日前)")),
    # A headline or subheading whose line break was lost, run into a lead that opens with a source, a
    # time or a connective and a comma: "增补上百条时代新词据介绍,…", "反映卡片内容不利于孩子健康昨日上午11时许,…",
    # "内环交通面临考验据市交管部门介绍,…", "立法初稿基本成形早在2011年,…", "现场:碎玻璃满地事发后,…" (a
    # heading may carry a short label and a colon, and a title in 《》). Inside a sentence these words
    # follow a comma; run on after six or more characters without one, they open a new paragraph.
    ("heading", Needs(("据", "日", "昨天", "昨晚", "昨夜", "今天", "今晨", "当天", "当晚", "事发", "案发", "年", "实", "早在", "目前", "此", "另外", "然而", "不过", "但是", "而且", "就在"), (
        rf"{_HEADING_RUN}(?=(?<![{_JU_IN_A_WORD}])(?:据介绍|据了解|据悉|据统计)[,，]|"
        rf"{_HEADLINE_ENDS}(?:事发|案发)(?:后|当天|当晚|时)[,，]|"
        rf"{_HEADLINE_ENDS}(?:北京时间|当地时间)?(?:昨日|昨天|昨晚|昨夜|前日|今日|今天|今晨|近日|日前|(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日|(?:当天|当日)(?=凌晨|早|上午|中午|下午|傍晚|晚)|(?:今年|去年|前年|\d{{4}}年)\d{{1,2}}月(?:初|上旬|中旬|下旬|底|末|份)?(?=[,，]))"
        rf"(?:凌晨|早间|早上|上午|中午|下午|傍晚|晚间|晚上|夜间|一大早|一早|清晨|晚|夜)?(?:(?:近|约)?\d{{1,2}}(?:时|点)(?:\d{{1,2}}分|半)?(?:许|左右|多)?)?[,，]|"
        rf"(?<![{_JU_IN_A_WORD}])据(?:{_CREDITED}|{_MEDIA})[,，:：]|"
        rf"(?:经证实|据证实|其实|事实上|此前|目前|此外|另外|然而|不过|但是|而且|去年|今年|昨晚|当天|当晚|早在(?:\d|上世纪|去年|前年|多年|数年)[^。，,]{{0,10}}"
        rf"|就在(?:刚刚|刚才|昨天|昨日|今天|今日|前日|当天|当晚))[,，])"
    ))),
    # ... or into a lead on what the reporter found: "…抢注商标记者查询后发现,", "…未过环评记者在…看到,"; not
    # whom someone told or spoke to (接受记者采访, 向记者表示), nor an outlet's reporter (…晚报记者从…获悉,).
    ("heading", Needs(("记者",), (
        rf"{_HEADING_RUN}{_HEADLINE_ENDS}"
        rf"(?<![受诉向对给刊报社网台闻视者跟请让叫令和与同被由找见及])"
        rf"(?=记者(?:在|从|来到|赶到|走访|调查|了解到|获悉|注意到|发现|看到|查询|随机|致电|联系)[^。]{{0,40}}?[,，])"
    ))),
    # A headline of two clauses or more run straight into a lead that credits its report, with nothing
    # between: "揭秘…:追了一年,寂寞时陪着她据台湾媒体报道,…", "存量债务巨大,经营困难据该负责人介绍,…". Inside
    # a sentence 据 follows a comma, or a quotation mark ("他说:“据我了解,"), or makes a word (数据, 根据).
    ("heading", Needs(("据",), (
        rf"^(?!据|记者)[^。；;!！?？“”\"「」]{{6,40}}?(?<![{_JU_IN_A_WORD}，,:：、\s])(?=据{_CREDITED}[,，:：])"
    ))),
)
# A layout mark or a bracketed column label, then a long run without a comma: a subheading ran into the
# text ("□引子浏阳河陷停产风波不久前市场传出消息,…", "【质疑】“摘星”费钱费力太理想化尽管…").
_GLUED_SUBHEADING = regex.compile(r"^(?:[□■●◆▲]|[【\[][\u4e00-\u9fff]{1,6}[】\]])\s*[^,，。;；:：!！?？]{18}")
_CUES = {"byline": regex.compile(r"记者|文|作者"), "media dateline": regex.compile(r"讯|电|消息")}
_GLUED_CUED = tuple((name, pattern, _CUES.get(name), isinstance(pattern, Needs)) for name, pattern in _GLUED)
# The ungated patterns as one: where it does not match, none of them does, and a pass over the text runs
# only the gated ones (most sentences have nothing glued; one call instead of a dozen).
_ANY_UNGATED = regex.compile("|".join(f"(?:{p.pattern})" for _, p in _GLUED if not isinstance(p, Needs)))
MIN_STRIPPED_CHARS = 12  # what is left after stripping must still be a sentence
# A lead that carried its wire dateline ("新浪科技讯5月12日消息,…") is an ordinary lead (as is one that kept a
# stray bracket of the text before it); one that came glued to a caption, a credit, a heading or a byline
# sat in page furniture, and editors leave it out.
_WIRE = frozenset({"media dateline", "bracketed source", "list number", "stray bracket"})

# What --explain calls each rule above (and each weak kind below), in the brief's language: the names in the
# rules are the code's (tests and the lists above refer to them); a reader sees these. A Traditional
# summary shows them through OpenCC with the rest of zhbrief's own words (briefs/render.in_script).
RULE_NAMES: dict[str, str] = {
    # Junk: a whole sentence no brief quotes.
    "photo caption": "图片说明",
    "photo caption (a photo credit follows it)": "图片说明（其后是摄影署名）",
    "editor's note": "编者按或导读",
    "source or copyright line": "来源或版权声明",
    "call for tips, contact or subscription": "征集线索、联系方式或订阅",
    "promotion or sign-off": "预告或结束语",
    "navigation": "导航链接",
    "organiser or event blurb": "主办方或活动简介",
    "table heading": "表格表头",
    "adoption note": "法规题注",
    "programme opener": "节目开场白",
    "byline or credit alone": "单独的署名或出处",
    "a label, not a sentence": "标签，不成句",
    "a heading or label, not a sentence": "标题或标签，不成句",
    "a subheading glued to the text": "小标题与正文粘连",
    # Weak: counted for less.
    "a question, not a statement": "问句，不是陈述",
    "too short to stand alone": "太短，不能单独成句",
    "a quote without its speaker": "引语未交代说话人",
    "a speaker without what they said": "只有说话人，没有所说的话",
    "the rest of a quotation opened before it": "前文引语的后半段",
    "trails off": "话未说完",
    "only announces what follows": "只预告下文",
    "an item of a numbered list": "编号列表中的一项",
    # Glued to a sentence's front and stripped.
    "stray bracket": "残留括号",
    "web address": "网址",
    "repeated caption": "重复的图片说明",
    "comment counter": "评论数",
    "hashtag": "话题标签",
    "microblog handle": "微博账号",
    "heading": "标题",
    "bracketed source": "括号里的来源",
    "bracketed heading": "括号里的标题",
    "layout mark": "排版符号",
    "byline": "署名",
    "picture label": "图片标注",
    "gallery counter": "图集页码",
    "page label": "版面标记",
    "caption": "图片说明",
    "font-size control": "字号按钮",
    "photo source": "图片来源",
    "caption before the report": "报道前的图片说明",
    "media dateline": "电头",
    "list number": "列表编号",
    "heading before the source": "来源前的标题",
    "cross-reference": "参见说明",
    "photo credit": "摄影署名",
}


def _verdict(text: str, kind: str, rule: str) -> Verdict:
    """A junk or weak verdict, its reason the rule's name as a reader sees it."""
    return Verdict(text, kind, RULE_NAMES[rule])


def stripped_reason(stripped: list[str]) -> str:
    """What --explain says of the boilerplate stripped from a sentence's front ("" when none was)."""
    names = dict.fromkeys(RULE_NAMES[name] for name in stripped)
    return f"已去掉粘连的{'、'.join(names)}" if names else ""


# Searches anchored at the end try every position of the sentence: gated on their words, they run only
# on the few sentences that hold them.
_QUESTION = Needs(("?", "？"), r"[?？][”’\"」』)）]*$")
# A quotation standing alone, without the speaker's name: the reader cannot tell who says it.
_QUOTE_ONLY = regex.compile(r"^[“\"「][^”\"」]*[”\"」][。！？!?]?$|^[“\"「].*[。！？!?…][”\"」]$")
_TRAILS_OFF = Needs(("…", ".."), r"(?:…|\.\.)[”」]?$")
_ANNOUNCES = Needs(
    (":", "：", "挑战", "问题", "难题", "关口", "障碍", "困难", "考验", "隐忧", "短板", "瓶颈"),
    (
        r"[:：][“\"「]?$"  # "…指出："
        # "…仍面临不少挑战。", "…仍需跨过几道关口。": it announces the problems without naming one
        r"|(?:几道|几大|多重|诸多|不少|一些|以下|几个|多个|多方面|[二三四五两]大|[二三四五两]个|重重)(?:的)?[\u4e00-\u9fff]{0,4}?"
        r"(?:挑战|问题|难题|关口|障碍|困难|考验|隐忧|短板|瓶颈)(?:不容忽视|亟待解决|有待解决|待解|值得关注)?[。！!]?$"
    ),
)
_QUOTED = regex.compile(r"^[“\"「『]")
# An item of a numbered list ("1、…;", "2. …", "（三）…", "二、…"): what the list is, the sentence before it
# says. In the five label files 43 of 50 such sentences are weak or junk, none ending in a semicolon is
# key. Not a number that opens a sentence ("1.5亿元…", "1、2月份…", "一、二线城市…").
_LIST_ITEM = regex.compile(
    r"^(?:\d{1,2}(?:、|[.．](?=\s|[^\d]))(?![\d一二三四五六七八九十])|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十]))"
)
# Only who spoke, maybe when, what they said being the sentence before ("…院士黄天荫表示。", "店主说。",
# "2004年12月22日，…主任黄明达表示。"): across the four label sets every such sentence is weak. Not a word that ends in the same character (职称, 小说).
SPEAKER_ONLY = Needs(
    ("说", "表示", "指出", "强调", "介绍", "透露", "称", "坦言", "告诉记者", "问道"),
    r"^(?:(?:(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日|昨天|昨日|今天|今日|日前|近日|随后|此外|对此|同时|另外)(?:[上下]午|晚间?|早上)?[，,]\s*)?"
    r"[^，,。；;“”\"「」]{2,60}(?:(?<![小传学解演听据])说|表示|指出|强调|介绍|透露|(?<![职名简号堪著对昵统俗又人自声])称|坦言|告诉记者|说道|问道)[。.!！]?$",
)
# A sentence that opens by pointing back: 他/她/它(们), 该, 这/此 + a measure word or noun. "这也是" and
# "这一" are as dangling as "这家"; "这里" and "此前/此外" are not (they point at time or place).
_DANGLING = regex.compile(
    r"^(?:他|她|它)(?!国|人|乡|日|者|山)|^(?:该|其)(?:[\u4e00-\u9fff])|^(?:这|此)(?!里|儿|时|前|外|后|次|间|刻|前后|样做)"
)


def _continues_a_quotation(text: str) -> bool:
    """It closes a quotation it never opened ("…收益增加了上千元。”"): the middle or the end of what someone
    said, whose start and speaker are in a sentence before it. Across the four label sets 156 of 165 such
    sentences are weak or junk."""
    return text.count("”") > text.count("“") or text.count("」") > text.count("「")


def _junk(text: str) -> str:
    """The kind of junk `text` is, or ""."""
    bare = text.strip()
    for name, pattern in _JUNK_RULES:
        if pattern.search(bare):
            return name
    # A name and a verb of saying ("周雅文说。") is a speaker whose words were the sentence before, not a
    # byline, though it reads like the bare name a byline can be.
    if len(bare) <= 30 and (_BYLINE_ALONE.match(bare) or _PARENTHESISED.match(bare)) and not SPEAKER_ONLY.search(bare):
        return "byline or credit alone"
    if _LABEL_ALONE.match(bare) or _DANGLING_COLON.match(bare):
        return "a label, not a sentence"
    if len(bare) <= UNENDED_CHARS and not _ENDED.search(bare):
        return "a heading or label, not a sentence"
    return ""


def strip_glued(text: str) -> tuple[str, list[str]]:
    """`text` without the boilerplate glued to its front, and the names of what was stripped."""
    stripped: list[str] = []
    for _ in range(4):
        before = text
        cued: dict[str, bool] = {}  # a cue's answer on the text as it stands (three bylines share one)
        ungated = _ANY_UNGATED.match(text) is not None  # likewise
        for name, pattern, cue, gated in _GLUED_CUED:
            if not (gated or ungated):
                continue
            if cue is not None:
                near = cued.get(name)
                if near is None:
                    near = cued[name] = cue.search(text, 0, 140) is not None
                if not near:
                    continue  # the costly patterns run only where their keyword is near the start
            match = pattern.match(text)
            if match and match.end() > 0 and len(text) - match.end() >= MIN_STRIPPED_CHARS:
                text = text[match.end() :].lstrip(" ,，、:：;；")
                stripped.append(name)
                cued = {}
                ungated = _ANY_UNGATED.match(text) is not None
        if text == before:
            break
    return text, stripped


# Copies of one story (re-posts, a feed's near-identical entries) share most of their sentences: a worker
# judges each once. The verdict is a frozen value of the text alone, so a remembered one is the same.
@lru_cache(maxsize=8192)
def judge_sentence(text: str) -> Verdict:
    """The verdict on one sentence, out of context."""
    if _GLUED_SUBHEADING.match(text):
        return _verdict(text, JUNK, "a subheading glued to the text")
    cleaned, stripped = strip_glued(text)
    kind = _junk(cleaned)
    if kind:
        return _verdict(cleaned, JUNK, kind)
    if _QUESTION.search(cleaned) and not _QUOTED.match(cleaned):
        return _verdict(cleaned, WEAK, "a question, not a statement")
    if SPEAKER_ONLY.search(cleaned):  # before "too short": "周雅文说。" is both, and this says why
        return _verdict(cleaned, WEAK, "a speaker without what they said")
    if len(cleaned) <= SHORT_CHARS:
        return _verdict(cleaned, WEAK, "too short to stand alone")
    if _QUOTE_ONLY.match(cleaned):
        return _verdict(cleaned, WEAK, "a quote without its speaker")
    if _continues_a_quotation(cleaned):
        return _verdict(cleaned, WEAK, "the rest of a quotation opened before it")
    if _TRAILS_OFF.search(cleaned):
        return _verdict(cleaned, WEAK, "trails off")
    if _ANNOUNCES.search(cleaned):
        return _verdict(cleaned, WEAK, "only announces what follows")
    if _LIST_ITEM.match(cleaned):
        return _verdict(cleaned, WEAK, "an item of a numbered list")
    glued = any(name not in _WIRE for name in stripped) or bool(_UNCUT_BYLINE.match(cleaned))
    return Verdict(cleaned, "", stripped_reason(stripped), needs_previous=bool(_DANGLING.match(cleaned)), glued=glued)


# A photo credit opening a sentence or a line: "新华社记者 才扬 摄", "新京报记者林斐然摄1998年…", "图/东方IC据…",
# "(记者张杰摄)", "祝贺/摄", "南都记者黎湛均摄" (an outlet by its short name, not "一名记者…摄下"). Not a byline
# of a photo report ("记者徐湘东摄影报道"): that credits the story.
_PHOTO_CREDIT = Needs(("摄", "图"), (
    rf"^(?:{_MEDIA}|(?![一两几数多][名位个])[{_CJK}]{{2,4}}?)?(?:本报|新华社|特约)?(?:摄影)?(?:记者|通讯员)\s*{_NAME}(?:[\s、和/]+{_NAME})*\s*摄(?!影?报道|像|入|取|制)"
    rf"|^{_NAME}\s*[/／]\s*摄|^图\s*[/／]\s*(?!文)[A-Za-z{_CJK}]{{2,8}}|^{_BRACKETED_CREDIT}"
))  # "图/文 记者…" credits the story's pictures and text: no caption before it
MAX_CAPTION_CHARS = 80  # a photo's caption is a line; a longer sentence before a credit is the story's


def credited_captions(raw: list[str], verdicts: list[Verdict]) -> list[Verdict]:
    """The verdicts of a section's sentences (`raw`: as split, before stripping), with the sentence just
    before a photo credit made junk: it is the photo's caption ("14日,冲突现场,几名头戴钢盔的人被捆绑着。"
    then "图/东方IC据新华社电…"), whether the credit stands alone or came glued to the next sentence. That
    holds at a section's end too: NLPCC's photo stories end in captions and their credits."""
    out = list(verdicts)
    for i in range(1, len(raw)):
        before = out[i - 1]
        if before.kind != JUNK and len(before.text) <= MAX_CAPTION_CHARS and _PHOTO_CREDIT.match(raw[i]):
            out[i - 1] = _verdict(before.text, JUNK, "photo caption (a photo credit follows it)")
    return out


# An editor's note runs a few sentences; a longer "paragraph" is text that lost its breaks (NLPCC).
_NOTE_OPENER = regex.compile(r"^[(（【\[]?\s*(?:编者按|编者的话|本报核心提示|核心提示|核心阅读)")
MAX_NOTE_SENTENCES = 4


def judge(paragraph: list[str]) -> list[Verdict]:
    """A verdict per sentence of one paragraph: an editor's note takes its short paragraph with it."""
    verdicts = [judge_sentence(text) for text in paragraph]
    if verdicts and len(verdicts) <= MAX_NOTE_SENTENCES and _NOTE_OPENER.match(paragraph[0]):
        verdicts = [v if v.kind == JUNK else _verdict(v.text, JUNK, "editor's note") for v in verdicts]
    return verdicts

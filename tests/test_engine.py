"""The engine on whole articles: scraped pages keep their sections and lose their noise."""
from __future__ import annotations

import re
import tomllib
from dataclasses import replace

import pytest

from summarize import SummaryOptions, Theme, summarize
from summarize.clean import clean_lines, clean_title, strip_lead_noise
from tests.conftest import FIXTURES, SAMPLES

TEASER_TAIL_START = "标签:"  # the reference page's tail starts at this line


def body_and_tail(page: str) -> tuple[str, str]:
    cut = page.index(TEASER_TAIL_START)
    return page[:cut], page[cut:]


def test_reference_page_three_themed_sections(scraped_page: str) -> None:
    summary = summarize(scraped_page)
    assert [s.heading for s in summary.sections] == [
        "技术驱动突破 “AI+医疗”潜力巨大",
        "加速创新探索 更多场景模式落地",
        "应对挑战 期待算法精进与机制革新",
    ]
    assert [s.theme.key for s in summary.sections] == ["breakthroughs", "deployment", "challenges"]
    assert [s.theme.label for s in summary.sections] == ["技术突破", "落地应用", "挑战与对策"]
    assert [len(s.sentences) for s in summary.sections] == [2, 2, 2]


def test_reference_page_sentences_come_from_the_body_not_the_tail(scraped_page: str) -> None:
    body, tail = body_and_tail(scraped_page)
    tail_lines = [line.strip() for line in tail.splitlines() if len(line.strip()) > 8]
    summary = summarize(scraped_page)
    chosen = [s.text for section in summary.sections for s in section.sentences]
    for text in chosen:
        assert text in body.replace("\n", "")
        assert not any(text in line for line in tail_lines), f"{text!r} is in the teaser tail"
    every = "".join(s.text for s in summary.candidates)
    assert "资料图" not in every and "标签" not in every
    # The tail re-posts the article's own headline as a teaser: it must not come back as a sentence.
    assert not any("产业化提速" in s.text for s in summary.candidates)


def test_reference_page_keywords(scraped_page: str) -> None:
    keywords = summarize(scraped_page).keywords
    assert len(keywords) == 8
    assert "医疗" in keywords and "AI" in keywords  # Latin words shown as written, matched in any case


def test_bundled_scraped_page_loses_byline_tail_and_furniture() -> None:
    page = (SAMPLES / "inbox" / "2026-11-25-robotics-scraped.txt").read_text(encoding="utf-8")
    summary = summarize(page)
    assert [s.theme.key for s in summary.sections] == ["breakthroughs", "deployment", "challenges"]
    every = "\n".join(s.text for s in summary.candidates)
    for noise in ("科创时报", "本报记者", "责任编辑", "来源：", "标签：", "快播", "每日快看", "热点评", "显示图片", "资料图"):
        assert noise not in every


def test_fixture_expectations() -> None:
    """Original page with a must-not-include list, headings and themes written down beside it."""
    expect = tomllib.loads((FIXTURES / "scraped-ev-battery.expect.toml").read_text(encoding="utf-8"))
    summary = summarize((FIXTURES / "scraped-ev-battery.txt").read_text(encoding="utf-8"))
    assert [s.heading for s in summary.sections] == expect["headings"]
    assert [s.theme.key for s in summary.sections] == expect["themes"]
    every = "\n".join(s.text for s in summary.candidates) + summary.summary
    for noise in expect["must_not_include"]:
        assert noise not in every


def test_article_without_headings_is_one_section_and_keeps_unpunctuated_end() -> None:
    text = (FIXTURES / "no-headings.txt").read_text(encoding="utf-8")
    summary = summarize(text)
    assert len(summary.sections) == 1 and summary.sections[0].heading is None
    last_line = [line for line in text.splitlines() if line.strip()][-1].strip()
    assert summary.candidates[-1].text in last_line


def test_markdown_headings_and_title() -> None:
    summary = summarize("# 总标题\n\n## 第一节\n这是第一节的正文内容，说明了情况。\n\n## 第二节\n第二节的正文也很完整。")
    assert summary.title == "总标题"
    assert [s.heading for s in summary.sections] == ["第一节", "第二节"]


_LEAD = "今年8月，东川县医共体在12家乡镇卫生院上线AI影像辅助诊断系统，再由县医院影像科医生复核签发。"
_MORE = "县医院影像科主任介绍，三个月来系统累计读片约12万张，发现疑似肺结节病例3100余例。"


@pytest.mark.parametrize(
    ("lines", "headings"),
    [
        # A page's header lines (a kicker, 原创, the author, the account) before the text open no section.
        (["原创", "李文静", "健康产业观察", _LEAD, "医生从阅片转向审片", _MORE], [None, "医生从阅片转向审片"]),
        (["深度", "健康产业观察", _LEAD, _MORE], [None]),
        # A note wholly in brackets (a law's adoption under its title) ends them: what follows is the text.
        (["（2025年6月27日第十四届全国人民代表大会常务委员会第十六次会议通过）", "第一章 总则", _LEAD, "第二章 监督管理", _MORE],
         [None, "第一章 总则", "第二章 监督管理"]),
        # A first line, and a line after text, still head their sections.
        (["基层影像诊断走向智能化", _LEAD, "医生从阅片转向审片", _MORE], ["基层影像诊断走向智能化", "医生从阅片转向审片"]),
    ],
)
def test_a_pages_header_lines_before_its_text_open_no_section(lines: list[str], headings: list[str | None]) -> None:
    summary = summarize("\n\n".join(lines))
    assert [s.heading for s in summary.sections] == headings


def test_a_markdown_heading_after_text_is_no_title_and_no_line_is_lost() -> None:
    # Hypothesis found "人工智能\n# 。": the plain line was taken for a heading over the "#" line, which was
    # then taken for the title, and the article's only text was gone.
    summary = summarize("人工智能\n# 。")
    assert summary.title is None and [s.text for s in summary.candidates] == ["人工智能"]
    # A "#" title is the article's title only before any text or heading.
    summary = summarize("研究进展\n# 总标题\n团队公布了新的实验结果,精度提升一倍。")
    assert summary.title is None
    assert "研究进展" in [s.text for s in summary.candidates] or [s.heading for s in summary.sections][:1] == ["研究进展"]
    assert [s.text for s in summary.candidates][-1] == "团队公布了新的实验结果,精度提升一倍。"


@pytest.mark.parametrize(
    "line, lead",
    [
        ("2015-04-2512:02新浪体育显示图片卡哇伊率队狂胜。", "卡哇伊率队狂胜。"),
        ("中新网郴州5月15日电(记者刘柱)备受关注的案件今日宣判。", "备受关注的案件今日宣判。"),
        ("新华社杭州10月29日专电(记者王俊禄)浙江一名男子欠债不还被判刑。", "浙江一名男子欠债不还被判刑。"),
        ("本报郓城5月20日讯(记者邓兴宇)19日下午,一对夫妇昏迷。", "19日下午,一对夫妇昏迷。"),
        ("来源:宁夏日报日前,银川市法院审结一起案件。", "日前,银川市法院审结一起案件。"),
        ("图为警方缴获的毒品。钟欣摄中新网昆明12月23日电(记者史广林)云南一男子贩毒。", "云南一男子贩毒。"),
        ("摘要:一辆挂车坠落堰塘。", "一辆挂车坠落堰塘。"),
        ("[摘要]据台湾媒体报道,一部港剧重播后再度引发关注。", "据台湾媒体报道,一部港剧重播后再度引发关注。"),
        ("【提要】5月22日,市纪委通报了三起违规案例。", "5月22日,市纪委通报了三起违规案例。"),
        ("[泉州新闻-闽南网]近日,永春县纪委通报案例。", "近日,永春县纪委通报案例。"),
        ("普通的新闻导语没有任何噪声。", "普通的新闻导语没有任何噪声。"),
        # 通讯员 (a correspondent) after 本报 is a byline's word, not a dateline's 讯: nothing before it goes.
        ("五名女子一路偷奶粉本报通讯员王一本报记者李二五个女人驾车从外省一路向东。", "五名女子一路偷奶粉本报通讯员王一本报记者李二五个女人驾车从外省一路向东。"),
        # After a page's time stamp, a weather station issuing its warning is the sentence's subject, no outlet.
        ("发布日期:2015-08-0300:02:00东岭市气象台2015年8月3日00时02分发布暴雨橙色预警信号。",
         "东岭市气象台2015年8月3日00时02分发布暴雨橙色预警信号。"),
        ("星河娱乐星河娱乐讯歌手林潇的新专辑昨日发行。", "歌手林潇的新专辑昨日发行。"),
        ("星河美股讯北京时间12日下午,一家出版集团宣布出售旗下杂志的股权。", "北京时间12日下午,一家出版集团宣布出售旗下杂志的股权。"),
        ("云端行情(600001)财经讯储能板块午后拉升,多股涨停。", "储能板块午后拉升,多股涨停。"),
        ("这家公司主营卫星通讯设备,去年营收翻番。", "这家公司主营卫星通讯设备,去年营收翻番。"),
        # A sports wire gives the kick-off in Beijing time and, in brackets, the local time: both go with
        # the stamp ("北京时间5月7日02:45(西班牙当地时间6日20:45),…").
        ("星河体育讯北京时间5月7日02:45(东岭当地时间6日20:45),联赛半决赛首回合在主场展开角逐,东岭队3比0完胜。",
         "联赛半决赛首回合在主场展开角逐,东岭队3比0完胜。"),
        # A report credited to its source and day: whose report, and which day its 今日 is, stay.
        ("据财联社9月26日消息，今日从交通运输部获悉，京津冀交通一体化取得积极成效。",
         "据财联社9月26日消息，今日从交通运输部获悉，京津冀交通一体化取得积极成效。"),
        ("据新华社北京3月5日电，国务院常务会议今天审议通过了实施方案。", "据新华社北京3月5日电，国务院常务会议今天审议通过了实施方案。"),
    ],
)
def test_lead_noise(line: str, lead: str) -> None:
    assert clean_lines(line) == (lead,)
    assert strip_lead_noise(lead) == lead  # clean text is left alone


@pytest.mark.parametrize(
    "line, kept",
    [
        ("(视频截图)根据线人的举报,民警再次来到旅馆对男子进行盘查。", "根据线人的举报,民警再次来到旅馆对男子进行盘查。"),
        ("男子在旅馆被抓获（网络图片）。警方称他已潜逃多年。", "男子在旅馆被抓获。警方称他已潜逃多年。"),
        ("这段录像(截图)记下了事发经过。", "这段录像记下了事发经过。"),
        # A screenshot of a web page or a microblog post, as of a video.
        ("两头猛狮在游客车间捕猎羚羊。(网页截图)据东岭晚报报道,摄影师拍下了这一幕。",
         "两头猛狮在游客车间捕猎羚羊。据东岭晚报报道,摄影师拍下了这一幕。"),
        ("(微博截图)东岭市公安局昨日通报了这起案件。", "东岭市公安局昨日通报了这起案件。"),
        # A video player's embed code, left where the player was.
        ('--PGC_VIDEO:{"status":0,"vid":"ab12","video_size":{"high":{"h":480,"w":480}}}--}昨日凌晨,一辆轿车撞上桥面限高栏。',
         "昨日凌晨,一辆轿车撞上桥面限高栏。"),
    ],
)
def test_picture_and_video_placeholders_go(line: str, kept: str) -> None:
    assert clean_lines(line) == (kept,)


def test_byline_and_timestamp_lines_go_whole() -> None:
    lines = clean_lines("2026-03-0211:26东方财讯显示图片\n本报记者 钱沐阳 实习记者 唐悦\n正文第一句。")
    assert lines == ("正文第一句。",)


def test_a_long_line_that_starts_like_furniture_is_kept() -> None:
    text = "来源:大河网2015年08月07日听证人员全部同意水价上调大河网讯(记者王书栋)郑州水要涨价了!8月7日上午,听证会举行。"
    assert summarize(text).summary  # one NLPCC article is a single such line; it once came out empty


def test_configurable_themes() -> None:
    themes = (Theme("sports", "体育", ("比赛", "球队", "冠军")),)
    summary = summarize("球队赢得冠军。比赛非常精彩，球迷欢呼。", options=SummaryOptions(themes=themes))
    assert summary.sections[0].theme.key == "sports"
    assert summarize("今天天气晴朗。", options=SummaryOptions(themes=themes)).sections[0].theme.key == "other"


def test_user_dictionary_words_reach_keywords() -> None:
    text = "灵枢叁号机器人完成手术。灵枢叁号机器人精度很高。医生评价灵枢叁号机器人。"
    plain = summarize(text).keywords
    custom = summarize(text, options=SummaryOptions(user_words=(("灵枢叁号", 100000, "nz"),))).keywords
    assert "灵枢叁号" not in plain and "灵枢叁号" in custom


def test_stopwords_option_replaces_the_list() -> None:
    text = "机器人完成手术。机器人精度很高。医生评价机器人。"
    assert "机器人" in summarize(text).keywords
    assert "机器人" not in summarize(text, options=SummaryOptions(stopwords=frozenset({"机器人"}))).keywords


def test_budget_cuts_the_best_sentence_when_it_alone_is_too_long() -> None:
    text = "这是一个非常长的句子，" * 10 + "结束。短句。"
    summary = summarize(text, options=SummaryOptions(budget=20))
    assert len(summary.summary) == 20
    assert text.startswith(summary.summary)


def test_budget_keeps_best_that_fit_in_document_order() -> None:
    text = "甲公司发布新一代芯片。乙公司发布新一代芯片的测试结果令人满意。丙公司宣布芯片量产。"
    summary = summarize(text, options=SummaryOptions(budget=25, sentences_per_section=3))
    chosen = [s for s in summary.candidates if s.chosen]
    assert sum(len(s.text) for s in chosen) <= 25
    assert [s.index for s in chosen] == sorted(s.index for s in chosen)
    assert summary.summary == "".join(s.text for s in chosen)


def test_no_two_chosen_sentences_say_the_same_thing() -> None:
    text = "国产手术机器人精度提升到零点一毫米。国产手术机器人精度提升到零点一毫米。医院开始试点远程手术。"
    summary = summarize(text, options=SummaryOptions(explain=True, min_keep=0.0))  # the section filled: repeats alone decide
    chosen = [s.text for s in summary.candidates if s.chosen]
    assert len(chosen) == len(set(chosen)) == 2
    repeated = summary.candidates[1]
    assert not repeated.chosen and "与#0重复" in repeated.reason


def test_explain_reasons_for_every_sentence(scraped_page: str) -> None:
    plain = summarize(scraped_page).candidates
    assert not any(s.reason or s.theme_reason for s in plain)  # only built when asked for
    summary = summarize(scraped_page, options=SummaryOptions(explain=True))
    assert [replace(s, reason="", theme_reason="") for s in summary.candidates] == list(plain)
    assert all(s.reason and s.theme_reason for s in summary.candidates)
    assert all(re.match(r"第\d+节第\d+名，得分", s.reason) for s in summary.candidates if s.chosen)


def test_same_input_same_output(scraped_page: str) -> None:
    assert summarize(scraped_page) == summarize(scraped_page)


def test_empty_and_noise_only_input() -> None:
    for text in ("", "   \n\n", "【资料图】\n标签:\n"):
        summary = summarize(text)
        assert summary.summary == "" and summary.candidates == ()


def test_surrogates_left_in_a_str_are_read_as_the_characters_they_stand_for() -> None:
    # A str built from UTF-16 units (json.loads of a text cut between the two escapes of an emoji, a
    # JavaScript substring): a pair is the character it encodes, half of one the replacement character.
    text = "北京时间5月1日，某公司发布新一代芯片\ud83d。该芯片性能提升三倍，已在12家医院部署\ud83d\ude00。"
    summary = summarize(text, title="芯片发布\udc00")
    chosen = [s.text for section in summary.sections for s in section.sentences]
    assert chosen == ["北京时间5月1日，某公司发布新一代芯片\ufffd。", "该芯片性能提升三倍，已在12家医院部署\U0001f600。"]
    assert summary.title == "芯片发布\ufffd"
    assert all(k.encode("utf-8") for k in summary.keywords)


LAST = "区住建局表示，下一步将对改造后的管网开展为期一年的运行监测。"


@pytest.mark.parametrize(
    "text",
    [
        # A reposted article's closing credit names where it came from: a line of its own, or glued to the
        # last sentence, bracketed, labelled, or the outlet alone after a comma.
        f"{LAST}\n（文章来源：东岭证券报）",
        f"{LAST}\n稿件来源：东岭证券报",
        f"{LAST}\n信息来源： 北湖日报",  # a government portal's
        f"{LAST}（文章来源：东岭证券报）",
        f"{LAST}（来源：东岭日报）",
        f"{LAST},东岭日报",
        f"{LAST}，东岭日报客户端",
        f"{LAST}\n，东岭日报",
        f"{LAST}（东岭日报）",  # the outlet alone in brackets
        f"{LAST}\n(东岭晚报)",
    ],
)
def test_a_closing_credit_is_no_sentence(text: str) -> None:
    opening = ("历时十个月，老城区雨污分流改造工程近日全部完工。", "新铺设的雨水管和污水管总长约十八公里。")
    assert clean_lines("\n".join([*opening, text])) == (*opening, LAST)


@pytest.mark.parametrize(
    "line",
    [
        "区住建局表示，下一步的监测数据将同步提供给东岭日报。",  # an outlet inside a sentence
        "这份调查的发起方是东岭日报，东岭晚报也参与了问卷设计。",
        "“我们会一直跟进。”王女士说，东岭日报",  # no sentence ends before the comma: not a credit glued on
        "调查问卷由区住建局设计，回收工作委托给了合作媒体（东岭日报）",  # nor before the bracket
    ],
)
def test_an_outlet_named_in_the_story_stays(line: str) -> None:
    assert clean_lines(line) == (line,)


def test_byline_rows_go() -> None:
    text = "# 标题\n\n*本报记者 何晓 实习生 孙一鸣 ｜ 2026-11-25 07:40 ｜ 来源：工业观察报*\n\n正文第一句写得很完整。"
    assert clean_lines(text) == ("# 标题", "正文第一句写得很完整。")


@pytest.mark.parametrize(
    "title, clean",
    [
        ("快看：国产手术机器人精度再提升", "国产手术机器人精度再提升"),
        ("今日热讯:长沙首趟国际班列发车", "长沙首趟国际班列发车"),
        ("营造直播带货良好生态_每日观点", "营造直播带货良好生态"),
        ("天问二号拍回地月影像图|热点评", "天问二号拍回地月影像图"),
        ("国内首座深冷处理厂全面投产-精彩看点", "国内首座深冷处理厂全面投产"),
        ("【独家焦点】“轻装行”获青睐带来的启示", "“轻装行”获青睐带来的启示"),
        ("郑州：男子持刀劫持人质", "郑州：男子持刀劫持人质"),  # a place before the colon stays
        ("NBA：马刺主场狂胜快船", "NBA：马刺主场狂胜快船"),
        ("国产AI推理芯片“启明-X2”发布：能效比提升3倍", "国产AI推理芯片“启明-X2”发布：能效比提升3倍"),
    ],
)
def test_click_bait_affixes_leave_titles(title: str, clean: str) -> None:
    assert clean_title(title) == clean
    assert summarize("正文一句。", title=title).title == clean


def test_a_batch_step_by_step_gives_what_one_call_each_gives(scraped_page: str) -> None:
    from summarize.pipeline import summarize_many

    articles = [(path.read_text(encoding="utf-8"), None) for path in sorted((SAMPLES / "inbox").glob("*.[tm][xd]*"))]
    articles += [(scraped_page, "标题"), ("", None), ("【资料图】\n标签:\n", None), ("一句话。", "一句话")]
    options = SummaryOptions(budget=80, explain=True)
    assert len(articles) > 5
    assert summarize_many(articles, options) == [summarize(text, title=title, options=options) for text, title in articles]


def test_english_function_words_are_no_keywords_but_words_in_capitals_are() -> None:
    text = (FIXTURES / "english-mixed.txt").read_text(encoding="utf-8")
    keywords = {k.lower() for k in summarize(text, options=SummaryOptions(keywords=30)).keywords}
    assert not keywords & {"this", "is", "we", "are", "our", "the", "isn", "it"}
    assert "brightloop" in keywords
    it = "IT巨头纷纷布局云计算，IT服务市场规模持续扩大。国内IT企业的云服务收入增长较快，多家IT公司加大投入。"
    assert "IT" in summarize(it).keywords


def test_words_that_name_no_topic_are_no_keywords() -> None:
    """当地时间, 据…援引, 事发…小时后: words every story has say nothing of what this one is about."""
    text = (
        "当地时间11月24日，据路透社援引当地媒体报导，一艘货轮在港口附近起火。事发时间为凌晨两点，"
        "船上20名船员全部获救。消防部门预计，扑灭货轮大火还需要12小时，事发过程仍在调查。"
        "当地时间25日上午，货轮船东表示，起火原因可能是货舱内的锂电池短路，货轮将被拖回港口检查。"
    )
    keywords = set(summarize(text, options=SummaryOptions(keywords=30)).keywords)
    assert not keywords & {"时间", "当地", "援引", "报导", "事发", "小时", "过程", "预计"}
    assert {"货轮", "船员", "锂电池"} <= keywords


def test_the_lines_no_brief_quotes_give_no_keywords() -> None:
    """A caption, a byline, a call to follow the account: the article's keywords come from its sentences,
    not from the furniture around them."""
    text = (
        "图为江城港集装箱码头夜景。\n"
        "江城港今年前十个月集装箱吞吐量达到820万标准箱，同比增长11%。港口新开通的三条远洋航线已投入运营，"
        "集装箱船平均在港时间缩短到20小时。港口集团表示，明年将建成第二座自动化码头。\n"
        "（记者 韩梅梅 通讯员 李雷）\n"
        "欢迎关注公众号“江城观察”\n"
        "江城观察(gh_5e1a2b3c4d6f)"
    )
    keywords = set(summarize(text, options=SummaryOptions(keywords=30)).keywords)
    assert {"集装箱", "码头", "航线"} <= keywords
    assert not keywords & {"夜景", "韩梅梅", "李雷", "通讯员", "公众号", "观察", "gh", "5e1a2b3c4d6f"}


def test_a_question_mark_that_stands_for_a_lost_middle_dot_splits_nothing() -> None:
    """A page that writes its own punctuation full width (，。？) and shows "巴兹?奥尔德林" lost the "·" of a
    transliterated name to its encoding: the "?" is that dot, not the end of a question, so the caption it
    is in stays one line (and goes as a caption, never chosen) instead of leaving its second half as a sentence."""
    from summarize.clean import normalize

    page = ("但是否应该允许参与者在旅程中痛饮一番？或至少携带能在火星上自制酒精饮料的设备？\n"
            "图注：巴兹?奥尔德林可能是第二个在月球上行走的人，但他是第一个在月球上喝酒的人\n"
            "事实是，历史上酒与太空探险有一种复杂的关系，航天机构对此一向谨慎。")
    assert "巴兹·奥尔德林" in normalize(page)
    named = [s for s in summarize(page).candidates if "奥尔德林" in s.text]
    assert [(s.text, s.role) for s in named] == [("图注：巴兹·奥尔德林可能是第二个在月球上行走的人，但他是第一个在月球上喝酒的人", "junk")]
    # Text that writes its punctuation half width uses "?" as its question mark: left as it is.
    ascii_page = "你吃了吗?我说还没有,他就拉我去了食堂,那天的饭菜很好吃。"
    assert normalize(ascii_page) == ascii_page


def test_a_model_name_cut_from_its_product_name_is_shown_whole() -> None:
    """启明-X2 is tagged 启明 | - | X2: the model's letters and digits alone tell a reader nothing."""
    text = (
        "11月24日，云岫微电子发布第二代推理芯片“启明-X2”。启明-X2采用7纳米工艺，能效比是上一代的3倍。"
        "据介绍，启明-X2已在4个智算中心完成部署，搭载启明-X2的服务器将于明年一季度量产。"
        "业内人士认为，启明-X2的发布标志着国产推理芯片进入规模应用阶段。"
    )
    keywords = summarize(text, options=SummaryOptions(keywords=30)).keywords
    assert "启明-X2" in keywords and "X2" not in keywords
    # A model name the article writes on its own stays as written, and so does a word such as 5G.
    alone = "X2芯片采用7纳米工艺，X2芯片的能效比是上一代的3倍。X2芯片已在4个智算中心完成部署，5G网络覆盖全市。"
    assert {"X2", "5G"} <= set(summarize(alone, options=SummaryOptions(keywords=30)).keywords)

"""Compose: hand-built articles with known scores and sentence themes, so each rule of the brief is
pinned — every theme's section present in lexicon order, at most K items, one per story, each sentence
under its own theme, only sentences that stand alone, ties by article then sentence, scores relative to
the sentence's own section, keywords by how many articles name them, articles by date."""
from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from briefs.digest.compose import MIN_THEME_CONFIDENCE, MIN_THEME_CONFIDENCE_ACROSS, ComposeOptions, compose, day_keywords, quotable, section_scores
from briefs.model import Article, BriefCounts, Document, Failure, Wording
from summarize.model import OTHER, Section, Sentence, Summary, Theme
from summarize.themes import DEFAULT_THEMES, own_cues

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 25)
BREAK, DEPLOY, CHALLENGE = DEFAULT_THEMES


def say(tag: str) -> str:
    """A sentence long enough to stand alone, named by `tag`, in words of every built-in theme (a theme
    section quotes only a sentence that says its theme itself: `own_cues`)."""
    return f"{tag}：这一句报道了一项首次投入使用的成果和它的风险。"


Row = tuple  # (text, score, chosen) or (text, score, chosen, theme, confidence)


def article(name: str, sections: list[tuple[Theme, list[Row]]], *, keywords: tuple[str, ...] = (),
            published: dt.datetime | None = None, title: str | None = None) -> Article:
    """sections: (theme, [(sentence, score, chosen[, theme, confidence])]) — a sentence's own theme is its
    section's unless given; unchosen sentences set the section's average."""
    candidates: list[Sentence] = []
    built: list[Section] = []
    for number, (theme, sentences) in enumerate(sections):
        mine = []
        for text, score, chosen, *own in sentences:
            own_theme, confidence = own if own else (theme, 1.0)
            sentence = Sentence(text, len(candidates), number, score, chosen, "", own_theme, confidence)
            candidates.append(sentence)
            if chosen:
                mine.append(sentence)
        built.append(Section(None, theme, tuple(mine)))
    summary = Summary(title, "", keywords, tuple(built), tuple(candidates))
    return Article(Document(name, "", title or name, published=published), summary, f"fp-{name}")


def brief_of(*articles: Article, per_theme: int = 5):
    return compose(DAY, articles, BriefCounts(read=len(articles), kept=len(articles)), [], tz=SHANGHAI,
                   options=ComposeOptions(per_theme=per_theme))


def test_every_theme_has_a_section_in_lexicon_order_even_when_empty():
    brief = brief_of(article("a", [(DEPLOY, [(say("落地"), 2.0, True), (say("平"), 1.0, False)])]))
    assert [s.theme.label for s in brief.themes] == ["技术突破", "落地应用", "挑战与对策", "其他"]
    assert [len(s.items) for s in brief.themes] == [0, 1, 0, 0]


def test_configured_themes_come_first_and_other_last_once():
    mine = (Theme("policy", "政策", ("政策",)), Theme("market", "市场", ("市场",)))
    brief = compose(DAY, [], BriefCounts(), [], tz=SHANGHAI, options=ComposeOptions(themes=(*mine, OTHER)))
    assert [s.theme.key for s in brief.themes] == ["policy", "market", "other"]


def test_at_most_k_items_best_first_and_never_two_from_one_story():
    a = article("a", [(BREAK, [(say("a1"), 3.0, True), (say("a2"), 2.9, True), (say("a3"), 0.1, False)])])
    b = article("b", [(BREAK, [(say("b1"), 2.0, True), (say("b2"), 1.0, False)])])
    c = article("c", [(BREAK, [(say("c1"), 1.5, True), (say("c2"), 1.0, False)])])
    d = article("d", [(BREAK, [(say("d1"), 1.2, True), (say("d2"), 1.0, False)])])
    items = brief_of(a, b, c, d, per_theme=3).themes[0].items
    assert [i.text for i in items] == [say("a1"), say("b1"), say("c1")]
    assert len({i.article.fingerprint for i in items}) == 3


def test_scores_are_relative_to_the_sentences_own_section():
    # The lead section of a long article scores high on the article's scale, its last section low;
    # within their sections both are the standout sentence, and that is what a theme section compares.
    long = article("long", [
        (BREAK, [(say("lead"), 4.0, True), (say("x"), 4.0, False)]),
        (CHALLENGE, [(say("best challenge"), 0.9, True), (say("y"), 0.3, False), (say("z"), 0.3, False)]),
    ])
    short = article("short", [(CHALLENGE, [(say("short lead"), 1.5, True), (say("w"), 1.5, False)])])
    assert section_scores(long) == {0: 1.0, 1: 1.0, 2: 0.9 / 0.5, 3: 0.3 / 0.5, 4: 0.3 / 0.5}
    items = brief_of(short, long).themes[2].items
    assert [i.text for i in items] == [say("best challenge"), say("short lead")]
    assert [round(i.score, 3) for i in items] == [1.8, 1.0]


def test_ties_go_to_the_earlier_article_then_the_earlier_sentence():
    first = article("first", [(DEPLOY, [(say("f1"), 2.0, True), (say("f2"), 2.0, True), (say("f3"), 2.0, False)])])
    second = article("second", [(DEPLOY, [(say("s1"), 2.0, True), (say("s2"), 2.0, False)])])
    items = brief_of(first, second).themes[1].items
    assert [i.text for i in items] == [say("f1"), say("s1")]


def test_the_days_keywords_are_those_most_articles_name_ties_by_first_appearance():
    articles = [
        article("a", [], keywords=("芯片", "算力", "量产")),
        article("b", [], keywords=("机器人", "芯片")),
        article("c", [], keywords=("机器人", "医院", "芯片", "芯片")),
    ]
    assert day_keywords(articles, 4) == ("芯片", "机器人", "算力", "量产")
    assert day_keywords(articles, 0) == ()


def test_articles_are_listed_by_date_then_title_undated_last_naive_times_in_the_briefs_zone():
    utc = dt.timezone.utc
    late = article("late", [], published=dt.datetime(2026, 11, 25, 9, 0, tzinfo=utc), title="乙")  # 17:00 Shanghai
    naive = article("naive", [], published=dt.datetime(2026, 11, 25, 10, 0), title="丙")  # 10:00 Shanghai
    early_b = article("early-b", [], published=dt.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI), title="b")
    early_a = article("early-a", [], published=dt.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI), title="a")
    undated = article("undated", [], title="甲")
    brief = brief_of(undated, late, naive, early_b, early_a)
    assert [a.document.origin for a in brief.articles] == ["early-a", "early-b", "naive", "late", "undated"]


def test_counts_and_failures_pass_through_and_the_same_input_gives_the_same_brief():
    a = article("a", [(BREAK, [(say("a1"), 3.0, True), (say("a2"), 1.0, False)])], keywords=("芯片",))
    failures = [Failure("inbox/bad.jsonl:3", "not valid JSON", Wording("不是有效的 JSON"))]
    counts = BriefCounts(read=3, kept=1, duplicates=1, failed=1)
    one = compose(DAY, [a], counts, failures, tz=SHANGHAI)
    assert one == compose(DAY, [a], counts, failures, tz=SHANGHAI)
    assert one.counts == counts and one.failures == tuple(failures) and one.date == DAY


def test_each_sentence_goes_under_its_own_theme_from_anywhere_in_the_article():
    # A chip-launch story: its launch is a breakthrough, the hurdles it names (not chosen for the
    # article's summary) are a challenge, and its market colour is neither.
    story = article("chip", [(BREAK, [
        (say("发布新芯片"), 3.0, True),
        (say("良率与成本仍是难题"), 0.8, False, CHALLENGE, 0.9),
        (say("股价上涨"), 1.0, True, OTHER, 0.8),
    ])])
    brief = brief_of(story)
    texts = {s.theme.key: [i.text for i in s.items] for s in brief.themes}
    # Its market colour is 其他, which lists the stories the theme sections did not quote (below).
    assert texts == {"breakthroughs": [say("发布新芯片")], "deployment": [], "challenges": [say("良率与成本仍是难题")],
                     "other": []}


def test_other_lists_the_stories_the_theme_sections_did_not_quote():
    # A factory feature quoted under two themes, whose opening scene carries none, and a story of the day
    # with no theme at all: 其他 is the day's other news, not the quoted story's scene-setting again.
    feature = article("factory", [
        (OTHER, [(say("清晨的车间里机械臂正在运转"), 3.0, True, OTHER, 0.9)]),
        (BREAK, [(say("视觉模型识别准确率达到99%"), 3.0, True), (say("平"), 1.0, False, OTHER, 0.9)]),
        (DEPLOY, [(say("系统推广到全厂9条产线"), 3.0, True), (say("平"), 1.0, False, OTHER, 0.9)]),
    ])
    other_news = article("rain", [(OTHER, [(say("本市今天迎来入冬后第一场雨"), 2.0, True, OTHER, 0.9)])])
    texts = {s.theme.key: [i.text for i in s.items] for s in brief_of(feature, other_news).themes}
    assert texts == {"breakthroughs": [say("视觉模型识别准确率达到99%")], "deployment": [say("系统推广到全厂9条产线")],
                     "challenges": [], "other": [say("本市今天迎来入冬后第一场雨")]}


def test_a_theme_section_quotes_only_sentences_surely_of_its_theme():
    unsure = MIN_THEME_CONFIDENCE - 0.01
    story = article("a", [(DEPLOY, [(say("试点"), 3.0, True, DEPLOY, unsure), (say("平"), 1.0, False, OTHER, 0.9)])])
    assert [len(s.items) for s in brief_of(story).themes] == [0, 0, 0, 0]


def test_a_sentence_from_a_section_of_another_theme_must_be_surer():
    # The story is a breakthrough; its hurdle sentence is quoted under 挑战与对策 only when surely one.
    def story(confidence: float) -> Article:
        return article("chip", [(BREAK, [(say("发布新芯片"), 3.0, True), (say("良率仍是难题"), 1.0, False, CHALLENGE, confidence)])])

    assert MIN_THEME_CONFIDENCE < MIN_THEME_CONFIDENCE_ACROSS
    between = (MIN_THEME_CONFIDENCE + MIN_THEME_CONFIDENCE_ACROSS) / 2
    assert [i.text for i in brief_of(story(between)).themes[2].items] == []
    assert [i.text for i in brief_of(story(MIN_THEME_CONFIDENCE_ACROSS)).themes[2].items] == [say("良率仍是难题")]
    # In a section of its own theme, the ordinary floor holds.
    agreeing = article("risk", [(CHALLENGE, [(say("良率仍是难题"), 1.0, True, CHALLENGE, between)])])
    assert [i.text for i in brief_of(agreeing).themes[2].items] == [say("良率仍是难题")]


def test_the_surer_sentence_of_a_story_wins_at_equal_standing():
    story = article("a", [(CHALLENGE, [(say("风险"), 2.0, True, CHALLENGE, 0.6), (say("对策"), 2.0, True, CHALLENGE, 0.9)])])
    assert [i.text for i in brief_of(story).themes[2].items] == [say("对策")]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("要让AI技术更广泛地融入临床实践,仍需克服多重挑战。", "announces what follows"),
        ("这款芯片要真正量产,仍需跨过几道关口。", "announces what follows"),
        ("对此,与会专家们一一指出了医疗AI落地的问题:", "announces what follows"),
        ("这项技术究竟能不能在三年内真正落地?", "a question"),
        ("“我们非常兴奋可以通过这项任务展示这项技术。”", "a quotation without its speaker"),
        ("“新平台上线半年，已经接入了四百多家商户。", "a quotation without its speaker"),  # runs on: said by whom?
        ("首次亮相。", "a fragment"),
        ("对此，产业联盟建议企业建立AI设计稿的来源记录和相似度比对机制。", "replies to a sentence not quoted"),
        ("澜海电器首席数字官介绍，过去冰箱门体的划痕和色差主要靠人工目检，漏检率在2%左右。", "background: how things were before"),
        ("业内人士分析,小型储能电站近两年亏损面扩大,原因有二:一方面,峰谷电价差收窄,套利空间变小;", "one side of a pair"),
        # A long sentence the engine cut at a comma: what it was leading up to is in the next piece.
        ("泰龙通信是一家只有几十名员工的民营企业，2001年取得宽带接入的经营许可之后，与多个新建小区签约，", "unfinished: it ends on a comma"),
        # A headline run into the lead with nothing between: the lead repeats the headline's words.
        ("听证代表名单21名听证代表同意票价调整在昨天的听证会上,21名代表全部同意地铁票价上调。", "a headline run into it"),
        ("城南水厂停产检修城南水厂昨日起停产检修,全市约三成用户水压偏低。", "a headline run into it"),
    ],
)
def test_sentences_that_cannot_stand_alone_are_never_quoted(text: str, why: str):
    sentence = Sentence(text, 3, 0, 2.0, True, "", CHALLENGE, 0.9)
    assert quotable(sentence) == why
    story = article("a", [(CHALLENGE, [(text, 3.0, True), (say("平"), 1.0, False, OTHER, 0.9)])])
    assert brief_of(story).themes[2].items == ()


def test_a_sentence_that_names_its_point_is_quoted():
    for text in ("首要挑战在于满足医疗行业独特的高标准技术要求。",
                 "“医疗数据必须规范收集、安全共享。”黄天荫说。",
                 "“智慧药房”已在全市42家社区医院投入使用。",
                 "其开发的平台与华西医院合作,累计服务了超过690万人次。",
                 "一方面,新系统把审片时间缩短了一半;另一方面,基层医院也能就近得到三甲医院的读片意见。",
                 "近期监管部门发现,银行同业负债占比增多,期限错配程度上升;",  # a clause ending on "；" is whole
                 # words said twice in a sentence of its own: with 的/和/是 between, in quotes, in a foreign name
                 "无人机植保服务的收入已超过无人机销售的收入,成为公司第二大业务。",
                 "“智慧工厂”建成后,这家“智慧工厂”的人均产值提高了三成。",
                 "乔治·洛克菲勒的侄孙大卫·洛克菲勒宣布将家族基金会的资产全部捐出。",
                 "電動機車電池與電動機車充電樁的標準明年起統一,業者須在半年內完成改造。"):  # Traditional 與
        assert quotable(Sentence(text, 0, 0, 1.0, True, "", DEPLOY, 0.9)) == ""


def test_a_quoted_sentence_is_shown_whole():
    """An item is one sentence shown alone: a clause split at a semicolon ends on a full stop, and a piece
    of a quotation closes the quotation it opens (render.as_shown, the same for a summary)."""
    clause = "近期监管部门发现,银行同业负债占比增多,期限错配程度上升;"
    quote = "监管部门负责人表示,“银行要提高流动性风险管理的精细化程度,探索多元化的主动负债渠道。"
    for text, shown in ((clause, clause[:-1] + "。"), (quote, quote + "”")):
        story = article("a", [(CHALLENGE, [(text, 3.0, True), (say("平"), 1.0, False, OTHER, 0.9)])])
        assert [item.text for item in brief_of(story).themes[2].items] == [shown]


def test_a_sentence_that_points_back_is_not_quoted_without_what_it_points_to():
    """A theme section quotes one sentence of a story: "该芯片集成了256个量子比特…" under 技术突破 leaves the
    reader asking which chip, even when the article's summary picked the sentence before it (the lead,
    quoted nowhere in this section)."""
    lead = Sentence("合肥一家公司宣布其量子计算云平台上线了新一代超导量子芯片。", 0, 0, 3.0, True, "", OTHER, 0.9)
    pointing = Sentence("该芯片集成了256个超导量子比特，双比特门平均保真度达到99.6%。", 1, 0, 2.5, True, "", BREAK, 0.95,
                        needs_previous=True)
    filler = Sentence(say("平"), 2, 0, 1.0, False, "", OTHER, 0.9)
    summary = Summary("量子", "", (), (Section(None, BREAK, (lead, pointing)),), (lead, pointing, filler))
    story = Article(Document("q", "", "量子", published=None), summary, "fp-q")
    assert quotable(pointing) == "points back to a sentence not quoted"
    assert brief_of(story).themes[0].items == ()


def test_a_theme_section_quotes_only_sentences_that_say_the_theme_themselves():
    """A sentence the model files under a theme from its surroundings alone (its section, its neighbours)
    says nothing of that theme where it is quoted alone: "该平台由一家民营企业建设" in a deployment story."""
    silent = "报道称，这家民营企业只有几十名员工，总部设在成都。"
    speaking = "报道称，这家民营企业的平台已接入全市42家社区医院，累计服务超过9万人次。"
    for text, quoted in ((silent, False), (speaking, True)):
        story = article("a", [(DEPLOY, [(text, 3.0, True, DEPLOY, 0.9), (say("平"), 1.0, False, OTHER, 0.9)])])
        assert [i.text for i in brief_of(story).themes[1].items] == ([text] if quoted else [])
    # Topic words alone ("芯片", "模型") name a breakthrough's subject, not a result.
    assert own_cues("该芯片采用新一代架构和先进工艺设计。", BREAK) == []
    assert own_cues("该芯片首次实现了256个量子比特的稳定运行。", BREAK) == ["首次"]
    # A configured theme's own keywords say it.
    climate = Theme("climate", "气候", ("碳排放", "减排"))
    assert own_cues("全市碳排放较去年下降了3%。", climate) == ["碳排放"]


def test_undated_stories_without_a_title_are_listed_in_the_order_of_their_lines():
    """wire.jsonl:2 comes before wire.jsonl:10, as a reader counts, not as text sorts."""
    stories = [article(f"wire.jsonl:{n}", [(OTHER, [(say(str(n)), 1.0, True)])]) for n in (10, 2, 1, 11)]
    stories = [dataclasses.replace(a, document=dataclasses.replace(a.document, title=None)) for a in stories]
    assert [a.document.origin for a in brief_of(*stories).articles] == [f"wire.jsonl:{n}" for n in (1, 2, 10, 11)]

"""Sentence themes: a table of sentences and the theme an editor gives each by the definitions in
../shared/data/README.md, the article-level gate, sections from their sentences and headings, configured
themes sentence by sentence, and what --explain says. The shipped model is used as a user meets it."""
from __future__ import annotations

import re
from re import _constants as c
from re import _parser

import pytest

from summarize import OTHER, SummaryOptions, Theme, summarize
from summarize.themes import (
    CUE_STARTS, CUES, DEFAULT_THEMES, LEAN_FIT, ThemeCall, cue_matches, feature_names, industry_gate, lean_to_sections, load_model,
    section_theme, section_themes, theme_sentences,
)

BREAK, DEPLOY, CHALLENGE = DEFAULT_THEMES

TABLE = [
    # 技术突破: a new result, technology or product, a first, a record
    ("研究团队首次在室温下实现了量子纠缠的稳定存储，相关论文发表在《自然》杂志上。", "breakthroughs"),
    ("该公司发布了新一代自动驾驶芯片，算力达到每秒500万亿次，能效比上一代提升2倍。", "breakthroughs"),
    ("这台国产盾构机的最大掘进直径达到16米，刷新了国内纪录。", "breakthroughs"),
    ("科学家研制出一种新型固态电池材料，能量密度提高了40%。", "breakthroughs"),
    # 落地应用: put into use — rollout, pilots, adoption, users served, orders
    ("目前该系统已在全国200多家医院投入使用，累计服务患者超过500万人次。", "deployment"),
    ("首批50辆无人驾驶公交车下月起在雄安新区试点运营。", "deployment"),
    ("公司今年已签下3亿元订单，产品进入三家车企的供应链。", "deployment"),
    ("新线路开通后，日均客流量达到12万人次。", "deployment"),
    # 挑战与对策: problems, risks, costs, safety, regulation, liability — and the responses
    ("专家指出，高端芯片人才短缺仍是制约行业发展的最大瓶颈。", "challenges"),
    ("监管部门已约谈涉事平台，要求其限期整改数据泄露问题。", "challenges"),
    ("一旦出现断网或数据被篡改，远程手术的后果不堪设想，医疗责任的归属也尚无定论。", "challenges"),
    ("为减轻企业负担，当地延续了部分税收优惠政策，预计为纳税人减负180亿元。", "challenges"),
    # … the problem named in words of its own (debt, arrears, disputes, a cause), and a rule or duty laid down
    ("该楼盘开发商负债累累，拖欠施工方的工程款已近两年，与业主之间的纠纷不断。", "challenges"),
    ("这一现象导致不少中小商户的利润被大幅压缩。", "challenges"),
    ("新规明确，平台不得诱导未成年人充值，主管部门将加大执法力度。", "challenges"),
    ("相关条例规定，经营者应当取得相应资质，并纳入统一的监测平台。", "challenges"),
    # … a warning: a risk announced, with what to do about it
    ("县气象台今天6时发布大风蓝色预警信号:预计今天白天到夜间全县将出现6级以上阵风,请做好防范准备。", "challenges"),
    # 其他: crime, sport, markets, people moves
    ("警方已将涉嫌盗窃的犯罪嫌疑人刑事拘留，案件正在进一步审理中。", "other"),
    ("昨晚的比赛中，主队凭借两个进球以2比1击败对手，夺得联赛冠军。", "other"),
    ("沪指今日收盘下跌1.2%，两市成交额不足8000亿元。", "other"),
    ("张三已辞去公司董事长职务，由李四接任。", "other"),
]


@pytest.mark.parametrize(("text", "theme"), TABLE)
def test_a_sentence_gets_the_theme_of_its_own_content(text: str, theme: str) -> None:
    call = theme_sentences([(None, [text])], DEFAULT_THEMES)[0]
    assert call.theme.key == theme, call.why
    assert 0 < call.confidence <= 1 and dict(call.fit)[theme] == call.confidence


def test_one_story_gives_its_launch_and_its_hurdles_their_own_themes() -> None:
    # A chip-launch story with no headings: the launch is a breakthrough, the hurdles it names a challenge.
    text = (
        "11月24日，云岫微电子发布了新一代AI推理芯片，能效比提升约3倍。"
        "公司创始人在发布会上介绍了研发历程，团队为此攻关了五年。"
        "业内人士提醒，先进制程受限导致量产成本偏高，软件生态也是一块短板。"
    )
    summary = summarize(text, options=SummaryOptions(sentences_per_section=3))
    assert len(summary.sections) == 1
    assert [s.theme.key for s in summary.candidates] == ["breakthroughs", "breakthroughs", "challenges"]


def test_each_cue_of_a_themes_meaning_counts_most_for_that_theme() -> None:
    """A theme's own cues are anchored to count for it: in the shipped model each one weighs more for its
    theme than for any other, however rare it is in the labels. 'in_use' ("已在…推广", 18 of 7,211 labelled
    sentences) once weighed most for 技术突破, so a rollout after a sentence about the technology was filed
    under 技术突破."""
    import numpy as np

    from summarize.themes import THEME_GROUPS, TOPIC_GROUPS

    model = load_model()
    names = feature_names()
    for klass, groups in THEME_GROUPS.items():
        for group in groups:
            # 'launch' (发布, 推出) is mostly a notice, a report or a rollout in the labels (89 of its 149
            # sentences 其他, 15 技术突破, 15 落地应用): they hold it level between the two.
            if group in TOPIC_GROUPS or klass == "other" or group == "launch":
                continue
            row = model.weights[names.index(f"sentence:{group}")]
            mine = model.classes.index(klass)
            assert int(np.argmax(row)) == mine, (group, dict(zip(model.classes, np.round(row, 3))))
    rollout = theme_sentences([(None, ["这套系统已在全国30个县推广使用。"])], DEFAULT_THEMES)[0]
    assert rollout.theme.key == "deployment" and dict(rollout.fit)["breakthroughs"] < 0.1, rollout.fit


def test_a_story_that_is_not_industry_news_is_other_whatever_words_it_mentions() -> None:
    # A crime story mentions 技术, 安全, 平台 and 用户; it is still a crime story.
    text = (
        "警方通报，一名犯罪嫌疑人利用技术手段窃取某平台用户账号，涉嫌诈骗被刑事拘留。"
        "据民警介绍，嫌疑人曾因盗窃被判处有期徒刑，此次作案造成数十名受害者的资金安全受损。"
        "目前案件正在进一步审理中。"
    )
    summary = summarize(text, options=SummaryOptions(explain=True))
    assert {s.theme.key for s in summary.candidates} == {"other"}
    assert summary.sections[0].theme == OTHER
    assert all("非产业或科技新闻" in s.theme_reason for s in summary.candidates)


def test_the_gate_counts_the_cues_the_model_reads_sentence_by_sentence() -> None:
    # 民警 cut across two sentences (a long sentence is cut at the length limit) is no cue: the model
    # reads each sentence's own matches, and the gate counts those same matches, not the article run together.
    texts = ["警方逮捕了一名嫌疑人。", "法院以盗窃罪判处其有期徒刑三年，当地民", "警说。"]
    assert sum(len(found.get("crime", [])) for found in cue_matches(texts)) == 7
    assert industry_gate(texts) == "非产业或科技新闻（案件线索7处，产业及各主题线索0处）"


def test_a_section_takes_its_theme_from_its_sentences_and_heading() -> None:
    text = (
        "# 国产手术机器人\n"
        "## 走进医院 多地试点远程手术\n"
        "据了解，该机器人已在全国11个省份的37家医院落地应用，累计完成手术4200余例。\n"
        "今年以来，临江市把手术机器人纳入区域医疗中心建设，县级医院的患者不出县就能接受手术。\n"
        "## 直面挑战 成本与人才仍是掣肘\n"
        "一台国产腔镜手术机器人的售价仍在1200万元左右，基层医院难以负担。\n"
        "会用机器人的外科医生还远远不够，人才短缺问题突出。\n"
    )
    summary = summarize(text)
    assert [s.theme.key for s in summary.sections] == ["deployment", "challenges"]


def test_a_heading_counts_for_a_theme_by_that_themes_cues_not_only_its_keywords() -> None:
    # "骗局" is no word of 挑战与对策's keyword list but a problem cue: a heading that names one counts for
    # challenges as "风险" would; the same sentences under a neutral heading stay 其他.
    calls = [ThemeCall(OTHER, 0.7, "", (("other", 0.7), ("breakthroughs", 0.05), ("deployment", 0.05), ("challenges", 0.2)))] * 3
    assert section_theme("保健品骗局调查", calls, calls, DEFAULT_THEMES) == CHALLENGE
    assert section_theme("保健品市场调查", calls, calls, DEFAULT_THEMES) == OTHER


def test_the_articles_title_counts_a_little_for_every_section() -> None:
    # A title that names the story's problems ("十大科技骗局") tips every section that nearly fits 挑战与对策;
    # a section that fits it much less, or a title that names none, leaves the section 其他. A heading
    # that names a theme says more than the title.
    near = [ThemeCall(OTHER, 0.7, "", (("other", 0.7), ("breakthroughs", 0.02), ("deployment", 0.02), ("challenges", 0.26)))] * 3
    far = [ThemeCall(OTHER, 0.9, "", (("other", 0.9), ("breakthroughs", 0.02), ("deployment", 0.02), ("challenges", 0.06)))] * 3
    assert section_theme(None, near, near, DEFAULT_THEMES, title="2004年十大科技骗局揭秘") == CHALLENGE
    assert section_theme(None, near, near, DEFAULT_THEMES, title="2004年十大科技新闻回顾") == OTHER
    assert section_theme(None, near, near, DEFAULT_THEMES) == OTHER
    assert section_theme(None, far, far, DEFAULT_THEMES, title="2004年十大科技骗局揭秘") == OTHER
    assert section_themes([(None, ["甲。"] * 3), (None, ["乙。"] * 3)], near + near, DEFAULT_THEMES,
                          title="2004年十大科技骗局揭秘") == [CHALLENGE, CHALLENGE]


def test_configured_themes_are_called_sentence_by_sentence() -> None:
    themes = (Theme("sport", "体育", ("比赛", "进球", "冠军")), Theme("weather", "天气", ("降雪", "气温", "寒潮")))
    text = "主队在昨晚的比赛中连进三球夺得冠军。受寒潮影响，明天本市气温骤降并有降雪。市图书馆今天照常开放。"
    summary = summarize(text, options=SummaryOptions(themes=themes, explain=True))
    assert [s.theme.key for s in summary.candidates] == ["sport", "weather", "other"]
    assert "比赛" in summary.candidates[0].theme_reason


def test_a_users_own_words_for_a_builtin_theme_count_for_it() -> None:
    sentence = "园区的智能立体车库昨天起对外开放。"
    plain = theme_sentences([(None, [sentence])], DEFAULT_THEMES)[0]
    mine = (BREAK, Theme("deployment", "落地应用", (*DEPLOY.keywords, "开放", "车库")), CHALLENGE)
    own = theme_sentences([(None, [sentence])], mine)[0]
    assert dict(own.fit)["deployment"] > dict(plain.fit)["deployment"]
    assert own.theme.key == "deployment"


def test_explain_names_the_cues_and_context_of_each_theme() -> None:
    call = theme_sentences([(None, ["目前该系统已在全国200多家医院投入使用，累计服务患者超过500万人次。"])], DEFAULT_THEMES)[0]
    assert call.why.startswith(f"{call.confidence:.0%}；线索词 ") and "投入使用" in call.why and "累计服务" in call.why


def test_explain_quotes_a_cue_that_ends_in_a_number_with_the_whole_number() -> None:
    # The cue pattern stops at the number's first digit ("缩短了1"); a reader would take that for a typo.
    call = theme_sentences([(None, ["试运行三个月来，主城区早高峰平均通行时间缩短了11.5%，事故率降低了20%。"])], DEFAULT_THEMES)[0]
    assert "缩短了11.5%" in call.why and "降低了20%" in call.why
    assert "缩短了1、" not in call.why and not call.why.endswith("缩短了1")
    # Not through a comma that separates clauses (many texts write the Chinese comma as ","), only one
    # that separates thousands.
    calls = theme_sentences([(None, ["新芯片的推理速度提升了2,2026年将量产。"]), (None, ["新芯片的推理速度提升了1,250倍。"])], DEFAULT_THEMES)
    assert "提升了2；" in calls[0].why and "2026" not in calls[0].why
    assert "提升了1,250倍" in calls[1].why
    # Two groups that match the same words (落地's 接入, 投用's 接入全市1260) show them once, the longer.
    call = theme_sentences([(None, ["该系统已接入全市1260个路口，已在全国200多家医院投入使用。"])], DEFAULT_THEMES)[0]
    assert "接入全市1260" in call.why and "接入、" not in call.why and "投入使用" in call.why


def test_explain_names_the_runner_up_theme_whose_cues_the_sentence_has() -> None:
    # A reader who sees 其他 on a sentence that says 开始用 learns which theme came next and on what words,
    # not "no clear cue" (what they can add to the lexicon, or why it was not enough).
    call = theme_sentences([(None, ["越来越多的纺织企业开始用生成式AI设计面料花型。"])], DEFAULT_THEMES)[0]
    fit = dict(call.fit)
    assert call.theme.key == "other" and fit["deployment"] == max(v for k, v in fit.items() if k != "other")
    assert f"次选落地应用 {fit['deployment']:.0%}（线索词 开始用）" in call.why
    # No runner-up is named without a cue of its own in the sentence, nor one that fits it little.
    plain = theme_sentences([(None, ["市民反映，部分路口的行人绿灯时间被压缩，老人过马路时间不够。"])], DEFAULT_THEMES)[0]
    assert plain.theme.key == "other" and "次选" not in plain.why


def test_the_shipped_model_matches_the_features_it_reads() -> None:
    model = load_model()
    assert model.weights.shape == (len(feature_names()), len(model.classes))
    assert model.classes == ("other", "breakthroughs", "deployment", "challenges")


def test_theme_reasons_are_made_only_when_asked_for() -> None:
    # They cost time on every sentence and only --explain shows them; the themes are the same either way.
    text = "目前该系统已在全国200多家医院投入使用，累计服务患者超过500万人次。团队首次研制出新型芯片。"
    plain, explained = summarize(text), summarize(text, options=SummaryOptions(explain=True))
    assert [s.theme_reason for s in plain.candidates] == ["", ""]
    assert all(s.theme_reason for s in explained.candidates)
    assert [(s.theme, s.theme_confidence) for s in plain.candidates] == [(s.theme, s.theme_confidence) for s in explained.candidates]


def _first_chars(items: object) -> set[str]:
    """The characters (r"\\d" for any digit) a match of a parsed pattern (re._parser items) can start with."""
    first: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            return first | {chr(av)}
        if op is c.IN:
            for kind, value in av:
                assert kind is c.LITERAL or (kind, value) == (c.CATEGORY, c.CATEGORY_DIGIT), (kind, value)
                first.add(chr(value) if kind is c.LITERAL else r"\d")
            return first
        if op is c.BRANCH:
            return first.union(*(_first_chars(branch) for branch in av[1]))
        if op is c.SUBPATTERN:
            return first | _first_chars(av[-1])
        if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            return first | {r"\d"}
        assert op in (c.MAX_REPEAT, c.MIN_REPEAT), op
        first |= _first_chars(av[2])
        if av[0] >= 1:
            return first
    raise AssertionError("a pattern that can match nothing")


def _starts(chars: str) -> set[str]:
    return _first_chars(_parser.parse(f"[{chars}]")) if chars else set()


@pytest.mark.parametrize("group", list(CUES))
def test_a_cue_pattern_that_opens_with_a_group_names_the_characters_its_matches_start_with(group: str) -> None:
    # CUE_STARTS lets re skip ahead where it cannot on its own; a character missing there would hide matches.
    parsed = _parser.parse(CUES[group])
    if group in CUE_STARTS:
        assert _first_chars(parsed) == _starts(CUE_STARTS[group])
    else:  # re skips on the first characters by itself only where every alternative opens with a literal
        op, av = parsed[0]
        assert op is c.LITERAL or (op is c.BRANCH and all(b and b[0][0] is c.LITERAL for b in av[1])), group


def test_the_first_characters_check_sees_every_alternative() -> None:
    assert _first_chars(_parser.parse(r"已(?:在|于)?用|(?:接入|签约)\d|\d+倍")) == {"已", "接", "签", r"\d"}
    assert _first_chars(_parser.parse("(?:了)?(?:约|近)?提升")) == {"了", "约", "近", "提"}
    assert _first_chars(_parser.parse("(?:了)?(?:约|近)?提升")) != _starts("了约近")


@pytest.mark.parametrize(
    ("text", "group", "found"),
    [
        # A product released is a launch; a notice, a warning or a statement released is not.
        ("云岫微电子今天发布了新一代AI推理芯片。", "launch", ["发布"]),
        ("主管部门近日发布通知，决定扩大该系统的试点范围。", "launch", []),
        ("市气象台发布暴雨黄色预警信号。", "launch", []),
        ("公司昨晚发布公告称，董事长因个人原因辞职。", "launch", []),
        # What is still lacking is a problem; what is not yet told is not ("具体细节仍未披露", "时机尚未确定").
        ("核心部件仍未实现国产化，成本依然偏高。", "still_faces", ["仍未", "偏高"]),
        ("双方宣布达成收购协议，具体细节仍未披露。", "still_faces", []),
        ("双方宣布达成收购协议，具体细节仍未披露。", "problem", []),
        ("拆除的具体时间尚未确定。", "problem", []),
        ("相关标准尚未出台。", "problem", ["尚未"]),
    ],
)
def test_a_cue_reads_what_its_theme_means_not_only_its_word(text: str, group: str, found: list[str]) -> None:
    assert cue_matches([text])[0].get(group, []) == found


def test_cue_matches_are_those_of_the_cue_patterns_as_written() -> None:
    texts = [text for text, _ in TABLE] + ["截至目前已累计服务3.5万人次，效率提升至2倍，但仍面临人才短缺。", "１２３倍。"]
    for group, pattern in CUES.items():
        mine = [found.get(group, []) for found in cue_matches(texts)]
        assert mine == [re.findall(pattern, text) for text in texts], group


def test_the_shipped_model_is_what_its_training_script_fits_from_the_labels() -> None:
    """A change to the cues or features moves what the model is fitted on: the shipped weights must then be
    refitted (training/train_themes.py with the editor's two label files), or the engine runs a model no
    script in the repository makes."""
    import json
    import sys

    import numpy as np

    from tests.conftest import ROOT, SHARED, need_shared

    labels = [need_shared(SHARED / "data" / "themes_dev.jsonl"), need_shared(SHARED / "data" / "themes_realpages_dev.jsonl")]
    sys.path.insert(0, str(ROOT / "training"))
    try:
        import train_themes
    finally:
        sys.path.remove(str(ROOT / "training"))
    data = [train_themes.article_data(a) for a in train_themes.read_articles(labels)]
    fitted = train_themes.fit(np.vstack([x for x, _ in data]), np.concatenate([y for _, y in data]), 0.05, 0.0, 1.0, 1.0)
    shipped = json.loads((ROOT / "summarize" / "data" / "themes_model.json").read_text("utf-8"))
    assert shipped["features"] == feature_names()
    np.testing.assert_allclose(fitted.weights, shipped["weights"], atol=2e-5)
    np.testing.assert_allclose(fitted.mean, shipped["mean"], atol=2e-6)
    np.testing.assert_allclose(fitted.scale, shipped["scale"], atol=2e-6)


def test_a_sentence_called_other_in_a_themed_section_leans_to_that_theme_where_it_fits_it() -> None:
    challenges, breakthroughs = (next(t for t in DEFAULT_THEMES if t.key == k) for k in ("challenges", "breakthroughs"))

    def call(theme: Theme, fits: dict[str, float]) -> ThemeCall:
        return ThemeCall(theme, max(fits.values()), "why", tuple(fits.items()))

    calls = [
        call(OTHER, {"other": 0.6, "challenges": LEAN_FIT}),  # fits the section's theme enough
        call(OTHER, {"other": 0.8, "challenges": LEAN_FIT - 0.01}),  # does not
        call(breakthroughs, {"other": 0.2, "breakthroughs": 0.7}),  # has a theme of its own: kept
        call(OTHER, {"other": 0.6, "challenges": 0.4}),  # in a 其他 section: kept
    ]
    leaned = lean_to_sections(calls, [0, 0, 0, 1], [challenges, OTHER])
    assert [c.theme.key for c in leaned] == ["challenges", "other", "breakthroughs", "other"]
    assert leaned[0].confidence == LEAN_FIT and leaned[0].why.startswith("30%；沿用本节主题")
    assert leaned[1:] == calls[1:]
    assert lean_to_sections(calls, [0, 0, 0, 1], [challenges, OTHER], explain=False)[0].why == ""

"""Keepable: the learned "would an editor keep it" factor — the shipped model matches its features, and it
lets news keep its lead while a feature's scene-setting opener gives way to the sentence with the news."""
from __future__ import annotations

import numpy as np
import pytest

from summarize import SummaryOptions, summarize
from summarize.keepable import DENSE, dense_features, junk_probability, keep_factor, keep_probability
from summarize.roles import judge_sentence
from summarize.select import Candidate, select

NEWS = [
    "国家药监局今天批准了首个人工智能眼底诊断软件上市,可用于糖尿病视网膜病变筛查,准确率达到95%。",
    "近年来,国内多家企业都在加紧研发医疗人工智能产品,市场竞争日趋激烈。",
    "业内人士认为,审批提速将推动更多医疗人工智能产品进入医院。",
]
FEATURE = [
    "清晨六点,天还没亮,王大爷就坐在了社区卫生服务站的门口。",
    "你能想象吗?",
    "从今年3月起,北京市已有120家社区卫生服务站接入人工智能辅助诊断系统,累计服务患者超过30万人次。",
    "王大爷说,以前看眼病要跑到城里的大医院。",
]


def _chosen(lines: list[str]) -> list[int]:
    summary = summarize("\n".join(lines), options=SummaryOptions(sentences_per_section=1))
    return [s.index for s in summary.candidates if s.chosen]


def test_news_keeps_its_lead() -> None:
    assert _chosen(NEWS) == [0]


def test_a_feature_opening_with_a_scene_and_a_question_gives_way_to_the_news() -> None:
    assert _chosen(FEATURE) == [2]


def test_probabilities_and_factors() -> None:
    verdicts = [judge_sentence(t) for t in FEATURE]
    p = keep_probability(FEATURE, [0] * 4, verdicts)
    assert p.shape == (4,) and np.all((p > 0) & (p < 1))
    assert p[2] > p[0] and p[2] > p[1]  # the sentence with the news beats the scene and the question
    factor = keep_factor(FEATURE, [0] * 4, verdicts)
    assert np.isclose(np.mean(p / p.mean()), 1.0) and np.all(factor > 0)
    assert keep_probability([], [], []).shape == (0,)
    # Deterministic: the same sentences give the same figures.
    assert np.array_equal(p, keep_probability(FEATURE, [0] * 4, verdicts))


# The same advice twice: once told about readers, once said to the reader.
ABOUT_READERS = "家中有行动不便老人的市民,可先拨打社区医院电话预约上门问诊。"
TO_THE_READER = "如果你家中有行动不便的老人,不妨先拨打社区医院电话预约上门问诊。"


def test_a_sentence_that_speaks_to_the_reader_is_kept_less() -> None:
    reader = DENSE.index("addresses the reader")
    features = [dense_features(t, 1, 3, 0, judge_sentence(t)) for t in (ABOUT_READERS, TO_THE_READER, "您好,请问今天还能挂号吗?")]
    assert [f[reader] for f in features] == [False, True, True]
    # In the same place of the same section, the one that speaks to the reader is the likelier to be left out.
    for first, second in ((ABOUT_READERS, TO_THE_READER), (TO_THE_READER, ABOUT_READERS)):
        lines = [NEWS[0], first, second]
        p = keep_probability(lines, [0, 0, 0], [judge_sentence(t) for t in lines])
        assert p[lines.index(TO_THE_READER)] < p[lines.index(ABOUT_READERS)]


def test_the_shipped_model_is_what_its_training_script_fits_from_the_labels(tmp_path) -> None:
    """A change to roles' verdicts or to the features moves what the model is fitted on: the shipped
    weights must then be refitted (training/train_keepable.py --write), or the engine runs a model that
    no script in the repository makes."""
    import json
    import subprocess
    import sys

    from summarize.keepable import DENSE
    from tests.conftest import NLPCC_DEV, ROOT, SHARED, need_shared

    labels = [need_shared(SHARED / "data" / "themes_dev.jsonl"), need_shared(SHARED / "data" / "themes_realpages_dev.jsonl")]
    need_shared(NLPCC_DEV)
    extra = tmp_path / "extra.jsonl"
    subprocess.run([sys.executable, str(ROOT / "training" / "nlpcc_labels.py"), "expand",
                    str(ROOT / "training" / "labels" / "nlpcc_extra.jsonl"), str(extra)],
                   check=True, capture_output=True, timeout=120)
    sys.path.insert(0, str(ROOT / "training"))
    try:
        import train_keepable
    finally:
        sys.path.remove(str(ROOT / "training"))
    rows = train_keepable.rows([*labels, extra])
    fitted, junk = train_keepable.train(rows), train_keepable.train_junk(rows)
    shipped = json.loads((ROOT / "summarize" / "data" / "keepable.json").read_text("utf-8"))
    np.testing.assert_allclose(fitted[: len(DENSE)], shipped["dense"], atol=2e-5)
    np.testing.assert_allclose(fitted[len(DENSE):], shipped["hashed"], atol=2e-5)
    np.testing.assert_allclose(junk[: len(DENSE)], shipped["junk_dense"], atol=2e-5)
    np.testing.assert_allclose(junk[len(DENSE):], shipped["junk_hashed"], atol=2e-5)


def test_latin_and_date_features_read_what_their_plain_patterns_say() -> None:
    # keepable.py writes these patterns so re can skip to where a match starts; they must find what the
    # plain forms find: two Latin letters or more, and a date (1 or 2 digits 月, 1 or 2 digits 日) or a time word.
    import re

    latin, when = DENSE.index("latin"), DENSE.index("date or time")
    texts = ["A股周一收涨", "AI芯片", "5G网络", "GDP增长", "12月3日发布", "3月15日", "１２月３１日", "123月4日", "3月日",
             "昨日", "近日", "日前", "今天下午", "月日", "x"]
    for text in texts:
        row = dense_features(text, 0, 1, 0, judge_sentence(text))
        assert row[latin] == bool(re.search(r"[A-Za-z]{2,}", text)), text
        assert row[when] == bool(re.search(r"\d{1,2}月\d{1,2}日|昨天|昨日|今天|今日|日前|近日|上午|下午|晚间", text)), text


# A headline or a caption whose line break was lost runs into the lead with nothing to cut it at (no
# comma, no source or date cue the roles' rules know): the junk model sees it, the rules do not.
GLUED_LEADS = [
    ("城东老旧线路改造明年完工城东供电公司昨日宣布将投入1.2亿元改造老旧线路,工程预计明年6月完工。",
     "城东供电公司昨日宣布,将投入1.2亿元改造老旧线路,工程预计明年6月完工。"),
    ("救援人员在废墟中搜寻幸存者一场6.1级地震于当地时间5日凌晨袭击了该国北部山区。",
     "一场6.1级地震于当地时间5日凌晨袭击了该国北部山区。"),
]


@pytest.mark.parametrize(("glued", "clean"), GLUED_LEADS)
def test_a_lead_with_a_headline_run_into_it_is_likelier_junk(glued: str, clean: str) -> None:
    verdicts = [judge_sentence(glued), judge_sentence(clean)]
    assert verdicts[0].kind == "" and verdicts[0].text == glued  # no rule cuts it
    p = junk_probability([glued, clean], [0, 1], verdicts)  # each first in its own section, as a lead is
    assert p[0] > p[1] + 0.05


# A headline that lost its line break names the story's subject, and the lead after it names it again
# ("北环路口大货车侧翻北环路口昨晨…"): the sentence's opening words come back further on, which a lead of
# its own seldom does.
SAID_AGAIN = [
    ("北环路口大货车侧翻北环路口昨晨一辆大货车侧翻,司机轻伤。", "北环路口昨晨一辆大货车侧翻,司机轻伤。"),
    ("南湖公园今起闭园南湖公园管理处昨日发布通知,园内步道改造期间暂停开放。",
     "南湖公园管理处昨日发布通知,园内步道改造期间暂停开放。"),
]


@pytest.mark.parametrize(("glued", "clean"), SAID_AGAIN)
def test_a_sentence_whose_opening_words_come_back_is_likelier_junk(glued: str, clean: str) -> None:
    said_again = DENSE.index("opening said again")
    verdicts = [judge_sentence(glued), judge_sentence(clean)]
    assert verdicts[0].kind == "" and verdicts[0].text == glued  # no rule cuts it
    assert dense_features(glued, 0, 1, 0, verdicts[0])[said_again]
    assert not dense_features(clean, 0, 1, 0, verdicts[1])[said_again]
    p = junk_probability([glued, clean], [0, 1], verdicts)
    assert p[0] > p[1] + 0.05


def _candidate(index: int, score: float, text: str, keep: float) -> Candidate:
    return Candidate(index, 0, text, score, frozenset({index}), judge_sentence(text), keep)


def test_a_second_pick_an_editor_would_not_keep_is_left_out() -> None:
    """A section's first pick always shows; a later one only when an editor would likely keep it: a
    weak second sentence dilutes the brief (held out, most such picks were labelled weak or junk)."""
    candidates = [
        _candidate(0, 1.0, "国家药监局今天批准了首个人工智能眼底诊断软件上市。", 0.8),
        _candidate(1, 0.9, "近年来,国内多家企业都在加紧研发医疗人工智能产品。", 0.3),
        _candidate(2, 0.5, "业内人士认为,审批提速将推动更多医疗人工智能产品进入医院。", 0.7),
    ]
    picked = select(candidates, per_section=2, budget=None, redundancy=0.6, duplicate_similarity=0.7, min_keep=0.4)
    assert picked.chosen == (0,)  # the best next pick is unlikely kept: the section stops at one
    assert "编辑保留的可能仅30%" in picked.reasons[1]
    assert picked.reasons[2].endswith("未进本节前2名")
    # Likely kept, it is picked; and a first pick is never left out, however unlikely.
    candidates[1] = _candidate(1, 0.9, candidates[1].text, 0.5)
    assert select(candidates, per_section=2, budget=None, redundancy=0.6, duplicate_similarity=0.7, min_keep=0.4).chosen == (0, 1)
    candidates[0] = _candidate(0, 1.0, candidates[0].text, 0.1)
    assert select(candidates, per_section=2, budget=None, redundancy=0.6, duplicate_similarity=0.7, min_keep=0.4).chosen == (0, 1)
    # min_keep 0 (the library's select default) picks as before.
    candidates[1] = _candidate(1, 0.9, candidates[1].text, 0.3)
    assert select(candidates, per_section=2, budget=None, redundancy=0.6, duplicate_similarity=0.7).chosen == (0, 1)


def test_summaries_carry_the_keep_probability_into_selection() -> None:
    """End to end, default options: a news lead, then only scene, memory, advice and background; the best of
    those is unlikely kept, so the section shows its lead alone, and --explain says why."""
    lines = [NEWS[0], FEATURE[0], FEATURE[3], "那时候,排队挂号要花上大半天。", "如果你家中有行动不便的老人,不妨先拨打社区医院电话预约上门问诊。", NEWS[1]]
    p = keep_probability(lines, [0] * len(lines), [judge_sentence(t) for t in lines])
    assert p[0] >= SummaryOptions().min_keep > max(p[1:])
    summary = summarize("\n".join(lines), options=SummaryOptions(explain=True))
    assert [s.index for s in summary.candidates if s.chosen] == [0]
    [left] = [s for s in summary.candidates if "编辑保留的可能仅" in s.reason]
    assert left.index == 5 and "本节第二句起须达40%" in left.reason
    everything = summarize("\n".join(lines), options=SummaryOptions(min_keep=0.0))
    assert [s.index for s in everything.candidates if s.chosen] == [0, 5]
    with pytest.raises(ValueError, match="min_keep"):
        SummaryOptions(min_keep=1.5)

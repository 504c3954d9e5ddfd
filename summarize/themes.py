"""Theme tagging: each section gets the theme whose keywords its heading and body carry most."""
from __future__ import annotations

import re
from functools import lru_cache

from summarize.model import OTHER, Theme

DEFAULT_THEMES: tuple[Theme, ...] = (
    Theme(
        "breakthroughs",
        "技术突破",
        (
            "突破", "研发", "研制", "攻关", "首次", "首个", "首款", "原创", "创新", "算法", "芯片", "精度", "准确率", "性能", "实验", "论文", "科研", "发明", "专利",
            "成果", "前沿", "领先", "成像", "训练", "新技术", "里程碑", "填补", "迭代",
        ),
    ),
    Theme(
        "deployment",
        "落地应用",
        (
            "落地", "应用", "场景", "推广", "部署", "试点", "上线", "投产", "量产", "商业化",
            "产业化", "用户", "医院", "工厂", "基层", "规模化", "覆盖", "示范", "接入",
            "投入使用", "普及", "订单", "客户", "运营", "赋能", "转型", "患者",
        ),
    ),
    Theme(
        "challenges",
        "挑战与对策",
        (
            "挑战", "风险", "难题", "瓶颈", "困难", "监管", "安全", "隐私", "伦理", "责任",
            "规范", "标准", "治理", "对策", "建议", "应对", "短缺", "成本", "不足", "制约",
            "障碍", "合规", "法规", "机制", "人才", "担忧", "隐患", "短板", "壁垒", "缺乏",
        ),
    ),
)

HEADING_WEIGHT = 6.0  # a heading names its section's subject: one hit there outweighs several in the body
MIN_EVIDENCE = 2.0  # fewer hits than this and the section is "other"


@lru_cache(maxsize=16)
def _matcher(themes: tuple[Theme, ...]) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """One alternation of every keyword (longest first) and, per keyword, the themes that list it."""
    owners: dict[str, list[int]] = {}
    for number, theme in enumerate(themes):
        for word in theme.keywords:
            if word and number not in owners.setdefault(word, []):
                owners[word].append(number)
    words = sorted(owners, key=lambda w: (-len(w), w))
    pattern = re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!x)x")
    return pattern, {word: tuple(numbers) for word, numbers in owners.items()}


def theme_scores(heading: str | None, body: str, themes: tuple[Theme, ...]) -> tuple[float, ...]:
    """How strongly each theme is signalled: heading hits weigh HEADING_WEIGHT, body hits 1 each."""
    pattern, owners = _matcher(themes)
    scores = [0.0] * len(themes)
    for text, weight in ((heading or "", HEADING_WEIGHT), (body, 1.0)):
        for word in pattern.findall(text):
            for number in owners[word]:
                scores[number] += weight
    return tuple(scores)


def tag_theme(heading: str | None, body: str, themes: tuple[Theme, ...]) -> Theme:
    """The best-signalled theme (ties go to the one listed first), or OTHER without enough evidence."""
    if not themes:
        return OTHER
    scores = theme_scores(heading, body, themes)
    best = max(range(len(themes)), key=lambda i: (scores[i], -i))
    return themes[best] if scores[best] >= MIN_EVIDENCE else OTHER

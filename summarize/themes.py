"""Themes: every sentence gets the theme of its own content, and each section the theme its sentences
and heading carry.

A sentence's theme is what it *does*: announce a result, a product or a record (技术突破), report
something put into use (落地应用), name a problem, a risk or the response to one (挑战与对策), or none of
these (其他). For the built-in themes a small softmax model (numpy; weights in `data/themes_model.json`,
trained by `training/train_themes.py` on editor labels) reads cue lexicons and patterns of what each
theme means in the sentence, and the same theme's cues around it (neighbours, section, heading). An
article-level gate first sends a story that is not industry or technology news (crime, accidents,
politics, sport, people) to 其他 whatever words it mentions. A theme configured in TOML that the model
does not know is found by its own keywords, sentence by sentence, with neighbour and heading context.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from summarize import regex
from summarize.model import CUE_WORDS, OTHER, THEME_WORDS, Theme

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

_STILL_FACES = r"(?:面临|存在|有待|需要|需|不|未|没有|缺)"  # after 仍, 依然, 还…: still faces, not yet
# Not yet told, which is no problem: "具体细节仍未披露", "时机尚未确定" (after 仍未… and 尚未).
_NOT_KNOWN_YET = r"(?!(?:对外)?(?:披露|公布|透露|确定|回应|证实|表态|清楚|明确|宣布))"
_AN_ISSUE = r"[^。，,]{0,8}(?:问题|挑战|风险|困难|瓶颈)"  # after 面临 or 存在
# What each theme means, as cue groups (regular expressions over the sentence). The model weighs them;
# the groups of the "other" kinds (crime, accidents, politics, …) are what the article-level gate reads.
CUES: dict[str, str] = {
    # A product released, not a notice, a statement or a warning (发布通知, 发布公告, 发布暴雨黄色预警).
    "launch": r"发布(?!了?(?:通知|公告|消息|声明|通报|报告|数据|信息|微博|意见|办法|规定|文件|指南|标准|决定|方案|政策)|[^。，,]{0,6}预警)|推出|亮相|问世|首发|面世|揭晓|展示了|发布会|新品|新款|上市",
    "first": r"首次|首个|首款|首台|首颗|首架|首例|首创|全球首|世界首|国内首|第一[个次款台例]|纪录|创下|刷新|填补|空白|里程碑|最先进|世界领先|国际领先",
    "research": r"突破|攻克|研发|研制|开发出|研究人员|科学家|研究团队|科研|实验|论文|期刊|发现|专利|原创|发明|成果|攻关|院士|实验室|疗法|新药|疫苗|临床|治愈|根治|手术方法|新方法",
    "tech": r"技术|算法|芯片|处理器|纳米|制程|精度|准确率|性能|分辨率|续航|传感器|模型|新型|新一代|升级|功能|参数|发动机|配置|材料|智能|系统|机器人|卫星|航天|探测|操控|动力|底盘|悬挂|油耗|车型|设计|工艺",
    "rollout": r"落地|完成部署|试运行|运行以来|投入运营|上岗|服役|上架|出货|落户|供应链|投入运行|正式运行|投运|开始用|开始使用|用上|用于|投入使用|投用|上线|开通|通车|投产|量产|交付|商用|商业化|产业化|推广|普及|试点|示范|部署|接入|运营|采用|引进|建成|开业|应用|推行|实施|铺开|装备|新开|线路|培训|生产|种植|建设",
    "users": r"用户|客户|商户|人次|服务了|累计服务|覆盖|订单|签约|销量|销售|营收|营业收入|市场份额|装机|下载|注册|乘客|患者|农民|消费者",
    # Patterns of the same meanings, beyond single words.
    "in_use": r"已(?:在|于|被|经|陆续|先后|全面|正式)?[^。，,；;]{0,24}(?:落地|部署|应用|使用|投用|上线|试点|推广|覆盖|运行|投入|进入|上架|装车|开通|用于)|被用于|用于[^。，,]{0,12}(?:场景|领域|生产|检测|服务)|接入[^。，,]{0,8}\d|入驻[^。，,]{0,8}\d|签约[^。，,]{0,8}\d",
    "served": r"累计(?:服务|完成|接待|销售|交付|出货|装机|覆盖|接入|签约|诊疗|运送)|(?:服务|惠及|覆盖)(?:了)?(?:超过|逾|近|约)?\d|\d+(?:万|亿)?(?:人次|名患者|位用户|家医院|家企业|个城市|台|辆|单)",
    "improved": r"(?:提升|提高|降低|缩短|减少|增加)(?:了)?(?:约|近|超过|逾)?\d|(?:达到|高达|仅为|降至|缩短至|提升至)[^。，,]{0,6}\d|\d+(?:\.\d+)?倍",
    "still_faces": "|".join(  # each alternative opening with a word of its own, so re skips to where one can start
        [f"{still}{_STILL_FACES}{_NOT_KNOWN_YET}" for still in ("仍", "依然", "还", "尚", "仍然")] + [f"{faces}{_AN_ISSUE}" for faces in ("面临", "存在")]
        + ["不足", "短缺", "过高", "偏高", "滞后", "不够", "欠缺"]
    ),
    # An alert (a storm's, smog's, a flood's: 暴雨黄色预警信号) announces a risk and says what to do.
    "problem": rf"问题|难题|挑战|风险|隐患|困境|困难|瓶颈|短板|不足|缺乏|短缺|紧缺|成本|亏损|债务|违约|烂尾|资金链|压力|下滑|质疑|批评|投诉|争议|担忧|漏洞|泄露|隐私|伦理|污染|疫情|感染|病例|确诊|危害|有害|伤害|副作用|骗局|虚假|造假|欺诈|谣言|涨价|难以|无法|障碍|制约|壁垒|痛点|弊端|缺陷|故障|召回|危机|恶化|严重|不良|损失|过高|失败|中毒|篡改|不堪设想|尚无|尚未{_NOT_KNOWN_YET}|隐忧|黑客|攻击|骗局|骗术|假新闻|炒作|伪科学|误导|神话|黑幕|乱象|违规|非法|暴雷|爆雷|维权|负债|欠款|拖欠|不利|导致|现象|纠纷|不满|不完善|不规范|不合理|亟待|有待|顽疾|弊病|无序|混乱|预警信号|红色预警|橙色预警|黄色预警|蓝色预警",
    "response": r"监管|规范|治理|整改|整顿|处罚|罚款|约谈|叫停|禁止|限制|法规|立法|政策|措施|对策|应对|解决|缓解|保障|纾困|减负|优惠|补贴|标准|建议|呼吁|必须|需要|仍需|防控|防范|加强|完善|辟谣|安全|责任|要求|出台|严禁|排查|合规|应当|不得|执法|主管部门|资质|建立健全",
    "crime": r"警方|公安|民警|警察|嫌疑人|犯罪|被捕|逮捕|刑拘|拘留|判处|判决|法院|起诉|检察|杀害|凶手|案件|命案|受贿|贪污|腐败|落马|盗窃|抢劫|诈骗|涉嫌|审讯|庭审|获刑|有期徒刑",
    "accident": r"车祸|火灾|起火|爆炸|救援|失踪|搜救|遇险|遇难|身亡|死亡|坠楼|坠亡|地震|暴雨|洪水|坍塌|溺水|伤者|送医",
    "politics": r"总统|总理|首相|外长|会谈|会见|访问|选举|议员|议会|外交|领导人|国家主席|书记|市长|省长|两会|人大|政协|特首|立法会|党委|政府工作|罢工|抗议",
    "sport_ent": r"比赛|球队|冠军|进球|联赛|球员|教练|决赛|赛季|奥运|电影|演员|歌手|导演|明星|话剧|演出|票房|综艺|戏曲|巡演|粉丝|专辑",
    "market": r"股价|指数|涨幅|跌幅|收盘|A股|股市|大盘|基金|投资者|房价|楼市|油价|汇率|涨停|跌停|成交",
    "people": r"任命|辞职|出任|卸任|去世|享年|逝世|出生|毕业|母亲|父亲|女儿|儿子|丈夫|妻子|孩子|男友|女友|家人|婚姻|老人|奶奶|爷爷",
    "industry": r"科技|产业|行业|企业|公司|产品|市场|平台|数据|互联网|网络|医疗|药品|工业|制造|汽车|能源|电子|信息化|数字化|手机|设备|厂商|品牌",
}
GROUPS: tuple[str, ...] = tuple(CUES)
THEME_GROUPS: dict[str, tuple[str, ...]] = {  # the groups whose matches --explain names for each theme
    "breakthroughs": ("launch", "first", "research", "tech", "improved"),
    "deployment": ("rollout", "users", "in_use", "served"),
    "challenges": ("problem", "response", "still_faces"),
    "other": ("crime", "accident", "politics", "sport_ent", "market", "people"),
}
# What --explain (and the article gate's reason) calls each cue group, in the brief's language.
GROUP_NAMES: dict[str, str] = {
    "launch": "发布", "first": "首创", "research": "研发", "tech": "技术", "improved": "提升幅度",
    "rollout": "落地", "users": "用户", "in_use": "投用", "served": "服务规模",
    "still_faces": "短板", "problem": "问题", "response": "应对",
    "crime": "案件", "accident": "事故", "politics": "政务", "sport_ent": "文体", "market": "行情", "people": "人物",
    "industry": "产业",
}
# The characters a match of each cue pattern that opens with a group can start with. re skips along an
# article on the first characters of a pattern whose alternatives all open with a literal (in_use and
# still_faces are written so); one whose alternatives open with a digit it tries at every position, and
# these two cost a third of the scan. A lookahead for their first characters halves their cost;
# tests/test_themes.py checks these against the patterns.
CUE_STARTS: dict[str, str] = {
    "served": r"累服惠覆\d",
    "improved": r"提降缩减增达高仅\d",
}
_GROUP_PATTERNS = {
    name: regex.compile(f"(?=[{CUE_STARTS[name]}])(?:{pattern})" if name in CUE_STARTS else pattern)
    for name, pattern in CUES.items()
}
_GROUP_INDEX = {name: n for n, name in enumerate(GROUPS)}
_QUESTION = regex.compile(r"[?？]\s*[”\"」]?$")
_QUOTE = regex.compile(r"[“\"「].*[”\"」]")
_NUMBER = regex.compile(r"\d")


def _group_counts(text: str) -> np.ndarray:
    return np.array([len(_GROUP_PATTERNS[g].findall(text)) for g in GROUPS], dtype=float)


def cue_matches(texts: Sequence[str]) -> list[dict[str, list[str]]]:
    """Each sentence's cue matches by group. Each group's pattern runs once over the joined article, not
    once a sentence (the per-call cost dominated); a match belongs to the sentence it starts in."""
    return _CueScan(texts).found()


class _CueScan:
    """An article's cue matches, scanned group by group when first asked for: the gate reads a few
    groups and often decides on them, and the model reads all of them, so no group is scanned twice."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._joined = "\n".join(texts)
        self._starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).tolist() if texts else []
        self._found: list[dict[str, list[str]]] = [{} for _ in texts]
        self._counts: dict[str, int] = {}

    def count(self, group: str) -> int:
        """How many matches the group's pattern has in the article."""
        counts = self._counts
        if group not in counts:
            found, starts, count = self._found, self._starts, 0
            for match in _GROUP_PATTERNS[group].finditer(self._joined):
                found[bisect_right(starts, match.start()) - 1].setdefault(group, []).append(match.group())
                count += 1
            counts[group] = count
        return counts[group]

    def found(self) -> list[dict[str, list[str]]]:
        """Each sentence's matches of every group."""
        for group in GROUPS:
            self.count(group)
        return self._found


def count_matrix(found: Sequence[dict[str, list[str]]]) -> np.ndarray:
    """Cue counts (sentences × GROUPS) from `cue_matches`."""
    counts = np.zeros((len(found), len(GROUPS)))
    for row, cues in enumerate(found):  # most sentences have a few groups of the many
        for group, matches in cues.items():
            counts[row, _GROUP_INDEX[group]] = len(matches)
    return counts


CLASSES: tuple[str, ...] = ("other", "breakthroughs", "deployment", "challenges")  # the model's classes
CONTEXT = ("neighbours", "section", "heading", "sentence×section")


_CLASS_COLUMNS = tuple([_GROUP_INDEX[g] for g in THEME_GROUPS[c]] for c in CLASSES)  # each class's groups


def _theme_sums(counts: np.ndarray) -> np.ndarray:
    """Group counts (rows × GROUPS) summed per class's groups (rows × CLASSES)."""
    return np.stack([counts[:, columns].sum(axis=1) for columns in _CLASS_COLUMNS], axis=1)


def features(
    sections: Sequence[tuple[str | None, Sequence[str]]], found: Sequence[dict[str, list[str]]] | None = None
) -> np.ndarray:
    """One row a sentence (document order): where it stands, what kind of sentence it is, its own cues,
    and for each class the cues of that class around it (neighbours, section, heading, and its own cues
    where its section carries the same). A context feature only ever speaks for its own class (see
    `context_mask`): with few labelled articles, free context weights learned articles, not meanings."""
    texts = [t for _, sentences in sections for t in sentences]
    n, g, c = len(texts), len(GROUPS), len(CLASSES)
    if not n:
        return np.zeros((0, 7 + g + len(CONTEXT) * c))
    own = np.log1p(count_matrix(found if found is not None else cue_matches(texts)))
    mine = _theme_sums(own)
    shape = np.zeros((n, 7))
    neighbours = np.zeros((n, c))
    section_mean = np.zeros((n, c))
    head = np.zeros((n, c))
    start = 0
    for heading, sentences in sections:
        m = len(sentences)
        if not m:
            continue
        rows = slice(start, start + m)
        block = mine[rows]
        padded = np.vstack([np.zeros((1, c)), block, np.zeros((1, c))])
        neighbours[rows] = (padded[:-2] + padded[2:]) / 2  # the sentence before and after, in its section
        section_mean[rows] = block.mean(axis=0)
        if heading:  # no cue matches an empty heading: its row stays 0
            head[rows] = _theme_sums(np.log1p(_group_counts(heading))[None, :])[0]
        shape[rows, 1] = np.arange(m) / max(m - 1, 1)  # place in section
        start += m
    shape[:, 0] = 1.0  # bias
    shape[:, 2] = 1.0 / (1 + np.arange(n))  # lead
    shape[:, 3] = [min(len(t), 200) / 100 for t in texts]
    shape[:, 4] = [1.0 if _QUESTION.search(t) else 0.0 for t in texts]
    shape[:, 5] = [1.0 if _QUOTE.search(t) else 0.0 for t in texts]
    shape[:, 6] = [1.0 if _NUMBER.search(t) else 0.0 for t in texts]
    return np.hstack([shape, own, neighbours, section_mean, head, mine * section_mean])


def feature_names() -> list[str]:
    return list(_names())


@lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    names = ["bias", "place in section", "lead", "length", "question", "quote", "number"]
    names += [f"sentence:{g}" for g in GROUPS]
    for where in CONTEXT:
        names += [f"{where}:{c}" for c in CLASSES]
    return tuple(names)


def context_mask() -> np.ndarray:
    """(features × CLASSES): 1 where a weight may be non-zero; a context feature counts for its class only."""
    mask = np.ones((len(feature_names()), len(CLASSES)))
    for row, name in enumerate(feature_names()):
        where, _, klass = name.partition(":")
        if where in CONTEXT:
            mask[row] = [1.0 if c == klass else 0.0 for c in CLASSES]
    return mask


# The article-level gate: a story whose cues are mostly of the "other" kinds (crime, accidents, politics,
# sport and entertainment, people) is not industry or technology news, and all its sentences are 其他
# whatever theme words they mention. On the labelled articles, every story over this ratio had at most
# a sixth of its sentences in a theme; under it, stories went up to two thirds.
GATE_KINDS = ("crime", "accident", "politics", "sport_ent", "people")
GATE_AGAINST = ("industry", "launch", "first", "research", "rollout", "users", "in_use", "served", "improved")  # costly last
GATE_RATIO = 3.0
GATE_MIN_CUES = 4


def industry_gate(texts: Sequence[str], scan: _CueScan | None = None) -> str:
    """"" when the article may carry themes; else why it is not industry or technology news. `scan`: the
    article's cue matches, which the theme model goes on to read (else the gate scans on its own)."""
    if scan is None:
        scan = _CueScan(texts)
    kinds = {g: scan.count(g) for g in GATE_KINDS}
    other = sum(kinds.values())
    if other < GATE_MIN_CUES:
        return ""
    # The count against stops once it clears the story (it only grows): the groups it did not scan are
    # left to the model, and a story the gate sends to 其他 is never scanned for the model's other groups.
    against = 0
    for group in GATE_AGAINST:
        against += scan.count(group)
        if other < GATE_RATIO * max(against, 1):
            return ""
    top = "、".join(GROUP_NAMES[g] for g, n in sorted(kinds.items(), key=lambda kv: -kv[1]) if n)
    return f"非产业或科技新闻（{top}线索{other}处，产业及各主题线索{against}处）"


@dataclass(frozen=True)
class ThemeModel:
    """Softmax weights over `features`, one column per class in `classes`."""

    classes: tuple[str, ...]
    weights: np.ndarray  # (features, classes)
    mean: np.ndarray  # feature standardisation, from the training data
    scale: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = ((x - self.mean) / self.scale) @ self.weights
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def contributions(self, x: np.ndarray, klass: int) -> np.ndarray:
        """Each feature's share of one row's logit for `klass`, against the mean of all classes."""
        return (x - self.mean) / self.scale * self._centred[:, klass]

    @cached_property
    def _centred(self) -> np.ndarray:
        return self.weights - self.weights.mean(axis=1, keepdims=True)

    def to_json(self) -> dict[str, object]:
        return {
            "classes": list(self.classes),
            "features": feature_names(),
            "weights": np.round(self.weights, 5).tolist(),
            "mean": np.round(self.mean, 6).tolist(),
            "scale": np.round(self.scale, 6).tolist(),
        }


@lru_cache(maxsize=1)
def load_model() -> ThemeModel:
    """The shipped model; its feature list must be the one `features` builds (else retrain)."""
    raw = json.loads(resources.files("summarize").joinpath("data/themes_model.json").read_text("utf-8"))
    if raw["features"] != feature_names():
        raise RuntimeError("summarize/data/themes_model.json was trained on other features: run training/train_themes.py")
    return ThemeModel(tuple(raw["classes"]), np.array(raw["weights"]), np.array(raw["mean"]), np.array(raw["scale"]))


@dataclass(frozen=True)
class ThemeCall:
    """A sentence's theme, how sure the call is (0–1), how much each theme fits it, and why."""

    theme: Theme
    confidence: float
    why: str
    fit: tuple[tuple[str, float], ...] = ()  # (theme key, 0–1) for "other" and every configured theme


@lru_cache(maxsize=64)
def _keyword_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return regex.compile("|".join(map(re.escape, words))) if words else None


HEADING_WEIGHT = 3.0  # a heading names its section's subject
MIN_KEYWORD_EVIDENCE = 1.0  # a configured theme needs one of its words in the sentence
KEYWORD_FULL_FIT = 3.0  # evidence at which a configured theme fits a sentence fully
EXTRA_KEYWORD_LOGIT = 2.0  # what one of a user's own words for a built-in theme adds to that theme


def theme_sentences(
    sections: Sequence[tuple[str | None, Sequence[str]]], themes: tuple[Theme, ...], *, explain: bool = True
) -> list[ThemeCall]:
    """A ThemeCall for every sentence of the article, in document order.

    `sections` is each section's heading and sentence texts. Built-in themes (the model's classes) are
    called by the model; a user's extra keywords for one of them add to its logit; any other configured
    theme is called by its keywords in the sentence, its neighbours and its heading. With `explain`
    False every `why` is "": the reasons cost a tenth of the article's time and only --explain shows them.
    """
    texts = [t for _, sentences in sections for t in sentences]
    if not texts:
        return []
    model = load_model()
    known = [t for t in themes if t.key in model.classes and t.key != OTHER.key]
    own = [t for t in themes if t.key not in model.classes and t.key != OTHER.key]
    fit = np.zeros((len(texts), 1 + len(known) + len(own)))
    fit[:, 0] = 1.0
    why = [""] * len(texts)
    scan = _CueScan(texts)
    gate = industry_gate(texts, scan) if known else ""  # the gate speaks for the model's themes only
    if gate:
        why = [gate] * len(texts)
    elif known:
        found = scan.found()
        x = features(sections, found)
        columns = [model.classes.index(OTHER.key)] + [model.classes.index(t.key) for t in known]
        logits = np.log(np.clip(model.probabilities(x)[:, columns], 1e-12, None))
        for j, theme in enumerate(known, start=1):
            extra = _extra_words(theme)
            if extra is not None:
                logits[:, j] += EXTRA_KEYWORD_LOGIT * np.array([len(extra.findall(t)) for t in texts])
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        fit[:, : 1 + len(known)] = p / p.sum(axis=1, keepdims=True)
        labels = {t.key: t.label for t in (*DEFAULT_THEMES, OTHER, *known)} if explain else {}  # as the reader's themes name them
        for i in range(len(texts) if explain else 0):
            row = fit[i, : 1 + len(known)]
            j, *rest = np.argsort(-row, kind="stable")[:2].tolist()  # ties go first-listed, as argmax's do
            key = known[j - 1].key if j else OTHER.key
            runner = (known[rest[0] - 1].key if rest[0] else OTHER.key, float(row[rest[0]])) if rest else None
            why[i] = _why(model, x[i], model.classes.index(key), found[i], float(fit[i, j]), labels, runner, texts[i])
    if own:
        for i, (j, evidence, reason) in enumerate(_keyword_calls(sections, own)):
            if j is not None:
                # A configured theme's own words in the sentence: it fits as far as its evidence goes,
                # and outranks what the model would call the sentence unless the model is surer.
                fit[i, 1 + len(known) + j] = min(1.0, evidence / KEYWORD_FULL_FIT)
                if fit[i, 1 + len(known) + j] >= fit[i, : 1 + len(known)].max() or not known:
                    fit[i, 0] = min(fit[i, 0], 1.0 - fit[i, 1 + len(known) + j])
                    why[i] = reason
    order = (OTHER, *known, *own)
    keys = [t.key for t in order]
    best = fit.argmax(axis=1)  # ties go to "other", then to the theme listed first
    rounded = np.round(fit, 4).tolist()
    return [
        ThemeCall(order[j], row[j], (why[i] or "没有主题线索") if explain else "", tuple(zip(keys, row)))
        for i, (j, row) in enumerate(zip(best.tolist(), rounded))
    ]


@lru_cache(maxsize=32)
def _extra_words(theme: Theme) -> re.Pattern[str] | None:
    """A user's words for a built-in theme that the built-in list does not have."""
    builtin = {w for t in DEFAULT_THEMES if t.key == theme.key for w in t.keywords}
    return _keyword_pattern(tuple(w for w in theme.keywords if w not in builtin))


def _keyword_calls(
    sections: Sequence[tuple[str | None, Sequence[str]]], themes: Sequence[Theme]
) -> list[tuple[int | None, float, str]]:
    """Per sentence: the configured theme its words point to (index into `themes`), the evidence, why."""
    patterns = [_keyword_pattern(t.keywords) for t in themes]
    out: list[tuple[int | None, float, str]] = []
    for heading, sentences in sections:
        hits = [[p.findall(s) if p else [] for p in patterns] for s in sentences]
        heads = [p.findall(heading or "") if p else [] for p in patterns]
        for k in range(len(sentences)):
            scores = []
            for j in range(len(themes)):
                near = sum(len(hits[m][j]) for m in (k - 1, k + 1) if 0 <= m < len(sentences))
                scores.append(len(hits[k][j]) + 0.5 * near + (HEADING_WEIGHT * len(heads[j]) if hits[k][j] else 0.0))
            j = max(range(len(themes)), key=lambda m: (scores[m], -m))
            if hits[k][j] and scores[j] >= MIN_KEYWORD_EVIDENCE:
                words = "、".join(dict.fromkeys(hits[k][j]))
                out.append((j, scores[j], f"{THEME_WORDS} {words}" + ("；小标题也提到" if heads[j] else "")))
            else:
                out.append((None, 0.0, ""))
    return out


# What a sentence says, not what it is about: "芯片", "模型" name a breakthrough's subject, and a
# sentence with no other cue ("该芯片采用7纳米工艺") states no result of its own.
TOPIC_GROUPS = ("tech",)


def own_cues(text: str, theme: Theme) -> list[str]:
    """The words in `text` itself that say `theme`: the cues of a built-in theme's meaning (its topic
    words aside) and a configured theme's keywords. Empty when the sentence got its theme from its
    surroundings alone (its neighbours, its section, its heading)."""
    groups = [g for g in THEME_GROUPS.get(theme.key, ()) if g not in TOPIC_GROUPS]
    return _theme_words(text, groups, _keyword_pattern(theme.keywords) if theme.key not in THEME_GROUPS else _extra_words(theme))


def _theme_words(text: str, groups: Sequence[str], words: re.Pattern[str] | None) -> list[str]:
    """The matches in `text` of the cue `groups` and of a theme's `words`, each once, in the order found."""
    found = [m for g in groups for m in _GROUP_PATTERNS[g].findall(text)]
    if words is not None:
        found += words.findall(text)
    return list(dict.fromkeys(found))


# The theme that came second is named with its cue words when it fits the sentence this much: a reader who
# sees 其他 on "…开始用生成式AI设计…" learns that 落地应用 came next, and on which words.
RUNNER_UP_FIT = 0.15


def _why(
    model: ThemeModel, row: np.ndarray, klass: int, found: dict[str, list[str]], confidence: float, labels: dict[str, str],
    runner: tuple[str, float] | None = None, text: str = "",
) -> str:
    """The cues in the sentence (`text`) and the context features that pushed hardest toward its theme
    (`labels`: each class's theme label), then the `runner`-up theme (key, fit) where the sentence has cues
    of its own."""
    key = model.classes[klass]
    cues = _cue_words(found, key, text)
    names = _names()
    push = model.contributions(row, klass)
    context = [names[i] for i in np.argsort(-push)[:6] if push[i] > 0.3 and names[i] != "bias"][:3]
    parts = [f"{confidence:.0%}"]
    if cues:
        parts.append(f"{CUE_WORDS} " + "、".join(cues[:5]))
    if context:
        parts.append("上下文 " + "、".join(feature_said(name, labels) for name in context))
    if len(parts) == 1:
        parts.append("没有明显线索")  # the model's call on its features as a whole
    if runner is not None and runner[1] >= RUNNER_UP_FIT and (words := _cue_words(found, runner[0], text)):
        parts.append(f"次选{labels.get(runner[0], runner[0])} {runner[1]:.0%}（{CUE_WORDS} " + "、".join(words[:3]) + "）")
    return "；".join(parts)


def _cue_words(found: dict[str, list[str]], key: str, text: str = "") -> list[str]:
    """A sentence's cue words (`found`, by group) for the model class `key`, each once, in group order, none
    that another one holds; one that ends in a digit runs on to the end of its number in `text` ("缩短了1" →
    "缩短了11.5%")."""
    words = list(dict.fromkeys(_whole_number(w, text) for g in THEME_GROUPS.get(key, ()) for w in found.get(g, ())))
    return [w for w in words if not any(w != other and w in other for other in words)]  # 接入 in 接入全市1260


# The rest of a number: digits, thousands (",250": many texts write the Chinese comma as ",", so a comma
# counts only before exactly three digits), a decimal part, a unit.
_NUMBER_RUNS_ON = regex.compile(r"\d*(?:,\d{3}(?!\d))*(?:\.\d+)?[%％倍]?")


def _whole_number(cue: str, text: str) -> str:
    """`cue` as found in `text`, with the rest of the number it stops in (cue patterns stop at its first digit)."""
    if not cue[-1:].isdigit() or (at := text.find(cue)) < 0:
        return cue
    return cue + _NUMBER_RUNS_ON.match(text, at + len(cue)).group()  # it matches, at least the empty string


# What --explain calls each model feature, in the brief's language (the names are the code's and the trained
# model's; a Traditional summary shows these through OpenCC with the rest of zhbrief's own words).
_SHAPE_SAID = {"bias": "基准", "place in section": "在节中的位置", "lead": "靠近篇首", "length": "句子长度",
               "question": "问句", "quote": "含引语", "number": "含数字"}
_CONTEXT_SAID = {"sentence": "本句有{}线索", "neighbours": "前后句偏{}", "section": "本节偏{}", "heading": "小标题偏{}",
                 "sentence×section": "本句与本节同偏{}"}


def feature_said(name: str, labels: dict[str, str]) -> str:
    """A model feature (`feature_names`) as --explain says it; `labels`: each class's theme label."""
    where, _, what = name.partition(":")
    if not what:
        return _SHAPE_SAID[name]
    return _CONTEXT_SAID[where].format(GROUP_NAMES[what] if where == "sentence" else labels.get(what, what))


# A section takes the theme its sentences fit best on average (blended with the whole article's, as
# sections of one story share its subject) when that average reaches SECTION_FIT; below, it is 其他.
# Each of a theme's words a heading names ("走进医院 多地试点…", "直面挑战…") adds HEADING_FIT to it (two at most);
# for a built-in theme its cue groups name it too ("骗术愈演愈烈", "动力系统：发动机相同"), as they do in a sentence.
# Chosen on held-out articles (see training/train_themes.py --folds).
# The article's title names what the whole story is about ("2004中国十大科技骗局", "…耐克鞋的气垫'伤机'"):
# each of a theme's words in it adds TITLE_FIT to every section (two at most), a third of a heading's
# say, since it speaks for all the sections at once. Only the real pages' labels have titles: held out
# (crossval_picks.py), their sections went from 125 to 131 of 178 right (0.1 the same, 0.15 127), most
# of it on one long feature page whose every section is a debunking under a title that names the hoaxes.
SECTION_FIT = 0.3
ARTICLE_BLEND = 0.3
HEADING_FIT = 0.15
TITLE_FIT = 0.05


def section_theme(
    heading: str | None, calls: Sequence[ThemeCall], article: Sequence[ThemeCall], themes: tuple[Theme, ...],
    title: str | None = None,
) -> Theme:
    """The theme a section (its heading, its sentences' `calls`; `article`: all the article's, and its
    `title`) carries."""
    if not calls:
        return OTHER
    return _section_theme(heading, _mean_fit(calls), _mean_fit(article), themes, _title_fit(title, themes))


def section_themes(
    sections: Sequence[tuple[str | None, Sequence[str]]], calls: Sequence[ThemeCall], themes: tuple[Theme, ...],
    title: str | None = None,
) -> list[Theme]:
    """`section_theme` of every section (heading, sentence texts) of an article titled `title` whose
    sentences got `calls`, in order; the article's mean fit is taken once (most articles are one section:
    then it is the section's)."""
    whole = _mean_fit(calls)
    said = _title_fit(title, themes)
    found: list[Theme] = []
    start = 0
    for heading, sentences in sections:
        mine = calls[start : start + len(sentences)]
        start += len(sentences)
        if not mine:
            found.append(OTHER)
        else:
            found.append(_section_theme(heading, whole if len(mine) == len(calls) else _mean_fit(mine), whole, themes, said))
    return found


def _mean_fit(rows: Sequence[ThemeCall]) -> dict[str, float]:
    total: dict[str, float] = {}
    n = len(rows)
    for call in rows:
        for key, value in call.fit:
            total[key] = total.get(key, 0.0) + value / n
    return total


def _title_fit(title: str | None, themes: tuple[Theme, ...]) -> dict[str, float]:
    """What the article's title adds to each theme of every section."""
    if not title:
        return {}
    return {t.key: TITLE_FIT * min(_heading_cues(title, t), 2) for t in themes if t.key != OTHER.key}


def _section_theme(heading: str | None, mine: dict[str, float], whole: dict[str, float], themes: tuple[Theme, ...],
                   title: dict[str, float] | None = None) -> Theme:
    """The theme of a section whose sentences fit each theme `mine` on average, and the article's `whole`;
    `title`: what the article's title adds to each theme."""
    best: tuple[float, Theme] | None = None
    for theme in themes:  # in lexicon order: a tie goes to the theme listed first
        if theme.key == OTHER.key:
            continue
        value = (1 - ARTICLE_BLEND) * mine.get(theme.key, 0.0) + ARTICLE_BLEND * whole.get(theme.key, 0.0)
        if heading:
            value += HEADING_FIT * min(_heading_cues(heading, theme), 2)
        if title:
            value += title.get(theme.key, 0.0)
        if best is None or value > best[0]:
            best = (value, theme)
    return best[1] if best is not None and best[0] >= SECTION_FIT else OTHER


def _heading_cues(heading: str, theme: Theme) -> int:
    """How many words of `theme` a heading names: its own keywords, and for a built-in theme its cues."""
    return len(_theme_words(heading, THEME_GROUPS.get(theme.key, ()), _keyword_pattern(theme.keywords)))


# A sentence the model calls 其他 in a section that carries a theme takes that theme when it fits it at
# least LEAN_FIT: an editor files most of a story's sentences under the story's theme (69% of a 挑战与对策
# section's labelled sentences are challenges, many without a cue of their own). Its confidence stays
# its fit, under 0.5, so the digest never quotes it for that theme. Held out (train_themes.py --folds 4,
# all three label files) sentences 75.0 -> 76.0% right (3 folds 73.9 -> 75.0, 5 folds 74.9 -> 75.6);
# 0.25 and 0.35 gain less.
LEAN_FIT = 0.3


def lean_to_sections(
    calls: Sequence[ThemeCall], section_of: Sequence[int], themes_of_sections: Sequence[Theme], *, explain: bool = True
) -> list[ThemeCall]:
    """`calls` with each 其他 sentence of a themed section given that theme where it fits it LEAN_FIT."""
    out = list(calls)
    for i, call in enumerate(calls):
        theme = themes_of_sections[section_of[i]]
        if call.theme.key != OTHER.key or theme.key == OTHER.key:
            continue
        fit = dict(call.fit).get(theme.key, 0.0)
        if fit >= LEAN_FIT:
            why = f"{fit:.0%}；沿用本节主题（单看本句属{OTHER.label}：{call.why}）" if explain else ""
            out[i] = ThemeCall(theme, fit, why, call.fit)
    return out

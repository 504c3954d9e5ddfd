"""--explain speaks the brief's language: every reason a sentence was chosen or passed over, and every reason
it got its theme, reads as Chinese in the 评分明细 table (Markdown, HTML, text) and in JSON, in Traditional
characters for a Traditional article. The only Latin letters a cell may hold are the article's own (a cue
word or a term it matched, "L4"); numbers and % stay as they are. Each kind of reason is made here by a real
article: junk (an editor's note, a caption known by its credit, a byline alone), weak sentences (a quote
without its speaker, a speaker alone, a question, list items, an announcement), a dangling opener, a glued
dateline and caption stripped, a repeat, the budget (over it, and the best pick cut to it), a story that is
not industry news, a configured theme's own words, and a sentence leaning to its section's theme."""
from __future__ import annotations

import ast
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from summarize import roles, themes
from summarize.script import _script_patterns
from tests.conftest import ROOT

# Written for these tests in the style of a scraped local news page: an editor's note, a wire dateline,
# a photo caption whose credit runs into the next sentence, a quote and its speaker apart, a question,
# a numbered list, a repeated sentence and a byline alone at the end.
DELIVERY = """# 滨江新区无人配送车驶上街头

编者按：本报今起推出“新城观察”系列报道，记录新区建设中的新变化。

本报讯（记者 方晓岚）11月20日，滨江新区管委会宣布，首批30辆L4级无人配送车正式上路运营，覆盖新区8个社区和2个产业园。

20日，一辆无人配送车停在春和社区门口。本报记者何一舟摄据介绍，这批配送车由本地企业星途智行自主研发，搭载激光雷达和多传感器融合算法，可在雨雾天气下识别行人与非机动车。

“以前取一次快递要走十几分钟，现在车就停在楼下。”家住春和社区的居民王女士说。配送车投入运营一周以来，累计完成配送订单1.2万单，平均送达时间缩短至18分钟。它们会取代快递员吗？该车队由星途智行负责日常维护。

## 配送车上路的路权挑战

不过，无人配送车上路仍面临不少难题。1、路权尚不明确，部分路段禁止此类车辆通行；2、事故责任认定缺乏统一标准，保险产品也尚未跟上。

新区交通部门表示，将会同公安部门研究制定无人配送车道路测试与运营管理细则。新区交通部门表示，将会同公安部门研究制定无人配送车道路测试与运营管理细则，并向社会公开征求意见。（记者 方晓岚）
"""
# Not industry or technology news: the article-level gate sends every sentence to 其他.
THEFT = """# 城郊仓库盗窃案告破

11月18日，江城市公安局通报，警方破获一起仓库盗窃案，两名犯罪嫌疑人已被刑事拘留。
据民警介绍，嫌疑人多次在夜间潜入城郊物流仓库，盗窃电子产品，涉案价值约20万元。
目前，案件已移送检察机关审查起诉。
"""
# A theme of the reader's own, found by its words.
OWN_THEME = """[[themes]]
key = "mobility"
label = "智慧出行"
keywords = ["配送车", "路权"]

[[themes]]
key = "challenges"
label = "挑战与对策"
keywords = ["挑战", "难题"]
"""

CASES = {  # name: (article, extra arguments)
    "delivery": (DELIVERY, ()),
    "over the budget": (DELIVERY, ("--budget", "60")),
    "cut to the budget": (DELIVERY, ("--budget", "20")),
    "not industry news": (THEFT, ()),
    "own theme": (DELIVERY, ("--config", "{config}")),
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def explain_cells(output: str, fmt: str) -> list[tuple[str, str]]:
    """(reason, theme reason) of every row of the explanation in `output`."""
    if fmt == "json":
        return [(row["reason"], row["theme_reason"]) for row in json.loads(output)["explain"]]
    if fmt == "md":
        table = output.split("## 评分明细", 1)[1] if "## 评分明细" in output else output.split("## 評分明細", 1)[1]
        rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
        return [(re.sub(r"\\(.)", r"\1", row[5].strip()), re.sub(r"\\(.)", r"\1", row[6].strip())) for row in rows]
    if fmt == "html":
        cells = [html.unescape(cell) for cell in re.findall(r'<td class="reason"[^>]*>(.*?)</td>', output, flags=re.DOTALL)]
        return list(zip(cells[::2], cells[1::2]))
    lines = output.splitlines()
    found = []
    for number, line in enumerate(lines):
        if match := re.match(r"  [✓ ] #\d+\s+[\d.]+\s+§\d+ \S+  (.*)$", line):
            found.append((match[1], lines[number + 1].split(": ", 1)[1]))
    return found


def english_words(cell: str, article: str) -> list[str]:
    """Latin words in `cell` that the article does not write itself."""
    own = set(re.findall(r"[A-Za-z]+", article))
    return [word for word in re.findall(r"[A-Za-z]+", cell) if word not in own]


def explained(tmp_path: Path, case: str, fmt: str, script: str) -> tuple[str, list[tuple[str, str]]]:
    article, extra = CASES[case]
    if script == "traditional":
        article = opencc.OpenCC("s2tw").convert(article)
    page = tmp_path / "article.txt"
    page.write_text(article, encoding="utf-8")
    config = tmp_path / "zhbrief.toml"
    config.write_text(OWN_THEME, encoding="utf-8")
    arguments = [a.format(config=config) for a in extra]
    run = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(page), "--explain", "--format", fmt, *arguments],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    cells = explain_cells(run.stdout, fmt)
    assert len(cells) > 2, run.stdout
    return article, cells


@pytest.mark.parametrize("fmt", ["md", "html", "text", "json"])
@pytest.mark.parametrize("case", list(CASES))
def test_explain_reasons_read_in_chinese(tmp_path: Path, case: str, fmt: str) -> None:
    article, cells = explained(tmp_path, case, fmt, "simplified")
    for reason, theme_reason in cells:
        for cell in (reason, theme_reason):
            assert CJK.search(cell), cell
            assert not english_words(cell, article), cell


@pytest.mark.parametrize("fmt", ["md", "html", "text", "json"])
@pytest.mark.parametrize("case", ["delivery", "not industry news", "over the budget"])
def test_explain_reasons_of_a_traditional_article_read_in_traditional(tmp_path: Path, case: str, fmt: str) -> None:
    article, cells = explained(tmp_path, case, fmt, "traditional")
    simplified_only = _script_patterns()[1]
    for reason, theme_reason in cells:
        for cell in (reason, theme_reason):
            assert CJK.search(cell) and not english_words(cell, article), cell
            assert not simplified_only.findall(cell), cell


# Written for this test: cue words that Hong Kong writes otherwise than Taiwan (用户, 商户, 泄露; Taiwan: 用戶,
# 商戶, 洩露), so a reason that quoted them through a Taiwan conversion would quote words the article lacks.
SERVICE = """# 东岭科技智能客服平台用户突破百万

11月20日，东岭科技宣布，其智能客服平台注册用户已突破100万，累计服务商户超过3000家。
不过，业内人士提醒，客服对话中的个人信息一旦泄露，后果难以估量。
公司表示，将引入第三方审计，完善数据安全管理制度。
"""


@pytest.mark.parametrize("conversion", ["s2hk", "s2tw"])
def test_the_cue_words_a_reason_quotes_are_the_articles_own(tmp_path: Path, conversion: str) -> None:
    article = opencc.OpenCC(conversion).convert(SERVICE)
    page = tmp_path / "article.txt"
    page.write_text(article, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(page), "--explain", "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    quoted = [word for _, theme_reason in explain_cells(run.stdout, "json")
              for words in re.findall(r"線索詞 ([^；（）]+)", theme_reason) for word in words.split("、")]
    assert {"用户", "商户", "泄露"} & set(quoted) if conversion == "s2hk" else {"用戶", "商戶", "洩露"} & set(quoted)
    assert quoted and all(word in article for word in quoted), quoted
    assert not _script_patterns()[1].findall("".join(quoted))  # and none in Simplified


def test_every_kind_of_reason_is_made_by_the_delivery_article(tmp_path: Path) -> None:
    """The cases above meet each kind of reason (else a kind could stay English unseen), each said once."""
    said = [cell for case in CASES for cells in [explained(tmp_path, case, "json", "simplified")[1]] for row in cells for cell in row]
    for kind in ("编者按", "图片说明", "署名", "引语未交代说话人", "只有说话人", "问句", "列表", "预告", "指代", "电头",
                 "的词相同", "超出", "截断", "非产业或科技新闻", "主题词", "本节主题", "本节偏", "中心度"):
        assert any(kind in cell for cell in said), kind
    quoted = [cell for cell in said if "引语未交代说话人" in cell]
    assert quoted and all(cell.count("引语未交代说话人") == 1 for cell in quoted)  # a weak kind once, not again at the end


def test_every_rule_and_cue_has_a_chinese_name() -> None:
    names = [name for name, _ in roles._JUNK_RULES] + [name for name, _ in roles._GLUED]
    assert all(CJK.search(roles.RULE_NAMES[name]) for name in names)
    assert all(CJK.search(themes.GROUP_NAMES[group]) for group in themes.GROUPS)
    labels = {theme.key: theme.label for theme in (*themes.DEFAULT_THEMES, themes.OTHER)}
    for feature in themes.feature_names():
        if feature != "bias":
            described = themes.feature_said(feature, labels)
            assert CJK.search(described) and not re.search(r"[A-Za-z]", described), feature
    # Reasons are named through RULE_NAMES only: no verdict in roles.py is given a reason written in place.
    tree = ast.parse((ROOT / "summarize" / "roles.py").read_text(encoding="utf-8"))
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Verdict" and len(call.args) >= 3:
            assert not isinstance(call.args[2], (ast.Constant, ast.JoinedStr)), ast.unparse(call)

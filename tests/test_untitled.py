"""An article without a headline — a JSONL line with no "title", a text file that opens on a sentence — is
named by its opening words, or （无标题） when it has none. Those are words quoted from the article, not its
title: no output puts them in 《》, the marks of a work's title. A brief credits such an item as
——SOURCE：“OPENING WORDS……” (——SOURCE（无标题）), lists it as “OPENING WORDS……”, in 「」 in Traditional, and a
titled article exactly as before: ——SOURCE《TITLE》.

One real digest a script (the CLI in a subprocess, pushing to three loopback chat platforms and writing the
mail as an .eml file) over a folder of one titled and three untitled articles written for these tests.
"""
from __future__ import annotations

import dataclasses
import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import opencc
import pytest

from briefs.deliver.messages import DINGTALK, FEISHU, WECOM, split
from briefs.deliver.outline import outline_from_brief, read_outline
from briefs.model import Article, Brief, BriefItem, Document, ThemeSection
from briefs.render import render_brief
from summarize.model import OTHER, Section, Sentence, Summary
from tests.golden_brief import sample_brief
from tests.platform_fixtures import platform_servers
from tests.test_push_cli import SECRETS_ENV, zhbrief

DAY = "2026-11-25"
LINK_BASE = "https://briefs.example.cn/daily/"

PORT = """临江港启用自动化集装箱码头
2026-11-25 08:40 来源：临江日报
11月24日，临江港务集团宣布，港区四期自动化集装箱码头正式投入运营，首批12台无人驾驶集卡同步上线。
据介绍，新码头采用自主研发的智能调度系统，岸桥作业效率较传统码头提升约30%，单箱能耗下降两成。
港务集团技术中心负责人表示，调度系统可根据船舶靠泊计划自动生成作业指令，减少了人工干预。
不过，业内人士也指出，自动化码头前期投入大，运维人才短缺，中小港口短期内难以复制。
"""
# A text file with no headline: its first line is the story's first sentence.
SCHOOL = """11月25日起，南屿区在全区23所中小学试点“AI助教”，覆盖约一万二千名学生。
区教育局介绍，“AI助教”可以批改作业、分析学情，并为每名学生生成个性化的练习建议。
试点学校的教师反映，批改作业的时间平均每天减少约一小时，可以把更多精力放在课堂上。
但也有家长担心，学生过度依赖智能工具，可能削弱独立思考的能力，数据隐私同样值得关注。
对此，区教育局表示，将制定使用规范，明确数据只用于教学，不得用于其他用途。
"""
WIRE = (  # JSONL lines without "title": one with its page's address, one without
    {"id": "ferry-1", "source": "江城晚报", "url": "https://news.example.cn/2026/11/25/ferry.html",
     "published": "2026-11-25T10:05:00+08:00",
     "text": "11月25日，江城市轮渡公司宣布，全市首批8艘纯电动渡轮当天起正式投入运营，覆盖三条过江航线。\n"
             "据介绍，每艘渡轮充电一次可连续航行6小时，与柴油渡轮相比每年可减少碳排放约400吨。\n"
             "轮渡公司表示，明年还将新建两座岸电充电站，逐步替换剩余的柴油船只。\n"
             "有市民反映，新渡轮舱内噪音明显降低，乘坐体验更好。"},
    {"id": "games-1", "source": "江城晚报",
     "text": "11月25日晚，江城市第十届全民健身运动会在市体育中心开幕，来自全市的三千余名运动员参加开幕式。\n"
             "本届运动会共设游泳、田径、龙舟等18个大项，比赛将持续至12月上旬。\n"
             "组委会介绍，今年首次增设了老年组和亲子组项目，报名人数创历届新高。"},
)
FERRY_URL = WIRE[0]["url"]

# Taiwan writes quotation marks 「」 (nested 『』); OpenCC converts characters only.
_TAIWAN_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


def taiwanese(text: str) -> str:
    return opencc.OpenCC("s2tw").convert(text).translate(_TAIWAN_QUOTES)


def write_inbox(inbox: Path, convert=lambda text: text) -> None:
    inbox.mkdir(parents=True)
    (inbox / "port.txt").write_text(convert(PORT), encoding="utf-8")
    (inbox / "school.txt").write_text(convert(SCHOOL), encoding="utf-8")
    lines = [{**r, "text": convert(r["text"]), "source": convert(r["source"])} for r in WIRE]
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
    (inbox / "wire.jsonl").write_text(jsonl, encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class Day:
    """Every output of one digest, as its reader gets it (the text a browser, a chat or a mail client shows)."""

    out: Path
    md: str
    html: str  # the page's text
    index: str  # index.md and index.html's text
    feed: str  # the feed's entries: summary and content, as text
    mail_text: str
    mail_html: str  # its text
    chat: dict[str, str]  # the messages each platform accepted, as their text
    accepted: dict[str, list[dict[str, Any]]]  # the payloads


def page_text(html: str) -> str:
    return lxml.html.document_fromstring(html).text_content()


def feishu_text(payload: dict[str, Any]) -> str:
    rows = payload["content"]["post"]["zh_cn"]["content"]
    return "\n".join("".join(element["text"] for element in row) for row in rows)


def run_day(folder: Path, convert=lambda text: text, config: str = "") -> Day:
    inbox, out, eml = folder / "inbox", folder / "out", folder / "brief.eml"
    write_inbox(inbox, convert)
    settings = folder / "zhbrief.toml"
    settings.write_text(config, encoding="utf-8")
    with platform_servers() as platforms:
        # One item a theme: the sports story is quoted by none, so chat lists it under 更多文章.
        run = zhbrief("digest", str(inbox), "--date", DAY, "--out", str(out), "--per-theme", "1",
                      "--config", str(settings),
                      "--push-to", f"wecom:{platforms.wecom.url}", "--push-to", f"dingtalk:{platforms.dingtalk.url}",
                      "--push-to", f"feishu:{platforms.feishu.url}", "--link-base", LINK_BASE,
                      "--mail-to", "editor@example.cn", "--mail-from", "zhbrief@example.cn", "--mail-eml", str(eml),
                      env=SECRETS_ENV)
        assert run.returncode == 0, run.stderr
        bots = (platforms.wecom, platforms.dingtalk, platforms.feishu)
        accepted = {p.kind: list(p.accepted) for p in bots}
        assert all(accepted.values()) and not any(p.problems for p in bots)
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    return Day(
        out,
        (out / f"{DAY}.md").read_text(encoding="utf-8"),
        page_text((out / f"{DAY}.html").read_text(encoding="utf-8")),
        (out / "index.md").read_text(encoding="utf-8") + page_text((out / "index.html").read_text(encoding="utf-8")),
        "\n".join(e.summary + page_text(e.content[0].value) for e in feed.entries),
        message.get_body(("plain",)).get_content().replace("\r\n", "\n"),
        page_text(message.get_body(("html",)).get_content()),
        {"wecom": "\n".join(m["markdown"]["content"] for m in accepted["wecom"]),
         "dingtalk": "\n".join(m["markdown"]["text"] for m in accepted["dingtalk"]),
         "feishu": "\n".join(feishu_text(m) for m in accepted["feishu"])},
        accepted,
    )


@pytest.fixture(scope="module")
def simplified_day(tmp_path_factory: pytest.TempPathFactory) -> Day:
    return run_day(tmp_path_factory.mktemp("untitled"))


@pytest.fixture(scope="module")
def traditional_day(tmp_path_factory: pytest.TempPathFactory) -> Day:
    """The same day as a Taiwanese paper writes it, in a brief whose own words follow its articles."""
    return run_day(tmp_path_factory.mktemp("untitled-tw"), taiwanese, '[digest]\nlabels = "auto"\n')


def outputs(day: Day) -> dict[str, str]:
    return {"md": day.md, "html": day.html, "index": day.index, "feed": day.feed, "mail text": day.mail_text,
            "mail html": day.mail_html, **day.chat}


def title_marked(text: str) -> set[str]:
    """What the text puts in 《》, links' Markdown taken off."""
    return set(re.findall(r"《([^《》]*)》", re.sub(r"\[([^\]]*)\](?:\[\d+\]|\([^)]*\))", r"\1", text)))


def test_opening_words_are_never_put_in_title_marks(simplified_day: Day, traditional_day: Day) -> None:
    for day, headline in ((simplified_day, "临江港启用自动化集装箱码头"), (traditional_day, taiwanese("临江港启用自动化集装箱码头"))):
        wrong = {name: title_marked(text) - {headline} for name, text in outputs(day).items()}
        assert {name: marked for name, marked in wrong.items() if marked} == {}


def test_an_untitled_item_is_credited_with_its_opening_words_quoted(simplified_day: Day) -> None:
    day = simplified_day
    ferry, school = "11月25日，江城市轮渡公司宣布……", "11月25日起，南屿区在全区23所中小学试点‘AI助教’……"
    titled = "——临江日报《临江港启用自动化集装箱码头》"
    for name, text in (("html", day.html), ("mail html", day.mail_html), ("feishu", day.chat["feishu"])):
        assert f"——江城晚报：“{ferry}”" in text, name
        assert f"——“{school}”" in text and titled in text, name
    assert re.search(rf"——江城晚报：“\[{ferry}\]\[\d\]”", day.md) and f"——“{school}”" in day.md and titled in day.md
    assert f"——江城晚报：“{ferry}” <{FERRY_URL}>" in day.mail_text
    assert f"——“{school}”" in day.mail_text and titled in day.mail_text
    for kind in ("wecom", "dingtalk"):
        assert f"——江城晚报：“[{ferry}]({FERRY_URL})”" in day.chat[kind], kind
        assert f"——“{school}”" in day.chat[kind] and titled in day.chat[kind], kind


def test_an_untitled_article_is_listed_by_its_opening_words_quoted(simplified_day: Day) -> None:
    day = simplified_day
    assert "### 1. 临江港启用自动化集装箱码头\n" in day.md
    assert re.search(r"### \d\. “11月25日起，南屿区在全区23所中小学试点‘AI助教’……”\n", day.md)
    assert re.search(r"### \d\. “\[11月25日，江城市轮渡公司宣布……\]\[\d\]”\n", day.md)
    games = "“11月25日晚，江城市第十届全民健身运动会在市体育中心开幕……”"
    assert re.search(rf"### \d\. {games}\n", day.md)
    assert re.search(rf"\d\. {games}", day.html) and re.search(rf"\d\. {games}", day.mail_text)
    # In chat, the story no theme item quotes is listed under 更多文章, quoted as in the brief.
    for kind in ("wecom", "dingtalk"):
        assert f"- {games}" in day.chat[kind], kind
    assert f"• {games}" in day.chat["feishu"]


def test_a_traditional_brief_quotes_opening_words_in_its_own_marks(traditional_day: Day) -> None:
    day = traditional_day
    assert day.md.startswith("# 每日簡報")
    ferry = taiwanese("——江城晚报：“11月25日，江城市轮渡公司宣布……”")
    school = taiwanese("——“11月25日起，南屿区在全区23所中小学试点‘AI助教’……”")
    assert ferry.startswith("——江城晚報：「") and "『AI助教』" in school
    for name, text in (("html", day.html), ("mail html", day.mail_html), ("mail text", day.mail_text),
                       ("feishu", day.chat["feishu"])):
        assert ferry in text and school in text, name
    games = taiwanese("“11月25日晚，江城市第十届全民健身运动会在市体育中心开幕……”")
    for name, text in (("md", day.md), ("html", day.html), *day.chat.items()):
        assert games in text, name
    assert taiwanese("### 1. 临江港启用自动化集装箱码头\n") in day.md  # a headline: bare, as before


@pytest.mark.parametrize("day", ["simplified_day", "traditional_day"])
def test_pushing_the_brief_file_sends_what_the_digest_sent(day: str, request: pytest.FixtureRequest) -> None:
    """`zhbrief push` reads the outline back from the HTML: an untitled article's name, its marks and its
    link come back as the digest had them in memory."""
    ran: Day = request.getfixturevalue(day)
    outline = read_outline(ran.out / f"{DAY}.html")
    link = f"{LINK_BASE}{DAY}.html"
    for fmt in (WECOM, DINGTALK):
        assert [m.payload for m in split(outline, fmt, link=link)] == ran.accepted[fmt.kind], fmt.kind
    assert [feishu_text(m.payload) for m in split(outline, FEISHU, link=link)] == \
        [feishu_text(m) for m in ran.accepted["feishu"]]


def nameless(source: str | None, script: str = "simplified") -> Article:
    """An article with no headline and no words to name it by: only punctuation."""
    sentence = Sentence("！！！", 0, 0, 1.0, True, "", OTHER, 0.9)
    summary = Summary(None, "", (), (Section(None, OTHER, (sentence,)),), (sentence,), script=script)
    return Article(Document("/srv/in/odd.txt", "", None, None, None, source), summary, f"fp-odd-{script}")


def with_item(article: Article) -> Brief:
    """The sample brief with `article` listed and quoted under 其他."""
    brief = sample_brief()
    themes = tuple(ThemeSection(s.theme, (BriefItem("！！！", 1.0, article),)) if s.theme.key == OTHER.key else s
                   for s in brief.themes)
    return dataclasses.replace(brief, articles=(*brief.articles, article), themes=themes)


def test_an_article_with_nothing_to_name_it_by_is_credited_as_untitled_not_in_title_marks(tmp_path: Path) -> None:
    brief = with_item(nameless("东岭日报"))
    md, html = render_brief(brief, "md"), render_brief(brief, "html")
    assert "——东岭日报（无标题）" in md and "——东岭日报（无标题）" in page_text(html)
    assert "《（无标题）》" not in md + page_text(html) and "### 5. （无标题）\n" in md
    (tmp_path / f"{DAY}.html").write_text(html, encoding="utf-8")
    assert read_outline(tmp_path / f"{DAY}.html") == outline_from_brief(brief)
    chat = split(outline_from_brief(brief), WECOM)[0].payload["markdown"]["content"]
    assert "——东岭日报（无标题）" in chat and "《（无标题）》" not in chat


def test_a_traditional_story_in_a_simplified_brief_is_quoted_in_its_own_marks_and_read_back(tmp_path: Path) -> None:
    """The marks around opening words are the article's (as （無標題） is): its text is shown as written."""
    sentence = Sentence(taiwanese("11月25日，江城市轮渡公司宣布，全市首批8艘纯电动渡轮当天起正式投入运营，覆盖三条过江航线。"),
                        0, 0, 1.0, True, "", OTHER, 0.9)
    summary = Summary(None, "", (), (Section(None, OTHER, (sentence,)),), (sentence,), script="traditional")
    ferry = Article(Document("wire.jsonl:1", "", None, None, None, "江城晚報"), summary, "fp-ferry-tw")
    brief = with_item(ferry)
    shown = taiwanese("——江城晚报：“11月25日，江城市轮渡公司宣布……”")
    assert shown in render_brief(brief, "md") and shown in page_text(render_brief(brief, "html"))
    (tmp_path / f"{DAY}.html").write_text(render_brief(brief, "html"), encoding="utf-8")
    assert read_outline(tmp_path / f"{DAY}.html") == outline_from_brief(brief)
    assert shown in split(outline_from_brief(brief), WECOM)[0].payload["markdown"]["content"]

"""The words zhbrief adds to a brief (title, theme headings, counts, 今日关键词, 文章一览, the mail's subject, the
chat messages, the feed, the index) are in the script the team configured (`[digest] labels`): Simplified by
default, whatever the day's articles, so a brief reads the same every day; "traditional"; or "auto",
Traditional on a day whose articles all are. The pages' lang follows; article text is always shown as
written, marked with its own lang where it differs from the page's.

The articles are the repository's own samples, made Traditional with OpenCC (Taiwan's and Hong Kong's forms)
at test time; one real digest run a day, shared by the tests of this module.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import opencc
import pytest

from briefs.deliver.feed import build_feed
from briefs.deliver.mail import MailOptions, build_message
from briefs.deliver.messages import DINGTALK, FEISHU, WECOM, apprise_format, split
from briefs.deliver.outline import outline_from_brief, read_outline
from briefs.digest.compose import ComposeOptions
from briefs.digest.job import DigestOptions, DigestResult, run_digest
from briefs.digest.store import Store
from briefs.render import render_brief
from summarize.script import _script_patterns
from tests.conftest import FIXTURES, SAMPLES

DAY = dt.date(2026, 11, 25)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 25, 18, 30, tzinfo=SHANGHAI)
ARTICLES = (  # (file, OpenCC config): a Taiwanese and a Hong Kong paper, and an undated page
    (SAMPLES / "inbox" / "2026-11-25-robotics-scraped.txt", "s2tw"),
    (SAMPLES / "inbox" / "2026-11-25-smart-factory.md", "s2hk"),
    (FIXTURES / "rural-clinic-ai.md", "s2tw"),
)
SIMPLIFIED_ARTICLE = SAMPLES / "inbox" / "2026-11-25-ai-chip.html"
# What the Traditional chrome says, as OpenCC writes the Simplified labels.
TRADITIONAL_LABELS = ("每日簡報", "技術突破", "落地應用", "挑戰與對策", "今日關鍵詞", "文章一覽", "讀取 3 篇", "收錄 3 篇")


def convert(text: str, config: str) -> str:
    return opencc.OpenCC(config).convert(text)


def simplified_only(text: str) -> list[str]:
    """The characters of `text` a reader sees (not the stylesheet's comments) that only Simplified writing
    uses: none in a Traditional brief."""
    return _script_patterns()[1].findall(re.sub(r"<style>.*?</style>", "", text, flags=re.DOTALL))


def digest(inbox: Path, out: Path, labels: str, day: dt.date = DAY, include_seen: bool = False) -> DigestResult:
    options = DigestOptions(date=day, out=out, tz=SHANGHAI, include_seen=include_seen, compose=ComposeOptions(labels=labels))
    return run_digest([str(inbox)], options, now=NOW)


def traditional_inbox(folder: Path) -> Path:
    inbox = folder / "inbox"
    inbox.mkdir()
    for path, config in ARTICLES:
        (inbox / path.name).write_text(convert(path.read_text(encoding="utf-8"), config), encoding="utf-8")
    return inbox


def mixed_inbox(folder: Path) -> Path:
    inbox = folder / "inbox"
    inbox.mkdir()
    path, config = ARTICLES[0]
    (inbox / path.name).write_text(convert(path.read_text(encoding="utf-8"), config), encoding="utf-8")
    (inbox / SIMPLIFIED_ARTICLE.name).write_bytes(SIMPLIFIED_ARTICLE.read_bytes())
    return inbox


@pytest.fixture(scope="module")
def traditional_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[DigestResult, Path]:
    """A day of Traditional articles for a team whose briefs are Traditional."""
    inbox = traditional_inbox(tmp_path_factory.mktemp("traditional"))
    return digest(inbox, inbox.parent / "out", "traditional"), inbox.parent / "out"


@pytest.fixture(scope="module")
def mixed_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[DigestResult, Path]:
    """A day of a Traditional and a Simplified article, with labels = "auto"."""
    inbox = mixed_inbox(tmp_path_factory.mktemp("mixed"))
    return digest(inbox, inbox.parent / "out", "auto"), inbox.parent / "out"


def test_a_team_whose_briefs_are_traditional_gets_a_traditional_brief(traditional_day) -> None:
    result, out = traditional_day
    assert [a.summary.script for a in result.brief.articles] == ["traditional"] * 3
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    html = (out / f"{DAY}.html").read_text(encoding="utf-8")
    assert md.startswith("# 每日簡報 · 2026年11月25日\n")
    assert '<html lang="zh-Hant">' in html and "<title>每日簡報 · 2026年11月25日</title>" in html
    for text in (md, html):
        for label in TRADITIONAL_LABELS:
            assert label in text, label
        assert simplified_only(text) == [], "a Simplified word in the Traditional brief"
        # Article text as written: the Taiwanese and the Hong Kong copies keep their own forms.
        assert convert("联合发布新一代腔镜手术机器人“灵枢-3”", "s2tw") in text
    assert "以原文為準" in html  # the footer in the forms Taiwan and Hong Kong write (OpenCC's s2t says 爲)


def test_auto_on_a_mixed_day_stays_simplified_and_shows_each_article_as_written(mixed_day) -> None:
    result, out = mixed_day
    assert sorted(a.summary.script for a in result.brief.articles) == ["simplified", "traditional"]
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    html = (out / f"{DAY}.html").read_text(encoding="utf-8")
    assert md.startswith("# 每日简报 · 2026年11月25日\n") and "## 文章一览" in md and "读取 2 篇" in md
    assert '<html lang="zh-CN">' in html
    assert convert("联合发布新一代腔镜手术机器人“灵枢-3”", "s2tw") in md  # the Traditional story still as written


def test_by_default_a_day_of_traditional_articles_keeps_the_teams_simplified_words(tmp_path: Path) -> None:
    """A brief reads the same every day: the day's mix does not switch its own words, and each story's text
    says its own lang, so a browser sets it in Traditional glyphs."""
    inbox = traditional_inbox(tmp_path)
    result = run_digest([str(inbox)], DigestOptions(date=DAY, out=tmp_path / "out", tz=SHANGHAI), now=NOW)
    assert [a.summary.script for a in result.brief.articles] == ["traditional"] * 3
    md = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    html = (tmp_path / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert md.startswith("# 每日简报 · 2026年11月25日\n") and "## 技术突破" in md and "读取 3 篇" in md
    assert '<html lang="zh-CN">' in html
    stories = re.findall(r'<(?:li class="item"|h3|p class="lead")[^>]*>', html)
    assert stories and all('lang="zh-Hant"' in tag for tag in stories)
    assert convert("联合发布新一代腔镜手术机器人“灵枢-3”", "s2tw") in html


def test_a_traditional_brief_marks_a_simplified_story_as_such(tmp_path: Path) -> None:
    inbox = mixed_inbox(tmp_path)
    digest(inbox, tmp_path / "out", "traditional")
    html = (tmp_path / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html and "每日簡報" in html
    marked = re.findall(r'<h3( lang="zh-CN")?(?: data-name="\w+")?>', html)  # data-name: an untitled story's
    assert sorted(marked) == ["", ' lang="zh-CN"']  # the Simplified story's title; the Traditional one's agrees


def test_with_auto_the_index_is_traditional_while_every_brief_it_lists_is(tmp_path: Path) -> None:
    path, config = ARTICLES[2]  # undated: kept on any day
    traditional, simplified, out = tmp_path / "tw", tmp_path / "cn", tmp_path / "out"
    traditional.mkdir()
    simplified.mkdir()
    (traditional / path.name).write_text(convert(path.read_text(encoding="utf-8"), config), encoding="utf-8")
    (simplified / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for day in (DAY, DAY + dt.timedelta(days=1)):
        digest(traditional, out, "auto", day, include_seen=True)
    md, html = ((out / f"index.{ext}").read_text(encoding="utf-8") for ext in ("md", "html"))
    assert md.startswith("# 每日簡報 · 索引\n") and "共 2 期，最新在前。" in md and "| 日期 | 收錄 | 讀取 |" in md
    assert '<html lang="zh-Hant">' in html and "讀取 1 篇" in html  # the earlier day's counts, read from its file too
    assert simplified_only(md) == [] and simplified_only(html) == []
    # A Simplified day joins the folder: the index lists both scripts, so it is Simplified again.
    digest(simplified, out, "auto", DAY + dt.timedelta(days=2), include_seen=True)
    md, html = ((out / f"index.{ext}").read_text(encoding="utf-8") for ext in ("md", "html"))
    assert md.startswith("# 每日简报 · 索引\n") and '<html lang="zh-CN">' in html and "共 3 期" in md
    assert convert("对此，蒋书文建议", config) in md  # a Traditional day's headline still as written


def test_the_mail_of_a_traditional_brief_is_traditional(traditional_day, tmp_path: Path) -> None:
    result, out = traditional_day
    options = MailOptions(sender="zhbrief@example.cn", to=("editor@example.cn",))
    message = BytesParser(policy=policy.default).parsebytes(build_message(out / f"{DAY}.html", options, now=NOW).as_bytes())
    assert message["Subject"] == "每日簡報 · 2026年11月25日"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("每日簡報 · 2026年11月25日\n") and "【技術突破】" in text and "今日關鍵詞：" in text
    assert simplified_only(text) == []
    # A watchlist's brief, mailed by hand: named by its title, in its script.
    page = tmp_path / f"{DAY}.html"
    page.write_text(render_brief(dataclasses.replace(result.brief, watchlist="港口"), "html"), encoding="utf-8")
    message = build_message(page, options, now=NOW)
    assert message["Subject"] == "港口 · 每日簡報 · 2026年11月25日"
    assert [part.get_filename() for part in message.iter_attachments()] == [f"港口-{DAY}.html"]


def test_the_chat_messages_of_a_traditional_brief_are_traditional(traditional_day) -> None:
    result, out = traditional_day
    outline = outline_from_brief(result.brief)
    assert outline == read_outline(out / f"{DAY}.html")  # from memory or from the file: the same words
    assert outline.heading == "每日簡報 · 2026年11月25日" and outline.counts.startswith("讀取 3 篇")
    narrow = apprise_format(700, 250)  # small enough to need several messages: （續）, 另有 N 篇
    for fmt in (WECOM, DINGTALK, FEISHU, narrow):
        messages = split(outline, fmt, link="https://briefs.example.cn/2026-11-25.html")
        shown = "".join(json.dumps(m.payload, ensure_ascii=False) for m in messages)
        assert "每日簡報 · 2026年11月25日" in shown and "查看完整簡報" in shown, fmt.kind
        assert simplified_only(shown) == [], fmt.kind
    assert len(split(outline, narrow)) > 1


def test_the_feed_follows_its_briefs_script(traditional_day, mixed_day) -> None:
    for (_, out), script in ((traditional_day, "traditional"), (mixed_day, "simplified")):
        with Store(out / "zhbrief.sqlite3") as store:
            parsed = feedparser.parse(build_feed(out, store.briefs(), now=NOW))
        assert not parsed.bozo, parsed.get("bozo_exception")
        (entry,) = parsed.entries
        if script == "traditional":
            assert parsed.feed.title == "每日簡報" and parsed.feed.language == "zh-Hant"
            assert entry.title == "每日簡報 · 2026年11月25日"
            assert simplified_only(entry.content[0].value) == []
        else:
            assert parsed.feed.title == "每日简报" and parsed.feed.language == "zh-CN"
            assert entry.title == "每日简报 · 2026年11月25日"


def test_every_word_zhbrief_adds_reads_the_same_in_taiwan_and_hong_kong() -> None:
    # to_traditional writes Taiwan's forms (s2tw) for a brief that may hold Hong Kong articles too: it may, as
    # long as no string literal of the templates and renderers differs between the two regions' forms.
    from tests.conftest import ROOT

    files = [*sorted((ROOT / "templates").glob("*.j2")), ROOT / "briefs" / "render.py",
             *(ROOT / "briefs" / "deliver" / f"{name}.py" for name in ("outline", "messages", "mail", "feed"))]
    literals = {run for path in files for run in re.findall(r'"([^"\n]*[\u4e00-\u9fff][^"\n]*)"', path.read_text("utf-8"))}
    assert len(literals) > 40
    assert [s for s in sorted(literals) if convert(s, "s2tw") != convert(s, "s2hk")] == []


def test_a_traditional_teams_watchlist_brief_says_its_rule_and_hits_in_traditional(tmp_path: Path) -> None:
    """The rule under a watchlist brief's heading (含 … 之一；須含 …) and the terms each story matched (×3（含標題）)
    are zhbrief's words around the team's terms: they read 须含, 标题计两次 and 含标题 in a Traditional brief."""
    from briefs.digest.watchlists import parse_watchlists

    terms = [{"name": "醫療AI", "any": ["醫療", "醫院"], "all": ["機器人"], "none": ["股市"], "min_hits": 2}]
    options = DigestOptions(date=DAY, out=tmp_path / "out", tz=SHANGHAI, compose=ComposeOptions(labels="traditional"),
                            watchlists=parse_watchlists(terms, None, "test.toml"))
    result = run_digest([str(traditional_inbox(tmp_path))], options, now=NOW)
    assert result.watchlists and result.watchlists[0].brief.articles
    md = (tmp_path / "out" / "醫療AI" / f"{DAY}.md").read_text(encoding="utf-8")
    html = (tmp_path / "out" / "醫療AI" / f"{DAY}.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert "關注條件：" in text and "至少命中 2 次" in text and "命中：醫療" in text
        assert simplified_only(text) == [], "a Simplified word in the Traditional watchlist brief"


def test_the_quotation_marks_zhbrief_adds_follow_the_script_of_its_words() -> None:
    """Simplified Chinese quotes with “ ”, Taiwan and Hong Kong with 「 」: OpenCC changes characters only, so
    “航天” stayed in a Traditional brief, and the Simplified one quoted with the Traditional 「航天」."""
    from briefs.model import Brief, BriefCounts

    brief = Brief(date=DAY, counts=BriefCounts(), keywords=(), themes=(), articles=(), watchlist="航天")
    for labels, said in (("simplified", "今日没有符合“航天”关注条件的文章。"),
                         ("traditional", "今日沒有符合「航天」關注條件的文章。")):
        for fmt in ("md", "html"):
            assert said in render_brief(dataclasses.replace(brief, labels=labels), fmt)

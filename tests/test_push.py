"""Push against real HTTP servers on loopback that check each request as WeCom, DingTalk and Feishu do:
splitting that never truncates, signatures, a failing target beside working ones, re-runs that send
nothing, rate limits (on a fake clock: nothing sleeps for real), timeouts, and secrets never shown."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.deliver.messages import DINGTALK, FEISHU, FULL_BRIEF, WECOM, json_body, split, wecom_line
from briefs.deliver.outline import Outline, OutlineItem, OutlineStory, OutlineTheme, outline_from_brief, read_outline
from briefs.deliver.policy import Pacer, RetryPolicy, Window
from briefs.deliver.push import brief_link, push
from briefs.deliver.targets import PushTarget, parse_target, redact_url, target_by_name, targets_from_config
from briefs.digest.store import Store
from briefs.errors import BriefError, UsageError
from briefs.render import ArticleName, markdown_line, render_brief
from tests.golden_brief import empty_brief, sample_brief
from tests.platform_fixtures import Platforms, platform_servers

DAY = dt.date(2026, 11, 25)


class FakeClock:
    """Starts at the real time (the servers check signature timestamps); sleeping only moves it on."""

    def __init__(self) -> None:
        self.current = dt.datetime.now().astimezone()
        self.slept: list[float] = []

    def now(self) -> dt.datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += dt.timedelta(seconds=seconds)


@pytest.fixture
def platforms() -> Iterator[Platforms]:
    with platform_servers() as servers:
        yield servers


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "zhbrief.sqlite3") as opened:
        yield opened


def targets(p: Platforms) -> list[PushTarget]:
    return [PushTarget("wecom", p.wecom.url), PushTarget("dingtalk", p.dingtalk.url, p.dingtalk.secret),
            PushTarget("feishu", p.feishu.url, p.feishu.secret)]


def big_outline(items: int = 60, repeat: int = 3) -> Outline:
    """A day with many long items: several WeCom messages, and more than one DingTalk/Feishu message."""
    made = [OutlineItem(f"第{i}条：" + "该机器人的末端定位精度达到0.1毫米，较上一代提升约40%，*已*在[23]家医院使用。" * repeat,
                        ArticleName(f"标题{i}"), f"https://news.example.cn/{i}.html?a=1&b=(2)", "科创时报")
            for i in range(items)]
    themes = (OutlineTheme("技术突破", tuple(made[: items // 2])), OutlineTheme("落地应用", ()),
              OutlineTheme("挑战与对策", tuple(made[items // 2:])))
    return Outline(DAY, "读取 90 篇 · 收录 60 篇", ("机器人", "芯片"), themes, "2026-11-25.html")


def markdown_items(content: str) -> list[str]:
    """The item lines of a markdown message, without the list mark and the cut marks."""
    return [line[2:].removeprefix("…").removesuffix("…") for line in content.split("\n") if line.startswith("- ")]


def feishu_items(body: dict) -> list[str]:
    rows = body["content"]["post"]["zh_cn"]["content"]
    return [row[0]["text"][2:].removeprefix("…").removesuffix("…") for row in rows
            if row[0]["tag"] == "text" and row[0]["text"].startswith("• ")]


def reassembled(pieces: list[str]) -> str:
    return "".join(pieces)


def test_the_days_keywords_are_listed_as_the_brief_and_a_summary_list_them(platforms, store):
    """With the enumeration comma 、, as Chinese lists words and as `summarize` lists its 关键词 (they were
    joined with ' · ', the separator of the counts line)."""
    reports = push(big_outline(items=2), targets(platforms), store=store, clock=FakeClock(),
                   link="https://briefs.example.cn/2026-11-25.html")
    assert [r.error for r in reports] == [None, None, None]
    wecom = platforms.wecom.accepted[0]["markdown"]["content"]
    dingtalk = platforms.dingtalk.accepted[0]["markdown"]["text"]
    feishu = json.dumps(platforms.feishu.accepted[0], ensure_ascii=False)
    for content in (wecom, dingtalk, feishu):
        assert "今日关键词：机器人、芯片" in content, content


# --- splitting ------------------------------------------------------------------------------------------


def test_a_large_brief_splits_into_numbered_messages_that_reassemble_to_every_item(platforms, store):
    outline = big_outline()
    reports = push(outline, targets(platforms), store=store, clock=FakeClock(),
                   link="https://briefs.example.cn/2026-11-25.html")
    assert [r.error for r in reports] == [None, None, None]
    for platform in (platforms.wecom, platforms.dingtalk, platforms.feishu):
        assert platform.problems == []
    wecom = [m["markdown"]["content"] for m in platforms.wecom.accepted]
    assert len(wecom) > 3
    for number, content in enumerate(wecom, start=1):
        assert content.startswith(f"## 每日简报 · 2026年11月25日（{number}/{len(wecom)}）")
        assert len(content.encode()) <= 4096
        assert "[查看完整简报](https://briefs.example.cn/2026-11-25.html)" in content
    # Every item, in order, whole: the items of all messages are exactly the outline's items.
    expected = [markdown_line(item.text) for item in outline.items]
    assert [line for c in wecom for line in markdown_items(c)] == [wecom_line(item.text) for item in outline.items]
    assert "### 挑战与对策（续）" in "".join(wecom) or "### 技术突破（续）" in "".join(wecom)
    dingtalk = [m["markdown"]["text"] for m in platforms.dingtalk.accepted]
    assert len(dingtalk) >= 2 and all(len(json_body(m)) <= 20000 for m in platforms.dingtalk.accepted)
    assert [line for t in dingtalk for line in markdown_items(t)] == expected
    feishu = platforms.feishu.accepted
    assert len(feishu) >= 2 and all(len(json_body(m)) + 100 <= 20000 for m in feishu)
    assert [text for m in feishu for text in feishu_items(m)] == [item.text for item in outline.items]
    links = [e for m in feishu for row in m["content"]["post"]["zh_cn"]["content"] for e in row if e["tag"] == "a"]
    assert {"tag": "a", "text": "标题0", "href": "https://news.example.cn/0.html?a=1&b=(2)"} in links


def test_an_item_longer_than_the_limit_alone_is_cut_and_nothing_is_lost(platforms, store):
    long_item = OutlineItem("很长的一句话，" * 1500, ArticleName("长文"), "https://example.cn/long", "长河日报")
    short = OutlineItem("短句在长句之后。", ArticleName("短文"), None, None)
    outline = Outline(DAY, "收录 2 篇", (), (OutlineTheme("技术突破", (long_item, short)),), "2026-11-25.html")
    reports = push(outline, [PushTarget("wecom", platforms.wecom.url)], store=store, clock=FakeClock())
    assert reports[0].ok and reports[0].parts == len(platforms.wecom.accepted) > 2
    pieces = [line for m in platforms.wecom.accepted for line in markdown_items(m["markdown"]["content"])]
    assert pieces[-1] == wecom_line(short.text)
    assert reassembled(pieces[:-1]) == wecom_line(long_item.text).strip()
    contents = [m["markdown"]["content"] for m in platforms.wecom.accepted]
    assert sum(c.count("[长文](https://example.cn/long)") for c in contents) == 1  # the source goes with the last piece


@pytest.mark.parametrize("fmt", [WECOM, DINGTALK, FEISHU], ids=lambda f: f.kind)
def test_every_message_is_within_the_limit_for_any_number_of_items(fmt):
    for count in (0, 1, 7, 40):
        messages = split(big_outline(count, repeat=2), fmt, link="https://x.example/b.html")
        assert all(m.size <= fmt.limit for m in messages)
        assert [m.part for m in messages] == list(range(1, len(messages) + 1))


def test_the_outline_read_from_the_html_brief_is_the_one_the_digest_pushes(tmp_path: Path):
    brief = sample_brief()
    html = tmp_path / "2026-11-25.html"
    html.write_text(render_brief(brief, "html"), encoding="utf-8")
    (tmp_path / "2026-11-25.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    read = read_outline(tmp_path / "2026-11-25.md")
    assert read == outline_from_brief(brief)
    assert any(item.url is None and item.source is None for item in read.items)  # an unlinked title survives


def watchlist_brief_files(out: Path, brief) -> Path:
    """A watchlist's brief as the digest writes it, OUT/NAME/DATE.md and .html; the .md."""
    folder = out / brief.watchlist
    folder.mkdir(parents=True)
    (folder / f"{brief.date}.html").write_text(render_brief(brief, "html"), encoding="utf-8")
    (folder / f"{brief.date}.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    return folder / f"{brief.date}.md"


@pytest.mark.parametrize("name", ["医疗AI", "社会 治安 · 2"])  # a name may hold spaces and "·"
def test_a_watchlist_brief_read_from_its_file_is_the_one_the_digest_pushes(tmp_path: Path, name: str):
    """`zhbrief push OUT/医疗AI/DATE.md` sent '每日简报 · …' with no name, linked to the main brief's page."""
    brief = dataclasses.replace(sample_brief(), watchlist=name, rule="含 医疗、医院 之一")
    read = read_outline(watchlist_brief_files(tmp_path, brief))
    assert read == outline_from_brief(brief, html_name=f"{name}/2026-11-25.html")  # as feed_and_push makes it
    assert read.heading == f"{name} · 每日简报 · 2026年11月25日"


def test_an_empty_watchlist_day_says_in_chat_what_its_brief_says(tmp_path: Path):
    """It said the main brief's line for a day with no article where the brief says no article matched the watchlist."""
    brief = dataclasses.replace(empty_brief(), watchlist="航天")
    said = "今日没有符合“航天”关注条件的文章。"
    assert said in render_brief(brief, "html") and said in render_brief(brief, "md")
    for outline in (outline_from_brief(brief), read_outline(watchlist_brief_files(tmp_path, brief))):
        for fmt in (WECOM, DINGTALK, FEISHU):
            [message] = split(outline, fmt)
            text = json.dumps(message.payload, ensure_ascii=False)
            assert said in text and "今日没有可收录的文章" not in text
    assert read_outline(watchlist_brief_files(tmp_path / "again", brief)) == outline_from_brief(
        brief, html_name=f"航天/{brief.date}.html")
    main_day = outline_from_brief(empty_brief())  # the main brief's own line stays
    assert "今日没有可收录的文章。" in json.dumps(split(main_day, WECOM)[0].payload, ensure_ascii=False)


def test_a_file_that_is_not_a_brief_is_refused_by_name(tmp_path: Path):
    page = tmp_path / "2026-11-25.html"
    page.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    with pytest.raises(BriefError, match=r"2026-11-25\.html: not a zhbrief brief"):
        read_outline(page)
    with pytest.raises(BriefError, match=r"missing\.html: no such brief"):
        read_outline(tmp_path / "missing.md")


# --- failures, signatures, the record ---------------------------------------------------------------------


def test_a_failing_target_does_not_stop_the_others_and_is_named_with_the_platform_code(platforms, store):
    platforms.wecom.script.append((200, {"errcode": 93000, "errmsg": "invalid webhook url, hint: [x]"}))
    wrong_secret = PushTarget("dingtalk", platforms.dingtalk.url, "SECwrong")
    reports = push(big_outline(4), [PushTarget("wecom", platforms.wecom.url), wrong_secret,
                                    PushTarget("feishu", platforms.feishu.url, platforms.feishu.secret)],
                   store=store, clock=FakeClock())
    wecom, dingtalk, feishu = reports
    assert "errcode 93000: invalid webhook url" in wecom.error
    assert "errcode 310000: sign not match" in dingtalk.error
    assert feishu.ok and len(platforms.feishu.accepted) == feishu.parts
    # The failed ones are tried again on the next run; the one that worked is not.
    platforms.feishu.accepted.clear()
    again = push(big_outline(4), targets(platforms), store=store, clock=FakeClock())
    assert [r.ok for r in again] == [True, True, True]
    assert [r.sent for r in again] == [again[0].parts, again[1].parts, 0]
    assert platforms.feishu.accepted == []


def test_a_rerun_sends_nothing_and_resend_sends_again(platforms, store):
    first = push(big_outline(), targets(platforms), store=store, clock=FakeClock())
    counts = [p.requests for p in (platforms.wecom, platforms.dingtalk, platforms.feishu)]
    second = push(big_outline(), targets(platforms), store=store, clock=FakeClock())
    assert [p.requests for p in (platforms.wecom, platforms.dingtalk, platforms.feishu)] == counts
    assert [(r.sent, r.already) for r in second] == [(0, r.parts) for r in first]
    third = push(big_outline(), targets(platforms), store=store, clock=FakeClock(), resend=True)
    assert [r.sent for r in third] == [r.parts for r in first]


def test_a_delivery_cut_short_resumes_with_the_missing_messages_only(platforms, store):
    wecom = PushTarget("wecom", platforms.wecom.url)
    outline = big_outline()
    platforms.wecom.script.extend([(200, {"errcode": 0, "errmsg": "ok"})])  # message 1 "accepted" by script
    platforms.wecom.script.append((200, {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}))
    report = push(outline, [wecom], store=store, clock=FakeClock())[0]
    assert report.sent == 1 and "message 2/" in report.error and "errcode 40058" in report.error
    resumed = push(outline, [wecom], store=store, clock=FakeClock())[0]
    assert resumed.ok and resumed.already == 1 and resumed.sent == report.parts - 1
    assert [markdown_items(m["markdown"]["content"])[0] for m in platforms.wecom.accepted][0] != \
        wecom_line(outline.items[0].text)  # message 1 was not sent twice


def test_wecom_rate_limit_is_kept_and_a_rate_limit_answer_is_waited_out(platforms, store):
    clock = FakeClock()
    sent_at: list[dt.datetime] = []
    outline = big_outline(160, repeat=4)
    messages = split(outline, WECOM)
    assert len(messages) > 20
    platforms.wecom.script.append((200, {"errcode": 45009, "errmsg": "api freq out of limit"}))
    report = push(outline, [PushTarget("wecom", platforms.wecom.url)], store=store, clock=clock,
                  notify=lambda line: sent_at.append(clock.now()))[0]
    assert report.ok and len(platforms.wecom.accepted) == len(messages)
    times = [d.sent_at for d in store.deliveries(PushTarget("wecom", platforms.wecom.url).id, DAY)]
    assert all((times[i + 20] - times[i]).total_seconds() >= 60 for i in range(len(times) - 20))
    assert 60.0 in clock.slept  # the 45009 answer was waited out for a minute, then the message went
    assert len(sent_at) == 1  # and the retry was announced once


def test_the_deadline_stops_a_target_instead_of_waiting_forever(platforms, store):
    platforms.dingtalk.script.extend([(200, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"})] * 9)
    target = PushTarget("dingtalk", platforms.dingtalk.url, platforms.dingtalk.secret)
    report = push(big_outline(2), [target], store=store, clock=FakeClock(),
                  policy=RetryPolicy(tries=5, deadline=90))[0]
    assert "errcode 130101: send too fast" in report.error and "90 s deadline" in report.error


def test_a_server_that_never_answers_times_out(store):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/cgi-bin/webhook/send?key=k"
    try:
        report = push(big_outline(1), [PushTarget("wecom", url)], store=store, clock=FakeClock(),
                      policy=RetryPolicy(timeout=0.3, tries=2))[0]
    finally:
        for s in (*accepted, listener):
            s.close()
    assert "no answer within 0.3 s" in report.error and "after 2 tries" in report.error


def test_the_pacer_counts_the_messages_of_an_earlier_run():
    start = dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.timezone.utc)
    history = [start + dt.timedelta(seconds=i) for i in range(20)]
    pacer = Pacer([Window(20, 60.0)], history)
    assert pacer.delay(start + dt.timedelta(seconds=20)) == pytest.approx(40.0)
    assert pacer.delay(start + dt.timedelta(seconds=60)) == 0.0


# --- targets and secrets -----------------------------------------------------------------------------------


def test_targets_from_the_config_read_urls_and_secrets_from_the_environment(tmp_path: Path):
    from briefs.config import load_config

    path = tmp_path / "zhbrief.toml"
    path.write_text('[[push]]\nname = "team"\nkind = "wecom"\nurl_env = "WECOM_URL"\n\n'
                    '[[push]]\nname = "ops"\nkind = "feishu"\nurl = "https://open.feishu.cn/open-apis/bot/v2/hook/abcdefabcdefabcdef"\n'
                    'secret_env = "FEISHU_SECRET"\ndigest = false\n', encoding="utf-8")
    config = load_config(path)
    env = {"WECOM_URL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123456789abcdef", "FEISHU_SECRET": "s3cr3t-value"}
    team, ops = targets_from_config(config, env)
    assert (team.kind, team.url, team.digest) == ("wecom", env["WECOM_URL"], True)
    assert (ops.secret, ops.digest) == ("s3cr3t-value", False)
    assert target_by_name(config, "ops", env) == ops
    with pytest.raises(BriefError, match=r"zhbrief\.toml: \[\[push\]\] 'team' url_env: WECOM_URL is not set"):
        targets_from_config(config, {})
    with pytest.raises(BriefError, match=r"no push target named 'nope' .* \(known: team, ops\)"):
        target_by_name(config, "nope", env)
    assert "0123456789abcdef" not in repr(team) and "s3cr3t" not in repr(ops)


def test_target_ids_and_labels_never_contain_the_key():
    key = "693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa"
    target = parse_target(f"wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={key}", {})
    assert key not in target.id and key not in target.label
    assert target.label == "wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…"
    assert redact_url("https://open.feishu.cn/open-apis/bot/v2/hook/f00dfeed-feed-4bc4-97a0") == \
        "https://open.feishu.cn/open-apis/bot/v2/hook/f00d…"
    assert parse_target(f"wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={key}", {}).id == target.id
    with pytest.raises(BriefError, match="expected KIND:URL"):
        parse_target("slack:https://hooks.example.com/x", {})


@pytest.mark.parametrize("spec", [
    "wecom:https://[qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aoc-4bc4",
    "feishu:https://open.feishu.cn:99999/open-apis/bot/v2/hook/f00dfeed-feed-4bc4-97a0",
    "apprise:tgram://[123456789:AAE-token/-100200300",
])
def test_a_webhook_url_urllib_cannot_take_apart_is_refused_before_anything_is_sent(spec: str):
    """An unclosed IPv6 bracket or a port past 65535 is a usage error naming the flag, its secret masked,
    when the target is read: it crashed the push with a traceback after the brief was written."""
    with pytest.raises(UsageError, match="not a valid URL") as caught:
        parse_target(spec, {})
    assert "693a91f6-7aoc" not in str(caught.value) and "f00dfeed-feed" not in str(caught.value)
    assert "AAE-token" not in str(caught.value)


@pytest.mark.parametrize("base", ["https://[briefs.example.cn/daily/", "https://briefs.example.cn:70000/daily/"])
def test_a_link_base_urllib_cannot_take_apart_is_refused(base: str):
    """--link-base (or [feed] link_base) is checked when read: such a base gave every pushed and fed link a
    host no reader can open."""
    from types import SimpleNamespace

    from briefs.deliver.push import link_base_from

    with pytest.raises(BriefError, match="not a valid URL"):
        link_base_from(SimpleNamespace(link_base=base), SimpleNamespace(feed={}))


def test_no_secret_reaches_the_record_or_the_reports(platforms, store, tmp_path: Path):
    platforms.feishu.script.append((200, {"code": 19021, "msg": "sign match fail"}))
    reports = push(big_outline(3), targets(platforms), store=store, clock=FakeClock(),
                   policy=RetryPolicy(tries=1))
    text = json.dumps([dataclasses.asdict(r) | {"target": r.target.label} for r in reports], ensure_ascii=False)
    data = (tmp_path / "zhbrief.sqlite3").read_bytes()
    for secret in (platforms.wecom.key, platforms.dingtalk.key, platforms.feishu.key,
                   platforms.dingtalk.secret, platforms.feishu.secret):
        assert secret not in text
        assert secret.encode() not in data


def test_brief_link_joins_the_base_and_the_file_name():
    assert brief_link("https://b.example.cn/briefs", "2026-11-25.html") == "https://b.example.cn/briefs/2026-11-25.html"
    assert brief_link("https://b.example.cn/briefs/", "2026-11-25.html") == "https://b.example.cn/briefs/2026-11-25.html"
    assert brief_link(None, "2026-11-25.html") is None


def test_the_example_config_documents_the_feed_and_push_keys():
    import re

    from briefs.deliver.stage import FEED_KEYS
    from briefs.deliver.targets import PUSH_KEYS
    from tests.conftest import ROOT

    text = (ROOT / "zhbrief.example.toml").read_text(encoding="utf-8")
    for key in FEED_KEYS:
        assert re.search(rf"^# {key} = ", text, re.MULTILINE), f"[feed] {key} is not in the example"
    for key in PUSH_KEYS:
        assert re.search(rf"^#\s+{key}\b", text, re.MULTILINE), f"[[push]] {key} is not in the example"
    # Uncommented, the example's [[push]] tables load as targets.
    tables = "\n".join(line[2:] for line in text[text.index("# [[push]]"):].splitlines() if line.startswith("# "))
    path = ROOT / "tests" / ".example-push.toml"
    from briefs.config import load_config

    try:
        path.write_text(tables, encoding="utf-8")
        env = {f"ZHBRIEF_{n}_URL": f"https://bots.example.cn/{n}/0123456789abcdef" for n in ("WECOM", "DINGTALK", "FEISHU")}
        env |= {"ZHBRIEF_TELEGRAM_URL": "tgram://123:abc/456", "ZHBRIEF_DINGTALK_SECRET": "s", "ZHBRIEF_FEISHU_SECRET": "s",
                "ZHBRIEF_WECOM_MED_URL": "https://bots.example.cn/MED/0123456789abcdef"}
        found = targets_from_config(load_config(path), env)
    finally:
        path.unlink(missing_ok=True)
    assert [(t.name, t.kind, t.digest) for t in found] == [
        ("team-wecom", "wecom", True), ("team-dingtalk", "dingtalk", True), ("team-feishu", "feishu", True),
        ("alerts-telegram", "apprise", False), ("wecom-med", "wecom", False)]


# --- the splitter's invariants, for any brief ----------------------------------------------------------------

_texts = st.text(alphabet=st.sampled_from(list("国产手术机器人精度，。；ab *_[]<>#-1. \\&")), min_size=1, max_size=3000)
_names = st.builds(ArticleName, st.text(min_size=1, max_size=40).map(lambda t: t.strip() or "题"),
                   st.sampled_from(["headline", "opening", "untitled"]), st.sampled_from(["simplified", "traditional"]))
_items = st.builds(OutlineItem, _texts, _names,
                   st.sampled_from([None, "https://example.cn/a?b=(1)"]), st.sampled_from([None, "日报"]))
_outlines = st.lists(st.lists(_items, max_size=8), max_size=4).map(lambda themes: Outline(
    DAY, "读取 1 篇", ("词",), tuple(OutlineTheme(f"主题{i}", tuple(items)) for i, items in enumerate(themes)),
    "2026-11-25.html"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_outlines)
def test_any_brief_splits_within_every_limit_and_loses_no_text(outline: Outline):
    for fmt in (WECOM, DINGTALK, FEISHU):
        messages = split(outline, fmt, link="https://briefs.example.cn/2026-11-25.html")
        assert all(m.size <= fmt.limit for m in messages), fmt.kind
        if fmt is FEISHU:  # rich text carries the text unescaped: the pieces join back to each item exactly
            pieces = [text for m in messages for text in feishu_items(m.payload)]
            assert "".join(pieces) == "".join(item.text for item in outline.items)


def test_a_platform_that_echoes_the_key_does_not_get_it_printed(platforms, store):
    key = platforms.wecom.key
    platforms.wecom.script.append((200, {"errcode": 93000, "errmsg": f"invalid webhook url, key={key}"}))
    report = push(big_outline(1), [PushTarget("wecom", platforms.wecom.url)], store=store, clock=FakeClock())[0]
    assert "errcode 93000: invalid webhook url, key=…" in report.error and key not in report.error


def test_an_item_cut_into_more_than_99_messages_keeps_each_within_the_limit():
    huge = OutlineItem("长" * 200_000, ArticleName("巨文"), None, None)  # 600 KB: about 150 WeCom messages
    outline = Outline(DAY, "收录 1 篇", (), (OutlineTheme("技术突破", (huge,)),), "2026-11-25.html")
    messages = split(outline, WECOM)
    assert len(messages) > 99 and all(m.size <= 4096 for m in messages)
    assert messages[-1].payload["markdown"]["content"].startswith(f"## 每日简报 · 2026年11月25日（{len(messages)}/{len(messages)}）")
    assert "".join(line for m in messages for line in markdown_items(m.payload["markdown"]["content"])) == huge.text


def test_every_chat_format_sets_the_title_apart_from_its_source():
    """The attribution reads as the brief's does: ——SOURCE《TITLE》, the headline's own "，" inside it."""
    outline = outline_from_brief(sample_brief())
    robot = "国产手术机器人精度再提升，远程手术从“能做”到“常做”"
    url = "https://news.example.cn/tech/2026/11/25/surgical-robot.html"
    for fmt, key in ((WECOM, "content"), (DINGTALK, "text")):
        text = split(outline, fmt)[0].payload["markdown"][key]
        assert f"——科创时报《[{robot}]({url})》" in text
        assert "——《5G+工业互联网：一座“灯塔工厂”的3年转型》" in text
        assert "，科创时报" not in text
    rows = split(outline, FEISHU)[0].payload["content"]["post"]["zh_cn"]["content"]
    assert [{"tag": "text", "text": "——科创时报《"}, {"tag": "a", "text": robot, "href": url},
            {"tag": "text", "text": "》"}] in rows
    assert [{"tag": "text", "text": "——《5G+工业互联网：一座“灯塔工厂”的3年转型》"}] in rows


@pytest.mark.parametrize("fmt", [WECOM, DINGTALK, FEISHU], ids=lambda f: f.kind)
def test_empty_themes_are_left_out_of_a_chat_message_and_named_in_one_line_after_the_items(fmt):
    """'### 落地应用 / 今日无相关内容。' filled a phone's first screen before any news (reader's review)."""
    outline = big_outline(6)  # 落地应用 has no item
    texts = [json.dumps(m.payload, ensure_ascii=False) for m in split(outline, fmt)]
    assert not any("今日无相关内容" in t or "落地应用" in t.split("今日无：")[0] for t in texts)
    assert "今日无：落地应用" in texts[-1]
    assert texts[-1].index("今日无：落地应用") > texts[-1].index(outline.items[-1].text[:20])
    brief = outline_from_brief(sample_brief())  # 其他 is empty
    whole = json.dumps([m.payload for m in split(brief, fmt)], ensure_ascii=False)
    assert "今日无：其他" in whole and "今日无相关内容" not in whole


def test_an_empty_day_still_says_so_in_one_short_message():
    outline = Outline(DAY, "读取 1 篇 · 收录 0 篇", (), (), "2026-11-25.html")
    [message] = split(outline, WECOM)
    content = message.payload["markdown"]["content"]
    assert content.endswith("今日没有可收录的文章。") and "今日无：" not in content


def many_stories(n: int) -> tuple[OutlineStory, ...]:
    return tuple(OutlineStory(ArticleName(f"第{i}篇：国产手术机器人精度再提升，远程手术从“能做”到“常做”"),
                              f"https://news.example.cn/{i}.html" if i % 3 else None) for i in range(n))


def story_titles(fmt, messages) -> list[str]:
    """The other stories' titles as each format shows them, in order."""
    if fmt is FEISHU:
        rows = [row for m in messages for row in m.payload["content"]["post"]["zh_cn"]["content"]]
        return [(row[1]["text"] if len(row) > 1 else row[0]["text"][2:]) for row in rows
                if row[0]["text"].startswith("• ") and "篇：" in row[-1]["text"]]
    key = "content" if fmt is WECOM else "text"
    lines = [line for m in messages for line in m.payload["markdown"][key].split("\n")]
    return [re.sub(r"^- \[(.*)\]\(.*\)$|^- (.*)$", lambda g: g[1] or g[2], line) for line in lines
            if line.startswith("- ") and "篇：" in line]


@pytest.mark.parametrize("fmt", [WECOM, DINGTALK, FEISHU], ids=lambda f: f.kind)
def test_the_stories_no_theme_item_quotes_follow_as_titles_then_another_n(fmt):
    """A 61-article day reached the group as its 13 theme items only (reader's review): the others follow
    as titles, whole, linked where they have a page, within the last message and one more at most; the
    count of the rest links to the full brief."""
    link = "https://briefs.example.cn/daily/2026-11-25.html"
    base = big_outline(6)
    outline = dataclasses.replace(base, others=many_stories(1000))
    themes_only = split(base, fmt, link=link)
    messages = split(outline, fmt, link=link)
    assert len(themes_only) <= len(messages) <= len(themes_only) + 1
    assert all(m.size <= fmt.limit for m in messages)
    shown = story_titles(fmt, messages)
    assert 10 < len(shown) < 1000
    assert shown == [s.name.text for s in outline.others[:len(shown)]]  # in order, whole
    last = json.dumps(messages[-1].payload, ensure_ascii=False)
    assert f"另有 {1000 - len(shown)} 篇" in last and link in last
    if fmt is not FEISHU:
        assert f"另有 {1000 - len(shown)} 篇，[查看完整简报]({link})" in last
        assert "[第1篇：国产手术机器人精度再提升，远程手术从“能做”到“常做”](https://news.example.cn/1.html)" in \
            "".join(json.dumps(m.payload, ensure_ascii=False) for m in messages)
    # Few enough to fit: all of them, and no count.
    few = split(dataclasses.replace(base, others=many_stories(4)), fmt, link=link)
    assert len(story_titles(fmt, few)) == 4 and "另有" not in json.dumps([m.payload for m in few], ensure_ascii=False)
    # Without --link-base, the count alone.
    bare = split(outline, fmt)
    assert re.search(r"另有 \d+ 篇", json.dumps(bare[-1].payload, ensure_ascii=False))
    assert FULL_BRIEF not in json.dumps([m.payload for m in bare], ensure_ascii=False)


def test_a_watchlist_brief_without_theme_items_still_reaches_its_group_with_every_story(platforms, store):
    outline = Outline(DAY, "收录 3 篇", (), (OutlineTheme("技术突破", ()), OutlineTheme("落地应用", ())),
                      "社会 治安/2026-11-25.html", "社会 治安", many_stories(3))
    [report] = push(outline, [PushTarget("wecom", platforms.wecom.url)], store=store, clock=FakeClock())
    assert report.ok and platforms.wecom.problems == []
    [content] = [m["markdown"]["content"] for m in platforms.wecom.accepted]
    assert content.startswith("## 社会 治安 · 每日简报 · 2026年11月25日")
    assert "今日无：技术突破、落地应用" in content and "### 更多文章" in content
    assert all(story.name.text in content for story in outline.others)


def test_the_outline_read_from_the_html_names_the_stories_no_item_quotes(tmp_path: Path):
    brief = sample_brief()  # the wire story has no theme item
    html = tmp_path / "2026-11-25.html"
    html.write_text(render_brief(brief, "html"), encoding="utf-8")
    read = read_outline(html)
    # No headline: its opening words, which the brief quotes (the kind is read back, not guessed from the text).
    assert read.others == (OutlineStory(ArticleName("全省首个低空物流航线网络当日开通，首批开通航线12条", "opening"), None),) \
        == outline_from_brief(brief).others


HOSTILE = OutlineItem("**注意**：某公司发布新一代_AI_芯片`X1` <b>粗体</b> [新芯片](http://evil.example/) <@all> ~~删~~。",
                      ArticleName("*重磅* 公司发布[新芯片](http://evil.example/) #芯片#"), "https://news.example.cn/a_(b).html",
                      "测试网 | <科技>")


def test_wecom_markdown_shows_article_text_with_no_backslash_and_no_formatting(platforms, store):
    """WeCom's markdown does not read CommonMark's backslash escapes: '\\*\\*注意\\*\\*' showed as typed
    (reader's review). Its special characters become their full-width forms instead."""
    outline = Outline(DAY, "收录 1 篇", ("*AI*",), (OutlineTheme("技术突破", (HOSTILE,)),), "2026-11-25.html",
                      others=(OutlineStory(ArticleName("[快讯] `X1` 芯片_量产"), "https://news.example.cn/x.html"),))
    [report] = push(outline, [PushTarget("wecom", platforms.wecom.url)], store=store, clock=FakeClock(),
                    link="https://briefs.example.cn/2026-11-25.html")
    assert report.ok
    [content] = [m["markdown"]["content"] for m in platforms.wecom.accepted]
    assert "\\" not in content
    assert "- ＊＊注意＊＊：某公司发布新一代＿AI＿芯片｀X1｀ ＜b＞粗体＜/b＞ ［新芯片］(http://evil.example/) ＜@all＞ ~~删~~。" in content
    assert "今日关键词：＊AI＊" in content
    # The only markup left is zhbrief's own: its headings, list marks and three links.
    body = re.sub(r"^(#{2,3} |- )", "", content, flags=re.MULTILINE)
    assert re.findall(r"\[([^\]]*)\]\(([^)]*)\)", body) == [
        ("＊重磅＊ 公司发布［新芯片］(http://evil.example/) #芯片#", "https://news.example.cn/a_%28b%29.html"),
        ("［快讯］ ｀X1｀ 芯片＿量产", "https://news.example.cn/x.html"),
        ("查看完整简报", "https://briefs.example.cn/2026-11-25.html")]
    assert not re.search(r"[*_`<>]", re.sub(r"\]\([^)]*\)", "]", body))
    assert "——测试网 | ＜科技＞《" in content
    # DingTalk renders CommonMark's escapes: it keeps them.
    dingtalk = split(outline, DINGTALK)[0].payload["markdown"]["text"]
    assert "\\*\\*注意\\*\\*" in dingtalk

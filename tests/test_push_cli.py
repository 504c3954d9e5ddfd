"""`zhbrief push` and `zhbrief digest --push-to` as a user runs them: the brief `make brief` builds, pushed
to three loopback "platforms", every theme item arriving whole and in order; a second run sends nothing;
a failing target named with its errcode; exit statuses; no key or secret in anything printed."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from briefs.deliver.messages import wecom_line
from briefs.deliver.outline import read_outline
from briefs.render import markdown_line, markdown_url
from tests.conftest import ROOT, SAMPLES
from tests.platform_fixtures import Platforms, platform_servers
from tests.test_push import feishu_items, markdown_items

SECRETS_ENV = {"ZHBRIEF_DINGTALK_SECRET": "SECd1ngta1k-s1gn1ng-secret-0000",
               "ZHBRIEF_FEISHU_SECRET": "fe1shu-s1gn1ng-secret-0000"}


def zhbrief(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", **(env or {})}
    return subprocess.run([sys.executable, "-m", "briefs", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=180, env=environment)


@pytest.fixture(scope="module")
def made_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make brief` writes: the sample day's digest."""
    out = tmp_path_factory.mktemp("briefs-out")
    result = zhbrief("digest", str(SAMPLES / "inbox"), "--date", "2026-11-25", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def platforms() -> Iterator[Platforms]:
    with platform_servers() as servers:
        yield servers


def secrets_of(p: Platforms) -> list[str]:
    return [p.wecom.key, p.dingtalk.key, p.feishu.key, p.dingtalk.secret, p.feishu.secret]


def test_push_of_the_made_brief_reaches_three_platforms_whole_and_a_second_run_sends_nothing(
        made_brief: Path, platforms: Platforms, tmp_path: Path):
    brief = tmp_path / "2026-11-25.md"  # a copy, so the module's store stays untouched for other tests
    for name in ("2026-11-25.md", "2026-11-25.html"):
        (tmp_path / name).write_bytes((made_brief / name).read_bytes())
    args = ["push", str(brief), "--to", f"wecom:{platforms.wecom.url}", "--to", f"dingtalk:{platforms.dingtalk.url}",
            "--to", f"feishu:{platforms.feishu.url}", "--link-base", "https://briefs.example.cn/daily/"]
    first = zhbrief(*args, env=SECRETS_ENV)
    assert first.returncode == 0, first.stderr
    outline = read_outline(brief)
    assert len(outline.items) >= 10
    for platform in (platforms.wecom, platforms.dingtalk, platforms.feishu):
        assert platform.problems == [] and platform.accepted
    # Every item, then the titles of the stories no item quotes (the sample day has some), linked.
    assert outline.others
    def expected(line):
        return [line(item.text) for item in outline.items] + [
            f"[{line(s.name.text)}]({markdown_url(s.url)})" if s.url else line(s.name.text) for s in outline.others]

    expected_md = expected(markdown_line)
    wecom = [m["markdown"]["content"] for m in platforms.wecom.accepted]
    assert [line for c in wecom for line in markdown_items(c)] == expected(wecom_line)
    assert all(len(c.encode()) <= 4096 for c in wecom)
    assert all("https://briefs.example.cn/daily/2026-11-25.html" in c for c in wecom)
    dingtalk = [m["markdown"]["text"] for m in platforms.dingtalk.accepted]
    assert [line for t in dingtalk for line in markdown_items(t)] == expected_md
    feishu = [t for m in platforms.feishu.accepted for t in feishu_items(m)]
    assert feishu[:len(outline.items)] == [i.text for i in outline.items]
    assert len(feishu) == len(outline.items) + len(outline.others)
    assert first.stdout.count("pushed the brief of 2026-11-25 to ") == 3

    requests = [p.requests for p in (platforms.wecom, platforms.dingtalk, platforms.feishu)]
    second = zhbrief(*args, env=SECRETS_ENV)
    assert second.returncode == 0, second.stderr
    assert [p.requests for p in (platforms.wecom, platforms.dingtalk, platforms.feishu)] == requests
    assert second.stdout.count("was already delivered") == 3
    for secret in secrets_of(platforms):
        assert secret not in first.stdout + first.stderr + second.stdout + second.stderr


def test_a_failing_target_is_named_with_its_errcode_and_the_others_still_get_the_brief(
        made_brief: Path, platforms: Platforms, tmp_path: Path):
    for name in ("2026-11-25.md", "2026-11-25.html"):
        (tmp_path / name).write_bytes((made_brief / name).read_bytes())
    platforms.wecom.script.append((200, {"errcode": 93000, "errmsg": "invalid webhook url"}))
    result = zhbrief("push", str(tmp_path / "2026-11-25.md"), "--to", f"wecom:{platforms.wecom.url}",
                     "--to", f"feishu:{platforms.feishu.url}", "--to", f"dingtalk:{platforms.dingtalk.url}",
                     env={**SECRETS_ENV, "ZHBRIEF_DINGTALK_SECRET": "SECnot-the-right-one"})
    assert result.returncode == 3
    assert "push to wecom:http://127.0.0.1:" in result.stderr and "errcode 93000: invalid webhook url" in result.stderr
    assert "errcode 310000: sign not match" in result.stderr  # DingTalk with the wrong secret
    assert "2 of 3 target(s) failed" in result.stderr
    assert platforms.feishu.accepted and "pushed the brief of 2026-11-25 to feishu:" in result.stdout
    for secret in [*secrets_of(platforms), "SECnot-the-right-one"]:
        assert secret not in result.stdout + result.stderr


def test_a_watchlist_brief_pushed_by_hand_is_the_message_the_digest_pushes_and_shares_its_record(
        platforms: Platforms, tmp_path: Path):
    """By hand, OUT/医疗AI/DATE.md went out as '每日简报 · …' (no name), linked to OUT's DATE.html (the main
    brief), and was recorded in a new OUT/医疗AI/zhbrief.sqlite3, so a group the digest had already given
    it got it again."""
    import dataclasses

    from briefs.deliver.outline import outline_from_brief
    from briefs.deliver.policy import SystemClock
    from briefs.deliver.push import brief_link, push
    from briefs.deliver.targets import PushTarget
    from briefs.digest.store import Store
    from tests.golden_brief import sample_brief
    from tests.test_push import watchlist_brief_files

    base = "https://briefs.example.cn/daily/"
    brief = dataclasses.replace(sample_brief(), watchlist="医疗AI", rule="含 医疗、医院 之一")
    md = watchlist_brief_files(tmp_path, brief)
    digest_outline = outline_from_brief(brief, html_name="医疗AI/2026-11-25.html")  # as feed_and_push makes it
    with Store(tmp_path / "zhbrief.sqlite3") as store:  # the digest's push, to the WeCom group
        [report] = push(digest_outline, [PushTarget("wecom", platforms.wecom.url)], store=store,
                        clock=SystemClock(), link=brief_link(base, digest_outline.html_name))
    assert report.ok and platforms.wecom.accepted
    by_digest = list(platforms.wecom.accepted)
    result = zhbrief("push", str(md), "--to", f"wecom:{platforms.wecom.url}", "--to", f"feishu:{platforms.feishu.url}",
                     "--link-base", base, env=SECRETS_ENV)
    assert result.returncode == 0, result.stderr
    assert "was already delivered" in result.stdout and platforms.wecom.accepted == by_digest
    assert not (md.parent / "zhbrief.sqlite3").exists()
    [post] = [m["content"]["post"]["zh_cn"] for m in platforms.feishu.accepted]
    assert post["title"] == "医疗AI · 每日简报 · 2026年11月25日"
    assert {"tag": "a", "text": "查看完整简报", "href": f"{base}%E5%8C%BB%E7%96%97AI/2026-11-25.html"} in post["content"][-1]
    # Sent again by hand (--resend), the WeCom group gets the very message the digest sent.
    again = zhbrief("push", str(md), "--to", f"wecom:{platforms.wecom.url}", "--link-base", base, "--resend")
    assert again.returncode == 0, again.stderr
    assert platforms.wecom.accepted[len(by_digest):] == by_digest


def test_push_without_any_target_is_a_usage_error(made_brief: Path):
    result = zhbrief("push", str(made_brief / "2026-11-25.md"))
    assert result.returncode == 2 and "no push target" in result.stderr


@pytest.mark.parametrize("spec", [
    "wecomm:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",  # a typo
    "WeCom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",  # no kind
])
def test_a_target_of_no_known_kind_is_a_usage_error_that_never_shows_its_key(made_brief: Path, spec: str,
                                                                           tmp_path: Path):
    """Cron mails stderr: a misspelt kind must not put the bot's key in that mail, and it is a bad flag,
    not a [[push]] name looked up in a config file there is none of."""
    for command in (("push", str(made_brief / "2026-11-25.md"), "--to", spec),
                    ("digest", str(SAMPLES / "inbox"), "--out", str(tmp_path), "--push-to", spec)):
        result = zhbrief(*command)
        assert result.returncode == 2, result.stderr
        assert "693a91f6-7xxx" not in result.stdout + result.stderr
        assert "wecom, dingtalk, feishu, apprise" in result.stderr
        assert "config file" not in result.stderr


def test_digest_with_a_config_mails_nothing_but_pushes_and_writes_the_feed(platforms: Platforms, tmp_path: Path):
    config = tmp_path / "zhbrief.toml"
    config.write_text(f"""
[feed]
link_base = "https://briefs.example.cn/"
entries = 5

[[push]]
name = "team-wecom"
kind = "wecom"
url_env = "TEAM_WECOM_URL"

[[push]]
name = "team-feishu"
kind = "feishu"
url = "{platforms.feishu.url}"
secret_env = "TEAM_FEISHU_SECRET"

[[push]]
name = "watch-only"
kind = "dingtalk"
url = "{platforms.dingtalk.url}"
digest = false
""", encoding="utf-8")
    out = tmp_path / "out"
    env = {"TEAM_WECOM_URL": platforms.wecom.url, "TEAM_FEISHU_SECRET": platforms.feishu.secret}
    result = zhbrief("digest", str(SAMPLES / "inbox"), "--date", "2026-11-25", "--out", str(out),
                     "--config", str(config), "--workers", "1", env=env)
    assert result.returncode == 0, result.stderr
    assert "pushed the brief of 2026-11-25 to team-wecom" in result.stdout
    assert "pushed the brief of 2026-11-25 to team-feishu" in result.stdout
    assert platforms.wecom.accepted and platforms.feishu.accepted and not platforms.dingtalk.requests
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo and feed.entries[0].link == "https://briefs.example.cn/2026-11-25.html"
    # The same digest again: the brief is rewritten, nothing is pushed twice.
    again = zhbrief("digest", str(SAMPLES / "inbox"), "--date", "2026-11-25", "--out", str(out),
                    "--config", str(config), "--workers", "1", "--quiet", env=env)
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
    assert len(platforms.wecom.accepted) == platforms.wecom.requests
    # A missing environment variable stops the digest before it reads anything.
    missing = zhbrief("digest", str(SAMPLES / "inbox"), "--date", "2026-11-25", "--out", str(tmp_path / "o2"),
                      "--config", str(config), env={"TEAM_FEISHU_SECRET": "x"})
    assert missing.returncode == 1 and "'team-wecom' url_env: TEAM_WECOM_URL is not set" in missing.stderr
    assert not (tmp_path / "o2").exists()
    for secret in secrets_of(platforms):
        assert secret not in result.stdout + result.stderr + missing.stderr


def test_one_config_file_digests_mails_writes_the_feed_and_pushes(platforms: Platforms, tmp_path: Path):
    """The README's crontab line: `zhbrief digest INPUT --config zhbrief.toml --quiet`, nothing else."""
    from tests.smtp_fixtures import RecordingHandler, smtp_server

    handler = RecordingHandler()
    with smtp_server(handler) as smtp:
        config = tmp_path / "zhbrief.toml"
        config.write_text(f"""
[digest]
out = "out"
[mail]
smtp = "127.0.0.1:{smtp.port}"
to = ["team@example.com"]
[feed]
link_base = "https://briefs.example.cn/daily/"
[[push]]
name = "team-wecom"
kind = "wecom"
url_env = "ZHBRIEF_WECOM_URL"
""", encoding="utf-8")
        result = zhbrief("digest", str(SAMPLES / "inbox"), "--date", "2026-11-25", "--config", str(config),
                         "--quiet", "--workers", "1", env={"ZHBRIEF_WECOM_URL": platforms.wecom.url})
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", result.stderr
    assert [m.rcpt_tos for m in handler.messages] == [("team@example.com",)]
    assert platforms.wecom.accepted and platforms.wecom.problems == []
    assert "https://briefs.example.cn/daily/2026-11-25.html" in platforms.wecom.accepted[0]["markdown"]["content"]
    assert not feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes()).bozo


def test_link_base_help_says_what_each_command_links():
    """`push` writes no feed, so its --link-base sets the messages' link alone; `digest`'s sets the feed's too."""
    def link_base_help(command: str) -> str:
        text = zhbrief(command, "--help", env={**os.environ, "COLUMNS": "200"}).stdout
        return " ".join(next(line for line in text.splitlines() if "--link-base URL " in line).split())

    assert "feed" not in link_base_help("push") and "messages" in link_base_help("push")
    assert "feed" in link_base_help("digest")

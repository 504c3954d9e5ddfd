"""Watchlists in the daily digest, end to end: the real CLI in subprocesses, `digest --config` with no
positional inputs, one brief per watchlist with its own index and its own novelty, silent inputs, bad
configs, kill -9 across every brief folder, and per-watchlist mail to a real SMTP server on loopback."""
from __future__ import annotations

import email
import email.policy
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
from filelock import FileLock, Timeout

from tests.conftest import ROOT
from tests.smtp_fixtures import RecordingHandler, smtp_server
from tests.test_digest import DAY, INBOX, ROBOT_LEAD, digest_command, synthetic, write_jsonl

MEDICAL = """
[[watchlists]]
name = "医疗AI"
any = ["医疗", "医院", "患者", "诊断", "/影像(识别|诊断)/"]
all = ["AI|人工智能|大模型"]
none = ["股市", "娱乐"]
min_hits = 2
"""
CHIPS = """
[[watchlists]]
name = "芯片"
any = ["芯片", "算力", "/[GN]PU/"]
none = ["量子"]
min_hits = 2
"""
MEDICAL_TITLES = ["AI眼底筛查走进乡镇卫生院 基层慢病管理迎来“智能助手”", "国产手术机器人精度再提升，远程手术从“能做”到“常做”"]
CHIP_TITLE = "国产AI推理芯片“启明-X2”发布：能效比提升3倍"


def zhbrief(*args: str | Path, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefs", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, **kwargs)


def config(folder: Path, body: str, *, inputs: str | None = None, out: str = "out", digest: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "zhbrief.toml"
    head = f"[digest]\nout = {json.dumps(out)}\n{digest}" + (f"inputs = {inputs}\n" if inputs is not None else "")
    path.write_text(head + body, encoding="utf-8")
    return path


def brief_files(out: Path) -> dict[str, bytes]:
    """Every .md and .html under OUT, by path relative to OUT."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.suffix in (".md", ".html")}


def titles(md: Path) -> list[str]:
    return [re.sub(r"^\[(.*)\]\[\d+\]$", r"\1", t)
            for t in re.findall(r"^### \d+\. (.+)$", md.read_text(encoding="utf-8"), re.MULTILINE)]


# --- the sample day, two watchlists ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory):
    """The bundled sample config: the sample inbox (its [digest] inputs) and two watchlists (MEDICAL, CHIPS)."""
    path = ROOT / "samples" / "zhbrief.toml"
    assert MEDICAL.strip() in path.read_text(encoding="utf-8") and CHIPS.strip() in path.read_text(encoding="utf-8")
    out = tmp_path_factory.mktemp("watch") / "out"
    run = zhbrief("digest", "--config", path, "--date", DAY, "--out", out)  # no positional inputs: [digest] inputs
    assert run.returncode == 0, run.stderr
    return path, out, run


def test_one_run_writes_three_briefs_each_with_its_own_index(sample_run):
    _, out, run = sample_run
    assert sorted(brief_files(out)) == sorted([
        f"{DAY}.html", f"{DAY}.md", "index.html", "index.md",
        f"医疗AI/{DAY}.html", f"医疗AI/{DAY}.md", "医疗AI/index.html", "医疗AI/index.md",
        f"芯片/{DAY}.html", f"芯片/{DAY}.md", "芯片/index.html", "芯片/index.md"])
    assert f"wrote {out / '医疗AI' / DAY}.md and {out / '医疗AI' / DAY}.html: 2 articles for watchlist 医疗AI" in run.stdout
    index = (out / "医疗AI" / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# 医疗AI · 每日简报 · 索引") and f"({DAY}.md)" in index
    assert (out / "芯片" / "index.html").read_text(encoding="utf-8").count(f'href="{DAY}.html"') == 2


def test_each_watchlist_brief_holds_exactly_the_matching_articles(sample_run):
    _, out, _ = sample_run
    assert len(titles(out / f"{DAY}.md")) == 11  # the main brief: every story of the day
    # 医疗AI: the eye-screening story (医疗, 医院, 患者, 诊断 and AI) and the surgical-robot story (医疗, 医院,
    # 患者 and 大模型; its re-post in wire.jsonl is folded into it, not listed twice).
    assert sorted(titles(out / "医疗AI" / f"{DAY}.md")) == sorted(MEDICAL_TITLES)
    # 芯片: the chip launch. Not the superconducting-chip story (芯片 ×4, but 量子 is in none), not the
    # open-source model story (算力 once: 1 hit, min_hits is 2).
    assert titles(out / "芯片" / f"{DAY}.md") == [CHIP_TITLE]
    md = (out / "医疗AI" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "关注条件：含 医疗、医院、患者、诊断、/影像(识别|诊断)/ 之一；须含 AI|人工智能|大模型；排除 股市、娱乐" in md
    assert md.count("命中：") == 2 and "命中：医疗×3、医院×6、患者×6、诊断×2、AI×6（含标题）、人工智能×2、大模型" in md
    assert "未命中 9 篇" in md
    html = (out / "芯片" / f"{DAY}.html").read_text(encoding="utf-8")
    assert '<p class="also matched">命中：芯片×15（含标题）、算力×2</p>' in html


COUNT = re.compile(r"(读取|收录|合并重复|此前已报|失败|非当日|未命中|只入关注清单) (\d+) [篇项]")


def counts(md: Path) -> dict[str, int]:
    """The counts line of a brief, by label."""
    line = next(l for l in md.read_text(encoding="utf-8").splitlines() if l.startswith("读取 "))
    return {label: int(n) for label, n in COUNT.findall(line)}


def assert_adds_up(md: Path) -> None:
    """Every article read is counted once: kept, folded, already briefed, of another day, or not this brief's
    (失败 counts inputs that could not be read, apart from 读取)."""
    c = counts(md)
    parts = ("收录", "合并重复", "此前已报", "非当日", "未命中", "只入关注清单")
    assert c["读取"] == sum(c.get(p, 0) for p in parts), (md, c)


def test_every_briefs_counts_line_adds_up(sample_run):
    _, out, _ = sample_run
    for md in (out / f"{DAY}.md", out / "医疗AI" / f"{DAY}.md", out / "芯片" / f"{DAY}.md"):
        assert_adds_up(md)
    # 芯片 did not match the robotics story: its re-post in wire.jsonl is not 芯片's either
    assert counts(out / "芯片" / f"{DAY}.md") == {"读取": 13, "收录": 1, "合并重复": 0, "此前已报": 0, "失败": 0,
                                                  "非当日": 1, "未命中": 11}


def test_the_main_briefs_counts_add_up_when_a_watchlist_takes_a_reposted_story(tmp_path: Path):
    path = config(tmp_path, MEDICAL + "main = false\n", inputs=json.dumps([str(INBOX)]))
    run = zhbrief("digest", "--config", path, "--date", DAY)
    assert run.returncode == 0, run.stderr
    main = tmp_path / "out" / f"{DAY}.md"
    assert_adds_up(main)
    assert_adds_up(tmp_path / "out" / "医疗AI" / f"{DAY}.md")
    assert counts(main)["只入关注清单"] == 3  # two stories, one of them with its re-post


def test_an_earlier_days_counts_in_the_index_still_add_up(tmp_path: Path):
    """The index lists earlier briefs from the store: their 未命中 and 只入关注清单 are remembered too."""
    path = config(tmp_path, CHIPS + "main = false\n", inputs=json.dumps([str(INBOX)]))
    for day in (DAY, "2026-11-26"):
        run = zhbrief("digest", "--config", path, "--date", day)
        assert run.returncode == 0, run.stderr
    for folder, label in ((tmp_path / "out", "只入关注清单"), (tmp_path / "out" / "芯片", "未命中")):
        html = (folder / "index.html").read_text(encoding="utf-8")
        lines = [re.sub(r"<[^>]+>", "", line) for line in re.findall(r'<p class="counts">.*?</p>', html)[1:]]
        assert len(lines) == 2 and label in lines[1], lines  # newest first: the 25th is the earlier day
        for line in lines:
            c = {name: int(n) for name, n in COUNT.findall(line)}
            assert c["读取"] == sum(n for name, n in c.items() if name not in ("读取", "失败")), line


def test_watch_test_says_why_the_others_do_not_match(sample_run):
    path, _, _ = sample_run
    run = zhbrief("watch", "test", "--config", path, INBOX)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "医疗AI" and "芯片" in lines
    medical = lines[1:lines.index("芯片")]
    chips = lines[lines.index("芯片") + 1:]
    assert [line.split(":")[0].strip() for line in medical if line.lstrip().startswith("✓")] == [
        f"✓ {INBOX}/2026-11-25-medical-ai.json", f"✓ {INBOX}/2026-11-25-robotics-scraped.txt", f"✓ {INBOX}/wire.jsonl"]
    assert f"  ✗ {INBOX}/2026-11-25-ai-chip.html: no term of any: 医疗, 医院, 患者, 诊断, /影像(识别|诊断)/ (found: AI×3（含标题）、大模型×5)" in medical
    assert f"  ✗ {INBOX}/feeds/tech-rss.xml#1: excluded by 量子 (found: 芯片×4（含标题）)" in chips
    assert f"  ✗ {INBOX}/wire.jsonl:4: 1 hit, min_hits is 2 (found: 算力)" in chips
    assert sum(line.lstrip().startswith("✓") for line in chips) == 1


def test_rerunning_the_day_gives_byte_identical_files_in_every_folder(sample_run, tmp_path: Path):
    path, out, _ = sample_run
    before = brief_files(out)
    again = zhbrief("digest", "--config", path, "--date", DAY, "--out", out, "--workers", "2", "--quiet")
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
    assert brief_files(out) == before
    with sqlite3.connect(out / "zhbrief.sqlite3") as db:
        rows = db.execute("SELECT watchlist, count(*) FROM article GROUP BY watchlist ORDER BY watchlist").fetchall()
        briefs = db.execute("SELECT watchlist, brief_date, kept FROM brief ORDER BY watchlist").fetchall()
    assert rows == [("", 12), ("医疗AI", 3), ("芯片", 1)]  # the folded re-post is remembered with its story
    assert briefs == [("", DAY, 11), ("医疗AI", DAY, 2), ("芯片", DAY, 1)]


def test_a_watchlist_that_matches_nothing_gives_a_brief_that_says_so(tmp_path: Path):
    body = '[[watchlists]]\nname = "航天"\nany = ["航天", "火箭"]\n'
    path = config(tmp_path, body, inputs=json.dumps([str(INBOX / "wire.jsonl")]))
    run = zhbrief("digest", "--config", path, "--date", DAY)
    assert run.returncode == 0, run.stderr
    md = (tmp_path / "out" / "航天" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "今日没有符合“航天”关注条件的文章。" in md and "收录 0 篇" in md and "未命中 4 篇" in md
    assert "今日没有符合“航天”关注条件的文章。" in (tmp_path / "out" / "航天" / f"{DAY}.html").read_text(encoding="utf-8")
    assert len(titles(tmp_path / "out" / f"{DAY}.md")) == 4  # the main brief is unaffected


def test_main_false_keeps_a_watchlists_stories_out_of_the_main_brief(tmp_path: Path):
    path = config(tmp_path, CHIPS + "main = false\n", inputs=json.dumps([str(INBOX)]))
    run = zhbrief("digest", "--config", path, "--date", DAY)
    assert run.returncode == 0, run.stderr
    main = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert CHIP_TITLE not in main and "收录 10 篇" in main and "只入关注清单 1 篇" in main
    assert titles(tmp_path / "out" / "芯片" / f"{DAY}.md") == [CHIP_TITLE]


def test_novelty_is_per_brief(tmp_path: Path):
    """A story briefed to one team on one day is left out of that team's next brief, and still new to another."""
    robotics = (INBOX / "2026-11-25-robotics-scraped.txt").read_text(encoding="utf-8")
    day1 = tmp_path / "day1"
    day1.mkdir()
    (day1 / "robotics.txt").write_text(robotics.split("\n", 1)[1], encoding="utf-8")  # without its dateline: undated
    repost = json.loads((INBOX / "wire.jsonl").read_text(encoding="utf-8").splitlines()[0])
    day2 = write_jsonl(tmp_path / "day2" / "wire.jsonl", [{**repost, "date": "2026-11-25T08:00:00+08:00"}])
    surgery = '[[watchlists]]\nname = "手术"\nany = ["手术机器人"]\n'
    hospitals = '[[watchlists]]\nname = "医院"\nany = ["医院"]\n'
    first = zhbrief("digest", day1, "--config", config(tmp_path, surgery), "--date", "2026-11-24")
    assert first.returncode == 0, first.stderr
    second = zhbrief("digest", day2, "--config", config(tmp_path, surgery + hospitals), "--date", DAY)
    assert second.returncode == 0, second.stderr
    out = tmp_path / "out"
    assert ROBOT_LEAD not in (out / f"{DAY}.md").read_text(encoding="utf-8")  # the main brief showed it yesterday
    assert "此前已报 1 篇" in (out / "手术" / f"{DAY}.md").read_text(encoding="utf-8")
    assert ROBOT_LEAD not in (out / "手术" / f"{DAY}.md").read_text(encoding="utf-8")
    hospital = (out / "医院" / f"{DAY}.md").read_text(encoding="utf-8")
    assert ROBOT_LEAD in hospital and "此前已报 0 篇" in hospital  # new to this team


# --- silent inputs -----------------------------------------------------------------------------------------------


def test_an_input_silent_for_n_days_is_named_on_stderr_and_in_the_brief(tmp_path: Path):
    live, dead = tmp_path / "live", tmp_path / "dead"
    path = config(tmp_path, "", inputs=json.dumps(["live", "dead"]), digest="silent_days = 3\n")
    write_jsonl(dead / "old.jsonl", [{"title": "旧闻", "text": synthetic(1), "date": "2026-11-21T09:00:00+08:00"}])
    for number, day in enumerate(("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", DAY), start=1):
        write_jsonl(live / f"{day}.jsonl", [{"title": f"第{number}天", "text": synthetic(100 + number),
                                             "date": f"{day}T09:00:00+08:00"}])
        run = zhbrief("digest", "--config", path, "--date", day)
        assert run.returncode == 0, run.stderr  # a silent input is a warning, not a failed input
        if day <= "2026-11-23":
            assert "silent" not in run.stderr
    assert f"zhbrief: {dead}: silent for 4 days (no new article since 2026-11-21)" in run.stderr
    assert str(live) not in run.stderr
    html = (tmp_path / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert f'<span class="origin">{dead}</span>：连续 4 天没有新文章（最近一篇为 2026-11-21）' in html
    assert "失败 0 项" in html
    # What the store remembers decides, not the files: re-running a day gives the same answer.
    again = zhbrief("digest", "--config", path, "--date", "2026-11-24")
    assert f"zhbrief: {dead}: silent for 3 days" in again.stderr


# --- the config: inputs, bad tables ------------------------------------------------------------------------------


def test_config_inputs_expand_globs_and_home_relative_to_the_config_file(tmp_path: Path):
    home = tmp_path / "home"
    write_jsonl(home / "wire" / "a.jsonl", [{"title": "家目录稿", "text": synthetic(31)}])
    write_jsonl(tmp_path / "conf" / "feeds" / "b.jsonl", [{"title": "通配稿", "text": synthetic(32)}])
    write_jsonl(tmp_path / "conf" / "feeds" / "c.jsonl", [{"title": "另一通配稿", "text": synthetic(33)}])
    path = config(tmp_path / "conf", "", inputs='["~/wire", "feeds/*.jsonl"]')
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-m", "briefs", "digest", "--config", str(path), "--date", DAY],
                         capture_output=True, text=True, cwd=elsewhere, timeout=180,
                         env={**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert sorted(titles(tmp_path / "conf" / "out" / f"{DAY}.md")) == sorted(["家目录稿", "通配稿", "另一通配稿"])


def test_no_inputs_anywhere_is_a_usage_error(tmp_path: Path):
    run = zhbrief("digest", "--config", config(tmp_path, ""), "--date", DAY)
    assert run.returncode == 2 and "no inputs: name folders, files or feed URLs, or set inputs" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("body, message", [
    (MEDICAL.replace("/影像(识别|诊断)/", "/影像(识别|诊断/"),
     "[[watchlists]] #1 (医疗AI) any: invalid regular expression /影像(识别|诊断/: missing )"),
    (CHIPS + 'push_to = ["wecom-chips"]\n\n[[push]]\nname = "wecom-med"\n',
     "[[watchlists]] #1 (芯片) push_to: unknown push target 'wecom-chips' (the [[push]] targets are: wecom-med)"),
    ('[[watchlists]]\nname = "只排除"\nnone = ["股市"]\n',
     "[[watchlists]] #1 (只排除) any: a watchlist needs terms in any or all"),
])
def test_a_bad_watchlist_stops_the_run_before_anything_is_written(tmp_path: Path, body: str, message: str):
    path = config(tmp_path, body, inputs=json.dumps([str(INBOX)]))
    run = zhbrief("digest", "--config", path, "--date", DAY)
    assert run.returncode == 1
    assert run.stderr.startswith(f"zhbrief: error: {path}: {message}"), run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


# --- kill -9, the lock, mail ---------------------------------------------------------------------------------------


def test_kill_9_leaves_every_brief_folder_whole(tmp_path: Path):
    inbox = tmp_path / "inbox"
    write_jsonl(inbox / "big.jsonl", [{"title": f"第{n}号稿", "text": synthetic(n, sentences=14)} for n in range(400)])
    lists = ('[[watchlists]]\nname = "手术"\nany = ["手术|医院"]\n\n'
             '[[watchlists]]\nname = "芯片"\nany = ["芯片|算力"]\n\n'
             '[[watchlists]]\nname = "空"\nany = ["航天"]\n')
    reference = config(tmp_path / "ref", lists, inputs=json.dumps([str(inbox)]))
    started = time.monotonic()
    assert zhbrief("digest", "--config", reference, "--date", DAY, "--quiet").returncode == 0
    duration = time.monotonic() - started
    new = brief_files(tmp_path / "ref" / "out")
    # An older brief of the same day in every folder: a killed run must leave each file old or new.
    path = config(tmp_path / "run", lists, inputs=json.dumps([str(inbox / "big.jsonl")]))
    small = write_jsonl(tmp_path / "small" / "one.jsonl", [{"title": "早间稿", "text": synthetic(9999)}])
    assert zhbrief("digest", small, "--config", path, "--date", DAY, "--quiet").returncode == 0
    out = tmp_path / "run" / "out"
    old = brief_files(out)
    assert set(old) == set(new)

    killed = 0
    for share in (0.3, 0.6, 0.8, 0.9, 0.95, 1.0, 1.05):
        process = subprocess.Popen(digest_command("--config", path, "--date", DAY, "--quiet", "--workers", "2"),
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        started = time.monotonic()
        while process.poll() is None and time.monotonic() - started < duration * share:
            time.sleep(0.002)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed += 1
        process.wait()
        for name, content in brief_files(out).items():
            assert content in (old[name], new[name]), f"{name} is neither the old brief nor the new one"
    assert killed >= 3, f"only {killed} run(s) killed; make the input bigger"
    clean = zhbrief("digest", "--config", path, "--date", DAY, "--quiet")
    assert clean.returncode == 0, clean.stderr
    assert brief_files(out) == new
    assert [p for p in out.rglob("*.tmp")] == []


class LockWatchingHandler(RecordingHandler):
    """Records, for each message, whether the digest still held its output folder's lock at DATA."""

    def __init__(self, lock: Path) -> None:
        super().__init__()
        self.lock = lock
        self.locked: list[bool] = []

    async def handle_DATA(self, server, session, envelope):
        probe = FileLock(self.lock, timeout=0)
        try:
            probe.acquire()
        except Timeout:
            self.locked.append(True)
        else:
            probe.release()
            self.locked.append(False)
        return await super().handle_DATA(server, session, envelope)


def test_each_watchlist_is_mailed_to_its_own_recipients_under_the_runs_lock(tmp_path: Path):
    out = tmp_path / "out"
    handler = LockWatchingHandler(out / ".zhbrief.lock")
    with smtp_server(handler) as server:
        body = (f'[mail]\nsmtp = "127.0.0.1:{server.port}"\nfrom = "brief@example.com"\nto = ["all@example.com"]\n'
                + MEDICAL + 'mail_to = ["med@example.com", "doc@example.com"]\n' + CHIPS)
        path = config(tmp_path, body, inputs=json.dumps([str(INBOX)]))
        run = zhbrief("digest", "--config", path, "--date", DAY)
    assert run.returncode == 0, run.stderr
    assert [m.rcpt_tos for m in handler.messages] == [("all@example.com",), ("med@example.com", "doc@example.com")]
    subjects = [email.message_from_bytes(m.data, policy=email.policy.default)["Subject"] for m in handler.messages]
    assert subjects == ["每日简报 · 2026年11月25日", "医疗AI · 每日简报 · 2026年11月25日"]  # a phone shows the name
    attached = [[p.get_filename() for p in email.message_from_bytes(m.data, policy=email.policy.default)
                 .iter_attachments()] for m in handler.messages]
    assert attached == [["2026-11-25.html"], ["医疗AI-2026-11-25.html"]]
    assert handler.locked == [True, True]  # the lock covers the whole run, mail included
    assert "mailed 2026-11-25.html to med@example.com, doc@example.com" in run.stdout


# --- push: each watchlist to its own chat group -------------------------------------------------------------------


def test_a_watchlist_is_pushed_to_its_own_group_once_and_the_main_brief_to_the_digest_group(tmp_path: Path):
    from tests.platform_fixtures import platform_servers

    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    with platform_servers() as platforms:
        body = ('[feed]\nlink_base = "https://briefs.example.cn/daily/"\n'
                '[[push]]\nname = "team-wecom"\nkind = "wecom"\nurl_env = "TEAM_URL"\n'
                '[[push]]\nname = "med-feishu"\nkind = "feishu"\nurl_env = "MED_URL"\nsecret_env = "MED_SECRET"\n'
                'digest = false\n' + MEDICAL + 'push_to = ["med-feishu"]\n')
        path = config(tmp_path, body, inputs=json.dumps([str(INBOX)]))
        env.update(TEAM_URL=platforms.wecom.url, MED_URL=platforms.feishu.url, MED_SECRET=platforms.feishu.secret)
        args = [sys.executable, "-m", "briefs", "digest", "--config", str(path), "--date", DAY, "--workers", "1"]
        run = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=180, env=env)
        assert run.returncode == 0, run.stderr
        again = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=180, env=env)
        assert again.returncode == 0, again.stderr
    assert len(platforms.wecom.accepted) >= 1 and platforms.wecom.problems == []
    assert "每日简报 · 2026年11月25日" in platforms.wecom.accepted[0]["markdown"]["content"]
    (medical,) = platforms.feishu.accepted  # one message, and not again on the re-run
    post = medical["content"]["post"]["zh_cn"]
    assert post["title"] == "医疗AI · 每日简报 · 2026年11月25日" and platforms.feishu.problems == []
    assert "https://briefs.example.cn/daily/%E5%8C%BB%E7%96%97AI/2026-11-25.html" in json.dumps(post)
    assert "was already delivered" in again.stdout
    # The watchlist's feed links its folder percent-encoded, as the push does (it had a raw 医疗AI).
    feed = feedparser.parse((tmp_path / "out" / "医疗AI" / "feed.atom").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].link == "https://briefs.example.cn/daily/%E5%8C%BB%E7%96%97AI/2026-11-25.html"
    assert feed.feed.id == "https://briefs.example.cn/daily/%E5%8C%BB%E7%96%97AI/feed.atom"
    assert feed.entries[0].published == "2026-11-25T00:00:00+08:00"


def test_a_push_target_named_for_two_briefs_is_refused_before_anything_is_written(tmp_path: Path):
    body = '[[push]]\nname = "team-wecom"\nkind = "wecom"\nurl_env = "TEAM_URL"\n' + CHIPS + 'push_to = ["team-wecom"]\n'
    path = config(tmp_path, body, inputs=json.dumps([str(INBOX)]))
    run = subprocess.run([sys.executable, "-m", "briefs", "digest", "--config", str(path), "--date", DAY],
                         capture_output=True, text=True, cwd=ROOT, timeout=180,
                         env={**os.environ, "TEAM_URL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"})
    assert run.returncode == 1
    assert (f"{path}: [[watchlists]] (芯片) push_to: 'team-wecom' already receives the main brief; "
            "a push target takes one brief a day") in run.stderr
    assert not (tmp_path / "out").exists()

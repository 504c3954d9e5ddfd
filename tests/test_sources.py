"""briefs.digest.sources: which input an article came from, inputs from the config, and silent inputs."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefs.digest.sources import configured, names, silent, source_of
from briefs.digest.store import SourceRecord
from briefs.errors import BriefError

DAY = dt.date(2026, 11, 25)


def test_each_origin_belongs_to_the_most_specific_input():
    inputs = names(["inbox/", "inbox/wire.jsonl", "feeds/tech.xml", "https://example.cn/feed.xml"])
    assert inputs == ("inbox", "inbox/wire.jsonl", "feeds/tech.xml", "https://example.cn/feed.xml")
    assert source_of("inbox/a.txt", inputs) == "inbox"
    assert source_of("inbox/sub/b.md", inputs) == "inbox"
    assert source_of("inbox/wire.jsonl:3", inputs) == "inbox/wire.jsonl"  # named itself: its own input
    assert source_of("feeds/tech.xml#2", inputs) == "feeds/tech.xml"
    assert source_of("https://example.cn/feed.xml#1", inputs) == "https://example.cn/feed.xml"
    assert source_of("inboxes/c.txt", inputs) is None  # a prefix of the name is not the folder


def test_silent_counts_days_since_the_last_new_article_or_the_first_run():
    remembered = {
        "live": SourceRecord("live", DAY - dt.timedelta(days=9), DAY - dt.timedelta(days=20)),
        "quiet": SourceRecord("quiet", DAY - dt.timedelta(days=4), DAY - dt.timedelta(days=20)),
        "recent": SourceRecord("recent", DAY - dt.timedelta(days=2), DAY - dt.timedelta(days=20)),
        "never": SourceRecord("never", None, DAY - dt.timedelta(days=2)),
    }
    counts = {"live": 3, "quiet": 0, "recent": 0, "never": 0, "new": 0}
    found = silent(counts, remembered, date=DAY, days=3)
    assert [(f.origin, f.reason) for f in found] == [
        ("never", "silent for 3 days (no new article since it was first read on 2026-11-23)"),
        ("quiet", "silent for 4 days (no new article since 2026-11-21)"),
    ]
    assert silent(counts, remembered, date=DAY, days=0) == []


def test_config_inputs_expand_relative_to_the_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "feeds").mkdir()
    for name in ("b.xml", "a.xml"):
        (tmp_path / "feeds" / name).write_text("<rss/>", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    found = configured(["feeds/*.xml", "~/inbox", "none/*.xml", "https://example.cn/f.xml", "feeds/a.xml"], tmp_path, "cfg")
    assert found == [str(tmp_path / "feeds" / "a.xml"), str(tmp_path / "feeds" / "b.xml"), str(tmp_path / "home" / "inbox"),
                     str(tmp_path / "none" / "*.xml"), "https://example.cn/f.xml"]
    with pytest.raises(BriefError, match=r"cfg: \[digest\] inputs: expected a list"):
        configured("inbox", tmp_path, "cfg")


def test_a_feed_urls_secrets_never_become_a_source_name():
    (name,) = names(["https://reader:hunter2@example.cn/feed.xml?token=s3cr3t&lang=zh"])
    assert name == "https://***@example.cn/feed.xml?token=***&lang=***"
    assert source_of(f"{name}#3", (name,)) == name  # the ingest step masks the origins the same way


def test_a_feed_urls_user_name_alone_is_masked_as_the_readme_shows():
    """A token given as the user name (https://TOKEN@host/…) is hidden like a password; the README's
    example of a masked URL is what the digest shows."""
    import re

    from tests.conftest import ROOT

    assert names(["https://s3cr3t-t0ken@example.cn/feed.xml"]) == ("https://***@example.cn/feed.xml",)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    given, shown = re.search(r"`(https://\S+)` is shown as `(https://\S+)`", readme).groups()
    assert names([given]) == (shown,) and "user name and password" in readme

"""`zhbrief mail` against real SMTP servers on 127.0.0.1 (aiosmtpd): plain, STARTTLS and SMTPS with a
trustme CA, AUTH, 4xx/5xx replies; every received message is parsed back with the standard library."""
from __future__ import annotations

import argparse
import dataclasses
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import trustme

from briefs.cli import main
from briefs.errors import BriefError
from briefs.deliver.mail import (
    PASSWORD_ENV,
    MailOptions,
    add_mail_arguments,
    mail_options_from_args,
    build_message,
    plain_text_from_html,
    send_message,
    write_eml,
)
from tests.smtp_fixtures import (
    RecordingHandler,
    authenticator,
    free_port_with_nothing_listening,
    server_tls_context,
    smtp_server,
)

REPO = Path(__file__).resolve().parents[1]
BRIEF_NAME = "每日简报-2026-11-25.html"
SUBJECT = "每日简报 · 2026年11月25日"
NOW = datetime(2026, 11, 25, 7, 30, tzinfo=timezone(timedelta(hours=8)))

BRIEF_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>每日简报 2026-11-25</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; max-width: 40em; }
h1 { font-size: 24px; border-bottom: 2px solid #c8102e; }
.theme h2 { color: #c8102e; font-size: 18px; }
.source { color: #888; font-size: 12px; }
@media (max-width: 600px) { body { font-size: 15px; } }
</style>
</head>
<body>
<h1>每日简报 · 2026年11月25日</h1>
<section class="theme">
<h2>宏观经济</h2>
<ul>
<li><a href="https://news.example.cn/economy/1125-cpi">国家统计局：10月份CPI同比上涨0.4%</a>，
核心CPI保持温和回升。<span class="source">新华社</span></li>
<li>央行开展5000亿元MLF操作，中标利率持平。<span class="source">第一财经</span></li>
</ul>
</section>
<section class="theme">
<h2>科技</h2>
<p>国产大飞机C919累计交付突破百架，东航、国航、南航均已投入商业运营。</p>
</section>
<script>console.log("not mail text")</script>
</body>
</html>
"""

BRIEF_MD = """# 每日简报 · 2026年11月25日

## 宏观经济

- [国家统计局：10月份CPI同比上涨0.4%](https://news.example.cn/economy/1125-cpi)，核心CPI保持温和回升。（新华社）
- 央行开展5000亿元MLF操作，中标利率持平。（第一财经）

## 科技

国产大飞机C919累计交付突破百架，东航、国航、南航均已投入商业运营。
"""


# ------------------------------------------------------------------------------------ fixtures


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    out = tmp_path / "briefs-out"
    out.mkdir()
    (out / BRIEF_NAME).write_text(BRIEF_HTML, encoding="utf-8")
    (out / BRIEF_NAME).with_suffix(".md").write_text(BRIEF_MD, encoding="utf-8")
    return out / BRIEF_NAME


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def cafile(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def mail(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["mail", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").strip().split("\n")


def assert_brief_message(data: bytes, brief: Path, *, to: list[str], cc: list[str] = (),
                         hidden: list[str] = (), subject: str = SUBJECT) -> EmailMessage:
    """Every part of the mailed brief, as a mail client would read it."""
    message = parse(data)
    assert message["Subject"] == subject
    assert [a.addr_spec for a in message["To"].addresses] == list(to)
    if cc:
        assert [a.addr_spec for a in message["Cc"].addresses] == list(cc)
    assert "Bcc" not in message
    for address in hidden:
        assert address.encode() not in data, f"{address} leaked into the message"
    assert message.get_content_type() == "multipart/mixed"

    alternative, attachment, *more = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html = alternative.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert lines(text.get_content()) == lines(plain_text_from_html(brief.read_text(encoding="utf-8")))

    assert html.get_content_type() == "text/html"
    body = html.get_content()
    assert not re.search(r"<style\b", body, re.I), "a <style> element survived; mail clients drop it"
    assert re.search(r'<h1 style="[^"]*border-bottom: 2px solid #c8102e', body), "h1 rule not inlined"
    assert re.search(r'<h2 style="[^"]*color: #c8102e', body), "descendant rule .theme h2 not inlined"
    assert "国家统计局：10月份CPI同比上涨0.4%" in body

    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_content_type() == "text/html"
    assert attachment.get_filename() == brief.name
    assert attachment.get_payload(decode=True) == brief.read_bytes()
    # RFC 2231 parameter encoding, which clients decode into the Chinese name.
    assert b"filename*=utf-8''%E6%AF%8F%E6%97%A5%E7%AE%80%E6%8A%A5-2026-11-25.html" in data
    return message


# --------------------------------------------------------------------------- building the message


def test_message_headers_come_from_options_and_the_clock_passed_in(brief: Path) -> None:
    options = MailOptions(sender="简报 <brief@example.com>", to=("a@example.com",), cc=("c@example.com",),
                          bcc=("hidden@example.com",))
    message = build_message(brief, options, now=NOW)
    data = message.as_bytes(policy=policy.SMTP)

    parsed = assert_brief_message(data, brief, to=["a@example.com"], cc=["c@example.com"],
                                  hidden=["hidden@example.com"])
    assert parsedate_to_datetime(parsed["Date"]) == NOW
    assert parsed["From"].addresses[0].display_name == "简报"
    assert parsed["Message-ID"].endswith("@example.com>")
    # RFC 2047: the raw header is ASCII, the parsed one Chinese.
    assert re.search(rb"^Subject: =\?utf-8\?", data, re.M)


def test_subject_falls_back_to_todays_date_when_the_file_name_has_none(tmp_path: Path) -> None:
    page = tmp_path / "latest.html"
    page.write_text(BRIEF_HTML, encoding="utf-8")
    message = build_message(page, MailOptions(sender="zhbrief@localhost", to=("a@example.com",)), now=NOW)
    assert message["Subject"] == "每日简报 · 2026年11月25日"
    later = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    assert build_message(page, MailOptions(sender="zhbrief@localhost", to=("a@example.com",)),
                         now=later)["Subject"] == "每日简报 · 2026年12月1日"


def test_plain_text_is_extracted_from_the_html_when_there_is_no_markdown(tmp_path: Path) -> None:
    page = tmp_path / "2026-11-25.html"
    page.write_text(BRIEF_HTML, encoding="utf-8")
    message = build_message(page, MailOptions(sender="zhbrief@localhost", to=("a@example.com",)), now=NOW)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "宏观经济" in text
    assert "- 国家统计局：10月份CPI同比上涨0.4% <https://news.example.cn/economy/1125-cpi>，" in text
    assert "国产大飞机C919累计交付突破百架" in text
    for leaked in ("font-family", "border-bottom", "console.log", "<li>", "<title>"):
        assert leaked not in text
    assert plain_text_from_html("<p>一</p><p>二</p>") == "一\n\n二\n"


def test_eml_round_trips_through_the_parser_and_is_written_atomically(brief: Path, tmp_path: Path,
                                                                      capsys) -> None:
    before = brief.read_bytes()
    target = tmp_path / "out" / "brief.eml"
    target.parent.mkdir()
    code, out, err = mail(capsys, str(brief), "--to", "a@example.com", "--bcc", "hidden@example.com",
                          "--eml", str(target))
    assert (code, err) == (0, "")
    assert str(target) in out
    data = target.read_bytes()
    assert_brief_message(data, brief, to=["a@example.com"], hidden=["hidden@example.com"])
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), "not SMTP line ends"
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.eml"], "temp file left behind"
    assert brief.read_bytes() == before

    write_eml(parse(data), target)  # replacing an existing file goes through the same rename
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.eml"]


def test_attach_md_attaches_the_markdown_sibling_byte_for_byte(brief: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "with-md.eml"
    code, _, _ = mail(capsys, str(brief), "--to", "a@example.com", "--attach-md", "--eml", str(target))
    assert code == 0
    message = assert_brief_message(target.read_bytes(), brief, to=["a@example.com"])
    markdown = list(message.iter_attachments())[1]
    assert markdown.get_filename() == "每日简报-2026-11-25.md"
    assert markdown.get_payload(decode=True) == brief.with_suffix(".md").read_bytes()


def test_mailing_the_markdown_brief_mails_its_html_sibling(brief: Path, tmp_path: Path, capsys) -> None:
    """`zhbrief push DATE.md` works, so users give mail the .md too: it once went out as raw Markdown in
    the HTML part (one run-on paragraph in a mail client) with the .md attached as text/html."""
    from_md, from_html = tmp_path / "from-md.eml", tmp_path / "from-html.eml"
    for source, target in ((brief.with_suffix(".md"), from_md), (brief, from_html)):
        code, out, err = mail(capsys, str(source), "--to", "a@example.com", "--eml", str(target))
        assert (code, err) == (0, ""), err
    assert_brief_message(from_md.read_bytes(), brief, to=["a@example.com"])
    attachments = list(parse(from_md.read_bytes()).iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == [(BRIEF_NAME, "text/html")]


def test_mailing_a_markdown_file_without_its_html_names_the_missing_file(tmp_path: Path, capsys) -> None:
    lone = tmp_path / "2026-11-25.md"
    lone.write_text(BRIEF_MD, encoding="utf-8")
    code, _, err = mail(capsys, str(lone), "--to", "a@example.com", "--eml", str(tmp_path / "x.eml"))
    assert code == 1 and f"{tmp_path / '2026-11-25.html'}: no such brief file" in err
    assert not (tmp_path / "x.eml").exists()


@pytest.mark.parametrize("flags", [
    ["--mail-to", "a@example.com"],  # no server
    ["--mail-to", "a@example.com", "--mail-smtp", "127.0.0.1:1", "--mail-tls", "--mail-starttls"],
    ["--mail-to", "a@example.com", "--mail-smtp", "smtp.example.com:port"],
    ["--mail-to", "not an address", "--mail-smtp", "127.0.0.1:1"],
    ["--mail-to", "a@example.com", "--mail-smtp", "127.0.0.1:1", "--mail-retries", "99"],
])
def test_digest_mail_errors_and_help_name_the_digest_own_flags(tmp_path: Path, capsys, flags: list[str]) -> None:
    """The digest's mail flags are --mail-*: an error telling a digest user to 'pass --smtp' or use '--eml'
    names flags the digest refuses. Every flag an error or the help names must be one the digest takes."""
    from briefs.cli import build_parser

    parser = build_parser(["digest"])
    digest_flags = {option for action in parser._subparsers._group_actions[0].choices["digest"]._actions
                    for option in action.option_strings}
    code = main(["digest", str(REPO / "samples" / "inbox"), "--out", str(tmp_path / "out"), *flags])
    _, err = capsys.readouterr()
    assert code in (1, 2) and err.startswith("zhbrief: error: ")
    named = set(re.findall(r"--[a-z][a-z-]+", err))
    assert named and named <= digest_flags, err
    assert not (tmp_path / "out").exists()
    with pytest.raises(SystemExit):
        main(["digest", "--help"])
    named = set(re.findall(r"--[a-z][a-z-]+", capsys.readouterr().out))
    assert named - digest_flags <= {"--config"} and "--mail-starttls" in named


def test_eml_refuses_to_overwrite_the_brief(brief: Path, capsys) -> None:
    before = brief.read_bytes()
    code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--eml", str(brief))
    assert code == 2 and "overwrite the brief" in err
    assert brief.read_bytes() == before


# ------------------------------------------------------------------------------- refusing input


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--subject", "每日简报\r\nBcc: x@evil.example"),
        ("--subject", "每日简报\nBcc: x@evil.example"),
        ("--to", "a@example.com\r\nBcc: x@evil.example"),
        ("--from", "me@example.com\rBcc: x@evil.example"),
        ("--subject", "bell\x07"),
        ("--subject", "line\u2028separator"),
    ],
)
def test_control_characters_in_headers_are_refused_and_nothing_is_sent(brief: Path, capsys, flag: str,
                                                                       value: str) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", flag, value,
                            "--smtp", f"127.0.0.1:{server.port}")
    assert code != 0
    assert err.startswith("zhbrief: error: ") and "control character" in err
    assert handler.greetings == 0 and handler.messages == [], "the client talked to the server"


@pytest.mark.parametrize("bad", ["not-an-address", "a@localhost", "a b@example.com", "a@@example.com",
                                 "a@example", "<a@example.com", "a@-example.com"])
def test_invalid_addresses_are_named(brief: Path, tmp_path: Path, capsys, bad: str) -> None:
    code, _, err = mail(capsys, str(brief), "--to", "ok@example.com", "--cc", bad, "--eml",
                        str(tmp_path / "x.eml"))
    assert code == 1
    assert repr(bad) in err and "--cc" in err
    assert not (tmp_path / "x.eml").exists()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"sender": "brief at example.com"}, "sender (--from) 'brief at example.com'"),
        ({"sender": "me@localhost\r\nBcc: x@evil.example"}, "control character"),
        ({"bcc": ("x@evil.example\n",)}, "control character"),
        ({"subject": "每日简报\r\n"}, "control character"),
        ({"to": ()}, "no recipients"),
        ({"port": 0}, "port 0"),
        ({"retries": 11}, "--retries 11"),
    ],
)
def test_mail_options_cannot_be_built_unsafe(fields: dict, expected: str) -> None:
    """The digest builds MailOptions too: an instance that exists is safe to send."""
    values = {"sender": "brief@example.com", "to": ("a@example.com",), **fields}
    with pytest.raises(BriefError) as raised:
        MailOptions(**values)
    assert expected in str(raised.value)


def test_display_names_are_accepted(brief: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "named.eml"
    code, _, err = mail(capsys, str(brief), "--to", "张三 <zhang@example.com>", "--eml", str(target))
    assert (code, err) == (0, "")
    to = parse(target.read_bytes())["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == ("张三", "zhang@example.com")


def test_starttls_and_tls_together_is_a_usage_error(brief: Path, capsys) -> None:
    code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", "127.0.0.1", "--starttls", "--tls")
    assert code == 2 and "exclude each other" in err


def test_help_shows_an_example_and_documents_exit_code_3(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["mail", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "zhbrief mail briefs-out/2026-11-25.html --to a@example.com --eml out.eml" in out
    assert re.search(r"^\s+3\s+partially delivered", out, re.M)
    assert PASSWORD_ENV in out
    # The text part is made from the HTML since 000fcc6; the help said it came from the .md.
    assert "plain text made from its HTML" in out and ".md sibling, else" not in out


# ------------------------------------------------------------------------------------ delivery


def test_plain_smtp_delivers_every_part_to_to_cc_and_bcc(brief: Path, capsys) -> None:
    before = brief.read_bytes()
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        code, out, err = mail(capsys, str(brief), "--to", "a@example.com", "--to", "b@example.com",
                              "--cc", "c@example.com", "--bcc", "hidden@example.com",
                              "--from", "简报 <brief@example.com>", "--smtp", f"127.0.0.1:{server.port}")
    assert (code, err) == (0, "")
    assert "a@example.com, b@example.com, c@example.com, hidden@example.com" in out
    [received] = handler.messages
    assert received.mail_from == "brief@example.com"
    assert received.rcpt_tos == ("a@example.com", "b@example.com", "c@example.com", "hidden@example.com")
    message = assert_brief_message(received.data, brief, to=["a@example.com", "b@example.com"],
                                   cc=["c@example.com"], hidden=["hidden@example.com"])
    sent_at = parsedate_to_datetime(message["Date"])
    assert sent_at.tzinfo is not None and abs(sent_at - datetime.now(timezone.utc)) < timedelta(minutes=5)
    assert message["Message-ID"].endswith("@example.com>")
    assert brief.read_bytes() == before


def test_starttls_with_auth_and_cafile_as_a_real_subprocess(brief: Path, ca: trustme.CA, cafile: Path) -> None:
    handler = RecordingHandler()
    with smtp_server(handler, tls_context=server_tls_context(ca), require_starttls=True,
                     authenticator=authenticator("me@example.com", "s3cret 密码"), auth_require_tls=True) as server:
        result = subprocess.run(
            [sys.executable, "-m", "briefs", "mail", str(brief), "--to", "a@example.com",
             "--from", "me@example.com", "--smtp", f"127.0.0.1:{server.port}", "--starttls",
             "--user", "me@example.com", "--cafile", str(cafile)],
            cwd=REPO, capture_output=True, text=True, timeout=60,
            env={**os.environ, PASSWORD_ENV: "s3cret 密码", "PYTHONPATH": str(REPO)},
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    [received] = handler.messages
    assert received.login == "me@example.com" and received.tls
    assert_brief_message(received.data, brief, to=["a@example.com"])


def test_starttls_refuses_an_untrusted_certificate(brief: Path, ca: trustme.CA, capsys) -> None:
    handler = RecordingHandler()
    with smtp_server(handler, tls_context=server_tls_context(ca), require_starttls=True) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}",
                            "--starttls")
    assert code == 1
    assert f"127.0.0.1:{server.port}" in err and "certificate" in err and "--cafile" in err
    assert handler.messages == []


def test_insecure_skips_verification_with_a_warning(brief: Path, ca: trustme.CA, capsys) -> None:
    handler = RecordingHandler()
    with smtp_server(handler, tls_context=server_tls_context(ca), require_starttls=True) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}",
                            "--starttls", "--insecure")
    assert code == 0
    assert "warning: --insecure" in err
    assert len(handler.messages) == 1 and handler.messages[0].tls


def test_implicit_tls_with_auth(brief: Path, ca: trustme.CA, cafile: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    handler = RecordingHandler()
    # aiosmtpd cannot tell it is wrapped in TLS, so it must be told AUTH is fine here (aiosmtpd #281).
    with smtp_server(handler, ssl_context=server_tls_context(ca), authenticator=authenticator("me", "s3cret"),
                     auth_require_tls=False) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}",
                            "--tls", "--user", "me", "--cafile", str(cafile))
    assert (code, err) == (0, "")
    [received] = handler.messages
    assert received.login == "me" and received.tls
    assert_brief_message(received.data, brief, to=["a@example.com"])


def test_wrong_password_names_user_and_server(brief: Path, ca: trustme.CA, cafile: Path, capsys,
                                              monkeypatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    handler = RecordingHandler()
    with smtp_server(handler, tls_context=server_tls_context(ca), require_starttls=True,
                     authenticator=authenticator("me", "s3cret")) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}",
                            "--starttls", "--user", "me", "--cafile", str(cafile))
    assert code == 1
    assert f"127.0.0.1:{server.port}" in err and "'me'" in err and "535" in err and PASSWORD_ENV in err
    assert "wrong" not in err
    assert handler.messages == []


def test_user_without_password_variable_stops_before_connecting(brief: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}",
                            "--user", "me@example.com")
    assert code == 1 and PASSWORD_ENV in err and "me@example.com" in err
    assert handler.greetings == 0


def test_server_down_names_host_and_port_and_leaves_the_brief_alone(brief: Path, capsys) -> None:
    before = brief.read_bytes()
    port = free_port_with_nothing_listening()
    started = datetime.now()
    code, out, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{port}")
    assert code == 1 and out == ""
    assert f"127.0.0.1:{port}" in err and "connection refused" in err
    assert datetime.now() - started < timedelta(seconds=5), "a refused connection is not worth retrying"
    assert brief.read_bytes() == before


def test_temporary_451_is_retried_with_back_off(brief: Path) -> None:
    handler = RecordingHandler(data_replies=["451 4.3.0 Mailbox busy, try later"] * 2)
    slept: list[float] = []
    notes: list[str] = []
    with smtp_server(handler) as server:
        options = MailOptions(sender="brief@example.com", to=("a@example.com",), host="127.0.0.1",
                              port=server.port)
        report = send_message(build_message(brief, options, now=NOW), options, password=None,
                              sleep=slept.append, notify=notes.append)
    assert slept == [1.0, 2.0]
    assert handler.data_attempts == 3 and len(handler.messages) == 1
    assert report.delivered == ("a@example.com",) and report.complete and report.attempts == 3
    assert len(notes) == 2 and "451 4.3.0 Mailbox busy" in notes[0] and "retrying in 1 s" in notes[0]


def test_retry_is_shown_on_the_command_line(brief: Path, capsys) -> None:
    handler = RecordingHandler(data_replies=["451 4.3.0 Mailbox busy, try later"])
    with smtp_server(handler) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}")
    assert code == 0
    assert f"zhbrief: 127.0.0.1:{server.port}: 451 4.3.0 Mailbox busy, try later (temporary); retrying in 1 s" in err
    assert len(handler.messages) == 1


def test_temporary_failures_outlasting_the_retries_are_reported(brief: Path) -> None:
    handler = RecordingHandler(data_replies=["451 4.3.0 Mailbox busy"] * 10)
    slept: list[float] = []
    with smtp_server(handler) as server:
        options = MailOptions(sender="brief@example.com", to=("a@example.com",), host="127.0.0.1",
                              port=server.port, retries=2)
        with pytest.raises(BriefError, match=r"451 4\.3\.0 Mailbox busy.*after 3 attempt") as raised:
            send_message(build_message(brief, options, now=NOW), options, password=None, sleep=slept.append)
    assert f"127.0.0.1:{server.port}" in str(raised.value)
    assert slept == [1.0, 2.0] and handler.messages == []


def test_a_dropped_connection_is_retried(brief: Path) -> None:
    class DropOnce(RecordingHandler):
        async def handle_DATA(self, server, session, envelope):
            if not self.data_attempts:
                self.data_attempts += 1
                server.transport.abort()  # as if the connection were reset mid-transaction
                return "250 never seen"
            return await super().handle_DATA(server, session, envelope)

    handler = DropOnce()
    slept: list[float] = []
    with smtp_server(handler) as server:
        options = MailOptions(sender="brief@example.com", to=("a@example.com",), host="127.0.0.1",
                              port=server.port)
        report = send_message(build_message(brief, options, now=NOW), options, password=None, sleep=slept.append)
    assert slept == [1.0] and report.attempts == 2 and len(handler.messages) == 1


def test_refused_recipient_is_named_and_the_others_still_receive_it(brief: Path, capsys) -> None:
    handler = RecordingHandler(refuse={"nobody@example.com": "550 5.1.1 <nobody@example.com>: no such user"})
    with smtp_server(handler) as server:
        code, out, err = mail(capsys, str(brief), "--to", "a@example.com", "--to", "nobody@example.com",
                              "--bcc", "hidden@example.com", "--smtp", f"127.0.0.1:{server.port}")
    assert code == 3
    assert "not delivered to nobody@example.com" in err and "550 5.1.1" in err
    assert "a@example.com, hidden@example.com" in out
    [received] = handler.messages
    assert received.rcpt_tos == ("a@example.com", "hidden@example.com")


def test_every_recipient_refused_is_an_error(brief: Path, capsys) -> None:
    handler = RecordingHandler(refuse={"nobody@example.com": "550 5.1.1 no such user"})
    with smtp_server(handler) as server:
        code, _, err = mail(capsys, str(brief), "--to", "nobody@example.com", "--smtp", f"127.0.0.1:{server.port}")
    assert code == 1 and "nobody@example.com" in err and "550 5.1.1" in err
    assert handler.messages == []


def test_permanent_5xx_is_an_error_without_retries(brief: Path, capsys) -> None:
    handler = RecordingHandler(data_replies=["554 5.7.1 Message rejected as spam"])
    with smtp_server(handler) as server:
        code, _, err = mail(capsys, str(brief), "--to", "a@example.com", "--smtp", f"127.0.0.1:{server.port}")
    assert code == 1
    assert f"127.0.0.1:{server.port}" in err and "554 5.7.1 Message rejected as spam" in err
    assert handler.data_attempts == 1 and handler.messages == []


# -------------------------------------------------------------------------------------- config


def test_config_file_supplies_settings_and_flags_override_it(brief: Path, tmp_path: Path, capsys) -> None:
    handler = RecordingHandler()
    config = tmp_path / "zhbrief.toml"
    with smtp_server(handler) as server:
        config.write_text(
            f'[mail]\nsmtp = "127.0.0.1:{server.port}"\nfrom = "简报 <brief@example.com>"\n'
            'to = ["config@example.com"]\ncc = "boss@example.com"\nsubject = "今日要闻"\n',
            encoding="utf-8",
        )
        assert mail(capsys, str(brief), "--config", str(config))[0] == 0
        assert mail(capsys, str(brief), "--config", str(config), "--to", "flag@example.com",
                    "--subject", "覆盖的主题")[0] == 0
    first, second = handler.messages
    assert first.rcpt_tos == ("config@example.com", "boss@example.com")
    assert first.mail_from == "brief@example.com"
    assert_brief_message(first.data, brief, to=["config@example.com"], cc=["boss@example.com"], subject="今日要闻")
    assert second.rcpt_tos == ("flag@example.com", "boss@example.com")
    assert parse(second.data)["Subject"] == "覆盖的主题"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('password = "hunter2"', PASSWORD_ENV),
        ('smtp = "127.0.0.1:2525"\nsmpt_port = 25', "smpt_port"),
        ("to = 42", "[mail] to must be an address or a list"),
        ("starttls = true\ntls = true", "choose one"),
        ('subject = "a\\r\\nBcc: x@evil.example"', "control character"),
    ],
)
def test_bad_config_is_named(brief: Path, tmp_path: Path, capsys, table: str, expected: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(f'[mail]\nto = ["a@example.com"]\n{table}\n' if "to =" not in table else f"[mail]\n{table}\n",
                      encoding="utf-8")
    code, _, err = mail(capsys, str(brief), "--config", str(config), "--eml", str(tmp_path / "x.eml"))
    assert code == 1 and expected in err
    assert "hunter2" not in err


def test_digest_can_reuse_the_flags_with_a_prefix() -> None:
    parser = argparse.ArgumentParser(prog="zhbrief digest")
    add_mail_arguments(parser, prefix="mail-")
    args = parser.parse_args(["--mail-to", "a@example.com", "--mail-smtp", "smtp.example.com", "--mail-tls",
                              "--mail-user", "me", "--mail-retries", "1"])
    config = {"mail": {"from": "brief@example.com", "cc": ["c@example.com"], "starttls": True}}
    options = mail_options_from_args(args, config, env={PASSWORD_ENV: "s3cret"})
    assert options == MailOptions(sender="brief@example.com", to=("a@example.com",), cc=("c@example.com",),
                                  host="smtp.example.com", port=465, security="tls", user="me", retries=1)
    with pytest.raises(BriefError, match=PASSWORD_ENV):
        mail_options_from_args(args, config, env={})


def test_missing_brief_and_broken_config_are_named(tmp_path: Path, capsys) -> None:
    code, _, err = mail(capsys, str(tmp_path / "2026-11-25.html"), "--to", "a@example.com", "--eml",
                        str(tmp_path / "x.eml"))
    assert code == 1 and "2026-11-25.html: no such brief file" in err
    broken = tmp_path / "broken.toml"
    broken.write_text("[mail\n", encoding="utf-8")
    code, _, err = mail(capsys, str(tmp_path / "b.html"), "--config", str(broken))
    assert code == 1 and f"{broken}: not valid TOML" in err and "line 1" in err


def test_a_watchlist_brief_mailed_by_hand_gets_the_subject_the_digest_gives_it(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "医疗AI"
    folder.mkdir()
    watched = folder / "2026-11-25.html"
    watched.write_text(BRIEF_HTML.replace("<title>每日简报 2026-11-25</title>",
                                          "<title>医疗 &amp; AI · 每日简报 · 2026年11月25日</title>"), encoding="utf-8")
    main_brief = tmp_path / "2026-11-25.html"
    main_brief.write_text(BRIEF_HTML.replace("<title>每日简报 2026-11-25</title>",
                                             "<title>每日简报 · 2026年11月25日</title>"), encoding="utf-8")
    subjects = []
    for source in (watched, main_brief):
        target = tmp_path / f"{source.parent.name}.eml"
        code, _, err = mail(capsys, str(source), "--to", "a@example.com", "--eml", str(target))
        assert (code, err) == (0, ""), err
        subjects.append(parse(target.read_bytes())["Subject"])
    assert subjects == ["医疗 & AI · 每日简报 · 2026年11月25日", "每日简报 · 2026年11月25日"]
    code, _, _ = mail(capsys, str(watched), "--to", "a@example.com", "--subject", "自定", "--eml", str(tmp_path / "own.eml"))
    assert code == 0 and parse((tmp_path / "own.eml").read_bytes())["Subject"] == "自定"


# --------------------------------------------------------------------------- what a reader sees (reader's review)


def golden_brief_folder(tmp_path: Path, watchlist: str = "") -> Path:
    """The golden brief's HTML and Markdown, as the digest writes them (a watchlist's in its folder)."""
    from briefs.render import render_brief
    from tests.golden_brief import sample_brief

    brief = dataclasses.replace(sample_brief(), watchlist=watchlist)
    folder = tmp_path / watchlist if watchlist else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2026-11-25.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    html = folder / "2026-11-25.html"
    html.write_text(render_brief(brief, "html"), encoding="utf-8")
    return html


def test_the_plain_text_part_is_plain_text_not_markdown(tmp_path: Path) -> None:
    """It was the Markdown brief: '###', '> ', '[title][11]' with the URLs at the bottom."""
    html = golden_brief_folder(tmp_path)
    message = build_message(html, MailOptions(sender="zhbrief@localhost", to=("a@example.com",)), now=NOW)
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    robot = "国产手术机器人精度再提升，远程手术从“能做”到“常做”"
    url = "https://news.example.cn/tech/2026/11/25/surgical-robot.html"
    assert text.startswith("每日简报 · 2026年11月25日\n")
    assert "\n【技术突破】\n" in text and "\n【文章一览】\n" in text  # headings as lines of their own
    assert f"- 该机器人的末端定位精度达到0.1毫米，较上一代提升约40%。\n  ——科创时报《{robot}》 <{url}>\n" in text
    assert f"1. {robot} <{url}>\n" in text  # links inline, after the text they link
    assert "今日关键词：机器人、芯片" in text
    assert "[快讯] 7nm *AI* 推理芯片 | 量产 <script>alert(1)</script>" in text  # the text itself, unescaped
    for markdown in ("##", "\n> ", "][", "[1]:", "\\*"):
        assert markdown not in text
    assert "文章一览 4" not in text  # no table of contents: the sections follow


def test_an_article_numbered_10_or_more_has_its_lines_under_its_title(tmp_path: Path) -> None:
    """文章一览's lines hung 3 spaces in, under '1. ', so from '10. ' on they stood one column left of the title."""
    from briefs.render import render_brief
    from tests.golden_brief import sample_brief

    brief = sample_brief()
    many = tuple(dataclasses.replace(brief.articles[n % len(brief.articles)], fingerprint=f"fp-{n}")
                 for n in range(11))
    text = plain_text_from_html(render_brief(dataclasses.replace(brief, articles=many), "html"))
    listed = text[text.index("【文章一览】"):]
    for number in (9, 10, 11):
        title, meta = listed[listed.index(f"\n{number}. ") + 1:].split("\n")[:2]
        width = len(f"{number}. ")
        assert meta.startswith(" " * width) and not meta.startswith(" " * (width + 1)), (title, meta)


def test_a_watchlist_brief_is_mailed_under_its_name_first_with_an_attachment_of_its_own_name(tmp_path: Path) -> None:
    """A phone shows a subject's start: '每日简报 2026-11-25 · 医疗AI' hid whose brief it was; and the main and
    the watchlist mails both attached '2026-11-25.html'."""
    options = MailOptions(sender="zhbrief@localhost", to=("a@example.com",), attach_markdown=True)
    watched = build_message(golden_brief_folder(tmp_path, "医疗AI"), options, now=NOW)
    main_brief = build_message(golden_brief_folder(tmp_path), options, now=NOW)
    assert watched["Subject"] == "医疗AI · 每日简报 · 2026年11月25日"  # the brief's own heading
    assert main_brief["Subject"] == "每日简报 · 2026年11月25日"
    assert [p.get_filename() for p in watched.iter_attachments()] == ["医疗AI-2026-11-25.html", "医疗AI-2026-11-25.md"]
    assert [p.get_filename() for p in main_brief.iter_attachments()] == ["2026-11-25.html", "2026-11-25.md"]


def test_the_mailed_brief_has_the_pages_light_colours_written_out(tmp_path: Path) -> None:
    """The page's colours are custom properties with a dark scheme; css_inline copies `color: var(--fg)` into
    style="" as it is, and Gmail and Outlook know no var(): the mail must carry the light colours themselves."""
    html = golden_brief_folder(tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "var(--fg)" in page and "prefers-color-scheme: dark" in page  # what there is to resolve
    message = build_message(html, MailOptions(sender="zhbrief@localhost", to=("a@example.com",)), now=NOW)
    body = message.get_body(preferencelist=("html",)).get_content()
    styles = re.findall(r'\sstyle="([^"]*)"', body)
    assert len(styles) > 50
    assert not [s for s in styles if "var(" in s or "--" in s or "color-scheme" in s], "custom properties left"
    assert "<style" not in body and "#0d1117" not in body  # nothing of the dark scheme
    assert '<meta name="color-scheme" content="light">' in body  # no dark canvas around the light colours
    assert re.search(r'<body style="[^"]*background: #ffffff;[^"]*color: #1f2328;', body)
    assert re.search(r'<a class="ext" [^>]*style="[^"]*color: #0550ae;', body)
    assert re.search(r'<section class="theme" id="theme-deployment"[^>]*>\s*<h2 style="[^"]*border-left-color: #1a7f37;', body)


def test_the_light_palette_takes_a_var_s_own_fallback_and_leaves_pages_without_one_alone() -> None:
    from briefs.deliver.palette import light_palette

    css = ":root { color-scheme: light dark; --a: #111; --b: var(--a); } p { color: var(--b); border-color: var(--c, red); }"
    assert light_palette(f"<style>{css}</style>") == "<style> p { color: #111; border-color: red; }</style>"
    assert light_palette(BRIEF_HTML) == BRIEF_HTML

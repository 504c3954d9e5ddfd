"""Deliver a brief by email: one message with a plain-text part, the brief's HTML with its CSS inlined,
and the brief itself attached; sent over SMTP (plain, STARTTLS or implicit TLS) or written as an .eml.

Contract: `build_message` reads the brief and returns the message; `send_message` hands it to a server and
reports who got it. Every header value and address is checked first, so an unsafe one stops the run
before any connection is made. Clock, environment and sleep come in as arguments.
"""
from __future__ import annotations

import argparse
import base64
import email.errors
import email.header
import re
import smtplib
import socket
import ssl
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Literal, get_args

import css_inline

from briefs.config import MAIL_KEYS
from briefs.connect import LookupTimeout, connect, local_hostname
from briefs.deadline import Deadline
from briefs.deliver.outline import watchlist_of
from briefs.deliver.palette import light_palette
from briefs.deliver.policy import backoff
from briefs.atomic import write_atomic
from briefs.errors import BriefError, UsageError
from briefs.reading.html_text import html_lines
from briefs.render import BRIEF_TITLE, brief_heading, markdown_url, script_of_page

Security = Literal["plain", "starttls", "tls"]

PASSWORD_ENV = "ZHBRIEF_SMTP_PASSWORD"
DEFAULT_SENDER = "zhbrief@localhost"
SUBJECT_PREFIX = BRIEF_TITLE
DEFAULT_PORTS: dict[str, int] = {"plain": 25, "starttls": 587, "tls": 465}
EXIT_PARTIAL = 3  # some recipients got the brief, the server refused others
MAX_RETRIES = 10  # 1 s doubling: the tenth retry already waits 17 minutes
FIRST_RETRY_DELAY = 1.0
SMTP_TIMEOUT = 30.0  # seconds one read may wait
DEADLINE = 120.0  # seconds one whole attempt (connect, greeting, TLS, login, message) may take
CONFIG_KEYS = frozenset(MAIL_KEYS)

# An addr-spec we are willing to put on the wire: dot-atom local part, host name with a dot.
# Stricter than RFC 5322 on purpose (no quoted local parts, no IP literals): a typo should fail here,
# not bounce tomorrow.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDR_SPEC = re.compile(rf"(?P<local>{_ATEXT}(?:\.{_ATEXT})*)@(?P<domain>{_LABEL}(?:\.{_LABEL})+)")
_NAME_ADDR = re.compile(r"(?P<name>.*?)\s*<(?P<addr>[^<>]*)>")
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# RFC 2047 encoded words: the email package decodes them when it parses a header value we set, so what
# they hide (a CR LF and a Bcc: line) must be checked too.
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[A-Za-z]\?[^?\s]*\?=")


@dataclass(frozen=True)
class MailOptions:
    """Who gets the brief and how it travels. Validated on construction: an instance is safe to send."""

    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str | None = None
    host: str | None = None
    port: int = 25
    security: Security = "plain"
    user: str | None = None
    insecure: bool = False
    cafile: str | None = None
    retries: int = 3
    attach_markdown: bool = False
    deadline: float = DEADLINE  # seconds for one whole attempt; a trickling server is cut off there
    # What the command's mail flags start with after "--": "" for `zhbrief mail`, "mail-" for `zhbrief
    # digest`, so every message names a flag the user can actually pass.
    flag_prefix: str = field(default="", compare=False, repr=False)

    def flag(self, name: str) -> str:
        return f"--{self.flag_prefix}{name}"

    def __post_init__(self) -> None:
        parse_address(self.sender, f"sender ({self.flag('from')})", allow_localhost=True)
        for role, addresses in (("to", self.to), ("cc", self.cc), ("bcc", self.bcc)):
            for text in addresses:
                parse_address(text, f"recipient ({self.flag(role)})")
        if not (self.to or self.cc or self.bcc):
            raise UsageError(f"no recipients: give at least one {self.flag('to')}, {self.flag('cc')} or "
                             f"{self.flag('bcc')} address")
        if self.subject is not None:
            check_header_value(self.subject, "subject")
        if self.user is not None:
            check_header_value(self.user, f"SMTP user ({self.flag('user')})")
        if self.security not in get_args(Security):
            raise UsageError(f"unknown security {self.security!r}: use plain, starttls or tls")
        if not 0 < self.port < 65536:
            raise UsageError(f"SMTP port {self.port} is out of range 1-65535")
        if not 0 <= self.retries <= MAX_RETRIES:
            raise UsageError(f"{self.flag('retries')} {self.retries}: use a number from 0 to {MAX_RETRIES}")
        if not self.deadline > 0:
            raise UsageError(f"deadline {self.deadline}: use a number of seconds above 0")

    @property
    def server(self) -> str:
        host = f"[{self.host}]" if self.host and ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def envelope_recipients(self) -> tuple[str, ...]:
        """Every To, Cc and Bcc address once, in that order: Bcc travels only here, never in a header."""
        seen: dict[str, str] = {}
        for text in (*self.to, *self.cc, *self.bcc):
            addr = parse_address(text, "recipient").addr_spec
            seen.setdefault(addr.lower(), addr)
        return tuple(seen.values())


@dataclass(frozen=True)
class DeliveryReport:
    """What the server accepted: `refused` pairs an address with the server's reply."""

    server: str
    delivered: tuple[str, ...]
    refused: tuple[tuple[str, str], ...] = ()
    attempts: int = 1

    @property
    def complete(self) -> bool:
        return not self.refused


# ---------------------------------------------------------------------------------------- checks


def _control(text: str) -> str | None:
    return next((char for char in text if unicodedata.category(char) in ("Cc", "Zl", "Zp")), None)


def check_header_value(value: str, what: str) -> str:
    """Refuse CR, LF and every other control or line-separator character: one would start a new header.
    The same goes for what an RFC 2047 encoded word (`=?utf-8?q?...=0D=0A...?=`) decodes to."""
    char = _control(value)
    if char is not None:
        raise BriefError(
            f"{what} {value!r} contains the control character U+{ord(char):04X}; "
            "header values must be a single line of printable text (nothing was sent)"
        )
    for word in _ENCODED_WORD.findall(value):
        try:
            decoded = str(email.header.make_header(email.header.decode_header(word)))
        except (email.errors.HeaderParseError, UnicodeError, LookupError, ValueError) as error:
            raise BriefError(f"{what} {value!r}: the encoded word {word!r} cannot be decoded ({error}); "
                             "write the text itself instead (nothing was sent)") from None
        char = _control(decoded)
        if char is not None:
            raise BriefError(
                f"{what} {value!r} hides the control character U+{ord(char):04X} in the encoded word {word!r}; "
                "header values must be a single line of printable text (nothing was sent)"
            )
    return value


def parse_address(text: str, what: str, *, allow_localhost: bool = False) -> Address:
    """`a@example.com` or `张三 <a@example.com>` as an Address; a clear error naming anything else."""
    check_header_value(text, what)
    match = _NAME_ADDR.fullmatch(text.strip())
    name, addr = (match["name"].strip().strip('"').strip(), match["addr"].strip()) if match else ("", text.strip())
    if not addr.isascii():
        raise BriefError(
            f"{what} {text!r}: non-ASCII addresses are not supported; "
            "write the domain in its xn-- (punycode) form"
        )
    spec = _ADDR_SPEC.fullmatch(addr)
    if spec is None and allow_localhost:
        spec = re.fullmatch(rf"(?P<local>{_ATEXT}(?:\.{_ATEXT})*)@(?P<domain>localhost)", addr)
    if spec is None:
        raise BriefError(
            f"{what} {text!r} is not a valid email address: expected name@domain.tld "
            "(one @, no spaces, a domain with a dot)"
        )
    return Address(display_name=name, username=spec["local"], domain=spec["domain"])


# ------------------------------------------------------------------------------------- message


def brief_date(brief: Path) -> date | None:
    """The date in a brief's file name (`2026-11-25.html`, `每日简报-2026-11-25.html`), if it has a real one."""
    for year, month, day in reversed(_DATE_IN_NAME.findall(brief.stem)):
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def default_subject(brief: Path, today: date, watchlist: str | None = None, script: str = "simplified") -> str:
    """The brief's own heading, "医疗AI · 每日简报 · 2026年11月25日", in the brief's script (每日簡報): a phone
    shows a subject's start, so a watchlist's name comes first."""
    return brief_heading(brief_date(brief) or today, watchlist or "", script)


def attachment_name(brief: Path, watchlist: str | None) -> str:
    """A watchlist's brief is attached as NAME-DATE.html: the main mail's DATE.html is another file."""
    return f"{watchlist}-{brief.name}" if watchlist else brief.name


def markdown_sibling(brief: Path) -> Path:
    return brief.with_suffix(".md")


# Plain text for the mail's text part, from the HTML (a brief's, or any page mailed by hand): the page's
# blocks as lines, section headings as 【…】 lines (as `zhbrief summarize --format text` shows them), list
# items marked and their further lines indented, each link's address inline after its text (after a
# closing 》 or ） that follows it, so 《TITLE》 stays whole), and no table of contents (nav).
_SKIPPED = frozenset({"head", "script", "style", "template", "noscript", "nav"})
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption",
                     "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol",
                     "p", "pre", "section", "table", "tr", "ul"})
_CLOSING = re.compile(r"[》〉」』）)”’】〕]*")
_PARAGRAPHS = frozenset({"p", "div", "section", "ul", "ol", "table", "footer", "blockquote", "pre"})
_NUMBERED = re.compile(r"\d+\. ")  # a list item's own number: its further lines hang under the text after it


def _inline_text(element: Any) -> str:
    """An element's text with its links' addresses inline: 'title <https://…>'."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            if not isinstance(child.tag, str) or child.tag in _SKIPPED:
                parts.append(child.tail or "")
                continue
            if child.tag == "br":
                parts.append("\n")
            else:
                walk(child)
            tail = child.tail or ""
            href = (child.get("href") or "").strip() if child.tag == "a" else ""
            if href.lower().startswith(("http://", "https://")) and href != child.text_content().strip():
                closing = _CLOSING.match(tail).group(0)
                parts.append(f"{closing} <{markdown_url(href)}>")  # no space or > inside the <…>
                tail = tail[len(closing):]
            parts.append(tail)

    walk(element)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")).strip()


def plain_text_from_html(html: str) -> str:
    """Readable plain text from the brief's HTML: no markup and no Markdown; links kept inline.

    A layout for a person, not `briefs.reading.html_text.html_lines`, the engine's input from HTML, whose
    lines must not move when a reader of the mail asks for another layout (that module says why); used
    here only when lxml cannot parse the document at all."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 — lxml refuses empty or odd documents in several ways
        return "\n".join(line for line in html_lines(html, links=True) if line).strip() + "\n"
    lines: list[str] = []

    def block(element: Any, mark: str | None = None, indent: str = "") -> None:
        """`mark` opens the first line (a list item's "- "), `indent` the lines after it."""
        if element.tag in _SKIPPED or not isinstance(element.tag, str):
            return
        first = indent if mark is None else mark
        if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _inline_text(element)
            if element.tag != "h1" and mark is None and lines and lines[-1]:
                lines.append("")
            lines.append(first + (f"【{text}】" if element.tag == "h2" else text))
            return
        if "keywords" in (element.get("class") or "").split():  # the brief's 今日关键词, as its Markdown has it
            label, *words = [" ".join(span.text_content().split()) for span in element.iter("span")]
            lines.append(f"{first}{label}：{'、'.join(words)}")
            return
        children = [c for c in element if isinstance(c.tag, str) and c.tag in _BLOCKS | _SKIPPED]
        if not children:  # a run of text and inline elements: one paragraph
            text = _inline_text(element)
            if text:
                head, *rest = text.split("\n")
                lines.append(first + head)
                lines.extend(indent + line for line in rest)
            return
        if element.text and element.text.strip():  # text before the first block
            lines.append(first + " ".join(element.text.split()))
            mark = None
        for child in children:
            if child.tag == "li":  # an ordered list's items carry their own numbers (文章一览's "1. ", "10. ")
                own = "- "
                if element.tag == "ol":
                    numbered = _NUMBERED.match(child.text_content().lstrip())
                    own = " " * len(numbered.group()) if numbered else "   "
                if element.tag == "ol" and lines and lines[-1]:
                    lines.append("")  # an article of several lines, set apart
                block(child, indent + ("" if element.tag == "ol" else own), indent + " " * len(own))
            else:
                if mark is None and element.tag != "li" and lines and lines[-1] and child.tag in _PARAGRAPHS:
                    lines.append("")
                block(child, mark, indent)
            mark = None
            if child.tail and child.tail.strip():
                lines.append(indent + " ".join(child.tail.split()))

    body = root.find("body")
    block(body if body is not None else root)
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def email_html(html: str, source: Path) -> str:
    """The brief's HTML with every stylesheet rule moved into style="" attributes (mail clients drop <style>),
    in the palette's light colours (mail clients know no var(); the @media blocks, dark scheme included, go)."""
    try:
        # Nothing is fetched: a mail run must not depend on, or leak to, a remote stylesheet host.
        inlined = css_inline.inline(light_palette(html), load_remote_stylesheets=False, keep_style_tags=False,
                                    keep_at_rules=False)
    except (css_inline.InlineError, ValueError) as error:
        raise BriefError(f"{source}: cannot inline its CSS for email: {error}") from error
    return inlined


def _read_text(path: Path, what: str) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BriefError(f"{path}: no such {what} file") from None
    except OSError as error:
        raise BriefError(f"{path}: cannot read the {what}: {error.strerror}") from None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BriefError(f"{path}: the {what} is not UTF-8 (byte {error.start}); re-save it as UTF-8") from None


def build_message(brief_html: Path, options: MailOptions, *, now: datetime) -> EmailMessage:
    """multipart/mixed[ multipart/alternative[text/plain, text/html], brief.html (, brief.md) ]."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware: the Date header carries its offset")
    raw_html, html = _read_text(brief_html, "brief")
    markdown = markdown_sibling(brief_html)
    raw_markdown = _read_text(markdown, "Markdown brief")[0] if options.attach_markdown and markdown.is_file() else None
    text = plain_text_from_html(html)  # not the Markdown: a mail reader shows '###' and '[title][11]' as typed
    # Mailed by hand or by the digest, a watchlist's brief is named by what its HTML says (outline.watchlist_of),
    # its heading in the script its lang says (the brief's: Brief.script).
    script = script_of_page(html)
    watchlist = watchlist_of(html, script) or None
    subject = check_header_value(options.subject or default_subject(brief_html, now.date(), watchlist, script),
                                 "subject")
    html_name = check_header_value(attachment_name(brief_html, watchlist), "attachment file name")
    sender = parse_address(options.sender, f"sender ({options.flag('from')})", allow_localhost=True)

    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    message["From"] = sender
    if options.to:
        message["To"] = [parse_address(a, f"recipient ({options.flag('to')})") for a in options.to]
    if options.cc:
        message["Cc"] = [parse_address(a, f"recipient ({options.flag('cc')})") for a in options.cc]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    # RFC 3834: a generated brief; keeps vacation auto-replies from answering it.
    message["Auto-Submitted"] = "auto-generated"
    # base64 keeps the Chinese text 7-bit clean for servers without 8BITMIME, and is smaller than QP for CJK.
    message.set_content(text, cte="base64")
    message.add_alternative(email_html(html, brief_html), subtype="html", cte="base64")
    # The attachment is the file's own bytes (base64), so it is byte-identical to the brief on disk.
    message.add_attachment(raw_html, maintype="text", subtype="html", filename=html_name,
                           params={"charset": "utf-8"})
    if raw_markdown is not None:
        md_name = check_header_value(attachment_name(markdown, watchlist), "attachment file name")
        message.add_attachment(raw_markdown, maintype="text", subtype="markdown", filename=md_name,
                               params={"charset": "utf-8"})
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]  # belongs to the top level only
    return message


def write_eml(message: EmailMessage, path: Path) -> None:
    """Write the message as sent (CRLF line ends) atomically: a reader never sees half a file."""
    data = message.as_bytes(policy=policy.SMTP)
    try:
        write_atomic(path, data)
    except OSError as error:
        raise BriefError(f"{path}: cannot write the message: {error.strerror or error}") from None


# -------------------------------------------------------------------------------------- delivery


def password_from_env(options: MailOptions, env: Mapping[str, str]) -> str | None:
    """The SMTP password, only ever from the environment (argv and config files are readable by others)."""
    if options.user is None:
        return None
    password = env.get(PASSWORD_ENV)
    if not password:
        raise BriefError(
            f"SMTP user {options.user!r} needs a password: set {PASSWORD_ENV} in the environment "
            "(it is never read from the command line or the config file)"
        )
    return password


def tls_context(options: MailOptions) -> ssl.SSLContext:
    """Verifying context; with `cafile`, only that CA is trusted; `insecure` switches verification off."""
    try:
        context = ssl.create_default_context(cafile=options.cafile)
    except FileNotFoundError:
        raise BriefError(f"{options.flag('cafile')} {options.cafile}: no such file") from None
    except (ssl.SSLError, OSError) as error:
        raise BriefError(f"{options.flag('cafile')} {options.cafile}: not a PEM CA certificate ({error})") from None
    if options.insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _format_reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}"


def _reply(error: smtplib.SMTPResponseException) -> str:
    return _format_reply(error.smtp_code, error.smtp_error)


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib sends credentials as ASCII only; AUTH PLAIN is UTF-8 by definition (RFC 4616), so a
    Chinese password goes that way instead of crashing."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    if "PLAIN" not in smtp.esmtp_features["auth"].upper().split():
        raise smtplib.SMTPException("the server offers no AUTH PLAIN, the only way to send a non-ASCII "
                                    "user name or password")
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


class DeadlinePassed(Exception):
    """One attempt ran past `MailOptions.deadline` (the server trickled, or stalled between replies)."""


def _watched(base: type[smtplib.SMTP], deadline: Deadline) -> type[smtplib.SMTP]:
    """`base` whose connection the deadline watches from the first byte (the greeting can trickle)."""

    class Watched(base):  # type: ignore[misc, valid-type]
        def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
            sock = connect((host, port), timeout, self.source_address, deadline=deadline)
            if isinstance(self, smtplib.SMTP_SSL):
                sock = self.context.wrap_socket(sock, server_hostname=self._host)  # type: ignore[attr-defined]
            return sock

    return Watched


def _transaction(message: EmailMessage, options: MailOptions, recipients: tuple[str, ...],
                 password: str | None, context: ssl.SSLContext | None) -> dict[str, tuple[int, bytes]]:
    """One connection, one message, within one deadline; returns the recipients the server refused."""
    deadline = Deadline(options.deadline)
    try:
        with deadline:
            return _exchange(message, options, recipients, password, context, deadline)
    except Exception as error:
        if deadline.passed and not isinstance(error, LookupTimeout):  # the lookup says what ran out
            raise DeadlinePassed(str(error)) from error
        raise


def _exchange(message: EmailMessage, options: MailOptions, recipients: tuple[str, ...], password: str | None,
              context: ssl.SSLContext | None, deadline: Deadline) -> dict[str, tuple[int, bytes]]:
    timeout = min(SMTP_TIMEOUT, options.deadline)
    greeting = local_hostname(min(timeout, deadline.remaining()))  # smtplib would look it up unbounded
    if options.security == "tls":
        smtp: smtplib.SMTP = _watched(smtplib.SMTP_SSL, deadline)(options.host, options.port, timeout=timeout,
                                                                 local_hostname=greeting, context=context)
    else:
        smtp = _watched(smtplib.SMTP, deadline)(options.host, options.port, timeout=timeout,
                                                local_hostname=greeting)
    try:
        if options.security == "starttls":
            smtp.starttls(context=context)
        if options.user is not None:
            _login(smtp, options.user, password or "")
        sender = parse_address(options.sender, "sender", allow_localhost=True).addr_spec
        refused = smtp.send_message(message, from_addr=sender, to_addrs=list(recipients))
    except BaseException:
        smtp.close()
        raise
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()  # the server already took the message: a failed goodbye must not make us send it twice
    return refused


def _explain(error: BaseException, options: MailOptions) -> BriefError:
    """A permanent failure as a message that names the server and says what to do."""
    where = options.server
    if isinstance(error, DeadlinePassed):
        return BriefError(f"SMTP server {where} did not finish within {options.deadline:g} s "
                          "(the deadline for one attempt, [mail] deadline); nothing was sent")
    if isinstance(error, ConnectionRefusedError):
        return BriefError(f"cannot connect to SMTP server {where}: connection refused; "
                          "is the server running and is the port right?")
    if isinstance(error, socket.gaierror):
        return BriefError(f"cannot connect to SMTP server {where}: unknown host ({error.strerror})")
    if isinstance(error, LookupTimeout):
        return BriefError(f"cannot connect to SMTP server {where}: {error}")
    if isinstance(error, (TimeoutError, socket.timeout)):
        return BriefError(f"SMTP server {where} did not answer within {SMTP_TIMEOUT:g} s")
    if isinstance(error, ssl.SSLCertVerificationError):
        return BriefError(f"the TLS certificate of {where} is not trusted ({error.verify_message}): "
                          f"pass {options.flag('cafile')} with the CA that signed it, or {options.flag('insecure')} "
                          "to skip the check")
    starttls, tls = options.flag("starttls"), options.flag("tls")
    if isinstance(error, ssl.SSLError):
        hint = (f"if the server expects STARTTLS (usually port 587), use {starttls} instead of {tls}"
                if options.security == "tls" else f"check {starttls}/{tls} against the server's port")
        return BriefError(f"TLS with {where} failed ({error.reason or error}): {hint}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        what = "STARTTLS" if options.security == "starttls" and "STARTTLS" in str(error) else "that"
        hint = (f"use {tls} for implicit TLS (usually port 465) or drop {starttls}" if what == "STARTTLS"
                else f"many servers offer AUTH only after {starttls}, or over {tls}")
        return BriefError(f"SMTP server {where} does not support {what}: {error}; {hint}")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return BriefError(f"SMTP server {where} refused the login of {options.user!r} ({_reply(error)}): "
                          f"check {options.flag('user')} and {PASSWORD_ENV}")
    if isinstance(error, smtplib.SMTPSenderRefused):
        return BriefError(f"SMTP server {where} refused the sender {options.sender!r} ({_reply(error)}): "
                          f"set {options.flag('from')} to an address this server lets you send as")
    if isinstance(error, smtplib.SMTPDataError):
        return BriefError(f"SMTP server {where} rejected the message ({_reply(error)})")
    if isinstance(error, smtplib.SMTPResponseException):
        return BriefError(f"SMTP server {where} answered {_reply(error)}")
    if isinstance(error, smtplib.SMTPException):
        return BriefError(f"SMTP with {where} failed: {error}")
    if isinstance(error, OSError):
        return BriefError(f"SMTP connection to {where} failed: {error.strerror or error}")
    raise error


def _classify(error: BaseException) -> tuple[int, bytes | str] | None:
    """The temporary reply to try again after, or None when trying again cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return None  # handled per recipient by the caller
    if isinstance(error, smtplib.SMTPResponseException) and 400 <= error.smtp_code < 500:
        return error.smtp_code, error.smtp_error
    if isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionResetError, ConnectionAbortedError)):
        return 421, f"connection lost ({error})"  # 421: the server closed the channel, try later
    return None


def _secrets(user: str | None, password: str | None) -> list[str]:
    """The password and every form the login puts it on the wire in (AUTH PLAIN and LOGIN, base64)."""
    if not password:
        return []
    forms = {password, base64.b64encode(password.encode()).decode("ascii")}
    if user is not None:
        forms.add(base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii"))
        forms.add(base64.b64encode(f"{user}\0{user}\0{password}".encode()).decode("ascii"))
    return sorted(forms, key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every secret replaced by ***: a server may quote what we sent in its error reply."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def send_message(message: EmailMessage, options: MailOptions, *, password: str | None,
                 sleep: Callable[[float], None] = time.sleep,
                 notify: Callable[[str], None] | None = None) -> DeliveryReport:
    """Deliver to every envelope recipient, retrying temporary failures with 1 s, 2 s, 4 s ... back-off.

    Raises BriefError when nobody got the message; returns a report naming refused recipients otherwise.
    `notify` hears warnings and retries as they happen (the CLI prints them on stderr). Nothing said
    carries the password or the login token, whatever the server echoes.
    """
    secrets = _secrets(options.user, password)
    heard = notify or (lambda _line: None)
    try:
        report = _send(message, options, password, sleep, lambda line: heard(redact(line, secrets)))
    except BriefError as error:
        raise type(error)(redact(str(error), secrets)) from None
    return DeliveryReport(report.server, report.delivered,
                          tuple((addr, redact(why, secrets)) for addr, why in report.refused), report.attempts)


def _send(message: EmailMessage, options: MailOptions, password: str | None, sleep: Callable[[float], None],
          say: Callable[[str], None]) -> DeliveryReport:
    if options.host is None:
        raise UsageError(f"no SMTP server: pass {options.flag('smtp')} HOST[:PORT] "
                         f"(or write the message with {options.flag('eml')} FILE)")
    if options.user is not None and password is None:
        raise BriefError(f"SMTP user {options.user!r} needs a password: set {PASSWORD_ENV}")
    context = tls_context(options) if options.security != "plain" else None
    if options.insecure and context is not None:
        say(f"warning: {options.flag('insecure')}: the TLS certificate of {options.server} is not checked; "
            "anyone on the way can read the brief" + (" and the password" if options.user else ""))
    local = options.host in ("localhost", "127.0.0.1", "::1")
    if options.user is not None and options.security == "plain" and not local:
        say(f"warning: the password for {options.user!r} goes to {options.server} unencrypted; "
            f"use {options.flag('starttls')} or {options.flag('tls')}")

    pending = options.envelope_recipients
    delivered: list[str] = []
    refused: dict[str, str] = {}
    attempts = 0
    for attempt in range(options.retries + 1):
        attempts = attempt + 1
        try:
            rejected = _transaction(message, options, pending, password, context)
        except smtplib.SMTPRecipientsRefused as error:  # every recipient refused: nothing was sent
            rejected = error.recipients
        except Exception as error:
            temporary = _classify(error)
            if temporary is None:
                raise _explain(error, options) from error
            rejected = {addr: temporary for addr in pending}
        replies = {addr: _format_reply(code, text) for addr, (code, text) in rejected.items()}
        delivered += [addr for addr in pending if addr not in rejected]
        refused.update({addr: replies[addr] for addr, (code, _) in rejected.items() if not 400 <= code < 500})
        pending = tuple(addr for addr, (code, _) in rejected.items() if 400 <= code < 500)
        if not pending:
            break
        if attempt < options.retries:
            delay = backoff(attempt, FIRST_RETRY_DELAY)  # the delivery stage's one back-off rule
            why = replies[pending[0]] if len(set(replies[a] for a in pending)) == 1 else "temporary failures"
            say(f"{options.server}: {why} (temporary); retrying in {delay:g} s, "
                f"attempt {attempt + 2} of {options.retries + 1}")
            sleep(delay)
    if pending:
        last = "; ".join(sorted({replies[a] for a in pending}))
        if not delivered and not refused:
            raise BriefError(f"SMTP server {options.server} kept failing temporarily ({last}) "
                             f"after {attempts} attempt(s); nothing was sent, try again later")
        refused.update({addr: f"{replies[addr]} (still temporary after {attempts} attempts)" for addr in pending})
    if not delivered:
        names = "; ".join(f"{addr} ({why})" for addr, why in refused.items())
        raise BriefError(f"SMTP server {options.server} refused every recipient: {names}")
    return DeliveryReport(server=options.server, delivered=tuple(delivered),
                          refused=tuple(refused.items()), attempts=attempts)


# --------------------------------------------------------------------------------- flags, config


def add_mail_arguments(parser: argparse.ArgumentParser, *, prefix: str = "") -> argparse._ArgumentGroup:
    """The mail flags, shared by `zhbrief mail` (prefix "") and `zhbrief digest` (prefix "mail-").

    Destinations are `mail_*` whatever the prefix, so `mail_options_from_args` reads either parser.
    """
    p = f"--{prefix}"
    group = parser.add_argument_group(
        "email", f"Flags override the [mail] table of --config. The password is read only from {PASSWORD_ENV}."
    )
    group.add_argument(f"{p}to", dest="mail_to", action="append", metavar="ADDRESS",
                       help="recipient (repeat for more); 'Name <a@example.com>' works too")
    group.add_argument(f"{p}cc", dest="mail_cc", action="append", metavar="ADDRESS", help="copy recipient (repeatable)")
    group.add_argument(f"{p}bcc", dest="mail_bcc", action="append", metavar="ADDRESS",
                       help="blind copy: receives the brief, appears in no header (repeatable)")
    group.add_argument(f"{p}from", dest="mail_from", metavar="ADDRESS", help=f"sender (default {DEFAULT_SENDER})")
    group.add_argument(f"{p}subject", dest="mail_subject", metavar="TEXT",
                       help=f"subject (default the brief's heading, '[NAME · ]{SUBJECT_PREFIX} · YYYY年M月D日', the date "
                            "from the brief's file name)")
    group.add_argument(f"{p}smtp", dest="mail_smtp", metavar="HOST[:PORT]",
                       help="SMTP server; the port defaults to 25, or 587 with STARTTLS, 465 with implicit TLS")
    group.add_argument(f"{p}starttls", dest="mail_starttls", action=argparse.BooleanOptionalAction,
                       help="upgrade the connection with STARTTLS (submission, port 587)")
    group.add_argument(f"{p}tls", dest="mail_tls", action=argparse.BooleanOptionalAction,
                       help="implicit TLS from the first byte (SMTPS, port 465)")
    group.add_argument(f"{p}user", dest="mail_user", metavar="NAME",
                       help=f"log in as NAME; password from {PASSWORD_ENV}")
    group.add_argument(f"{p}cafile", dest="mail_cafile", metavar="FILE",
                       help="trust only the CA certificate(s) in this PEM file (e.g. a private or self-signed CA)")
    group.add_argument(f"{p}insecure", dest="mail_insecure", action=argparse.BooleanOptionalAction,
                       help="do not verify the server's TLS certificate (warns on stderr; avoid)")
    group.add_argument(f"{p}retries", dest="mail_retries", type=int, metavar="N",
                       help="try again N times after a temporary failure (4xx, dropped connection), "
                            "waiting 1 s, 2 s, 4 s ... (default 3)")
    group.add_argument(f"{p}attach-md", dest="mail_attach_md", action=argparse.BooleanOptionalAction,
                       help="also attach the brief's .md sibling, if it exists")
    group.add_argument(f"{p}eml", dest="mail_eml", type=Path, metavar="FILE",
                       help="write the message to FILE (.eml) instead of sending it")
    parser.set_defaults(mail_flag_prefix=prefix)  # so messages name this command's own flags
    return group


def _config_value(table: Mapping[str, Any], key: str, kind: type, source: str) -> Any:
    value = table.get(key)
    if value is None:
        return None
    if kind is tuple:
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BriefError(f"{source}: [mail] {key} must be an address or a list of addresses")
        return tuple(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BriefError(f"{source}: [mail] {key} must be a {kind.__name__}, not {value!r}")
    return value


def _seconds(value: object, source: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise BriefError(f"{source}: [mail] deadline: expected a number of seconds above 0, got {value!r}")
    return float(value)


def parse_smtp_server(text: str, security: str, what: str = "--smtp") -> tuple[str, int]:
    """`host`, `host:port` or `[v6]:port`; the port defaults by security."""
    check_header_value(text, what)
    match = re.fullmatch(r"\[(?P<v6>[0-9A-Fa-f:.]+)\](?::(?P<port6>\d+))?|(?P<host>[A-Za-z0-9.-]+)(?::(?P<port>\d+))?",
                         text.strip())
    if match is None:
        raise UsageError(f"{what} {text!r}: expected HOST or HOST:PORT, e.g. smtp.example.com:587")
    host = match["v6"] or match["host"]
    port_text = match["port6"] or match["port"]
    port = int(port_text) if port_text else DEFAULT_PORTS[security]
    if not 0 < port < 65536:
        raise UsageError(f"{what} {text!r}: port {port} is out of range 1-65535")
    return host, port


def mail_requested(args: argparse.Namespace, config: Mapping[str, Any]) -> bool:
    """Whether flags or the config name any recipient (the digest mails only then)."""
    table = config.get("mail") or {}
    return bool(args.mail_to or args.mail_cc or args.mail_bcc
                or (isinstance(table, Mapping) and any(table.get(k) for k in ("to", "cc", "bcc"))))


def mail_options_from_args(args: argparse.Namespace, config: Mapping[str, Any], *, env: Mapping[str, str],
                           config_source: str = "the config file") -> MailOptions:
    """One MailOptions from flags (`add_mail_arguments`) over the `[mail]` table of the parsed TOML `config`.

    `env` is checked for the password when a user is set and the message will be sent, so a missing
    password stops the run before anything is built.
    """
    table = config.get("mail") or {}
    if not isinstance(table, Mapping):
        raise BriefError(f"{config_source}: [mail] must be a table")
    if "password" in table:
        raise BriefError(f"{config_source}: [mail] password is not allowed: config files get copied and shared; "
                         f"set {PASSWORD_ENV} in the environment instead")
    unknown = sorted(set(table) - CONFIG_KEYS)
    if unknown:
        raise BriefError(f"{config_source}: unknown [mail] key(s) {', '.join(unknown)}; "
                         f"known: {', '.join(sorted(CONFIG_KEYS))}")

    def pick(flag: Any, key: str, kind: type) -> Any:
        return flag if flag is not None else _config_value(table, key, kind, config_source)

    prefix = getattr(args, "mail_flag_prefix", "")
    starttls, tls = args.mail_starttls, args.mail_tls
    if starttls and tls:
        raise UsageError(f"--{prefix}starttls and --{prefix}tls exclude each other: STARTTLS upgrades a plain "
                         f"connection (port 587), --{prefix}tls starts encrypted (port 465)")
    if not (starttls or tls):  # no mode chosen on the command line: the config's, minus any --no-... flag
        starttls = starttls if starttls is not None else bool(_config_value(table, "starttls", bool, config_source))
        tls = tls if tls is not None else bool(_config_value(table, "tls", bool, config_source))
        if starttls and tls:
            raise BriefError(f"{config_source}: [mail] starttls and tls are both true; choose one")
    security: Security = "tls" if tls else "starttls" if starttls else "plain"

    smtp = pick(args.mail_smtp, "smtp", str)
    where = f"--{prefix}smtp" if args.mail_smtp is not None else f"{config_source}: [mail] smtp"
    host, port = parse_smtp_server(smtp, security, where) if smtp else (None, DEFAULT_PORTS[security])
    retries = pick(args.mail_retries, "retries", int)
    options = MailOptions(
        sender=pick(args.mail_from, "from", str) or DEFAULT_SENDER,
        to=tuple(args.mail_to) if args.mail_to else pick(None, "to", tuple) or (),
        cc=tuple(args.mail_cc) if args.mail_cc else pick(None, "cc", tuple) or (),
        bcc=tuple(args.mail_bcc) if args.mail_bcc else pick(None, "bcc", tuple) or (),
        subject=pick(args.mail_subject, "subject", str),
        host=host,
        port=port,
        security=security,
        user=pick(args.mail_user, "user", str),
        insecure=bool(pick(args.mail_insecure, "insecure", bool)),
        cafile=pick(args.mail_cafile, "cafile", str),
        retries=3 if retries is None else retries,
        attach_markdown=bool(pick(args.mail_attach_md, "attach_md", bool)),
        deadline=DEADLINE if (deadline := table.get("deadline")) is None else _seconds(deadline, config_source),
        flag_prefix=prefix,
    )
    if getattr(args, "mail_eml", None) is None:
        if options.host is None:
            raise UsageError(f"no SMTP server: pass --{prefix}smtp HOST[:PORT], set smtp in the [mail] table of "
                             f"--config, or write the message to a file with --{prefix}eml FILE")
        password_from_env(options, env)
    return options

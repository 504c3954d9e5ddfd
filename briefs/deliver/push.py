"""Push: deliver a brief to chat-group bots — 企业微信 (WeCom), 钉钉 (DingTalk), 飞书 (Feishu) natively, any
other service through Apprise — once per target and date, whatever happens to the others.

Contract: `push(outline, targets, store=…, clock=…)` splits the outline for each target's platform
(`messages.split`), skips what the store says the target already received (unless `resend`), sends the
rest in order — signed when the bot has a secret, paced to the platform's rate limit, every HTTP call
bounded by the policy's timeout, temporary failures tried again until the policy's deadline — and
records each accepted message at once. It returns one `TargetReport` per target; a failing target never
stops the others, and no report, error or record contains a webhook key or secret.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from briefs.connect import LookupTimeout, opener, within
from briefs.deliver.messages import FORMATS, Format, Message, apprise_format, json_body, split
from briefs.deliver.outline import Outline
from briefs.deliver.policy import Clock, Pacer, RetryPolicy, Window
from briefs.deliver.targets import PushTarget
from briefs.digest.store import Delivery, Store
from briefs.errors import BriefError

# Documented rates: WeCom and DingTalk 20 messages a minute per bot (DingTalk then blocks the bot for
# 10 minutes); Feishu 100 a minute and 5 a second per custom bot.
WINDOWS: dict[str, tuple[Window, ...]] = {
    "wecom": (Window(20, 60.0),),
    "dingtalk": (Window(20, 60.0),),
    "feishu": (Window(5, 1.0), Window(100, 60.0)),
    "apprise": (),  # Apprise throttles each service itself
}
# Platform codes that mean "not now" rather than "never": try again after the given seconds.
TEMPORARY_CODES: dict[str, dict[int, float]] = {
    "wecom": {45009: 60.0, -1: 1.0},  # api freq out of limit; system busy
    "dingtalk": {130101: 60.0, -1: 1.0},  # send too fast; system busy
    "feishu": {11232: 60.0, 99991400: 1.0},  # frequency limited (custom bot; open API)
}


@dataclass(frozen=True)
class Answer:
    """What one try produced: success, or why not and whether trying again can help."""

    ok: bool
    reason: str = ""
    temporary: bool = False
    retry_after: float | None = None


@dataclass(frozen=True)
class TargetReport:
    target: PushTarget
    parts: int  # messages the brief takes on this platform
    sent: int = 0  # sent in this run
    already: int = 0  # received in an earlier run, not sent again
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --- one HTTP call ------------------------------------------------------------------------------------


def _sign_dingtalk(url: str, secret: str, now: dt.datetime) -> str:
    """加签: timestamp (ms) and base64(HMAC-SHA256(secret, "timestamp\\nsecret")) as query parameters."""
    timestamp = str(int(now.timestamp() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    query = urllib.parse.urlencode({"timestamp": timestamp, "sign": base64.b64encode(digest).decode()})
    return url + ("&" if "?" in url else "?") + query


def _sign_feishu(payload: dict[str, Any], secret: str, now: dt.datetime) -> dict[str, Any]:
    """签名校验: timestamp (s) and base64(HMAC-SHA256(key="timestamp\\nsecret", message="")) in the body."""
    timestamp = str(int(now.timestamp()))
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return {"timestamp": timestamp, "sign": base64.b64encode(digest).decode(), **payload}


def _platform_answer(kind: str, status: int, body: bytes, headers: Any) -> Answer:
    """Read the platform's JSON answer: WeCom/DingTalk `errcode`/`errmsg`, Feishu `code`/`msg`."""
    retry_header = (headers.get("Retry-After") or headers.get("x-ogw-ratelimit-reset")) if headers else None
    try:
        retry_after = float(retry_header) if retry_header else None
    except ValueError:
        retry_after = None
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if not isinstance(answer, dict):
        excerpt = body[:120].decode("utf-8", "replace").strip()
        temporary = status >= 500 or status == 429
        return Answer(False, f"HTTP {status}, not the platform's JSON answer: {excerpt!r}", temporary, retry_after)
    if kind == "feishu":
        code = answer.get("code", answer.get("StatusCode"))
        message = answer.get("msg", answer.get("StatusMessage", ""))
    else:
        code, message = answer.get("errcode"), answer.get("errmsg", "")
    if status == 200 and code == 0:
        return Answer(True)
    label = "code" if kind == "feishu" else "errcode"
    reason = f"{label} {code}: {message}" if code is not None else f"HTTP {status}: {json.dumps(answer)[:120]}"
    wait = TEMPORARY_CODES.get(kind, {}).get(code) if isinstance(code, int) else None
    temporary = wait is not None or status >= 500 or status == 429
    return Answer(False, reason, temporary, max(wait or 0.0, retry_after or 0.0) or None)


def post_json(kind: str, url: str, payload: dict[str, Any], timeout: float) -> Answer:
    """POST the payload as UTF-8 JSON; every outcome, network failures included, becomes an Answer."""
    request = urllib.request.Request(url, data=json_body(payload), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8",
                                              "User-Agent": "zhbrief"})
    try:
        with opener().open(request, timeout=timeout) as response:
            return _platform_answer(kind, response.status, response.read(), response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return _platform_answer(kind, error.code, error.read(), error.headers)
    except (TimeoutError, socket.timeout):
        return Answer(False, f"no answer within {timeout:g} s", temporary=True)
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, LookupTimeout):
            return Answer(False, str(reason), temporary=True)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Answer(False, f"no answer within {timeout:g} s", temporary=True)
        if isinstance(reason, socket.gaierror):
            return Answer(False, f"unknown host ({reason.strerror})")
        text = getattr(reason, "strerror", None) or str(reason)
        return Answer(False, f"cannot connect: {text}", temporary=True)
    except (ConnectionError, OSError) as error:  # reset mid-answer, a closed socket
        return Answer(False, f"connection failed: {error.strerror or error}", temporary=True)


# --- one target -------------------------------------------------------------------------------------------


class Channel:
    """How one target is reached: its Format, and `send(message, now) -> Answer`."""

    format: Format
    windows: tuple[Window, ...] = ()

    def send(self, message: Message, now: dt.datetime) -> Answer:
        raise NotImplementedError


class Webhook(Channel):
    """A WeCom, DingTalk or Feishu custom-bot webhook."""

    def __init__(self, target: PushTarget, policy: RetryPolicy) -> None:
        self.target, self.policy = target, policy
        self.format = FORMATS[target.kind]
        self.windows = WINDOWS[target.kind]

    def send(self, message: Message, now: dt.datetime) -> Answer:
        t = self.target
        url, payload = t.url, message.payload
        if t.secret and t.kind == "dingtalk":
            url = _sign_dingtalk(url, t.secret, now)
        elif t.secret and t.kind == "feishu":
            payload = _sign_feishu(payload, t.secret, now)
        return post_json(t.kind, url, payload, self.policy.timeout)


class AppriseChannel(Channel):
    """Any service Apprise knows (`apprise:tgram://…`, `apprise:mailto://…`), with its plugin's limits."""

    def __init__(self, target: PushTarget, policy: RetryPolicy) -> None:
        try:
            import apprise
        except ImportError:
            raise BriefError(f"{target.label}: apprise targets need the Apprise package: "
                             "pip install 'zhbrief[apprise]'") from None
        self.apprise = apprise
        plugin = apprise.Apprise.instantiate(target.url)
        if not plugin:
            raise BriefError(f"{target.label}: not a URL Apprise supports (see its list of services)")
        self.plugin = plugin
        self.format = apprise_format(int(plugin.body_maxlen), int(plugin.title_maxlen))
        # Apprise's connect and read timeouts (?cto=&rto=) do not cover its host name lookups, which wait
        # as long as the C resolver does: its whole call gets the policy's timeout per service target
        # (or its own two timeouts, when they add up to more).
        own = float(getattr(plugin, "socket_connect_timeout", 0) or 0) + float(getattr(plugin, "socket_read_timeout", 0) or 0)
        self.bound = max(policy.timeout, own + 1.0) * max(len(plugin), 1)

    def send(self, message: Message, now: dt.datetime) -> Answer:
        apprise = self.apprise

        def notify() -> tuple[bool, str]:
            with apprise.LogCapture(level=apprise.logging.WARNING) as log:
                ok = self.plugin.notify(body=message.payload["body"], title=message.payload["title"],
                                        body_format=apprise.NotifyFormat.MARKDOWN)
            return ok, log.getvalue()

        outcome = within(self.bound, notify)
        if outcome is None:
            # Not tried again: the abandoned call may still get through, and a second one would repeat it.
            return Answer(False, f"Apprise did not finish within {self.bound:g} s (a host name lookup or the "
                                 "service hung); it may still deliver this message, so it is not sent again now")
        ok, said = outcome
        if ok:
            return Answer(True)
        lines = [line.strip() for line in said.splitlines() if line.strip()]
        # Apprise reports a refusal and a network failure alike: both are worth one more try.
        return Answer(False, "Apprise: " + ("; ".join(lines[-2:]) or "the service refused the message"),
                      temporary=True)


def channel_for(target: PushTarget, policy: RetryPolicy) -> Channel:
    return AppriseChannel(target, policy) if target.kind == "apprise" else Webhook(target, policy)


def _scrub(text: str, target: PushTarget) -> str:
    """Defence in depth: no reason we print may carry the webhook URL, its key or token, or the secret."""
    parts = urllib.parse.urlsplit(target.url)
    tokens = [value for values in urllib.parse.parse_qs(parts.query).values() for value in values]
    tokens += [segment for segment in parts.path.split("/") if len(segment) >= 16]  # Feishu's hook token
    for secret in sorted({target.url, target.secret or "", *tokens}, key=len, reverse=True):
        if len(secret) >= 6:
            text = text.replace(secret, "…")
    return text


def _push_one(outline: Outline, target: PushTarget, *, store: Store, clock: Clock, policy: RetryPolicy,
              link: str | None, resend: bool, notify: Callable[[str], None]) -> TargetReport:
    channel = channel_for(target, policy)
    messages = split(outline, channel.format, link=link)
    total = len(messages)
    recorded = {d.part: d for d in store.deliveries(target.id, outline.date)}
    if recorded and not resend:
        parts = {d.parts for d in recorded.values()}
        if len(parts) == 1 and len(recorded) == parts.pop():
            return TargetReport(target, total, already=len(recorded))  # received whole earlier
        if any(part > total or messages[part - 1].digest != d.digest for part, d in recorded.items()):
            recorded = {}  # the brief changed since the partial delivery: send the new split whole
    if resend or not recorded:
        store.forget_deliveries(target.id, outline.date)
        recorded = {}

    start = clock.now()
    longest = max((w.seconds for w in channel.windows), default=0.0)
    pacer = Pacer(channel.windows, store.recent_sends(target.id, start - dt.timedelta(seconds=longest)))
    sent = 0

    def wait(seconds: float, why: str) -> str | None:
        """Sleep, unless that would cross the deadline (then the reason to give up)."""
        elapsed = (clock.now() - start).total_seconds()
        if elapsed + seconds > policy.deadline:
            return f"{why}; waiting {seconds:g} s more would pass the {policy.deadline:g} s deadline"
        clock.sleep(seconds)
        return None

    for message in messages:
        if message.part in recorded:
            continue
        answer = Answer(False, "not sent")
        for attempt in range(policy.tries):
            pause = pacer.delay(clock.now())
            if pause > 0 and (stop := wait(pause, "rate limit")):
                answer = Answer(False, stop)
                break
            now = clock.now()
            answer = channel.send(message, now)
            if answer.ok:
                pacer.record(now)
                store.record_delivery(Delivery(target.id, outline.date, message.part, total, message.digest,
                                               target.label, now))
                sent += 1
                break
            pacer.record(now)  # a refused message still counts against the platform's rate
            if not answer.temporary or attempt + 1 == policy.tries:
                break
            delay = policy.delay(attempt, answer.retry_after)
            if (clock.now() - start).total_seconds() + delay <= policy.deadline:
                notify(f"{target.label}: message {message.part}/{total}: {_scrub(answer.reason, target)} "
                       f"(temporary); trying again in {delay:g} s")
            if stop := wait(delay, _scrub(answer.reason, target)):
                answer = Answer(False, stop)
                break
        if not answer.ok:
            tries = f"after {attempt + 1} {'try' if attempt == 0 else 'tries'}"
            where = f"message {message.part}/{total}" if total > 1 else "the message"
            return TargetReport(target, total, sent, len(recorded),
                                f"{where} refused: {_scrub(answer.reason, target)} ({tries}); "
                                f"{sent + len(recorded)} of {total} delivered, the rest go out on the next run")
    return TargetReport(target, total, sent, len(recorded))


def push(outline: Outline, targets: Sequence[PushTarget], *, store: Store, clock: Clock,
         policy: RetryPolicy = RetryPolicy(), link: str | None = None, resend: bool = False,
         notify: Callable[[str], None] = lambda _line: None) -> list[TargetReport]:
    """Deliver `outline` to every target, one after the other; one report per target, in order."""
    reports = []
    for target in targets:
        try:
            reports.append(_push_one(outline, target, store=store, clock=clock, policy=policy, link=link,
                                     resend=resend, notify=notify))
        except BriefError as error:
            reports.append(TargetReport(target, 0, error=_scrub(str(error), target)))
    return reports


def brief_link(base: str | None, html_name: str) -> str | None:
    """The published HTML brief: `--link-base` joined with the file name (a base without a final / gets one)."""
    if not base:
        return None
    return base.rstrip("/") + "/" + urllib.parse.quote(html_name)


# --- flags, config, and what the commands print ---------------------------------------------------------


@dataclass(frozen=True)
class PushOptions:
    """Where the brief goes and how: built once from flags, the [[push]] tables and [feed] link_base."""

    targets: tuple[PushTarget, ...]
    link_base: str | None = None
    resend: bool = False
    policy: RetryPolicy = RetryPolicy()


def add_push_arguments(parser: Any, *, flag: str) -> None:
    """The push flags, shared by `zhbrief push` (flag "--to") and `zhbrief digest` (flag "--push-to")."""
    group = parser.add_argument_group(
        "push to chat groups",
        "Targets: KIND:URL with KIND wecom, dingtalk, feishu or apprise, or the name of a [[push]] table in "
        "--config. A DingTalk/Feishu signing secret comes from ZHBRIEF_DINGTALK_SECRET / ZHBRIEF_FEISHU_SECRET "
        "(or the table's secret_env).")
    group.add_argument(flag, dest="push_to", action="append", metavar="TARGET",
                       help="push the brief there (repeatable); default: every [[push]] table of --config")
    parser.set_defaults(push_flag=flag)  # messages about a target name the flag this command has
    # Only the digest writes OUT/feed.atom; `zhbrief push` sends messages alone.
    linked = "messages and the feed link" if flag == "--push-to" else "the messages link"
    group.add_argument("--link-base", dest="link_base", metavar="URL",
                       help=f"where OUT is published (https://…/briefs/): {linked} DATE.html there")
    group.add_argument("--resend", action="store_true",
                       help="send again to targets that already received this date's brief")
    group.add_argument("--push-timeout", dest="push_timeout", type=float, metavar="SECONDS",
                       help=f"seconds for each HTTP call (default {RetryPolicy().timeout:g})")


def link_base_from(args: Any, config: Any) -> str | None:
    base = getattr(args, "link_base", None) or (config.feed.get("link_base") if config.feed else None)
    if base is None:
        return None
    if not isinstance(base, str) or not base.lower().startswith(("http://", "https://")):
        raise BriefError(f"link base {base!r}: expected the http(s) address where the briefs are published")
    from briefs.reading.ingest import url_error

    if (invalid := url_error(base)) is not None:
        raise BriefError(f"link base {base!r}: not a valid URL ({invalid})")
    return base


def push_options(args: Any, config: Any, env: Any, *, default_all: bool = True) -> PushOptions | None:
    """Targets named by flags, else (with `default_all`) every [[push]] table meant for the brief; None
    when there are none. Every target is read and checked here, before anything is built or sent."""
    from briefs.deliver.targets import resolve_targets, targets_from_config

    if args.push_to:
        targets = resolve_targets(args.push_to, config, env, getattr(args, "push_flag", "--to"))
    elif default_all:
        targets = tuple(t for t in targets_from_config(config, env) if t.digest)
    else:
        targets = ()
    if not targets:
        return None
    timeout = getattr(args, "push_timeout", None)
    if timeout is not None and timeout <= 0:
        raise BriefError(f"--push-timeout {timeout:g}: expected seconds above 0")
    policy = RetryPolicy(timeout=timeout) if timeout else RetryPolicy()
    return PushOptions(targets, link_base_from(args, config), bool(getattr(args, "resend", False)), policy)


def describe(report: TargetReport, date: dt.date) -> str:
    """One line for stdout about a target that is fine."""
    t, n = report.target.label, report.parts
    messages = f"{n} message{'s' if n != 1 else ''}"
    if report.sent == 0 and report.already:
        return f"{t}: the brief of {date} was already delivered ({messages}); --resend sends it again"
    resumed = f" (resumed: {report.already} sent earlier)" if report.already else ""
    return f"pushed the brief of {date} to {t}: {messages}{resumed}"

"""Push targets: where a brief is pushed, from `--to KIND:URL` flags or the config's [[push]] tables.

Contract: `parse_target("wecom:https://…")` and `targets_from_config(config, env)` return `PushTarget`s
whose webhook URL and signing secret are read (from the file or from the environment variables it names)
but never shown: `label` masks every key, `id` is a hash that identifies the bot in the delivery record
without containing anything secret. `target_by_name` resolves one [[push]] table by its name (for
`--push-to NAME` and for watchlists' `push_to = ["name"]`).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from briefs.errors import BriefError, UsageError
from briefs.reading.ingest import url_error

NATIVE_KINDS = ("wecom", "dingtalk", "feishu")
KINDS = (*NATIVE_KINDS, "apprise")
SIGNED_KINDS = ("dingtalk", "feishu")  # bots that may have a signing secret (加签 / 签名校验)
# A secret for a target given on the command line comes from here (argv is readable by every user).
SECRET_ENV = {"dingtalk": "ZHBRIEF_DINGTALK_SECRET", "feishu": "ZHBRIEF_FEISHU_SECRET"}
PUSH_KEYS = ("name", "kind", "url", "url_env", "secret", "secret_env", "digest")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class PushTarget:
    """One group bot (or Apprise URL). `url` and `secret` are never in `repr` or in any message."""

    kind: str
    url: str = field(repr=False)
    secret: str | None = field(default=None, repr=False)
    name: str | None = None
    digest: bool = True  # the daily digest pushes here; False: only when named (--push-to NAME, watchlists)

    @property
    def id(self) -> str:
        """Stable across runs and names: the kind and a hash of the webhook URL (the bot, not the key)."""
        return f"{self.kind}:{hashlib.sha256(self.url.encode('utf-8')).hexdigest()[:16]}"

    @property
    def label(self) -> str:
        """How messages name the target: its [[push]] name, else the URL with keys and tokens masked."""
        return self.name or f"{self.kind}:{redact_url(self.url)}"


def _mask(value: str) -> str:
    return value[:4] + "…" if len(value) > 8 else "…"


def redact_url(url: str) -> str:
    """The URL with its secrets masked: user info dropped, every query value and every long path segment
    (Feishu's hook token) or token-like host (Apprise's `scheme://TOKEN/…`) cut to its first 4 characters."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return _mask(url)
    if len(host) >= 16 and "." not in host:
        host = _mask(host)
    netloc = host + (f":{port}" if port else "")
    path = "/".join(_mask(segment) if len(segment) >= 16 else segment for segment in parts.path.split("/"))
    query = "&".join(f"{key}={_mask(value)}" for key, value in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _check_url(kind: str, url: str, where: str) -> str:
    url = url.strip()
    # Checked here, or sending would crash on it. An Apprise URL may carry a token where a port would be
    # (tgram://123456:ABC…/CHAT), so only its brackets are checked.
    if (invalid := url_error(url, port=kind != "apprise")) is not None:
        raise UsageError(f"{where}: {redact_url(url)!r} is not a valid URL ({invalid})")
    if kind == "apprise":
        if "://" not in url:
            raise UsageError(f"{where}: {redact_url(url)!r} is not an Apprise URL (expected scheme://…, "
                             "e.g. tgram://TOKEN/CHAT or json://host/path)")
        return url
    if not re.match(r"https?://[^\s/?#]+", url, re.IGNORECASE) or re.search(r"\s", url):
        raise UsageError(f"{where}: expected the bot's webhook URL (https://…), got {redact_url(url)!r}")
    return url


def parse_target(spec: str, env: Mapping[str, str], flag: str = "--to") -> PushTarget:
    """`KIND:URL` from the command line (KIND: wecom, dingtalk, feishu, apprise). A DingTalk or Feishu
    signing secret comes from ZHBRIEF_DINGTALK_SECRET / ZHBRIEF_FEISHU_SECRET when set."""
    kind, colon, url = spec.partition(":")
    if not colon or kind not in KINDS:
        # A bare URL is masked whole; after a misspelt kind only the URL is, so the kind shows as typed.
        shown = redact_url(spec) if not colon or url.startswith("//") else f"{kind}:{redact_url(url)}"
        raise UsageError(f"{flag} {shown!r}: expected KIND:URL with KIND one of {', '.join(KINDS)} "
                         "(or the name of a [[push]] table in --config)")
    url = _check_url(kind, url, f"{flag} {kind}:…")
    secret = (env.get(SECRET_ENV[kind]) or None) if kind in SECRET_ENV else None
    return PushTarget(kind, url, secret)


def _push_tables(config: Any) -> Sequence[Mapping[str, Any]]:
    return tuple(getattr(config, "push", ()) or ())


def _source(config: Any) -> str:
    return str(config.path) if getattr(config, "path", None) else "the config file"


def _from_table(table: Mapping[str, Any], number: int, source: str, env: Mapping[str, str]) -> PushTarget:
    where = f"{source}: [[push]] #{number}"
    unknown = sorted(set(table) - set(PUSH_KEYS))
    if unknown:
        raise BriefError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(PUSH_KEYS)}")
    name, kind = table.get("name"), table.get("kind")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise BriefError(f"{where} name: expected a name of letters, digits, '-', '_' or '.', got {name!r}")
    where = f"{source}: [[push]] {name!r}"
    if kind not in KINDS:
        raise BriefError(f"{where} kind: expected one of {', '.join(KINDS)}, got {kind!r}")

    def value(key: str, required: bool) -> str | None:
        direct, variable = table.get(key), table.get(f"{key}_env")
        if direct is not None and variable is not None:
            raise BriefError(f"{where}: give {key} or {key}_env, not both")
        if variable is not None:
            if not isinstance(variable, str) or not variable:
                raise BriefError(f"{where} {key}_env: expected the name of an environment variable")
            found = env.get(variable)
            if not found:
                raise BriefError(f"{where} {key}_env: {variable} is not set in the environment")
            return found
        if direct is not None:
            if not isinstance(direct, str) or not direct.strip():
                raise BriefError(f"{where} {key}: expected a non-empty string")
            return direct.strip()
        if required:
            raise BriefError(f"{where}: missing url (or url_env, the environment variable that holds it)")
        return None

    url = _check_url(kind, value("url", True) or "", where)
    secret = value("secret", False)
    if secret is not None and kind not in SIGNED_KINDS:
        raise BriefError(f"{where} secret: only {' and '.join(SIGNED_KINDS)} bots sign their messages")
    digest = table.get("digest", True)
    if not isinstance(digest, bool):
        raise BriefError(f"{where} digest: expected true or false, got {digest!r}")
    return PushTarget(kind, url, secret, name, digest)


def targets_from_config(config: Any, env: Mapping[str, str]) -> tuple[PushTarget, ...]:
    """Every [[push]] table as a target, in file order; names must be unique."""
    source = _source(config)
    targets: list[PushTarget] = []
    for number, table in enumerate(_push_tables(config), start=1):
        target = _from_table(table, number, source, env)
        if any(t.name == target.name for t in targets):
            raise BriefError(f"{source}: [[push]] {target.name!r} is defined twice")
        targets.append(target)
    return tuple(targets)


def target_by_name(config: Any, name: str, env: Mapping[str, str]) -> PushTarget:
    """The [[push]] table called `name`, read and checked; a clear error naming the known ones otherwise."""
    source = _source(config)
    tables = _push_tables(config)
    for number, table in enumerate(tables, start=1):
        if table.get("name") == name:
            return _from_table(table, number, source, env)
    if not getattr(config, "path", None):
        raise BriefError(f"no push target named {name!r}: no --config with [[push]] tables was given "
                         f"(a target is KIND:URL with KIND one of {', '.join(KINDS)}, or a [[push]] name)")
    known = ", ".join(str(t.get("name")) for t in tables) or "none"
    raise BriefError(f"no push target named {name!r} in {source} (known: {known})")


def resolve_targets(specs: Sequence[str], config: Any, env: Mapping[str, str],
                    flag: str = "--to") -> tuple[PushTarget, ...]:
    """Command-line targets: each `KIND:URL` or the name of a [[push]] table; the same bot once."""
    targets: dict[str, PushTarget] = {}
    for spec in specs:
        # A [[push]] name never holds a colon, so anything else is KIND:URL: a misspelt kind or a bare URL
        # is a bad flag, named with its key masked, not a name looked up (and echoed whole) in the config.
        target = target_by_name(config, spec, env) if _NAME.fullmatch(spec) else parse_target(spec, env, flag)
        targets.setdefault(target.id, target)
    return tuple(targets.values())

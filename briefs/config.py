"""Configuration: a TOML file in, one validated `Config` out (the summary options, built once, and the
raw tables other commands read). Every mistake names the file, the key and what was wrong.

    [summary]                     # sentences, min_keep, budget, keywords, script, stopwords, stopwords_extra, user_dictionary
    [[themes]]                    # key, label, keywords; replaces the built-in themes when present
    [digest], [mail], [feed]      # read by those commands; [digest] and [mail] keys and ranges checked here
    [[push]]                      # chat-group bots (briefs.deliver.targets reads them)
    [[watchlists]]                # name, any, all, none, min_hits, main, mail_to, push_to (briefs.digest.watchlists)

`zhbrief.example.toml` at the repository root documents every key. An unknown table or key is an error:
a misspelt `[mail] to` would otherwise mean a brief that is silently never mailed.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from briefs.errors import BriefError
from briefs.model import LABEL_SCRIPTS
from summarize import regex
from summarize.model import OTHER, Theme
from summarize.options import SummaryOptions, UserWord
from summarize.themes import DEFAULT_THEMES
from summarize.script import simplified_terms

_SUMMARY_KEYS = ("sentences", "min_keep", "budget", "keywords", "script", "stopwords", "stopwords_extra", "user_dictionary")
SCRIPTS = ("auto", "simplified", "traditional")
_THEME_KEYS = ("key", "label", "keywords")
_LEARNED_THEMES = tuple(t.key for t in DEFAULT_THEMES)  # the theme model knows these without keywords
# Tables owned by other commands: this module checks the key names and number ranges of [digest] and
# [mail], the commands the rest (types of text values, addresses, paths); [feed] and [[push]] are checked
# by their readers.
_COMMAND_TABLES = ("digest", "mail", "feed")
_TABLES = ("summary", "themes", *_COMMAND_TABLES, "push", "watchlists")
DIGEST_KEYS = ("timezone", "out", "store", "per_theme", "keywords", "workers", "lookback_days",
               "duplicate_threshold", "max_download_mb", "fetch_deadline", "max_article_chars", "store_wait",
               "script", "labels", "inputs", "silent_days", "fetch_articles")
PREFERRED_SCRIPTS = ("any", "simplified", "traditional")  # [digest] script: the copy of a story kept
MAIL_KEYS = ("smtp", "starttls", "tls", "user", "from", "to", "cc", "bcc", "subject", "insecure", "cafile",
             "retries", "attach_md", "deadline")
PASSWORD_REFUSED = ("password is not allowed: config files get copied and shared; "
                    "set ZHBRIEF_SMTP_PASSWORD in the environment instead")
MAX_LOOKBACK_DAYS = 36_500
# jieba's own rule for a user-dictionary line: the word (may contain spaces), then an optional
# frequency, then an optional part-of-speech tag.
_USER_WORD = regex.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")
_EMPTY: Mapping[str, Any] = MappingProxyType({})

if TYPE_CHECKING:
    from briefs.digest.watchlists import Watchlist


@dataclass(frozen=True)
class Config:
    """What a config file says; `Config()` is the defaults (no file)."""

    summary: SummaryOptions = SummaryOptions()
    digest: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)  # read-only views of the raw tables
    mail: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    feed: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    push: tuple[Mapping[str, Any], ...] = ()  # the [[push]] tables, raw: briefs.deliver.targets checks them
    path: Path | None = None
    watchlists: tuple[Watchlist, ...] = ()


class _Checker:
    """Type checks that name the file and the key in their message."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, key: str, what: str) -> BriefError:
        return BriefError(f"{self.path}: {key}: {what}")

    def whole(self, value: object, key: str, minimum: int, maximum: int | None = None, why: str = "") -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(key, f"expected a whole number of at least {minimum}, got {value!r}")
        if maximum is not None and value > maximum:
            raise self.error(key, f"expected at most {maximum}{why}, got {value!r}")
        return value

    def seconds(self, value: object, key: str, *, zero: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (value == 0 and not zero):
            above = "0 or more" if zero else "above 0"
            raise self.error(key, f"expected a number of seconds {above}, got {value!r}")
        return float(value)

    def share(self, value: object, key: str, *, zero: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0 <= value if zero else 0 < value) or value > 1:
            raise self.error(key, f"expected a number {'from 0 to 1' if zero else 'above 0 and at most 1'}, got {value!r}")
        return float(value)

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def words(self, value: object, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise self.error(key, f"expected a list of non-empty strings, got {value!r}")
        return tuple(w.strip() for w in value)

    def table(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table ([{key}]), got {type(value).__name__}")
        return value

    def known(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.error(f"{where}{key}", f"unknown key (expected one of: {', '.join(allowed)})")

    def file(self, value: object, key: str) -> Path:
        """A file named relative to the config file's folder."""
        path = self.path.parent / self.text(value, key)
        if not path.is_file():
            raise self.error(key, f"no such file: {path}")
        return path


def max_workers() -> int:
    """More worker processes than this only cost memory: 4 per CPU this process may use."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 4 * max(cpus, 1)


def _check_digest(table: Mapping[str, Any], check: _Checker) -> None:
    check.known(table, DIGEST_KEYS, "[digest] ")
    whole = {"per_theme": (1, None, ""), "keywords": (0, None, ""), "max_download_mb": (1, None, ""),
             "silent_days": (0, None, " (0: never)"),
             "max_article_chars": (100, None, ""), "lookback_days": (0, MAX_LOOKBACK_DAYS, " (a hundred years)"),
             "workers": (1, max_workers(), " (4 per usable CPU)")}
    for key, (low, high, why) in whole.items():
        if key in table:
            check.whole(table[key], f"[digest] {key}", low, high, why)
    if "fetch_deadline" in table:
        check.seconds(table["fetch_deadline"], "[digest] fetch_deadline")
    if "fetch_articles" in table and not isinstance(table["fetch_articles"], bool):
        raise check.error("[digest] fetch_articles", f"expected true or false, got {table['fetch_articles']!r}")
    if "store_wait" in table:
        check.seconds(table["store_wait"], "[digest] store_wait", zero=True)
    if "duplicate_threshold" in table:
        check.share(table["duplicate_threshold"], "[digest] duplicate_threshold")
    if "script" in table and table["script"] not in PREFERRED_SCRIPTS:
        raise check.error("[digest] script", f"expected one of {', '.join(PREFERRED_SCRIPTS)}, got {table['script']!r}")
    if "labels" in table and table["labels"] not in LABEL_SCRIPTS:
        raise check.error("[digest] labels", f"expected one of {', '.join(LABEL_SCRIPTS)}, got {table['labels']!r}")


def _check_mail(table: Mapping[str, Any], check: _Checker) -> None:
    if "password" in table:
        raise check.error("[mail] password", PASSWORD_REFUSED)
    check.known(table, MAIL_KEYS, "[mail] ")
    if "retries" in table:
        check.whole(table["retries"], "[mail] retries", 0, 10)
    if "deadline" in table:
        check.seconds(table["deadline"], "[mail] deadline")


def _read_text(path: Path, key: str, check: _Checker) -> str:
    from briefs.reading.read import decode  # a GBK stopword list is as welcome as a UTF-8 one

    try:
        data = path.read_bytes()
    except OSError as error:
        raise check.error(key, f"cannot read {path}: {error.strerror or error}") from None
    try:
        return decode(data, str(path))
    except BriefError as error:
        raise check.error(key, str(error)) from None


def read_stopwords(path: Path, check: _Checker) -> frozenset[str]:
    """One stop word a line; blank lines and `#` comments ignored."""
    text = _read_text(path, "[summary] stopwords", check)
    return frozenset(w for line in text.lstrip("\ufeff").splitlines() if (w := line.strip()) and not w.startswith("#"))


def read_user_dictionary(path: Path, check: _Checker) -> tuple[UserWord, ...]:
    """A jieba user dictionary: `word [freq] [tag]` a line, as jieba itself reads it."""
    text = _read_text(path, "[summary] user_dictionary", check)
    words: list[UserWord] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _USER_WORD.match(line)
        if match is None:  # pragma: no cover — the pattern accepts any non-empty line
            raise BriefError(f"{path}:{number}: expected 'word [frequency] [tag]', got {line!r}")
        word, frequency, tag = match.groups()
        words.append((word.strip(), int(frequency) if frequency else None, tag.strip() if tag else None))
    return tuple(words)


def _themes(value: object, check: _Checker) -> tuple[Theme, ...]:
    if not isinstance(value, list) or not value:
        raise check.error("themes", "expected one or more [[themes]] tables")
    themes: list[Theme] = []
    for number, raw in enumerate(value, start=1):
        where = f"[[themes]] #{number} "
        if not isinstance(raw, dict):
            raise check.error(f"themes #{number}", f"expected a [[themes]] table, got {raw!r}")
        table: dict[str, Any] = raw
        check.known(table, _THEME_KEYS, where)
        for key in _THEME_KEYS:
            if key not in table:
                raise check.error(f"{where}{key}", "missing")
        key = check.text(table["key"], f"{where}key")
        if key == OTHER.key:
            raise check.error(f"{where}key", f"{key!r} is the key of sentences of no theme ({OTHER.label}); "
                                             "choose another")
        if any(t.key == key for t in themes):
            raise check.error(f"{where}key", f"theme {key!r} is defined twice")
        words = check.words(table["keywords"], f"{where}keywords")
        if not words and key not in _LEARNED_THEMES:  # nothing else could ever find it
            raise check.error(f"{where}keywords", f"theme {key!r} is found only by its keywords; give at least one "
                                                  f"(only {', '.join(_LEARNED_THEMES)} have a learned model)")
        # The engine reads every article in Simplified (Traditional ones through their rendering), so a
        # term written in either script matches both.
        themes.append(Theme(key, check.text(table["label"], f"{where}label"), simplified_terms(words)))
    return tuple(themes)


def _summary_options(table: Mapping[str, Any], themes: tuple[Theme, ...] | None, check: _Checker) -> SummaryOptions:
    check.known(table, _SUMMARY_KEYS, "[summary] ")
    values: dict[str, Any] = {}
    if "sentences" in table:
        values["sentences_per_section"] = check.whole(table["sentences"], "[summary] sentences", 1)
    if "min_keep" in table:
        values["min_keep"] = check.share(table["min_keep"], "[summary] min_keep", zero=True)
    if "budget" in table:
        values["budget"] = check.whole(table["budget"], "[summary] budget", 1)
    if "keywords" in table:
        values["keywords"] = check.whole(table["keywords"], "[summary] keywords", 0)
    if "script" in table:
        script = table["script"]
        if script not in SCRIPTS:
            raise check.error("[summary] script", f"expected one of {', '.join(SCRIPTS)}, got {script!r}")
        values["script"] = script
    if themes is not None:
        values["themes"] = themes
    stopwords: frozenset[str] | None = None
    if "stopwords" in table:
        stopwords = read_stopwords(check.file(table["stopwords"], "[summary] stopwords"), check)
    if "stopwords_extra" in table:
        extra = check.words(table["stopwords_extra"], "[summary] stopwords_extra")
        extra += simplified_terms(extra)  # Traditional articles are segmented in Simplified
        if stopwords is None:
            from summarize.segment import default_stopwords  # the bundled list, extended

            stopwords = frozenset(default_stopwords())
        stopwords = stopwords | frozenset(extra)
    if stopwords is not None:
        values["stopwords"] = stopwords
    if "user_dictionary" in table:
        path = check.file(table["user_dictionary"], "[summary] user_dictionary")
        words = read_user_dictionary(path, check)
        # Traditional articles are segmented in their Simplified rendering: a term written in Traditional
        # is added in Simplified too.
        values["user_words"] = tuple(dict.fromkeys(
            words + tuple((simplified_terms([w])[0], f, t) for w, f, t in words)))
    return SummaryOptions(**values)


def load_config(path: Path | None) -> Config:
    """The configuration in `path` (None: the defaults)."""
    if path is None:
        return Config()
    import tomllib  # only when there is a file to read: cold start

    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise BriefError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise BriefError(f"{path}: is a directory, not a config file") from None
    except OSError as error:
        raise BriefError(f"{path}: cannot read the config file: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends with "(at line L, column C)".
        raise BriefError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise BriefError(f"{path}: not valid TOML: the file must be UTF-8") from None

    check = _Checker(path)
    for name in raw:
        if name not in _TABLES:
            raise check.error(f"[{name}]", f"unknown table (expected one of: {', '.join(_TABLES)})")
    themes = _themes(raw["themes"], check) if "themes" in raw else None
    summary_table = check.table(raw.get("summary", {}), "summary")
    tables = {name: MappingProxyType(check.table(raw.get(name, {}), name)) for name in _COMMAND_TABLES}
    _check_digest(tables["digest"], check)
    _check_mail(tables["mail"], check)
    push = raw.get("push", [])
    if not isinstance(push, list):
        raise check.error("push", "expected [[push]] tables (an array of tables), not a single [push] table")
    push_tables = tuple(MappingProxyType(check.table(t, f"[push] #{n}")) for n, t in enumerate(push, start=1))
    watchlists = ()
    if "watchlists" in raw:
        from briefs.digest.watchlists import parse_watchlists

        watchlists = parse_watchlists(raw["watchlists"], raw.get("push"), path)
    return Config(summary=_summary_options(summary_table, themes, check), path=path, push=push_tables,
                  watchlists=watchlists, **tables)


def with_flags(
    options: SummaryOptions, *, sentences: int | None = None, budget: int | None = None, keywords: int | None = None,
    script: str | None = None,
) -> SummaryOptions:
    """The options with the flags a user gave on the command line (None: not given) taking precedence."""
    given = {"sentences_per_section": sentences, "budget": budget, "keywords": keywords, "script": script}
    return replace(options, **{k: v for k, v in given.items() if v is not None})

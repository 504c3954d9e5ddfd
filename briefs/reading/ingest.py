"""Ingest: the digest's inputs (folders, files, feeds, feed URLs) become a stream of reading tasks.

Contract: `tasks(inputs)` walks the inputs in a deterministic order (every file sorted by path; a
JSONL file line by line; a feed entry by entry) and yields a `Task` for each article or a `Failure`
for what could not even be listed. `load(task)` turns one task into a `Document` (it runs in the
workers) or raises `BriefError` naming the file, line or entry. Nothing here summarizes.

Folders are walked recursively for .txt .md .html .json .jsonl files and .xml/.rss/.atom feeds;
hidden files and folders and README files (they describe a folder, they are not news) are skipped.
"""
from __future__ import annotations

import base64
import calendar
import datetime as dt
import email.utils
import errno
import http.client
import os
import re
import stat
import urllib.error
import urllib.parse
import urllib.request
import xml.sax
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefs.connect import LookupTimeout, opener
from briefs.deadline import Deadline
from briefs.errors import BriefError
from briefs.model import Document, Failure, Wording
from briefs.reading.captions import drop_captions, markup_captions
from briefs.reading.html import parse_markup
from briefs.reading.html_text import html_lines
from briefs.reading.read import cannot_read, decode, is_url, read_document
from summarize import dates

ARTICLE_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
FETCH_TIMEOUT = 30.0  # seconds one read may wait (the whole download has `ReadLimits.fetch_deadline`)
USER_AGENT = "zhbrief (+https://github.com/zhbrief)"
MB = 1024 * 1024
# Bytes one character of an article may take on disk or in a JSONL line: 3 in UTF-8, 6 as a JSON \uXXXX
# escape, more in HTML markup. Past this many bytes a file cannot be within the cap, so it is not read.
BYTES_PER_CHAR = 8


@dataclass(frozen=True)
class ReadLimits:
    """What one input may cost: nothing read may hang the job or exhaust the machine."""

    max_download_mb: int = 20  # a feed URL's response, or a feed file
    fetch_deadline: float = 60.0  # seconds for a whole feed download, however slowly the server sends
    max_article_chars: int = 1_000_000  # one article's text; a longer one is refused, named

    @classmethod
    def of(cls, table: Mapping[str, Any]) -> ReadLimits:
        """The limits a config file's [digest] table sets (load_config has checked them), defaults for the rest."""
        return cls(**{key: value for key in ("max_download_mb", "max_article_chars", "fetch_deadline")
                      if (value := table.get(key)) is not None})

    @property
    def max_download_bytes(self) -> int:
        return self.max_download_mb * MB

    @property
    def max_article_bytes(self) -> int:
        return self.max_article_chars * BYTES_PER_CHAR + 65536

    def too_long(self) -> str:
        return f"the article is longer than {self.max_article_chars} characters (max_article_chars); skipped"

    def too_long_wording(self) -> Wording:
        return Wording.of("文章超过 {chars} 个字符，已跳过（max_article_chars）", chars=self.max_article_chars)

    def too_big(self, what: str) -> str:
        return f"{what} is larger than {self.max_download_mb} MB (max_download_mb); skipped"

    def too_big_wording(self, what: str) -> Wording:
        """`what`: the Chinese for what is too big (下载内容, 文件)."""
        return Wording.of(what + "超过 {mb} MB，已跳过（max_download_mb）", mb=self.max_download_mb)


@dataclass(frozen=True)
class Task:
    """One article to read: a file (read in the worker), a JSONL line, or a feed entry's HTML."""

    origin: str  # "inbox/a.html", "wire.jsonl:3", "feeds/tech.xml#2"
    kind: str  # how read_document reads it: txt, md, html, json
    path: str | None = None  # a whole file, read by the worker
    data: bytes | None = None  # a JSONL line or a feed entry's HTML
    fragment: bool = False  # feed entry HTML: a fragment, not a page
    meta: Document | None = None  # a feed entry's title, link, source, date: they beat guesses from the HTML


def shown(path: str) -> str:
    """A path as messages and the brief show it: bytes that are not UTF-8 escaped (\\xe9), never a crash."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def url_error(url: str, *, port: bool = True) -> str | None:
    """Why urllib cannot take `url` apart (a bracketed host that is no IPv6 address; with `port`, a port
    past 65535 or not a number), or None."""
    try:
        parts = urllib.parse.urlsplit(url)
        if port:
            parts.port
    except ValueError as error:
        return str(error)
    return None


def redact_url(url: str) -> str:
    """The URL with what may be a secret hidden: the user and password, and every query value (the whole
    query of a URL that cannot be taken apart)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return re.sub(r"\?.*", "?***", re.sub(r"//[^/?#]*@", "//***@", url, count=1), count=1)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = "&".join(f"{key}=***" if sep else key for key, sep, _ in (p.partition("=") for p in parts.query.split("&")))
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query if parts.query else "", parts.fragment))


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().startswith("readme.")


def _wanted(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in ARTICLE_SUFFIXES or suffix in JSONL_SUFFIXES or suffix in FEED_SUFFIXES


def _walk(folder: Path, problems: list[Failure]) -> Iterator[Path]:
    def unlistable(error: OSError) -> None:
        detail = str(error.strerror or error)
        problems.append(Failure(shown(str(error.filename)), f"cannot list the folder: {detail}",
                                Wording.of("无法列出文件夹的内容（{detail}）", detail=detail)))

    for root, dirs, files in os.walk(folder, onerror=unlistable):
        dirs[:] = [d for d in dirs if not _skipped(d)]  # hidden folders hold tools' state, not news
        for name in files:
            path = Path(root) / name
            if not _skipped(name) and _wanted(path):
                yield path


_KINDS = ((stat.S_ISFIFO, "a FIFO", "命名管道"), (stat.S_ISSOCK, "a socket", "套接字"),
          (stat.S_ISCHR, "a character device", "字符设备"), (stat.S_ISBLK, "a block device", "块设备"),
          (stat.S_ISDIR, "a folder", "文件夹"))


def _not_a_file(path: Path) -> Failure | None:
    """Why `path` cannot be read as a file (a FIFO would block the job forever), or None when it can."""
    name = shown(str(path))
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Failure(name, "a symbolic link loop; skipped", Wording("是循环符号链接，已跳过"))
        return os_failure(name, error)
    if stat.S_ISREG(mode):
        return None
    kind = next(((english, chinese) for test, english, chinese in _KINDS if test(mode)), None)
    if kind is None:
        return Failure(name, "not a regular file (not a file); skipped", Wording("不是普通文件，已跳过"))
    return Failure(name, f"not a regular file ({kind[0]}); skipped", Wording("不是普通文件，而是" + kind[1] + "，已跳过"))


def expand(inputs: Sequence[str]) -> tuple[list[str], list[Failure]]:
    """Every file and URL the inputs name, each once, sorted (URLs after files); missing ones as failures.

    Raises BriefError when no input exists at all: then there is nothing to brief and nothing is written.
    """
    found: dict[str, str] = {}  # resolved -> as the user spelt it (that is what messages show)
    urls: list[str] = []
    missing: list[Failure] = []
    problems: list[Failure] = []  # files that exist but cannot be read, folders that cannot be listed

    def add(file: Path) -> None:
        problem = _not_a_file(file)
        if problem is not None:
            problems.append(problem)
        else:
            found.setdefault(os.path.realpath(file), str(file))

    for given in inputs:
        if is_url(given):
            if given not in urls:
                urls.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path, problems):
                add(file)
        elif os.path.lexists(path):
            add(path)
        else:
            missing.append(Failure(shown(given), "no such file or folder", Wording("找不到该文件或文件夹")))
    if missing and not found and not urls and not problems:
        names = ", ".join(f.origin for f in missing)
        raise BriefError(f"{names}: no such file or folder; nothing to brief",
                         wording=Wording("找不到该文件或文件夹，没有可收录的内容"))
    return sorted(found.values()) + sorted(urls), missing + sorted(problems, key=lambda f: f.origin)


def tasks(inputs: Sequence[str], limits: ReadLimits = ReadLimits()) -> Iterator[Task | Failure]:
    """The reading tasks of every input, in a stable order; failures of whole files in their place.

    The inputs are listed now (so "no input exists" raises here, before any work); files are read
    as the stream is consumed.
    """
    sources, missing = expand(inputs)
    return _tasks(sources, missing, limits)


def _tasks(sources: list[str], missing: list[Failure], limits: ReadLimits) -> Iterator[Task | Failure]:
    yield from missing
    for source in sources:
        suffix = Path(source).suffix.lower()
        if is_url(source) or suffix in FEED_SUFFIXES:
            yield from feed_tasks(source, limits)
        elif suffix in JSONL_SUFFIXES:
            yield from jsonl_tasks(source, limits)
        else:
            yield Task(shown(source), ARTICLE_SUFFIXES[suffix], path=source)


def _reason(error: BriefError, origin: str) -> str:
    """The message without its leading "origin: " (the failure carries the origin itself)."""
    text = str(error)
    return text[len(origin) + 2 :] if text.startswith(origin + ": ") else text


def failure(error: BriefError, origin: str) -> Failure:
    reason = _reason(error, origin)
    # Every error the reading step raises has its wording (a test walks them); this is for one that slipped by.
    return Failure(origin, reason, error.wording or Wording.of("读取失败（{detail}）", detail=reason))


def os_failure(origin: str, error: OSError) -> Failure:
    """A file the system would not let us read (its errno string is the detail)."""
    return failure(cannot_read(origin, error), origin)


def jsonl_tasks(path: str, limits: ReadLimits = ReadLimits()) -> Iterator[Task | Failure]:
    """One task a non-blank line, streamed: a big wire dump is never held whole, nor is a huge line."""
    name = shown(path)
    limit = limits.max_article_bytes
    try:
        with open(path, "rb") as handle:
            number = 0
            while line := handle.readline(limit + 1):
                number += 1
                if len(line) > limit and not line.endswith(b"\n"):
                    while (rest := handle.readline(MB)) and not rest.endswith(b"\n"):
                        pass  # the rest of an over-long line is skipped, never held
                    yield Failure(f"{name}:{number}", limits.too_long(), limits.too_long_wording())
                elif line.strip():
                    yield Task(f"{name}:{number}", "json", data=line)
    except OSError as error:
        yield os_failure(name, error)


def jsonl_file(origin: str) -> str | None:
    """The JSONL file whose line an origin names (`wire.jsonl:3`, as jsonl_tasks numbers them), or None."""
    name, colon, number = origin.rpartition(":")
    return name if colon and number.isdigit() and Path(name).suffix.lower() in JSONL_SUFFIXES else None


HELD_LINES = 10_000  # failed lines held back at most: past that, a file is reported line by line


class HeldLines:
    """The failures of one JSONL file's lines, held back until a line of it gives an article. A file none
    of whose lines is one (a manifest, a file of other records) is then one failure saying what its lines
    lack, not a failure a line; a file with a good line reports its bad ones line by line, in order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.held: list[Failure] = []
        self.passing = False  # a line gave an article (or too many failed to hold): line by line from here

    def failed(self, failure: Failure) -> list[Failure]:
        """The failures to report now, given one more failed line."""
        if self.passing:
            return [failure]
        self.held.append(failure)
        return self.article() if len(self.held) > HELD_LINES else []

    def article(self) -> list[Failure]:
        """The held failures, to report now that a line gave an article."""
        self.passing, held, self.held = True, self.held, []
        return held

    def finish(self) -> list[Failure]:
        """At the file's end: one failure for the file when none of its lines (two or more) was an article."""
        if self.passing or len(self.held) < 2:
            held, self.held = self.held, []
            return held
        first: dict[str, Failure] = {}  # each reason, with the first line that gave it
        for failure in self.held:
            first.setdefault(failure.reason, failure)
        lines = len(self.held)
        if len(first) == 1:
            why = f"each: {self.held[0].reason}"
            said = Wording.of("全部 {lines} 行都不是文章，原因均为：{reason}", lines=lines, reason=self.held[0].wording)
        else:
            named = list(first.values())[:REASONS_SHOWN]
            more = len(first) - REASONS_SHOWN
            shown = [f"line {f.origin.rpartition(':')[2]}: {f.reason}" for f in named]
            why = "; ".join(shown) + (f"; {more} other reasons" if more > 0 else "")
            details: dict[str, str | int | Wording] = {"lines": lines, "more": more}
            parts = []
            for n, f in enumerate(named):
                details |= {f"line{n}": int(f.origin.rpartition(":")[2]), f"reason{n}": f.wording}
                parts.append(f"第 {{line{n}}} 行：{{reason{n}}}")
            said = Wording.of("全部 {lines} 行都不是文章：" + "；".join(parts) + ("；另有 {more} 种原因" if more > 0 else ""),
                              **details)
        failure = Failure(self.name, f"none of its {lines} lines is an article ({why})", said)
        self.held = []
        return [failure]


REASONS_SHOWN = 3  # of a file none of whose lines is an article, the different reasons named


# --- feeds ------------------------------------------------------------------------------------------


class _Redirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, but to http(s) only (it would follow one to ftp:, outside the deadline's watch),
    and a loop said in one line."""

    def __init__(self, name: str, what: tuple[str, str]) -> None:
        super().__init__()
        self.said = f"{name}: the server redirects {what[0]}"
        self.what = what[1]

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        location = headers.get("Location") or headers.get("URI")
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, location or "")).scheme.lower()
        if location and scheme not in ("http", "https"):
            raise BriefError(f"{self.said} to {scheme}:, and only http(s) is fetched",
                             wording=Wording.of("服务器将" + self.what + "重定向到不支持的协议（{scheme}:；仅支持 http 和 https）",
                                                scheme=scheme))
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as error:
            if str(error.reason).startswith(self.inf_msg):
                raise BriefError(f"{self.said} in a loop ({code} {msg})", wording=Wording.of(
                    "服务器对" + self.what + "的重定向陷入循环（{answer}）", answer=f"{code} {msg}")) from None
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


FEED = ("the feed", "订阅源")  # what a download is, in messages and in the brief
ARTICLE_PAGE = ("the article page", "文章页面")


@dataclass(frozen=True)
class Fetched:
    """A response as `fetch` read it: its body and what its headers said about it."""

    body: bytes  # unpacked (Content-Encoding undone)
    url: str  # where it came from, after any redirect; without the login
    media_type: str | None  # "text/html", lowercased; None when the server sent no Content-Type
    charset: str | None  # the Content-Type's charset, as the server wrote it


def _fetch(url: str, limits: ReadLimits = ReadLimits(), what: tuple[str, str] = FEED) -> tuple[bytes, str]:
    """The response body and the URL it came from (see `fetch`)."""
    fetched = fetch(url, limits, what)
    return fetched.body, fetched.url


def fetch(url: str, limits: ReadLimits = ReadLimits(), what: tuple[str, str] = FEED,
          check: Callable[[str | None], None] | None = None) -> Fetched:
    """The response, within one deadline for the whole download and a cap on its size. `check` is given
    the media type before the body is read, and raises BriefError to refuse it (a PDF is not downloaded)."""
    name = redact_url(url)
    if (invalid := url_error(url)) is not None:
        raise BriefError(f"{name}: not a valid URL ({invalid})", wording=Wording.of("不是有效的网址（{error}）", error=invalid))
    parts = urllib.parse.urlsplit(url)
    login = None
    if parts.username is not None:  # user:pass@host: HTTP Basic, which urllib does not take from the URL
        login = base64.b64encode(f"{urllib.parse.unquote(parts.username)}:"
                                 f"{urllib.parse.unquote(parts.password or '')}".encode()).decode("ascii")
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if login is not None:
        request.add_unredirected_header("Authorization", f"Basic {login}")  # never sent on to a redirect
    deadline = Deadline(limits.fetch_deadline)
    fetcher = opener(deadline, _Redirects(name, what))
    too_big = BriefError(f"{name}: {limits.too_big('the download')}", wording=limits.too_big_wording("下载内容"))
    late = BriefError(f"{name}: the download did not finish within {limits.fetch_deadline:g} s (fetch_deadline)",
                      wording=Wording.of("下载未能在 {seconds} 秒内完成（fetch_deadline）", seconds=f"{limits.fetch_deadline:g}"))
    chunks: list[bytes] = []
    try:
        with deadline, fetcher.open(request, timeout=min(FETCH_TIMEOUT, limits.fetch_deadline)) as response:
            url = response.geturl()
            media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else None
            charset = response.headers.get_content_charset()
            if check is not None:
                check(media_type)
            coding = response.headers.get("Content-Encoding", "")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limits.max_download_bytes:
                raise too_big
            size = 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > limits.max_download_bytes:
                    raise too_big
                chunks.append(chunk)
    except BriefError:
        raise
    except urllib.error.HTTPError as error:
        raise BriefError(f"{name}: the server answered {error.code} {error.reason}",
                         wording=Wording.of("服务器返回错误（{answer}）", answer=f"{error.code} {error.reason}")) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        if deadline.passed and not isinstance(reason, LookupTimeout):  # the lookup says what ran out
            raise late from None
        detail = str(reason).replace(url, name)
        raise BriefError(f"{name}: cannot fetch {what[0]}: {detail}",
                         wording=Wording.of("无法抓取" + what[1] + "（{detail}）", detail=detail)) from None
    if deadline.passed:  # the shutdown looks like the end of the body to the reader
        raise late
    body = _decompressed(b"".join(chunks), coding, limits.max_download_bytes, too_big,
                         (f"{name}: the server sent {what[0]}", f"服务器返回的{what[1]}"))
    return Fetched(body, url, media_type, charset)


# Content codings a server sends though it was not asked for one (a pre-compressed file, a CDN's setting).
# HTTP's deflate is zlib-wrapped; some servers send it raw.
_WBITS = {"gzip": (31,), "x-gzip": (31,), "deflate": (15, -15)}


def _decompressed(body: bytes, coding: str, limit: int, too_big: BriefError, sent: tuple[str, str]) -> bytes:
    """`body` unpacked as its Content-Encoding says, never to more than `limit` bytes. `sent`: what the server
    sent, said in English and in Chinese."""
    for step in reversed([c.strip().lower() for c in coding.split(",") if c.strip()]):
        if step == "identity":
            continue
        if step not in _WBITS:
            raise BriefError(f"{sent[0]} compressed as {step}, which cannot be read (only gzip and deflate)",
                             wording=Wording.of(sent[1] + "使用了不支持的压缩方式（{step}；仅支持 gzip 和 deflate）", step=step))
        for wbits in _WBITS[step]:
            try:
                unpacked = zlib.decompressobj(wbits).decompress(body, limit + 1)
                break
            except zlib.error as error:
                why = error
        else:
            raise BriefError(f"{sent[0]} marked as {step}, but it is not ({why})",
                             wording=Wording.of(sent[1] + "标明已压缩，实际并非如此（{step}：{why}）", step=step, why=str(why)))
        if len(unpacked) > limit:
            raise too_big
        body = unpacked
    return body


# How Chinese sites' feeds write a date: 2026/11/25 09:00:00, 2026年11月25日 星期三 09时30分, 2026.11.25; local time
# unless an offset follows. feedparser's ISO 8601 reader takes only the year of these and says 1 December.
_LOCAL_DATE = re.compile(rf"{dates.day(dates.ANY_YEAR)}\s*{dates.WEEKDAY}?(?:[\sT]*{dates.FEED_CLOCK})?"
                         r"(?:\s*([+-])(\d{2}):?(\d{2}))?")


def _local_date(text: str) -> dt.datetime | None:
    match = _LOCAL_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, hours, minutes = match.groups()
    tz = None
    if sign:
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
        tz = dt.timezone(-offset if sign == "-" else offset)
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz)
    except ValueError:  # 2026/13/45: not a date
        return None


def _guessed(parsed: Any, text: str) -> bool:
    """Whether feedparser's reading of `text` is a guess: its year or day is not a number the text holds
    (it reads a string of digits, a Unix time say, as a year and a day of the year)."""
    numbers = {int(n) for n in re.findall(r"\d+", text)}
    return parsed.tm_year not in numbers or parsed.tm_mday not in numbers


def entry_published(entry: Any) -> dt.datetime | None:
    """The entry's own time with its UTC offset (feedparser's parsed tuples drop the offset); None when
    its date cannot be read for sure: an undated entry is kept, a misread one would be left out."""
    for key in ("published", "updated", "created"):
        # `in` first: feedparser answers `updated` with `published` when only that is there (a fallback it
        # warns it will remove), and the same text would be read twice.
        text = ((entry.get(key) if key in entry else None) or "").strip()
        if not text:
            continue
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))  # Atom
        except ValueError:
            pass
        try:
            return email.utils.parsedate_to_datetime(text)  # RSS 2.0: RFC 822
        except (TypeError, ValueError):
            pass
        if (local := _local_date(text)) is not None:
            return local
        parsed = entry.get(f"{key}_parsed")  # other formats feedparser knows, normalised to UTC
        if parsed and not _guessed(parsed, text):
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc)
    return None


def _entry_html(entry: Any) -> str:
    """The fullest body the entry carries: content:encoded / Atom content, else the summary."""
    bodies = [c.get("value", "") for c in entry.get("content", [])] + [entry.get("summary", "")]
    return max(bodies, key=lambda b: len(b.strip()))


def _without_query(url: str) -> str:
    """A URL given by the user, as a base for links read from what it served: its query may hold a token."""
    return urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl()


def feed_base(feed: Any, fetched: str | None) -> str | None:
    """What a relative entry link is resolved against, as a feed reader resolves it: the channel's link
    (the site, which may live on another host than the feed), else the URL the feed came from. An xml:base
    is applied by feedparser already."""
    if fetched is not None:
        fetched = _without_query(fetched)
    # Not feedparser's `feed.link`: for an Atom feed without an alternate link it is the feed's id (urn:…).
    home = next((link.get("href") for link in feed.get("links", []) if link.get("rel") == "alternate"), None)
    if home and is_url(site := urllib.parse.urljoin(fetched or "", home.strip())):
        return site
    return fetched


def entry_url(link: str | None, base: str | None) -> str | None:
    """The entry's link made absolute against `base` (a link with a scheme of its own is left as written)."""
    if not link or not link.strip():
        return None
    link = link.strip()
    if base and not urllib.parse.urlsplit(link).scheme:
        return urllib.parse.urljoin(base, link)
    return link


# A web page where a feed was expected (the site's home page given for its feed): its first tag is <html>.
_PAGE_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_FEED_TYPES = {"application/rss+xml", "application/atom+xml"}
PAGE_READ = 262144  # bytes of a page searched for its feed link, which is in its head


WEB_PAGE = ("not an RSS or Atom feed but a web page", "不是 RSS 或 Atom 订阅源，而是网页")


def web_page_reason(data: bytes, fetched: str | None) -> tuple[str, Wording] | None:
    """Why `data` is not a feed when it is a web page, with the feed the page names (<link rel=alternate>)."""
    if not _PAGE_START.match(data[:4096]):
        return None
    tree = parse_markup(data[:PAGE_READ].decode("utf-8", "replace"))
    for link in tree.iter("link") if tree is not None else ():  # elements: not a comment's or a script's text
        href = (link.get("href") or "").strip()
        if ("alternate" in (link.get("rel") or "").lower().split() and href and not href.startswith("#")
                and (link.get("type") or "").strip().lower() in _FEED_TYPES):
            if fetched is not None:
                href = urllib.parse.urljoin(_without_query(fetched), href)
            return (f"{WEB_PAGE[0]}; the page names its feed: {href}",
                    Wording.of(WEB_PAGE[1] + "（网页指明的订阅源：{href}）", href=href))
    return WEB_PAGE[0], Wording(WEB_PAGE[1])


def _read_feed_file(path: str, limits: ReadLimits) -> bytes:
    if os.stat(path).st_size > limits.max_download_bytes:
        raise BriefError(f"{shown(path)}: {limits.too_big('the file')}", wording=limits.too_big_wording("文件"))
    return Path(path).read_bytes()


# A numeric character reference that names no character: feedparser 6.0.14 raises on it and takes the
# whole parse down (kurtmckee/feedparser#591). Some feed writers put an emoji as its two UTF-16 halves
# (&#55357;&#56832;); a text cut between them leaves one half; a few write past U+10FFFF.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_HIGH, _LOW = range(0xD800, 0xDC00), range(0xDC00, 0xE000)


def _code_point(ref: re.Match[bytes]) -> int:
    return int(ref[1], 16) if ref[1] is not None else int(ref[2])


def mend_character_references(data: bytes) -> bytes:
    """`data` with each reference to no character rewritten as the reader of a broken UTF-8 byte would
    read it: two halves of a surrogate pair as the character they encode, anything else as U+FFFD."""
    if b"&#" not in data:
        return data
    refs = list(_CHAR_REF.finditer(data))
    parts, at, n = [], 0, 0
    while n < len(refs):
        ref, code = refs[n], _code_point(refs[n])
        n += 1
        if code <= 0x10FFFF and code not in _HIGH and code not in _LOW:
            continue  # a character: left as written
        parts.append(data[at:ref.start()])
        after = refs[n] if n < len(refs) and refs[n].start() == ref.end() else None
        if code in _HIGH and after is not None and _code_point(after) in _LOW:
            parts.append(b"&#x%X;" % (0x10000 + ((code - 0xD800) << 10) + (_code_point(after) - 0xDC00)))
            at, n = after.end(), n + 1
        else:
            parts.append(b"&#xFFFD;")
            at = ref.end()
    return b"".join(parts) + data[at:] if parts else data


def feed_tasks(source: str, limits: ReadLimits = ReadLimits()) -> Iterator[Task | Failure]:
    """One task an entry of an RSS 2.0 or Atom feed (a file or an http(s) URL)."""
    import feedparser  # only feeds pay for it

    name = redact_url(source) if is_url(source) else shown(source)
    try:
        data, fetched = _fetch(source, limits) if is_url(source) else (_read_feed_file(source, limits), None)
    except BriefError as error:
        yield failure(error, name)
        return
    except OSError as error:
        yield os_failure(name, error)
        return
    # The entries' HTML is only ever read for its text (scripts and styles skipped, everything shown is
    # escaped), never shown as HTML: feedparser's sanitizer and its rewriting of the URLs inside that HTML
    # would cost two thirds of the parse for nothing. The entries' own links are resolved below.
    try:
        parsed = feedparser.parse(mend_character_references(data), sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # feedparser means to flag a bad feed (bozo), yet some still raise (#599)
        detail = f"{type(error).__name__}: {error}"
        yield Failure(name, f"the feed parser could not read it ({detail})",
                      Wording.of("订阅源解析器无法解析（{detail}）", detail=detail))
        return
    why = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        page = web_page_reason(data, fetched)
        if page is not None:
            yield Failure(name, *page)
        else:
            yield Failure(name, "not an RSS or Atom feed" + (f" ({why})" if why else ""),
                          Wording.of("不是 RSS 或 Atom 订阅源" + ("（{why}）" if why else ""), why=str(why)))
        return
    # feedparser reads on after an XML error; the entries after the break are lost, so say so.
    broken = isinstance(why, xml.sax.SAXException)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    base = feed_base(parsed.feed, fetched)
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{name}#{number}"
        body = _entry_html(entry)
        if not body.strip():
            yield Failure(origin, "the feed entry has no content or summary", Wording("这条订阅条目既没有正文也没有摘要"))
            continue
        meta = Document(
            origin=origin,
            text="",
            title=(entry.get("title") or "").strip() or None,
            id=entry.get("id") or None,
            url=entry_url(entry.get("link"), base),
            source=feed_title,
            published=entry_published(entry),
        )
        yield Task(origin, "html", data=body.encode("utf-8"), fragment=True, meta=meta)
    if broken:
        where = f"after entry {len(parsed.entries)}" if parsed.entries else "before its first entry"
        said = "订阅源在第 {entries} 条之后" if parsed.entries else "订阅源在第一条之前"
        yield Failure(name, f"the feed is cut short or not well-formed {where} ({why})",
                      Wording.of(said + "被截断或格式有误（{why}）", entries=len(parsed.entries), why=str(why)))


# --- reading one task (in a worker) -----------------------------------------------------------------


def fragment_text(markup: str) -> str:
    """Text of a feed entry's HTML fragment: a paragraph a line, no blank lines; h1–h4 as "## " headings;
    no photo captions the markup marks as such (see `briefs.reading.captions`)."""
    text = "\n".join(line for line in html_lines(markup, headings=True) if line)
    return drop_captions(text, markup_captions(markup)) if "<" in markup else text


# A feed entry that carries a whole page (some feeds embed the article's page) goes through the page reader.
_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)


def _read_fragment(task: Task) -> Document:
    """A feed entry's body is the article already: the page reader's passes (built to find an article
    among a page's menus and widgets) would only cost time — several trafilatura passes an entry, since
    a short entry looks like a failed pass — so the fragment's text is taken as it stands."""
    assert task.data is not None
    markup = decode(task.data, task.origin)
    if _WHOLE_PAGE.search(markup):
        document = read_document(task.data, task.origin, "html")
    else:
        text = fragment_text(markup)
        if not text:
            raise BriefError(f"{task.origin}: the feed entry is empty", wording=Wording("这条订阅条目没有内容"))
        document = Document(origin=task.origin, text=text)
    if task.meta is None:
        return document
    m = task.meta
    return replace(document, title=m.title or document.title, id=m.id or document.id, url=m.url or document.url,
                   source=m.source or document.source, published=m.published or document.published)


# A feed that carries only a teaser of each article ("…", the first paragraph) gives a brief of teasers.
# With `[digest] fetch_articles`, an entry with less article text than a plausible article has its page
# (the entry's link) fetched and read like any page; the page's text replaces the teaser when it holds
# more article. A page that cannot be read leaves the entry as it came: the teaser still goes out.
PAGE_DEADLINE = 20.0  # seconds for one article page (at most the feed's own fetch_deadline)


def fuller(document: Document, limits: ReadLimits = ReadLimits()) -> Document:
    """A feed entry's Document with its article page's text when the entry holds only a teaser; the
    Document's `extraction` says what was read, and why the page was not used where it was not."""
    from summarize.furniture import article_chars

    from briefs.reading.html import PLAUSIBLE_CHARS

    have = article_chars(document.text)
    if have >= PLAUSIBLE_CHARS:
        return document
    if not document.url:
        return replace(document, extraction="the feed entry (it has no link to read its page from)")
    if not is_url(document.url):  # file:, javascript:, data:, or a relative link with nothing to resolve it
        scheme = urllib.parse.urlsplit(document.url).scheme
        why = f"a {scheme}: URL, not http(s)" if scheme else "relative, and the feed gives no base URL for it"
        return replace(document, extraction=f"the feed entry (its page was not read: its link is {why})")
    from briefs.reading.web import FeedGiven, read_url  # the page as `zhbrief summarize URL` reads it

    try:
        page = read_url(document.url, limits, ARTICLE_PAGE)
    except FeedGiven:
        return replace(document, extraction="the feed entry (its page was not read: its link is a feed, not an article page)")
    except BriefError as error:
        why = str(error).removeprefix(f"{redact_url(document.url)}: ")
        return replace(document, extraction=f"the feed entry (its page was not read: {why})")
    if article_chars(page.text) <= have:
        return replace(document, extraction="the feed entry (its page holds no more of the article)")
    return replace(document, text=page.text, extraction=f"the article page, {page.extraction}")


def load(task: Task, limits: ReadLimits = ReadLimits()) -> Document:
    """The Document of one task; BriefError naming the file, line or entry when it cannot be one
    (or when it is longer than `limits.max_article_chars`)."""
    if task.fragment:
        document = _read_fragment(task)
    elif task.data is not None:
        document = read_document(task.data, task.origin, task.kind)
    else:
        assert task.path is not None
        try:
            with open(task.path, "rb") as handle:
                # Past this many bytes the text cannot be within the cap: refuse before reading it whole.
                data = handle.read(limits.max_article_bytes + 1)
        except OSError as error:
            raise cannot_read(task.origin, error) from None
        if len(data) > limits.max_article_bytes:
            raise BriefError(f"{task.origin}: {limits.too_long()}", wording=limits.too_long_wording())
        document = read_document(data, task.origin, task.kind)
    if len(document.text) > limits.max_article_chars:
        raise BriefError(f"{task.origin}: {limits.too_long()}", wording=limits.too_long_wording())
    return document


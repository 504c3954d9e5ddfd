"""Real HTTP servers on 127.0.0.1 standing in for the WeCom, DingTalk and Feishu group-bot webhooks.

Each checks the request as the platform documents it — POST, `Content-Type: application/json`, the JSON
schema of the markdown / post message, DingTalk's `timestamp`+`sign` query and Feishu's `timestamp`+`sign`
body fields (HMAC-SHA256, within an hour) when the bot has a secret — refuses a body above the platform's
limit with the platform's error code, answers the platform's success JSON, and answers scripted errors
or rate-limit codes on cue. Accepted messages are recorded, with the time they arrived.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

WECOM_LIMIT = 4096  # bytes of markdown.content
DINGTALK_LIMIT = 20000  # bytes of the request body
FEISHU_LIMIT = 20000  # bytes of the request body ("20 KB"), as zhbrief reads it

WECOM_OK = {"errcode": 0, "errmsg": "ok"}
DINGTALK_OK = {"errcode": 0, "errmsg": "ok"}
FEISHU_OK = {"code": 0, "msg": "success", "data": {}}


@dataclass
class Platform:
    kind: str
    key: str  # the part of the URL that is the bot's credential
    secret: str | None = None
    base: str = ""
    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # answers to give before accepting
    accepted: list[dict[str, Any]] = field(default_factory=list)  # payloads, without Feishu's sign fields
    requests: int = 0
    problems: list[str] = field(default_factory=list)  # what a request got wrong (a test asserts it is empty)

    @property
    def url(self) -> str:
        if self.kind == "wecom":
            return f"{self.base}/cgi-bin/webhook/send?key={self.key}"
        if self.kind == "dingtalk":
            return f"{self.base}/robot/send?access_token={self.key}"
        return f"{self.base}/open-apis/bot/v2/hook/{self.key}"


def _hmac(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def _check_schema(kind: str, body: dict[str, Any]) -> str | None:
    """None when the message has the documented shape, else what is wrong."""
    if kind in ("wecom", "dingtalk"):
        if body.get("msgtype") != "markdown" or not isinstance(body.get("markdown"), dict):
            return "msgtype must be markdown with a markdown object"
        fields = {"content"} if kind == "wecom" else {"title", "text"}
        md = body["markdown"]
        if set(md) != fields or not all(isinstance(md[f], str) and md[f] for f in fields):
            return f"markdown must have exactly {sorted(fields)} as non-empty strings"
        if set(body) != {"msgtype", "markdown"}:
            return f"unexpected fields {sorted(set(body) - {'msgtype', 'markdown'})}"
        return None
    if body.get("msg_type") != "post":
        return "msg_type must be post"
    try:
        post = body["content"]["post"]["zh_cn"]
    except (KeyError, TypeError):
        return "content.post.zh_cn is missing"
    if not isinstance(post.get("title"), str) or not isinstance(post.get("content"), list):
        return "post needs a title and a content list"
    for row in post["content"]:
        if not isinstance(row, list):
            return "each content row must be a list"
        for element in row:
            tag = element.get("tag")
            if tag == "text" and isinstance(element.get("text"), str):
                continue
            if tag == "a" and isinstance(element.get("text"), str) and str(element.get("href", "")).startswith("http"):
                continue
            return f"bad element {element!r}"
    return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(405, {"errcode": 405, "errmsg": "method not allowed: POST only"})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        platform = self.server.route(parts.path, query)
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if platform is None:
            self._answer(404, {"errcode": 93000, "errmsg": "invalid webhook url"})
            return
        with self.server.lock:
            platform.requests += 1
        kind = platform.kind
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            platform.problems.append(f"Content-Type {self.headers.get('Content-Type')!r}")
            self._answer(400, {"errcode": 40008, "errmsg": "invalid message type"})
            return
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            platform.problems.append("body is not UTF-8 JSON")
            self._answer(400, {"errcode": 40035, "errmsg": "invalid json"})
            return
        if kind == "dingtalk" and len(raw) > DINGTALK_LIMIT:
            self._answer(200, {"errcode": 460101, "errmsg": "message too long, exceed 20000 bytes"})
            return
        if kind == "feishu" and len(raw) > FEISHU_LIMIT:
            self._answer(200, {"code": 9499, "msg": "Bad Request", "data": {}})
            return
        if kind == "dingtalk" and platform.secret:
            timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
            expected = _hmac(platform.secret.encode(), f"{timestamp}\n{platform.secret}".encode())
            if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600_000 or sign != expected:
                self._answer(200, {"errcode": 310000, "errmsg": "sign not match"})
                return
        if kind == "feishu" and platform.secret:
            timestamp, sign = str(body.pop("timestamp", "")), body.pop("sign", "")
            expected = _hmac(f"{timestamp}\n{platform.secret}".encode(), b"")
            if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 3600 or sign != expected:
                self._answer(200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour "
                                                        "from current time"})
                return
        problem = _check_schema(kind, body)
        if problem:
            platform.problems.append(problem)
            self._answer(200, {"errcode": 40008, "errmsg": problem} if kind != "feishu"
                         else {"code": 9499, "msg": f"Bad Request: {problem}"})
            return
        if kind == "wecom" and len(body["markdown"]["content"].encode()) > WECOM_LIMIT:
            self._answer(200, {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096. "
                                                           "invalid Request Parameter"})
            return
        with self.server.lock:
            scripted = platform.script.pop(0) if platform.script else None
        if scripted is not None:
            self._answer(*scripted)
            return
        with self.server.lock:
            platform.accepted.append(body)
        self._answer(200, {"wecom": WECOM_OK, "dingtalk": DINGTALK_OK, "feishu": FEISHU_OK}[kind])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    timeout = 5

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.platforms: list[Platform] = []

    def route(self, path: str, query: dict[str, list[str]]) -> Platform | None:
        for p in self.platforms:
            if p.kind == "wecom" and path == "/cgi-bin/webhook/send" and query.get("key") == [p.key]:
                return p
            if p.kind == "dingtalk" and path == "/robot/send" and query.get("access_token") == [p.key]:
                return p
            if p.kind == "feishu" and path == f"/open-apis/bot/v2/hook/{p.key}":
                return p
        return None


@dataclass
class Platforms:
    wecom: Platform
    dingtalk: Platform
    feishu: Platform
    base: str


@contextmanager
def platform_servers(*, dingtalk_secret: str | None = "SECd1ngta1k-s1gn1ng-secret-0000",
                     feishu_secret: str | None = "fe1shu-s1gn1ng-secret-0000") -> Iterator[Platforms]:
    """One loopback server for the three platforms (each routed by its documented path), stopped on exit."""
    server = _Server()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    platforms = Platforms(
        Platform("wecom", "693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa", base=base),
        Platform("dingtalk", "d1ngta1k0access0token0aaaaaaaaaaaa", dingtalk_secret, base=base),
        Platform("feishu", "f00dfeed-feed-4bc4-97a0-0ec2sifa5bbb", feishu_secret, base=base),
        base,
    )
    server.platforms = [platforms.wecom, platforms.dingtalk, platforms.feishu]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield platforms
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

"""`apprise:URL` targets: the brief goes through Apprise (here its JSON service, to a loopback server),
split to that service's own body limit; a refusal is reported with Apprise's reason."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefs.deliver.policy import RetryPolicy
from briefs.deliver.push import push
from briefs.deliver.targets import parse_target
from briefs.digest.store import Store
from briefs.render import markdown_line
from tests.test_push import FakeClock, big_outline, markdown_items

pytest.importorskip("apprise", reason="the apprise extra is not installed: pip install '.[apprise]'")


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.bodies: list[dict] = []
        self.status = 200


class RecordingHandler(BaseHTTPRequestHandler):
    server: Recorder

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.status == 200:
            self.server.bodies.append(body)
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_an_apprise_target_gets_every_item_split_to_its_limit(recorder: Recorder, tmp_path: Path):
    port = recorder.server_address[1]
    target = parse_target(f"apprise:json://127.0.0.1:{port}/notify", {})
    outline = big_outline(300, repeat=3)
    with Store(tmp_path / "s.sqlite3") as store:
        report = push(outline, [target], store=store, clock=FakeClock())[0]
    assert report.ok and report.parts == len(recorder.bodies) > 1
    assert recorder.bodies[0]["title"].startswith(f"每日简报 · 2026年11月25日（1/{report.parts}）")
    items = [line for body in recorder.bodies for line in markdown_items(body["message"])]
    assert items == [markdown_line(item.text) for item in outline.items]


def test_an_apprise_refusal_is_reported(recorder: Recorder, tmp_path: Path):
    recorder.status = 500
    target = parse_target(f"apprise:json://127.0.0.1:{recorder.server_address[1]}/notify", {})
    with Store(tmp_path / "s.sqlite3") as store:
        report = push(big_outline(2), [target], store=store, clock=FakeClock(), policy=RetryPolicy(tries=1))[0]
    assert report.error and "Apprise:" in report.error and "500" in report.error

"""A DNS resolver that never answers, for real: zhbrief runs in a network namespace of its own whose
/etc/resolv.conf (bind-mounted by `ip netns exec` from /etc/netns/NAME/resolv.conf; the host's file is
never touched) points at 127.0.0.1:53, where a UDP listener swallows every query. Only the namespace's
loopback is up, so nothing can leave it. The C resolver is told to wait 30 s twice per query, so a lookup
zhbrief does not bound would outlast each command's 25 s limit."""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-25"
LIMIT = 25.0  # seconds any one command may take here: far less than the stalled resolver's 60 s

# Swallows DNS queries on 127.0.0.1:53 and prints the name asked for, so a test can tell the lookup
# really went to the resolver (not to /etc/hosts, not failed before asking).
SWALLOW = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
print("ready", flush=True)
while True:
    query, _ = s.recvfrom(4096)
    labels, i = [], 12
    while i < len(query) and query[i]:
        labels.append(query[i + 1 : i + 1 + query[i]].decode("ascii", "replace"))
        i += 1 + query[i]
    print(".".join(labels), flush=True)
"""


@dataclass
class Namespace:
    name: str
    listener: subprocess.Popen[bytes]

    def run(self, *argv: str | Path, cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess[str], float]:
        """`argv` inside the namespace; the result and the seconds it took."""
        start = time.monotonic()
        try:
            done = subprocess.run(["ip", "netns", "exec", self.name, *map(str, argv)], capture_output=True,
                                  text=True, timeout=LIMIT, cwd=cwd, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as stalled:
            pytest.fail(f"{argv[:3]} still waiting after {LIMIT:g} s: a lookup is not bounded\n{stalled.stderr}")
        return done, time.monotonic() - start

    def asked(self) -> set[str]:
        """The names the swallowing resolver has been asked for so far."""
        fd = self.listener.stdout.fileno()  # type: ignore[union-attr]
        data = b""
        while select.select([fd], [], [], 0.2)[0] and (chunk := os.read(fd, 65536)):
            data += chunk
        return set(data.decode().split())


def _step(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"cannot make a network namespace here: {' '.join(argv)}: {done.stderr.strip()}")


@pytest.fixture(scope="module")
def stalled_resolver(request: pytest.FixtureRequest) -> Iterator[Namespace]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("making a network namespace needs root")
    if shutil.which("ip") is None:
        pytest.skip("no `ip` command (Debian's iproute2) to make a network namespace")
    name = f"zbdns{os.getpid()}"
    _step(["ip", "netns", "add", name])
    request.addfinalizer(lambda: subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=30))
    _step(["ip", "-n", name, "link", "set", "lo", "up"])
    netns = Path("/etc/netns")
    made_netns = not netns.exists()
    folder = netns / name
    folder.mkdir(parents=True)

    def remove_folder() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        if made_netns:
            try:
                netns.rmdir()
            except OSError:
                pass  # another namespace's folder appeared meanwhile: not ours to remove

    request.addfinalizer(remove_folder)
    (folder / "resolv.conf").write_text("nameserver 127.0.0.1\noptions timeout:30 attempts:2\n")
    listener = subprocess.Popen(["ip", "netns", "exec", name, sys.executable, "-c", SWALLOW],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def stop_listener() -> None:
        listener.kill()
        listener.wait(timeout=30)

    request.addfinalizer(stop_listener)
    ready, started = b"", time.monotonic()
    while not ready.endswith(b"\n") and time.monotonic() - started < 20:
        if select.select([listener.stdout], [], [], 1)[0]:
            ready += os.read(listener.stdout.fileno(), 1)  # type: ignore[union-attr]  # its first line only
    if ready != b"ready\n":
        listener.kill()
        pytest.skip(f"the stand-in resolver did not start ({ready!r}): {listener.stderr.read().decode().strip()}")  # type: ignore[union-attr]
    check, _ = Namespace(name, listener).run("cat", "/etc/resolv.conf")
    if "nameserver 127.0.0.1" not in check.stdout:
        pytest.skip(f"`ip netns exec` did not give the namespace its own resolv.conf: {check.stdout!r}")
    yield Namespace(name, listener)


def test_a_cron_run_whose_hosts_never_resolve_fails_each_named_and_the_brief_still_goes_out(
        stalled_resolver: Namespace, tmp_path: Path):
    pytest.importorskip("apprise")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(ROOT / "samples/inbox/2026-11-25-smart-factory.md", inbox)
    config = tmp_path / "zhbrief.toml"
    config.write_text("[digest]\nfetch_deadline = 1\n[mail]\ndeadline = 1\n")
    out = tmp_path / "out"
    run, took = stalled_resolver.run(
        sys.executable, "-m", "briefs", "digest", inbox, "http://feeds.example.test/rss.xml", "--config", config,
        "--date", DAY, "--out", out, "--workers", "1",
        "--mail-to", "team@example.com", "--mail-smtp", "smtp.example.test:2525",
        "--push-to", "apprise:json://hooks.example.test/notify?cto=0.1&rto=0.1", "--push-timeout", "1")
    assert "Traceback" not in run.stderr
    assert ("zhbrief: http://feeds.example.test/rss.xml: cannot fetch the feed: looking up the host "
            "feeds.example.test took longer than 1 s (the DNS resolver did not answer in time)") in run.stderr
    assert ("cannot connect to SMTP server smtp.example.test:2525: looking up the host smtp.example.test "
            "took longer than 1 s") in run.stderr
    assert "Apprise did not finish within 1.2 s (a host name lookup or the service hung)" in run.stderr
    assert run.returncode == 5, run.stderr  # written; an input (3), the mail (4) and the push (5) failed
    brief = (out / f"{DAY}.md").read_text()
    assert "feeds.example.test" in brief  # listed among the failures
    assert "1 article kept" in run.stdout  # the inbox's article made the brief
    assert took < 15, f"took {took:.1f} s"  # three lookups of about 1 s and start-up, not the resolver's 60 s
    asked = stalled_resolver.asked()
    assert {"feeds.example.test", "smtp.example.test", "hooks.example.test"} <= asked, asked


def test_a_dask_scheduler_whose_host_never_resolves_fails_at_the_timeout_and_the_command_exits(
        stalled_resolver: Namespace):
    pytest.importorskip("distributed")
    # Dask's own connect timeout gives up too, but its lookup thread then holds the exit for the
    # resolver's 60 s: the whole command is timed, not just the error.
    script = ("from briefs.batch import _Dask\n"
              "try:\n    _Dask('tcp://scheduler.example.test:8786', 2.0)\n"
              "except Exception as error:\n    print(error)\n")
    run, took = stalled_resolver.run(sys.executable, "-c", script)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ("--dask tcp://scheduler.example.test:8786: cannot reach the Dask scheduler: "
                                  "looking up the host scheduler.example.test took longer than 2 s "
                                  "(the DNS resolver did not answer in time)")
    assert took < 15, f"took {took:.1f} s"
    assert "scheduler.example.test" in stalled_resolver.asked()


def test_a_webhook_whose_host_never_resolves_is_a_temporary_failure_naming_the_host(stalled_resolver: Namespace):
    script = ("import json; from briefs.deliver.push import post_json; "
              "a = post_json('wecom', 'https://hooks.example.test/cgi-bin/webhook/send?key=k', {}, 1.0); "
              "print(json.dumps([a.ok, a.reason, a.temporary]))")
    run, took = stalled_resolver.run(sys.executable, "-c", script)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [False, "looking up the host hooks.example.test took longer than 1 s "
                                             "(the DNS resolver did not answer in time)", True]
    assert took < 10, f"took {took:.1f} s"
    assert "hooks.example.test" in stalled_resolver.asked()

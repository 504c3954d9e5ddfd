"""Every TCP connection zhbrief opens itself — feeds, article pages, webhooks, SMTP — starts here: a host
name lookup that gives up, then the connect.

A socket timeout bounds the connect and each read, but not getaddrinfo, which waits as long as the C
resolver does (5 s × attempts × name servers × search domains by default, for ever under some NSS
setups): a resolver that never answers would hold the cron job. `lookup` runs getaddrinfo in a daemon
thread and stops waiting after the connection's own timeout, or at its `Deadline`, whichever comes
first; the thread is left to end when the C resolver gives up.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar

from briefs.deadline import Deadline

LOOKUP_TIMEOUT = 30.0  # seconds, for a connection opened without a timeout of its own

T = TypeVar("T")
AddressInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str, tuple[Any, ...]]


class LookupTimeout(TimeoutError):
    """The resolver did not answer in time; says which host, and how long it was given."""

    def __init__(self, host: str, seconds: float) -> None:
        shown = max(round(seconds, 1), 0.1)  # what is left of a deadline: 0.997 s is said as 1 s
        super().__init__(f"looking up the host {host} took longer than {shown:g} s "
                         "(the DNS resolver did not answer in time)")
        self.host = host
        self.seconds = seconds


def _numeric(host: str) -> bool:
    try:
        ipaddress.ip_address(host.partition("%")[0])  # fe80::1%eth0: a scoped IPv6 address
    except ValueError:
        return False
    return True


def within(seconds: float, call: Callable[[], T]) -> T | None:
    """`call()` in a daemon thread; its result (or its exception, raised here), or None when it has not
    returned after `seconds`: for a wait no socket timeout can cut (a lookup, a library's whole call).
    The thread is left to finish on its own; being a daemon, it never holds up the exit."""
    outcome: list[Any] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # noqa: BLE001 — handed to the waiting caller
            outcome.append(error)
        finally:
            done.set()

    threading.Thread(target=run, name="zhbrief-bounded", daemon=True).start()
    if not done.wait(max(seconds, 0.0)):
        return None
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]  # type: ignore[no-any-return]


def lookup(host: str, port: int, seconds: float) -> list[AddressInfo]:
    """getaddrinfo for a TCP connection to host:port, waiting at most `seconds`; raises LookupTimeout, or
    socket.gaierror as getaddrinfo does (unknown host)."""
    if _numeric(host):  # an address: getaddrinfo answers at once, no resolver asked
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    found = within(seconds, lambda: socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
    if found is None:
        raise LookupTimeout(host, seconds)
    return found


def local_hostname(seconds: float) -> str:
    """What smtplib greets a server with (EHLO): this machine's fully qualified name, else its address as
    a domain literal. smtplib looks both up without a bound, after connecting; here the lookups get
    `seconds`, then the greeting falls back to smtplib's own last resort, [127.0.0.1]."""

    def find() -> str:
        fqdn = socket.getfqdn()
        if "." in fqdn:
            return fqdn
        try:
            return f"[{socket.gethostbyname(socket.gethostname())}]"
        except OSError:
            return "[127.0.0.1]"

    return within(seconds, find) or "[127.0.0.1]"


def connect(address: tuple[str, int], timeout: Any = None, source_address: Any = None, *,
            deadline: Deadline | None = None) -> socket.socket:
    """socket.create_connection, with the lookup bounded by `timeout` (and by what is left of `deadline`,
    which then watches the socket)."""
    host, port = address
    if not isinstance(timeout, (int, float)):  # None or socket._GLOBAL_DEFAULT_TIMEOUT
        timeout = socket.getdefaulttimeout()
    wait = LOOKUP_TIMEOUT if timeout is None else timeout
    if deadline is not None:
        wait = min(wait, deadline.remaining())
    errors: list[OSError] = []
    for family, kind, proto, _, sockaddr in lookup(host, port, wait):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            errors.append(error)
            continue
        return deadline.watch(sock) if deadline is not None else sock
    if not errors:
        raise OSError(f"no address found for {host}")
    raise errors[0]  # as socket.create_connection: the first address's failure says the most


def _bounded(base: type[http.client.HTTPConnection], deadline: Deadline | None) -> type[http.client.HTTPConnection]:
    """`base` that connects through `connect` (the lookup bounded; the socket watched by `deadline`)."""

    class Bounded(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = lambda address, timeout=None, source_address=None: connect(
                address, timeout, source_address, deadline=deadline)

    return Bounded


class HTTPHandler(urllib.request.HTTPHandler):
    """urllib's http: handler over `connect`; build openers with these two instead of urlopen."""

    def __init__(self, deadline: Deadline | None = None) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_bounded(http.client.HTTPConnection, self.deadline), req)


class HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline | None = None) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_bounded(http.client.HTTPSConnection, self.deadline), req,
                            context=self._context)  # type: ignore[attr-defined]


def opener(deadline: Deadline | None = None, *handlers: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
    """urllib's default opener (proxies from the environment included), its connections through `connect`."""
    return urllib.request.build_opener(HTTPHandler(deadline), HTTPSHandler(deadline), *handlers)

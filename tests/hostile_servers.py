"""Real loopback servers that misbehave, for the hardening tests: an HTTP server that trickles one byte at a
time or streams without end, and an SMTP server that trickles its greeting or echoes the login token; and an
HTTP server that answers each path from a table the test fills (`route_table`).

Each runs on 127.0.0.1 on a free port, one thread per connection, and stops (closing every connection)
when its `with` block ends, so no test can hang on it."""
from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Handler = Callable[[socket.socket, threading.Event], None]
Routes = dict[str, tuple[int, dict[str, str], bytes]]  # path (without its query) -> status, headers, body


@contextmanager
def route_table() -> Iterator[tuple[str, Routes]]:
    """A real HTTP server on 127.0.0.1 answering each path from a table the test fills: (status, headers,
    body); 404 for any other path. Yields its base URL and the table."""
    routes: Routes = {}

    class Answer(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 — http.server's name
            path = self.path.split("?", 1)[0]
            if path not in routes:
                self.send_error(404)
                return
            status, headers, body = routes[path]
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass  # the client hung up on a body it refused (too big): no traceback in the next test's stderr

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(handler: Handler) -> Iterator[int]:
    """Run `handler(connection, stop)` for every connection to the yielded port until the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    stop = threading.Event()
    threads: list[threading.Thread] = []
    connections: list[socket.socket] = []

    def one(connection: socket.socket) -> None:
        try:
            handler(connection, stop)
        except OSError:
            pass  # the client hung up: that is what these servers are for
        finally:
            connection.close()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            connections.append(connection)
            thread = threading.Thread(target=one, args=(connection,), daemon=True)
            threads.append(thread)
            thread.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        acceptor.join(5)
        listener.close()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in threads:
            thread.join(5)


def read_request(connection: socket.socket) -> bytes:
    """The request head (up to the blank line), bounded."""
    connection.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def trickle(data: bytes, interval: float) -> Handler:
    """An HTTP handler that sends `data` one byte every `interval` seconds, from the status line on."""

    def handler(connection: socket.socket, stop: threading.Event) -> None:
        read_request(connection)
        for byte in data:
            if stop.wait(interval):
                return
            connection.sendall(bytes([byte]))

    return handler


def endless(head: bytes, chunk: bytes) -> Handler:
    """An HTTP handler that sends `head`, then `chunk` again and again as fast as the client reads."""

    def handler(connection: socket.socket, stop: threading.Event) -> None:
        read_request(connection)
        connection.sendall(head)
        while not stop.is_set():
            connection.sendall(chunk)

    return handler


def smtp_trickling_greeting(interval: float) -> Handler:
    """An SMTP server that never finishes its 220 greeting: one byte every `interval` seconds."""
    greeting = b"220 " + b"slow" * 10_000

    def handler(connection: socket.socket, stop: threading.Event) -> None:
        for byte in greeting:
            if stop.wait(interval):
                return
            connection.sendall(bytes([byte]))

    return handler


def smtp_echoing_auth() -> Handler:
    """An SMTP server that refuses every login and quotes the client's AUTH line back in its 535 reply."""

    def handler(connection: socket.socket, stop: threading.Event) -> None:
        connection.settimeout(5)
        reader = connection.makefile("rb")
        connection.sendall(b"220 echo.test ESMTP\r\n")
        while not stop.is_set():
            line = reader.readline(4096)
            if not line:
                return
            command = line.strip()
            verb = command.split(b" ", 1)[0].upper()
            if verb in (b"EHLO", b"HELO"):
                connection.sendall(b"250-echo.test\r\n250 AUTH PLAIN\r\n")
            elif verb == b"AUTH":
                connection.sendall(b"535 5.7.8 bad credentials in " + command + b"\r\n")
            elif verb == b"QUIT":
                connection.sendall(b"221 bye\r\n")
                return
            else:
                connection.sendall(b"250 ok " + command + b"\r\n")

    return handler

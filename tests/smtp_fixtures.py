"""Real SMTP servers on 127.0.0.1 for the mail tests: aiosmtpd on a free port, plain, STARTTLS or SMTPS,
with optional AUTH, and a handler that records what arrived and can answer 4xx/5xx on cue."""
from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str | None
    tls: bool


@dataclass
class RecordingHandler:
    """Stores each accepted message; `refuse` maps an address to its RCPT reply, `data_replies` are
    answered to the first DATA commands (e.g. two 451s) before messages are accepted."""

    refuse: dict[str, str] = field(default_factory=dict)
    data_replies: list[str] = field(default_factory=list)
    messages: list[Received] = field(default_factory=list)
    greetings: int = 0
    data_attempts: int = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_attempts += 1
        if self.data_replies:
            return self.data_replies.pop(0)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        # session.ssl is set by STARTTLS only; an SMTPS connection shows on the transport.
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content,
                                      login, tls))
        return "250 Message accepted for delivery"


class _FreePortController(Controller):
    """Binds port 0 and learns the port the kernel chose, so parallel runs never collide."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_server(handler: RecordingHandler, **smtp_options) -> Iterator[Controller]:
    controller = _FreePortController(handler, hostname="127.0.0.1", port=0, server_hostname="mail.test",
                                     **smtp_options)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def server_tls_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return check


def free_port_with_nothing_listening() -> int:
    """A port that refuses connections: bound, then closed, never listened on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

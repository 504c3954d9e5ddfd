"""`zhbrief mail`: send a brief as email-safe HTML with the brief attached, or write the .eml."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from briefs.deliver.outline import html_of
from briefs.errors import BriefError, UsageError
from briefs.deliver.mail import (
    EXIT_PARTIAL,
    PASSWORD_ENV,
    add_mail_arguments,
    build_message,
    mail_options_from_args,
    markdown_sibling,
    password_from_env,
    send_message,
    write_eml,
)

EPILOG = f"""\
examples:
  {PASSWORD_ENV}=... zhbrief mail briefs-out/2026-11-25.html --to a@example.com --to b@example.com \\
      --smtp smtp.example.com:587 --starttls --user me@example.com
  zhbrief mail briefs-out/2026-11-25.html --to a@example.com --eml out.eml   # write, don't send
  zhbrief mail briefs-out/2026-11-25.html --config zhbrief.toml              # settings from [mail]

config file ([mail] table; flags override it, the password is never read from it):
  [mail]
  smtp = "smtp.example.com:587"
  starttls = true
  user = "me@example.com"
  from = "简报 <me@example.com>"
  to = ["a@example.com", "b@example.com"]

exit status:
  0  every recipient accepted the message (or the .eml was written)
  1  nothing was delivered: bad address or header, server down, login refused, permanent 5xx reply,
     or temporary failures that outlasted --retries
  2  flags that cannot work together
  {EXIT_PARTIAL}  partially delivered: the server refused some recipients (named on stderr),
     the others received the brief
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "mail",
        help="send a brief as email-safe HTML with the brief attached, or write the .eml",
        description=(
            "Mail a brief: its plain text made from its HTML (headings as 【…】 lines, links inline) and its\n"
            "HTML with the CSS inlined, as alternatives, plus the brief attached as a file (--attach-md: its\n"
            ".md too). Sends over SMTP (plain, STARTTLS or implicit TLS, verifying the server's certificate)\n"
            "or writes an .eml file."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("brief", type=Path,
                        help="the brief's .html file, e.g. briefs-out/2026-11-25.html (its .md: the .html beside it)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML file whose [mail] table sets defaults")
    add_mail_arguments(parser)
    parser.set_defaults(run=run)


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _stderr(line: str) -> None:
    print(f"zhbrief: {line}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    now = datetime.now().astimezone()  # the edge: the library never reads the clock or the environment
    env = os.environ
    from briefs.config import load_config  # the project's one config reader (validates every table)

    config = {"mail": dict(load_config(args.config).mail)}
    options = mail_options_from_args(args, config, env=env, config_source=str(args.config))
    # The digest writes DATE.md beside DATE.html, and `zhbrief push` takes either: the HTML is what is mailed.
    brief: Path = html_of(args.brief) if args.brief.suffix.lower() == ".md" else args.brief
    if not brief.is_file():
        hint = f" (the digest writes it next to {args.brief.name})" if brief != args.brief else ""
        raise BriefError(f"{brief}: no such brief file{hint}")
    eml: Path | None = args.mail_eml
    if eml is not None and any(_same_file(eml, p) for p in (brief, markdown_sibling(brief))):
        raise UsageError(f"--eml {eml} would overwrite the brief; choose another file name")

    message = build_message(brief, options, now=now)
    if options.attach_markdown and not markdown_sibling(brief).is_file():
        _stderr(f"note: no {markdown_sibling(brief).name} next to the brief; attaching the HTML only")

    if eml is not None:
        write_eml(message, eml)
        print(f"wrote {eml}: “{message['Subject']}” for {len(options.envelope_recipients)} recipient(s)")
        return 0

    report = send_message(message, options, password=password_from_env(options, env), notify=_stderr)
    print(f"sent “{message['Subject']}” via {report.server} to {', '.join(report.delivered)}")
    for address, reason in report.refused:
        _stderr(f"not delivered to {address}: the server answered {reason}")
    return EXIT_PARTIAL if report.refused else 0

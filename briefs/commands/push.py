"""`zhbrief push`: send a brief the digest wrote to WeCom, DingTalk and Feishu group bots (or any Apprise
service), split to each platform's size limit, once per target and date.

Thin shell: flags and the config's [[push]] tables become one PushOptions, `briefs.deliver.push.push`
does the work, and this module prints one line per target and the exit status.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from briefs.errors import UsageError

EXIT_FAILED_TARGETS = 3

DESCRIPTION = """\
Push a brief written by `zhbrief digest` (DATE.md or DATE.html; the HTML is read) to chat-group bots:
企业微信 (WeCom) and 钉钉 (DingTalk) as Markdown, 飞书 (Feishu) as rich text, anything else Apprise supports.

A brief larger than a platform's limit (WeCom 4,096 bytes of Markdown, DingTalk 20,000 bytes, Feishu 20 KB
a request) is split between themes and items into numbered messages (1/3, 2/3, …), never truncated;
messages are paced to each platform's rate limit. What each target received is recorded in the store
(the brief's folder's zhbrief.sqlite3), so running the same push again sends nothing (--resend does)."""

EPILOG = f"""\
examples:
  zhbrief push briefs-out/2026-11-25.md --to wecom:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY
  ZHBRIEF_DINGTALK_SECRET=SEC… zhbrief push briefs-out/2026-11-25.md --to dingtalk:https://oapi.dingtalk.com/robot/send?access_token=TOKEN
  zhbrief push briefs-out/2026-11-25.md --config zhbrief.toml --link-base https://briefs.example.cn/
  zhbrief push briefs-out/2026-11-25.md --to team-feishu --config zhbrief.toml --resend

config file ([[push]] tables; see zhbrief.example.toml):
  [[push]]
  name = "team-wecom"
  kind = "wecom"                      # wecom, dingtalk, feishu or apprise
  url_env = "ZHBRIEF_WECOM_URL"       # or url = "https://…" (the webhook URL holds the bot's key)
  # secret_env = "ZHBRIEF_FEISHU_SECRET"  # DingTalk/Feishu signing secret, or secret = "…"

exit status:
  0   every target has the brief (sent now or earlier)
  1   nothing was sent: the brief cannot be read, a bad config, a target's environment variable unset
  2   flags that cannot work together, or no target
  {EXIT_FAILED_TARGETS}   some targets failed (each named on stderr with the platform's errcode/errmsg)
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from briefs.deliver.push import add_push_arguments

    parser = subparsers.add_parser(
        "push",
        help="push a brief to WeCom, DingTalk and Feishu group bots (or any Apprise service)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("brief", type=Path, metavar="BRIEF", help="DATE.md or DATE.html written by zhbrief digest")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML file with [[push]] tables and [feed] link_base")
    parser.add_argument("--store", type=Path, metavar="FILE",
                        help="where deliveries are recorded (default: the digest's zhbrief.sqlite3, next to the brief "
                             "or, for a watchlist's brief, in the folder above)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only (for cron)")
    add_push_arguments(parser, flag="--to")
    parser.set_defaults(run=run)


def _stderr(line: str) -> None:
    print(f"zhbrief: {line}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from briefs.config import load_config
    from briefs.deliver.outline import read_outline
    from briefs.deliver.policy import SystemClock
    from briefs.deliver.push import brief_link, describe, push, push_options
    from briefs.digest.job import STORE_NAME
    from briefs.digest.store import Store

    config = load_config(args.config)
    options = push_options(args, config, os.environ)
    if options is None:
        raise UsageError("no push target: pass --to KIND:URL (wecom, dingtalk, feishu, apprise) "
                         "or --config with [[push]] tables")
    outline = read_outline(args.brief)
    folder = args.brief.parent
    if outline.watchlist and folder.name == outline.watchlist and (folder.parent / STORE_NAME).is_file():
        folder = folder.parent  # OUT/NAME/DATE.md: the digest records its pushes in OUT's store
    store_path = args.store or folder / STORE_NAME
    with Store(store_path) as store:
        reports = push(outline, options.targets, store=store, clock=SystemClock(), policy=options.policy,
                       link=brief_link(options.link_base, outline.html_name), resend=options.resend,
                       notify=_stderr)
    failed = [r for r in reports if not r.ok]
    for report in reports:
        if report.ok and not args.quiet:
            print(describe(report, outline.date))
        elif not report.ok:
            _stderr(f"error: push to {report.target.label} failed: {report.error}")
    if failed:
        _stderr(f"{len(failed)} of {len(reports)} target(s) failed: {', '.join(r.target.label for r in failed)}")
        return EXIT_FAILED_TARGETS
    return 0

"""The `zhbrief` command line: a thin shell that dispatches to one module per subcommand."""
from __future__ import annotations

import argparse
import importlib
import sys

from briefs.commands.output import StdoutError, guard
from briefs.errors import BriefError

# name -> (module under briefs.commands, one-line help). Modules load only when their command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "summarize": ("summarize", "key sentences of one article, section by section, with themes"),
    "digest": ("digest", "the day's articles as one dated brief, organised by theme"),
    "watch": ("watch", "try a config's [[watchlists]] on articles: which match, and by which terms"),
    "mail": ("mail", "send a brief as email-safe HTML with the brief attached, or write the .eml"),
    "push": ("push", "push a brief to WeCom, DingTalk and Feishu group bots (or any Apprise service)"),
    "eval": ("evaluate", "ROUGE and speed of zhbrief and its peers on a JSONL data set"),
}


def _release() -> str:
    """The installed release, from the package's metadata (what `pip show zhbrief` says)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zhbrief")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


class _Version(argparse.Action):
    """--version: the release is looked up only when asked for (reading the package metadata costs every
    other command ~15 ms of its start)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"zhbrief {_release()}")  # to stdout, as argparse's own version action prints
        parser.exit()


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhbrief",
        description="Key sentences of Chinese news, section by section, and a daily brief.",
        epilog="Run 'zhbrief COMMAND --help' for a command's flags and an example.",
    )
    parser.add_argument("--version", action=_Version, help="show the installed release and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, help_text) in COMMANDS.items():
        if name == wanted:
            importlib.import_module(f"briefs.commands.{module}").register(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    guard()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr if args.command is None else sys.stdout)
        return 2 if args.command is None else 0
    try:
        status = int(args.run(args) or 0)
        sys.stdout.flush()  # a full disk shows here when the output was buffered
        return status
    except BriefError as error:
        if isinstance(error, StdoutError):
            sys.stdout = sys.__stdout__  # silenced: nothing more to say there
        print(f"zhbrief: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("zhbrief: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `zhbrief ... | head`: the reader went away; that is not an error of ours.
        sys.stderr.close()
        return 0

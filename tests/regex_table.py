"""summarize/data/regex_programs.marshal: the engine's regular expressions, compiled (see summarize/regex.py).

    python -m tests.regex_table --write    # after editing an engine pattern (tests/test_regex.py checks it)

The table holds every pattern the engine compiles through `summarize.regex.compile`: its modules' own
and those of the reading and rendering modules a summary imports (`reader_modules`), its gated patterns
(compiled here although an article compiles one only where it holds one of its words) and those made on
first use (the script detector's character sets).
"""
from __future__ import annotations

import argparse
import gc
import marshal
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "summarize" / "data" / "regex_programs.marshal"


def reader_modules() -> list[str]:
    """The product's modules that compile their patterns through summarize.regex (those a summary imports:
    the reader, the renderer, the digest composer), found by their import of it."""
    root = DATA.parent.parent.parent
    return sorted(
        ".".join(path.relative_to(root).with_suffix("").parts)
        for path in (root / "briefs").rglob("*.py")
        if "from summarize import regex" in path.read_text(encoding="utf-8")
    )


def engine_patterns() -> list[tuple[str, int]]:
    """Every (pattern, flags) the engine and `reader_modules` compile through summarize.regex, in the order they do."""
    import importlib

    import summarize
    from summarize import regex
    from summarize.gated import Needs

    for module in reader_modules():
        importlib.import_module(module)

    # Patterns compiled on first use: a Simplified and a Traditional article make them (the first with a
    # subheading: a section's heading is read for its theme's words).
    summarize.summarize("# 新品\n\n## 发布\n\n公司今天发布了新一代芯片，性能提升一倍。\n\n这款芯片将用于数据中心。")
    summarize.summarize("公司今天發佈了新一代晶片，效能提升一倍。這款晶片將用於資料中心。")
    for needs in [o for o in gc.get_objects() if isinstance(o, Needs)]:
        needs.pattern  # noqa: B018 - compiles it, through summarize.regex
    return list(regex.asked)


def table() -> tuple[str, dict]:
    from summarize.regex import RELEASE, program

    return RELEASE, {key: program(*key) for key in sorted(engine_patterns())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {DATA.name}")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when {DATA.name} is not what this writes")
    args = parser.parse_args(argv)
    wanted = table()
    blob = marshal.dumps(wanted)
    if args.write:
        DATA.write_bytes(blob)
    elif args.check and (not DATA.exists() or marshal.loads(DATA.read_bytes()) != wanted):  # the content, not
        # the bytes: marshal's bytes depend on how many references each object had when it was written
        print(f"{DATA} is out of date: python -m tests.regex_table --write", file=sys.stderr)
        return 1
    print(f"{len(blob) // 1024} KB{' written' if args.write else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

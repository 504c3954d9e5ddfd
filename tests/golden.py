"""Golden summaries: zhbrief's JSON summary of every article the repository ships, pinned byte for byte.

Each case is one article from `samples/inbox/` (the .txt, .md, .html and .json pages and every line of
wire.jsonl) or `tests/fixtures/*.txt`, summarized with the default options and with a 60-character
budget, and rendered exactly as `zhbrief summarize FILE --format json [--budget 60]` prints it. The feeds
are left to the brief's goldens (`tests/golden_brief.py`): `zhbrief summarize` does not read feeds.
Shared data is never used here.

    python -m tests.golden           # compare; print a diff for every change; exit 1 if any
    python -m tests.golden --write   # regenerate (`make golden`), on purpose only: review the git diff
"""
from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefs.model import Document
from briefs.reading.read import document_from_record, parse_json, read_path
from briefs.render import render_summary
from summarize import SummaryOptions, summarize

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "summaries"
SOURCES = ("samples/inbox", "tests/fixtures")
ARTICLE_SUFFIXES = {"samples/inbox": (".txt", ".md", ".html", ".json"), "tests/fixtures": (".txt",)}
VARIANTS: dict[str, SummaryOptions] = {"default": SummaryOptions(), "budget60": SummaryOptions(budget=60)}
HINT = "run make golden if this change is intended, and review the diff of tests/golden/summaries/"


@dataclass(frozen=True)
class Case:
    name: str  # file name under tests/golden/summaries/
    document: Document
    options: SummaryOptions


def documents() -> Iterator[tuple[str, Document]]:
    """(stem for the golden's name, document) for every article, read as `zhbrief summarize` reads it."""
    for source in SOURCES:
        prefix = Path(source).name
        for path in sorted((ROOT / source).iterdir()):
            relative = path.relative_to(ROOT).as_posix()  # the origin a user at the repo root would see
            if path.suffix in ARTICLE_SUFFIXES[source] and path.name != "README.md":
                yield f"{prefix}-{path.stem}", read_path(relative)
            elif path.suffix == ".jsonl":
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                    if line.strip():
                        document = document_from_record(parse_json(line, f"{relative}:{number}"), f"{relative}:{number}")
                        yield f"{prefix}-{path.stem}-{document.id or number}", document


def cases() -> list[Case]:
    return [
        Case(f"{stem}.{variant}.json", document, options)
        for stem, document in documents()
        for variant, options in VARIANTS.items()
    ]


def render(case: Case) -> str:
    summary = summarize(case.document.text, title=case.document.title, options=case.options)
    return render_summary(summary, "json", origin=case.document.origin, document=case.document)


def diff(case: Case, actual: str) -> str | None:
    """None when the pinned file holds `actual`; otherwise a unified diff and what to do."""
    path = GOLDEN / case.name
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if expected == actual:
        return None
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"tests/golden/summaries/{case.name} (pinned)" if path.exists() else "(no pinned file)",
        tofile=f"{case.name} (zhbrief now)",
    )
    return "".join(lines) + f"\n{HINT}\n"


def stale(all_cases: list[Case]) -> list[Path]:
    """Pinned files no case produces any more (an article was renamed or removed)."""
    wanted = {case.name for case in all_cases}
    return sorted(p for p in GOLDEN.glob("*.json") if p.name not in wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate the pinned summaries")
    args = parser.parse_args(argv)
    all_cases = cases()
    if args.write:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        changed = 0
        for case in all_cases:
            actual = render(case)
            path = GOLDEN / case.name
            if not path.exists() or path.read_text(encoding="utf-8") != actual:
                path.write_text(actual, encoding="utf-8")
                changed += 1
        for path in stale(all_cases):
            path.unlink()
            changed += 1
        print(f"tests/golden/summaries: {len(all_cases)} summaries, {changed} files written or removed")
        return 0
    failures = [text for case in all_cases if (text := diff(case, render(case))) is not None]
    failures += [f"{p.relative_to(ROOT)}: no article produces it any more; {HINT}\n" for p in stale(all_cases)]
    sys.stdout.write("".join(failures))
    print(f"tests/golden/summaries: {len(all_cases)} summaries, {len(failures)} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

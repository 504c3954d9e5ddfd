"""Traditional renderings against their Simplified originals: does the engine read them the same way?

    python bench/script_agreement.py --data ../shared/data/nlpcc2017_dev.jsonl [--budget 60] [--show 5]

Every article is converted with OpenCC s2tw (Taiwan) and s2hk (Hong Kong) at run time (converted text is
never stored) and summarized with the default options. Printed per conversion: the share of renderings
whose sections (heading positions), themes and chosen sentence positions are exactly the Simplified
original's (issue 9's target: >= 95%), the share whose keywords are the original's (compared in
Simplified), and the share that keep their script: every shown string — title, headings, sentences,
keywords — is a piece of the rendering as written (target: 100%). Not a test: a figure for the README.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable from a checkout without installing

from summarize import SummaryOptions, summarize  # noqa: E402
from summarize.model import Summary  # noqa: E402
from summarize.script import to_simplified  # noqa: E402


def reading(summary: Summary) -> tuple[object, ...]:
    """What must not depend on the script: section layout, themes, chosen positions."""
    layout = tuple((section.heading is not None, section.theme.key, tuple(s.index for s in section.sentences))
                   for section in summary.sections)
    sentence_sections = tuple(s.section for s in summary.candidates)
    return layout, sentence_sections


def shown(summary: Summary) -> list[str]:
    strings = [summary.title or ""] + [s.heading or "" for s in summary.sections]
    return strings + [s.text for s in summary.candidates] + list(summary.keywords)


def in_order(string: str, source: str) -> bool:
    """Is `string` the source less some characters? (Sentences lose noise inside a line and spaces at cuts.)"""
    characters = iter(source)
    return all(character in characters for character in string)


def as_written(summary: Summary, text: str) -> bool:
    """Analysed as Traditional, and every shown string made of the rendering's own characters, in order."""
    return summary.script == "traditional" and all(in_order(string, text) for string in shown(summary))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--budget", type=int, default=None, help="also apply a character budget (default: none)")
    parser.add_argument("--show", type=int, default=3, help="print this many disagreements per conversion")
    args = parser.parse_args()

    import opencc

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    options = SummaryOptions(budget=args.budget)
    originals = [summarize(row["text"], options=options) for row in rows]
    for config in ("s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        same = same_keywords = kept_script = shown_differences = 0
        for row, original in zip(rows, originals):
            text = converter.convert(row["text"])
            summary = summarize(text, options=options)
            if reading(summary) == reading(original):
                same += 1
            elif shown_differences < args.show:
                shown_differences += 1
                print(f"  {config} {row['id']}: {reading(original)[0]} became {reading(summary)[0]}")
            if tuple(map(to_simplified, summary.keywords)) == tuple(map(to_simplified, original.keywords)):
                same_keywords += 1
            kept_script += as_written(summary, text)
        n = len(rows)
        print(f"{config}: {n} articles; same sections, themes and picks {same / n:.1%} ({same}); "
              f"same keywords {same_keywords / n:.1%}; script kept {kept_script / n:.1%} ({kept_script})")


if __name__ == "__main__":
    main()

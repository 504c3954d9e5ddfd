"""Held-out figures for zhbrief's picks: each quarter of the labelled articles scored by the engine with a
keepable model and a theme model trained on the other three quarters (the README's "cross-validated" rows).

    .venv/bin/python training/nlpcc_labels.py expand training/labels/nlpcc_extra.jsonl /tmp/extra.jsonl
    .venv/bin/python training/crossval_picks.py ../shared/data/themes_dev.jsonl ../shared/data/themes_realpages_dev.jsonl /tmp/extra.jsonl \
        --unseen /tmp/general.jsonl /tmp/more.jsonl \
        --theme-labels ../shared/data/themes_dev.jsonl ../shared/data/themes_realpages_dev.jsonl

`--unseen`: files expanded from training/labels/nlpcc_general.jsonl and nlpcc_more.jsonl, scored, never
trained on. `--theme-labels`: the files the theme model's folds are fitted on; the shipped theme model is
fitted on the editor's two files only (training/train_themes.py's command), the keepable models on all
three, so this command's figures are those of the models as they ship. Without it the theme folds are
fitted on every file of `labels`, as they were for the figures before 8 December.

The quarters are train_keepable.py's (CRC-32 of the article id, `held_out`); the models are fitted as
`train_keepable.py` fits them (keep and junk) and as `train_themes.py` fits the theme model (its default
settings), and put in place in memory only: the shipped models are not touched. Without the theme model
held out, the digest's figures would be those of articles the theme model has seen. Prints, per label
file and for all together, the editor roles of the picks (2 a section), the section and sentence themes
right, and the digest's theme items over each held-out quarter (four smaller digests).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import numpy as np  # noqa: E402
import train_keepable  # noqa: E402
import train_themes  # noqa: E402
from briefs.evaluation.labels import evaluate_labels, read_labels  # noqa: E402
from summarize import keepable, themes  # noqa: E402
from summarize.keepable import DENSE  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="+")
    parser.add_argument("--unseen", type=Path, nargs="*", default=[],
                        help="label files scored the same way but never trained on (nlpcc_general, nlpcc_more)")
    parser.add_argument("--theme-labels", type=Path, nargs="+",
                        help="fit the theme model's folds on these label files only (default: the labels); the "
                             "shipped theme model is fitted on themes_dev.jsonl and themes_realpages_dev.jsonl")
    parser.add_argument("--picks", type=Path, help="also write every held-out pick here, a line each: file, article, role, theme, text")
    parser.add_argument("--sections", type=Path, help="also write every held-out section's call here: file, article, section, editor's theme, zhbrief's")
    parser.add_argument("--digest", type=Path, help="also write every held-out digest theme item here: file, digest section, article, role, theme, text")
    args = parser.parse_args()
    files = {path.name: read_labels(path) for path in [*args.labels, *args.unseen]}
    roles: dict[str, Counter[str]] = {name: Counter() for name in files}
    digest: dict[str, list[int]] = {name: [0, 0, 0] for name in files}  # items, carrying, junk
    themed: dict[str, list[int]] = {name: [0, 0, 0, 0] for name in files}  # sections right, of, sentences right, of
    theme_articles = train_themes.read_articles(args.theme_labels or args.labels)
    theme_data = [train_themes.article_data(a) for a in theme_articles]
    picks: list[str] = []
    calls: list[str] = []
    listed: list[str] = []
    labelled = train_keepable.rows(args.labels)  # the rows do not depend on the fold; which are held out does
    for fold in range(4):
        train_keepable.FOLD = fold
        part = [r for r in labelled if not train_keepable.held_out(r["article"])]
        w, junk = train_keepable.train(part), train_keepable.train_junk(part)
        weights = ((w[: len(DENSE)], w[len(DENSE):]), (junk[: len(DENSE)], junk[len(DENSE):]))
        seen = [d for a, d in zip(theme_articles, theme_data) if not train_keepable.held_out(str(a["id"]))]
        theme_model = train_themes.fit(np.vstack([x for x, _ in seen]), np.concatenate([y for _, y in seen]), train_themes.L2, prior=train_themes.PRIOR)
        original, original_themes = keepable._models, themes.load_model
        keepable._models = lambda: weights  # in memory only
        themes.load_model = lambda: theme_model
        try:
            for name, articles in files.items():
                held = [a for a in articles if train_keepable.held_out(a.id)]
                if not held:
                    continue
                report = evaluate_labels(held, baselines=())
                calls.extend(f"{name}\t{article}\t{n}\t{theirs}\t{ours}" for article, n, theirs, ours in report.section_calls)
                picks.extend(f"{name}\t{article}\t{role}\t{theme}\t{text}" for article, role, theme, text in report.chosen)
                listed.extend(f"{name}\t{key}\t{article}\t{role}\t{theme}\t{text}" for key, article, role, theme, text in report.digest.listed)
                roles[name].update(report.roles["zhbrief"].counts)
                digest[name][0] += report.digest.items
                digest[name][1] += report.digest.carrying
                digest[name][2] += report.digest.roles.counts.get("junk", 0)
                for at, confusion in enumerate((report.section_themes, report.sentence_themes)):
                    themed[name][2 * at] += confusion.right
                    themed[name][2 * at + 1] += confusion.total
        finally:
            keepable._models, themes.load_model = original, original_themes
    if args.picks:
        args.picks.write_text("".join(line + "\n" for line in picks), encoding="utf-8")
    if args.sections:
        args.sections.write_text("".join(line + "\n" for line in calls), encoding="utf-8")
    if args.digest:
        args.digest.write_text("".join(line + "\n" for line in listed), encoding="utf-8")
    every: Counter[str] = Counter()
    for name in files:
        every.update(roles[name])
    for name, counts in [*roles.items(), ("all", every)]:
        total = sum(counts.values()) or 1
        line = f"{name:<32} picks {total:>4}  key {100 * counts['key'] / total:5.1f}%  key+ok {100 * (counts['key'] + counts['ok']) / total:5.1f}%  junk {100 * counts['junk'] / total:5.1f}%"
        if name in digest:
            items, carrying, junk = digest[name]
            line += f"  digest theme items {carrying}/{items} carrying, {junk} junk"
            sections, of, sentences, total = themed[name]
            line += f"  themes right: sections {sections}/{of}, sentences {100 * sentences / max(total, 1):.1f}%"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

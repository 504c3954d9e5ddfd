"""Where the engine's time goes: each step of `summarize.pipeline` timed over the dev set, one core.

    python bench/stages.py --data ../shared/data/nlpcc2017_dev.jsonl

A script that prints figures, not a test. The steps are called as the pipeline calls them (without
--explain); the last lines time the whole `summarize()` for comparison (their sum is a little lower: no
Summary is built), and `summarize_many()` over batches of 32, step by step, as `--jsonl` and `digest` run
it. Figures are CPU time of this process (time.process_time), so other work on the machine slows them less.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import summarize as engine  # first: sets the one-BLAS-thread default before numpy loads
from summarize.clean import clean_lines
from summarize.keywords import keywords
from summarize.pipeline import summarize_many
from summarize.keepable import keep_estimates
from summarize.rank import informativeness, rate_sentences
from summarize.roles import credited_captions, judge
from summarize.sections import split_sections
from summarize.segment import default_stopwords, segmenter, sentence_words
from summarize.select import Candidate, select
from summarize.sentences import split_sentences
from summarize.themes import lean_to_sections, section_themes, theme_sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/nlpcc2017_dev.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = [json.loads(line)["text"] for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    options = engine.SummaryOptions(budget=60)
    jieba, stopwords = segmenter(), default_stopwords()
    spent: dict[str, float] = {}

    def lap(step: str, started: float) -> float:
        now = time.process_time()
        spent[step] = spent.get(step, 0.0) + now - started
        return now

    for _ in range(args.repeat):
        for text in texts:
            t = time.process_time()
            _, sections = split_sections(clean_lines(text))
            t = lap("clean + sections", t)
            pieces = [(number, split_sentences(paragraph, options.max_sentence_chars))
                      for number, section in enumerate(sections) for paragraph in section.paragraphs]
            t = lap("split", t)
            sentences, section_of, verdicts, starts = [], [], [], set()
            said: dict[int, list[str]] = {}
            judged: dict[int, list] = {}
            for number, paragraph in pieces:
                said.setdefault(number, []).extend(paragraph)
                judged.setdefault(number, []).extend(judge(paragraph))
            for number in said:  # then a section's captions, known by the credit after them
                starts.add(len(sentences))
                for verdict in credited_captions(said[number], judged[number]):
                    sentences.append(verdict.text)
                    verdicts.append(verdict)
                    section_of.append(number)
            t = lap("roles (judge)", t)
            words = sentence_words(jieba, sentences, stopwords)
            t = lap("tag + words", t)
            by_section = [(section.heading, [s for s, n in zip(sentences, section_of) if n == number])
                          for number, section in enumerate(sections)]
            calls = theme_sentences(by_section, options.themes, explain=False)
            lean_to_sections(calls, section_of, section_themes(by_section, calls, options.themes), explain=False)
            t = lap("themes", t)
            if not sentences:
                continue
            factor, keep = keep_estimates(sentences, section_of, verdicts)
            prior = informativeness(sentences) * factor
            t = lap("keepable", t)
            scores, _, _ = rate_sentences(
                words, prior, frozenset(starts), frozenset(), damping=options.damping,
                position_weight=options.position_weight, position_decay=options.position_decay,
                title_weight=options.title_weight, window=options.max_graph_sentences,
            )
            t = lap("rank (BM25 + PageRank)", t)
            candidates = [Candidate(i, section_of[i], s, float(scores[i]), words.sets[i], verdicts[i], float(keep[i]))
                          for i, s in enumerate(sentences)]
            select(candidates, per_section=options.sentences_per_section, budget=options.budget,
                   redundancy=options.redundancy, duplicate_similarity=options.duplicate_similarity,
                   min_keep=options.min_keep, explain=False)
            t = lap("select", t)
            keywords(words, options.keywords, options.damping)
            lap("keywords", t)
        t = time.process_time()
        for text in texts:
            engine.summarize(text, options=options)
        t = lap("summarize() whole", t)
        for start in range(0, len(texts), 32):
            summarize_many([(text, None) for text in texts[start : start + 32]], options)
        lap("summarize_many() by 32", t)
    runs = args.repeat * len(texts)
    for step, seconds in spent.items():
        print(f"{step:<24} {seconds / runs * 1e3:7.3f} ms an article")
    return 0


if __name__ == "__main__":
    sys.exit(main())

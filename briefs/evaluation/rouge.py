"""Evaluation: character-level ROUGE of summarizers against reference summaries, and their speed.

Contract: `read_dataset` turns a JSONL file of `{"id", "text", "summary"}` lines into `Example`s;
`score_systems` runs every `System` over the same examples, cuts each output to the budget (the
NLPCC 2017 convention: at most 60 characters), and returns one `SystemScore` per system. Nothing
here prints; the `eval` command formats the figures.

ROUGE is the NLPCC 2017 variant: text is NFKC-normalised, then every whitespace character and every
character whose Unicode category starts with "P" (Pc Pd Ps Pe Pi Pf Po: ，。“”《》…— and also %) is
removed; symbols (S*: ¥ + × °), digits and letters stay. This reproduces the published lead figures of
../shared/data/README.md to the hundredth. Scores are per-article F1 of character unigrams, bigrams
(counts clipped to the reference) and the longest common subsequence, averaged over articles, ×100.
"""
from __future__ import annotations

import json
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefs.errors import BriefError

NORMALISATION = "NFKC; whitespace and Unicode punctuation (categories P*) removed"


@dataclass(frozen=True)
class Example:
    """One article of an evaluation set and its human reference summary."""

    id: str
    text: str
    summary: str


@dataclass(frozen=True)
class Rouge:
    """F1 (0–1) of character ROUGE-1, ROUGE-2 and ROUGE-L for one summary against one reference."""

    r1: float
    r2: float
    rl: float


@dataclass(frozen=True)
class System:
    """A summarizer under evaluation: a name for the table and text in, summary out."""

    name: str
    summarize: Callable[[str], str]


@dataclass(frozen=True)
class SystemScore:
    """One row of the evaluation table."""

    name: str
    articles: int
    r1: float  # mean F1 ×100
    r2: float
    rl: float
    seconds: float  # wall time producing all summaries (after one warm-up article)
    mean_chars: float  # mean length of the summaries after the budget cut


def normalize(text: str) -> str:
    """The characters ROUGE compares: NFKC, without whitespace or punctuation."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if not c.isspace() and not unicodedata.category(c).startswith("P")
    )


def _ngrams(text: str, n: int) -> Counter[str]:
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def _f1(overlap: int, candidate: int, reference: int) -> float:
    if overlap == 0:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: str, reference: str, n: int) -> float:
    """F1 of n-gram overlap; an n-gram counts at most as often as the reference has it."""
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum(min(count, ref[gram]) for gram, count in cand.items())
    return _f1(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence, bit-parallel over `b` (Crochemore et al. 2001).

    One big-integer step per character of `a`: O(len(a) · len(b) / 64) word operations, so a 60-char
    summary against a 10,000-char text costs microseconds, not a 600,000-cell table.
    """
    if not a or not b:
        return 0
    match: dict[str, int] = {}
    for position, char in enumerate(b):
        match[char] = match.get(char, 0) | (1 << position)
    mask = (1 << len(b)) - 1
    v = mask  # a zero bit marks where the LCS grew
    for char in a:
        u = v & match.get(char, 0)
        v = ((v + u) | (v - u)) & mask
    return len(b) - v.bit_count()


def rouge_l(candidate: str, reference: str) -> float:
    """F1 of the longest common subsequence."""
    return _f1(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge(candidate: str, reference: str) -> Rouge:
    """Character ROUGE-1/2/L F1 of a summary against a reference, after `normalize`."""
    cand, ref = normalize(candidate), normalize(reference)
    return Rouge(rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref))


def zhbrief(budget: int) -> System:
    """zhbrief as a user runs it for this task: default options with the character budget."""
    from summarize import SummaryOptions, summarize  # the engine loads only when it is measured

    options = SummaryOptions(budget=budget)
    return System("zhbrief", lambda text: summarize(text, options=options).summary)


def jsonl_objects(path: Path, what: str) -> list[tuple[int, dict]]:
    """Each non-blank line of a JSONL file as (line number, object); a clear error naming the file, and
    the line, for what cannot be read. `what` names the file's kind in that error ("labels")."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise BriefError(f"{path}: cannot read the {what} ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise BriefError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise BriefError(f"{path}:{number}: not a JSON object ({error.msg}, column {error.colno})") from error
        if not isinstance(row, dict):
            raise BriefError(f"{path}:{number}: expected a JSON object")
        rows.append((number, row))
    return rows


def read_dataset(path: Path, limit: int | None = None) -> list[Example]:
    """The examples of a JSONL file, in file order; the first `limit` when given."""
    examples: list[Example] = []
    for number, row in jsonl_objects(path, "data set"):
        if limit is not None and len(examples) >= limit:
            break
        if not isinstance(row.get("text"), str) or not isinstance(row.get("summary"), str):
            raise BriefError(f'{path}:{number}: expected {{"id", "text", "summary"}} with text and summary as strings')
        examples.append(Example(str(row.get("id", f"line-{number}")), row["text"], row["summary"]))
    if not examples:
        raise BriefError(f"{path}: no examples in the file")
    return examples


def run_system(system: System, texts: Sequence[str], budget: int) -> tuple[list[str], float]:
    """Every summary of `system`, cut to `budget` characters, and the seconds it took to make them.

    One summary is made first and not timed, so one-off loading (dictionaries, models) is not
    charged to the articles; only the calls to the system are timed, not the cutting or scoring.
    """
    if texts:
        system.summarize(texts[0])
    start = time.perf_counter()
    outputs = [system.summarize(text) for text in texts]
    seconds = time.perf_counter() - start
    return [output[:budget] for output in outputs], seconds


def score_outputs(name: str, outputs: Sequence[str], references: Sequence[str], seconds: float) -> SystemScore:
    """Mean ROUGE F1 ×100 of `outputs` against `references`, as one table row."""
    scores = [rouge(output, reference) for output, reference in zip(outputs, references, strict=True)]
    n = len(scores)

    def mean(values: Iterable[float]) -> float:
        return 100 * sum(values) / n if n else 0.0

    return SystemScore(
        name=name,
        articles=n,
        r1=mean(s.r1 for s in scores),
        r2=mean(s.r2 for s in scores),
        rl=mean(s.rl for s in scores),
        seconds=seconds,
        mean_chars=sum(len(o) for o in outputs) / n if n else 0.0,
    )


def score_systems(
    examples: Sequence[Example],
    systems: Sequence[System],
    budget: int,
    progress: Callable[[str], None] | None = None,
) -> list[SystemScore]:
    """Run each system over the examples and score it; rows in the order of `systems`."""
    texts = [e.text for e in examples]
    references = [e.summary for e in examples]
    rows = []
    for system in systems:
        if progress is not None:
            progress(system.name)
        outputs, seconds = run_system(system, texts, budget)
        rows.append(score_outputs(system.name, outputs, references, seconds))
    return rows

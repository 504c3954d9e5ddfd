"""Evaluation on editor labels: would an editor keep what zhbrief chose, and are its themes right?

Contract: `read_labels(path)` turns a label file (one article a line: `{"id", "sections": [{"section",
"heading", "section_theme", "sentences": [{"n", "text", "role", "theme"}]}]}`, see
../shared/data/README.md) into `LabelledArticle`s with each article's text found beside it;
`evaluate_labels(articles, peers)` runs zhbrief (default options), the named baselines and a digest
over the articles and returns a `LabelReport`. Nothing here prints; the `eval` command formats it.

A label belongs to a sentence as zhbrief split it when the labels were made; the splitter and the
cleaner move on, so a sentence is matched to its label by text: exact (after ROUGE's normalisation),
else the label with the best character overlap (Dice coefficient of the longest common subsequence).

Where an article's text comes from, in order: a `"text"` (and `"title"`) on the label line itself; the
NLPCC files beside the label file (`nlpcc2017_dev.jsonl`, any `nlpcc*.jsonl`, by `id`); the real pages' manifest
`../realpages/manifest.jsonl` (`id` is its `file`: `main_text` and `title`); a sample
`../samples/<id>.txt`, read as `zhbrief summarize` reads a file. Failing all of these, the text is
rebuilt from the labelled sentences themselves (each section's heading, then its sentences), as they
were cut from the article when it was labelled; the article says so (`rebuilt`) and `eval` names it.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from briefs.errors import BriefError
from briefs.evaluation.rouge import jsonl_objects, lcs_length, normalize

ROLES = ("key", "ok", "weak", "junk")
THEMES = ("breakthroughs", "deployment", "challenges", "other")
BASELINES = ("lead-2", "textrank4zh")
PER_SECTION = 2  # what zhbrief picks by default, and so what the baselines pick too


@dataclass(frozen=True)
class LabelledSentence:
    n: int
    text: str
    role: str  # key | ok | weak | junk
    theme: str  # breakthroughs | deployment | challenges | other
    section: int  # index of its labelled section within the article


@dataclass(frozen=True)
class LabelledSection:
    heading: str | None
    theme: str
    sentences: tuple[LabelledSentence, ...]


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    text: str
    title: str | None
    sections: tuple[LabelledSection, ...]
    rebuilt: bool = False  # no source text was found: `text` is the labelled sentences put back together

    @property
    def sentences(self) -> tuple[LabelledSentence, ...]:
        return tuple(s for section in self.sections for s in section.sentences)


@dataclass(frozen=True)
class Roles:
    """How many chosen sentences got each editor role."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, *roles: str) -> float:
        """Percentage of the chosen sentences with one of `roles` (0 when nothing was chosen)."""
        return 100 * sum(self.counts.get(r, 0) for r in roles) / self.total if self.total else 0.0


@dataclass(frozen=True)
class Confusion:
    """Editor theme (rows) against the system's theme (columns)."""

    cells: dict[tuple[str, str], int]

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def right(self) -> int:
        return sum(count for (truth, guess), count in self.cells.items() if truth == guess)

    @property
    def accuracy(self) -> float:
        return 100 * self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class DigestFigures:
    """The digest's theme sections (all but 其他) over the labelled articles."""

    items: int  # items listed under a theme other than 其他
    carrying: int  # of them, the ones whose editor theme is that section's theme
    roles: Roles  # editor roles of those items
    all_roles: Roles  # editor roles of every listed item, 其他 included
    listed: tuple[tuple[str, str, str, str, str], ...]  # (section theme, article id, role, theme, text)

    @property
    def carrying_share(self) -> float:
        return 100 * self.carrying / self.items if self.items else 0.0


@dataclass(frozen=True)
class LabelReport:
    articles: int
    sentences: int
    sections: int
    roles: dict[str, Roles]  # system name -> roles of its chosen sentences; zhbrief first
    section_themes: Confusion
    sentence_themes: Confusion
    digest: DigestFigures
    chosen: tuple[tuple[str, str, str, str], ...]  # zhbrief's picks: (article id, role, theme, text)
    # every labelled section: (article id, section number, the editor's theme, zhbrief's theme)
    section_calls: tuple[tuple[str, int, str, str], ...] = ()
    # zhbrief's junk picks that are a junk-labelled sentence with its glued front stripped: the label
    # judged the glued text, so they count as junk here; said apart so a reader can weigh them.
    stripped_junk: int = 0


# --- reading -----------------------------------------------------------------------------------------


class _Texts:
    """Finds an article's (text, title) by id in the places ../shared keeps them; each file read once."""

    def __init__(self, labels: Path) -> None:
        self.folder = labels.resolve().parent
        self._nlpcc: dict[str, str] | None = None
        self._pages: dict[str, tuple[str, str | None]] | None = None

    def nlpcc(self) -> dict[str, str]:
        """Every NLPCC file beside the labels (`nlpcc2017_dev.jsonl`, a test or train split too), by id."""
        if self._nlpcc is None:
            self._nlpcc = {}
            for path in sorted(self.folder.glob("nlpcc*.jsonl")):
                for _, r in jsonl_objects(path, "NLPCC data"):
                    if isinstance(r.get("text"), str):
                        self._nlpcc.setdefault(str(r.get("id")), r["text"])
        return self._nlpcc

    def pages(self) -> dict[str, tuple[str, str | None]]:
        if self._pages is None:
            path = self.folder.parent / "realpages" / "manifest.jsonl"
            rows = jsonl_objects(path, "real pages' manifest") if path.exists() else []
            self._pages = {
                str(r.get("file")): (r["main_text"], r.get("title") or None)
                for _, r in rows
                if isinstance(r.get("main_text"), str)
            }
        return self._pages

    def find(self, article_id: str) -> tuple[str, str | None] | None:
        if article_id in self.nlpcc():
            return self.nlpcc()[article_id], None
        if article_id in self.pages():
            return self.pages()[article_id]
        sample = self.folder.parent / "samples" / f"{article_id}.txt"
        if sample.is_file():
            from briefs.reading.read import read_path

            document = read_path(str(sample))
            return document.text, document.title
        return None


def _sentence(path: Path, number: int, raw: object, section: int) -> LabelledSentence:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise BriefError(f'{path}:{number}: every sentence needs {{"n", "text", "role", "theme"}}')
    role, theme = raw.get("role"), raw.get("theme")
    if role not in ROLES:
        raise BriefError(f"{path}:{number}: role {role!r} is not one of {', '.join(ROLES)}")
    if theme not in THEMES:
        raise BriefError(f"{path}:{number}: theme {theme!r} is not one of {', '.join(THEMES)}")
    return LabelledSentence(int(raw.get("n", 0)), raw["text"], role, theme, section)


def read_labels(path: Path, limit: int | None = None) -> list[LabelledArticle]:
    """The labelled articles of `path` with their texts, in file order; the first `limit` when given."""
    texts = _Texts(path)
    articles: list[LabelledArticle] = []
    for number, row in jsonl_objects(path, "labels"):
        if limit is not None and len(articles) >= limit:
            break
        article_id = str(row.get("id", ""))
        if not article_id or not isinstance(row.get("sections"), list):
            raise BriefError(f'{path}:{number}: expected {{"id", "sections": [...]}}')
        sections = []
        for s, raw in enumerate(row["sections"]):
            if not isinstance(raw, dict) or not isinstance(raw.get("sentences"), list):
                raise BriefError(f'{path}:{number}: every section needs "sentences"')
            theme = raw.get("section_theme")
            if theme not in THEMES:
                raise BriefError(f"{path}:{number}: section_theme {theme!r} is not one of {', '.join(THEMES)}")
            sentences = tuple(_sentence(path, number, sentence, s) for sentence in raw["sentences"])
            sections.append(LabelledSection(raw.get("heading"), theme, sentences))
        if isinstance(row.get("text"), str):
            found: tuple[str, str | None] | None = (row["text"], row.get("title") or None)
        else:
            found = texts.find(article_id)
        rebuilt = found is None
        if found is None:
            found = (_rebuilt_text(sections), row.get("title") or None)
        if not found[0].strip():
            raise BriefError(
                f"{path}:{number}: no text for article {article_id!r} (looked in the line itself, "
                f"{texts.folder / 'nlpcc*.jsonl'}, {texts.folder.parent / 'realpages' / 'manifest.jsonl'} "
                f"and {texts.folder.parent / 'samples'}, and it has no labelled sentences to rebuild it from)"
            )
        articles.append(LabelledArticle(article_id, found[0], found[1], tuple(sections), rebuilt))
    if not articles:
        raise BriefError(f"{path}: no labelled articles in the file")
    return articles


def _rebuilt_text(sections: Sequence[LabelledSection]) -> str:
    """The article as its labels cut it: each section's heading as a Markdown line, then its sentences."""
    parts = []
    for section in sections:
        body = "".join(sentence.text for sentence in section.sentences)
        parts.append(f"# {section.heading}\n{body}" if section.heading else body)
    return "\n\n".join(part for part in parts if part.strip())


# --- matching ----------------------------------------------------------------------------------------


class Matcher:
    """Finds the label of a sentence of one article: exact text first, else the best character overlap."""

    def __init__(self, labels: Sequence[LabelledSentence]) -> None:
        self.labels = tuple(labels)
        self._norm = [normalize(label.text) for label in self.labels]
        self._exact: dict[str, int] = {}
        for i, text in enumerate(self._norm):
            self._exact.setdefault(text, i)

    def index(self, text: str) -> int | None:
        """Index of the label that best matches `text`; None when nothing shares a character."""
        norm = normalize(text)
        if norm in self._exact:
            return self._exact[norm]
        best, best_index = 0.0, None
        for i, label in enumerate(self._norm):
            dice = 2 * lcs_length(norm, label) / (len(norm) + len(label)) if norm or label else 0.0
            if dice > best:
                best, best_index = dice, i
        return best_index

    def label(self, text: str) -> LabelledSentence | None:
        i = self.index(text)
        return None if i is None else self.labels[i]


# --- systems -----------------------------------------------------------------------------------------


def _theme_key(theme: object) -> str | None:
    """A sentence's or section's theme as its key, whether the engine gives a Theme or a key."""
    if theme is None:
        return None
    return theme if isinstance(theme, str) else getattr(theme, "key", None)


def lead_2(section: LabelledSection, k: int = PER_SECTION) -> list[str]:
    """The section's first k labelled sentences."""
    return [s.text for s in sorted(section.sentences, key=lambda s: s.n)[:k]]


def textrank4zh_picker() -> Callable[[LabelledSection], list[str]]:
    """textrank4zh's top sentences of each labelled section, as its README calls it."""
    from briefs.evaluation.peers import textrank4zh_key_sentences

    key_sentences = textrank4zh_key_sentences()

    def pick(section: LabelledSection) -> list[str]:
        return key_sentences("".join(s.text for s in section.sentences), PER_SECTION)

    return pick


def _count(labels: Sequence[LabelledSentence | None]) -> Roles:
    return Roles(dict(Counter(label.role for label in labels if label is not None)))


def evaluate_labels(
    articles: Sequence[LabelledArticle],
    baselines: Sequence[str] = BASELINES,
    progress: Callable[[str], None] | None = None,
) -> LabelReport:
    """zhbrief's picks, themes and digest on the labelled articles, and the baselines' picks beside them."""
    from summarize import SummaryOptions, summarize  # the engine loads only when it is measured

    from briefs.digest.compose import compose
    from briefs.model import Article, BriefCounts, Document

    if progress is not None:
        progress("zhbrief")
    options = SummaryOptions()
    matchers = {article.id: Matcher(article.sentences) for article in articles}
    chosen_labels: list[LabelledSentence | None] = []
    chosen: list[tuple[str, str, str, str]] = []
    sentence_cells: Counter[tuple[str, str]] = Counter()
    briefed: list[Article] = []
    stripped_junk = 0
    section_calls: list[tuple[str, int, str, str]] = []
    for article in articles:
        matcher = matchers[article.id]
        summary = summarize(article.text, title=article.title, options=options)
        briefed.append(Article(Document(article.id, "", article.title, article.id), summary, article.id))
        for section in summary.sections:
            for sentence in section.sentences:
                label = matcher.label(sentence.text)
                chosen_labels.append(label)
                if label is not None:
                    chosen.append((article.id, label.role, label.theme, sentence.text))
                    if label.role == "junk" and _stripped_from(sentence.text, label.text):
                        stripped_junk += 1
        # Each labelled sentence's counterpart among zhbrief's sentences: its theme, and its section's.
        candidates = summary.candidates
        if not candidates:
            for n, section in enumerate(article.sections):
                section_calls.append((article.id, n, section.theme, "other"))
                for label in section.sentences:
                    sentence_cells[(label.theme, "other")] += 1
            continue
        twin = Matcher([_as_label(c.text) for c in candidates])
        section_theme = {n: _theme_key(s.theme) or "other" for n, s in enumerate(summary.sections)}
        votes: dict[int, Counter[int]] = {}
        for label in article.sentences:
            candidate = candidates[twin.index(label.text) or 0]
            guess = _theme_key(getattr(candidate, "theme", None)) or section_theme.get(candidate.section, "other")
            sentence_cells[(label.theme, guess)] += 1
            votes.setdefault(label.section, Counter())[candidate.section] += 1
        for n, section in enumerate(article.sections):
            counted = votes.get(n)
            guess = section_theme.get(min(counted, key=lambda s: (-counted[s], s)), "other") if counted else "other"
            section_calls.append((article.id, n, section.theme, guess))

    roles = {"zhbrief": _count(chosen_labels)}
    for name in baselines:
        if progress is not None:
            progress(name)
        pick = {"lead-2": lambda: lead_2, "textrank4zh": textrank4zh_picker}[name]()
        picked: list[LabelledSentence | None] = []
        for article in articles:
            for section in article.sections:
                picked.extend(matchers[article.id].label(text) for text in pick(section))
        roles[name] = _count(picked)

    brief = compose(dt.date(2000, 1, 1), briefed, BriefCounts(), (), tz=ZoneInfo("Asia/Shanghai"))
    listed, every = [], []
    for theme_section in brief.themes:
        key = theme_section.theme.key
        for item in theme_section.items:
            label = matchers[item.article.document.id or ""].label(item.text)
            if label is None:
                continue
            every.append(label)
            if key != "other":
                listed.append((key, item.article.document.id or "", label.role, label.theme, item.text))
    digest = DigestFigures(
        items=len(listed),
        carrying=sum(1 for key, _, _, theme, _ in listed if key == theme),
        roles=Roles(dict(Counter(role for _, _, role, _, _ in listed))),
        all_roles=_count(every),
        listed=tuple(listed),
    )
    return LabelReport(
        articles=len(articles),
        sentences=sum(len(a.sentences) for a in articles),
        sections=sum(len(a.sections) for a in articles),
        roles=roles,
        section_themes=Confusion(dict(Counter((theirs, ours) for _, _, theirs, ours in section_calls))),
        sentence_themes=Confusion(dict(sentence_cells)),
        digest=digest,
        chosen=tuple(chosen),
        stripped_junk=stripped_junk,
        section_calls=tuple(section_calls),
    )


def _stripped_from(text: str, labelled: str) -> bool:
    """True when `text` is what is left of `labelled` once something glued to its front was cut off."""
    mine, theirs = normalize(text), normalize(labelled)
    return len(mine) < len(theirs) and theirs.endswith(mine)


def _as_label(text: str) -> LabelledSentence:
    return LabelledSentence(0, text, "ok", "other", 0)


# --- presenting --------------------------------------------------------------------------------------

_ROLE_COLUMNS = (("key", ("key",)), ("key+ok", ("key", "ok")), ("weak", ("weak",)), ("junk", ("junk",)))


def _confusion_lines(confusion: Confusion, system: str) -> list[str]:
    corner = f"editor / {system}"
    lines = [f"  {corner:<22}" + "".join(f"{t[:11]:>12}" for t in THEMES)]
    for truth in THEMES:
        row = [confusion.cells.get((truth, guess), 0) for guess in THEMES]
        if sum(row):
            lines.append(f"  {truth:<22}" + "".join(f"{count:>12}" for count in row))
    return lines


def format_report(report: LabelReport, source: str) -> str:
    """The report as the `eval --labels` table."""
    lines = [
        f"{report.articles} labelled articles ({report.sections} sections, {report.sentences} sentences) from {source}",
        f"chosen sentences by editor role ({PER_SECTION} a section, zhbrief's second only when likely kept;"
        " % of the chosen)",
        f"{'system':<14}" + "".join(f"{name:>9}" for name, _ in _ROLE_COLUMNS) + f"{'chosen':>9}",
    ]
    for name, roles in report.roles.items():
        lines.append(f"{name:<14}" + "".join(f"{roles.share(*r):>8.1f}%" for _, r in _ROLE_COLUMNS) + f"{roles.total:>9}")
    if report.stripped_junk:
        lines.append(
            f"  (of zhbrief's junk, {report.stripped_junk} are junk-labelled sentences whose glued front it stripped;"
            " the labels judged the glued text)"
        )
    sections, sentences, digest = report.section_themes, report.sentence_themes, report.digest
    lines.append(f"section themes right: {sections.accuracy:.1f}% ({sections.right} of {sections.total})")
    lines.extend(_confusion_lines(sections, "zhbrief"))
    lines.append(f"sentence themes right: {sentences.accuracy:.1f}% ({sentences.right} of {sentences.total} labelled sentences)")
    lines.extend(_confusion_lines(sentences, "zhbrief"))
    lines.append(
        f"digest theme items carrying their theme: {digest.carrying_share:.1f}% ({digest.carrying} of {digest.items}); "
        + ", ".join(f"{name} {digest.roles.share(*r):.1f}%" for name, r in _ROLE_COLUMNS)
    )
    lines.append(
        f"digest items in every section, 其他 included ({digest.all_roles.total}): "
        + ", ".join(f"{name} {digest.all_roles.share(*r):.1f}%" for name, r in _ROLE_COLUMNS)
    )
    return "\n".join(lines)


def report_json(report: LabelReport, source: str) -> dict[str, object]:
    """The report as plain JSON values (for `--json OUT`)."""

    def roles(r: Roles) -> dict[str, object]:
        return {"chosen": r.total, "counts": dict(sorted(r.counts.items()))} | {
            name: round(r.share(*rs), 2) for name, rs in _ROLE_COLUMNS
        }

    def confusion(c: Confusion) -> dict[str, object]:
        return {
            "accuracy": round(c.accuracy, 2),
            "right": c.right,
            "total": c.total,
            "cells": {truth: {guess: c.cells.get((truth, guess), 0) for guess in THEMES} for truth in THEMES},
        }

    digest = report.digest
    return {
        "labels": source,
        "articles": report.articles,
        "sections": report.sections,
        "sentences": report.sentences,
        "systems": {name: roles(r) for name, r in report.roles.items()},
        "section_themes": confusion(report.section_themes),
        "sentence_themes": confusion(report.sentence_themes),
        "digest": {
            "theme_items": digest.items,
            "carrying": digest.carrying,
            "carrying_share": round(digest.carrying_share, 2),
            "roles": roles(digest.roles),
            "all_items_roles": roles(digest.all_roles),
            "items": [
                {"section": key, "article": aid, "role": role, "theme": theme, "text": text}
                for key, aid, role, theme, text in digest.listed
            ],
        },
        "stripped_junk": report.stripped_junk,
        "chosen": [{"article": aid, "role": role, "theme": theme, "text": text} for aid, role, theme, text in report.chosen],
    }

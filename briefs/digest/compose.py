"""Compose: the day's kept articles become one `Brief` — counts, keywords, theme sections, article list.

Contract: `compose(...)` is pure and deterministic. Every configured theme gets a section (plus 其他),
in lexicon order, even when empty, so readers always find the same headings. A section holds the best
key sentences of that theme across articles, ranked by score, at most `per_theme`, never two from the
same story; ties go to the earlier article, then the earlier sentence. A sentence's score there is
relative to its own section (see `section_scores`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from summarize.model import OTHER, Sentence, Theme
from summarize.themes import DEFAULT_THEMES

from briefs.model import Article, Brief, BriefCounts, BriefItem, Failure, ThemeSection


@dataclass(frozen=True)
class ComposeOptions:
    per_theme: int = 5  # key sentences per theme section
    keywords: int = 10  # the day's top keywords
    themes: tuple[Theme, ...] = DEFAULT_THEMES  # the lexicon, in the order sections appear

    def __post_init__(self) -> None:
        if self.per_theme < 1:
            raise ValueError("per_theme must be at least 1")
        if self.keywords < 0:
            raise ValueError("keywords must not be negative")


def aware(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A naive time is read as local time in the brief's timezone (that is what a local site means)."""
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def day_keywords(articles: Sequence[Article], limit: int) -> tuple[str, ...]:
    """Keywords named by the most articles; ties by first appearance (article order, then rank)."""
    count: dict[str, int] = {}
    for article in articles:
        for word in dict.fromkeys(article.summary.keywords):
            count[word] = count.get(word, 0) + 1
    first = {word: n for n, word in enumerate(count)}  # dicts keep insertion order: first appearance
    return tuple(sorted(count, key=lambda w: (-count[w], first[w]))[:limit])


def section_scores(article: Article) -> dict[int, float]:
    """Each chosen sentence's score relative to the average sentence of its own section (1.0 = average).

    The engine's scores are relative to the whole article and carry a lead prior, so an article's
    opening always outscores its later sections. Across articles that would fill every theme with
    leads of short stories, while the best sentence of a long article's "challenges" section — the
    very thing a theme section should quote — ranks low. Relative to its section, it competes fairly.
    """
    totals: dict[int, list[float]] = {}
    for sentence in article.summary.candidates:
        totals.setdefault(sentence.section, []).append(sentence.score)
    scores = {}
    for section in article.summary.sections:
        for sentence in section.sentences:
            pool = totals.get(sentence.section)
            mean = sum(pool) / len(pool) if pool else 0.0
            scores[sentence.index] = round(sentence.score / mean, 6) if mean > 0 else sentence.score
    return scores


def theme_section(
    theme: Theme, articles: Sequence[Article], limit: int, relative_scores: Sequence[dict[int, float]] | None = None
) -> ThemeSection:
    """The theme's best sentence of each article that has one, best first, at most `limit`.

    `relative_scores[i]` is `section_scores(articles[i])`, computed here when not given.
    """
    if relative_scores is None:
        relative_scores = [section_scores(article) for article in articles]
    best: list[tuple[float, int, int, Article, Sentence]] = []
    for number, (article, relative) in enumerate(zip(articles, relative_scores)):
        mine = [s for section in article.summary.sections if section.theme.key == theme.key
                for s in section.sentences]
        if mine:  # one sentence a story: its best in this theme
            top = min(mine, key=lambda s: (-relative[s.index], s.index))
            best.append((-relative[top.index], number, top.index, article, top))
    best.sort(key=lambda row: row[:3])
    return ThemeSection(theme, tuple(BriefItem(s.text, -score, a) for score, _, _, a, s in best[:limit]))


def _order(article: Article, tz: ZoneInfo) -> tuple[object, ...]:
    published = article.document.published
    when = aware(published, tz).astimezone(dt.timezone.utc) if published else dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return (published is None, when, article.document.title or "", article.document.origin)


def compose(date: dt.date, articles: Sequence[Article], counts: BriefCounts, failures: Sequence[Failure],
            *, tz: ZoneInfo, options: ComposeOptions = ComposeOptions()) -> Brief:
    """The brief of `date` from its kept `articles` (in input order, which breaks ranking ties)."""
    themes = (*[t for t in options.themes if t.key != OTHER.key], OTHER)
    relative = [section_scores(article) for article in articles]  # once an article, not once a theme
    return Brief(
        date=date,
        counts=counts,
        keywords=day_keywords(articles, options.keywords),
        themes=tuple(theme_section(theme, articles, options.per_theme, relative) for theme in themes),
        articles=tuple(sorted(articles, key=lambda a: _order(a, tz))),  # undated ones last
        failures=tuple(failures),
    )


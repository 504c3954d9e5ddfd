"""Compose: hand-built articles with known scores, so each rule of the brief is pinned — every theme's
section present in lexicon order, at most K items, one per story, ties by article then sentence, scores
relative to the sentence's own section, keywords by how many articles name them, articles by date."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from briefs.digest.compose import ComposeOptions, compose, day_keywords, section_scores
from briefs.model import Article, BriefCounts, Document, Failure
from summarize.model import OTHER, Section, Sentence, Summary, Theme
from summarize.themes import DEFAULT_THEMES

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 25)
BREAK, DEPLOY, CHALLENGE = DEFAULT_THEMES


def article(name: str, sections: list[tuple[Theme, list[tuple[str, float, bool]]]], *, keywords: tuple[str, ...] = (),
            published: dt.datetime | None = None, title: str | None = None) -> Article:
    """sections: (theme, [(sentence, score, chosen)]) — unchosen sentences set the section's average."""
    candidates: list[Sentence] = []
    built: list[Section] = []
    for number, (theme, sentences) in enumerate(sections):
        mine = []
        for text, score, chosen in sentences:
            sentence = Sentence(text, len(candidates), number, score, chosen)
            candidates.append(sentence)
            if chosen:
                mine.append(sentence)
        built.append(Section(None, theme, tuple(mine)))
    summary = Summary(title, "", keywords, tuple(built), tuple(candidates))
    return Article(Document(name, "", title or name, published=published), summary, f"fp-{name}")


def brief_of(*articles: Article, per_theme: int = 5):
    return compose(DAY, articles, BriefCounts(read=len(articles), kept=len(articles)), [], tz=SHANGHAI,
                   options=ComposeOptions(per_theme=per_theme))


def test_every_theme_has_a_section_in_lexicon_order_even_when_empty():
    brief = brief_of(article("a", [(DEPLOY, [("落地。", 2.0, True), ("平。", 1.0, False)])]))
    assert [s.theme.label for s in brief.themes] == ["技术突破", "落地应用", "挑战与对策", "其他"]
    assert [len(s.items) for s in brief.themes] == [0, 1, 0, 0]


def test_configured_themes_come_first_and_other_last_once():
    mine = (Theme("policy", "政策", ("政策",)), Theme("market", "市场", ("市场",)))
    brief = compose(DAY, [], BriefCounts(), [], tz=SHANGHAI, options=ComposeOptions(themes=(*mine, OTHER)))
    assert [s.theme.key for s in brief.themes] == ["policy", "market", "other"]


def test_at_most_k_items_best_first_and_never_two_from_one_story():
    a = article("a", [(BREAK, [("a1。", 3.0, True), ("a2。", 2.9, True), ("a3。", 0.1, False)])])
    b = article("b", [(BREAK, [("b1。", 2.0, True), ("b2。", 1.0, False)])])
    c = article("c", [(BREAK, [("c1。", 1.5, True), ("c2。", 1.0, False)])])
    d = article("d", [(BREAK, [("d1。", 1.2, True), ("d2。", 1.0, False)])])
    items = brief_of(a, b, c, d, per_theme=3).themes[0].items
    assert [i.text for i in items] == ["a1。", "b1。", "c1。"]
    assert len({i.article.fingerprint for i in items}) == 3


def test_scores_are_relative_to_the_sentences_own_section():
    # The lead section of a long article scores high on the article's scale, its last section low;
    # within their sections both are the standout sentence, and that is what a theme section compares.
    long = article("long", [
        (BREAK, [("lead。", 4.0, True), ("x。", 4.0, False)]),
        (CHALLENGE, [("best challenge。", 0.9, True), ("y。", 0.3, False), ("z。", 0.3, False)]),
    ])
    short = article("short", [(CHALLENGE, [("short lead。", 1.5, True), ("w。", 1.5, False)])])
    assert section_scores(long) == {0: 1.0, 2: 0.9 / 0.5}
    items = brief_of(short, long).themes[2].items
    assert [i.text for i in items] == ["best challenge。", "short lead。"]
    assert [round(i.score, 3) for i in items] == [1.8, 1.0]


def test_ties_go_to_the_earlier_article_then_the_earlier_sentence():
    first = article("first", [(DEPLOY, [("f1。", 2.0, True), ("f2。", 2.0, True), ("f3。", 2.0, False)])])
    second = article("second", [(DEPLOY, [("s1。", 2.0, True), ("s2。", 2.0, False)])])
    items = brief_of(first, second).themes[1].items
    assert [i.text for i in items] == ["f1。", "s1。"]


def test_the_days_keywords_are_those_most_articles_name_ties_by_first_appearance():
    articles = [
        article("a", [], keywords=("芯片", "算力", "量产")),
        article("b", [], keywords=("机器人", "芯片")),
        article("c", [], keywords=("机器人", "医院", "芯片", "芯片")),
    ]
    assert day_keywords(articles, 4) == ("芯片", "机器人", "算力", "量产")
    assert day_keywords(articles, 0) == ()


def test_articles_are_listed_by_date_then_title_undated_last_naive_times_in_the_briefs_zone():
    utc = dt.timezone.utc
    late = article("late", [], published=dt.datetime(2026, 11, 25, 9, 0, tzinfo=utc), title="乙")  # 17:00 Shanghai
    naive = article("naive", [], published=dt.datetime(2026, 11, 25, 10, 0), title="丙")  # 10:00 Shanghai
    early_b = article("early-b", [], published=dt.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI), title="b")
    early_a = article("early-a", [], published=dt.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI), title="a")
    undated = article("undated", [], title="甲")
    brief = brief_of(undated, late, naive, early_b, early_a)
    assert [a.document.origin for a in brief.articles] == ["early-a", "early-b", "naive", "late", "undated"]


def test_counts_and_failures_pass_through_and_the_same_input_gives_the_same_brief():
    a = article("a", [(BREAK, [("a1。", 3.0, True), ("a2。", 1.0, False)])], keywords=("芯片",))
    failures = [Failure("inbox/bad.jsonl:3", "not valid JSON")]
    counts = BriefCounts(read=3, kept=1, duplicates=1, failed=1)
    one = compose(DAY, [a], counts, failures, tz=SHANGHAI)
    assert one == compose(DAY, [a], counts, failures, tz=SHANGHAI)
    assert one.counts == counts and one.failures == tuple(failures) and one.date == DAY

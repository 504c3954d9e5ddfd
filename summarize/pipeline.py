"""The engine end to end: one article's text in, a Summary out (clean → sections → sentences →
themes → scores → selection → keywords). No file, network or template I/O.

`summarize_many` runs a batch of articles through the same steps one step at a time (every article
split, then every article tagged, …): each step's code and tables stay hot, which makes a batch about
10% faster per article than one call per article. The summaries are the same either way.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from summarize.clean import clean_lines, clean_title, normalize, whole_characters
from summarize.keywords import keywords as rank_keywords
from summarize.model import Section, Sentence, Summary, Theme
from summarize.options import SummaryOptions
from summarize import script
from summarize.rank import informativeness, rate_sentences
from summarize.keepable import keep_estimates
from summarize.roles import JUNK, Verdict, credited_captions, judge
from summarize.sections import RawSection, split_sections
from summarize.segment import Words, default_stopwords, segmenter, sentence_words
from summarize.select import Candidate, select
from summarize.sentences import split_sentences
from summarize.themes import ThemeCall, lean_to_sections, section_themes, theme_sentences


def _join(texts: list[str]) -> str:
    joined = ""
    for text in texts:
        if joined and joined[-1].isascii() and not joined[-1].isspace() and text[:1].isascii() and text[:1].isalnum():
            joined += " "
        joined += text
    return joined


@dataclass
class _Draft:
    """One article between the steps: what the steps so far have made of it."""

    title: str | None
    raw_sections: tuple[RawSection, ...]
    texts: list[str] = field(default_factory=list)  # the sentences, in order
    section_of: list[int] = field(default_factory=list)  # per sentence: its section
    section_starts: set[int] = field(default_factory=set)  # sentence indexes that open a section
    verdicts: list[Verdict] = field(default_factory=list)  # what an editor would say of each sentence (roles.py)
    words: Words | None = None
    title_ids: frozenset[int] = frozenset()
    themes: list[Theme] = field(default_factory=list)
    calls: list[ThemeCall] = field(default_factory=list)  # each sentence's own theme
    rated: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # score, centrality, prior
    keep: list[float] = field(default_factory=list)  # per sentence: how likely an editor keeps it (keepable.py)


def _split(text: str, title: str | None, options: SummaryOptions) -> _Draft:
    """clean → sections → sentences."""
    if title is not None:
        title = clean_title(normalize(title).replace("\n", " ")) or None
    title, raw_sections = split_sections(clean_lines(text), title)
    draft = _Draft(title, raw_sections)
    texts, section_of = draft.texts, draft.section_of
    for number, raw in enumerate(raw_sections):
        draft.section_starts.add(len(texts))
        said: list[str] = []
        judged: list[Verdict] = []
        for paragraph in raw.paragraphs:
            sentences = split_sentences(paragraph, options.max_sentence_chars)
            said += sentences
            judged += judge(sentences)
        for verdict in credited_captions(said, judged):  # a caption is known by the credit after it
            texts.append(verdict.text)  # glued captions, bylines and datelines stripped
            draft.verdicts.append(verdict)
            section_of.append(number)
    return draft


def _analysed(
    text: str, title: str | None, options: SummaryOptions
) -> tuple[str, str | None, tuple[script.Rendering, script.Rendering | None] | None]:
    """What the engine analyses: the text and title as given, or for Traditional text their Simplified
    renderings, with the renderings that show the result as written (summarize/script.py)."""
    text, title = whole_characters(text), None if title is None else whole_characters(title)
    if script.resolve(text if title is None else f"{title}\n{text}", options.script) == "simplified":
        return text, title, None
    rendering = script.Rendering.of(text)
    titled = script.Rendering.of(normalize(title).replace("\n", " ")) if title is not None else None
    return rendering.simplified, titled.simplified if titled else None, (rendering, titled)


def sentences(text: str, title: str | None = None, options: SummaryOptions = SummaryOptions()) -> tuple[list[str], str]:
    """The article's sentences as `summarize` ranks them (its candidates' texts, in Simplified: clean →
    sections → sentences, boilerplate glued to their front stripped) and the script it is written in:
    the engine's first step alone, what the digest groups duplicates on before it summarizes anything."""
    analysed, analysed_title, shown = _analysed(text, title, options)
    return _split(analysed, analysed_title, options).texts, "simplified" if shown is None else "traditional"


def _rate(draft: _Draft, words: Words, options: SummaryOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    factor, keep = keep_estimates(draft.texts, draft.section_of, draft.verdicts)  # what an editor keeps (learned)
    draft.keep = keep.tolist()
    return rate_sentences(
        words,
        informativeness(draft.texts) * factor,
        frozenset(draft.section_starts),
        draft.title_ids,
        damping=options.damping,
        position_weight=options.position_weight,
        position_decay=options.position_decay,
        title_weight=options.title_weight,
        window=options.max_graph_sentences,
    )


def _finish(draft: _Draft, options: SummaryOptions) -> Summary:
    """selection → the Summary, with its keywords."""
    texts, section_of, words = draft.texts, draft.section_of, draft.words
    raw_sections, themes = draft.raw_sections, draft.themes
    if not texts or draft.rated is None or words is None:
        return Summary(draft.title, "", (), tuple(Section(r.heading, t, ()) for r, t in zip(raw_sections, themes)), ())
    scores, centrality, prior = (values.tolist() for values in draft.rated)  # Python floats, once
    verdicts, calls = draft.verdicts, draft.calls
    candidates = [
        Candidate(i, section_of[i], texts[i], scores[i], words.sets[i], verdicts[i], draft.keep[i]) for i in range(len(texts))
    ]
    selection = select(
        candidates,
        per_section=options.sentences_per_section,
        budget=options.budget,
        redundancy=options.redundancy,
        duplicate_similarity=options.duplicate_similarity,
        min_keep=options.min_keep,
        explain=options.explain,
    )
    chosen = set(selection.chosen)
    reasons = selection.reasons
    sentences = tuple(
        Sentence(
            selection.texts.get(i, texts[i]),
            i,
            section_of[i],
            round(scores[i], 6),
            i in chosen,
            # Formatting a reason for every sentence costs ~5% of an article: only --explain reads them.
            f"{reasons.get(i, '')}；中心度{centrality[i]:.2f}，位置/标题先验{prior[i]:.2f}" if options.explain else "",
            calls[i].theme,
            calls[i].confidence,
            calls[i].why,
            verdicts[i].kind,
            verdicts[i].needs_previous,
        )
        for i in range(len(texts))
    )
    sections = tuple(
        Section(raw.heading, theme, tuple(s for s in sentences if s.chosen and s.section == number))
        for number, (raw, theme) in enumerate(zip(raw_sections, themes))
    )
    summary = _join([sentences[i].text for i in selection.chosen])
    if options.budget is not None:
        summary = summary[: options.budget]
    junk = [i for i, verdict in enumerate(verdicts) if verdict.kind == JUNK]
    return Summary(draft.title, summary, rank_keywords(words, options.keywords, options.damping, texts, junk), sections, sentences)


def summarize_many(
    articles: Iterable[tuple[str, str | None]], options: SummaryOptions = SummaryOptions()
) -> list[Summary]:
    """The Summary of every (text, title), in order: the same as `summarize` on each, step by step.

    Traditional text is analysed on its Simplified rendering and shown as written (summarize/script.py).
    """
    inputs: list[tuple[str, str | None]] = []
    renderings: list[tuple[script.Rendering, script.Rendering | None] | None] = []
    for text, title in articles:
        analysed, analysed_title, shown = _analysed(text, title, options)
        inputs.append((analysed, analysed_title))
        renderings.append(shown)
    summaries = _summarize_many(inputs, options)
    return [
        summary if shown is None else script.restore(summary, shown[0], shown[1], join=_join, budget=options.budget)
        for summary, shown in zip(summaries, renderings)
    ]


def _summarize_many(articles: list[tuple[str, str | None]], options: SummaryOptions) -> list[Summary]:
    drafts = [_split(text, title, options) for text, title in articles]
    jieba = segmenter(options.user_words)
    stopwords = options.stopwords if options.stopwords is not None else default_stopwords()
    for draft in drafts:
        draft.words = words = sentence_words(jieba, draft.texts, stopwords)
        if draft.title:
            draft.title_ids = words.ids(list(sentence_words(jieba, [draft.title], stopwords).vocabulary))
    for draft in drafts:  # each sentence's own theme, then each section's from its sentences and heading
        by_section: list[tuple[str | None, list[str]]] = [(raw.heading, []) for raw in draft.raw_sections]
        for text, number in zip(draft.texts, draft.section_of):
            by_section[number][1].append(text)
        calls = list(theme_sentences(by_section, options.themes, explain=options.explain))
        draft.themes = section_themes(by_section, calls, options.themes, draft.title)  # the title's words count a little
        draft.calls = lean_to_sections(calls, draft.section_of, draft.themes, explain=options.explain)
    for draft in drafts:
        if draft.texts and draft.words is not None:
            draft.rated = _rate(draft, draft.words, options)
    return [_finish(draft, options) for draft in drafts]


def summarize(text: str, *, title: str | None = None, options: SummaryOptions = SummaryOptions()) -> Summary:
    """Key sentences of one article, section by section, with themes, scores and keywords.

    Traditional text is analysed on its Simplified rendering and shown as written (summarize/script.py).
    """
    return summarize_many([(text, title)], options)[0]

"""The engine end to end: one article's text in, a Summary out (clean → sections → sentences →
themes → scores → selection → keywords). No file, network or template I/O."""
from __future__ import annotations

from summarize.clean import clean_lines, clean_title, normalize
from summarize.keywords import keywords as rank_keywords
from summarize.model import Section, Sentence, Summary
from summarize.options import SummaryOptions
from summarize import script
from summarize.rank import informativeness, rate_sentences
from summarize.keepable import keep_factor
from summarize.roles import Verdict, judge
from summarize.sections import split_sections
from summarize.segment import default_stopwords, segmenter, sentence_words
from summarize.select import Candidate, select
from summarize.sentences import split_sentences
from summarize.themes import section_theme, theme_sentences


def _join(texts: list[str]) -> str:
    joined = ""
    for text in texts:
        if joined and joined[-1].isascii() and not joined[-1].isspace() and text[:1].isascii() and text[:1].isalnum():
            joined += " "
        joined += text
    return joined


def summarize(text: str, *, title: str | None = None, options: SummaryOptions = SummaryOptions()) -> Summary:
    """Key sentences of one article, section by section, with themes, scores and keywords.

    Traditional text is analysed on its Simplified rendering and shown as written (summarize/script.py).
    """
    if script.resolve(text if title is None else f"{title}\n{text}", options.script) == "simplified":
        return _summarize(text, title=title, options=options)
    rendering = script.Rendering.of(text)
    titled = script.Rendering.of(normalize(title).replace("\n", " ")) if title is not None else None
    summary = _summarize(rendering.simplified, title=titled.simplified if titled else None, options=options)
    return script.restore(summary, rendering, titled, join=_join, budget=options.budget)


def _summarize(text: str, *, title: str | None, options: SummaryOptions) -> Summary:
    if title is not None:
        title = clean_title(normalize(title).replace("\n", " ")) or None
    title, raw_sections = split_sections(clean_lines(text), title)

    texts: list[str] = []
    section_of: list[int] = []
    section_starts: set[int] = set()
    verdicts: list[Verdict] = []  # what an editor would say of each sentence (summarize/roles.py)
    for number, raw in enumerate(raw_sections):
        section_starts.add(len(texts))
        for paragraph in raw.paragraphs:
            for verdict in judge(split_sentences(paragraph, options.max_sentence_chars)):
                texts.append(verdict.text)  # glued captions, bylines and datelines stripped
                verdicts.append(verdict)
                section_of.append(number)

    jieba = segmenter(options.user_words)
    stopwords = options.stopwords if options.stopwords is not None else default_stopwords()
    words = sentence_words(jieba, texts, stopwords)
    title_ids = words.ids(list(sentence_words(jieba, [title], stopwords).vocabulary)) if title else frozenset()
    # Each sentence's own theme, then each section's from its sentences and heading.
    by_section: list[tuple[str | None, list[str]]] = [(raw.heading, []) for raw in raw_sections]
    for text, number in zip(texts, section_of):
        by_section[number][1].append(text)
    calls = theme_sentences(by_section, options.themes)
    starts = [sum(len(b[1]) for b in by_section[:n]) for n in range(len(by_section))]
    themes = [
        section_theme(heading, calls[start : start + len(sentences)], calls, options.themes)
        for start, (heading, sentences) in zip(starts, by_section)
    ]

    if not texts:
        return Summary(title, "", (), tuple(Section(r.heading, t, ()) for r, t in zip(raw_sections, themes)), ())

    scores, centrality, prior = rate_sentences(
        words,
        informativeness(texts) * keep_factor(texts, section_of, verdicts),  # what an editor keeps (learned)
        frozenset(section_starts),
        title_ids,
        damping=options.damping,
        position_weight=options.position_weight,
        position_decay=options.position_decay,
        title_weight=options.title_weight,
        window=options.max_graph_sentences,
    )
    candidates = [
        Candidate(i, section_of[i], texts[i], float(scores[i]), words.sets[i], verdicts[i]) for i in range(len(texts))
    ]
    selection = select(
        candidates,
        per_section=options.sentences_per_section,
        budget=options.budget,
        redundancy=options.redundancy,
        duplicate_similarity=options.duplicate_similarity,
    )
    chosen = set(selection.chosen)
    sentences = tuple(
        Sentence(
            selection.texts.get(i, texts[i]),
            i,
            section_of[i],
            round(float(scores[i]), 6),
            i in chosen,
            f"{selection.reasons.get(i, '')} [centrality {centrality[i]:.2f}, lead/title prior {prior[i]:.2f}]",
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
    return Summary(title, summary, rank_keywords(words, options.keywords, options.damping), sections, sentences)

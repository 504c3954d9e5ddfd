"""The values that flow through the engine: themes, sentences, sections and the summary they make."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """A theme a section can be tagged with, and the words that signal it."""

    key: str  # stable identifier used in JSON and config: "breakthroughs"
    label: str  # what a reader sees: "技术突破"
    keywords: tuple[str, ...] = ()


OTHER = Theme("other", "其他")


# How a sentence's theme reason introduces the words of its own it quotes ("线索词 发布、智能", a configured
# theme's "主题词 配送车"): a Traditional summary shows those words as the article writes them (briefs/render.py).
CUE_WORDS = "线索词"
THEME_WORDS = "主题词"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned article, where it stands, and how it ranked."""

    text: str
    index: int  # position among all the article's sentences, from 0
    section: int  # index of the section it belongs to
    score: float = 0.0  # rank score; 1.0 is an average sentence of its article
    chosen: bool = False
    reason: str = ""  # for --explain (SummaryOptions.explain; "" without): why it was chosen, or why not, in Chinese
    theme: Theme = OTHER  # the theme of its own content (see summarize/themes.py)
    theme_confidence: float = 0.0  # how sure that call is, 0–1; the digest quotes the surest
    theme_reason: str = ""  # for --explain ("" without): the cues and context behind the theme, in Chinese
    role: str = ""  # what an editor would say of it (summarize/roles.py): "", "weak" or "junk"
    needs_previous: bool = False  # opens by pointing back (他/该/这…): stands alone only after its predecessor


@dataclass(frozen=True)
class Section:
    """A run of the article under one heading (or none), tagged with a theme."""

    heading: str | None
    theme: Theme
    sentences: tuple[Sentence, ...]  # the chosen ones, in document order


@dataclass(frozen=True)
class Summary:
    """What `summarize` returns: chosen sentences per section, the joined summary and keywords."""

    title: str | None
    summary: str  # the chosen sentences joined in document order, within the budget when one is set
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]  # every section of the article, in order
    candidates: tuple[Sentence, ...]  # every sentence with its score, for --explain and digests
    script: str = "simplified"  # the article's script, "simplified" or "traditional": what is shown is as written

"""zhbrief's engine: one Chinese article's text in, a structured summary out.

    >>> from summarize import summarize, SummaryOptions
    >>> summary = summarize(text, title="标题", options=SummaryOptions(budget=60))

No file, network or template I/O happens here; the product around it lives in `briefs`.
"""
from summarize.model import OTHER, Section, Sentence, Summary, Theme
from summarize.options import SummaryOptions
from summarize.pipeline import summarize
from summarize.themes import DEFAULT_THEMES

__all__ = ["DEFAULT_THEMES", "OTHER", "Section", "Sentence", "Summary", "SummaryOptions", "Theme", "summarize"]

"""zhbrief's engine: one Chinese article's text in, a structured summary out.

    >>> from summarize import summarize, SummaryOptions
    >>> summary = summarize(text, title="标题", options=SummaryOptions(budget=60))

No file, network or template I/O happens here; the product around it lives in `briefs`.
"""
import os

# The engine's matrices are a few dozen rows: BLAS threads cost more to start and synchronise than
# they save (3x slower per article measured on two busy cores). Only a default: the caller's own
# setting wins, and it has effect only when numpy is not imported yet.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Imported after the thread defaults, so numpy loads with them.
from summarize.model import OTHER, Section, Sentence, Summary, Theme  # noqa: E402
from summarize.options import SummaryOptions  # noqa: E402
from summarize.pipeline import summarize  # noqa: E402
from summarize.themes import DEFAULT_THEMES  # noqa: E402

__all__ = ["DEFAULT_THEMES", "OTHER", "Section", "Sentence", "Summary", "SummaryOptions", "Theme", "summarize"]

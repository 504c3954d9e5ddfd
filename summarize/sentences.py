"""Sentence splitting for Chinese text with English inside it.

Boundaries are 。！？；… and their ASCII forms; closing quotes and brackets stay with the sentence they
close; decimals, times and URLs are not boundaries; text without a final mark is kept; a run longer than
`max_chars` is split at commas (or, with none, at the limit) rather than dropped or kept whole.
"""
from __future__ import annotations

import re

from summarize.clean import CLOSERS

# A boundary: a run of final marks, an ellipsis, or an English full stop that ends a sentence
# (after a letter, closer or digit, and before a space + capital/opening quote, CJK text, or the end).
_BOUNDARY = re.compile(
    (r"(?:[。！？!?；;]+|…+|\.{3,}|(?<=[A-Za-z\d%)\]\"'”’])(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bvs)(?<!\bNo)(?<!\bMrs)(?<!\bProf)\.(?=[{closers}]*(?:\s+[A-Z\"“‘(\[]|\s*$|[\u3400-\u9fff])))"
    r"[{closers}]*"
    ).replace("{closers}", re.escape(CLOSERS))
)
_COMMAS = re.compile(r"(?<=[，,])")


def _closing_ok(sentence: str) -> str:
    """ASCII quotes are closers only when they close something: drop one that opens the next sentence."""
    if sentence.endswith(('"', "'")):
        quote = sentence[-1]
        if sentence.count(quote) % 2 == 1 and not sentence[:-1].rstrip(CLOSERS).endswith(tuple(".!?;。！？；…")):
            return sentence[:-1]
    return sentence


def split_long(sentence: str, max_chars: int) -> list[str]:
    """Split a run longer than max_chars at commas, greedily; a clause still too long is cut at the limit."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in _COMMAS.split(sentence):
        while len(clause) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(clause[:max_chars])
            clause = clause[max_chars:]
        if current and len(current) + len(clause) > max_chars:
            pieces.append(current)
            current = ""
        current += clause
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def split_sentences(paragraph: str, max_chars: int = 160) -> list[str]:
    """The sentences of one paragraph, in order; their concatenation is the paragraph minus spaces at cuts."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        # "3.5亿" never reaches here (a boundary needs a non-digit after the dot); "2015. The" does.
        piece = _closing_ok(paragraph[start:end])
        end = start + len(piece)
        if piece.strip():
            sentences.append(piece.strip())
        start = end
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    out: list[str] = []
    for sentence in sentences:
        out.extend(split_long(sentence, max_chars))
    return out

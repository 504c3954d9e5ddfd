"""Gated patterns: a costly pattern that runs only where a word it cannot match without is in the text.

Each alternative of the pattern holds one of `words` literally (or, in its case-insensitive parts, one
of `folded` in lower case), so where none is present the pattern cannot match and its answer is None,
as the pattern's own would be, for the price of a few substring tests. The pattern is compiled the first
time a text holds one of its words. Most lines of an article hold none of a furniture or junk rule's
words; tests/test_gated.py checks every gated pattern's words against its alternatives, so an
alternative added without one fails there instead of silently never running.
"""
from __future__ import annotations

import re

from summarize import regex

FEW_WORDS = 3


class Needs:
    __slots__ = ("words", "folded", "source", "_pattern", "_any")

    def __init__(self, words: tuple[str, ...], source: str, folded: tuple[str, ...] = ()) -> None:
        self.words, self.source, self.folded = words, source, folded
        # Compiled on first need, so where no text holds a word it never is: re builds a set of CJK
        # characters one code point at a time, 1-7 ms a pattern, a share of a one-off command's start.
        self._pattern: re.Pattern[str] | None = None
        # One search for all the words: re skips on the alternation's first characters in C, five times
        # faster than a Python loop of `in` tests over a few dozen words. Up to FEW_WORDS words, the
        # loop wins: `in` finds one word in a sentence for a tenth of re's scan, which tests a character
        # set at every position.
        self._any = regex.compile("|".join(map(re.escape, words))) if len(words) > FEW_WORDS else None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = regex.compile(self.source)
        return self._pattern

    def could_match(self, text: str) -> bool:
        if self._any is None:
            for word in self.words:
                if word in text:
                    return True
        elif self._any.search(text) is not None:
            return True
        if self.folded:
            lowered = text.lower()
            return any(word in lowered for word in self.folded)
        return False

    def match(self, text: str, *span: int) -> re.Match[str] | None:
        return self.pattern.match(text, *span) if self.could_match(text) else None

    def search(self, text: str, *span: int) -> re.Match[str] | None:
        return self.pattern.search(text, *span) if self.could_match(text) else None

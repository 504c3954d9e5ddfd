"""Script: Traditional Chinese is analysed on a Simplified rendering and shown as written.

The engine's cleaning rules, theme lexicons and jieba's dictionary are Simplified. `detect` tells the
scripts apart by counting characters only one of them uses; `Rendering.of` converts with OpenCC (Hong
Kong and Taiwan variant forms first, then OpenCC's Traditional → Simplified phrases and characters) and
keeps where each converted character came from; `restore` maps every string the engine shows — title,
headings, sentences, keywords — back to the original's characters, so a Taiwanese page stays Taiwanese
and a Simplified quote inside it stays Simplified. Pure: text in, values out.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from summarize import regex
from summarize.clean import normalize
from summarize.model import Section, Sentence, Summary

SCRIPTS = ("auto", "simplified", "traditional")
# OpenCC's shipped configs, applied in turn: Hong Kong and Taiwan variant forms (衞, 敍, 著 as zhe) to
# OpenCC's standard Traditional, then Traditional to Simplified. One chain for both regions: a page
# does not say where it is from, and each step leaves the other region's text alone.
_CHAIN = ("hk2t", "tw2t", "t2s")
# Where tests/script_chars.py looks for the characters only one script uses: CJK Unified Ideographs, Extension A.
CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000))


@lru_cache(maxsize=1)
def _converters() -> tuple[object, ...]:
    import opencc  # loaded on the first Traditional text: a Simplified run never loads it (cold start)

    return tuple(opencc.OpenCC(config) for config in _CHAIN)


def to_simplified(text: str) -> str:
    """`text` in Simplified characters (OpenCC, Hong Kong and Taiwan variants understood).

    For matching terms written in either script against an article's Simplified rendering: theme and
    watchlist terms are compared after both sides went through this function.
    """
    for converter in _converters():
        text = converter.convert(text)  # type: ignore[attr-defined]
    return text


@lru_cache(maxsize=256)
def to_traditional(text: str) -> str:
    """`text` in Traditional characters: for the words zhbrief adds of its own (theme labels, "关键词", a
    brief's headings and counts) when what it shows is Traditional. Cached: they are the same few strings.

    OpenCC's Taiwan characters (s2tw), not its standard ones (s2t): s2t writes 爲, 裏 and 着, forms neither
    Taiwan nor Hong Kong prints (以原文爲準); every word zhbrief adds reads the same in s2tw and s2hk.
    """
    return _s2tw().convert(text)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _s2tw() -> object:
    import opencc

    return opencc.OpenCC("s2tw")


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Characters only Traditional text uses, and characters only Simplified text uses.

    From OpenCC's tables, shipped as data (summarize/data/script_chars.txt, made and checked by
    tests/script_chars.py): detecting a Simplified article then loads no converter at all.
    """
    text = resources.files("summarize").joinpath("data/script_chars.txt").read_text(encoding="utf-8")
    chars = dict(line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))

    def klass(chars: str) -> re.Pattern[str]:
        return regex.compile("[" + re.escape(chars) + "]")

    return klass(chars["traditional"]), klass(chars["simplified"])


def detect(text: str) -> str:
    """"traditional" when the text has more Traditional-only than Simplified-only characters, else "simplified".

    A few Traditional characters in a Simplified article (a name, a quoted sign) or the reverse do not
    tip it; text with neither (English, numbers) is "simplified", which leaves it untouched.
    """
    traditional, simplified = _script_patterns()
    return "traditional" if len(traditional.findall(text)) > len(simplified.findall(text)) else "simplified"


def resolve(text: str, script: str) -> str:
    """The script to analyse `text` as: the one given, or the detected one for "auto"."""
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {', '.join(SCRIPTS)}, not {script!r}")
    return detect(text) if script == "auto" else script


@dataclass(frozen=True)
class Rendering:
    """An original text (normalised as the engine normalises) and its Simplified rendering, aligned.

    `start[j]:end[j]` is the span of the original that the rendering's character j came from. OpenCC
    keeps the length of nearly every text (characters map one to one); where a phrase conversion does
    not (記憶體 → 内存 in some configs), the converted line is aligned with a character-by-character
    conversion and the phrase maps to the phrase.
    """

    original: str
    simplified: str
    start: tuple[int, ...] | None = None  # None: the two are aligned position by position
    end: tuple[int, ...] | None = None

    @classmethod
    def of(cls, text: str) -> Rendering:
        original = normalize(text)
        simplified = to_simplified(original)
        converted_lines = simplified.split("\n")
        original_lines = original.split("\n")
        assert len(converted_lines) == len(original_lines), "OpenCC keeps line breaks"
        if all(len(a) == len(b) for a, b in zip(original_lines, converted_lines)):
            return cls(original, simplified)
        start: list[int] = []
        end: list[int] = []
        offset = 0
        for line, converted in zip(original_lines, converted_lines):
            if len(line) == len(converted):
                start.extend(range(offset, offset + len(line)))
                end.extend(range(offset + 1, offset + len(line) + 1))
            else:
                _align(line, converted, offset, start, end)
            offset += len(line) + 1
            start.append(offset - 1)  # the newline
            end.append(offset)
        return cls(original, simplified, tuple(start[:-1]), tuple(end[:-1]))

    def span(self, first: int, last: int) -> str:
        """The original text behind the rendering's characters first..last-1."""
        if self.start is None or self.end is None:
            return self.original[first:last]
        return self.original[self.start[first] : self.end[last - 1]] if last > first else ""

    def restore(self, shown: str, cursor: int = 0) -> tuple[str, int]:
        """The original characters behind `shown`, found in the rendering at or after `cursor`, and the
        position after it.

        `shown` was made from the rendering by the engine's cleaning and splitting, which only delete
        characters (noise inside a line, spaces at cuts): it is usually one piece of the rendering, and
        otherwise a few pieces in order. Not found at all (never, for the engine's own output): `shown`
        unchanged and the cursor where it was.
        """
        if not shown:
            return shown, cursor
        found = self.simplified.find(shown, cursor)
        if found >= 0:
            return self.span(found, found + len(shown)), found + len(shown)
        pieces: list[str] = []
        rest, position = shown, cursor
        while rest:
            length, found = _longest_prefix(self.simplified, rest, position)
            if length == 0:
                return shown, cursor
            pieces.append(self.span(found, found + length))
            rest, position = rest[length:], found + length
        return "".join(pieces), position


def _align(line: str, converted: str, offset: int, start: list[int], end: list[int]) -> None:
    """Per character of `converted`, the span of `line` it came from (line starts at `offset`).

    A character-by-character conversion keeps the length; the phrase conversion agrees with it except
    inside the phrases that changed, which SequenceMatcher finds as replaced blocks.
    """
    pieces = [to_simplified(char) for char in line]
    by_char = "".join(pieces)
    source: list[int] = []  # per character of by_char: its index in line
    for index, piece in enumerate(pieces):
        source.extend([index] * len(piece))
    matcher = SequenceMatcher(None, by_char, converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                start.append(offset + source[i1 + k])
                end.append(offset + source[i1 + k] + 1)
        elif j2 > j1:  # replaced or inserted: every character of the block maps to the whole block
            if i1 < i2:
                first, last = source[i1], source[i2 - 1] + 1
            else:
                first = last = source[i1] if i1 < len(source) else len(line)
            start.extend([offset + first] * (j2 - j1))
            end.extend([offset + last] * (j2 - j1))


def _longest_prefix(text: str, piece: str, position: int) -> tuple[int, int]:
    """(length, where) of the longest prefix of `piece` that occurs in `text` at or after `position`."""
    low, high, where = 0, len(piece), -1
    while low < high:  # a prefix that occurs means every shorter one does: binary search on the length
        middle = (low + high + 1) // 2
        found = text.find(piece[:middle], position)
        if found >= 0:
            low, where = middle, found
        else:
            high = middle - 1
    if low and where < 0:
        where = text.find(piece[:low], position)
    return low, where


def restore(
    summary: Summary,
    text: Rendering,
    title: Rendering | None,
    *,
    join: Callable[[list[str]], str],
    budget: int | None,
) -> Summary:
    """The summary the engine made of a rendering, with every shown string in the original's characters.

    Headings and sentences are found in document order, so a sentence that occurs twice maps to its own
    occurrence; a keyword is shown as the article first writes it.
    """
    cursor = 0
    shown_title = summary.title
    if shown_title is not None:
        if title is not None and shown_title in title.simplified:
            shown_title = title.restore(shown_title)[0]
        else:  # the title came from the text's leading "#" heading
            shown_title, cursor = text.restore(shown_title, cursor)
    by_section: dict[int, list[Sentence]] = {}
    for sentence in summary.candidates:
        by_section.setdefault(sentence.section, []).append(sentence)
    candidates: list[Sentence] = []
    headings: list[str | None] = []
    for number, section in enumerate(summary.sections):
        heading = section.heading
        if heading is not None:
            heading, cursor = text.restore(heading, cursor)
        headings.append(heading)
        for sentence in by_section.get(number, ()):
            shown, cursor = text.restore(sentence.text, cursor)
            candidates.append(replace(sentence, text=shown))
    sections = tuple(
        Section(heading, section.theme, tuple(s for s in candidates if s.chosen and s.section == number))
        for number, (heading, section) in enumerate(zip(headings, summary.sections))
    )
    joined = join([s.text for s in candidates if s.chosen])
    if budget is not None:
        joined = joined[:budget]
    keywords = tuple(as_written(word, text) or word for word in summary.keywords)
    return Summary(shown_title, joined, keywords, sections, tuple(candidates), script="traditional")


def as_written(word: str, text: str | Rendering) -> str | None:
    """A Simplified `word` as `text` (in either script, or its Rendering) first writes it: an HK sentence's
    用户 and 泄露, where Taiwan writes 用戶 and 洩露. None when the text does not have the word."""
    rendering = text if isinstance(text, Rendering) else Rendering.of(text)
    found = rendering.simplified.find(word)
    return rendering.span(found, found + len(word)) if found >= 0 else None


def simplified_terms(terms: Sequence[str]) -> tuple[str, ...]:
    """Terms in Simplified, in order, without repeats: for lexicons configured in either script."""
    return tuple(dict.fromkeys(to_simplified(term) for term in terms))

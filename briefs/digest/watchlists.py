"""Watchlists: which of the day's articles a team follows, and which of its terms each one matched.

Contract: `parse_watchlists(raw, push_names, source)` turns the config's `[[watchlists]]` tables into
`Watchlist` values or raises one `BriefError` naming the file, the table and the key; `match(watchlist,
text)` is pure and says whether an article's cleaned text and title match, with the terms that did.

A term is `/regex/` (searched as written, case-insensitively) or `A|B|…` alternatives of literal words.
Terms and text both go through `normalise` (NFKC, Simplified script, case-folded). A literal matches as
a word: a Latin edge (`ai`) must not touch another Latin letter or digit (`training`), and a Chinese edge
must not cut a word of the text's jieba segmentation (`航天` in 导航天线 or 宇航天文), unless the term
is the head or tail of one word (`航天` in 航天员, `智能` in 人工智能). jieba runs without HMM, so every
multi-character token is a dictionary (or user-dictionary) word: only those can veto a match.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from briefs.errors import BriefError
from summarize.model import Summary

KEYS = ("name", "any", "all", "none", "min_hits", "main", "mail_to", "push_to")
TITLE_WEIGHT = 2  # a term in the headline says more about the story than one in the body
# A watchlist's name is also its folder under OUT: letters of any script, digits, space, - _ ·
_NAME = re.compile(r"[^\W_][\w\- ·]*")
_LATIN = re.compile(r"[0-9a-z]")

Tokenize = Callable[[str], Sequence[tuple[str, int, int]]]  # text -> (word, start, end) in characters


def _as_is(text: str) -> str:
    """zhbrief's own words as they are, in Simplified: a label's default (render.in_script gives another)."""
    return text


@lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str] | None:
    """The engine's Traditional-to-Simplified converter (OpenCC, `summarize.script`), when this build has it.

    Without it Traditional text matches only Traditional terms; with it, both scripts match alike.
    """
    try:
        from summarize.script import to_simplified  # type: ignore[import-not-found]
    except ImportError:
        return None
    return to_simplified  # type: ignore[no-any-return]


def _script(text: str) -> str:
    convert = _to_simplified()
    return text if convert is None else str(convert(text))


def normalise(text: str) -> str:
    """The one form terms and texts are compared in: NFKC (full-width as ASCII), Simplified, case-folded."""
    return _script(unicodedata.normalize("NFKC", text)).casefold()


# --- terms ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    """One way a term can occur: a literal word or a regular expression, over normalised text."""

    written: str  # as the user wrote it, for display
    pattern: re.Pattern[str]
    word_edges: tuple[bool, bool] = (False, False)  # check the left/right edge against the segmentation


@dataclass(frozen=True)
class Term:
    """One entry of any/all/none: it matches when any of its alternatives does."""

    written: str
    alternatives: tuple[Alternative, ...]


def _cjk(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and not _LATIN.match(char)


def literal(written: str) -> Alternative:
    word = normalise(written)
    left = r"(?<![0-9a-z])" if _LATIN.match(word[0]) else ""
    right = r"(?![0-9a-z])" if _LATIN.match(word[-1]) else ""
    return Alternative(written, re.compile(left + re.escape(word) + right), (_cjk(word[0]), _cjk(word[-1])))


def parse_term(written: str) -> Term:
    """`/regex/` or `A|B|…`; raises ValueError with what is wrong."""
    text = written.strip()
    if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
        source = text[1:-1]
        if not source:
            raise ValueError("an empty regular expression")
        try:
            pattern = re.compile(_script(source), re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"invalid regular expression {text}: {error}") from None
        if pattern.search(""):
            raise ValueError(f"the regular expression {text} matches the empty string, so it would match every article")
        return Term(text, (Alternative(text, pattern),))
    words = [w.strip() for w in text.split("|")]
    if not all(words) or not any(normalise(w) for w in words):
        raise ValueError(f"{written!r} has an empty alternative (write A|B, and /…/ for a regular expression)")
    return Term(text, tuple(literal(w) for w in words))


# --- watchlists ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Watchlist:
    name: str
    any: tuple[Term, ...] = ()  # at least one of these
    all: tuple[Term, ...] = ()  # and every one of these
    none: tuple[Term, ...] = ()  # and none of these
    min_hits: int = 1  # occurrences of any/all terms needed; a title occurrence counts TITLE_WEIGHT
    main: bool = True  # False: the articles it takes are left out of the all-articles brief
    mail_to: tuple[str, ...] = ()
    push_to: tuple[str, ...] = ()

    def describe(self, label: Callable[[str], str] = _as_is) -> str:
        """The rule in one line, as the brief shows it under its heading: zhbrief's words through `label` (the
        brief's script, render.in_script), the terms as written."""
        parts = []
        # "关注条件：含 A、B 之一；须含 C；排除 D": the line already opens on a colon, so no part adds one.
        if self.any:
            parts.append(label("含 ") + "、".join(t.written for t in self.any) + label(" 之一"))
        if self.all:
            parts.append(label("须含 ") + "、".join(t.written for t in self.all))
        if self.none:
            parts.append(label("排除 ") + "、".join(t.written for t in self.none))
        if self.min_hits > 1:
            parts.append(label(f"至少命中 {self.min_hits} 次（标题计两次）"))
        return "；".join(parts)


def _push_names(raw: object) -> tuple[str, ...] | None:
    """Names of the config's [[push]] targets; None when it has none (then no push_to name can be valid)."""
    if not isinstance(raw, list):
        return None
    return tuple(t["name"] for t in raw if isinstance(t, dict) and isinstance(t.get("name"), str))


def parse_watchlists(raw: object, push: object, source: Path | str) -> tuple[Watchlist, ...]:
    """The config's [[watchlists]] tables (`raw`), push_to checked against [[push]] names (`push`)."""

    def error(where: str, key: str | None, what: str) -> BriefError:
        return BriefError(f"{source}: {where}{' ' + key if key else ''}: {what}")

    if not isinstance(raw, list) or not raw:
        raise error("[[watchlists]]", None, "expected one or more [[watchlists]] tables")
    push_names = _push_names(push)
    lists: list[Watchlist] = []
    folders: dict[str, str] = {}
    for number, table in enumerate(raw, start=1):
        where = f"[[watchlists]] #{number}"
        if not isinstance(table, dict):
            raise error(where, None, f"expected a table, got {table!r}")
        name = table.get("name")
        if isinstance(name, str) and name.strip():
            where = f"[[watchlists]] #{number} ({name.strip()})"
        for key in table:
            if key not in KEYS:
                raise error(where, key, f"unknown key (expected one of: {', '.join(KEYS)})")
        if not isinstance(name, str) or not _NAME.fullmatch(name.strip()):
            raise error(where, "name", f"expected a name of letters, digits, spaces, '-', '_' or '·' "
                                       f"(it is also the brief's folder), got {name!r}")
        name = name.strip()
        if name.casefold() in folders:
            raise error(where, "name", f"{name!r} is used by another watchlist (folder names must differ)")
        folders[name.casefold()] = name

        def terms(key: str) -> tuple[Term, ...]:
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise error(where, key, f"expected a list of non-empty strings, got {value!r}")
            parsed = []
            for text in value:
                try:
                    parsed.append(parse_term(text))
                except ValueError as problem:
                    raise error(where, key, str(problem)) from None
            return tuple(parsed)

        def names(key: str) -> tuple[str, ...]:
            value = table.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise error(where, key, f"expected a list of non-empty strings, got {value!r}")
            return tuple(v.strip() for v in value)

        any_terms, all_terms, none_terms = terms("any"), terms("all"), terms("none")
        if not any_terms and not all_terms:
            raise error(where, "any", "a watchlist needs terms in any or all (none alone would take every other article)")
        min_hits = table.get("min_hits", 1)
        if isinstance(min_hits, bool) or not isinstance(min_hits, int) or min_hits < 1:
            raise error(where, "min_hits", f"expected a whole number of at least 1, got {min_hits!r}")
        main = table.get("main", True)
        if not isinstance(main, bool):
            raise error(where, "main", f"expected true or false, got {main!r}")
        mail_to = names("mail_to")
        if mail_to:
            from briefs.deliver.mail import parse_address

            for address in mail_to:
                try:
                    parse_address(address, "recipient")
                except BriefError as problem:
                    raise error(where, "mail_to", str(problem)) from None
        push_to = names("push_to")
        for target in push_to:
            if push_names is None:
                raise error(where, "push_to", f"unknown push target {target!r}: the config has no [[push]] tables")
            if target not in push_names:
                raise error(where, "push_to", f"unknown push target {target!r} (the [[push]] targets are: "
                                              f"{', '.join(push_names) or 'none'})")
        lists.append(Watchlist(name, any_terms, all_terms, none_terms, min_hits, main, mail_to, push_to))
    return tuple(lists)


# --- matching ------------------------------------------------------------------------------------------------


class Text:
    """One normalised text (a title or a body) and, computed only when a Chinese edge needs it, its words."""

    def __init__(self, raw: str, tokenize: Tokenize) -> None:
        self.text = normalise(raw)
        self._tokenize = tokenize

    @cached_property
    def _words(self) -> tuple[list[int], list[int]]:
        starts, ends = [], []
        for word, start, end in self._tokenize(self.text):
            if end - start > 1 and not word.isspace():
                starts.append(start)
                ends.append(end)
        return starts, ends

    def _word_at(self, position: int) -> tuple[int, int] | None:
        """The multi-character word that holds the character at `position`, if any."""
        starts, ends = self._words
        i = bisect_right(starts, position) - 1
        if i >= 0 and ends[i] > position:
            return starts[i], ends[i]
        return None

    def _whole(self, start: int, end: int, edges: tuple[bool, bool]) -> bool:
        """Whether [start, end) is a word, words, or the head or tail of one word (Chinese edges only)."""
        left = self._word_at(start) if edges[0] else None
        right = self._word_at(end - 1) if edges[1] else None
        if left is not None and left == right and left[0] <= start and end <= left[1]:
            return left[0] == start or left[1] == end  # 航天员, 人工智能 — not mid-word
        cut_left = left is not None and left[0] < start
        cut_right = right is not None and right[1] > end
        return not (cut_left or cut_right)

    def count(self, alternative: Alternative) -> int:
        found = 0
        for hit in alternative.pattern.finditer(self.text):
            if not any(alternative.word_edges) or self._whole(hit.start(), hit.end(), alternative.word_edges):
                found += 1
        return found


@dataclass(frozen=True)
class TermHit:
    term: str  # the alternative as written
    body: int
    title: int

    @property
    def weight(self) -> int:
        return self.body + TITLE_WEIGHT * self.title

    def shown(self, label: Callable[[str], str] = _as_is) -> str:
        """"医疗×3（含标题）": the term as written, zhbrief's words through `label`."""
        times = self.body + self.title
        return f"{self.term}{f'×{times}' if times > 1 else ''}{label('（含标题）') if self.title else ''}"


@dataclass(frozen=True)
class Match:
    matched: bool
    hits: tuple[TermHit, ...] = ()  # the any/all alternatives found, in the watchlist's order
    excluded_by: tuple[TermHit, ...] = ()
    reason: str = ""  # why not, in words

    @property
    def weight(self) -> int:
        return sum(h.weight for h in self.hits)

    def shown(self, label: Callable[[str], str] = _as_is) -> str:
        """The terms found, as a brief lists them beside the story (`label`: as in TermHit.shown)."""
        return "、".join(hit.shown(label) for hit in self.hits)


@dataclass
class ArticleText:
    """An article's title and cleaned text, segmented at most once, shared by every watchlist."""

    title: str
    body: str
    tokenize: Tokenize
    _texts: dict[str, Text] = field(default_factory=dict)

    def hits(self, term: Term) -> tuple[TermHit, ...]:
        if not self._texts:
            self._texts = {"title": Text(self.title, self.tokenize), "body": Text(self.body, self.tokenize)}
        found = []
        for alternative in term.alternatives:
            title, body = self._texts["title"].count(alternative), self._texts["body"].count(alternative)
            if title or body:
                found.append(TermHit(alternative.written, body, title))
        return tuple(found)


def match(watchlist: Watchlist, text: ArticleText) -> Match:
    """Whether the article belongs in the watchlist's brief, with the terms that did (or the reason not)."""
    excluded = tuple(h for term in watchlist.none for h in text.hits(term))
    any_hits = [text.hits(term) for term in watchlist.any]
    all_hits = [text.hits(term) for term in watchlist.all]
    hits = tuple(h for found in (*any_hits, *all_hits) for h in found)
    weight = sum(h.weight for h in hits)
    if excluded:
        return Match(False, hits, excluded, "excluded by " + ", ".join(h.term for h in excluded))
    if watchlist.any and not any(any_hits):
        return Match(False, hits, reason="no term of any: " + ", ".join(t.written for t in watchlist.any))
    missing = [term.written for term, found in zip(watchlist.all, all_hits) if not found]
    if missing:
        return Match(False, hits, reason="missing from all: " + ", ".join(missing))
    if weight < watchlist.min_hits:
        return Match(False, hits, reason=f"{weight} hit{'s' if weight != 1 else ''}, min_hits is {watchlist.min_hits}")
    return Match(True, hits)


def article_text(title: str | None, headings: Sequence[str | None], sentences: Sequence[tuple[int, str]],
                 tokenize: Tokenize) -> ArticleText:
    """The text an article is matched on: its section headings and cleaned sentences, in order."""
    lines: list[str] = []
    current = -1
    for section, sentence in sentences:
        while current < section:
            current += 1
            heading = headings[current] if current < len(headings) else None
            if heading:
                lines.append(heading)
        lines.append(sentence)
    return ArticleText(title or "", "\n".join(lines), tokenize)


def summary_text(summary: Summary, title: str | None, tokenize: Tokenize) -> ArticleText:
    """`article_text` of an engine summary: every candidate sentence (the cleaned article), by position."""
    ordered = sorted(summary.candidates, key=lambda c: c.index)
    return article_text(summary.title or title, [s.heading for s in summary.sections],
                        [(c.section, c.text) for c in ordered], tokenize)


def tokenizer(user_words: Sequence[Any] = ()) -> Tokenize:
    """jieba (through jieba-rs) without HMM, with the config's user dictionary: see the module docstring."""
    from summarize.segment import segmenter

    jieba = segmenter(tuple(user_words))
    return lambda text: jieba.tokenize(text, "default", False)

"""Sentence splitting for Chinese text with English inside it.

Boundaries are 。！？；… and their ASCII forms; closing quotes and brackets stay with the sentence they
close; decimals, times and URLs are not boundaries; text without a final mark is kept; a run longer than
`max_chars` is split at commas (or, with none, at the limit) rather than dropped or kept whole.
"""
from __future__ import annotations

import re

from summarize import regex
from summarize.clean import CLOSERS

# Candidate boundaries: runs of final marks, ellipses, and full stops (group 1), with the closers after
# them; an English full stop is kept only when it ends a sentence (checked in Python: cheaper than
# lookarounds at every position of the text).
_CLOSER_CLASS = "[" + re.escape(CLOSERS) + "]*"
_MARKS = regex.compile(r"(?:[。！？!?；;]+|…+|(\.+))" + _CLOSER_CLASS)
# Without dots and ASCII quotes (most Chinese paragraphs) every mark is a boundary: the sentences are
# then simply the runs up to and including each mark and its closers, found in one call.
_PLAIN_SENTENCE = regex.compile(r"[^。！？!?；;…]*(?:[。！？!?；;]+|…+)" + _CLOSER_CLASS)
_WORD_BEFORE = regex.compile(r"([A-Za-z]+)$")
_ABBREVIATIONS = frozenset({"Mr", "Ms", "Mrs", "Dr", "St", "vs", "No", "Prof", "Inc", "Jr", "Sr"})
_OPENERS_AFTER_SPACE = "\"“‘([" 


def _ends_english_sentence(text: str, dot: int, after: int) -> bool:
    """Is the single "." at `dot` a full stop? `after` is the index past any closers that follow it."""
    before = text[dot - 1] if dot else ""
    if not (before.isascii() and (before.isalnum() or before in ")]\"'%")) and before not in "”’":
        return False  # "。." or a stray dot: not an English sentence end
    if after < len(text) and text[after].isdigit():
        return False  # 3.5, 2.0, www.x.cn
    word = _WORD_BEFORE.search(text, max(0, dot - 8), dot)
    if word and (word.group(1) in _ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper())):
        return False  # Mr. Smith, J. K. Rowling
    if after >= len(text) or not text[after:].strip():
        return True
    following = text[after]
    if following.isspace():
        nxt = text[after:].lstrip()[:1]
        return nxt.isupper() or nxt in _OPENERS_AFTER_SPACE  # not "3. 职业院校…": a list number
    return "\u3400" <= following <= "\u9fff"  # "The deal is done.随后…"


def _boundaries(text: str):
    """End index (past closers) of every sentence boundary in the text."""
    for mark in _MARKS.finditer(text):
        dots = mark.group(1)
        if dots is not None and (len(dots) == 2 or (len(dots) == 1 and not _ends_english_sentence(text, mark.start(), mark.end()))):
            continue  # ".." and dots that are not full stops
        yield mark.end()


_COMMAS = regex.compile(r"(?<=[，,])")


def _closing_ok(sentence: str) -> str:
    """ASCII quotes are closers only when they close something: drop one that opens the next sentence."""
    if sentence.endswith(('"', "'")):
        quote = sentence[-1]
        if sentence.count(quote) % 2 == 1 and not sentence[:-1].rstrip(CLOSERS).endswith(tuple(".!?;。！？；…")):
            return sentence[:-1]
    return sentence


SOFT_CUT_BACK = 20  # how far before the limit an enumeration comma or a space is still a better cut


def _in_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".%")


def _cut(clause: str, limit: int) -> int:
    """Where a clause longer than `limit` is cut: not inside a number or a Latin word ("…和2" / "0余场"),
    else just after an enumeration comma, a semicolon or a space close before the limit, else at it."""
    if _in_word(clause[limit - 1]) and _in_word(clause[limit]):
        start = limit - 1
        while start > 0 and _in_word(clause[start - 1]):
            start -= 1
        if start > 0:
            return start
    soft = max(clause.rfind(mark, max(0, limit - SOFT_CUT_BACK), limit) for mark in "、；; ")
    return soft + 1 if soft > 0 else limit


def split_long(sentence: str, max_chars: int) -> list[str]:
    """Split a run longer than max_chars at commas, greedily; a clause still too long is cut near the limit
    (`_cut`: never inside a number or a Latin word)."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in _COMMAS.split(sentence):
        while len(clause) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            cut = _cut(clause, max_chars)
            pieces.append(clause[:cut])
            clause = clause[cut:]
        if current and len(current) + len(clause) > max_chars:
            pieces.append(current)
            current = ""
        current += clause
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


_TRAILING = frozenset(CLOSERS + "。！？!?；;….")


def _punctuation_only(piece: str) -> bool:
    """A closing quote or bracket, dots or a stop left alone after a full stop ('他表示："这是第一步。 "'):
    the end of the sentence before it, not a sentence of its own. (A layout mark such as ■ opens what
    follows: it stays where it is, for the roles to judge.)"""
    return len(piece) <= 8 and all(char in _TRAILING for char in piece)


def _joined_to_previous(pieces: list[str]) -> list[str]:
    """The non-blank `pieces` (as cut, spaces and all), stripped, each piece of punctuation alone joined to
    the sentence before it with the space written between them: a sentence is always a part of the text."""
    joined: list[str] = []
    for piece in pieces:
        text = piece.strip()
        if not text:
            continue
        if joined and _punctuation_only(text):
            joined[-1] += piece.rstrip()
        else:
            joined.append(text)
    return joined


def split_sentences(paragraph: str, max_chars: int = 160) -> list[str]:
    """The sentences of one paragraph, in order; their concatenation is the paragraph minus spaces at cuts,
    and each is a part of it."""
    if "." not in paragraph and '"' not in paragraph and "'" not in paragraph:
        pieces = _PLAIN_SENTENCE.findall(paragraph)
        start = sum(map(len, pieces))
    else:
        pieces, start = [], 0
        for end in _boundaries(paragraph):
            piece = _closing_ok(paragraph[start:end])
            pieces.append(piece)
            start += len(piece)
    pieces.append(paragraph[start:])
    sentences = [piece for piece in map(str.strip, pieces) if piece]
    if len(sentences) > 1 and any(_punctuation_only(sentence) for sentence in sentences[1:]):
        sentences = _joined_to_previous(pieces)
    if all(len(sentence) <= max_chars for sentence in sentences):
        return sentences
    out: list[str] = []
    for sentence in sentences:
        out.extend(split_long(sentence, max_chars))
    return out

"""The gated patterns of the cleaning steps: skipped where none of their words is, so every match of
each must hold one of them, or an alternative would silently never run."""
from __future__ import annotations

import re
import sys
from itertools import product
from re import _constants as c
from re import _parser

from summarize import clean, furniture, roles
from summarize.gated import Needs


def _always_has(items: object, words: tuple[str, ...], folded: tuple[str, ...] = (), ignorecase: bool = False) -> bool:
    """Whether every text a parsed pattern (re._parser items) matches in holds one of `words` literally, or,
    where the pattern ignores case, one of `folded` in its lower-case form."""
    items = list(items)
    found = folded if ignorecase else words
    # Runs of literals and classes of literals (the parser makes 未经|未經 未[经經]): each spelling of a run
    # must hold a word.
    runs: list[list[str]] = [[]]
    for op, av in items:
        if op is c.LITERAL:
            runs[-1].append(chr(av))
        elif op is c.IN and all(o is c.LITERAL for o, _ in av) and len(av) <= 8:
            runs[-1].append("".join(chr(a) for _, a in av))
        else:
            runs.append([])
    for run in runs:
        spellings = ["".join(chars) for chars in product(*run)] if run else []
        if ignorecase:
            spellings = [spelling.lower() for spelling in spellings]
        if spellings and all(any(word in spelling for word in found) for spelling in spellings):
            return True
    for op, av in items:
        if op is c.BRANCH and all(_always_has(branch, words, folded, ignorecase) for branch in av[1]):
            return True
        if op is c.SUBPATTERN:
            _, add, remove, inner = av
            inner_case = bool((ignorecase or add & c.SRE_FLAG_IGNORECASE) and not remove & c.SRE_FLAG_IGNORECASE)
            if _always_has(inner, words, folded, inner_case):
                return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _always_has(av[2], words, folded, ignorecase):
            return True
        # a lookahead or lookbehind that must hold: the word is in the text, if not in the match itself
        if op is c.ASSERT and _always_has(av[1], words, folded, ignorecase):
            return True
    return False


def _gated() -> list[tuple[str, Needs]]:
    found = [(f"{m.__name__}.{name}", p) for m in (clean, furniture, roles) for name, p in vars(m).items()
             if isinstance(p, Needs)]
    found += [(f"roles: {name}", p) for name, p in (*roles._JUNK_RULES, *roles._GLUED) if isinstance(p, Needs)]
    return found


def test_every_match_of_a_gated_pattern_holds_one_of_its_words() -> None:
    gated = _gated()
    assert len(gated) >= 20
    for name, needs in gated:
        parsed = _parser.parse(needs.pattern.pattern, needs.pattern.flags)
        ignorecase = bool(needs.pattern.flags & re.IGNORECASE)
        assert _always_has(parsed, needs.words, needs.folded, ignorecase), name


def test_the_check_fails_a_pattern_with_an_alternative_outside_its_words() -> None:
    assert not _always_has(_parser.parse("(?:a讯)?b|讯"), ("讯",))  # an optional word is not enough
    assert not _always_has(_parser.parse("(?i:copyright)|©"), ("copyright", "©"))  # COPYRIGHT too
    assert _always_has(_parser.parse("(?i:copyright)|©"), ("©",), ("copy",))
    assert not _always_has(_parser.parse(r"\d[-—.]\d"), ("-", "—"))
    assert not _always_has(_parser.parse("a(?!讯)"), ("讯",))  # a negative lookahead is no word
    assert _always_has(_parser.parse("a(?=b|讯c)"), ("讯", "b"))


def test_a_folded_word_is_found_in_lower_case_whatever_case_the_pattern_matched() -> None:
    # re's IGNORECASE matches "ı" (dotless i) and "ſ" (long s) for i and s, which str.lower() keeps as
    # they are: a folded word must not hold such letters, or a match could hide from the gate.
    letters = {ch for _, needs in _gated() for word in needs.folded for ch in word}
    assert letters
    for letter in letters:
        same = re.compile(re.escape(letter), re.IGNORECASE)
        assert all(chr(cp).lower() == letter for cp in range(sys.maxunicode + 1) if same.fullmatch(chr(cp))), letter
    assert re.fullmatch("(?i)i", "ı") and "ı".lower() != "i"  # why: the check above would catch "copyright"


def test_a_gated_pattern_answers_as_its_pattern_does() -> None:
    needs = Needs(("供图", "摄"), r"(?:[\u4e00-\u9fff]{1,12})?(?:供图|摄)\s*$")
    for text in ("小花母亲供图", "本报记者 李明 摄", "今天天气很好。", "供图者说明了情况。", ""):
        assert (needs.search(text) is None) == (needs.pattern.search(text) is None), text
        assert (needs.match(text) is None) == (needs.pattern.match(text) is None), text


def test_a_gated_pattern_is_compiled_only_once_a_text_holds_one_of_its_words() -> None:
    needs = Needs(("供图",), r"[\u4e00-\u9fff]{1,12}供图$")
    assert needs.search("今天天气很好。") is None and needs._pattern is None  # nothing to compile for
    assert needs.search("小花母亲供图") is not None and needs._pattern is needs.pattern

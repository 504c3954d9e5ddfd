"""The engine's (and the reader's) regular expressions, compiled once per Python release, not once per process.

The engine's patterns read Han text through character classes such as `[\\u4e00-\\u9fff]`, and CPython's
`re` builds such a class code point by code point in Python: compiling the ~190 patterns a summary needs
took a fifth of a cold `zhbrief summarize` (about 70 ms of 0.37 s), and the module-level patterns of the
page reader, the renderer and the digest composer another 30 ms, so those come from here too. What `re`
compiles a pattern to depends only on the pattern, its flags and the `_sre` release, so the compiled
programs ship with the package in `data/regex_programs.marshal` (written by `python -m tests.regex_table
--write`), keyed by pattern text and flags. A pattern edited since, a pattern made at run time or another Python release
finds no program and compiles as usual, so the table can only make a start faster, never change a match;
`tests/test_regex.py` checks that each shipped program is what `re` compiles today and that every engine
pattern has one.
"""
from __future__ import annotations

import marshal
import re
import sys
from functools import lru_cache
from importlib import resources
from typing import Any

import _sre
from re import _compiler, _parser  # type: ignore[attr-defined]

TABLE = "data/regex_programs.marshal"
# Programs are valid for one interpreter and one `_sre` release.
RELEASE = f"{sys.implementation.cache_tag}-sre{_sre.MAGIC}"

Program = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

asked: dict[tuple[str, int], None] = {}  # every (pattern, flags) compiled here, in order: what the table holds


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - named as re.compile, used in its place
    """`re.compile(pattern, flags)`, from the shipped program when there is one."""
    flags = int(flags)
    asked[pattern, flags] = None
    program = shipped().get((pattern, flags))
    if program is None:
        return re.compile(pattern, flags)
    return _sre.compile(pattern, *program)


def program(pattern: str, flags: int = 0) -> Program:
    """What `re` compiles the pattern to: the arguments of `_sre.compile` after the pattern itself."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The opcodes are int subclasses; marshal takes plain ints.
    return int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup)


@lru_cache(maxsize=1)
def shipped() -> dict[tuple[str, int], Program]:
    try:
        release, programs = marshal.loads(resources.files("summarize").joinpath(TABLE).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return programs if release == RELEASE else {}

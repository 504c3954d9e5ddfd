"""The shipped table of compiled patterns (summarize/regex.py): what re compiles, for every engine pattern."""
from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarize import regex
from tests.regex_table import DATA

ROOT = Path(__file__).resolve().parent.parent
WRITTEN_FOR = marshal.loads(DATA.read_bytes())[0]
# The table is written for one interpreter release; under another the engine compiles as usual (a slower
# start, the same matches), and these checks say so instead of failing.
for_this_python = pytest.mark.skipif(
    WRITTEN_FOR != regex.RELEASE, reason=f"the shipped table is for {WRITTEN_FOR}, this is {regex.RELEASE}"
)


@for_this_python
def test_the_table_holds_the_engine_patterns() -> None:
    # In a fresh process: this one's tests compile patterns of their own (user themes) through regex.
    result = subprocess.run(
        [sys.executable, "-m", "tests.regex_table", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


@for_this_python
def test_every_shipped_program_is_what_re_compiles() -> None:
    programs = regex.shipped()
    assert len(programs) > 100
    for pattern, flags in programs:
        assert regex.compile(pattern, flags) == re.compile(pattern, flags), pattern  # same flags, text and code


def test_a_pattern_the_table_lacks_compiles_as_usual() -> None:
    pattern = r"(?P<year>\d{4})年[\u4e00-\u9fff]{2}"
    assert (pattern, 0) not in regex.shipped()
    compiled = regex.compile(pattern)
    assert compiled == re.compile(pattern)
    match = compiled.search("截至2026年年底")
    assert match is not None and match.group("year") == "2026"


@for_this_python
def test_a_shipped_program_matches_as_re_does() -> None:
    pattern, flags = next(key for key in regex.shipped() if "\\u4e00-\\u9fff" in key[0] and "(?P<" in key[0])
    compiled, reference = regex.compile(pattern, flags), re.compile(pattern, flags)
    assert compiled.groupindex == reference.groupindex and compiled.groups == reference.groups

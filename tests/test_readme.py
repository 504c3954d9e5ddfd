"""The README's examples are real: every `$ zhbrief …` block is run and its output compared.

Like sqlite-utils' docs checks: the README cannot drift from what the tool prints.
"""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# A fenced block whose first line is "$ zhbrief …"; the rest of the block up to the next "$ " is the output.
BLOCK = re.compile(r"```\n(\$ zhbrief .*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    found = []
    for block in BLOCK.findall(README):
        for chunk in re.split(r"(?m)^(?=\$ zhbrief )", block):
            if chunk.strip():
                command, _, output = chunk.partition("\n")
                found.append((command[2:], output))
    return found


def test_readme_has_examples() -> None:
    assert len(examples()) >= 2


@pytest.mark.parametrize("command, expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_output(command: str, expected: str) -> None:
    argv = shlex.split(command)
    assert argv[0] == "zhbrief"
    result = subprocess.run(
        [sys.executable, "-m", "briefs", *argv[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected.strip(), (
        "README example is out of date; rerun the command and paste its output"
    )

"""Golden quality check: zhbrief's summaries of the repository's own articles equal the pinned ones.

A change to the engine that moves any chosen sentence, score, keyword or theme shows up here as a diff
to review; `make golden` accepts it on purpose (see tests/golden.py).
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests import golden

CASES = golden.cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_summary_equals_the_pinned_golden(case: golden.Case) -> None:
    difference = golden.diff(case, golden.render(case))
    if difference is not None:
        pytest.fail(f"{case.name} changed:\n{difference}", pytrace=False)


def test_every_pinned_golden_has_an_article() -> None:
    assert golden.stale(CASES) == [], golden.HINT


def test_the_cases_cover_every_kind_of_article() -> None:
    names = {case.name for case in CASES}
    for expected in (
        "inbox-2026-11-25-robotics-scraped.default.json",
        "inbox-2026-11-25-ai-chip.budget60.json",  # HTML
        "inbox-2026-11-25-smart-factory.default.json",  # Markdown
        "inbox-2026-11-25-medical-ai.default.json",  # JSON
        "inbox-wire-wire-20261125-001.default.json",  # a JSONL line
        "fixtures-scraped-ev-battery.budget60.json",
    ):
        assert expected in names
    assert not any("README" in name for name in names)


def test_goldens_are_what_the_cli_prints() -> None:
    # The pinned files are `zhbrief summarize FILE --format json [--budget 60]`, not an imitation of it.
    for variant, flags in (("default", []), ("budget60", ["--budget", "60"])):
        name = f"inbox-2026-11-25-robotics-scraped.{variant}.json"
        result = subprocess.run(
            [sys.executable, "-m", "briefs", "summarize", "samples/inbox/2026-11-25-robotics-scraped.txt", "--format", "json", *flags],
            cwd=golden.ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout == (golden.GOLDEN / name).read_text(encoding="utf-8")


def test_a_changed_summary_fails_with_a_diff_and_the_remedy() -> None:
    case = next(c for c in CASES if c.name.endswith("robotics-scraped.budget60.json"))
    message = golden.diff(case, golden.render(case).replace('"summary": "', '"summary": "改动', 1))
    assert message is not None
    assert "+  \"summary\": \"改动" in message and "-  \"summary\": \"" in message
    assert "run make golden if this change is intended" in message

"""Shared test fixtures: where the repository's samples and ../shared material live."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = ROOT / "samples"
SHARED = Path(__import__("os").environ.get("ZHBRIEF_SHARED", ROOT.parent / "shared"))
SCRAPED_PAGE = SHARED / "samples" / "ai-medical-scraped.txt"
NLPCC_DEV = SHARED / "data" / "nlpcc2017_dev.jsonl"


def need_shared(path: Path) -> Path:
    """The ../shared file, or a skip that says it is absent (tests must not copy shared material)."""
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads ../shared, which is not in the repository")
    return path


@pytest.fixture
def scraped_page() -> str:
    return need_shared(SCRAPED_PAGE).read_text(encoding="utf-8")


@pytest.fixture
def nlpcc_dev() -> Path:
    return need_shared(NLPCC_DEV)

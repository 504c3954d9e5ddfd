"""Golden files for the rendered brief and index: a fixed, hand-built Brief rendered to Markdown and HTML.

    python -m tests.golden_brief          # compare; exit 1 and name the files that differ
    python -m tests.golden_brief --write  # regenerate on purpose (`make golden`), then review the diff

The Brief is written out here rather than summarized from samples, so tuning the engine never moves
these files: only a change to the templates or to `briefs/render.py` does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from briefs.errors import BriefError
from briefs.model import Article, Brief, BriefCounts, BriefItem, Document, Failure, IndexEntry, Outlet, ThemeSection
from briefs.reading.ingest import failure
from briefs.reading.read import read_document
from briefs.render import index_entry, render_brief, render_index
from summarize.model import OTHER, Section, Sentence, Summary
from summarize.themes import DEFAULT_THEMES

GOLDEN = Path(__file__).resolve().parent / "golden" / "brief"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2026, 11, 25)
BREAKTHROUGHS, DEPLOYMENT, CHALLENGES = DEFAULT_THEMES


def article(
    *, origin: str, title: str | None, url: str | None, source: str | None, hour: int | None,
    sections: list[tuple[str | None, object, list[tuple[str, float]]]], other_sources: tuple[Outlet, ...] = (),
) -> Article:
    """An Article whose summary has the given sections of (sentence, score); every sentence is chosen."""
    built: list[Section] = []
    candidates: list[Sentence] = []
    for number, (heading, theme, sentences) in enumerate(sections):
        chosen = []
        for text, score in sentences:
            sentence = Sentence(text, len(candidates), number, score, True, "")
            chosen.append(sentence)
            candidates.append(sentence)
        built.append(Section(heading, theme, tuple(chosen)))  # type: ignore[arg-type]
    summary = Summary(title, "".join(s.text for s in candidates), (), tuple(built), tuple(candidates))
    published = None if hour is None else dt.datetime(2026, 11, 25, hour, 30, tzinfo=SHANGHAI)
    document = Document(origin, "", title, None, url, source, published)
    return Article(document, summary, f"fp-{origin}", other_sources)


def sample_brief() -> Brief:
    """A day with every theme but one, links and no links, a folded duplicate, and text that must be escaped."""
    robot = article(
        origin="inbox/2026-11-25-robotics-scraped.txt",
        title="国产手术机器人精度再提升，远程手术从“能做”到“常做”",
        url="https://news.example.cn/tech/2026/11/25/surgical-robot.html",
        source="科创时报",
        hour=9,
        sections=[
            ("技术攻关 国产手术机器人精度再提升", BREAKTHROUGHS,
             [("该机器人的末端定位精度达到0.1毫米，较上一代提升约40%。", 2.4)]),
            ("临床应用 已完成远程手术86例", DEPLOYMENT,
             [("目前“灵枢-3”已在全国23家医院投入使用，累计完成手术1200余例。", 1.9)]),
            ("挑战 高端核心部件仍依赖进口", CHALLENGES,
             [("业内人士指出，高精度减速器和力传感器的国产化率仍不足三成。", 1.5)]),
        ],
        other_sources=(Outlet("南方快讯网", "https://wire.example.com/2026/11/25/001.html"),),
    )
    chip = article(
        origin="inbox/2026-11-25-ai-chip.html",
        title="[快讯] 7nm *AI* 推理芯片 | 量产 <script>alert(1)</script>",
        url="https://chips.example.com/news/2026/11/25/a_(b) x?q=1&lang=zh&t=\"quoted\"",
        source="芯闻网",
        hour=11,
        sections=[
            ("性能", BREAKTHROUGHS, [("1. 单芯片算力达到256 TOPS，能效比提升2.1倍。", 2.4)]),
            ("量产", DEPLOYMENT, [("- 首批10万片已交付三家云服务商 & 两家车企。", 1.2)]),
        ],
    )
    factory = article(
        origin="inbox/2026-11-25-smart-factory.md",
        title="5G+工业互联网：一座“灯塔工厂”的3年转型",
        url="javascript:alert(document.cookie)",
        source=None,
        hour=None,
        sections=[(None, DEPLOYMENT, [("工厂产线换型时间由4小时缩短至25分钟，不良率下降37%。", 1.6)])],
    )
    wire = article(
        origin="wire.jsonl:3",
        title=None,
        url=None,
        source="南方快讯网",
        hour=0,
        sections=[(None, OTHER, [("全省首个低空物流航线网络当日开通，首批开通航线12条。", 1.1)])],
        other_sources=(Outlet("长河日报", "javascript:alert(1)"), Outlet("晚间新闻客户端")),
    )
    articles = (robot, chip, factory, wire)

    def item(a: Article, section: int) -> BriefItem:
        sentence = a.summary.sections[section].sentences[0]
        return BriefItem(sentence.text, sentence.score, a)

    themes = (
        ThemeSection(BREAKTHROUGHS, (item(robot, 0), item(chip, 0))),
        ThemeSection(DEPLOYMENT, (item(robot, 1), item(factory, 0), item(chip, 1))),
        ThemeSection(CHALLENGES, (item(robot, 2),)),
        ThemeSection(OTHER, ()),
    )
    return Brief(
        date=DAY,
        counts=BriefCounts(read=9, kept=4, duplicates=2, seen=1, failed=1, other_days=1),
        keywords=("机器人", "芯片", "手术", "量产", "*工厂*"),
        themes=themes,
        articles=articles,
        failures=(read_failure("inbox/broken.html", NOT_TEXT),),
    )


NOT_TEXT = "开头是正常的文字。".encode() + bytes(range(0x80, 0x100)) * 3  # neither UTF-8 nor a Chinese encoding


def read_failure(origin: str, data: bytes) -> Failure:
    """What the digest lists for a file of these bytes: a golden brief shows a real failure's wording."""
    try:
        read_document(data, origin, origin.rpartition(".")[2])
    except BriefError as error:
        return failure(error, origin)
    raise AssertionError(f"{origin} was read")


def empty_brief() -> Brief:
    """A day where everything read had been briefed before and one file failed."""
    return Brief(
        date=dt.date(2026, 11, 26),
        counts=BriefCounts(read=3, kept=0, duplicates=0, seen=2, failed=1),
        keywords=(),
        themes=(),
        articles=(),
        failures=(read_failure("inbox/empty.txt", b""),),
    )


def sample_index() -> list[IndexEntry]:
    """Out of order on purpose: the index sorts newest first."""
    brief, empty = sample_brief(), empty_brief()
    return [
        IndexEntry(dt.date(2026, 11, 24), "2026-11-24.md", "2026-11-24.html",
                   BriefCounts(read=6, kept=5), "首个 | 低空物流 *试点* 航线开通。"),
        index_entry(brief, md_name="2026-11-25.md", html_name="2026-11-25.html"),
        index_entry(empty, md_name="2026-11-26.md", html_name="2026-11-26.html"),
    ]


# file name -> how to render it
OUTPUTS: dict[str, Callable[[], str]] = {
    "brief-2026-11-25.md": lambda: render_brief(sample_brief(), "md"),
    "brief-2026-11-25.html": lambda: render_brief(sample_brief(), "html"),
    "brief-empty.md": lambda: render_brief(empty_brief(), "md"),
    "brief-empty.html": lambda: render_brief(empty_brief(), "html"),
    "index.md": lambda: render_index(sample_index(), "md"),
    "index.html": lambda: render_index(sample_index(), "html"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden_brief", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate the golden files")
    args = parser.parse_args(argv)
    stale = []
    for name, render in OUTPUTS.items():
        path = GOLDEN / name
        text = render()
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
        elif not path.exists() or path.read_bytes() != text.encode("utf-8"):
            stale.append(name)
    for name in stale:
        print(f"{GOLDEN / name}: differs from the rendered output (run `make golden` if that is intended)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())

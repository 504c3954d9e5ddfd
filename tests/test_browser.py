"""The brief and the index where a reader meets them: opened from disk in Debian's Chromium (driven by
Playwright) on a phone (375 px, mobile viewport rules) and a desktop (1280 px), on a light and a dark
screen (every visible text measured for WCAG contrast), and printed.

The brief is built from the repository's samples summarized by the real engine, plus one article made to
break layouts (an unbroken Latin title, a 300-character URL). Screenshots and the PDF go to
`artifacts/screenshots/` for a person to look at; the assertions are what a reader would notice.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefs.model import Article, Brief, BriefCounts, BriefItem, Document, IndexEntry, Outlet, ThemeSection
from briefs.render import index_entry, render_brief, render_index
from summarize import DEFAULT_THEMES, OTHER, summarize
from tests.conftest import ROOT, SAMPLES
from tests.golden_brief import NOT_TEXT, read_failure

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DAY = dt.date(2026, 11, 25)
THEME_IDS = ("theme-breakthroughs", "theme-deployment", "theme-challenges", "theme-other")
WIDTHS = {"phone": 375, "desktop": 1280}
PRINT_WIDTH = 680  # about A4's printable width at 96 dpi with Chromium's default margins


# --- A realistic brief: the samples through the real engine ------------------------------------------


def _document(origin: str, record: dict[str, str]) -> Document:
    when = dt.datetime.fromisoformat(record["date"]) if record.get("date") else None
    return Document(origin, record["text"], record.get("title"), record.get("id"), record.get("url"),
                    record.get("source"), when)


def sample_documents() -> list[Document]:
    """The inbox's plain-text formats, read the simple way (reading every format is the ingest step's job)."""
    inbox = SAMPLES / "inbox"
    docs = [_document("inbox/2026-11-25-medical-ai.json",
                      json.loads((inbox / "2026-11-25-medical-ai.json").read_text(encoding="utf-8")))]
    factory = (inbox / "2026-11-25-smart-factory.md").read_text(encoding="utf-8").splitlines()
    docs.append(Document("inbox/2026-11-25-smart-factory.md", "\n".join(factory[1:]), factory[0].lstrip("# "),
                         source="工业观察报", published=dt.datetime(2026, 11, 25, 7, 40,
                                                                tzinfo=dt.timezone(dt.timedelta(hours=8)))))
    docs.append(Document("inbox/2026-11-25-robotics-scraped.txt",
                         (inbox / "2026-11-25-robotics-scraped.txt").read_text(encoding="utf-8"),
                         title="国产手术机器人精度再提升，远程手术从“能做”到“常做”", source="科创时报",
                         url="https://news.example.cn/tech/2026/11/25/surgical-robot.html"))
    for number, line in enumerate((inbox / "wire.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        if record["id"] != "wire-20261125-001":  # a re-post of the robotics story: folded into it below
            docs.append(_document(f"wire.jsonl:{number}", record))
    return docs


def layout_breaker() -> Document:
    """Everything that widens pages: no break opportunities in the title, URL, source or text."""
    return Document(
        origin="inbox/" + "very-long-file-name-" * 8 + ".html",
        text="技术突破\n" + "Supercalifragilisticexpialidocious" * 4 + "芯片研发取得突破，算法精度提升。" * 3,
        title="Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
        url="https://example.com/" + "a" * 300 + "?q=" + "%E4%B8%AD" * 20,
        source="SourceWithAVeryLongNameThatDoesNotBreak" * 2,
        published=dt.datetime(2026, 11, 25, 23, 59, tzinfo=dt.timezone.utc),
    )


def realistic_brief() -> Brief:
    articles = []
    for document in [*sample_documents(), layout_breaker()]:
        others = (Outlet("南方快讯网", "https://wire.example.com/2026/11/25/001.html"),) if "robotics" in document.origin else ()
        summary = summarize(document.text, title=document.title)
        articles.append(Article(document, summary, document.origin, others))
    themes = []
    for theme in (*DEFAULT_THEMES, OTHER):
        best = []  # each article's best sentence in this theme, best first (ties: earlier article)
        for number, article in enumerate(articles):
            mine = [s for sec in article.summary.sections if sec.theme.key == theme.key for s in sec.sentences]
            if mine:
                top = max(mine, key=lambda s: (s.score, -s.index))
                best.append((-top.score, number, BriefItem(top.text, top.score, article)))
        themes.append(ThemeSection(theme, tuple(item for *_, item in sorted(best, key=lambda b: b[:2])[:5])))
    return Brief(
        date=DAY,
        counts=BriefCounts(read=len(articles) + 2, kept=len(articles), duplicates=1, failed=1),
        keywords=tuple(dict.fromkeys(w for a in articles for w in a.summary.keywords[:3]))[:10],
        themes=tuple(themes),
        articles=tuple(articles),
        failures=(read_failure("inbox/" + "broken" * 20 + ".html", NOT_TEXT),),
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief folder as the digest leaves it: two days' briefs and the index."""
    folder = tmp_path_factory.mktemp("briefs-out")
    brief = realistic_brief()
    (folder / "2026-11-25.html").write_text(render_brief(brief, "html"), encoding="utf-8")
    (folder / "2026-11-25.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    entries = [
        index_entry(brief, md_name="2026-11-25.md", html_name="2026-11-25.html"),
        IndexEntry(dt.date(2026, 11, 24), "2026-11-24.md", "2026-11-24.html", BriefCounts(read=3, seen=3), ""),
    ]
    (folder / "index.html").write_text(render_index(entries, "html"), encoding="utf-8")
    return folder


# --- The browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if os.environ.get("ZHBRIEF_SKIP_BROWSER") == "1":
        pytest.skip("ZHBRIEF_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` to install Debian's chromium and CJK fonts "
                    "(or set ZHBRIEF_SKIP_BROWSER=1 to skip the browser tests)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One page opened in a fresh context, with what it tried to fetch and what went wrong in it."""

    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_page(browser: object, path: Path, width: int, scheme: str = "light") -> Visit:
    """`scheme` is the colour scheme the reader's phone or browser prefers: "light" or "dark"."""
    phone = width < 600
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone,
        device_scale_factor=2 if phone else 1, color_scheme=scheme,
    )
    page = context.new_page()
    visit = Visit(page)
    folder = path.parent.as_uri() + "/"

    def only_the_folder(route: object) -> None:  # nothing may leave the brief's own folder
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(folder):
            route.continue_()  # type: ignore[attr-defined]
        else:
            visit.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", only_the_folder)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return visit


OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.width > 0 && (r.left < -0.5 || r.right > document.documentElement.clientWidth + 0.5); })
    .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)"""


def assert_fits(page: object, what: str, width: int) -> None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")  # type: ignore[attr-defined]
    # Without the viewport meta tag a phone lays the page out 980 px wide and shrinks it: unreadable.
    assert inner == width, f"{what}: laid out {inner} px wide on a {width} px screen"
    assert scroll <= inner, f"{what}: the page scrolls sideways ({scroll} px of content in {inner} px)"
    assert page.evaluate(OVERFLOWING) == [], f"{what}: elements stick out of the viewport"  # type: ignore[attr-defined]


def platform_fonts(page: object, selector: str) -> list[str]:
    """The fonts Chromium actually drew the element's text with (not what the CSS asked for)."""
    cdp = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


# Every element with text of its own that a reader can see: its colour over its effective background, the
# first opaque one up the tree (translucent ones on the way composited over it; the canvas if none is), and
# the WCAG 2 contrast ratio between them.
TEXT_CONTRAST = """(canvas) => {
    const rgba = s => { const n = s.match(/[\\d.]+/g).map(Number); return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1]; };
    const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
    const background = element => {
        const layers = [];
        for (let e = element; e; e = e.parentElement) {
            const colour = rgba(getComputedStyle(e).backgroundColor);
            if (colour[3] > 0) layers.push(colour);
            if (colour[3] >= 1) break;
        }
        return layers.reverse().reduce((below, layer) => over(layer, below), canvas);
    };
    const luminance = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const texts = [];
    for (const element of document.querySelectorAll('body, body *')) {
        if (![...element.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim())) continue;
        if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height) continue;
        const style = getComputedStyle(element);
        const back = background(element), fore = over(rgba(style.color), back);
        const [light, dark] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
        const size = parseFloat(style.fontSize);
        texts.push({what: `${element.tagName.toLowerCase()}.${element.className}`,
                    text: element.textContent.trim().slice(0, 24), fore: fore.slice(0, 3), back: back.slice(0, 3),
                    ratio: (light + 0.05) / (dark + 0.05),
                    large: size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66)});
    }
    return texts; }"""
WHITE, DARK_CANVAS = (255, 255, 255, 1), (18, 18, 18, 1)  # what Chromium shows behind a page with no background


def assert_legible(page: object, what: str, canvas: tuple[int, ...] = WHITE) -> list[dict]:
    """Every visible text has a WCAG AA contrast against its effective background: 4.5, or 3 for large text
    (24 px, or bold and 18.66 px). Returns what was measured."""
    texts = page.evaluate(TEXT_CONTRAST, list(canvas))  # type: ignore[attr-defined]
    assert len(texts) >= 5, f"{what}: only {len(texts)} texts found to measure"
    faint = [f"{t['what']} {t['text']!r}: {t['ratio']:.2f} (rgb{tuple(round(v) for v in t['fore'])} on "
             f"rgb{tuple(round(v) for v in t['back'])})" for t in texts if t["ratio"] < (3.0 if t["large"] else 4.5)]
    assert not faint, f"{what}: text below WCAG AA contrast:\n" + "\n".join(faint)
    return texts


# --- The checks ------------------------------------------------------------------------------------


def check_brief_page(browser: object, brief: Path, width: int, screenshot: str) -> None:
    """Everything a reader of the brief would notice at this width."""
    visit = open_page(browser, brief, width)
    page = visit.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / screenshot, full_page=True)  # type: ignore[attr-defined]

    for theme_id in THEME_IDS:
        section = page.locator(f"#{theme_id}")  # type: ignore[attr-defined]
        assert section.count() == 1, f"#{theme_id} is missing"
        assert section.is_visible(), f"#{theme_id} is not visible"
        box = section.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, f"#{theme_id} is empty: {box}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"#{theme_id} leaves the viewport: {box}"
    assert_fits(page, f"{brief.name} at {width} px", width)
    if width >= 1024:  # a readable measure, centred
        box = page.locator("main").bounding_box()  # type: ignore[attr-defined]
        assert box["width"] <= 48 * 16 + 1 and abs(box["x"] - (width - box["x"] - box["width"])) <= 1
    assert any("CJK" in f or "Hei" in f or "Han" in f for f in platform_fonts(page, "h1")), (
        "Chinese text is not drawn with a CJK font: run `make browser` (installs fonts-noto-cjk)"
    )

    # The table of contents jumps to each theme.
    page.locator("nav.toc a[href='#theme-challenges']").click()  # type: ignore[attr-defined]
    assert page.evaluate("location.hash") == "#theme-challenges"  # type: ignore[attr-defined]
    assert page.locator("#theme-challenges").is_visible()  # type: ignore[attr-defined]

    assert visit.errors == [], f"console or page errors: {visit.errors}"
    assert visit.blocked == [], f"the brief tried to fetch {visit.blocked}"
    assert visit.requests == [brief.as_uri()], f"requests other than the file itself: {visit.requests}"


@pytest.mark.parametrize("device", WIDTHS)
def test_brief_reads_well_on_phone_and_desktop(browser: object, site: Path, device: str) -> None:
    check_brief_page(browser, site / "2026-11-25.html", WIDTHS[device], f"brief-{WIDTHS[device]}.png")


@pytest.mark.parametrize("device", WIDTHS)
def test_digest_of_the_samples_reads_well(browser: object, tmp_path: Path, device: str) -> None:
    """What `make brief` writes, end to end through the CLI, opened like a reader would."""
    pytest.importorskip("briefs.commands.digest", reason="the digest command is not in this checkout yet")
    from briefs.cli import main

    assert main(["digest", str(SAMPLES / "inbox"), "--date", DAY.isoformat(), "--out", str(tmp_path)]) == 0
    width = WIDTHS[device]
    check_brief_page(browser, tmp_path / f"{DAY.isoformat()}.html", width, f"digest-{width}.png")
    visit = open_page(browser, tmp_path / "index.html", width)
    assert_fits(visit.page, f"digest index at {width} px", width)
    assert visit.errors == [] and visit.requests == [(tmp_path / "index.html").as_uri()]


@pytest.mark.parametrize("device", WIDTHS)
def test_index_lists_briefs_and_links_to_them(browser: object, site: Path, device: str) -> None:
    width = WIDTHS[device]
    index = site / "index.html"
    visit = open_page(browser, index, width)
    page = visit.page
    page.screenshot(path=SCREENSHOTS / f"index-{width}.png", full_page=True)  # type: ignore[attr-defined]
    assert_fits(page, f"index at {width} px", width)
    days = page.locator("li.day h2").all_inner_texts()  # type: ignore[attr-defined]
    assert days == ["2026年11月25日", "2026年11月24日"]
    assert visit.errors == [] and visit.blocked == [] and visit.requests == [index.as_uri()]

    page.locator("li.day h2 a").first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.url == (site / "2026-11-25.html").as_uri()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text().startswith("每日简报")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_brief_prints_cleanly(browser: object, site: Path, scheme: str) -> None:
    """Paper is white whatever the screen prefers: printed from a dark browser, the brief is still dark on white."""
    visit = open_page(browser, site / "2026-11-25.html", PRINT_WIDTH, scheme)
    page = visit.page
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert_fits(page, "printed brief", PRINT_WIDTH)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")  # type: ignore[attr-defined]
    assert_legible(page, f"printed brief ({scheme} screen)", WHITE)  # no backgrounds: the paper's white
    assert not page.locator("nav.toc").is_visible(), "the table of contents is useless on paper"  # type: ignore[attr-defined]
    backgrounds = page.evaluate(  # type: ignore[attr-defined]
        "['body', 'main'].map(s => getComputedStyle(document.querySelector(s)).backgroundColor)"
    )
    assert backgrounds == ["rgba(0, 0, 0, 0)"] * 2, f"printed backgrounds: {backgrounds}"
    shown = page.evaluate("getComputedStyle(document.querySelector('a.ext'), '::after').content")  # type: ignore[attr-defined]
    href = page.locator("a.ext").first.get_attribute("href")  # type: ignore[attr-defined]
    assert href and href in shown, f"a printed link should show its URL, shows {shown!r}"
    breaks = page.evaluate("getComputedStyle(document.querySelector('li.item')).breakInside")  # type: ignore[attr-defined]
    assert breaks == "avoid"

    pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "brief-print" if scheme == "light" else f"brief-print-{scheme}"
    (SCREENSHOTS / f"{name}.pdf").write_bytes(pdf)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)  # type: ignore[attr-defined]
    assert visit.errors == [] and visit.blocked == []


@pytest.mark.parametrize("device", WIDTHS)
def test_a_summary_page_with_its_explanation_reads_well(browser: object, tmp_path: Path, device: str) -> None:
    """`zhbrief summarize --format html --explain`, opened like a reader would. On a phone the explanation's
    seven columns had left each sentence three characters wide, a column of single characters."""
    import subprocess
    import sys

    article = SAMPLES / "inbox" / "2026-11-25-medical-ai.json"
    html = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(article), "--format", "html", "--explain"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout
    path = tmp_path / "summary.html"
    path.write_text(html, encoding="utf-8")
    width = WIDTHS[device]
    visit = open_page(browser, path, width)
    page = visit.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"summary-explain-{width}.png", full_page=True)  # type: ignore[attr-defined]
    assert_fits(page, f"summary page at {width} px", width)
    widths = page.evaluate("""() => [...document.querySelectorAll('.explain tbody td:last-child')].map(
        e => e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize))""")  # type: ignore[attr-defined]
    assert len(widths) > 10 and min(widths) >= 10, f"explained sentences {min(widths):.1f} characters wide"
    href = page.locator(".meta a").get_attribute("href")  # type: ignore[attr-defined]
    assert href == "https://news.example.cn/health/2026/11/25/ai-fundus-screening.html"
    assert visit.errors == [] and visit.blocked == [] and visit.requests == [path.as_uri()]


@pytest.fixture(scope="module")
def summary_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`zhbrief summarize --format html --explain` of a sample: its table has kept and dropped rows."""
    import subprocess
    import sys

    article = SAMPLES / "inbox" / "2026-11-25-medical-ai.json"
    html = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(article), "--format", "html", "--explain"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout
    path = tmp_path_factory.mktemp("summary") / "summary.html"
    path.write_text(html, encoding="utf-8")
    return path


# How dark a dark page must be, and how light a light one: relative luminance of its background (#0d1117 is
# 0.006, #121212 0.006, #ffffff 1).
DARK_BELOW, LIGHT_ABOVE = 0.03, 0.8
BACKGROUNDS = """() => ['body', 'main'].map(s => getComputedStyle(document.querySelector(s)).backgroundColor)"""


def luminance(css_colour: str) -> float:
    """A computed `rgb(r, g, b)` colour's WCAG relative luminance; a transparent one counts as nothing found."""
    r, g, b, *alpha = (float(n) for n in re.findall(r"[\d.]+", css_colour))
    assert not alpha or alpha[0] == 1, f"expected an opaque background, got {css_colour}"
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r / 255, g / 255, b / 255)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("name", ["brief", "index", "summary"])
def test_every_text_is_legible_on_a_light_or_dark_screen(browser: object, site: Path, summary_page: Path,
                                                         name: str, device: str, scheme: str) -> None:
    """A reader whose phone or browser is dark got a glaring white page; and nobody had measured whether the
    grey of a date, a badge's white or a link's blue could be read on what lies under it."""
    path = {"brief": site / "2026-11-25.html", "index": site / "index.html", "summary": summary_page}[name]
    width = WIDTHS[device]
    visit = open_page(browser, path, width, scheme)
    page = visit.page
    if scheme == "dark":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-dark-{width}.png", full_page=True)  # type: ignore[attr-defined]
    texts = assert_legible(page, f"{name} at {width} px, {scheme}", DARK_CANVAS if scheme == "dark" else WHITE)
    shown = {t["what"].split(".")[0] for t in texts}
    assert {"h1", "a", "footer"} <= shown, f"{name}: texts measured: {sorted(shown)}"
    for where, colour in zip(("body", "main"), page.evaluate(BACKGROUNDS)):  # type: ignore[attr-defined]
        if scheme == "dark":
            assert luminance(colour) < DARK_BELOW, f"{name}'s {where} is {colour} on a dark screen"
        else:
            assert luminance(colour) > LIGHT_ABOVE, f"{name}'s {where} is {colour} on a light screen"
    assert_fits(page, f"{name} at {width} px, {scheme}", width)
    assert visit.errors == [] and visit.blocked == [] and visit.requests == [path.as_uri()]


LINE_STARTS = """() => { const starts = []; let top = null;
    const walker = document.createTreeWalker(document.querySelector('h1'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
            const box = range.getBoundingClientRect();
            if (!box.width || /\\s/.test(node.data[i])) continue;
            if (top === null || box.top > top + 2) { starts.push(node.data[i]); top = box.top; }
        } }
    return starts; }"""


def test_a_watchlists_heading_never_opens_a_line_on_its_separator(browser: object, tmp_path: Path) -> None:
    """On a phone `医疗AI · 每日简报 · 2026年11月25日` wraps: a line may begin with the title or the date, never with
    the `·` that joins them."""
    import dataclasses

    path = tmp_path / "2026-11-25.html"
    path.write_text(render_brief(dataclasses.replace(realistic_brief(), watchlist="医疗AI"), "html"), encoding="utf-8")
    visit = open_page(browser, path, WIDTHS["phone"])
    starts = visit.page.evaluate(LINE_STARTS)  # type: ignore[attr-defined]
    assert len(starts) >= 2, f"the heading fits one line at {WIDTHS['phone']} px: nothing to check"
    assert "·" not in starts, f"a line of the heading opens on its separator: {starts}"

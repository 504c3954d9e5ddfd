"""`zhbrief summarize` end to end: files in every encoding, HTML pages, JSON, stdin, JSONL batches,
and the one-line errors a user meets. Most run in-process through `briefs.cli.main`; the ones about
the real program (`python -m briefs`, exit codes, pipes, streaming) run it as a subprocess."""
from __future__ import annotations

import codecs
import io
import json
import os
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefs.cli import main
from tests.conftest import ROOT, SAMPLES, need_shared

INBOX = SAMPLES / "inbox"
ROBOTICS = INBOX / "2026-11-25-robotics-scraped.txt"
CHIP = INBOX / "2026-11-25-ai-chip.html"
MEDICAL = INBOX / "2026-11-25-medical-ai.json"


def zhbrief(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["summarize", *args])
    out, err = capsys.readouterr()
    return code, out, err


def zhbrief_process(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """The real program, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "briefs", "summarize", *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=300
    )


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# --- Encodings: every file gives the JSON its UTF-8 twin gives ---------------------------------------

ENCODERS: dict[str, Callable[[str], bytes]] = {
    "gbk": lambda t: t.encode("gbk"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "big5": lambda t: t.encode("big5"),
}
# What each encoding can represent of a text: all of it, except in GBK (no U+2003 em space, for one) and
# Big5 (traditional characters only). Those two are compared on the part they can carry.
REPRESENTABLE: dict[str, Callable[[str], str]] = {
    "gbk": lambda t: t.encode("gbk", "ignore").decode("gbk"),
    "big5": lambda t: t.encode("big5", "ignore").decode("big5"),
}


@pytest.fixture(params=["robotics", "scraped_page"])
def article_text(request: pytest.FixtureRequest) -> str:
    if request.param == "robotics":
        return ROBOTICS.read_text(encoding="utf-8")
    return request.getfixturevalue("scraped_page")  # ../shared: skipped with a reason when absent


@pytest.mark.parametrize("encoding", ENCODERS)
def test_every_encoding_gives_the_json_of_the_utf8_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], article_text: str, encoding: str
) -> None:
    text = REPRESENTABLE.get(encoding, lambda t: t)(article_text)
    utf8 = tmp_path / "article.txt"
    utf8.write_bytes(text.encode("utf-8"))
    encoded = tmp_path / f"article-{encoding}.txt"
    encoded.write_bytes(ENCODERS[encoding](text))

    code, expected, err = zhbrief(capsys, str(utf8), "--format", "json")
    assert code == 0, err
    assert json.loads(expected)["summary"]  # a real summary, not two identical empty ones
    code, got, err = zhbrief(capsys, str(encoded), "--format", "json")
    assert (code, err) == (0, "")
    assert got == expected


# --- Files that are not articles: one clear line naming the file ---------------------------------------


def test_binary_file_is_one_line_naming_it(tmp_path: Path) -> None:
    photo = tmp_path / "photo.txt"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    result = zhbrief_process(str(photo))
    assert result.returncode == 1
    assert result.stderr.decode() == f"zhbrief: error: {photo}: looks like a binary file, not text\n"
    assert result.stdout == b""


def test_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    result = zhbrief_process(str(tmp_path / "nope.txt"))
    assert (result.returncode, result.stderr.decode()) == (1, f"zhbrief: error: {tmp_path}/nope.txt: no such file\n")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d, "is a directory, not a file"),
        (lambda d: (d / "empty.txt", (d / "empty.txt").write_text(" \n\n", encoding="utf-8"))[0], "the article is empty"),
        (lambda d: (d / "empty.json", (d / "empty.json").write_text('{"title": "空", "text": ""}', encoding="utf-8"))[0], "the article is empty"),
    ],
    ids=["directory", "empty-text", "empty-json"],
)
def test_unusable_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: Callable[[Path], Path], message: str
) -> None:
    path = setup(tmp_path)
    code, out, err = zhbrief(capsys, str(path))
    assert (code, out, err) == (1, "", f"zhbrief: error: {path}: {message}\n")


@pytest.mark.parametrize(
    "args",
    [["--jsonl", "--format", "md"], ["--workers", "2"], ["--jsonl", "--title", "T"]],
    ids=["jsonl-md", "workers-without-jsonl", "jsonl-title"],
)
def test_flags_that_cannot_work_together(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = zhbrief(capsys, str(ROBOTICS), *args)
    assert code == 2 and out == "" and err.startswith("zhbrief: error: ") and err.count("\n") == 1


def test_a_jsonl_file_without_the_flag_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text('{"id": "a", "text": "正文。"}\n', encoding="utf-8")
    assert zhbrief(capsys, str(path))[1:] == ("", f"zhbrief: error: {path} holds one article a line: add --jsonl\n")


@pytest.mark.parametrize("name", ["wire.ndjson", "WIRE.JSONL"])
def test_any_jsonl_name_the_digest_reads_as_jsonl_says_add_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 name: str) -> None:
    path = tmp_path / name
    path.write_text('{"id": "a", "text": "正文。"}\n', encoding="utf-8")
    assert zhbrief(capsys, str(path))[1:] == ("", f"zhbrief: error: {path} holds one article a line: add --jsonl\n")


@pytest.mark.parametrize("name", ["tech-rss.xml", "industry-atom.xml"])
def test_a_feed_is_not_summarized_as_one_article_of_its_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               name: str) -> None:
    """It was: '<rss version=…>' and '<title>…</title>' lines came out as sections and key sentences, exit 0."""
    for path in (INBOX / "feeds" / name, tmp_path / Path(name).with_suffix(".rss").name):
        if not path.exists():
            path.write_bytes((INBOX / "feeds" / name).read_bytes())
        code, out, err = zhbrief(capsys, str(path))
        assert (code, out) == (2, "")
        assert err == f"zhbrief: error: {path} is a feed of many articles: brief it with 'zhbrief digest {path}'\n"


# --- Kinds of input ------------------------------------------------------------------------------


def test_html_page_sections_come_from_its_h2s(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = zhbrief(capsys, str(CHIP), "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    assert record["title"] == "国产AI推理芯片“启明-X2”发布：能效比提升3倍"
    headed = [(s["heading"], s["theme"]) for s in record["sections"] if s["heading"]]
    assert headed == [
        ("架构创新 能效比提升三倍", "breakthroughs"),
        ("数据中心与边缘端同步落地", "deployment"),
        ("先进制程与软件生态仍待补齐", "challenges"),
    ]
    for noise in ("首页", "登录", "热榜", "羽绒服", "评论", "ICP", "版权", "window", "欢迎访问", "责任编辑", "javascript"):
        assert noise not in out, noise


def test_html_page_to_html(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zhbrief(capsys, str(CHIP), "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and "<script" not in out and "欢迎访问" not in out
    assert '<section class="theme-deployment">' in out and "数据中心与边缘端同步落地" in out


def test_html_escapes_a_hostile_title(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zhbrief(capsys, str(ROOT / "tests" / "fixtures" / "xss-title.json"), "--format", "html")
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;测试标题" in out


def test_json_file_keeps_its_title_and_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = json.loads(MEDICAL.read_text(encoding="utf-8")) | {"id": "med-1"}
    path = tmp_path / "med.json"
    path.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    record = json.loads(zhbrief(capsys, str(path), "--format", "json")[1])
    assert (record["id"], record["title"]) == ("med-1", article["title"])
    assert "算法升级 一张照片筛查多种疾病" in [s["heading"] for s in record["sections"]]


@pytest.mark.parametrize("path", [ROBOTICS, CHIP, MEDICAL], ids=["text", "html", "json"])
def test_stdin_gives_what_the_file_gives(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, from_file, _ = zhbrief(capsys, str(path), "--format", "json")
    feed_stdin(monkeypatch, path.read_bytes())
    code, from_stdin, err = zhbrief(capsys, "-", "--format", "json")
    assert (code, err) == (0, "")
    assert from_stdin == from_file


def test_stdin_through_a_real_pipe_in_gbk() -> None:
    result = zhbrief_process("-", "--format", "json", stdin=ROBOTICS.read_text(encoding="utf-8").encode("gbk"))
    assert result.returncode == 0, result.stderr.decode()
    assert "灵枢-3" in json.loads(result.stdout)["summary"]


def test_markdown_output_and_the_module_entry_point() -> None:
    result = zhbrief_process(str(CHIP))
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "# 国产AI推理芯片“启明-X2”发布：能效比提升3倍"
    assert any(line.startswith("关键词：") for line in lines)
    assert "## 数据中心与边缘端同步落地 · 落地应用" in lines
    assert any(line.startswith("- ") for line in lines)


def test_a_scraped_text_file_shows_the_publisher_and_time_its_dateline_gives(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zhbrief(capsys, str(ROBOTICS))
    lines = out.splitlines()
    assert code == 0 and lines[0] == "# 2026-11-25-robotics-scraped.txt"  # its headline was lost: the file is named
    assert lines[2] == "科创时报 · 2026-11-25 09:30"  # "2026-11-2509:30 科创时报", the line it opens with


def test_text_format_and_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zhbrief(capsys, str(ROBOTICS), "--format", "text", "--sentences", "1", "--keywords", "3", "--title", "手术机器人")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "手术机器人"
    assert lines[1] == "科创时报 · 2026-11-25 09:30"  # what its dateline prints
    assert lines[2].startswith("关键词：") and lines[2].count("、") == 2
    assert sum(1 for line in lines if line.startswith("  · ")) == sum(1 for line in lines if line.startswith("【"))


def test_config_file_and_flags_override_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "zhbrief.toml"
    config.write_text("[summary]\nbudget = 80\nkeywords = 2\n", encoding="utf-8")
    record = json.loads(zhbrief(capsys, str(ROBOTICS), "--format", "json", "--config", str(config))[1])
    assert 0 < len(record["summary"]) <= 80 and len(record["keywords"]) == 2
    record = json.loads(zhbrief(capsys, str(ROBOTICS), "--format", "json", "--config", str(config), "--budget", "40")[1])
    assert 0 < len(record["summary"]) <= 40


def test_bad_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "zhbrief.toml"
    config.write_text("[summary]\nsentences = 2 3\nbudget = 60\n", encoding="utf-8")
    code, _, err = zhbrief(capsys, str(ROBOTICS), "--config", str(config))
    assert code == 1 and err.startswith(f"zhbrief: error: {config}: not valid TOML:") and "line 2" in err


def test_explain_lists_every_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    record = json.loads(zhbrief(capsys, str(ROBOTICS), "--format", "json", "--explain")[1])
    explain = record["explain"]
    assert [row["index"] for row in explain] == list(range(len(explain)))
    chosen = {s["index"] for section in record["sections"] for s in section["sentences"]}
    assert {row["index"] for row in explain if row["chosen"]} == chosen
    assert all(row["reason"] for row in explain)
    code, out, _ = zhbrief(capsys, str(ROBOTICS), "--explain")
    assert "## 评分明细" in out and out.count("\n| ") >= len(explain)


def test_help_shows_a_real_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["summarize", "--help"])
    out = capsys.readouterr().out
    assert "zhbrief summarize samples/inbox/2026-11-25-robotics-scraped.txt" in out
    assert "exit status:" in out and "--jsonl" in out


# --- JSONL batches ------------------------------------------------------------------------------------

GOOD_TEXT = "11月24日，临江市图书馆新馆正式对外开放。新馆设有阅览座位2600个，首批上架图书120万册。开馆首日共接待读者1.8万人次。"


def jsonl(*lines: object) -> bytes:
    return "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines).encode()


BATCH = jsonl(
    {"id": "a", "text": GOOD_TEXT, "title": "图书馆新馆开放"},
    '{"id": "broken", "text": "没有结尾',
    {"id": "b", "text": GOOD_TEXT, "source": "城市晚报", "url": "https://news.example.cn/b.html", "date": "2026-11-25T08:15:00+08:00"},
    {"id": "no-text", "title": "只有标题"},
    {"id": "empty", "text": "   "},
    "",
    {"id": 7, "text": GOOD_TEXT},
)


def check_batch(stdout: str, stderr: str, name: str) -> None:
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b", 7]  # input order, ids as given
    assert records[0]["title"] == "图书馆新馆开放" and records[0]["summary"]
    # Where each was published, as its line said: a line that says nothing gives nulls.
    assert [(r["source"], r["published"], r["url"]) for r in records] == [
        (None, None, None), ("城市晚报", "2026-11-25T08:15:00+08:00", "https://news.example.cn/b.html"), (None, None, None)]
    assert stderr.splitlines() == [
        f"zhbrief: {name}:2: not valid JSON: Unterminated string starting at (line 1, column 26)",
        f'zhbrief: {name}:4: no "text" field (the article\'s text); its fields: "id", "title"',
        f"zhbrief: {name}:5: the article is empty",
        f"zhbrief: {name}: 3 of 6 lines skipped",
    ]


def test_jsonl_reports_bad_lines_and_keeps_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(BATCH)
    code, out, err = zhbrief(capsys, str(path), "--jsonl", "--workers", "1")
    assert code == 0
    check_batch(out, err, str(path))


def test_jsonl_in_parallel_from_stdin() -> None:
    result = zhbrief_process("-", "--jsonl", "--workers", "2", stdin=BATCH)
    assert result.returncode == 0
    check_batch(result.stdout.decode(), result.stderr.decode(), "<stdin>")


def test_jsonl_where_every_line_fails_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, jsonl({"id": "x", "text": ""}, "not json"))
    code, out, err = zhbrief(capsys, "-", "--jsonl", "--workers", "1")
    # No line is an article: one failure for the input, with its first line's reason.
    assert (code, out) == (1, "") and err.splitlines() == [
        "zhbrief: <stdin>: none of its 2 lines is an article (line 1: the article is empty; "
        "line 2: not valid JSON: Expecting value (line 1, column 1))"
    ]


MANIFEST = jsonl(*({"file": f"page-{n:02}.html", "title": "标题", "main_text": "正文", "lang": "zh-CN"} for n in range(1, 40)))
MANIFEST_REASON = ('none of its 39 lines is an article (each: no "text" field (the article\'s text); '
                   'its fields: "file", "title", "main_text", "lang")')


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_jsonl_file_of_other_records_is_one_failure_saying_what_its_lines_lack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str
) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_bytes(MANIFEST)
    code, out, err = zhbrief(capsys, str(path), "--jsonl", "--workers", workers)
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"zhbrief: {path}: {MANIFEST_REASON}"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_jsonl_streams_before_the_input_ends(workers: str) -> None:
    """Each summary comes out while the input is still open: nothing waits for (or holds) the whole file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefs", "summarize", "-", "--jsonl", "--workers", workers],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        # A pool sends lines to its workers in small chunks: one chunk per worker is enough to start.
        for number in range(8):
            process.stdin.write(jsonl({"id": f"n{number}", "text": GOOD_TEXT}))
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no summary came out while the input was open"
        assert json.loads(process.stdout.readline())["id"] == "n0"
        process.stdin.close()
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()


@pytest.mark.shared
def test_nlpcc_dev_within_the_budget(nlpcc_dev: Path) -> None:
    result = zhbrief_process("-", "--jsonl", "--budget", "60", "--workers", "2", stdin=need_shared(nlpcc_dev).read_bytes())
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert result.stderr == b""
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    expected_ids = [json.loads(line)["id"] for line in nlpcc_dev.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 498 and [r["id"] for r in records] == expected_ids
    assert all(0 < len(r["summary"]) <= 60 for r in records)


# --- Cold start ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "loaded", "not_loaded"),
    [
        ("json", (), ("trafilatura", "lxml", "jinja2", "multiprocessing", "charset_normalizer", "tomllib")),
        ("md", (), ("trafilatura", "lxml", "jinja2", "multiprocessing", "charset_normalizer")),
        ("html", ("jinja2",), ("trafilatura", "lxml", "multiprocessing", "charset_normalizer")),
    ],
)
def test_a_text_file_loads_only_what_it_needs(fmt: str, loaded: tuple[str, ...], not_loaded: tuple[str, ...]) -> None:
    code = (
        "import sys, io; from briefs.cli import main; sys.stdout = io.StringIO(); "
        f"code = main(['summarize', {str(ROBOTICS)!r}, '--format', {fmt!r}]); sys.stdout = sys.__stdout__; "
        "print(code, sorted(m for m in sys.argv[1:] if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *loaded, *not_loaded], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == f"0 {sorted(loaded)}", result.stderr


def test_an_article_of_nothing_but_page_furniture_is_an_error(tmp_path, capsys) -> None:
    from briefs.cli import main

    page = tmp_path / "furniture.txt"
    page.write_text("【资料图】\n标签：科技 医疗\n责任编辑：王五\n", encoding="utf-8")
    assert main(["summarize", str(page)]) == 1
    error = capsys.readouterr().err
    assert str(page) in error and "no article text left" in error


def test_version_names_the_installed_release() -> None:
    """`zhbrief --version` prints the release the package metadata has, as the installed program runs it."""
    from importlib.metadata import version

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "briefs", "--version"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == f"zhbrief {version('zhbrief')}\n"

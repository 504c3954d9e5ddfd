"""briefs.config: a TOML file becomes one SummaryOptions (and the tables other commands read); every
mistake names the file, the key and what was wrong."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefs.config import Config, load_config, with_flags
from briefs.errors import BriefError
from summarize import DEFAULT_THEMES, SummaryOptions, summarize
from summarize.segment import default_stopwords
from tests.conftest import ROOT

EXAMPLE = ROOT / "zhbrief.example.toml"


def write(tmp_path: Path, text: str, name: str = "zhbrief.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_defaults() -> None:
    assert load_config(None) == Config()
    assert load_config(None).summary == SummaryOptions()


def test_the_example_loads_and_documents_every_key() -> None:
    config = load_config(EXAMPLE)
    assert config.summary.sentences_per_section == 2 and config.summary.themes == DEFAULT_THEMES
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in ("sentences", "budget", "keywords", "stopwords", "stopwords_extra", "user_dictionary"):
        assert re.search(rf"^#? ?{key} = ", text, re.MULTILINE), f"[summary] {key} is not in the example"
    for key in ("key", "label", "keywords"):
        assert re.search(rf"^#? ?{key} = ", text, re.MULTILINE), f"[[themes]] {key} is not in the example"


def test_the_example_documents_the_digest_and_mail_keys() -> None:
    from briefs.config import DIGEST_KEYS, MAIL_KEYS

    text = EXAMPLE.read_text(encoding="utf-8")
    for key in (*DIGEST_KEYS, *MAIL_KEYS):
        assert re.search(rf"^# {key} = ", text, re.MULTILINE), f"{key} is not in the example"


def test_summary_values_and_command_tables(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[summary]\nsentences = 3\nbudget = 80\nkeywords = 5\n\n[digest]\nper_theme = 4\n\n[mail]\nto = ["a@example.com"]\n',
    )
    config = load_config(path)
    assert (config.summary.sentences_per_section, config.summary.budget, config.summary.keywords) == (3, 80, 5)
    assert config.digest == {"per_theme": 4} and config.mail == {"to": ["a@example.com"]}
    assert config.path == path


def test_the_bar_on_a_sections_later_sentences_is_configurable(tmp_path: Path) -> None:
    """`[summary] min_keep`: 0 fills every section to `sentences`; the default is the engine's."""
    assert load_config(write(tmp_path, "[summary]\nsentences = 3\n")).summary.min_keep == SummaryOptions().min_keep
    options = load_config(write(tmp_path, "[summary]\nsentences = 3\nmin_keep = 0\n")).summary
    assert (options.sentences_per_section, options.min_keep) == (3, 0.0)
    assert load_config(write(tmp_path, "[summary]\nmin_keep = 0.6\n")).summary.min_keep == 0.6


def test_flags_override_the_file(tmp_path: Path) -> None:
    options = load_config(write(tmp_path, "[summary]\nsentences = 3\nbudget = 80\n")).summary
    changed = with_flags(options, budget=60, sentences=None)
    assert (changed.sentences_per_section, changed.budget) == (3, 60)


def test_themes_replace_the_defaults_and_tag_sections(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[themes]]\nkey = "sport"\nlabel = "体育"\nkeywords = ["比赛", "球队", "进球"]\n\n'
        '[[themes]]\nkey = "weather"\nlabel = "天气"\nkeywords = ["降雪", "气温"]\n',
    )
    options = load_config(path).summary
    assert [t.key for t in options.themes] == ["sport", "weather"]
    text = "## 联赛\n昨晚的比赛中，主场球队连进三球。比赛结束后，球队教练表示满意。\n## 天气\n今天北方多地降雪，气温明显下降。"
    assert [s.theme.key for s in summarize(text, options=options).sections] == ["sport", "weather"]


def test_a_built_in_theme_needs_no_keywords_of_its_own(tmp_path: Path) -> None:
    path = write(tmp_path, '[[themes]]\nkey = "challenges"\nlabel = "风险"\nkeywords = []\n')
    assert [(t.key, t.label) for t in load_config(path).summary.themes] == [("challenges", "风险")]


def test_stopwords_file_is_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "stop.txt").write_bytes("# 我们的停用词\n机器人\n\n手术\n".encode("gb18030"))
    options = load_config(write(tmp_path, '[summary]\nstopwords = "lists/stop.txt"\n')).summary
    assert options.stopwords == frozenset({"机器人", "手术"})


def test_stopwords_extra_extends_the_bundled_list_and_leaves_keywords(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "inbox" / "2026-11-25-robotics-scraped.txt").read_text(encoding="utf-8")
    before = summarize(text).keywords
    assert "机器人" in before
    options = load_config(write(tmp_path, '[summary]\nstopwords_extra = ["机器人"]\n')).summary
    assert options.stopwords == default_stopwords() | {"机器人"}
    assert "机器人" not in summarize(text, options=options).keywords


def test_user_dictionary_is_parsed_as_jieba_reads_it(tmp_path: Path) -> None:
    (tmp_path / "userdict.txt").write_text("\ufeff存算一体 5 n\n启明-X2\n灵枢 3\n深度 学习 nz\n\n", encoding="utf-8")
    options = load_config(write(tmp_path, '[summary]\nuser_dictionary = "userdict.txt"\n')).summary
    assert options.user_words == (("存算一体", 5, "n"), ("启明-X2", None, None), ("灵枢", 3, None), ("深度 学习", None, "nz"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[summary]\nsentences = 2\nbudget = \n", r"zhbrief\.toml: not valid TOML: .*\(at line 3, column 10\)"),
        ("[summary]\nsentences = 0\n", r"zhbrief\.toml: \[summary\] sentences: expected a whole number of at least 1, got 0"),
        ('[summary]\nbudget = "60"\n', r"zhbrief\.toml: \[summary\] budget: expected a whole number of at least 1, got '60'"),
        ("[summary]\nsentence = 2\n", r"zhbrief\.toml: \[summary\] sentence: unknown key \(expected one of: sentences,"),
        ("[summary]\nmin_keep = 1.5\n", r"zhbrief\.toml: \[summary\] min_keep: expected a number from 0 to 1, got 1\.5"),
        ('[summary]\nmin_keep = "high"\n', r"zhbrief\.toml: \[summary\] min_keep: expected a number from 0 to 1, got 'high'"),
        ('[summary]\nstopwords = "none.txt"\n', r"zhbrief\.toml: \[summary\] stopwords: no such file: .*none\.txt"),
        ("[summary]\nstopwords_extra = [1]\n", r"zhbrief\.toml: \[summary\] stopwords_extra: expected a list of non-empty strings"),
        ('summary = "short"\n', r"zhbrief\.toml: summary: expected a table \(\[summary\]\), got str"),
        ('[[themes]]\nkey = "a"\nkeywords = ["x"]\n', r"zhbrief\.toml: \[\[themes\]\] #1 label: missing"),
        (
            '[[themes]]\nkey = "a"\nlabel = "A"\nkeywords = ["x"]\n[[themes]]\nkey = "a"\nlabel = "B"\nkeywords = ["y"]\n',
            r"zhbrief\.toml: \[\[themes\]\] #2 key: theme 'a' is defined twice",
        ),
        ('[[themes]]\nkey = "a"\nlabel = "A"\nkeywords = "x"\n', r"\[\[themes\]\] #1 keywords: expected a list of non-empty strings"),
        # Both were taken and never matched a sentence: 'other' is the key of no theme, so its label never
        # showed; a theme of the user's own is found only by its keywords.
        ('[[themes]]\nkey = "other"\nlabel = "挑战"\nkeywords = ["成本"]\n',
         r"zhbrief\.toml: \[\[themes\]\] #1 key: 'other' is the key of sentences of no theme \(其他\); choose another"),
        ('[[themes]]\nkey = "money"\nlabel = "资金"\nkeywords = []\n',
         r"zhbrief\.toml: \[\[themes\]\] #1 keywords: theme 'money' is found only by its keywords; give at least one"),
        ("mail = 3\n", r"zhbrief\.toml: mail: expected a table \(\[mail\]\), got int"),
        ('[digest]\nfetch_articles = "yes"\n', r"zhbrief\.toml: \[digest\] fetch_articles: expected true or false, got 'yes'"),
    ],
)
def test_mistakes_name_the_file_key_and_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(BriefError, match=message):
        load_config(write(tmp_path, text))


def test_missing_and_non_utf8_config(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match=r"nope\.toml: no such config file$"):
        load_config(tmp_path / "nope.toml")
    path = tmp_path / "gbk.toml"
    path.write_bytes("[summary]\n# 中文注释\nsentences = 2\n".encode("gbk"))
    with pytest.raises(BriefError, match=r"gbk\.toml: not valid TOML"):
        load_config(path)


def test_the_example_uncommented_whole_is_a_config_that_loads(tmp_path: Path) -> None:
    """A user who uncomments every key of the example gets a config zhbrief accepts: its watchlist's
    push_to named a [[push]] table the example did not have, so the whole file was refused."""
    from briefs.deliver.targets import targets_from_config

    lines = [re.sub(r"^# (\[\[\w+\]\]|\w+ = )", r"\1", line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    path = write(tmp_path, "\n".join(lines) + "\n")
    for name in ("stopwords.txt", "userdict.txt", "ca.pem"):
        (tmp_path / name).write_text("存算一体 5 n\n" if name == "userdict.txt" else "记者\n", encoding="utf-8")
    config = load_config(path)
    env = {name: "https://bots.example.cn/hook/0123456789abcdef" for name in re.findall(r'_env = "(\w+)"', "\n".join(lines))}
    targets = targets_from_config(config, env)
    assert [w.name for w in config.watchlists] == ["医疗AI"] and config.digest["per_theme"] == 5
    assert set(config.watchlists[0].push_to) <= {t.name for t in targets if not t.digest}

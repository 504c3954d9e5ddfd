"""Watchlist terms and matching (briefs.digest.watchlists): words as words, regexes, alternatives, the
any/all/none/min_hits rule, and config errors that name the file, the table and the key."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.config import load_config
from briefs.digest.watchlists import ArticleText, Watchlist, match, parse_term, parse_watchlists, tokenizer
from briefs.errors import BriefError

TOKENIZE = tokenizer()


def matches(term: str, text: str, *, title: str = "", user_words: tuple = ()) -> bool:
    watchlist = Watchlist("t", any=(parse_term(term),))
    tokenize = tokenizer(user_words) if user_words else TOKENIZE
    return match(watchlist, ArticleText(title, text, tokenize)).matched


# --- words as words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["AI芯片出货量翻番", "生成式AI进入纺织设计", "ai在云端完成初筛", "（AI）", "Ａｉ芯片"])
def test_a_latin_term_matches_a_whole_token_in_any_case_and_width(text: str):
    assert matches("ai", text)


@pytest.mark.parametrize("text", ["大模型training成本下降", "OpenAI发布新模型", "email服务", "AI2模型", "Maia芯片"])
def test_a_latin_term_never_matches_inside_a_longer_latin_word(text: str):
    assert not matches("ai", text)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=6))
@settings(max_examples=60, deadline=None)
def test_a_latin_term_glued_to_other_letters_or_digits_never_matches(before: str, after: str):
    assert not matches("ai", f"资讯{before}ai{after}平台")
    assert not matches("ai", f"资讯ai{before}平台")


@pytest.mark.parametrize("text", ["领航员导航天线升级", "宇航天文爱好者聚会"])
def test_a_chinese_term_does_not_match_across_a_word_boundary(text: str):
    # 导航|天线 and 宇航|天文: 航天 would straddle two words of the segmentation.
    assert not matches("航天", text)


@pytest.mark.parametrize("text", ["商业航天发射成功", "中国航天员出舱", "航天城迎来参观高峰", "航天科技集团发布"])
def test_a_chinese_term_matches_as_a_word_or_the_head_of_one(text: str):
    assert matches("航天", text)


def test_the_tail_of_a_word_matches_but_not_its_middle():
    assert matches("智能", "人工智能走进课堂")  # 人工智能: the tail
    assert matches("器械", "医疗器械注册")  # 医疗器械: the tail


def test_a_band_name_the_dictionary_lacks_is_kept_whole_by_the_user_dictionary():
    title = "领航天团新专辑首发 粉丝连夜排队"
    # jieba's dictionary has no 天团, so it reads 领/航天/团: the entertainment headline would match.
    assert matches("航天", "", title=title)
    # The config's [summary] user_dictionary fixes it, for the summaries and the watchlists alike.
    assert not matches("航天", "", title=title, user_words=(("领航天团", 2000, "nz"),))


def test_a_regex_is_searched_as_written_and_alternatives_are_any_of():
    assert matches("/影像(识别|诊断)/", "AI影像诊断准确率提高")
    assert not matches("/影像(识别|诊断)/", "影像科医生复核")
    assert matches("AI|人工智能|大模型", "发布130亿参数多模态大模型")
    assert not matches("AI|人工智能", "智能制造示范工厂")


@pytest.mark.skipif(importlib.util.find_spec("summarize.script") is None,
                    reason="summarize.script (OpenCC) has not landed in this build: Traditional text not folded yet")
def test_traditional_text_matches_simplified_terms_and_the_reverse():
    assert matches("医疗", "醫療影像人工智慧")
    assert matches("醫療", "医疗影像")


# --- the rule ------------------------------------------------------------------------------------------------


def medical(min_hits: int = 2) -> Watchlist:
    (watchlist,) = parse_watchlists([{"name": "医疗AI", "any": ["医疗", "医院", "患者"], "all": ["AI|人工智能"],
                                      "none": ["股市", "娱乐"], "min_hits": min_hits}], None, "zhbrief.toml")
    return watchlist


def test_any_all_none_and_min_hits_with_title_hits_counting_double():
    both = match(medical(), ArticleText("", "AI辅助诊断走进县医院，患者少跑路。", TOKENIZE))
    assert both.matched and both.shown() == "医院、患者、AI" and both.weight == 3
    no_all = match(medical(), ArticleText("", "县医院患者增多。", TOKENIZE))
    assert not no_all.matched and no_all.reason == "missing from all: AI|人工智能"
    excluded = match(medical(), ArticleText("", "医疗AI概念股领涨，股市全线飘红。", TOKENIZE))
    assert not excluded.matched and excluded.reason == "excluded by 股市"
    one_hit = match(medical(3), ArticleText("", "AI走进医院。", TOKENIZE))
    assert not one_hit.matched and one_hit.reason == "2 hits, min_hits is 3"
    in_title = match(medical(3), ArticleText("AI走进医院", "记者了解到此事。", TOKENIZE))
    assert in_title.matched and in_title.weight == 4  # two title hits, each counted twice
    nothing = match(medical(), ArticleText("", "智能制造。", TOKENIZE))
    assert nothing.reason == "no term of any: 医疗, 医院, 患者"


# --- config errors --------------------------------------------------------------------------------------------


def config_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "zhbrief.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        load_config(path)
    return str(caught.value).replace(str(path), "FILE")


def test_an_invalid_regex_names_the_file_the_table_and_the_key(tmp_path: Path):
    message = config_error(tmp_path, '[[watchlists]]\nname = "医疗AI"\nany = ["医院", "/影像(识别/"]\n')
    assert message.startswith("FILE: [[watchlists]] #1 (医疗AI) any: invalid regular expression /影像(识别/: missing )")


@pytest.mark.parametrize("terms, what", [('["//"]', "an empty regular expression"),
                                         ('["/a*/"]', "matches the empty string"),
                                         ('["AI||大模型"]', "has an empty alternative")])
def test_terms_that_would_match_everything_or_nothing_are_refused(tmp_path: Path, terms: str, what: str):
    assert what in config_error(tmp_path, f'[[watchlists]]\nname = "x"\nall = {terms}\n')


def test_a_watchlist_without_any_or_all_is_refused(tmp_path: Path):
    message = config_error(tmp_path, '[[watchlists]]\nname = "a"\nany = ["芯片"]\n\n[[watchlists]]\nname = "b"\nnone = ["股市"]\n')
    assert message.startswith("FILE: [[watchlists]] #2 (b) any: a watchlist needs terms in any or all")


def test_an_unknown_push_target_is_refused(tmp_path: Path):
    body = '[[watchlists]]\nname = "医疗AI"\nany = ["医院"]\npush_to = ["wecom-med"]\n'
    assert "FILE: [[watchlists]] #1 (医疗AI) push_to: unknown push target 'wecom-med': the config has no [[push]]" \
        in config_error(tmp_path, body)
    with_push = body + '\n[[push]]\nname = "wecom-ops"\n'
    assert "push_to: unknown push target 'wecom-med' (the [[push]] targets are: wecom-ops)" in config_error(tmp_path, with_push)
    path = tmp_path / "ok.toml"
    path.write_text(body + '\n[[push]]\nname = "wecom-med"\n', encoding="utf-8")
    assert load_config(path).watchlists[0].push_to == ("wecom-med",)


@pytest.mark.parametrize("body, key, what", [
    ('name = "../x"\nany = ["a"]', "name", "expected a name of letters"),
    ('name = ".hidden"\nany = ["a"]', "name", "expected a name of letters"),
    ('name = "x"\nany = "芯片"', "any", "expected a list of non-empty strings"),
    ('name = "x"\nany = ["a"]\nmin_hits = 0', "min_hits", "at least 1"),
    ('name = "x"\nany = ["a"]\nmain = "no"', "main", "expected true or false"),
    ('name = "x"\nany = ["a"]\nmail_to = ["not-an-address"]', "mail_to", "not-an-address"),
    ('name = "x"\nany = ["a"]\nmin_hit = 2', "min_hit", "unknown key"),
])
def test_each_bad_key_is_named(tmp_path: Path, body: str, key: str, what: str):
    message = config_error(tmp_path, f"[[watchlists]]\n{body}\n")
    assert "[[watchlists]] #1" in message and f" {key}: " in message and what in message


def test_two_watchlists_cannot_share_a_folder(tmp_path: Path):
    message = config_error(tmp_path, '[[watchlists]]\nname = "AI"\nany = ["a"]\n[[watchlists]]\nname = "ai"\nany = ["b"]\n')
    assert "#2 (ai) name: 'ai' is used by another watchlist" in message


def test_the_example_config_documents_every_watchlist_key_and_its_block_loads(tmp_path: Path):
    from briefs.digest.watchlists import KEYS
    from tests.conftest import ROOT

    text = (ROOT / "zhbrief.example.toml").read_text(encoding="utf-8")
    start = text.index("# [[watchlists]]")
    lines = text[start:].splitlines()
    block = [line[2:] for line in lines[:next(i for i, line in enumerate(lines) if not line.startswith("# "))]]
    for key in KEYS:
        assert any(line.startswith(f"{key} = ") for line in block), f"[[watchlists]] {key} is not in the example"
    path = tmp_path / "zhbrief.toml"
    path.write_text("\n".join(block) + '\n\n[[push]]\nname = "wecom-med"\n', encoding="utf-8")
    (watchlist,) = load_config(path).watchlists
    assert (watchlist.name, watchlist.min_hits, watchlist.mail_to) == ("医疗AI", 2, ("med@example.com",))

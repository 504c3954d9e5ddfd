"""Sentence splitting, table-driven: every rule of the splitter's contract has a row."""
from __future__ import annotations

import pytest

from summarize.sentences import split_long, split_sentences

CASES = [
    # (why, paragraph, expected sentences)
    ("full stop", "第一句。第二句。", ["第一句。", "第二句。"]),
    ("every final mark", "真的吗？是的！好；然后…结束", ["真的吗？", "是的！", "好；", "然后…", "结束"]),
    ("ASCII marks (NLPCC)", "他来了!你呢?我们走;好", ["他来了!", "你呢?", "我们走;", "好"]),
    ("closing quote stays", "他说：“我来了。”随后离开。", ["他说：“我来了。”", "随后离开。"]),
    ("closing bracket stays", "此事已经确认（据新华社。）下一句。", ["此事已经确认（据新华社。）", "下一句。"]),
    ("book-title mark stays", "他读完了《三体。》然后睡了。", ["他读完了《三体。》", "然后睡了。"]),
    ("mark runs are one boundary", "真的吗？！是的……好吧。", ["真的吗？！", "是的……", "好吧。"]),
    ("decimal percentage", "利率下调0.05%，降至3.5%。", ["利率下调0.05%，降至3.5%。"]),
    ("decimal amount", "营收3.5亿元，同比增长12.8%。下一句。", ["营收3.5亿元，同比增长12.8%。", "下一句。"]),
    ("clock time", "发布时间12:02，记者到场。", ["发布时间12:02，记者到场。"]),
    ("NLPCC timestamp", "2015-04-2512:02新浪体育报道称比赛结束。", ["2015-04-2512:02新浪体育报道称比赛结束。"]),
    ("URL", "详见www.example.com.cn网站。", ["详见www.example.com.cn网站。"]),
    ("English sentences", "I was born in 2015. Then I grew up.", ["I was born in 2015.", "Then I grew up."]),
    ("abbreviations", "Mr. Smith met Dr. Li. They talked.", ["Mr. Smith met Dr. Li.", "They talked."]),
    (
        "English quote inside Chinese",
        "他说：“This is a big step. We are ready.”随后离开。",
        ["他说：“This is a big step.", "We are ready.”", "随后离开。"],
    ),
    ("English then Chinese", "The deal is done.随后双方签约。", ["The deal is done.", "随后双方签约。"]),
    ("numbered list item", "3. 职业院校与企业共建基地。", ["3. 职业院校与企业共建基地。"]),
    ("no final punctuation kept", "没有句末标点的一段文字", ["没有句末标点的一段文字"]),
    ("trailing text kept", "第一句。第二句没有标点", ["第一句。", "第二句没有标点"]),
    ("ASCII quote that opens is not a closer", '他问道:"你好吗?"她说好。', ['他问道:"你好吗?"', "她说好。"]),
    ("empty", "", []),
    ("only spaces", "   ", []),
]


@pytest.mark.parametrize("why, paragraph, expected", CASES, ids=[c[0] for c in CASES])
def test_split(why: str, paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def test_long_run_without_boundary_is_split_at_commas() -> None:
    clause = "这是一个没有句号的很长分句"  # 13 characters
    run = "，".join([clause] * 40) + "。"  # ~560 characters, commas only
    pieces = split_sentences(run, max_chars=160)
    assert len(pieces) > 3
    assert all(len(p) <= 160 for p in pieces)
    assert all(p.endswith(("，", "。")) for p in pieces)  # cut after commas, not mid-clause
    assert "".join(pieces) == run  # nothing dropped


def test_long_run_without_commas_is_cut_at_the_limit() -> None:
    run = "字" * 500
    pieces = split_long(run, 160)
    assert [len(p) for p in pieces] == [160, 160, 160, 20]
    assert "".join(pieces) == run


def test_a_clause_cut_at_the_limit_is_not_cut_inside_a_number_or_a_word() -> None:
    """A run with no comma is cut where it must be, but not between the digits of a number ("…和2" /
    "0余场") nor inside a Latin word or a decimal: the cut moves back to where the number starts, or to
    an enumeration comma (、) or a space close before it."""
    head = ("学会全年组织专题研讨会" + "青年学者论坛以及面向公众的科普讲座" * 9)[:158]  # no comma
    run = head + "和20余场学术对话活动并出版论文集三部"  # the limit falls between "2" and "0"
    pieces = split_long(run, 160)
    assert "".join(pieces) == run
    assert pieces[0].endswith("和") and pieces[1].startswith("20余场")
    latin = "字" * 155 + "AI4Science暑期学校" + "字" * 20
    assert split_long(latin, 160)[1].startswith("AI4Science")
    listed = "字" * 150 + "、" + "字" * 30
    assert split_long(listed, 160)[0].endswith("、")


@pytest.mark.parametrize("paragraph, expected", [
    ('他表示："这是第一步。 "', ['他表示："这是第一步。 "']),  # a closing quote after a space, kept as written
    ('正文说明了事情的经过。"', ['正文说明了事情的经过。"']),  # one that closes a quote of the paragraph before
    ("“我们会继续努力。” ……", ["“我们会继续努力。” ……"]),
    ("人工智能。 。", ["人工智能。 。"]),  # Hypothesis: the joined sentence must still be a part of the text
])
def test_a_piece_of_punctuation_alone_is_not_a_sentence(paragraph: str, expected: list[str]) -> None:
    """A quote mark or dots left after the last full stop belong to the sentence before them: alone they
    were a 'sentence' of their own, listed (and weighed) as one."""
    assert split_sentences(paragraph) == expected


def test_pieces_cover_the_paragraph() -> None:
    paragraph = "他说：“我来了。”随后离开。利率0.05%。No boundary here"
    assert "".join(split_sentences(paragraph)) == paragraph

"""Invariants of the engine for any input (hypothesis): no crash; chosen sentences come from the cleaned
input, in input order, within the budget; the same input gives the same summary."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summarize import SummaryOptions, summarize
from summarize.clean import clean_lines
from summarize.roles import strip_glued

# Text that looks like news: CJK words, digits, Latin, every kind of mark the cleaner and splitter
# handle, line breaks, and the noise they remove.
PIECES = st.sampled_from(
    [
        "人工智能", "医疗", "机器人", "手术", "精度", "提升", "医院", "试点", "推广", "风险", "监管", "数据",
        "3.5亿", "0.05%", "12:02", "2015-04-2512:02", "新浪体育", "显示图片", "【资料图】", "标签:", "责任编辑:",
        "。", "！", "？", "；", "…", "，", "、", "：", "“", "”", "（", "）", "《", "》", ".", "!", "?", ";", "\"",
        " ", "\n", "\n\n", "# ", "## ", "Hello world. ", "GPT-4", "快播:", "_每日观点", "...",
    ]
)
NEWSLIKE = st.lists(PIECES, max_size=120).map("".join)
# Any str a caller can build, UTF-16 surrogates included (json.loads gives one for a "\ud83d" alone), and
# news with them in it: random characters alone seldom make a sentence the engine reads on.
SURROGATE = st.characters(categories=["Cs"])
ANY_CHARACTER = st.one_of(st.characters(exclude_categories=()), SURROGATE)
ANY_TEXT = st.one_of(
    st.text(alphabet=ANY_CHARACTER, max_size=400), st.lists(st.one_of(PIECES, SURROGATE), max_size=120).map("".join)
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cleaned(text: str) -> str:
    return "\n".join(clean_lines(text))


@FAST
@given(text=ANY_TEXT, title=st.one_of(st.none(), st.text(alphabet=ANY_CHARACTER, max_size=30)), budget=st.one_of(st.none(), st.integers(1, 200)))
def test_arbitrary_unicode_never_raises(text: str, title: str | None, budget: int | None) -> None:
    summary = summarize(text, title=title, options=SummaryOptions(budget=budget))
    if budget is not None:
        assert len(summary.summary) <= budget
    # and everything it returns can be written out
    for shown in [summary.title or "", summary.summary, *summary.keywords, *(s.text for s in summary.candidates)]:
        shown.encode("utf-8")


@FAST
@given(text=NEWSLIKE, budget=st.one_of(st.none(), st.integers(1, 120)), per_section=st.integers(1, 4))
def test_chosen_sentences_come_from_the_input_in_order_within_budget(
    text: str, budget: int | None, per_section: int
) -> None:
    summary = summarize(text, options=SummaryOptions(budget=budget, sentences_per_section=per_section))
    source = cleaned(text)
    chosen = [s for s in summary.candidates if s.chosen]
    assert [s.index for s in chosen] == sorted(s.index for s in chosen)
    for sentence in chosen:
        assert sentence.text and sentence.text in source
    for section in summary.sections:
        assert len(section.sentences) <= per_section
    if budget is not None:
        assert len(summary.summary) <= budget
        assert sum(len(s.text) for s in chosen) <= budget
    # The joined summary is the chosen sentences in document order.
    assert summary.summary.replace(" ", "") == "".join(s.text for s in chosen).replace(" ", "")[: len(summary.summary.replace(" ", ""))]


@FAST
@given(text=NEWSLIKE)
def test_deterministic(text: str) -> None:
    assert summarize(text) == summarize(text)


@FAST
@given(text=NEWSLIKE, budget=st.one_of(st.none(), st.integers(1, 120)), per_section=st.integers(1, 4))
def test_explain_only_adds_reasons(text: str, budget: int | None, per_section: int) -> None:
    """Without --explain no reason is written (selection and themes skip that work); nothing else changes."""
    options = SummaryOptions(budget=budget, sentences_per_section=per_section)
    plain = summarize(text, options=options)
    explained = summarize(text, options=replace(options, explain=True))
    assert not any(s.reason or s.theme_reason for s in plain.candidates)
    assert explained.summary == plain.summary and explained.keywords == plain.keywords
    assert [replace(s, reason="", theme_reason="") for s in explained.candidates] == list(plain.candidates)


@FAST
@given(text=NEWSLIKE)
@example(text="人工智能\n# 。")  # a plain line taken for a heading over a "#" line taken for the title
@example(text="显示图片）Hello world. ")  # a stray bracket stripped where the sentence is 12 characters with its space
def test_sentences_partition_the_cleaned_text(text: str) -> None:
    """Nothing the cleaner kept is lost by splitting: the candidates cover every non-heading line, in order,
    but for boilerplate glued to a sentence's front, which the roles strip (a stray bracket, a repeated
    caption: `roles.strip_glued` must give the candidate back from what was left out and the candidate)."""
    summary = summarize(text)
    headings = {s.heading for s in summary.sections if s.heading}
    body = "".join(
        line.replace(" ", "") for line in clean_lines(text) if line not in headings and not line.startswith("#")
    )
    at = 0
    for sentence in summary.candidates:
        candidate = sentence.text.replace(" ", "")
        found = body.find(candidate, at)
        assert found >= 0, candidate
        if found > at:  # something before it went: only what the roles strip from its front, from the
            # sentence as written (what is left must be MIN_STRIPPED_CHARS long, its spaces counted)
            assert strip_glued(body[at:found] + sentence.text)[0].replace(" ", "") == candidate, body[at:found]
        at = found + len(candidate)
    assert at == len(body)

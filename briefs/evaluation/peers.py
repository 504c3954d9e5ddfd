"""The peer summarizers zhbrief is measured against, each run in-process the way its users run it.

Contract: `load_peer(name)` returns a `System` (text in, summary out) for one of `PEERS`. The baselines
(`lead`, `first-sentence`) need nothing; the others are the optional extra `pip install 'zhbrief[eval]'`,
imported only when asked for, and a missing one raises `BriefError` naming the extra.

Each peer is called as its README shows: textrank4zh 0.3 `analyze(text, lower=True, source='all_filters')`
and its top key sentence; SnowNLP `summary(1)`; sumy LexRank / TextRank with `Tokenizer("chinese")`,
`Stemmer("chinese")` and sumy's Chinese stop words (without the stop words they score lower: R1 27.20 and
24.67, the figures of ../shared/data/README.md).

textrank4zh 0.3 calls `networkx.from_numpy_matrix`, which networkx 3 removed; `_networkx3_shim` puts the
old name back (as `from_numpy_array`, its replacement) only when the textrank4zh peer loads, so only an
evaluation process ever has it; the engine itself does not use networkx.
"""
from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable

from briefs.errors import BriefError
from briefs.evaluation.rouge import System

EXTRA = "pip install 'zhbrief[eval]'"

# A sentence ends at a full stop, question or exclamation mark, full-width or ASCII (the data set turned
# ！？ into !?). Not at ; or ；, which the published figures' splitter also cut at (29.17 / 17.16 / 23.14
# there, 29.20 / 17.17 / 23.13 here).
_FIRST_SENTENCE = re.compile(r"^.*?[。！？!?]", re.DOTALL)


def lead(text: str) -> str:
    """The raw text; the harness cuts it to the budget, which makes it "the first 60 characters"."""
    return text


def first_sentence(text: str) -> str:
    """The raw text up to and including the first 。！？!? (all of it when there is none)."""
    found = _FIRST_SENTENCE.match(text)
    return found.group(0) if found else text


def _missing(package: str, error: ImportError) -> BriefError:
    return BriefError(f"peer {package!r} is not installed ({error}); the peers are the optional extra: {EXTRA}")


def _quiet_jieba() -> None:
    """jieba (under textrank4zh and sumy) warns about pkg_resources on import and logs its dictionary
    load to stderr; neither says anything about the evaluation, so keep them off the table's screen."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)


def _networkx3_shim() -> None:
    import networkx

    if not hasattr(networkx, "from_numpy_matrix"):
        networkx.from_numpy_matrix = networkx.from_numpy_array  # type: ignore[attr-defined]


def textrank4zh_key_sentences() -> Callable[[str, int], list[str]]:
    """textrank4zh's top `k` key sentences of a text, best first (the label evaluation picks two)."""
    try:
        _quiet_jieba()
        from textrank4zh import TextRank4Sentence
    except ImportError as error:
        raise _missing("textrank4zh", error) from error
    _networkx3_shim()
    ranker = TextRank4Sentence()

    def key_sentences(text: str, k: int) -> list[str]:
        ranker.analyze(text=text, lower=True, source="all_filters")
        return [found.sentence for found in ranker.get_key_sentences(num=k)]

    return key_sentences


def _textrank4zh() -> Callable[[str], str]:
    key_sentences = textrank4zh_key_sentences()

    def top_sentence(text: str) -> str:
        found = key_sentences(text, 1)
        return found[0] if found else ""

    return top_sentence


def _snownlp() -> Callable[[str], str]:
    try:
        from snownlp import SnowNLP
    except ImportError as error:
        raise _missing("snownlp", error) from error

    def top_sentence(text: str) -> str:
        found = SnowNLP(text).summary(1)
        return found[0] if found else ""

    return top_sentence


def _sumy(algorithm: str) -> Callable[[str], str]:
    try:
        _quiet_jieba()
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as error:
        raise _missing("sumy", error) from error
    tokenizer = Tokenizer("chinese")
    summarizer = (LexRankSummarizer if algorithm == "lexrank" else TextRankSummarizer)(Stemmer("chinese"))
    summarizer.stop_words = get_stop_words("chinese")

    def top_sentence(text: str) -> str:
        with warnings.catch_warnings():
            # LexRank divides by a zero norm when no two sentences share a word; it still answers.
            warnings.simplefilter("ignore", RuntimeWarning)
            found = summarizer(PlaintextParser.from_string(text, tokenizer).document, 1)
        return str(found[0]) if found else ""

    return top_sentence


_LOADERS: dict[str, Callable[[], Callable[[str], str]]] = {
    "lead": lambda: lead,
    "first-sentence": lambda: first_sentence,
    "textrank4zh": _textrank4zh,
    "snownlp": _snownlp,
    "sumy-lexrank": lambda: _sumy("lexrank"),
    "sumy-textrank": lambda: _sumy("textrank"),
}
PEERS: tuple[str, ...] = tuple(_LOADERS)


def load_peer(name: str) -> System:
    """The named peer, ready to run; its package is imported now, not at module import."""
    if name not in _LOADERS:
        raise BriefError(f"unknown peer {name!r}; choose from {', '.join(PEERS)}")
    return System(name, _LOADERS[name]())

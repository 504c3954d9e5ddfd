"""Keepable: how likely an editor is to keep a sentence in a brief, from its own text and where it stands.

Contract: `keep_probability(texts, section_of, verdicts)` returns one probability per sentence from a
small logistic regression shipped as package data (summarize/data/keepable.json), trained on editor
labels by training/train_keepable.py (which also says how it was checked on a held-out split);
`keep_factor` turns it, with a second regression on the same features for junk the roles' rules miss,
into the factor the ranking multiplies each sentence's weight by.
Features are what tells an informative sentence from scene-setting, background and furniture: how it
opens and ends (character n-grams), its length and how long its first clause runs, whether its opening
words come back further on, digits, quotes and attribution, whether it speaks to the reader, its role
(summarize/roles.py), and its place in its section.
numpy only at run time.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from summarize import regex
from summarize.roles import WEAK, Verdict

BUCKETS = 1 << 12  # hashed n-gram features
_DIGIT = regex.compile(r"\d")
_ATTRIBUTION = regex.compile(r"表示|指出|认为|介绍|透露|称|说")
_NEWS_VERB = regex.compile(r"宣布|发布|推出|批准|启动|完成|达成|签署|公布|实现|突破|上线|获得|通过|开通|投产|建成|当选|起诉|判处|逮捕|死亡|受伤")
# Written so that each pattern opens with a character or a set of them: re then skips in C to where a
# match can start. One opening with a repeat (`[A-Za-z]{2,}`), or alternatives not all opening with a
# character (a date or a time word), is tried at every position, at twice the cost.
_DATE = regex.compile(r"\d\d?月\d\d?日")
_TIME_WORD = regex.compile(r"昨天|昨日|今天|今日|日前|近日|上午|下午|晚间")
_LATIN = regex.compile(r"[A-Za-z][A-Za-z]+")  # two letters or more
# A heading or caption that lost its line break runs into the sentence's first clause with no cue to cut
# it at ("两次违规记录限制入境根据俄法律,…"), so that clause runs long. 25 chosen on the cross-validated
# picks (24-26 alike).
_CLAUSE_END = regex.compile(r"[,，。;；:：!！?？、]")
LONG_OPENING = 25
# "opening said again": the sentence's first SAID_AGAIN characters (words only: no punctuation, quote or
# bracket among them) found again from its SAID_AFTER-th on. Across the five label files 82 such sentences
# are junk, 63 weak, 72 key or ok (junk is 10% of all labelled sentences). Held out (crossval_picks.py,
# all five files) junk picks 28 -> 26 of 926 and key+ok 82.1 -> 82.2%; four characters gave 28 -> 26
# too, five and six nothing. NLPCC ROUGE unchanged.
SAID_AGAIN = 3
SAID_AFTER = 8
_NOT_A_WORD = regex.compile(r"\W")  # punctuation, quotes, brackets, spaces
DENSE = (
    "bias", "len<15", "len15-30", "len30-60", "len60-100", "len>100", "digits", "digits>=4", "percent",
    "latin", "quote", "colon", "commas>=3", "attribution", "news verb", "date or time", "weak", "dangling",
    "first in section", "second in section", "rank 3-5", "rank>5", "last in section", "first section",
    "glued furniture", "addresses the reader", "long opening", "opening said again",
)
_FIRST_IN_SECTION = DENSE.index("first in section")  # the column that marks a section's lead (keep_factor)


def _hashed(text: str) -> list[int]:
    """Bucket ids of the n-grams that carry a sentence's shape: its opening and its ending."""
    # The CRC of "p1:" + text[:1] etc., continued from each prefix's CRC: no gram strings are built.
    crc, (p1, p2, p3, e2, e3, o) = zlib.crc32, _PREFIX_CRCS
    head = text[:10]
    return [
        crc(text[:1].encode(), p1) % BUCKETS, crc(text[:2].encode(), p2) % BUCKETS, crc(text[:3].encode(), p3) % BUCKETS,
        crc(text[-2:].encode(), e2) % BUCKETS, crc(text[-3:].encode(), e3) % BUCKETS,
        *[crc(head[i : i + 2].encode(), o) % BUCKETS for i in range(len(head) - 1)],
    ]


_PREFIX_CRCS = tuple(zlib.crc32(prefix.encode()) for prefix in ("p1:", "p2:", "p3:", "e2:", "e3:", "o:"))


def dense_features(text: str, rank: int, size: int, section: int, verdict: Verdict) -> list[bool]:
    """The named features (DENSE) of one sentence, each yes or no (1.0 or 0.0 in `feature_matrix`'s rows);
    `rank` is its place in its section from 0, of `size`."""
    n = len(text)
    digits = len(_DIGIT.findall(text))
    return [
        True,
        n < 15, 15 <= n < 30, 30 <= n < 60, 60 <= n < 100, n >= 100,
        digits > 0, digits >= 4, "%" in text or "％" in text,
        _LATIN.search(text) is not None,
        "“" in text or "”" in text or '"' in text, ":" in text or "：" in text,
        text.count(",") + text.count("，") >= 3,
        _ATTRIBUTION.search(text) is not None, _NEWS_VERB.search(text) is not None,
        _TIME_WORD.search(text) is not None or _DATE.search(text) is not None,
        verdict.kind == WEAK, verdict.needs_previous,
        rank == 0, rank == 1, 2 <= rank <= 4, rank > 4, rank == size - 1 and size > 1,
        section == 0,
        verdict.glued,
        # Speaking to the reader: advice, a rhetorical aside or quoted chatter, seldom the news itself.
        "你" in text or "您" in text,
        _opening(text) >= LONG_OPENING,
        _said_again(text),
    ]


def _said_again(text: str) -> bool:
    """Whether the sentence's first words come back further on, as when a headline that lost its line
    break names the story's subject and the lead after it names it again ("北环路口大货车侧翻北环路口昨晨…")."""
    head = text[:SAID_AGAIN]
    return len(head) == SAID_AGAIN and _NOT_A_WORD.search(head) is None and text.find(head, SAID_AFTER) >= 0


def _opening(text: str) -> int:
    """How many characters the first clause runs (to the first comma, stop or colon)."""
    end = _CLAUSE_END.search(text)
    return end.start() if end else len(text)


def feature_matrix(
    texts: Sequence[str], section_of: Sequence[int], verdicts: Sequence[Verdict]
) -> tuple[np.ndarray, list[list[int]]]:
    """Dense features (one row a sentence) and each sentence's hashed n-gram buckets."""
    sizes: dict[int, int] = {}
    for section in section_of:
        sizes[section] = sizes.get(section, 0) + 1
    seen: dict[int, int] = {}
    rows, buckets = [], []
    for text, section, verdict in zip(texts, section_of, verdicts):
        rank = seen.get(section, 0)
        seen[section] = rank + 1
        rows.append(dense_features(text, rank, sizes[section], section, verdict))
        buckets.append(_hashed(text))
    # From bools to a bool array, then to floats: numpy converts a list of bools to float one by one.
    return np.array(rows, dtype=bool).reshape(len(rows), len(DENSE)).astype(float), buckets


def _model() -> tuple[np.ndarray, np.ndarray]:
    """The keep model's weights (dense, hashed)."""
    return _models()[0]


def _junk_model() -> tuple[np.ndarray, np.ndarray]:
    """The junk model's weights (dense, hashed)."""
    return _models()[1]


@lru_cache(maxsize=1)
def _models() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    data = json.loads(resources.files("summarize").joinpath("data/keepable.json").read_text(encoding="utf-8"))
    if data.get("dense_names") != list(DENSE) or data.get("buckets") != BUCKETS or "junk_dense" not in data:
        raise ValueError("summarize/data/keepable.json does not match the features; retrain with training/train_keepable.py")
    return ((np.array(data["dense"], dtype=float), np.array(data["hashed"], dtype=float)),
            (np.array(data["junk_dense"], dtype=float), np.array(data["junk_hashed"], dtype=float)))


def scores(dense: np.ndarray, buckets: Sequence[Sequence[int]], dense_w: np.ndarray, hashed_w: np.ndarray) -> np.ndarray:
    """The model's log-odds for each sentence."""
    logits = dense @ dense_w
    # The bucket weights of all sentences with as many n-grams at once (most have the same number): a
    # row's sum along the last axis adds in the same order as summing that row alone.
    rows_of: dict[int, list[int]] = {}
    for i, ids in enumerate(buckets):
        rows_of.setdefault(len(ids), []).append(i)
    for size, rows in rows_of.items():
        if size:
            logits[rows] += hashed_w[np.array([buckets[i] for i in rows])].sum(axis=1)
    return logits


def keep_probability(texts: Sequence[str], section_of: Sequence[int], verdicts: Sequence[Verdict]) -> np.ndarray:
    """Probability (0–1) that an editor would keep each sentence (key or ok)."""
    return _probability(texts, section_of, verdicts, _model())


def junk_probability(texts: Sequence[str], section_of: Sequence[int], verdicts: Sequence[Verdict]) -> np.ndarray:
    """Probability (0–1) that an editor would call each sentence junk, where the roles' rules did not."""
    return _probability(texts, section_of, verdicts, _junk_model())


def _probability(
    texts: Sequence[str], section_of: Sequence[int], verdicts: Sequence[Verdict], weights: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    if not texts:
        return np.zeros(0)
    dense, buckets = feature_matrix(texts, section_of, verdicts)
    return 1.0 / (1.0 + np.exp(-scores(dense, buckets, *weights)))


KEEP_WEIGHT = 2.0  # chosen once on the held-out split (1.0: 87.0% and 55% keepable, 2.0: 87.8% and 60%)
# How strongly the junk model's "not junk" counts. The keep model weighs junk the roles' rules miss (a
# headline or caption run into the text with no punctuation left) like any weak sentence; a model of junk
# alone, on the same features, sees it apart. At a section's first sentence the two aims part ways: a
# headline run into the lead leaves the lead's news in it, which NLPCC's references summarise, while an
# editor calls the fused line junk; further in, a fused caption or subheading carries nothing a summary
# needs. So the lead's weight is lighter. Cross-validated picks (training/crossval_picks.py), junk % dev /
# ours / general news (81 articles in no model), and NLPCC ROUGE-1 at a 60-character budget:
#   none: 3.8 / 4.5 / 13.6, 33.68;  1.5 everywhere: 1.3 / 4.5 / 12.3, 33.83;  3 everywhere: 1.3 / 2.3 / 9.3,
#   33.12 (under its floor);  1.5 at the lead, 3 elsewhere: 1.3 / 2.8 / 9.9, 33.93;  1.5 and 4: 1.3 / 3.4 /
#   10.5, 33.84. key+ok moves within a point or two (1.5 and 3: 76.9 / 84.7 / 71.0, real pages 86.8).
JUNK_WEIGHT_LEAD = 1.5
JUNK_WEIGHT = 3.0


def keep_factor(texts: Sequence[str], section_of: Sequence[int], verdicts: Sequence[Verdict]) -> np.ndarray:
    """A factor per sentence (mean 1 for each part): how much likelier than the article's average an editor
    keeps it, times how much less likely than average it is junk that the rules missed (weighed lighter at
    a section's first sentence, see JUNK_WEIGHT_LEAD)."""
    return keep_estimates(texts, section_of, verdicts)[0]


def keep_estimates(texts: Sequence[str], section_of: Sequence[int], verdicts: Sequence[Verdict]) -> tuple[np.ndarray, np.ndarray]:
    """`keep_factor` and `keep_probability` of each sentence, from one pass over the features."""
    if not texts:
        return np.zeros(0), np.zeros(0)
    dense, buckets = feature_matrix(texts, section_of, verdicts)
    keep = 1.0 / (1.0 + np.exp(-scores(dense, buckets, *_model())))
    clean = 1.0 / (1.0 + np.exp(scores(dense, buckets, *_junk_model())))  # 1 - P(junk)
    leads = dense[:, _FIRST_IN_SECTION] > 0
    return (keep / keep.mean()) ** KEEP_WEIGHT * (clean / clean.mean()) ** np.where(leads, JUNK_WEIGHT_LEAD, JUNK_WEIGHT), keep

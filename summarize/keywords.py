"""Keywords: TextRank on the article's word graph (co-occurrence within a window), POS and stop-word filtered."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from summarize import regex
from summarize.rank import pagerank, pagerank_edges
from summarize.segment import Words, segmenter

WINDOW = 5  # words co-occur when fewer than WINDOW positions apart in one sentence
DENSE_LIMIT = 120  # candidate words up to which the graph is solved as one dense system


def keywords(
    words: Words, count: int, damping: float = 0.85, texts: Sequence[str] = (), skip: Sequence[int] = ()
) -> tuple[str, ...]:
    """The `count` most central keyword candidates; ties go to the word that appears first. A model name
    the article writes joined to its product's name is shown whole (see `whole_name`; `texts`: the
    article's sentences). The sentences in `skip` (junk: captions, bylines, an account's sign-off) give
    no keywords, unless the article has nothing else."""
    found = _ranked(words, count, damping, skip)
    if texts and any(_MODEL_NAME.fullmatch(word) for word in found):
        text = "\n".join(texts)
        found = tuple(dict.fromkeys(whole_name(word, text) for word in found))
    return found


def _ranked(words: Words, count: int, damping: float, skip: Sequence[int] = ()) -> tuple[str, ...]:
    candidates = words.keyword
    if len(skip):
        kept = candidates & ~np.isin(words.sentence, np.asarray(skip, dtype=np.int64))
        candidates = kept if kept.any() else candidates
    word_ids = words.word[candidates]
    sentence_ids = words.sentence[candidates]
    if count <= 0 or word_ids.size == 0:
        return ()
    pairs = []
    for gap in range(1, WINDOW):  # all pairs `gap` apart within one sentence, built at once
        same = (sentence_ids[:-gap] == sentence_ids[gap:]) & (word_ids[:-gap] != word_ids[gap:])
        pairs.append((word_ids[:-gap][same], word_ids[gap:][same]))
    a = np.concatenate([p[0] for p in pairs])
    b = np.concatenate([p[1] for p in pairs])
    if a.size == 0:  # no co-occurrence: first-seen order
        return tuple(words.shown(i) for i in dict.fromkeys(word_ids.tolist()))[:count]
    # The graph's nodes are the candidates only, numbered in first-seen order (ties go to the earlier).
    nodes = np.array(list(dict.fromkeys(word_ids.tolist())), dtype=word_ids.dtype)  # cheaper than np.unique here
    local = np.full(len(words.vocabulary), -1)
    local[nodes] = np.arange(nodes.size)
    n = nodes.size
    source, target = local[np.concatenate((a, b))], local[np.concatenate((b, a))]  # undirected: both ways
    if n <= DENSE_LIMIT:  # one exact solve costs less than ~25 rounds of sparse numpy calls
        weights = np.bincount(source * n + target, minlength=n * n).reshape(n, n).astype(float)
        scores = pagerank(weights, damping=damping)
    else:
        scores = pagerank_edges(n, source, target, np.ones(source.size), damping=damping)
    order = np.lexsort((np.arange(n), -np.round(scores, 12)))
    return tuple(words.shown(nodes[i]) for i in order[:count])


# A model name the segmenter cuts from its product's name at a hyphen or a middle dot ("启明-X2" is tagged
# 启明 | - | X2): a few letters and digits that alone tell a reader nothing.
_MODEL_NAME = regex.compile(r"(?=[A-Za-z]*\d)[A-Za-z0-9]{1,4}")
_JOINER = "-－·‧"


def whole_name(word: str, text: str) -> str:
    """`word` as `text` writes it joined to the name before it (启明-X2), when it is a model name written so
    at least as often as alone; the name is the last word of the run of Han characters before the joiner
    (搭载启明-X2 is 启明-X2), or the Latin word there."""
    if not _MODEL_NAME.fullmatch(word):
        return word
    escaped = re.escape(word)
    joined = re.findall(rf"([\u4e00-\u9fff]+|[A-Za-z]{{2,12}})([{_JOINER}]){escaped}(?![A-Za-z0-9])", text)
    alone = len(re.findall(rf"(?<![A-Za-z0-9{_JOINER}]){escaped}(?![A-Za-z0-9])", text))
    if not joined or len(joined) < alone:
        return word
    (name, joiner), _ = Counter((_last_word(run), joiner) for run, joiner in joined).most_common(1)[0]
    return f"{name}{joiner}{word}"


def _last_word(run: str) -> str:
    """The last word of a run of Han characters (a Latin word as it is)."""
    if not run.isascii():
        words = segmenter().cut(run, False)
        return words[-1] if words else run
    return run

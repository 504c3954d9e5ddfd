"""Keywords: TextRank on the article's word graph (co-occurrence within a window), POS and stop-word filtered."""
from __future__ import annotations

import numpy as np

from summarize.rank import pagerank_edges
from summarize.segment import Words

WINDOW = 5  # words co-occur when fewer than WINDOW positions apart in one sentence


def keywords(words: Words, count: int, damping: float = 0.85) -> tuple[str, ...]:
    """The `count` most central keyword candidates; ties go to the word that appears first."""
    word_ids = words.word[words.keyword]
    sentence_ids = words.sentence[words.keyword]
    if count <= 0 or word_ids.size == 0:
        return ()
    pairs = []
    for gap in range(1, WINDOW):  # all pairs `gap` apart within one sentence, built at once
        same = (sentence_ids[:-gap] == sentence_ids[gap:]) & (word_ids[:-gap] != word_ids[gap:])
        pairs.append((word_ids[:-gap][same], word_ids[gap:][same]))
    a = np.concatenate([p[0] for p in pairs])
    b = np.concatenate([p[1] for p in pairs])
    n = len(words.vocabulary)
    if a.size == 0:  # no co-occurrence: first-seen order
        return tuple(words.shown(i) for i in dict.fromkeys(word_ids.tolist()))[:count]
    source, target = np.concatenate((a, b)), np.concatenate((b, a))  # undirected: both ways
    scores = pagerank_edges(n, source, target, np.ones(source.size), damping=damping)
    candidates = np.zeros(n, dtype=bool)
    candidates[word_ids] = True
    scores[~candidates] = -1.0  # adjectives and numbers are in the vocabulary but never keywords
    order = np.lexsort((np.arange(n), -np.round(scores, 12)))
    return tuple(words.shown(i) for i in order[: min(count, int(candidates.sum()))])

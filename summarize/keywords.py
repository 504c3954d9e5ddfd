"""Keywords: TextRank on the article's word graph (co-occurrence within a window), POS and stop-word filtered."""
from __future__ import annotations

import numpy as np

from summarize.rank import pagerank_edges

WINDOW = 5  # words co-occur when fewer than WINDOW positions apart in one sentence


def keywords(sentences: list[list[str]], count: int, damping: float = 0.85) -> tuple[str, ...]:
    """The `count` most central words; ties go to the word that appears first."""
    if count <= 0:
        return ()
    vocabulary: dict[str, int] = {}
    ids: list[int] = []
    sentence_of: list[int] = []
    for number, words in enumerate(sentences):
        for word in words:
            if not word.isdigit():
                ids.append(vocabulary.setdefault(word, len(vocabulary)))
                sentence_of.append(number)
    if not vocabulary:
        return ()
    word_ids = np.array(ids)
    sentence_ids = np.array(sentence_of)
    pairs = []
    for gap in range(1, WINDOW):  # all pairs `gap` apart within one sentence, built at once
        same = (sentence_ids[:-gap] == sentence_ids[gap:]) & (word_ids[:-gap] != word_ids[gap:])
        pairs.append((word_ids[:-gap][same], word_ids[gap:][same]))
    a = np.concatenate([p[0] for p in pairs])
    b = np.concatenate([p[1] for p in pairs])
    if a.size == 0:
        return tuple(list(vocabulary)[:count])
    source, target = np.concatenate((a, b)), np.concatenate((b, a))  # undirected: both ways
    scores = pagerank_edges(len(vocabulary), source, target, np.ones(source.size), damping=damping)
    order = np.lexsort((np.arange(len(vocabulary)), -np.round(scores, 12)))
    words = list(vocabulary)
    return tuple(words[i] for i in order[:count])

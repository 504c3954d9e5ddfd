"""Keywords: TextRank on the article's word graph (co-occurrence within a window), POS and stop-word filtered."""
from __future__ import annotations

import numpy as np

from summarize.rank import pagerank, pagerank_edges
from summarize.segment import Words

WINDOW = 5  # words co-occur when fewer than WINDOW positions apart in one sentence
DENSE_LIMIT = 120  # candidate words up to which the graph is solved as one dense system


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

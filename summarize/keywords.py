"""Keywords: TextRank on the article's word graph (co-occurrence within a window), POS and stop-word filtered."""
from __future__ import annotations

import numpy as np

from summarize.rank import pagerank_edges

WINDOW = 5


def keywords(sentences: list[list[str]], count: int, damping: float = 0.85) -> tuple[str, ...]:
    """The `count` most central words; ties go to the word that appears first."""
    if count <= 0:
        return ()
    vocabulary: dict[str, int] = {}
    source: list[int] = []
    target: list[int] = []
    for words in sentences:
        ids = [vocabulary.setdefault(word, len(vocabulary)) for word in words if not word.isdigit()]
        for i, a in enumerate(ids):
            for b in ids[i + 1 : i + WINDOW]:
                if a != b:
                    source.extend((a, b))
                    target.extend((b, a))
    if not source:
        return tuple(list(vocabulary)[:count])
    edges = np.array(source), np.array(target)
    scores = pagerank_edges(len(vocabulary), edges[0], edges[1], np.ones(len(source)), damping=damping)
    order = sorted(range(len(vocabulary)), key=lambda i: (-round(scores[i], 12), i))
    words = list(vocabulary)
    return tuple(words[i] for i in order[:count])

"""Ranking: sentence similarity (BM25) and PageRank in numpy, plus the priors that personalise it.

`pagerank` solves the same fixed point as networkx's `pagerank` (weighted, personalised, dangling nodes
sent along the personalisation vector) exactly, by one dense linear solve: ~30 µs for a news article
where networkx spends ~2 ms building and iterating a graph. `pagerank_edges` is the sparse form for the
word graph, whose vocabulary can run to thousands.
"""
from __future__ import annotations

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75


def _personalization(n: int, personalization: np.ndarray | None) -> np.ndarray:
    if personalization is None:
        return np.full(n, 1.0 / n)
    p = np.asarray(personalization, dtype=float)
    total = p.sum()
    if total <= 0:
        raise ValueError("personalization must have a positive sum")
    return p / total


def pagerank(weights: np.ndarray, personalization: np.ndarray | None = None, damping: float = 0.85) -> np.ndarray:
    """PageRank of a weighted directed graph given as a dense matrix (weights[i, j]: edge i -> j)."""
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    p = _personalization(n, personalization)
    out = weights.sum(axis=1)
    dangling = out == 0
    transition = np.divide(weights, out[:, None], out=np.zeros_like(weights, dtype=float), where=~dangling[:, None])
    # x = d (Tᵀ x + p · Σ_dangling x) + (1 - d) p, with Σ x = 1, as one linear system.
    system = np.eye(n) - damping * (transition.T + np.outer(p, dangling))
    x = np.linalg.solve(system, (1 - damping) * p)
    return x / x.sum()


def pagerank_edges(
    n: int,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    personalization: np.ndarray | None = None,
    damping: float = 0.85,
    tol: float = 1e-6,
    max_iter: int = 500,
) -> np.ndarray:
    """PageRank by power iteration over an edge list; time linear in the number of edges.

    Stops when the L1 change falls below n * tol, networkx's own criterion.
    """
    if n == 0:
        return np.zeros(0)
    p = _personalization(n, personalization)
    out = np.bincount(source, weights=weight, minlength=n)
    dangling = out == 0
    share = weight / out[source]
    x = p.copy()
    for _ in range(max_iter):
        spread = np.bincount(target, weights=share * x[source], minlength=n)
        new = damping * (spread + p * x[dangling].sum()) + (1 - damping) * p
        if np.abs(new - x).sum() < n * tol:
            return new / new.sum()
        x = new
    return x / x.sum()


def bm25_similarity(words: list[list[str]]) -> np.ndarray:
    """Symmetric BM25 similarity between sentences (each a list of words), zero diagonal.

    BM25 saturates term frequency and normalises by length, so a long sentence is not similar to
    everything merely for being long, and short sentences still connect through rare shared words.
    """
    n = len(words)
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, sentence in enumerate(words):
        for word in sentence:
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    if not vocabulary:
        return np.zeros((n, n))
    tf = np.zeros((n, len(vocabulary)))
    np.add.at(tf, (np.array(rows), np.array(cols)), 1.0)
    lengths = tf.sum(axis=1)
    average = lengths.mean() or 1.0
    present = (tf > 0).astype(float)
    df = present.sum(axis=0)
    idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / average)
    weighted = idf * tf * (BM25_K1 + 1) / (tf + norm[:, None])  # document side, per term
    score = present @ weighted.T  # score[i, j]: sentence i as the query, sentence j as the document
    bm25 = (score + score.T) / 2
    np.fill_diagonal(bm25, 0.0)
    return bm25


def _mean_one(values: np.ndarray) -> np.ndarray:
    mean = values.mean() if values.size else 0.0
    return values / mean if mean > 0 else np.ones_like(values)


def priors(
    n: int,
    section_starts: frozenset[int],
    title_overlap: np.ndarray,
    position_decay: float,
    title_weight: float,
) -> np.ndarray:
    """Where news puts its point: the lead first, each section's opening, and what echoes the title."""
    position = np.exp(-np.arange(n) / position_decay)
    opening = np.array([0.3 if i in section_starts else 0.0 for i in range(n)])
    return position + opening + title_weight * title_overlap + 0.05


def rate_sentences(
    words: list[list[str]],
    section_starts: frozenset[int],
    title_words: set[str],
    *,
    damping: float,
    position_weight: float,
    position_decay: float,
    title_weight: float,
    window: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score (mean 1), centrality (mean 1) and prior of every sentence.

    Centrality is PageRank on the BM25 graph, personalised by the prior; the score blends the two.
    Articles longer than `window` sentences are ranked window by window, so time stays linear.
    """
    n = len(words)
    title_overlap = np.array(
        [len(title_words.intersection(w)) / len(title_words) if title_words else 0.0 for w in words]
    )
    prior = priors(n, section_starts, title_overlap, position_decay, title_weight)
    centrality = np.zeros(n)
    for start in range(0, n, window):
        stop = min(n, start + window)
        graph = bm25_similarity(words[start:stop])
        centrality[start:stop] = _mean_one(pagerank(graph, prior[start:stop], damping))
    score = (1 - position_weight) * centrality + position_weight * _mean_one(prior)
    return score, centrality, prior

"""The engine's two PageRanks equal networkx's `pagerank`, the reference implementation.

`summarize.rank.pagerank` (dense, one exact linear solve) and `pagerank_edges` (power iteration over an
edge list) must give networkx's fixed point: weighted out-edges, teleport to the personalisation vector,
dangling nodes' rank sent along the personalisation vector too (networkx's default for `dangling`).
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.rank import pagerank, pagerank_edges

TOLERANCE = 1e-6


def random_graph(seed: int, n: int, density: float, dangling: float, self_loops: bool) -> np.ndarray:
    """weights[i, j] > 0 for an edge i -> j; a `dangling` share of the nodes has no out-edges."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(0.1, 5.0, (n, n)) * (rng.random((n, n)) < density)
    weights[rng.random(n) < dangling, :] = 0.0
    if not self_loops:
        np.fill_diagonal(weights, 0.0)
    return weights


def networkx_pagerank(weights: np.ndarray, personalization: np.ndarray | None, damping: float) -> np.ndarray:
    n = weights.shape[0]
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from((int(i), int(j), float(weights[i, j])) for i, j in zip(*np.nonzero(weights)))
    p = None if personalization is None else {i: float(personalization[i]) for i in range(n)}
    ranks = nx.pagerank(graph, alpha=damping, personalization=p, tol=1e-12, max_iter=100_000)
    return np.array([ranks[i] for i in range(n)])


def edge_pagerank(weights: np.ndarray, personalization: np.ndarray | None, damping: float) -> np.ndarray:
    source, target = np.nonzero(weights)
    return pagerank_edges(
        weights.shape[0], source, target, weights[source, target], personalization, damping, tol=1e-13, max_iter=100_000
    )


def assert_both_equal_networkx(weights: np.ndarray, personalization: np.ndarray | None, damping: float) -> None:
    expected = networkx_pagerank(weights, personalization, damping)
    dense = pagerank(weights, personalization, damping)
    edges = edge_pagerank(weights, personalization, damping)
    np.testing.assert_allclose(dense, expected, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(edges, expected, rtol=0, atol=TOLERANCE)
    assert dense.sum() == pytest.approx(1.0) and edges.sum() == pytest.approx(1.0)


graphs = st.builds(
    random_graph,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 60),
    density=st.sampled_from([0.05, 0.2, 0.6, 1.0]),
    dangling=st.sampled_from([0.0, 0.1, 0.5]),
    self_loops=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(graphs, st.sampled_from([0.5, 0.85, 0.95]))
def test_pagerank_without_personalization(weights: np.ndarray, damping: float) -> None:
    assert_both_equal_networkx(weights, None, damping)


@settings(max_examples=150, deadline=None)
@given(graphs, st.integers(0, 2**32 - 1), st.booleans())
def test_pagerank_with_personalization(weights: np.ndarray, seed: int, with_zeros: bool) -> None:
    rng = np.random.default_rng(seed)
    personalization = rng.uniform(0.0, 3.0, weights.shape[0])
    if with_zeros:  # nodes nobody teleports to, as the engine's priors can make them
        personalization[rng.random(weights.shape[0]) < 0.5] = 0.0
        personalization[0] = 1.0
    assert_both_equal_networkx(weights, personalization, 0.85)


def test_undirected_similarity_graph_as_the_engine_builds_it() -> None:
    # Sentence graphs are symmetric with a zero diagonal; the word graph is an edge list both ways.
    weights = random_graph(7, 40, 0.3, 0.0, self_loops=False)
    weights = weights + weights.T
    assert_both_equal_networkx(weights, np.linspace(2.0, 0.1, 40), 0.85)


def test_one_node() -> None:
    assert pagerank(np.zeros((1, 1))).tolist() == [1.0]
    assert edge_pagerank(np.zeros((1, 1)), None, 0.85).tolist() == [1.0]
    assert_both_equal_networkx(np.array([[2.0]]), None, 0.85)  # a self-loop only


def test_no_edges_gives_the_personalization() -> None:
    # Every node is dangling, so all rank follows the teleport vector.
    assert_both_equal_networkx(np.zeros((5, 5)), None, 0.85)
    p = np.array([4.0, 0.0, 1.0, 3.0, 2.0])
    assert_both_equal_networkx(np.zeros((5, 5)), p, 0.85)
    np.testing.assert_allclose(pagerank(np.zeros((5, 5)), p), p / p.sum(), atol=1e-12)


def test_empty_graph() -> None:
    assert pagerank(np.zeros((0, 0))).size == 0
    assert pagerank_edges(0, np.zeros(0, int), np.zeros(0, int), np.zeros(0)).size == 0


def test_edge_pagerank_at_its_default_tolerance_is_close_to_networkx() -> None:
    # The engine calls pagerank_edges with its default tolerance (networkx's own criterion), not 1e-13.
    weights = random_graph(11, 60, 0.2, 0.1, self_loops=False)
    source, target = np.nonzero(weights)
    edges = pagerank_edges(60, source, target, weights[source, target])
    np.testing.assert_allclose(edges, networkx_pagerank(weights, None, 0.85), rtol=0, atol=1e-5)


def test_zero_weight_edges_count_as_dangling_like_networkx() -> None:
    # networkx treats a node whose out-edges all weigh 0 as dangling; the edge list may carry such edges.
    source, target, weight = np.array([0, 1]), np.array([1, 2]), np.array([0.0, 1.0])
    weights = np.zeros((3, 3))
    weights[1, 2] = 1.0
    expected = networkx_pagerank(weights, None, 0.85)
    np.testing.assert_allclose(pagerank_edges(3, source, target, weight, tol=1e-13), expected, atol=TOLERANCE)

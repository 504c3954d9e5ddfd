"""Dedupe: the same story under other headlines, sources or small edits folds into one article.

Contract: `sketch(text)` turns an article's cleaned text into a `Sketch` (fingerprint, 5-character
shingles, MinHash signature; computed in the workers). `group(sketches, ...)` returns the day's stories
as groups of indices: MinHash LSH proposes pairs, an exact shingle Jaccard ≥ threshold confirms them,
and connected components join them. `seen_before(...)` asks the same of earlier days' signatures.
Everything is deterministic: fixed hash seeds, groups and members in input order.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 5  # characters: long enough that unrelated Chinese texts share few, short enough to survive edits
NUM_PERM = 128
SEED = 20261125  # MinHash permutations; changing it makes stored signatures incomparable (see store.py)
SCHEME = "affine32"
THRESHOLD = 0.5  # exact shingle Jaccard at which two texts are "the same story"
LSH_MARGIN = 0.15  # LSH proposes pairs somewhat below the threshold so the exact check sees borderline ones

_NOT_WORD = re.compile(r"[\W_]+")
_PRIME = np.uint64(1_000_003)


@dataclass(frozen=True, eq=False)  # eq=False: numpy arrays do not compare as one bool
class Sketch:
    """What dedupe needs of one article; small enough to travel back from a worker."""

    fingerprint: str  # hash of the normalised text: equal texts, equal fingerprints
    length: int  # characters of normalised text: the most complete version is the longest
    shingles: np.ndarray  # sorted unique uint32 hashes of the SHINGLE-character shingles
    signature: np.ndarray  # MinHash hash values, uint32[NUM_PERM]


@dataclass(frozen=True)
class DedupeOptions:
    threshold: float = THRESHOLD

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError("the duplicate threshold must be in (0, 1]")


def normalize(text: str) -> str:
    """NFKC, case-folded, letters and digits only: bylines' spacing and punctuation edits do not count."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(normalized: str, k: int = SHINGLE) -> np.ndarray:
    """Sorted unique 32-bit hashes of every k-character window (the whole text if shorter)."""
    if not normalized:
        return np.zeros(0, dtype=np.uint32)
    codes = np.frombuffer(normalized.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size < k:
        k = int(codes.size)
    n = codes.size - k + 1
    # Polynomial rolling hash, vectorised; uint64 arithmetic wraps, which is what we want.
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _PRIME + codes[j : j + n]
        # fmix64 (MurmurHash3's finaliser) spreads the bits before we keep the high half.
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xC4CEB9FE1A85EC53)
        h ^= h >> np.uint64(33)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


@functools.cache
def _permutations() -> np.ndarray:
    # datasketch derives them from the seed on every MinHash(); derive once per process instead.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def minhash(shingles: np.ndarray) -> MinHash:
    """The MinHash of a shingle set; `int` as the hash function because the shingles are hashed already."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme=SCHEME, permutations=_permutations())
    m.update_batch(shingles.tolist())
    return m


def _from_signature(signature: np.ndarray) -> LeanMinHash:
    # Lean: no permutations to rebuild, which matters when a month of history is loaded.
    return LeanMinHash(seed=SEED, hashvalues=signature, scheme=SCHEME)


def sketch(text: str) -> Sketch:
    normalized = normalize(text)
    shingles = shingle_hashes(normalized)
    return Sketch(
        fingerprint=hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:32],
        length=len(normalized),
        shingles=shingles,
        signature=np.asarray(minhash(shingles).hashvalues, dtype=np.uint32),
    )


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    both = np.intersect1d(a, b, assume_unique=True).size
    return both / (a.size + b.size - both)


def _lsh(threshold: float) -> MinHashLSH:
    return MinHashLSH(threshold=max(0.05, threshold - LSH_MARGIN), num_perm=NUM_PERM)


def group(sketches: Sequence[Sketch], origins: Sequence[str], options: DedupeOptions = DedupeOptions()) -> list[list[int]]:
    """The day's stories: groups of indices, each led by its most complete version.

    The leader is the longest normalised text (ties: the smaller origin name); the others follow in
    input order. Groups are ordered by their leader's index, so the result is deterministic.
    """
    lsh = _lsh(options.threshold)
    for i, s in enumerate(sketches):
        if s.shingles.size:
            lsh.insert(i, _from_signature(s.signature))
    graph = nx.Graph()
    graph.add_nodes_from(range(len(sketches)))
    # A story re-posted k times proposes k² pairs; once two copies are joined (through any path) the
    # pair needs no exact check. `joined` is only that memo; networkx makes the groups.
    joined = list(range(len(sketches)))

    def root(i: int) -> int:
        while joined[i] != i:
            joined[i] = joined[joined[i]]
            i = joined[i]
        return i

    for i, s in enumerate(sketches):
        if not s.shingles.size:
            continue
        for j in lsh.query(_from_signature(s.signature)):
            if j > i and root(i) != root(j) and (
                s.fingerprint == sketches[j].fingerprint
                or jaccard(s.shingles, sketches[j].shingles) >= options.threshold
            ):
                graph.add_edge(i, j)
                joined[root(j)] = root(i)
    groups = []
    for component in nx.connected_components(graph):
        members = sorted(component)
        leader = min(members, key=lambda i: (-sketches[i].length, origins[i], i))
        groups.append([leader] + [i for i in members if i != leader])
    return sorted(groups, key=lambda g: g[0])


def seen_before(sketches: Sequence[Sketch], history: Sequence[tuple[str, np.ndarray]],
                options: DedupeOptions = DedupeOptions()) -> list[bool]:
    """For each sketch: was the same story briefed before? `history` holds (fingerprint, signature).

    Earlier days keep only signatures, so the MinHash estimate of Jaccard stands in for the exact one.
    """
    if not history:
        return [False] * len(sketches)
    fingerprints = {fingerprint for fingerprint, _ in history}
    lsh = _lsh(options.threshold)
    signatures: list[LeanMinHash] = []
    for number, (_, signature) in enumerate(history):
        m = _from_signature(signature)
        signatures.append(m)
        lsh.insert(number, m)
    seen = []
    for s in sketches:
        if s.fingerprint in fingerprints:
            seen.append(True)
            continue
        mine = _from_signature(s.signature)
        seen.append(s.shingles.size > 0 and any(mine.jaccard(signatures[n]) >= options.threshold
                                                 for n in lsh.query(mine)))
    return seen

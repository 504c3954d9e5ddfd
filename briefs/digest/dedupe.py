"""Dedupe: the same story under other headlines, sources or small edits folds into one article.

Contract: `sketch(text)` turns an article's cleaned text — in Simplified: a Traditional copy of a story is
the same story — into a `Sketch` (fingerprint, 5-character shingles, MinHash signature; computed in the
workers). `group(sketches, ...)` returns the day's stories
as groups of indices: MinHash LSH buckets propose pairs, an exact shingle Jaccard ≥ threshold confirms
them, and connected components join them. `seen_before(...)` asks the same of earlier days' signatures.
Everything is deterministic: fixed hash seeds, groups and members in input order.

Near-linear in the number of articles: within one LSH bucket an article is checked against the stories
(components) already found there, at most BUCKET_CHECKS pairs, so a viral story re-posted 20,000 times
costs 20,000 checks per band, not 200 million. Buckets of ordinary days hold a handful of articles and
never reach the bound, so their groups are exactly those of checking every proposed pair.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 5  # characters: long enough that unrelated Chinese texts share few, short enough to survive edits
NUM_PERM = 128
SEED = 20261125  # MinHash permutations; changing it makes stored signatures incomparable (see store.py)
SCHEME = "affine32"
THRESHOLD = 0.5  # exact shingle Jaccard at which two texts are "the same story"
LSH_MARGIN = 0.15  # LSH proposes pairs somewhat below the threshold so the exact check sees borderline ones
BUCKET_CHECKS = 32  # pairs one article may be checked in within one LSH bucket (see the module docstring)
SHINGLE_BLOCK = 1 << 16  # characters hashed at a time: the temporaries of a long text stay a few MB
SIGNATURE_BLOCK = 4096  # shingles permuted at a time: a 2 MB matrix, however long the text

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
    prefer: str = "any"  # of one story in both scripts, the copy to keep: "simplified", "traditional", "any"

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError("the duplicate threshold must be in (0, 1]")
        if self.prefer not in ("any", "simplified", "traditional"):
            raise ValueError(f"script must be any, simplified or traditional, not {self.prefer!r}")


def normalize(text: str) -> str:
    """NFKC, case-folded, letters and digits only: bylines' spacing and punctuation edits do not count."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(normalized: str, k: int = SHINGLE) -> np.ndarray:
    """Sorted unique 32-bit hashes of every k-character window (the whole text if shorter).

    Hashed SHINGLE_BLOCK characters at a time and made unique as it goes, so a long text never holds
    more than one block's 64-bit temporaries besides its (unique) result.
    """
    if not normalized:
        return np.zeros(0, dtype=np.uint32)
    if len(normalized) <= SHINGLE_BLOCK + k:
        return _unique(_window_hashes(_codes(normalized), k))
    parts = []
    for start in range(0, len(normalized) - k + 1, SHINGLE_BLOCK):
        parts.append(_unique(_window_hashes(_codes(normalized[start : start + SHINGLE_BLOCK + k - 1]), k)))
    return _unique(np.concatenate(parts))


def _unique(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)`: sorted, each value once. Sorting and dropping repeats is six times faster on a
    news article's few hundred shingles than numpy 2's hash-table unique, which sorts its result after."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    first = np.empty(ordered.size, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _window_hashes(codes: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """The 32-bit hash of every k-character window of `codes` (one window if shorter), unsorted."""
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
    return (h >> np.uint64(32)).astype(np.uint32)


@functools.cache
def _permutations() -> np.ndarray:
    # datasketch derives them from the seed on every MinHash(); derive once per process instead.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def minhash(shingles: np.ndarray) -> MinHash:
    """The MinHash of a shingle set; `int` as the hash function because the shingles are hashed already.
    The reference `signature` is held to (tests/test_dedupe.py)."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme=SCHEME, permutations=_permutations())
    m.update_batch(shingles.tolist())
    return m


def signature(shingles: np.ndarray) -> np.ndarray:
    """`minhash(shingles).hashvalues` as uint32, computed on the array: datasketch turns every shingle into
    a Python int and back (a third of a feed entry's sketch), and permutes the whole set at once, which
    for a long text means a shingles × NUM_PERM matrix; here it is SIGNATURE_BLOCK shingles at a time.

    The "affine32" scheme: each shingle goes through MurmurHash3's 32-bit finaliser, then through
    a·h + b mod 2³² for each permutation (a, b); the signature is the minimum of each.
    """
    a, b = (column.reshape(-1, 1) for column in _permutations())
    result = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, shingles.size, SIGNATURE_BLOCK):
        h = shingles[start : start + SIGNATURE_BLOCK].astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
        # One row a permutation, filled in place and reduced along its row (a third faster than the
        # column-wise reduction of a fresh shingles × permutations matrix); uint32 wraps: mod 2³².
        permuted = np.multiply(a, h)
        permuted += b
        np.minimum(result, permuted.min(axis=1), out=result)
    return result


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
        signature=signature(shingles),
    )


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    both = np.intersect1d(a, b, assume_unique=True).size
    return both / (a.size + b.size - both)


def _lsh(threshold: float) -> MinHashLSH:
    return MinHashLSH(threshold=max(0.05, threshold - LSH_MARGIN), num_perm=NUM_PERM)


def _bands(threshold: float) -> list[tuple[int, int]]:
    """The signature slices LSH buckets by: datasketch's choice of bands and rows for the threshold."""
    return list(_lsh(threshold).hashranges)


def _buckets(signatures: Sequence[np.ndarray | None], start: int, end: int) -> dict[bytes, list[int]]:
    """Indices whose signatures agree on [start:end], in index order; None takes no part."""
    buckets: dict[bytes, list[int]] = {}
    for i, signature in enumerate(signatures):
        if signature is not None:
            buckets.setdefault(signature[start:end].tobytes(), []).append(i)
    return buckets


def group(sketches: Sequence[Sketch], origins: Sequence[str], options: DedupeOptions = DedupeOptions(),
          scripts: Sequence[str] | None = None) -> list[list[int]]:
    """The day's stories: groups of indices, each led by its most complete version.

    The leader is a copy in the preferred script when `options.prefer` names one and `scripts` (each
    article's, "simplified" or "traditional") has it, then the longest normalised text (ties: the
    smaller origin name); the others follow in input order. Groups are ordered by their leader's
    index, so the result is deterministic.
    """
    parent = list(range(len(sketches)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def same(i: int, j: int) -> bool:
        a, b = sketches[i], sketches[j]
        return a.fingerprint == b.fingerprint or jaccard(a.shingles, b.shingles) >= options.threshold

    tried: set[tuple[int, int]] = set()  # pairs checked and found apart (a joined pair is never asked again)
    signatures = [s.signature if s.shingles.size else None for s in sketches]
    for start, end in _bands(options.threshold):
        for members in _buckets(signatures, start, end).values():
            if len(members) < 2:
                continue
            stories: dict[int, list[int]] = {}  # root -> this bucket's members of that story, so far
            for j in members:
                mine = root(j)
                if mine in stories:  # joined through another bucket already
                    stories[mine].append(j)
                    continue
                matches, looked = [], 0
                for other, together in stories.items():
                    for i in together:
                        if looked >= BUCKET_CHECKS:
                            break
                        looked += 1
                        if (i, j) not in tried:
                            if same(i, j):
                                matches.append(other)
                                break
                            tried.add((i, j))
                    if looked >= BUCKET_CHECKS:
                        break
                joined = [j]
                for other in matches:
                    joined += stories.pop(other)
                    parent[root(other)] = root(j)
                stories[root(j)] = joined
    def other_script(i: int) -> bool:
        return options.prefer != "any" and scripts is not None and scripts[i] != options.prefer

    components: dict[int, list[int]] = {}
    for i in range(len(sketches)):
        components.setdefault(root(i), []).append(i)
    groups = []
    for members in components.values():
        leader = min(members, key=lambda i: (other_script(i), -sketches[i].length, origins[i], i))
        groups.append([leader] + [i for i in members if i != leader])
    return sorted(groups, key=lambda g: g[0])


def seen_before(sketches: Sequence[Sketch], history: Sequence[tuple[str, np.ndarray]],
                options: DedupeOptions = DedupeOptions()) -> list[bool]:
    """For each sketch: was the same story briefed before? `history` holds (fingerprint, signature).

    Earlier days keep only signatures, so the MinHash estimate of Jaccard stands in for the exact one.
    Each sketch is compared with at most BUCKET_CHECKS signatures of each bucket it falls in.
    """
    if not history:
        return [False] * len(sketches)
    fingerprints = {fingerprint for fingerprint, _ in history}
    signatures = [np.asarray(signature, dtype=np.uint32) for _, signature in history]
    lean: dict[int, LeanMinHash] = {}  # built on first use: a month of history is mostly never compared
    bands = [(start, end, _buckets(signatures, start, end)) for start, end in _bands(options.threshold)]
    seen = []
    for s in sketches:
        if s.fingerprint in fingerprints:
            seen.append(True)
            continue
        found = False
        if s.shingles.size:
            mine = _from_signature(s.signature)
            signature = np.asarray(s.signature, dtype=np.uint32)
            tried: set[int] = set()
            for start, end, buckets in bands:
                for n in buckets.get(signature[start:end].tobytes(), [])[:BUCKET_CHECKS]:
                    if n in tried:
                        continue
                    tried.add(n)
                    if n not in lean:
                        lean[n] = _from_signature(signatures[n])
                    if mine.jaccard(lean[n]) >= options.threshold:
                        found = True
                        break
                if found:
                    break
        seen.append(found)
    return seen

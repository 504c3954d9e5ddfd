"""Selection: scores in, the chosen sentences out, in document order.

Per section, maximal marginal relevance picks the best sentences that do not repeat one already
chosen; ties go to the earlier sentence. A character budget then keeps the highest-ranked choices
that fit; the best one is always kept, cut at the budget if it alone is longer.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    index: int
    section: int
    text: str
    score: float
    words: frozenset[int]  # vocabulary ids of its content words


@dataclass(frozen=True)
class Selection:
    chosen: tuple[int, ...]  # sentence indexes, document order
    texts: dict[int, str]  # the text shown for each chosen index (cut when over the budget)
    reasons: dict[int, str]  # every candidate: why it was chosen or passed over


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller sentence's words the other one also has: 1.0 when one repeats the other."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def select(
    candidates: list[Candidate],
    *,
    per_section: int,
    budget: int | None,
    redundancy: float,
    duplicate_similarity: float,
) -> Selection:
    reasons: dict[int, str] = {}
    picked = _pick_per_section(candidates, per_section, redundancy, duplicate_similarity, reasons)
    texts = {c.index: c.text for _, c in picked}
    if budget is None:
        chosen = tuple(sorted(texts))
    else:
        chosen = _fit_budget(picked, budget, texts, reasons)
    return Selection(chosen, {i: texts[i] for i in chosen}, reasons)


def _pick_per_section(
    candidates: list[Candidate], per_section: int, redundancy: float, duplicate_similarity: float, reasons: dict[int, str]
) -> list[tuple[float, Candidate]]:
    """MMR within each section: (score after redundancy, candidate) in the order picked; fills `reasons`."""
    picked: list[tuple[float, Candidate]] = []
    by_section: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_section.setdefault(candidate.section, []).append(candidate)
    overlap: dict[int, tuple[float, int]] = {c.index: (0.0, -1) for c in candidates}  # max containment, twin

    def take(candidate: Candidate, adjusted: float) -> None:
        picked.append((adjusted, candidate))
        for other in candidates:  # keep each candidate's highest overlap with anything picked so far
            if other.index != candidate.index:
                share = containment(other.words, candidate.words)
                if share > overlap[other.index][0]:
                    overlap[other.index] = (share, candidate.index)

    for section, pool in by_section.items():
        remaining = sorted(pool, key=lambda c: (-c.score, c.index))
        rank_in_section = {c.index: r + 1 for r, c in enumerate(remaining)}
        taken = 0
        while remaining and taken < per_section:
            best: tuple[float, int, Candidate] | None = None
            for candidate in remaining:
                share = overlap[candidate.index][0]
                if share >= duplicate_similarity:
                    continue
                adjusted = candidate.score * (1 - redundancy * share)
                if best is None or (adjusted, -candidate.index) > (best[0], -best[1]):
                    best = (adjusted, candidate.index, candidate)
            if best is None:
                break
            adjusted, _, candidate = best
            take(candidate, adjusted)
            remaining.remove(candidate)
            taken += 1
            reasons[candidate.index] = f"rank {rank_in_section[candidate.index]} in section {section + 1}, score {candidate.score:.3f}" + (
                f" ({adjusted:.3f} after redundancy)" if adjusted < candidate.score else ""
            )
        for candidate in remaining:
            share, twin = overlap[candidate.index]
            if share >= duplicate_similarity:
                reasons[candidate.index] = f"repeats sentence {twin} ({share:.0%} of its words)"
            else:
                reasons[candidate.index] = f"rank {rank_in_section[candidate.index]} in section {section + 1}: below the top {per_section}"
    return picked


def _fit_budget(
    picked: list[tuple[float, Candidate]], budget: int, texts: dict[int, str], reasons: dict[int, str]
) -> tuple[int, ...]:
    """The highest-ranked picks that fit the budget, in document order; the best is cut if it alone is too long."""
    kept: list[int] = []
    used = 0
    for rank, (_, candidate) in enumerate(sorted(picked, key=lambda item: (-item[0], item[1].index))):
        length = len(candidate.text)
        if rank == 0 and length > budget:
            texts[candidate.index] = candidate.text[:budget]
            reasons[candidate.index] += f"; cut to the {budget}-character budget"
            return (candidate.index,)
        if used + length <= budget:
            kept.append(candidate.index)
            used += length
        else:
            reasons[candidate.index] = f"over the budget ({length} characters, {budget - used} left); " + reasons[candidate.index]
    return tuple(sorted(kept))

"""Selection: scores in, the chosen sentences out, in document order.

Per section, maximal marginal relevance picks the best sentences that do not repeat one already
chosen (among the last REDUNDANCY_WINDOW picks: every pick of a news article, and a bounded number in a
book-length one, so time grows linearly with its length); ties go to the earlier sentence. Junk
(summarize/roles.py) is never picked; a question, and a sentence that points back (他/该/这…) when the
sentence before it is not picked, count for less; a section's first pick always shows, a further one only
when an editor likely keeps it (`min_keep`, SummaryOptions). A character budget then keeps the highest-ranked
choices that fit; the best one is always kept, cut at the budget if it alone is longer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from summarize.roles import JUNK, WEAK, Verdict

# How much a weak sentence (a question) and a dangling one (its antecedent not picked) keep of their score.
WEAK_FACTOR = 0.3
DANGLING_FACTOR = 0.4
GLUED_FACTOR = 0.3  # a sentence that came glued to page furniture: editors mostly leave it out

# Picks a candidate is compared with for redundancy: far more than a news article makes (its sections
# times --sentences), so its output is that of comparing with every pick; a 5 MB text with thousands of
# sections compares each sentence with the latest 64 picks instead of all of them.
REDUNDANCY_WINDOW = 64


@dataclass(frozen=True)
class Candidate:
    index: int
    section: int
    text: str
    score: float
    words: frozenset[int]  # vocabulary ids of its content words
    verdict: Verdict = field(default_factory=lambda: Verdict(""))  # its role (summarize/roles.py)
    keep: float = 1.0  # how likely an editor keeps it (summarize/keepable.py)

    def eligible(self) -> bool:
        return self.verdict.kind != JUNK

    def factor(self, picked: set[int]) -> float:
        """The share of its score it keeps, given the indexes picked so far."""
        factor = WEAK_FACTOR if self.verdict.kind == WEAK else GLUED_FACTOR if self.verdict.glued else 1.0
        if self.verdict.needs_previous and self.index - 1 not in picked:
            factor *= DANGLING_FACTOR
        return factor


@dataclass(frozen=True)
class Selection:
    chosen: tuple[int, ...]  # sentence indexes, document order
    texts: dict[int, str]  # the text shown for each chosen index (cut when over the budget)
    reasons: dict[int, str]  # every candidate: why it was chosen or passed over, as a reader of the brief reads it


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
    min_keep: float = 0.0,
    explain: bool = True,
) -> Selection:
    """The picks; with `explain` False `reasons` is empty (the same picks: only --explain shows reasons,
    and writing them, a score formatted for each candidate, cost a third of the selection)."""
    reasons: dict[int, str] | None = {} if explain else None
    picked = _pick_per_section(candidates, per_section, redundancy, duplicate_similarity, min_keep, reasons)
    if reasons is not None:
        for candidate in candidates:
            if not candidate.verdict.kind and candidate.verdict.reason and candidate.index in reasons:
                reasons[candidate.index] += f"；{candidate.verdict.reason}"  # what was stripped (a weak kind is said already)
    texts = {c.index: c.text for _, c in picked}
    if budget is None:
        chosen = tuple(sorted(texts))
    else:
        chosen = _fit_budget(picked, budget, texts, reasons)
    return Selection(chosen, {i: texts[i] for i in chosen}, reasons if reasons is not None else {})


def _pick_per_section(
    candidates: list[Candidate], per_section: int, redundancy: float, duplicate_similarity: float, min_keep: float,
    reasons: dict[int, str] | None,
) -> list[tuple[float, Candidate]]:
    """MMR within each section: (score after redundancy, candidate) in the order picked, a section's picks
    after its first only while the best next one is likely kept (`min_keep`); fills `reasons` unless it is
    None."""
    picked: list[tuple[float, Candidate]] = []
    by_section: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_section.setdefault(candidate.section, []).append(candidate)
    # Each candidate's highest overlap with the picks so far (max containment, twin), and how many picks
    # it has been compared with: brought up to date when the candidate is looked at, not at every pick.
    overlap: dict[int, tuple[float, int]] = {c.index: (0.0, -1) for c in candidates}
    compared: dict[int, int] = {c.index: 0 for c in candidates}

    def current(candidate: Candidate) -> tuple[float, int]:
        share, twin = overlap[candidate.index]
        for _, pick in picked[max(compared[candidate.index], len(picked) - REDUNDANCY_WINDOW) :]:
            if pick.index != candidate.index:
                other = containment(candidate.words, pick.words)
                if other > share:
                    share, twin = other, pick.index
        overlap[candidate.index] = (share, twin)
        compared[candidate.index] = len(picked)
        return share, twin

    def take(candidate: Candidate, adjusted: float) -> None:
        picked.append((adjusted, candidate))

    def adjusted_score(candidate: Candidate, share: float) -> float:
        """Its score after redundancy with the picks (`share`) and its role: what MMR ranks it by."""
        return candidate.score * (1 - redundancy * share) * candidate.factor(chosen)

    chosen: set[int] = set()
    for section, pool in by_section.items():
        for candidate in pool:
            if not candidate.eligible() and reasons is not None:
                reasons[candidate.index] = f"剔除：{candidate.verdict.reason}"
        remaining = sorted((c for c in pool if c.eligible()), key=lambda c: (-c.score, c.index))
        rank_in_section = {c.index: r + 1 for r, c in enumerate(remaining)}
        taken = 0
        unlikely: Candidate | None = None
        while remaining and taken < per_section:
            best: tuple[float, int, Candidate] | None = None
            for candidate in remaining:
                share = current(candidate)[0]
                if share >= duplicate_similarity:
                    continue
                adjusted = adjusted_score(candidate, share)
                if best is None or (adjusted, -candidate.index) > (best[0], -best[1]):
                    best = (adjusted, candidate.index, candidate)
            if best is None:
                break
            adjusted, _, candidate = best
            # The best next pick is one an editor would leave out: the section stops. Not for a sentence
            # stripped of a caption or heading glued to it: GLUED_FACTOR has weighed that already, and the
            # keep model's own "glued furniture" feature would count it twice (no labelled pick it left out
            # was one).
            if taken and candidate.keep < min_keep and not candidate.verdict.glued:
                unlikely = candidate
                break
            take(candidate, adjusted)
            chosen.add(candidate.index)
            remaining.remove(candidate)
            taken += 1
            if reasons is None:
                continue
            reasons[candidate.index] = _ranked(section, rank_in_section[candidate.index], candidate.score) + (
                f"，{_ADJUSTED}{adjusted:.3f}" if adjusted < candidate.score else ""
            ) + _weak(candidate)
        if reasons is None:
            continue  # what follows only says why the rest were passed over
        for candidate in remaining:
            share, twin = current(candidate)
            if candidate is unlikely:
                reasons[candidate.index] = (
                    _ranked(section, rank_in_section[candidate.index], candidate.score)
                    + f"；落选：编辑保留的可能仅{candidate.keep:.0%}（本节第二句起须达{min_keep:.0%}）"
                )
            elif share >= duplicate_similarity:
                reasons[candidate.index] = f"落选：与#{twin}重复（{share:.0%}的词相同）"
            elif (adjusted := adjusted_score(candidate, share)) < candidate.score:  # its rank alone may have put it among the picks
                reasons[candidate.index] = (
                    _ranked(section, rank_in_section[candidate.index], candidate.score) + f"，{_ADJUSTED}{adjusted:.3f}"
                    + (f"（{share:.0%}的词见于#{twin}）" if share > 0 else "")
                    + ("；落选：不及本节已选的那一句" if per_section == 1 else f"；落选：不及本节已选的{per_section}句")
                )
            else:
                reasons[candidate.index] = f"第{section + 1}节第{rank_in_section[candidate.index]}名；落选：未进本节前{per_section}名"
            reasons[candidate.index] += _role(candidate, chosen)
    return picked


# How --explain says a candidate's standing (the brief's language: a Traditional brief converts it).
_ADJUSTED = "按重复和句子角色折算为"  # the score MMR ranked it by: after redundancy and its role (roles.py)


def _ranked(section: int, rank: int, score: float) -> str:
    return f"第{section + 1}节第{rank}名，得分{score:.3f}"


def _weak(candidate: Candidate) -> str:
    return f"（弱句：{candidate.verdict.reason}）" if candidate.verdict.kind == WEAK else ""


def _role(candidate: Candidate, chosen: set[int]) -> str:
    """What its role took from a passed-over candidate's score: its weak kind, or its antecedent not chosen."""
    if candidate.verdict.needs_previous and candidate.index - 1 not in chosen and candidate.verdict.kind != WEAK:
        return "（指代的前一句未选）"
    return _weak(candidate)


def _fit_budget(
    picked: list[tuple[float, Candidate]], budget: int, texts: dict[int, str], reasons: dict[int, str] | None
) -> tuple[int, ...]:
    """The highest-ranked picks that fit the budget, in document order; the best is cut if it alone is too long."""
    kept: list[int] = []
    used = 0
    for rank, (_, candidate) in enumerate(sorted(picked, key=lambda item: (-item[0], item[1].index))):
        length = len(candidate.text)
        if rank == 0 and length > budget:
            texts[candidate.index] = candidate.text[:budget]
            if reasons is not None:
                reasons[candidate.index] += f"；按{budget}字的预算截断"
            return (candidate.index,)
        if used + length <= budget:
            kept.append(candidate.index)
            used += length
        elif reasons is not None:
            reasons[candidate.index] = f"落选：超出{budget}字的预算（本句{length}字，只剩{budget - used}字）；" + reasons[candidate.index]
    return tuple(sorted(kept))

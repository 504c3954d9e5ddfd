"""Dedupe: the re-posted robotics story folds into the original, unrelated stories stay apart, the result
is deterministic across processes, and earlier days' signatures recognise a story again."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.digest import dedupe
from briefs.digest.dedupe import DedupeOptions, group, jaccard, normalize, seen_before, shingle_hashes, sketch
from summarize import summarize
from tests.conftest import ROOT, SAMPLES

INBOX = SAMPLES / "inbox"


def cleaned(text: str, title: str | None = None) -> str:
    """What the digest shingles: the engine's cleaned sentences (no bylines, no teaser tail)."""
    return "".join(s.text for s in summarize(text, title=title).candidates)


def wire(number: int) -> dict[str, str]:
    lines = (INBOX / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[number - 1])


def robotics() -> str:
    return (INBOX / "2026-11-25-robotics-scraped.txt").read_text(encoding="utf-8")


def test_normalize_ignores_punctuation_spacing_width_and_case():
    assert normalize("ＡＩ 芯片，“启明-X2” 发布！") == normalize("ai芯片启明x2发布")
    assert normalize("  \n ") == ""


def test_shingles_are_sorted_unique_hashes_and_short_texts_still_have_one():
    hashes = shingle_hashes(normalize("国产手术机器人精度再提升国产手术机器人"))
    assert hashes.dtype == np.uint32
    assert list(hashes) == sorted(set(hashes.tolist()))
    assert shingle_hashes("芯片").size == 1
    assert shingle_hashes("").size == 0


def test_the_reposted_robotics_story_folds_into_the_scraped_original():
    repost = wire(1)
    original = sketch(cleaned(robotics()))
    copy = sketch(cleaned(repost["text"], repost["title"]))
    similarity = jaccard(original.shingles, copy.shingles)
    assert 0.75 <= similarity < 1.0  # the samples' README: ≈ 0.86, a few sentences reworded or dropped
    others = [sketch(cleaned(wire(n)["text"], wire(n)["title"])) for n in (2, 3, 4)]
    groups = group([copy, *others, original], ["wire.jsonl:1", "wire.jsonl:2", "wire.jsonl:3", "wire.jsonl:4", "robotics.txt"])
    # The scraped page is the most complete version, so it leads; the re-post follows; the rest stand alone.
    assert groups == [[1], [2], [3], [4, 0]]


def test_unrelated_stories_of_the_same_day_stay_apart():
    stories = [cleaned(p.read_text(encoding="utf-8")) for p in sorted(INBOX.glob("2026-11-25-*.txt"))]
    stories += [cleaned(wire(n)["text"]) for n in (2, 3, 4)]
    sketches = [sketch(t) for t in stories]
    assert group(sketches, [str(i) for i in range(len(sketches))]) == [[i] for i in range(len(sketches))]


def test_leader_is_the_longest_text_then_the_smaller_origin():
    base = "临江市图书馆新馆正式对外开放，建筑面积约四万平方米，设有阅览座位两千六百个，首批上架图书一百二十万册。"
    longer = base + "开馆首日共接待读者一万八千人次。"
    sketches = [sketch(base), sketch(longer), sketch(base)]
    assert group(sketches, ["b.txt", "c.txt", "a.txt"]) == [[1, 0, 2]]
    assert group([sketch(base), sketch(base)], ["b.txt", "a.txt"]) == [[1, 0]]


def test_near_duplicates_chain_into_one_group_through_connected_components():
    pool = "临江市新建智能工厂完成设备联调产线良品率提升图书馆开放读者机器人导览量子芯片发布手术精度电网负荷预测纺织设计版权"
    rng = random.Random(7)
    sentences = ["".join(rng.choice(pool) for _ in range(30)) + "。" for _ in range(40)]
    a = "".join(sentences[0:20])
    b = "".join(sentences[6:26])  # 14 of 26 sentences shared with a
    c = "".join(sentences[12:32])  # 14 of 26 shared with b, only 8 of 32 with a
    sketches = [sketch(a), sketch(b), sketch(c)]
    assert jaccard(sketches[0].shingles, sketches[2].shingles) < 0.5 <= jaccard(sketches[0].shingles, sketches[1].shingles)
    assert len(group(sketches, ["a", "b", "c"])) == 1


def test_threshold_is_an_option():
    a, b = sketch(cleaned(robotics())), sketch(cleaned(wire(1)["text"]))
    assert len(group([a, b], ["a", "b"], DedupeOptions(threshold=0.95))) == 2


def test_signatures_do_not_depend_on_the_process_or_its_hash_seed():
    text = cleaned(robotics())
    mine = sketch(text)
    code = (
        "import sys, json; from briefs.digest.dedupe import sketch; s = sketch(sys.stdin.read()); "
        "print(json.dumps([s.fingerprint, s.signature.tolist()]))"
    )
    other = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                           cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "12345"})
    fingerprint, signature = json.loads(other.stdout)
    assert fingerprint == mine.fingerprint
    assert signature == mine.signature.tolist()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), max_size=3 * dedupe.SIGNATURE_BLOCK, unique=True))
def test_the_signature_is_datasketchs_minhash_of_the_shingles(values: list[int]):
    # Signatures are stored and compared with earlier days': the fast path must be datasketch's, bit for bit,
    # for no shingles, few, and several blocks' worth.
    shingles = np.array(sorted(values), dtype=np.uint32)
    expected = np.asarray(dedupe.minhash(shingles).hashvalues, dtype=np.uint32)
    assert np.array_equal(dedupe.signature(shingles), expected)
    assert dedupe.signature(shingles).dtype == np.uint32


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=50) | st.lists(st.integers(0, 2**32 - 1), max_size=300))
def test_shingles_are_made_unique_as_numpy_does(values: list[int]):
    # The shingles are stored and compared as numpy's sorted unique arrays: the faster way must give those.
    array = np.array(values, dtype=np.uint32)
    mine = dedupe._unique(array)
    assert np.array_equal(mine, np.unique(array)) and mine.dtype == np.uint32


def test_the_signature_is_datasketchs_across_block_edges():
    rng = np.random.default_rng(7)
    for size in (dedupe.SIGNATURE_BLOCK - 1, dedupe.SIGNATURE_BLOCK, dedupe.SIGNATURE_BLOCK + 1, 3 * dedupe.SIGNATURE_BLOCK + 7):
        shingles = np.unique(rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32))
        assert np.array_equal(dedupe.signature(shingles), np.asarray(dedupe.minhash(shingles).hashvalues, dtype=np.uint32))


def test_seen_before_recognises_the_same_text_and_a_near_duplicate_but_not_another_story():
    original = sketch(cleaned(robotics()))
    history = [(original.fingerprint, original.signature)]
    repost = sketch(cleaned(wire(1)["text"]))
    other = sketch(cleaned(wire(3)["text"]))
    assert seen_before([original, repost, other], history) == [True, True, False]
    assert seen_before([original], []) == [False]


def test_a_viral_story_reposted_many_times_is_one_group_without_quadratic_checks(monkeypatch):
    base = cleaned(robotics())
    copies = [sketch(base + f"（转载第{n}次）") for n in range(60)]
    calls = 0
    real = dedupe.jaccard

    def counting(a: np.ndarray, b: np.ndarray) -> float:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(dedupe, "jaccard", counting)
    groups = group(copies, [f"{n:02d}" for n in range(60)])
    assert len(groups) == 1 and sorted(groups[0]) == list(range(60))
    assert calls < 60 * 3  # one confirmation per copy joined, not 60 * 59 / 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["临江市图书馆新馆开放。", "读者一万八千人次。", "智能导览机器人上岗。", "绘本剧场每周开放。",
                                 "量子芯片发布。", "手术机器人精度提升。"]), min_size=0, max_size=8).map("".join),
       st.integers(min_value=1, max_value=6))
def test_groups_partition_the_articles(text: str, count: int):
    sketches = [sketch(text[: len(text) - n]) for n in range(count)]
    groups = group(sketches, [str(n) for n in range(count)])
    members = sorted(i for g in groups for i in g)
    assert members == list(range(count))
    assert [g[0] for g in groups] == sorted(g[0] for g in groups)

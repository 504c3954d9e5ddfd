"""summarize/data/script_chars.txt: the characters only Traditional and only Simplified text use, from OpenCC.

    python -m tests.script_chars --write    # regenerate after an OpenCC upgrade (tests/test_script.py checks it)

Shipped as data so that detecting the script of a Simplified article loads no converter: OpenCC's s2t
dictionaries take ~60 ms to load, a fifth of a cold start. A character is Traditional-only when OpenCC's
Traditional → Simplified chain changes it and no Simplified → Traditional config does; Simplified-only
when every Simplified → Traditional config (s2t, s2tw, s2hk) changes it and the reverse chain does not.
"""
from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "summarize" / "data" / "script_chars.txt"
HEADER = "# Characters only one script uses, from OpenCC. Regenerate: python -m tests.script_chars --write\n"


def from_opencc() -> tuple[str, str]:
    import opencc

    from summarize.script import CJK_RANGES, to_simplified

    chars = [chr(code) for start, end in CJK_RANGES for code in range(start, end)]
    joined = "\n".join(chars)
    simplified = to_simplified(joined).split("\n")
    assert len(simplified) == len(chars)
    to_s = {c for c, s in zip(chars, simplified) if s != c}
    # Changed by some Traditional standard: not Traditional-only. Changed by every one (OpenCC's, Taiwan's,
    # Hong Kong's): Simplified-only. 台, 床 and 群 are Traditional in Taipei though OpenCC's standard says 臺 牀 羣.
    changed = []
    for config in ("s2t", "s2tw", "s2hk"):
        traditional = opencc.OpenCC(config).convert(joined).split("\n")
        assert len(traditional) == len(chars)
        changed.append({c for c, t in zip(chars, traditional) if t != c})
    to_t_somewhere, to_t_everywhere = set.union(*changed), set.intersection(*changed)
    return "".join(sorted(to_s - to_t_somewhere)), "".join(sorted(to_t_everywhere - to_s))


def render() -> str:
    traditional, simplified = from_opencc()
    return f"{HEADER}traditional {traditional}\nsimplified {simplified}\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        DATA.write_text(render(), encoding="utf-8")
        print(f"wrote {DATA}")
    else:
        sys.stdout.write(render())

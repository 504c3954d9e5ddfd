"""The pages' colours as mail clients can take them: `light_palette` writes the light value of every
custom property (templates/_palette.css: declared on a top-level `:root` rule, read with `var()`) in
place of each `var()`, and declares the page light only.

Why: css_inline copies `var(--fg)` into style="" attributes as it is, and the custom properties onto
<html> (it does not resolve them); Gmail and Outlook know no custom properties and drop such
declarations, leaving text and backgrounds to the client's defaults. The dark values live in an @media
block, which the inliner drops, so a mail is the light page, as it was before the pages had a dark scheme.
"""
from __future__ import annotations

import re

_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.S | re.I)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VAR = re.compile(r"var\(\s*(--[-\w]+)\s*(?:,\s*([^()]*?))?\s*\)")
# The page says it suits light and dark screens; a mail has the light colours only, so a dark mail client
# that honours the meta tag would otherwise draw its dark canvas and default text around them.
_SCHEME_META = re.compile(r'(<meta\s+name="color-scheme"\s+content=")[^"]*(")', re.I)


def light_palette(html: str) -> str:
    """`html` with each <style>'s var() replaced by the value its top-level :root rule gives (or the var's
    own fallback), those declarations and `color-scheme` taken out of :root, and the color-scheme meta
    tag saying light. A page without custom properties comes back with only the meta tag changed."""
    html = _STYLE.sub(lambda m: m[1] + _resolve(m[2]) + m[3], html)
    return _SCHEME_META.sub(r"\1light\2", html)


def _resolve(css: str) -> str:
    css = _COMMENT.sub("", css)  # a brace in a comment would throw off the block scan below
    palette: dict[str, str] = {}
    parts: list[str] = []
    for prelude, body, raw in _top_level_rules(css):
        if prelude.strip() != ":root":
            parts.append(raw)
            continue
        kept = []
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            name = name.strip()
            if not colon:
                continue
            if name.startswith("--"):
                palette[name] = value.strip()
            elif name != "color-scheme":
                kept.append(f"{name}: {value.strip()};")
        if kept:
            parts.append(f":root {{ {' '.join(kept)} }}")

    def value(match: re.Match[str]) -> str:
        name, fallback = match[1], match[2]
        return palette.get(name, fallback if fallback is not None else match[0])

    resolved = "".join(parts)
    for _ in range(8):  # a custom property may name another; a loop of them is left as written
        again = _VAR.sub(value, resolved)
        if again == resolved:
            break
        resolved = again
    return resolved


def _top_level_rules(css: str) -> list[tuple[str, str, str]]:
    """(prelude, body, the rule as written) for each top-level rule or at-rule block; text outside any
    block (an @charset, stray whitespace) comes as ("", "", text)."""
    rules: list[tuple[str, str, str]] = []
    start = depth = 0
    opened = -1
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                opened = at
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                rules.append((css[start:opened], css[opened + 1 : at], css[start : at + 1]))
                start = at + 1
    rules.append(("", "", css[start:]))
    return rules

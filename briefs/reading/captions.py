"""Photo captions known by the page's structure: a parsed page in, the texts of its captions out.

A caption with a credit (`（记者 张三 摄）`, `摄影/NAME`) is told by its words (`summarize.furniture`); one
without (`居民在改造后的街口乘凉。`, `改造后的老街夜景`) reads like a sentence or a subheading, and only the
markup tells it: it sits in a `<figure>` or `<figcaption>`, in an element whose class or id says caption
(`pic-text`, `img-desc`, `tuzhu`, `picinfo`…), or it is a short centred line right under a picture with
nothing between them (or, not bold, under the empty centred block a page saved without its pictures left
where one was). The reader drops the lines of the article that are such captions, unless the captions are
most of its prose (a picture story told in its captions).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from briefs.reading.html_text import html_lines
from briefs.reading.title import norm
from summarize import regex
from summarize.furniture import article_chars

# A class or id token (lower case, `-` and `_` removed) naming a caption: `caption`, `figcaption`,
# `wp-caption-text`, `tuzhu` (图注), `tushuo` (图说), or a picture word with a text word after it
# (`pic-text`, `img_desc`, `photo-title`, `picinfo`, `picIntro`, `backpictext`). A picture word alone
# (`pic`, `img-box`) names the picture's box.
_CAPTION_NAME = regex.compile(
    r"caption|tuzhu|tushuo"
    r"|(?:pic|picture|img|image|photo|foto)(?:text|txt|desc|describe|description|info|intro|title|tit|note|notes"
    r"|explain|memo|word|words|say|says)$"
)
_MEDIA = frozenset({"img", "picture", "video", "svg"})
# A centred block left empty (a space, a <br> at most) where a page saved without its pictures had one: a
# caption still sits under it. Not a table's cell: an empty cell beside a short one is a table's layout.
_PICTURE_PLACES = frozenset({"p", "div", "section", "center"})
_BLOCKS = frozenset({"p", "div", "section", "center", "figcaption", "span", "font", "td", "dd", "li"})
_CENTRED_STYLE = regex.compile(r"text-align\s*:\s*center", re.IGNORECASE)
# A caption told only by its shape: a centred line right under a picture, no longer than this (characters
# without spaces or punctuation), that is a label (no sentence mark at its end) or a single sentence.
SHAPE_MAX = 50
CAPTION_MAX = 150  # a "caption" element holding more is a box around text, or a picture story's text
_SENTENCE_MARKS = regex.compile(r"[。！？!?；;]")
_CLOSERS = "”’」』）)》〉】］]\"' "
# A numbered line ("一、…", "（二）…", "3.…") under a picture is a subheading the page centres, not a caption.
_NUMBERED = regex.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、]|\d{1,2}[.．](?!\d)|第[一二三四五六七八九十\d]{1,3}[章节部分])")


def _names_caption(element: Any) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower().replace("-", "").replace("_", "")
    return any(_CAPTION_NAME.search(token) for token in names.split())


def _centred(element: Any) -> bool:
    return (
        element.tag == "center"
        or (element.get("align") or "").strip().lower() == "center"
        or bool(_CENTRED_STYLE.search(element.get("style") or ""))
    )


def _caption_shaped(text: str) -> bool:
    """Short, a label or a single sentence, not a numbered subheading."""
    if len(text) > 2 * SHAPE_MAX:  # spaces and punctuation aside, still too long: no need to count
        return False
    words = norm(text)
    if not words or len(words) > SHAPE_MAX or _NUMBERED.match(text):
        return False
    marks = _SENTENCE_MARKS.findall(text.strip().rstrip(_CLOSERS)[:-1])
    return not marks


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _bold(element: Any) -> bool:
    """All of its text is bold: a subheading the page centres, not a caption."""
    bold = "".join(text for node in element.iter("strong", "b", "h1", "h2", "h3", "h4", "h5", "h6") for text in node.itertext())
    return norm(bold) == norm(_text(element))


def _lines(element: Any) -> list[str]:
    """The element's text as the extractor gives it: a line a block or <br>."""
    from lxml import html as lxml_html

    return [line for line in html_lines(lxml_html.tostring(element, encoding="unicode", with_tail=False)) if line]


def _after_a_picture(tree: Any) -> list[Any]:
    """Centred, caption-shaped elements whose text comes right after a picture, with no text between; after
    the empty centred block a picture was taken out of, those that are not bold (a centred subheading)."""
    from lxml import etree

    centred = [(element, _text(element)) for element in tree.xpath("//*[@align or @style or self::center]") if _centred(element)]
    candidates = {element for element, text in centred if element.tag in _BLOCKS and _caption_shaped(text)}
    if not candidates:
        return []
    emptied = {
        element for element, text in centred
        if not text and element.tag in _PICTURE_PLACES and not any(node.tag in _MEDIA for node in element.iter())
    }  # fmt: skip
    found: list[Any] = []
    last = None  # "media", "emptied" or "text": what the page showed last, in document order
    undecided: list[Any] = []  # candidates whose first text is still to come

    def shows(text: str | None) -> None:
        nonlocal last
        if text and text.strip():
            if last == "media":
                found.extend(undecided)
            elif last == "emptied":
                found.extend(element for element in undecided if not _bold(element))
            undecided.clear()
            last = "text"

    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript", "template"):
            if event == "end":
                shows(element.tail)  # a comment's or a script's tail is the page's text
            continue
        if event == "start":
            if element in candidates:
                undecided.append(element)
            if element.tag in _MEDIA:
                last = "media"
            elif element in emptied and last != "media":
                last = "emptied"
            shows(element.text)
        else:
            if element in undecided:
                undecided.remove(element)  # no text of its own: a picture's box
            shows(element.tail)
    return found


def caption_texts(tree: Any) -> frozenset[str]:
    """The compared forms (`norm`) of the caption lines in a parsed page, except a line the page also
    prints as a paragraph outside its captions (a caption repeating the lead)."""
    if tree is None:
        return frozenset()
    elements = [
        element for element in tree.xpath("//figure | //figcaption | //*[@class or @id]")
        if element.tag in ("figure", "figcaption") or _names_caption(element)
    ]  # fmt: skip
    shaped = _after_a_picture(tree)
    lines = [line for element in elements if len(norm(_text(element))) <= CAPTION_MAX for line in _lines(element)]
    lines += [_text(element) for element in shaped]
    captions = {norm(line) for line in lines} - {""}
    if not captions:
        return frozenset()
    inside = {node for element in [*elements, *shaped] for node in element.iter()}
    longest = max(map(len, captions))
    elsewhere = {norm(text) for p in tree.iter("p") if p not in inside and len(text := _text(p)) <= 2 * longest + 20}
    return frozenset(captions - elsewhere)


# What any caption cue needs in the markup: a <figure>, <figcaption> or <center>, or a class, id, align or
# style attribute. A feed entry of bare <p>s has none, and is not parsed a second time to find none.
_ANY_CUE = regex.compile(r"<(?:figure|figcaption|center)\b|\s(?:class|id|align|style)\s*=", re.IGNORECASE)


def markup_captions(markup: str) -> frozenset[str]:
    """`caption_texts` of an HTML fragment or page given as markup (a feed entry, a page's script data)."""
    from briefs.reading.html import parse_markup  # html imports this module

    return caption_texts(parse_markup(markup)) if _ANY_CUE.search(markup) else frozenset()


def drop_captions(text: str, captions: Iterable[str]) -> str:
    """`text` without its lines that are captions, unless those hold as much prose as the rest."""
    captions = frozenset(captions)
    if not captions:
        return text
    lines = text.split("\n")
    dropped = [i for i, line in enumerate(lines) if norm(line.lstrip("#")) in captions]
    if not dropped:
        return text
    gone = set(dropped)
    kept = "\n".join(line for i, line in enumerate(lines) if i not in gone)
    if article_chars(kept) < article_chars("\n".join(lines[i] for i in dropped)):
        return text  # the pictures' captions tell the story
    return kept

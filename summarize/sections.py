"""Sections: cleaned lines in, (heading, paragraphs) runs out.

A heading is a Markdown `#` line, or a short line with no final punctuation that is followed by body
text; photo captions and credits, bylines and widget titles never are, whatever their shape, nor are notes
wholly in brackets (a law's note of its adoption) and a quotation's attribution (——唐·杜甫), and neither
is a line after the short lines a page opens with (原创, the author, the account) before any text. Text
before the first heading is a section without one; an article without headings is one section. A
leading `#` (level 1) heading, before any text or heading, is the article's title, not a section.
"""
from __future__ import annotations

from dataclasses import dataclass

from summarize import regex
from summarize.clean import FINAL_MARKS, ends_sentence
from summarize.furniture import goes_with_text, is_aside, never_heading

MAX_HEADING_CHARS = 40
_MARKDOWN_HEADING = regex.compile(r"^(#{1,6})(?:\s+(.*?)\s*#*\s*)?$")  # a bare "#" is an empty heading
_CJK = regex.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class RawSection:
    heading: str | None
    paragraphs: tuple[str, ...]


def _is_body(line: str) -> bool:
    return len(line) > MAX_HEADING_CHARS or ends_sentence(line)


def _is_plain_heading(line: str, following: str | None) -> bool:
    return (
        following is not None
        and len(line) <= MAX_HEADING_CHARS
        and len(_CJK.findall(line)) >= 2
        and line.rstrip()[-1] not in FINAL_MARKS + "，,、:：—-"
        and not ends_sentence(line)
        and _is_body(following)
        and not _MARKDOWN_HEADING.match(following)  # a heading over a heading is not one
        and not never_heading(line)  # captions, credits, bylines, widget titles look like headings
    )


def _in_header(sections: list[RawSection], heading: str | None, body: list[str]) -> bool:
    """True while the lines so far are only the short lines an article's page opens with (a kicker, 原创,
    the author, the account or outlet): a plain line after them opens no section, as it would after text.
    A note wholly in brackets (a law's adoption under its title, the byline) is the last of them: what
    follows it is the text, whose first chapter heads a section (第一章 总则)."""
    return not sections and heading is None and bool(body) and not any(_is_body(line) or is_aside(line) for line in body)


def split_sections(lines: tuple[str, ...], title: str | None = None) -> tuple[str | None, tuple[RawSection, ...]]:
    """The article's title (given, or its leading `#` heading) and its sections in order."""
    sections: list[RawSection] = []
    heading: str | None = None
    body: list[str] = []

    def close() -> None:
        if body:
            sections.append(RawSection(heading, tuple(body)))

    for i, line in enumerate(lines):
        markdown = _MARKDOWN_HEADING.match(line)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if markdown:
            text = (markdown.group(2) or "").strip()
            if not text:
                continue
            if goes_with_text(text):  # a note or a quotation's attribution set as a heading: text
                body.append(text)
                continue
            if never_heading(text):  # an <h2> around a caption or a widget's title: not a section, not text
                continue
            if len(markdown.group(1)) == 1 and title is None and not sections and not body and heading is None:
                title = text
                continue
        elif not _is_plain_heading(line, following) or _in_header(sections, heading, body):
            body.append(line)
            continue
        else:
            text = line
        close()
        heading, body = text, []
    close()
    return title, tuple(sections)

"""Plain text from HTML with the standard library's parser, as the engine's input: feed entries too short
for trafilatura, a page's text, its captions. Kept apart from `read` so reading a text file does not load it.

Not the mail's text part (`briefs.deliver.mail.plain_text_from_html`), though both walk HTML into lines:
this one gives the engine what it splits into sections and sentences — blocks as lines, blank lines kept,
headings as "## " section marks — and any change to it moves summaries; the mail's lays a brief out for a
person (【】 headings, indented list items, links after a closing 》, no table of contents) and may change
whenever a reader asks. The mail falls back on this one only for a document lxml cannot parse."""
from __future__ import annotations

from html.parser import HTMLParser


class _HtmlText(HTMLParser):
    """Text of an HTML page or fragment: a line break around every block, scripts and styles skipped.

    With `links`, an http(s) link's URL follows its text; with `headings`, an h1–h4 line starts with "## "
    (a Markdown heading, which opens a section).
    """

    _HEADINGS = frozenset({"h1", "h2", "h3", "h4"})

    _SKIP = frozenset({"head", "script", "style", "template", "noscript"})
    _BLOCK = frozenset(
        {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
         "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
         "section", "table", "tr", "ul"}
    )

    def __init__(self, *, links: bool, headings: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._headings = headings
        self._keep_links = links
        self._skipping = 0
        self._links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif self._skipping:
            return
        elif tag in self._BLOCK:
            if tag in self._HEADINGS and self._headings:
                self.parts.append("\n## ")
            else:
                self.parts.append("\n")
        elif tag == "a" and self._keep_links:
            self._links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif self._skipping:
            return
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href.startswith(("http://", "https://")) and href != text:
                self.parts.append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_lines(markup: str, *, links: bool = False, headings: bool = False) -> list[str]:
    """The text of `markup`, one line a block, spaces folded (blank lines kept, for callers that want them)."""
    parser = _HtmlText(links=links, headings=headings)
    parser.feed(markup)
    parser.close()
    return [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]

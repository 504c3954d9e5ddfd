"""Reading one article page by its address: an http(s) URL in, one `Document` out, or BriefError naming the URL.

The page comes through ingest's one fetch path (`fetch`: bounded lookup and connect, one deadline, a size
cap, redirects to http(s) only) and is then read exactly as the same bytes saved as a file are read
(`read_document`), with the page's address as the Document's url. What cannot be an article is refused by
its Content-Type before its body is downloaded (a PDF, an image); a feed is sent to `zhbrief digest`.
"""
from __future__ import annotations

import codecs
import re
import urllib.parse
from dataclasses import replace
from functools import partial

from briefs.errors import BriefError, UsageError
from briefs.model import Document, Wording
from briefs.reading.ingest import PAGE_DEADLINE, Fetched, ReadLimits, fetch, is_url, redact_url, url_error
from briefs.reading.read import kind_of, read_document

PAGE = ("the page", "页面")  # what is downloaded, in messages and in the brief
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}  # read as a file of that name would be
JSON_TYPES = {"application/json"}  # one {"title", "text"} article, as a .json file
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
XML_TYPES = {"text/xml", "application/xml"}  # a feed, an XHTML page, or neither: told by the body

# A feed however it opens: a BOM, an XML declaration, a stylesheet instruction, comments, then its root.
_FEED_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:(?:<\?[^>]*>|<!--.*?-->)\s*)*<(?:rss|feed|rdf:RDF)[\s>]",
                         re.IGNORECASE | re.DOTALL)

# The charsets a server may declare that the file reader would also read the bytes in, each as the file
# reader decodes it (GB18030 decodes GBK and GB2312 and loses no character). Others are not trusted: a
# server's default of ISO-8859-1 for a GBK page is a common misconfiguration, and Latin-1 decodes any bytes.
_DECLARED = {"utf-8": "utf-8", "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "big5": "big5",
             "big5hkscs": "big5hkscs", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class FeedGiven(UsageError):
    """The address given for one article is a feed of many: `summarize URL` says to brief it with `digest`;
    a digest following a feed entry's link says the link is no article page."""


def _feed(name: str) -> FeedGiven:
    return FeedGiven(f"{name} is a feed of many articles: brief it with 'zhbrief digest {name}'",
                     wording=Wording.of("是包含多篇文章的订阅源：请用 zhbrief digest {url} 生成简报", url=name))


def _check_type(name: str, media_type: str | None) -> None:
    """Refuse, before its body is downloaded, a response that cannot be an article page."""
    if media_type is None or media_type in HTML_TYPES | TEXT_TYPES | JSON_TYPES | XML_TYPES:
        return
    if media_type in FEED_TYPES:
        raise _feed(name)
    raise BriefError(f"{name}: not a web page but {media_type}; only HTML and plain-text pages can be summarized",
                     wording=Wording.of("不是网页，而是 {type}；只能摘要 HTML 和纯文本页面", type=media_type))


def _kind(fetched: Fetched) -> str | None:
    """How read_document reads the body: as its Content-Type says (XML that is no feed: as XHTML), else as
    a file of the URL's name would be read, else sniffed from the body as stdin is (None)."""
    if fetched.media_type in HTML_TYPES | XML_TYPES:
        return "html"
    if fetched.media_type in JSON_TYPES:
        return "json"
    return kind_of(urllib.parse.unquote(urllib.parse.urlsplit(fetched.url).path))  # text/plain, or no type


def _as_declared(body: bytes, charset: str | None) -> bytes:
    """The body in UTF-8 when the server declared a charset it decodes in; else as sent, for the file
    reader to decode as it decodes a file (a BOM, then UTF-8, then detection): a server's charset breaks
    the ties the detector can get wrong on a short page (GBK or Big5), but a wrong one is never forced."""
    if not charset or body.startswith(_BOMS):  # a BOM says more than a header, as browsers take it
        return body
    try:
        encoding = _DECLARED.get(codecs.lookup(charset).name)
    except LookupError:
        return body
    if encoding is None or encoding == "utf-8":
        return body
    try:
        return body.decode(encoding).encode("utf-8")
    except UnicodeDecodeError:
        return body


def _address(declared: str | None, fetched: str) -> str:
    """The Document's url: the address the page gives itself (its canonical link, og:url), resolved
    against where it came from, as a saved copy of it gives; else the URL it was fetched from."""
    if declared and is_url(resolved := urllib.parse.urljoin(fetched, declared.strip())):
        return resolved
    return fetched


def read_url(url: str, limits: ReadLimits = ReadLimits(), what: tuple[str, str] = PAGE) -> Document:
    """The article at `url`, within one article page's deadline (PAGE_DEADLINE, or `limits.fetch_deadline`
    if shorter) and `limits.max_download_mb`; BriefError naming the URL (its secrets masked) when it cannot be
    read, UsageError when it is a feed."""
    name = redact_url(url)
    if (invalid := url_error(url)) is not None:  # a typo in the one address given: a usage error
        raise UsageError(f"{name}: not a valid URL ({invalid})", wording=Wording.of("不是有效的网址（{error}）", error=invalid))
    if not is_url(url):
        scheme = urllib.parse.urlsplit(url).scheme
        raise UsageError(f"{name}: only http(s) pages are fetched, not {scheme}: (give a file on this machine by its path)",
                         wording=Wording.of("只抓取 http(s) 页面，不抓取 {scheme}:（本机文件请给出路径）", scheme=scheme))
    page_limits = replace(limits, fetch_deadline=min(PAGE_DEADLINE, limits.fetch_deadline))
    fetched = fetch(url, page_limits, what, check=partial(_check_type, name))
    if not fetched.body.strip():
        raise BriefError(f"{name}: the server sent an empty page", wording=Wording("服务器返回的页面为空"))
    if _FEED_START.match(fetched.body[:4096]):  # whatever its Content-Type says
        raise _feed(name)
    document = read_document(_as_declared(fetched.body, fetched.charset), name, _kind(fetched))
    if len(document.text) > limits.max_article_chars:
        raise BriefError(f"{name}: {limits.too_long()}", wording=limits.too_long_wording())
    return replace(document, url=_address(document.url, fetched.url))

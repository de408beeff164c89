"""HTML pages (files or fetched URLs): main text via trafilatura, metadata and links via bs4.

Navigation, boilerplate and reader comments are left out by trafilatura. For an HTML file each
word of the extracted text is located in the source, so findings point at the source's line and
column; where a word cannot be located its position is unknown. For a fetched page (kind `url`) the
"line" is the paragraph of the extracted text.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right
from urllib.parse import urljoin

from claimcheck.model import Document, Link, OffsetMap

_WORDS = re.compile(r"\S+")


def _extract_main(raw: str, url: str | None) -> tuple[str, dict[str, str | None]]:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            raw,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            favor_recall=True,
        )
    except Exception:  # lxml asserts on some malformed markup; fall back to the page's plain text
        from bs4 import BeautifulSoup

        return "\n".join(line.strip() for line in BeautifulSoup(raw, "html.parser").get_text("\n").splitlines()
                         if line.strip()), {}
    if result is None:
        return "", {}
    result = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = result.get("text") or ""
    meta = {key: result.get(key) for key in ("title", "author", "date", "url", "language")}
    return text, meta


def _links(soup: object, base: str | None, text: str) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    cursor = 0
    for anchor in soup.find_all("a", href=True):  # type: ignore[attr-defined]
        href = str(anchor["href"]).strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            url = urljoin(base, href) if base else href
        except ValueError:  # a malformed address ("http://[::1") is not a link
            continue
        label = " ".join(anchor.get_text(" ").split())
        start = end = None
        if label and len(label) > 2:
            found = text.find(label, cursor)
            if found < 0:
                found = text.find(label)
            if found >= 0:
                start, end = found, found + len(label)
                cursor = end
        key = f"{url}\x00{start}"
        if key in seen:
            continue
        seen.add(key)
        links.append(Link(url=url, text=label, start=start, end=end))
    return links


_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|template|noscript)\b[^>]*>.*?</\1\s*>|<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|\s{2,}|[\t\n\r\f\v]",
    re.S | re.I)
#: How far ahead (in visible characters) a word of the extracted text is looked for before giving up.
_LOOKAHEAD = 4000


_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h\d|td|tr|section|article|blockquote)\b", re.I)


class _Visible:
    """The page's visible characters (tags, comments and scripts left out, entities decoded, each
    whitespace run one space) and a map from their offsets back to offsets in the raw source."""

    def __init__(self, raw: str) -> None:
        pieces: list[str] = []
        #: (visible start, raw start, length, exact): exact pieces map character by character;
        #: the others (a decoded entity, a space standing for a run) map to their raw start.
        self.spans: list[tuple[int, int, int, bool]] = []
        size = 0
        pos = 0

        def add(piece: str, raw_start: int, exact: bool) -> None:
            nonlocal size
            pieces.append(piece)
            self.spans.append((size, raw_start, len(piece), exact))
            size += len(piece)

        last_space = True
        for m in _TOKEN.finditer(raw):
            if m.start() > pos:
                add(raw[pos:m.start()], pos, True)
                last_space = False
            token = m.group()
            if token[0] == "&":
                add(html_lib.unescape(token), m.start(), False)
                last_space = False
            elif (token[0] != "<" or _BLOCK_TAG.match(token)) and not last_space:
                add(" ", m.start(), False)  # whitespace, or a block boundary that separates words like it
                last_space = True
            pos = m.end()
        if pos < len(raw):
            add(raw[pos:], pos, True)
        self.text = "".join(pieces)
        self._starts = [s[0] for s in self.spans]

    def pieces(self, offset: int, length: int) -> list[tuple[int, int, int]]:
        """(visible offset, length, raw offset) runs covering `length` visible characters from
        `offset`, each mapping linearly onto the source (a decoded entity is its own run)."""
        out = []
        i = bisect_right(self._starts, offset) - 1
        end = offset + length
        while offset < end and i < len(self.spans):
            start, raw_start, size, exact = self.spans[i]
            stop = min(end, start + size)
            out.append((offset, stop - offset, raw_start + (offset - start if exact else 0)))
            offset = stop
            i += 1
        return out


def _offset_map(raw: str, text: str) -> OffsetMap:
    """Map each word of the extracted text to its line and column in the HTML source.

    The words are found in order in the page's visible text, whose characters remember their offset
    in the source, so a column counts the source line's own characters (tags and indentation
    included), as SARIF regions and editors expect. A word that cannot be found nearby maps to an
    unknown position; the search goes on from where the last word was found, so the cost stays linear.
    """
    page = _Visible(raw)
    visible = page.text
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer("\n", raw))
    segments: list[tuple[int, int, int | None, int]] = []
    cursor = 0
    for m in _WORDS.finditer(text):
        word = m.group()
        found = visible.find(word, cursor, cursor + _LOOKAHEAD + len(word))
        if found < 0:
            segments.append((m.start(), len(word), None, 1))
            continue
        for visible_start, length, source in page.pieces(found, len(word)):
            line = bisect_right(line_starts, source)
            segments.append((m.start() + visible_start - found, length, line, source - line_starts[line - 1] + 1))
        cursor = found + len(word)
    return OffsetMap(segments)


def document_from_html(
    raw: str,
    input_name: str,
    url: str | None = None,
    language: str | None = None,
    kind: str = "html",
) -> Document:
    """A Document for an HTML page: main text, title, author, date, language and outbound links."""
    from bs4 import BeautifulSoup

    from claimcheck.ingest.lang import normalize_language

    text, meta = _extract_main(raw, url)
    soup = BeautifulSoup(raw, "lxml")
    title = meta.get("title")
    if not title and soup.title and soup.title.string:
        title = soup.title.string.strip()
    declared = None
    html_tag = soup.find("html")
    if html_tag is not None and html_tag.get("lang"):  # type: ignore[union-attr]
        declared = normalize_language(str(html_tag.get("lang")))  # type: ignore[union-attr]
    canonical = url or meta.get("url")
    return Document(
        input=input_name,
        text=text,
        language=language or declared or normalize_language(meta.get("language")) or "",
        kind=kind,
        title=title or None,
        author=meta.get("author") or None,
        published=meta.get("date") or None,
        url=canonical,
        links=_links(soup, canonical, text),
        # an HTML file: source lines and columns; a fetched page: the paragraph (line) of the extracted text
        offsets=_offset_map(raw, text) if kind == "html" else OffsetMap.from_lines(text.split("\n")),
        source_text=raw,
    )

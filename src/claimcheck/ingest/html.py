"""HTML pages (files or fetched URLs): main text via trafilatura, metadata and links via bs4.

Navigation, boilerplate and reader comments are left out by trafilatura. Each line of the
extracted text is located in the HTML source where possible, so findings can point at a line of an
HTML file; where it cannot be located the line is unknown.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right
from urllib.parse import urljoin

from claimcheck.model import Document, Link, OffsetMap

_WORDS = re.compile(r"\S+")
_CHUNK = re.compile(r"[^.!?]+(?:[.!?]+(?=\s|$)|$)")


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


def _offset_map(raw: str, text: str) -> OffsetMap:
    """Locate each extracted line in the HTML source by its first words."""
    src_lines = raw.split("\n")
    plain_lines = [html_lib.unescape(re.sub(r"<[^>]*>", " ", line)) for line in src_lines]
    plain = "\n".join(" ".join(line.split()) for line in plain_lines)
    starts = [0]
    for m in re.finditer("\n", plain):
        starts.append(m.end())
    segments: list[tuple[int, int, int | None, int]] = []
    cursor = 0
    for chunk in _CHUNK.finditer(text):
        words = _WORDS.findall(chunk.group())[:4]
        line_no: int | None = None
        column = 1
        if words:
            probe = " ".join(words)
            found = plain.find(probe, cursor)
            if found < 0:
                found = plain.find(probe)
            if found >= 0:
                line_no = bisect_right(starts, found)
                column = found - starts[line_no - 1] + 1
                cursor = found + len(probe)
        segments.append((chunk.start(), chunk.end() - chunk.start(), line_no, column))
    return OffsetMap(segments)  # type: ignore[arg-type]


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
        offsets=_offset_map(raw, text) if kind == "html" else None,
        source_text=raw,
    )

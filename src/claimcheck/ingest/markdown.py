"""Markdown articles: front matter read, non-prose blanked out, offsets kept as file offsets.

markdown-it-py finds the block structure (code blocks, HTML blocks, link targets) with source
lines; the document text is then the file's text with everything that is not prose (front matter,
code, HTML comments and tags, link destinations, emphasis and list markers) replaced by spaces.
Newlines are kept, so an offset into the document text is an offset into the file and line/column
come straight from the file: a claim on line 18 of the file reports line 18.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from claimcheck.model import Document, Link, OffsetMap

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n(---|\.\.\.|\+\+\+)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_INLINE_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^\n]*?[\"')])?\s*\)")
_REF_LINK = re.compile(r"\[((?:[^\[\]\n])+)\]\[([^\]\n]*)\]")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]+>")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_LINE_MARKERS = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>(?:>[ \t]?)+|#{1,6}(?=[ \t]|$)|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]|$))",
    re.MULTILINE,
)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"\*{1,3}|~~|(?<![\w])_{1,3}|_{1,3}(?![\w])")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
_ESCAPE = re.compile(r"\\(?=[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace chars[start:end] by spaces, keeping line breaks."""
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _read_front_matter(block: str, fence: str) -> dict[str, Any]:
    try:
        if fence == "+++":
            return tomllib.loads(block)
        import yaml

        data = yaml.safe_load(block)
    except Exception:  # a broken header must not stop the check of the article
        return {}
    return data if isinstance(data, dict) else {}


def _as_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_markdown(source: str, input_name: str) -> Document:
    """A Document whose text is `source` with non-prose blanked out."""
    chars = list(source)
    meta: dict[str, Any] = {}
    body_start = 0
    front = _FRONT_MATTER.match(source)
    if front:
        meta = _read_front_matter(front.group(2), front.group(1))
        body_start = front.end()
        _blank(chars, 0, body_start)

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(source[body_start:])
    line_starts = [0]
    for m in re.finditer("\n", source):
        line_starts.append(m.end())
    first_line = source.count("\n", 0, body_start)

    links: list[Link] = []
    heading_text: str | None = None
    for i, token in enumerate(tokens):
        if token.type in ("fence", "code_block") and token.map:
            a, b = token.map[0] + first_line, token.map[1] + first_line
            start = line_starts[a]
            end = line_starts[b] if b < len(line_starts) else len(source)
            _blank(chars, start, end)
        elif token.type == "heading_open" and heading_text is None and token.tag == "h1":
            inline = tokens[i + 1] if i + 1 < len(tokens) else None
            if inline is not None and inline.type == "inline":
                heading_text = inline.content.strip()
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "link_open":
                    href = child.attrGet("href")
                    if isinstance(href, str) and href:
                        links.append(Link(url=href))

    text_so_far = "".join(chars)
    for pattern in (_COMMENT, _CODE_SPAN, _IMAGE, _AUTOLINK, _REF_DEF):
        for m in pattern.finditer(text_so_far):
            _blank(chars, m.start(), m.end())
        text_so_far = "".join(chars)

    located: list[Link] = []
    for m in _INLINE_LINK.finditer(text_so_far):
        located.append(Link(url=m.group(2), text=m.group(1), start=m.start(1), end=m.end(1)))
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    text_so_far = "".join(chars)
    for m in _REF_LINK.finditer(text_so_far):
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    text_so_far = "".join(chars)
    for pattern in (_TAG, _TABLE_RULE, _CLOSING_HASHES, _ESCAPE):
        for m in pattern.finditer(text_so_far):
            _blank(chars, m.start(), m.end())
        text_so_far = "".join(chars)
    for m in _LINE_MARKERS.finditer(text_so_far):
        _blank(chars, m.start("marker"), m.end("marker"))
    text_so_far = "".join(chars)
    for m in _EMPHASIS.finditer(text_so_far):
        _blank(chars, m.start(), m.end())
    text = "".join(chars).replace("|", " ")

    # Links found by markdown-it but not inline (reference style, autolinks) still count.
    known = {link.url for link in located}
    located.extend(link for link in links if link.url not in known)

    from claimcheck.ingest.lang import normalize_language

    title = meta.get("title")
    return Document(
        input=input_name,
        text=text,
        language=normalize_language(str(meta.get("lang") or meta.get("language") or "")) or "",
        kind="markdown",
        title=str(title) if title else heading_text,
        author=str(meta["author"]) if meta.get("author") else None,
        published=_as_date(meta.get("date") or meta.get("published")),
        url=str(meta["url"]) if meta.get("url") else None,
        links=located,
        offsets=OffsetMap.identity(source),
        source_text=source,
    )

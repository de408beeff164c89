"""Turn any input - a file, stdin, a folder of articles or a URL - into Documents."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.model import Document, OffsetMap

#: File suffixes read as articles, and the reader for each.
ARTICLE_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".docx": "docx",
}
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class IngestOptions:
    """How inputs are read: a forced language, and how URLs are fetched."""

    language: str | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    respect_robots: bool = True
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


def is_url(value: str) -> bool:
    """True for http(s) URLs (and other scheme://… strings, which fetching then refuses)."""
    head = value.split("://", 1)[0]
    return "://" in value and head.isalpha() and not Path(value).exists()


def _matches(path: Path, patterns: list[str]) -> bool:
    posix = path.as_posix()
    return any(fnmatch(posix, p) or fnmatch(path.name, p) or fnmatch(posix, f"*/{p}") for p in patterns)


def discover_inputs(inputs: list[str], options: IngestOptions | None = None) -> list[str]:
    """Expand folders (recursively) into the article files below them, in sorted order.

    Files named explicitly are kept whatever their suffix; files found in folders are kept when
    their suffix is an article suffix and they pass the include/exclude globs.
    """
    options = options or IngestOptions()
    out: list[str] = []
    for item in inputs:
        if item == "-" or is_url(item):
            out.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            found = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and (not options.include or _matches(p, options.include))
                and not _matches(p, options.exclude)
            ]
            if not found:
                raise InputError(item, "folder holds no articles (.md, .markdown, .html, .txt, .docx)")
            out.extend(str(p) for p in found)
        else:
            out.append(item)
    return out


def _finish(doc: Document, options: IngestOptions) -> Document:
    from claimcheck.ingest.lang import detect_language, normalize_language

    if not doc.text.strip():
        raise InputError(doc.input, "empty article (no text found)")
    forced = normalize_language(options.language)
    doc.language = forced or doc.language or detect_language(doc.text)
    if doc.kind in ("text", "markdown", "docx"):
        from claimcheck.ingest.comments import comments_start
        from claimcheck.ingest.dateline import find_dateline

        doc.comments_start = comments_start(doc.text)
        doc.published = doc.published or find_dateline(doc.text)
    return doc


def text_document(text: str, input_name: str) -> Document:
    """A plain-text Document: the text is the input exactly, so offsets are file offsets."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Document(
        input=input_name,
        text=text,
        language="",
        kind="text",
        title=first if 0 < len(first) <= 200 else None,
        offsets=OffsetMap.identity(text),
        source_text=text,
    )


def _read_file(path: Path, input_name: str) -> bytes:
    if not path.exists():
        raise InputError(input_name, "no such file")
    if path.is_dir():
        raise InputError(input_name, "is a folder (give it alone to check the articles below it)")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(input_name, f"file too large ({size // 1024 // 1024} MB; the limit is 10 MB)")
        return path.read_bytes()
    except PermissionError:
        raise InputError(input_name, "permission denied") from None
    except OSError as exc:
        raise InputError(input_name, f"cannot read ({exc.strerror or exc})") from None


def load_document(input_name: str, options: IngestOptions | None = None) -> Document:
    """Read one input (path, '-' for stdin, or URL) into a Document; InputError when it can't be."""
    from claimcheck.ingest.decode import decode_bytes

    options = options or IngestOptions()
    if input_name == "-":
        data = sys.stdin.buffer.read()
        return _finish(text_document(decode_bytes(data, "<stdin>"), "<stdin>"), options)
    if is_url(input_name):
        from claimcheck.ingest.fetch import FetchOptions, load_url

        fetch_options = FetchOptions(
            use_cache=options.use_cache, cache_dir=options.cache_dir, respect_robots=options.respect_robots
        )
        return _finish(load_url(input_name, fetch_options, language=options.language), options)
    path = Path(input_name)
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "docx":
        if not path.exists():
            raise InputError(input_name, "no such file")
        from claimcheck.ingest.docx import read_docx

        return _finish(read_docx(path, input_name), options)
    data = _read_file(path, input_name)
    if data[:4] == b"PK\x03\x04":
        raise InputError(input_name, "binary file (a ZIP or Office document; only .docx is read as Word)")
    text = decode_bytes(data, input_name)
    if kind == "text" and path.suffix.lower() not in ARTICLE_SUFFIXES and text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        kind = "html"
    if kind == "markdown":
        from claimcheck.ingest.markdown import parse_markdown

        return _finish(parse_markdown(text, input_name), options)
    if kind == "html":
        from claimcheck.ingest.html import document_from_html

        return _finish(document_from_html(text, input_name, language=options.language), options)
    return _finish(text_document(text, input_name), options)

"""Turn any input - a file, stdin, a folder of articles or a URL - into Documents."""

from __future__ import annotations

import re
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
    ".pdf": "pdf",
}
#: Formats a journalist may have that are not read, by suffix, with what to do instead.
REFUSED_SUFFIXES = {
    ".odt": "an OpenDocument text (.odt) is not read: save it as .docx, or export it as text",
    ".rtf": "a Rich Text file (.rtf) is not read: save it as .docx, or export it as text",
    ".doc": "a Word 97-2003 document (.doc) is not read: save it as .docx",
    ".pages": "a Pages document (.pages) is not read: export it as .docx",
}
#: Where `Document.published` came from, by the reader that set it.
_DATE_FROM = {"markdown": "front-matter", "html": "html-meta", "url": "html-meta"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_FILE_BYTES = 20 * 1000 * 1000  # default of `--max-size` (IngestOptions.max_bytes)


@dataclass(slots=True)
class IngestOptions:
    """How inputs are read: a forced language, and how URLs are fetched."""

    language: str | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    respect_robots: bool = True
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    #: The publication date (YYYY-MM-DD) to use whatever the input says (`--date`, `date` in the config).
    date: str | None = None
    #: The file name piped input stands for (`--stdin-name draft.md`): its suffix picks the reader.
    stdin_name: str | None = None
    #: No input larger than this many bytes is read (`--max-size`): one-line error, nothing hangs.
    max_bytes: int = MAX_FILE_BYTES


def parse_date(value: str) -> str:
    """`value` when it is a real YYYY-MM-DD date; ValueError otherwise."""
    import datetime as dt

    if not _ISO_DATE.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD)")
    return dt.date.fromisoformat(value.strip()).isoformat()


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
                raise InputError(item, "folder holds no articles (.md, .markdown, .html, .txt, .docx, .pdf)")
            out.extend(str(p) for p in found)
        else:
            out.append(item)
    return out


def _iso_date(value: str | None) -> str | None:
    """A reader's date as YYYY-MM-DD ("2024-03-05T10:00Z", "3 nov 2021"), or None when it is no full date."""
    if not value:
        return None
    head = _ISO_DATE.match(value.strip())
    if head:
        try:
            return parse_date(head.group())
        except ValueError:
            return None
    from claimcheck.ingest.dateline import find_dateline

    return find_dateline(value)


def _finish(doc: Document, options: IngestOptions) -> Document:
    """Language, reader comments and the publication date (with where it came from)."""
    from claimcheck.ingest.lang import detect_language, normalize_language

    if not doc.text.strip():
        raise InputError(doc.input, "empty article (no text found)")
    forced = normalize_language(options.language)
    doc.language = forced or doc.language or detect_language(doc.text)
    doc.published = _iso_date(doc.published)
    if doc.published and doc.published_from == "none":
        doc.published_from = _DATE_FROM.get(doc.kind, "html-meta")
    if doc.kind in ("text", "markdown", "docx", "pdf"):
        from claimcheck.ingest.comments import comments_start
        from claimcheck.ingest.dateline import find_dateline

        doc.comments_start = comments_start(doc.text)
        if not doc.published:
            doc.published = find_dateline(doc.text)
            doc.published_from = "dateline" if doc.published else "none"
    if options.date:
        doc.published, doc.published_from = options.date, "option"
    return doc


def text_document(text: str, input_name: str) -> Document:
    """A plain-text Document: the text is the input exactly, so offsets are file offsets."""
    from claimcheck.ingest.title import text_title

    return Document(
        input=input_name,
        text=text,
        language="",
        kind="text",
        title=text_title(text),
        offsets=OffsetMap.identity(text),
        source_text=text,
    )


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:g} MB, see --max-size)"


def _read_file(path: Path, input_name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    if not path.exists():
        raise InputError(input_name, "no such file")
    if path.is_dir():
        raise InputError(input_name, "is a folder (give it alone to check the articles below it)")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(input_name, "file " + _too_large(size, limit))
        return path.read_bytes()
    except PermissionError:
        raise InputError(input_name, "permission denied") from None
    except OSError as exc:
        raise InputError(input_name, f"cannot read ({exc.strerror or exc})") from None


def _zip_kind(data: bytes) -> str:
    """What a ZIP container holds: 'docx', 'odt' (OpenDocument), or 'zip' (anything else)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                return "odt"
    except (zipfile.BadZipFile, KeyError, OSError):
        pass
    return "zip"


def _refuse_by_content(data: bytes, input_name: str) -> None:
    """InputError for formats recognised by their first bytes that are not read as articles."""
    head = data[:8].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"{\\rtf"):
        raise InputError(input_name, REFUSED_SUFFIXES[".rtf"])
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(input_name, REFUSED_SUFFIXES[".doc"])


def document_from_bytes(data: bytes, input_name: str, options: IngestOptions | None = None,
                        suffix: str | None = None) -> Document:
    """A Document from an input's bytes, read by its suffix and what its first bytes say it is.

    Used for files, piped input (`--stdin-name`) and uploads (`claimcheck serve`).
    """
    from claimcheck.ingest.decode import decode_bytes

    options = options or IngestOptions()
    suffix = (suffix if suffix is not None else Path(input_name).suffix).lower()
    if suffix in REFUSED_SUFFIXES:
        raise InputError(input_name, REFUSED_SUFFIXES[suffix])
    kind = ARTICLE_SUFFIXES.get(suffix, "text")
    if data[:4] == b"PK\x03\x04":
        held = _zip_kind(data)
        if held == "docx":
            import io

            from claimcheck.ingest.docx import read_docx

            return _finish(read_docx(io.BytesIO(data), input_name), options)
        if held == "odt":
            raise InputError(input_name, REFUSED_SUFFIXES[".odt"])
        if kind == "docx":
            raise InputError(input_name, "not a valid DOCX file (a ZIP without a Word document in it)")
        raise InputError(input_name, "binary file (a ZIP archive; only .docx is read as Word)")
    if kind == "docx":
        _refuse_by_content(data, input_name)
        raise InputError(input_name, "not a valid DOCX file (not a ZIP container)")
    if data[:5] == b"%PDF-":
        from claimcheck.ingest.pdf import read_pdf

        return _finish(read_pdf(data, input_name), options)
    if kind == "pdf":
        raise InputError(input_name, "not a valid PDF file (no %PDF header)")
    _refuse_by_content(data, input_name)
    text = decode_bytes(data, input_name)
    if kind == "text" and suffix not in ARTICLE_SUFFIXES and text.lstrip()[:15].lower().startswith(
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


def _read_stdin(options: IngestOptions) -> Document:
    """Piped (or pasted) input: a prompt on stderr when a person is typing, the format from --stdin-name."""
    stdin = sys.stdin
    try:
        interactive = stdin.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if interactive:
        print("claimcheck: paste the article, then Ctrl-D (Ctrl-Z, Enter on Windows)", file=sys.stderr, flush=True)
    data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
    if len(data) > options.max_bytes:
        raise InputError("<stdin>", "input " + _too_large(len(data), options.max_bytes))
    name = options.stdin_name or "<stdin>"
    suffix = Path(options.stdin_name).suffix if options.stdin_name else ".txt"
    return document_from_bytes(data, name, options, suffix=suffix)


def load_document(input_name: str, options: IngestOptions | None = None) -> Document:
    """Read one input (path, '-' for stdin, or URL) into a Document; InputError when it can't be."""
    options = options or IngestOptions()
    if input_name == "-":
        return _read_stdin(options)
    if is_url(input_name):
        from claimcheck.ingest.fetch import FetchOptions, load_url

        fetch_options = FetchOptions(
            use_cache=options.use_cache, cache_dir=options.cache_dir, respect_robots=options.respect_robots
        )
        return _finish(load_url(input_name, fetch_options, language=options.language), options)
    path = Path(input_name)
    if path.suffix.lower() in REFUSED_SUFFIXES and path.is_file():
        raise InputError(input_name, REFUSED_SUFFIXES[path.suffix.lower()])
    return document_from_bytes(_read_file(path, input_name, options.max_bytes), input_name, options)

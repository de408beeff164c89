"""Fetch web pages politely and predictably: one URL in, one `FetchedPage` (or a `FetchError`) out.

What a fetch does, in order:

1. refuse anything but http(s) URLs, before any I/O;
2. answer from the on-disk cache when it holds the URL (no network I/O at all);
3. read the host's ``/robots.txt`` (cached too) and refuse disallowed pages, unless told not to;
4. GET the page with httpx: a User-Agent naming claimcheck, a 10 s connect timeout, an overall
   deadline of 30 s per URL (httpx has none, so every hop gets the time that remains and the body is
   streamed against ``time.monotonic()``), at most 5 redirects, a 10 MB body cap (refused early on
   ``Content-Length``, enforced while streaming otherwise), only HTML or plain-text content types;
5. retry 429 and 5xx answers with exponential backoff (tenacity), honouring a small ``Retry-After``;
6. decode the body (BOM, declared charset, ``<meta charset>``, else charset-normalizer) and store it.

The cache: a small content-addressed store, not hishel. The requirement is that fetching a URL a
second time does no network I/O, whatever the server's caching headers say. hishel 2.x can ignore
those headers (its non-RFC mode), but it caches per HTTP exchange at the transport level and stores
only 2xx answers, so a URL that redirects still goes to the network for every 3xx hop, a robots.txt
that is a 404 is fetched again every time, and the entry holds no record of the final URL or of the
decisions made about it. Here the cache key is the sha256 of the requested URL (without fragment);
an entry is ``<key>.body`` (the raw body) plus ``<key>.json`` (final URL, status, headers, content
type, encoding, fetch time), each written atomically (temporary file + ``os.replace``), the JSON
last, so a torn write is a cache miss rather than a corrupt page. Only successful, accepted pages
are stored; errors never are. robots.txt answers (2xx and 4xx) are stored the same way per origin.
Entries do not expire: ``use_cache=False`` (``--no-cache``) fetches again and refreshes the entry.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from claimcheck import __version__
from claimcheck.errors import FetchError

if TYPE_CHECKING:
    import httpx

    from claimcheck.model import Document

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/claimcheck/claimcheck"  # placeholder until the project has a home
USER_AGENT = f"claimcheck/{__version__} (+{PROJECT_URL})"

#: Content types read as articles.
ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ALLOWED_SCHEMES = frozenset({"http", "https"})
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9"
MAX_ROBOTS_BYTES = 512 * 1024
CACHE_FORMAT = 1
#: How resolvers word a failed DNS lookup (glibc, macOS, Windows, Python's socket module).
_DNS_FAILURES = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
    "no address associated",
    "name resolution",
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(slots=True)
class FetchOptions:
    """How URLs are fetched. The defaults are the polite, cached behaviour of the CLI."""

    use_cache: bool = True
    #: Where pages and robots.txt files are cached; None means the user cache dir for "claimcheck".
    cache_dir: Path | None = None
    respect_robots: bool = True
    connect_timeout: float = 10.0
    #: Overall deadline per URL, covering robots.txt, redirects, retries and their waits.
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    #: Retries after the first attempt, on 429 and 5xx answers only.
    retries: int = 3
    #: First backoff wait in seconds; doubles on every retry.
    backoff_base: float = 1.0
    #: A ``Retry-After`` up to this many seconds is honoured; a longer one ends the retries.
    max_retry_after: float = 10.0
    user_agent: str = USER_AGENT
    #: Media types accepted as a page; an API client (`--against doi:…`) adds JSON and XML.
    accepted_types: frozenset[str] = ACCEPTED_TYPES

    def resolved_cache_dir(self) -> Path:
        """The cache folder, defaulting to the platform's user cache dir."""
        if self.cache_dir is not None:
            return Path(self.cache_dir)
        from platformdirs import user_cache_path

        return user_cache_path("claimcheck") / "http"


@dataclass(slots=True)
class FetchedPage:
    """A fetched (or cached) page: its raw body and the text decoded from it."""

    url: str
    final_url: str
    status: int
    content_type: str
    encoding: str
    body: bytes
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    from_cache: bool = False
    #: When the page was fetched from the network (ISO 8601, UTC), also for cached pages.
    fetched_at: str = ""

    @property
    def is_html(self) -> bool:
        """True for HTML and XHTML pages, False for plain text."""
        return self.content_type in HTML_TYPES


# --------------------------------------------------------------------------------------------- helpers


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _megabytes(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"


def _reason(status: int, phrase: str | None = None) -> str:
    """The standard reason phrase ("Not Found"), else the server's."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return phrase or ""


def _http_problem(status: int, phrase: str | None = None) -> str:
    reason = _reason(status, phrase)
    return f"HTTP {status} {reason}".rstrip()


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _header_charset(header: str | None) -> str | None:
    for param in (header or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_body(body: bytes, content_type_header: str | None) -> tuple[str, str]:
    """Decode a page body: BOM, declared charset (header, then ``<meta>``), else charset-normalizer.

    Returns (text, encoding name). Undecodable bytes become U+FFFD rather than failing the fetch.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    declared = _codec(_header_charset(content_type_header))
    if declared is None:
        found = _META_CHARSET.search(body[:4096])
        if found:
            declared = _codec(found.group(1).decode("ascii", "ignore"))
    if declared is not None:
        return body.decode(declared, errors="replace"), declared
    if not body:
        return "", "utf-8"
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"


def _normalize_url(url: str) -> str:
    """The URL as fetched and as cache key: scheme and host lowercased, fragment dropped."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def check_url(url: str) -> str:
    """Validate `url` before any I/O; return its normalized form or raise FetchError."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError(url, f"invalid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchError(url, "not a URL (it needs an http:// or https:// scheme)")
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(url, f"unsupported scheme '{scheme}' (only http and https URLs can be fetched)")
    if not parts.hostname:
        raise FetchError(url, "invalid URL (no host)")
    return _normalize_url(url)


def _cache_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------------------------- cache


class PageCache:
    """The on-disk, content-addressed store of fetched pages and robots.txt files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, kind: str, url: str) -> tuple[Path, Path]:
        key = _cache_key(url)
        folder = self.root / kind / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, kind: str, url: str) -> tuple[dict[str, Any], bytes] | None:
        """The metadata and body stored for `url`, or None (also for unreadable or torn entries)."""
        meta_path, body_path = self._paths(kind, url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("format") != CACHE_FORMAT or meta.get("url") != url:
            return None
        if hashlib.sha256(body).hexdigest() != meta.get("sha256"):
            return None
        return meta, body

    def put(self, kind: str, url: str, meta: dict[str, Any], body: bytes) -> None:
        """Store an entry; failures are logged, never raised (the cache is an optimisation)."""
        meta_path, body_path = self._paths(kind, url)
        record = {**meta, "format": CACHE_FORMAT, "url": url, "sha256": hashlib.sha256(body).hexdigest()}
        try:
            atomic_write(body_path, body)
            atomic_write(meta_path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            log.debug("cannot write the cache entry for %s: %s", url, exc)


# ------------------------------------------------------------------------------------------- fetching


class _Deadline:
    """The time left for one URL; hands each HTTP hop the time that remains as its timeouts."""

    def __init__(self, url: str, options: FetchOptions) -> None:
        self.url = url
        self.total = options.total_timeout
        self.connect = options.connect_timeout
        self.end = time.monotonic() + options.total_timeout

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise FetchError(self.url, f"timed out (no complete answer within {self.total:g} s)")

    def on_request(self, request: httpx.Request) -> None:
        """httpx request hook: every hop (redirects too) gets at most the time that remains."""
        self.check()
        left = self.remaining()
        request.extensions = {
            **request.extensions,
            "timeout": {"connect": min(self.connect, left), "read": left, "write": left, "pool": left},
        }


class _Retryable(Exception):
    """A 429 or 5xx answer that may be retried."""

    def __init__(self, status: int, phrase: str, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.phrase = phrase
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _transport_problem(exc: Exception, options: FetchOptions, host: str) -> str:
    """One line for an httpx transport error."""
    import httpx

    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {options.max_redirects})"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting to {host}"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (no complete answer within {options.total_timeout:g} s)"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"redirected to an unsupported URL ({text})"
    if isinstance(exc, httpx.ConnectError):
        if any(marker in lowered for marker in _DNS_FAILURES):
            return f"cannot resolve host name {host!r} (DNS lookup failed)"
        if "refused" in lowered:
            return f"connection refused by {host}"
        if "certificate" in lowered or "ssl" in lowered:
            return f"TLS error connecting to {host} ({text})"
        return f"cannot connect to {host} ({text})"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return f"connection to {host} failed ({text})"
    if isinstance(exc, httpx.InvalidURL):
        return f"invalid URL ({text})"
    return f"request failed ({text})"


def _client(options: FetchOptions, deadline: _Deadline) -> httpx.Client:
    import httpx

    return httpx.Client(
        headers={"User-Agent": options.user_agent,
                 "Accept": ACCEPT if options.accepted_types == ACCEPTED_TYPES else "*/*"},
        timeout=httpx.Timeout(options.total_timeout, connect=options.connect_timeout),
        follow_redirects=True,
        max_redirects=options.max_redirects,
        event_hooks={"request": [deadline.on_request]},
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _robots_allowed(
    url: str,
    original: str,
    options: FetchOptions,
    client: httpx.Client | None,
    deadline: _Deadline,
    cache: PageCache | None,
) -> tuple[bool, httpx.Client | None]:
    """Whether robots.txt of `url`'s host lets claimcheck fetch it (fetching robots.txt if needed).

    Returns the verdict and the client (created here when robots.txt had to be fetched).
    """
    robots_url = _origin(url) + "/robots.txt"
    entry = cache.get("robots", robots_url) if cache is not None and options.use_cache else None
    if entry is not None:
        meta, body = entry
        status = int(meta.get("status", 200))
    else:
        if client is None:
            client = _client(options, deadline)
        status, body = _get_robots(robots_url, original, options, client, deadline)
        if cache is not None and status < 500:
            cache.put("robots", robots_url, {"status": status, "fetched_at": _now()}, body)
    if status >= 500:
        log.debug("%s answered HTTP %s; treating every page as allowed", robots_url, status)
        return True, client
    if status >= 400 or not body.strip():
        return True, client
    from protego import Protego

    rules = Protego.parse(body.decode("utf-8", errors="replace"))
    return bool(rules.can_fetch(url, options.user_agent)), client


def _get_robots(
    robots_url: str, original: str, options: FetchOptions, client: httpx.Client, deadline: _Deadline
) -> tuple[int, bytes]:
    """GET a robots.txt: (status, body up to MAX_ROBOTS_BYTES). Transport errors are the page's."""
    import httpx

    host = urlsplit(robots_url).hostname or robots_url
    try:
        with client.stream("GET", robots_url) as response:
            if response.status_code >= 300:
                return response.status_code, b""
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= MAX_ROBOTS_BYTES:
                    break
                deadline.check()
            return response.status_code, b"".join(chunks)[:MAX_ROBOTS_BYTES]
    except httpx.TooManyRedirects:
        return 404, b""  # a robots.txt lost in redirects counts as missing
    except httpx.HTTPError as exc:
        raise FetchError(original, _transport_problem(exc, options, host)) from None


def _disallowed(url: str) -> FetchError:
    return FetchError(url, "disallowed by the site's robots.txt (use --ignore-robots to fetch it anyway)")


def _attempt(
    url: str, original: str, options: FetchOptions, client: httpx.Client, deadline: _Deadline, cache: PageCache | None
) -> FetchedPage:
    """One GET of `url` (following redirects); raises _Retryable on 429/5xx, FetchError otherwise."""
    import httpx

    host = urlsplit(url).hostname or url
    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status == 429 or status >= 500:
                after = _retry_after(response.headers.get("retry-after"))
                raise _Retryable(status, response.reason_phrase, after)
            if status >= 300:
                raise FetchError(original, _http_problem(status, response.reason_phrase))
            final_url = str(response.url)
            if (
                options.respect_robots
                and _normalize_url(final_url) != url
                and not _robots_allowed(final_url, original, options, client, deadline, cache)[0]
            ):
                raise _disallowed(original) from None
            header = response.headers.get("content-type")
            media = _media_type(header)
            if media and media not in options.accepted_types:
                raise FetchError(original, f"not an HTML page (content type {media})")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > options.max_bytes:
                limit = _megabytes(options.max_bytes)
                problem = f"too large (Content-Length {int(length)} bytes; the limit is {limit})"
                raise FetchError(original, problem)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(original, f"too large (more than {_megabytes(options.max_bytes)})")
                chunks.append(chunk)
                deadline.check()
            body = b"".join(chunks)
            headers = dict(response.headers.items())
    except httpx.HTTPError as exc:
        raise FetchError(original, _transport_problem(exc, options, host)) from None
    if not media:
        head = body[:1024].lstrip().lower()
        media = "text/html" if head.startswith((b"<!doctype html", b"<html", b"<?xml")) else "text/plain"
    text, encoding = decode_body(body, header)
    return FetchedPage(
        url=original,
        final_url=final_url,
        status=status,
        content_type=media,
        encoding=encoding,
        body=body,
        text=text,
        headers=headers,
        from_cache=False,
        fetched_at=_now(),
    )


def _from_cache(original: str, meta: dict[str, Any], body: bytes) -> FetchedPage:
    encoding = str(meta.get("encoding") or "utf-8")
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text, encoding = decode_body(body, meta.get("headers", {}).get("content-type"))
    text = text.removeprefix("\ufeff")  # decode_body drops byte-order marks; so does the cache
    return FetchedPage(
        url=original,
        final_url=str(meta.get("final_url") or original),
        status=int(meta.get("status", 200)),
        content_type=str(meta.get("content_type") or "text/html"),
        encoding=encoding,
        body=body,
        text=text,
        headers=dict(meta.get("headers") or {}),
        from_cache=True,
        fetched_at=str(meta.get("fetched_at") or ""),
    )


def fetch_url(url: str, options: FetchOptions | None = None) -> FetchedPage:
    """Fetch one http(s) URL (or answer it from the cache); FetchError, one line, when it can't be."""
    options = options or FetchOptions()
    normalized = check_url(url)
    original = url.strip()
    deadline = _Deadline(original, options)
    cache = PageCache(options.resolved_cache_dir())
    client: httpx.Client | None = None
    try:
        if options.use_cache:
            entry = cache.get("pages", normalized)
            if entry is not None:
                meta, body = entry
                if options.respect_robots and meta.get("robots_checked") is not True:
                    allowed, client = _robots_allowed(normalized, original, options, client, deadline, cache)
                    if not allowed:
                        raise _disallowed(original)
                log.debug("cache hit for %s", normalized)
                return _from_cache(original, meta, body)
        if options.respect_robots:
            allowed, client = _robots_allowed(normalized, original, options, client, deadline, cache)
            if not allowed:
                raise _disallowed(original)
        if client is None:
            client = _client(options, deadline)
        page = _with_retries(normalized, original, options, client, deadline, cache)
    finally:
        if client is not None:
            client.close()
    # Every successful fetch (re)fills the cache, also with use_cache=False.
    meta = {
        "final_url": page.final_url,
        "status": page.status,
        "content_type": page.content_type,
        "encoding": page.encoding,
        "headers": page.headers,
        "fetched_at": page.fetched_at,
        "robots_checked": options.respect_robots,
    }
    cache.put("pages", normalized, meta, page.body)
    return page


def _with_retries(
    url: str, original: str, options: FetchOptions, client: httpx.Client, deadline: _Deadline, cache: PageCache | None
) -> FetchedPage:
    """`_attempt` with up to `options.retries` retries on 429/5xx, within the URL's deadline."""
    from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

    def asked_wait(state: RetryCallState) -> float | None:
        exc = state.outcome.exception() if state.outcome else None
        return exc.retry_after if isinstance(exc, _Retryable) else None

    def wait(state: RetryCallState) -> float:
        asked = asked_wait(state)
        if asked is not None and asked <= options.max_retry_after:
            return asked
        return options.backoff_base * 2 ** (state.attempt_number - 1)

    def stop_early(state: RetryCallState) -> bool:
        asked = asked_wait(state)
        if asked is not None and asked > options.max_retry_after:
            return True
        return state.upcoming_sleep >= deadline.remaining()

    retrying = Retrying(
        retry=retry_if_exception_type(_Retryable),
        wait=wait,
        stop=stop_after_attempt(options.retries + 1) | stop_early,
        reraise=True,
        sleep=time.sleep,
    )
    attempts = 0
    try:
        for attempt in retrying:
            with attempt:
                attempts += 1
                return _attempt(url, original, options, client, deadline, cache)
    except _Retryable as exc:
        problem = _http_problem(exc.status, exc.phrase)
        if exc.retry_after is not None and exc.retry_after > options.max_retry_after:
            problem += f" (the server asks to wait {exc.retry_after:g} s)"
        elif attempts > 1:
            problem += f" (after {attempts} attempts)"
        raise FetchError(original, problem) from None
    raise AssertionError("unreachable")  # pragma: no cover


# ------------------------------------------------------------------------------------------- documents


def document_from_page(page: FetchedPage, language: str | None = None) -> Document:
    """A Document (kind "url", url = the final URL) for a fetched page, HTML or plain text."""
    from claimcheck.ingest.lang import detect_language, normalize_language

    forced = normalize_language(language)
    if page.is_html:
        from claimcheck.ingest.html import document_from_html

        doc = document_from_html(page.text, page.url, url=page.final_url, language=forced, kind="url")
    else:
        from claimcheck.ingest import text_document

        doc = text_document(page.text, page.url)
    doc.kind = "url"
    doc.url = page.final_url
    doc.language = forced or doc.language or detect_language(doc.text)
    return doc


def load_url(url: str, options: FetchOptions | None = None, language: str | None = None) -> Document:
    """Fetch `url` and turn it into a Document; FetchError when it cannot be fetched."""
    return document_from_page(fetch_url(url, options), language=language)

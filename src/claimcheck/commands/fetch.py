"""`claimcheck fetch URL... -o DIR`: download articles as raw HTML, extracted text and metadata.

For every URL three files are written to DIR, named by a slug of the URL's host and path:
``<slug>.html`` (the body as served), ``<slug>.txt`` (the article text claimcheck checks) and
``<slug>.json`` (url, final_url, status, content_type, fetched_at, title, author, published,
language, links). A URL that fails is reported as one line on stderr and the others are still
fetched; the exit code is 2 when any failed.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import click

if TYPE_CHECKING:
    from claimcheck.ingest.fetch import FetchedPage
    from claimcheck.model import Document

_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_SEPARATORS = re.compile(r"[-._]*-[-._]*|[-._]{2,}")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|xhtml|php\d?|aspx?|jsp|cfm|shtml)$")
_MAX_SLUG = 80
#: Names Windows refuses whatever the suffix.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
SUFFIXES = (".html", ".txt", ".json")


def url_slug(url: str) -> str:
    """A file-name-safe slug of a URL's host and path, e.g. ``example.org-health-article``.

    Lowercase ASCII letters, digits, dots, dashes and underscores only. URLs with a query, and
    slugs cut to length, get a short hash of the URL appended so that they stay distinct.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "page").lower()
    if parts.port:
        host += f"-{parts.port}"
    path = unquote(parts.path).lower().rstrip("/")
    path = _PAGE_SUFFIX.sub("", path)
    raw = f"{host}-{path.replace('/', '-')}" if path else host
    slug = _SEPARATORS.sub("-", _UNSAFE.sub("-", raw)).strip("-._") or "page"
    needs_hash = bool(parts.query) or len(slug) > _MAX_SLUG
    slug = slug[:_MAX_SLUG].rstrip("-._")
    if needs_hash:
        slug += "-" + hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:8]
    if slug.split(".", 1)[0] in _RESERVED:
        slug = "_" + slug
    return slug


def _owned_by(out_dir: Path, slug: str, url: str) -> bool:
    """True when `slug` is free in `out_dir`, or holds an earlier fetch of the same URL."""
    paths = [out_dir / f"{slug}{suffix}" for suffix in SUFFIXES]
    if not any(p.exists() for p in paths):
        return True
    try:
        meta = json.loads(paths[2].read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("url") == url


def unique_slug(out_dir: Path, url: str, taken: set[str]) -> str:
    """The slug for `url`: its own, or with -2, -3… when another URL's files already hold that name."""
    base = url_slug(url)
    slug = base
    n = 1
    while slug in taken or not _owned_by(out_dir, slug, url):
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _metadata(page: FetchedPage, doc: Document) -> dict[str, object]:
    return {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "content_type": page.content_type,
        "encoding": page.encoding,
        "fetched_at": page.fetched_at,
        "from_cache": page.from_cache,
        "title": doc.title,
        "author": doc.author,
        "published": doc.published,
        "language": doc.language,
        "links": [{"url": link.url, "text": link.text} for link in doc.links],
    }


@click.command("fetch")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write <slug>.html, <slug>.txt and <slug>.json into (created if missing).",
)
@click.option("--no-cache", is_flag=True, help="Fetch again even when cached (and refresh the cache).")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Cache folder (default: the user cache folder for claimcheck).",
)
@click.option("--ignore-robots", is_flag=True, help="Fetch pages that the site's robots.txt disallows.")
@click.option("--language", default=None, help="Language of the articles (nl or en); detected if not given.")
@click.pass_context
def fetch(
    ctx: click.Context,
    urls: tuple[str, ...],
    out_dir: Path,
    no_cache: bool,
    cache_dir: Path | None,
    ignore_robots: bool,
    language: str | None,
) -> None:
    """Download articles: for each URL write <slug>.html (raw), <slug>.txt (text) and <slug>.json.

    Pages come from the cache when fetched before (no network I/O); robots.txt is honoured unless
    --ignore-robots is given. A URL that fails is reported on stderr and the others are still
    fetched; the exit code is then 2.
    """
    from claimcheck.errors import ClaimcheckError
    from claimcheck.ingest.fetch import FetchOptions, atomic_write, document_from_page, fetch_url

    options = FetchOptions(use_cache=not no_cache, cache_dir=cache_dir, respect_robots=not ignore_robots)
    progress = sys.stderr.isatty()
    unique = list(dict.fromkeys(u.strip() for u in urls))
    taken: set[str] = set()
    failed = 0
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    for number, url in enumerate(unique, start=1):
        if progress:
            click.echo(f"[{number}/{len(unique)}] {url}", err=True)
        try:
            page = fetch_url(url, options)
            doc = document_from_page(page, language=language)
            slug = unique_slug(out_dir, url, taken)
            meta = _metadata(page, doc)
            atomic_write(out_dir / f"{slug}.html", page.body)
            atomic_write(out_dir / f"{slug}.txt", doc.text.encode("utf-8"))
            meta_json = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
            atomic_write(out_dir / f"{slug}.json", meta_json.encode("utf-8"))
        except ClaimcheckError as exc:
            failed += 1
            click.echo(f"claimcheck: {exc}", err=True)
            continue
        except OSError as exc:
            failed += 1
            click.echo(f"claimcheck: {url}: cannot write to {out_dir} ({exc.strerror or exc})", err=True)
            continue
        if progress:
            cached = " (cached)" if page.from_cache else ""
            click.echo(f"  -> {out_dir / slug}.{{html,txt,json}}{cached}", err=True)
    if failed:
        ctx.exit(2)

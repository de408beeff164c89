"""Read what `--against` names into a Document: a file, a URL, or `doi:…` / `pmid:…`.

Files (text, Markdown, HTML, DOCX, PDF) and URLs are read by the same ingest as articles. A DOI or
PMID is looked up in PubMed (E-utilities ``esearch`` to map a DOI, ``efetch`` for the abstract) and,
when PubMed has no abstract, in Crossref (``works/{doi}``, whose abstract is JATS XML). Those
requests go through the same polite, cached fetcher as article URLs, so asking twice makes no
request; the base URLs are the importer's (``CLAIMCHECK_EUTILS_URL``, ``CLAIMCHECK_CROSSREF_URL``).
Nothing is fetched unless a URL, DOI or PMID is given.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from urllib.parse import quote

from claimcheck.errors import InputError
from claimcheck.ingest import IngestOptions, is_url, load_document
from claimcheck.model import Document, OffsetMap

_TAG = re.compile(r"<[^>]+>")
#: What PubMed's and Crossref's APIs answer with.
API_TYPES = frozenset({"application/json", "text/xml", "application/xml", "text/plain", "text/html"})


@dataclass(slots=True)
class AbstractRecord:
    """What PubMed or Crossref says about one work: enough to read it as a source."""

    title: str = ""
    abstract: str = ""
    journal: str = ""
    year: int | None = None
    first_author: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""


def parse_spec(spec: str) -> tuple[str, str]:
    """('doi'|'pmid'|'url'|'file', value) for an `--against` argument."""
    value = spec.strip()
    low = value.lower()
    if low.startswith("doi:"):
        return "doi", value[4:].strip()
    if low.startswith("pmid:"):
        return "pmid", value[5:].strip()
    if low.startswith("https://doi.org/") or low.startswith("http://doi.org/"):
        return "doi", value.split("doi.org/", 1)[1]
    if is_url(value):
        return "url", value
    return "file", value


def _fetch(url: str, options: IngestOptions) -> str:
    from claimcheck.ingest.fetch import FetchOptions, fetch_url

    # E-utilities and Crossref are documented APIs, asked for one record each: robots.txt (which
    # governs crawling) is not consulted; the fetcher's User-Agent, retries and cache still apply.
    fetch_options = FetchOptions(use_cache=options.use_cache, cache_dir=options.cache_dir, respect_robots=False,
                                 accepted_types=API_TYPES)
    return fetch_url(url, fetch_options).text


def _bases() -> tuple[str, str]:
    from claimcheck.register.importer import DEFAULT_CROSSREF_URL, DEFAULT_EUTILS_URL, ENV_CROSSREF, ENV_EUTILS

    eutils = (os.environ.get(ENV_EUTILS) or DEFAULT_EUTILS_URL).rstrip("/")
    crossref = (os.environ.get(ENV_CROSSREF) or DEFAULT_CROSSREF_URL).rstrip("/")
    return eutils, crossref


def _pubmed(pmid: str, eutils: str, options: IngestOptions, record: AbstractRecord) -> None:
    from xml.etree import ElementTree

    xml = _fetch(f"{eutils}/efetch.fcgi?db=pubmed&id={quote(pmid)}&retmode=xml", options)
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InputError(f"pmid:{pmid}", f"PubMed's answer is not XML ({exc})") from exc
    article = root.find(".//PubmedArticle")
    if article is None:
        raise InputError(f"pmid:{pmid}", "PubMed has no record with this id")
    record.pmid = pmid
    record.title = "".join(article.findtext(".//ArticleTitle") or "").strip()
    parts = []
    for node in article.findall(".//Abstract/AbstractText"):
        text = "".join(node.itertext()).strip()
        label = node.get("Label")
        parts.append(f"{label.capitalize()}: {text}" if label else text)
    record.abstract = "\n\n".join(p for p in parts if p)
    record.journal = (article.findtext(".//Journal/Title") or "").strip()
    year = article.findtext(".//JournalIssue/PubDate/Year") or article.findtext(".//ArticleDate/Year")
    record.year = int(year) if year and year.isdigit() else None
    record.first_author = (article.findtext(".//AuthorList/Author/LastName") or "").strip()
    for node in article.findall(".//ArticleIdList/ArticleId"):
        if node.get("IdType") == "doi" and node.text:
            record.doi = record.doi or node.text.strip()


def _esearch(doi: str, eutils: str, options: IngestOptions) -> str:
    text = _fetch(f"{eutils}/esearch.fcgi?db=pubmed&retmode=json&term={quote(doi)}%5Bdoi%5D", options)
    try:
        ids = json.loads(text).get("esearchresult", {}).get("idlist", [])
    except ValueError:
        return ""
    return ids[0] if len(ids) == 1 else ""


def _crossref(doi: str, crossref: str, options: IngestOptions, record: AbstractRecord) -> None:
    text = _fetch(f"{crossref}/works/{quote(doi, safe='/:;()._-')}", options)
    try:
        message = json.loads(text).get("message", {})
    except ValueError as exc:
        raise InputError(f"doi:{doi}", "Crossref's answer is not JSON") from exc
    record.doi = record.doi or doi
    record.title = record.title or " ".join(message.get("title") or []).strip()
    if not record.abstract and message.get("abstract"):
        abstract = re.sub(r"</jats:p>\s*<jats:p>", "\n\n", message["abstract"])
        record.abstract = re.sub(r"\s+\n|\n\s+", "\n", _TAG.sub("", abstract)).strip()
    record.journal = record.journal or " ".join(message.get("container-title") or []).strip()
    parts = (message.get("published") or message.get("issued") or {}).get("date-parts") or [[None]]
    if record.year is None and parts and parts[0] and isinstance(parts[0][0], int):
        record.year = parts[0][0]
    authors = message.get("author") or []
    if not record.first_author and authors:
        record.first_author = str(authors[0].get("family", "")).strip()


def lookup_abstract(kind: str, value: str, options: IngestOptions) -> AbstractRecord:
    """The abstract of a DOI or PMID from PubMed, else Crossref; InputError when neither has it."""
    eutils, crossref = _bases()
    record = AbstractRecord()
    if kind == "pmid":
        if not value.isdigit():
            raise InputError(f"pmid:{value}", "not a PubMed id (digits only)")
        _pubmed(value, eutils, options, record)
        if not record.abstract and record.doi:
            _crossref(record.doi, crossref, options, record)
    else:
        from claimcheck.register.text import is_doi, normalize_doi

        doi = normalize_doi(value)
        if not is_doi(doi):
            raise InputError(f"doi:{value}", "not a DOI (expected 10.<registrant>/<suffix>)")
        record.doi = doi
        pmid = _esearch(doi, eutils, options)
        if pmid:
            _pubmed(pmid, eutils, options, record)
        if not record.abstract:
            _crossref(doi, crossref, options, record)
    if not record.abstract:
        where = f"{kind}:{value}"
        raise InputError(where, "neither PubMed nor Crossref has an abstract for it; give the abstract as a file")
    record.url = f"https://doi.org/{record.doi}" if record.doi else f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    return record


def read_source(spec: str, options: IngestOptions | None = None) -> tuple[Document, AbstractRecord | None]:
    """The Document of an `--against` source, and its bibliographic record when looked up by id."""
    options = options or IngestOptions()
    kind, value = parse_spec(spec)
    if kind in ("file", "url"):
        doc = load_document(value, options)
        if doc.error:
            raise InputError(spec, doc.error)
        return doc, None
    record = lookup_abstract(kind, value, options)
    text = f"{record.title}\n\n{record.abstract}\n" if record.title else record.abstract + "\n"
    from claimcheck.ingest.lang import detect_language

    doc = Document(input=spec, text=text, language=options.language or detect_language(text), kind="text",
                   title=record.title or None, url=record.url, offsets=OffsetMap.identity(text), source_text=text)
    if record.year:
        doc.published = f"{record.year}-01-01"
    return doc, record

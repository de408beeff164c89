"""Normalisation of text and identifiers, shared by the register's indexes and the matcher.

Nothing here imports anything heavy: the matcher may import `normalize` without loading pydantic.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

_SPACES = re.compile(r"\s+")
# Letters NFKD does not decompose, and typographic punctuation, mapped to plain ASCII.
_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ı": "i",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    }
)


def normalize(text: str) -> str:
    """Text for case- and accent-insensitive comparison.

    Casefolds, strips accents (``é`` → ``e``, ``ø`` → ``o``), turns typographic dashes and quotes into
    ASCII ones and collapses runs of whitespace (including non-breaking spaces) into one space.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


_DOI_PREFIX = re.compile(
    r"^(?:https?://)?(?:dx\.)?(?:www\.)?doi\.org/|^doi:\s*|^https?://doi\.org/", re.IGNORECASE
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_IN_PATH = re.compile(r"/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|reader)/)?(10\.\d{4,9}/[^?#\s]+)", re.I)


def normalize_doi(doi: str) -> str:
    """A DOI in canonical form: no ``https://doi.org/`` or ``doi:`` prefix, lowercase (DOIs are
    case-insensitive), percent-escapes decoded, no trailing punctuation. Returns "" for empty input."""
    doi = unquote(doi.strip())
    doi = _DOI_PREFIX.sub("", doi).strip()
    return doi.rstrip(".,;").casefold()


def is_doi(doi: str) -> bool:
    """Whether `doi` (already without a prefix) has a DOI's syntax: ``10.<registrant>/<suffix>``."""
    return bool(_DOI.match(doi))


def normalize_pmid(pmid: str | int) -> str:
    """A PubMed id as a string of digits, without a ``PMID:`` prefix or leading zeros."""
    text = str(pmid).strip()
    text = re.sub(r"^pmid:?\s*", "", text, flags=re.IGNORECASE)
    return text.lstrip("0") if text.isdigit() else text


def normalize_pmcid(pmcid: str) -> str:
    """A PubMed Central id as ``PMC`` followed by digits."""
    text = pmcid.strip().upper()
    return text if text.startswith("PMC") else f"PMC{text}"


def normalize_url(url: str) -> str:
    """A URL reduced to what identifies a page: no scheme, no ``www.``, lowercase host, no fragment,
    no trailing slash, no ``utm_*`` tracking parameters. Two spellings of one page compare equal."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = "&".join(
        p for p in parts.query.split("&") if p and not p.casefold().startswith(("utm_", "fbclid", "gclid"))
    )
    return host + path + (f"?{query}" if query else "")


def doi_from_url(url: str) -> str:
    """The DOI a URL names, when it is a doi.org link or a publisher's ``/doi/10.…`` page; else ""."""
    text = url.strip()
    if _DOI_PREFIX.match(text) and "doi.org/" in text.casefold():
        return normalize_doi(text)
    found = _DOI_IN_PATH.search(urlsplit(text if "://" in text else "http://" + text).path)
    return normalize_doi(found.group(1)) if found else ""


_PUBMED = re.compile(r"^(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)$")
_PMC = re.compile(r"^(?:ncbi\.nlm\.nih\.gov/pmc/articles|pmc\.ncbi\.nlm\.nih\.gov/articles)/(pmc\d+)$", re.I)


def pmid_from_url(url: str) -> str:
    """The PMID of a PubMed URL (``pubmed.ncbi.nlm.nih.gov/34586357/``), else ""."""
    found = _PUBMED.match(normalize_url(url))
    return found.group(1) if found else ""


def pmcid_from_url(url: str) -> str:
    """The PMCID of a PubMed Central article URL, else ""."""
    found = _PMC.match(normalize_url(url))
    return found.group(1).upper() if found else ""

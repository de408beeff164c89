"""Citations: DOIs, PMIDs, PMC ids and links to DOI resolvers, PubMed, PMC and journal sites, from the
text and from the document's links. Identifiers of one reference (same line, close together, no
clash) become one citation. DOIs are normalised: lower case, no trailing punctuation.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote, urlparse

from claimcheck.extract.lexicon import load
from claimcheck.model import Citation, Link

_DOI_RE = re.compile(r"(?<![\w/])(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/[^\s\"'<>]+)",
                     re.IGNORECASE)
_PMID_RE = re.compile(r"(?<![\w])(?:PMID|PubMed\s+ID|PubMed)\s*:?\s*(?P<pmid>\d{4,9})(?![\w])", re.IGNORECASE)
_PMC_RE = re.compile(r"(?<![\w])(?:PMCID\s*:?\s*)?(?P<pmc>PMC\d{4,9})(?![\w])")
_URL_RE = re.compile(r"https?://[^\s<>\"']+|(?<![\w/.@])www\.[^\s<>\"']+", re.IGNORECASE)
_TRAIL = ".,;:'\"”’»>"
_GROUP_GAP = 200


def normalise_doi(doi: str) -> str:
    """Lower case, URL-decoded, without trailing punctuation or an unbalanced closing bracket."""
    doi = unquote(doi).strip()
    while doi:
        if doi[-1] in _TRAIL:
            doi = doi[:-1]
        elif doi[-1] in ")]}" and doi.count(doi[-1]) > doi.count({")": "(", "]": "[", "}": "{"}[doi[-1]]):
            doi = doi[:-1]
        else:
            break
    return doi.lower()


def _trim_url(url: str) -> str:
    while url and (url[-1] in _TRAIL or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


@cache
def _hosts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load("citations")
    return frozenset(data["doi_hosts"]), frozenset(data["pubmed_hosts"]), frozenset(data["journal_hosts"])


def _host_matches(host: str, hosts: frozenset[str]) -> bool:
    host = host.lower().removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in hosts)


def classify_url(url: str) -> Citation | None:
    """A citation for a URL that identifies a paper (DOI, PubMed, PMC, journal site), else None."""
    full = url if "://" in url else "https://" + url
    try:
        parsed = urlparse(full)
    except ValueError:
        return None
    host = parsed.hostname or ""
    doi_hosts, pubmed_hosts, journal_hosts = _hosts()
    path = unquote(parsed.path or "")
    doi = pmid = None
    m = re.search(r"(10\.\d{4,9}/\S+)", path)
    if m:
        doi = normalise_doi(m.group(1))
    if _host_matches(host, doi_hosts):
        if doi is None:
            return None
    elif _host_matches(host, pubmed_hosts):
        pm = re.search(r"(?:pubmed/|^/)(\d{4,9})(?:/|$)", path)
        if pm:
            pmid = pm.group(1)
        elif not re.search(r"PMC\d+", path):
            return None
    elif not _host_matches(host, journal_hosts):
        return None
    return Citation(text=url, url=url, doi=doi, pmid=pmid)


def find_citations(text: str, links: list[Link] | None = None) -> list[Citation]:
    """Citations in `text` (with offsets) and in `links` (with the link's offsets when known)."""
    found: list[tuple[int, int, str, str]] = []  # (start, end, field, value)
    taken: list[tuple[int, int]] = []
    for m in _URL_RE.finditer(text):
        url = _trim_url(m.group(0))
        cit = classify_url(url)
        end = m.start() + len(url)
        if cit is None:
            taken.append((m.start(), end))
            continue
        taken.append((m.start(), end))
        found.append((m.start(), end, "url", url))
        if cit.doi:
            found.append((m.start(), end, "doi", cit.doi))
        if cit.pmid:
            found.append((m.start(), end, "pmid", cit.pmid))
    for m in _DOI_RE.finditer(text):
        if any(a <= m.start("doi") < b for a, b in taken):
            continue
        doi = normalise_doi(m.group("doi"))
        raw_end = m.start("doi") + len(m.group("doi"))
        end = raw_end
        while end > m.start("doi") and text[end - 1] in _TRAIL + ")]}" and \
                normalise_doi(text[m.start("doi"):end - 1]) == doi:
            end -= 1
        found.append((m.start(), end, "doi", doi))
    for m in _PMID_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), m.end(), "pmid", m.group("pmid")))
    for m in _PMC_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            url = f"https://www.ncbi.nlm.nih.gov/pmc/articles/{m.group('pmc')}/"
            found.append((m.start(), m.end(), "url", url))
    found.sort()
    out = _group(text, found)
    if links:
        _add_links(out, links)
    return out


def _group(text: str, found: list[tuple[int, int, str, str]]) -> list[Citation]:
    out: list[Citation] = []
    cur: Citation | None = None
    for start, end, fld, value in found:
        same = (
            cur is not None and cur.end is not None and start - cur.end <= _GROUP_GAP
            and "\n" not in text[cur.end:start] and getattr(cur, fld) in (None, value)
        )
        if same and cur is not None:
            if getattr(cur, fld) is None:
                setattr(cur, fld, value)
            cur.end = max(cur.end or end, end)
            cur.text = text[cur.start or 0:cur.end]
            continue
        cur = Citation(text=text[start:end], start=start, end=end)
        setattr(cur, fld, value)
        out.append(cur)
    return out


def _add_links(out: list[Citation], links: list[Link]) -> None:
    for link in links:
        cit = classify_url(link.url or "")
        if cit is None:
            continue
        merged = False
        for c in out:
            if (cit.doi and c.doi == cit.doi) or (cit.pmid and c.pmid == cit.pmid) or (c.url and c.url == cit.url):
                if c.url is None:
                    c.url = cit.url
                merged = True
                break
            if link.start is not None and c.start is not None and c.end is not None \
                    and c.start < (link.end or link.start) and link.start < c.end:
                for fld in ("doi", "pmid", "url"):
                    if getattr(c, fld) is None and getattr(cit, fld):
                        setattr(c, fld, getattr(cit, fld))
                merged = True
                break
        if not merged:
            out.append(Citation(text=link.text or link.url, start=link.start, end=link.end, doi=cit.doi,
                                pmid=cit.pmid, url=cit.url))

"""Citations: DOIs, PMIDs, PMC ids and links to DOI resolvers, PubMed, PMC and journal sites, from the
text and from the document's links. Identifiers of one reference (same line, close together, no
clash) become one citation. DOIs are normalised: lower case, no trailing punctuation.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote, urlparse

from claimcheck.extract.lexicon import Finder, fold, load, word_char
from claimcheck.model import Citation, Link

_DOI = Finder(r"1(?<![\w/.]1)0\.\d{4,9}/[^\s\"'<>]+",
              left=r"(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)$", extend=True, left_width=24)
_DOI_PLAIN = Finder(r"1(?<![\w/.]1)0\.\d{4,9}/[^\s\"'<>]+")
_PMID = Finder(r"(?:pmid|pubmed\s+id|pubmed)\s*:?\s*(?P<pmid>\d{4,9})(?![\w])", folded=True, boundary=True,
               anchors=("pmid", "pubmed id", "pubmed"))
_PMC = Finder(r"PMC\d{4,9}(?![\w])", boundary=True)
_URL = Finder(r"(?:https?://|www\.)[^\s<>\"']+", folded=True)
_TRAIL = ".,;:'\"”’»>"
_GROUP_GAP = 200
_CLOSE = {")": "(", "]": "[", "}": "{"}


def normalise_doi(doi: str) -> str:
    """Lower case, URL-decoded, without trailing punctuation or an unbalanced closing bracket."""
    doi = unquote(doi).strip()
    while doi:
        last = doi[-1]
        if last in _TRAIL or (last in _CLOSE and doi.count(last) > doi.count(_CLOSE[last])):
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


def find_citations(text: str, links: list[Link] | None = None, folded: str | None = None) -> list[Citation]:
    """Citations in `text` (with offsets) and in `links` (with the link's offsets when known).

    `folded`: `fold(text)` when the caller has it already.
    """
    found: list[tuple[int, int, str, str]] = []  # (start, end, field, value)
    taken: list[tuple[int, int]] = []
    folded = fold(text) if folded is None else folded
    for s, e, _ in _URL.spans(text, folded):
        if text[s] in "wW" and s > 0 and (word_char(text[s - 1]) or text[s - 1] in "/.@"):
            continue
        url = _trim_url(text[s:e])
        end = s + len(url)
        taken.append((s, end))
        cit = classify_url(url)
        if cit is None:
            continue
        found.append((s, end, "url", url))
        if cit.doi:
            found.append((s, end, "doi", cit.doi))
        if cit.pmid:
            found.append((s, end, "pmid", cit.pmid))
    seen: set[int] = set()
    for finder in (_DOI, _DOI_PLAIN):
        for s, e, m in finder.spans(text, folded):
            if m.start() in seen or any(a <= m.start() < b for a, b in taken):
                continue
            seen.add(m.start())
            doi = normalise_doi(m.group(0))
            end = e
            while end > m.start() and text[end - 1] in _TRAIL + ")]}" and \
                    normalise_doi(text[m.start():end - 1]) == doi:
                end -= 1
            found.append((s, end, "doi", doi))
    for s, e, m in _PMID.spans(text, folded):
        if not any(a <= s < b for a, b in taken):
            found.append((s, e, "pmid", m.group("pmid")))
    for s, e, _ in _PMC.spans(text, folded):
        if not any(a <= s < b for a, b in taken):
            found.append((s, e, "url", f"https://www.ncbi.nlm.nih.gov/pmc/articles/{text[s:e]}/"))
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

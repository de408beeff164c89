"""Draft source entries from a DOI or PMID: `claimcheck sources add`.

Looks the work up in Crossref (``{crossref}/works/{doi}``) and PubMed E-utilities (``esearch`` to map
a DOI to a PMID, ``esummary`` for the record), and writes `sources/<id>.toml` with the citation,
title, journal, dates, identifiers, a guessed type and the journal's names as aliases. The entry
carries ``draft = true`` and no findings: numbers are never imported, a person adds them from the
paper with their locators. The file is written atomically and never over an existing one.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
import tomllib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from claimcheck.errors import ClaimcheckError
from claimcheck.register.text import is_doi, normalize, normalize_doi, normalize_pmid

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
ENV_CROSSREF = "CLAIMCHECK_CROSSREF_URL"
ENV_EUTILS = "CLAIMCHECK_EUTILS_URL"
ENV_CONTACT = "CLAIMCHECK_CONTACT"  # optional e-mail address for Crossref's and NCBI's polite pools
TIMEOUT_SECONDS = 15.0


class ImportLookupError(ClaimcheckError):
    """The work could not be looked up, or its entry cannot be written."""


class EntryExistsError(ImportLookupError):
    """The entry's file, or an entry with the same DOI or PMID, is already in the register."""


@dataclass
class WorkRecord:
    """What Crossref and PubMed say about one work."""

    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)  # "Ashar YK" style, first author first
    first_author_family: str = ""
    journal: str = ""
    journal_abbrev: str = ""
    journal_names: list[str] = field(default_factory=list)
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    published_online: dt.date | None = None
    published_print: dt.date | None = None
    urls: list[str] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    from_crossref: bool = False
    from_pubmed: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """A draft entry: its id, the TOML text, and how its type was guessed."""

    entry_id: str
    text: str
    type: str
    type_reason: str
    record: WorkRecord


# --------------------------------------------------------------------------------------- lookups


def user_agent() -> str:
    """The User-Agent of claimcheck's metadata requests (with a contact address when one is set)."""
    from claimcheck import __version__

    contact = os.environ.get(ENV_CONTACT, "").strip()
    suffix = f"; mailto:{contact}" if contact else ""
    return f"claimcheck/{__version__} (evidence register importer{suffix})"


def _client() -> Any:
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(TIMEOUT_SECONDS, connect=5.0),
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        follow_redirects=True,
    )


def _get_json(client: Any, url: str, params: dict[str, str] | None, service: str) -> Any:
    """The JSON of a GET, or ImportLookupError naming the service and what went wrong."""
    import httpx

    try:
        response = client.get(url, params=params)
    except httpx.HTTPError as exc:
        raise ImportLookupError(f"{service}: {type(exc).__name__}: {exc}") from exc
    if response.status_code == 404:
        raise ImportLookupError(f"{service}: not found (HTTP 404)")
    if response.status_code >= 400:
        raise ImportLookupError(f"{service}: HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as exc:
        raise ImportLookupError(f"{service}: the answer is not JSON") from exc


def lookup(
    doi: str | None = None,
    pmid: str | None = None,
    crossref_url: str | None = None,
    eutils_url: str | None = None,
    client: Any = None,
) -> WorkRecord:
    """Look a work up by DOI or PMID in Crossref and PubMed and merge what they say.

    A DOI is mapped to a PMID with esearch, a PMID to a DOI through its PubMed record. A failure of
    one service is a warning in the record; raises ImportLookupError when neither knows the work.
    """
    if bool(doi) == bool(pmid):
        raise ImportLookupError("give either a DOI or a PMID")
    crossref = (crossref_url or os.environ.get(ENV_CROSSREF) or DEFAULT_CROSSREF_URL).rstrip("/")
    eutils = (eutils_url or os.environ.get(ENV_EUTILS) or DEFAULT_EUTILS_URL).rstrip("/")
    record = WorkRecord()
    if doi:
        record.doi = normalize_doi(doi)
        if not is_doi(record.doi):
            raise ImportLookupError(f"'{doi}' is not a DOI (expected 10.<registrant>/<suffix>)")
    else:
        record.pmid = normalize_pmid(pmid or "")
        if not record.pmid.isdigit():
            raise ImportLookupError(f"'{pmid}' is not a PubMed id (digits only)")

    own_client = client is None
    client = client or _client()
    errors: list[str] = []
    try:
        if record.doi:
            _try(errors, lambda: _crossref(client, crossref, record))
            found = _try(errors, lambda: _esearch_doi(client, eutils, record.doi))
            if found:
                _try(errors, lambda: _pubmed(client, eutils, found, record))
            elif found is not None:
                record.warnings.append(f"PubMed: no record with DOI {record.doi}")
        else:
            _try(errors, lambda: _pubmed(client, eutils, record.pmid, record))
            if record.doi:
                _try(errors, lambda: _crossref(client, crossref, record))
            elif record.from_pubmed:
                record.warnings.append(f"PubMed: the record of PMID {record.pmid} names no DOI")
    finally:
        if own_client:
            client.close()
    if not (record.from_crossref or record.from_pubmed):
        raise ImportLookupError("; ".join(errors + record.warnings) or "no metadata found")
    record.warnings[:0] = errors
    return record


def _try(errors: list[str], call: Any) -> Any:
    try:
        return call()
    except ImportLookupError as exc:
        errors.append(str(exc))
        return None


def _crossref(client: Any, base: str, record: WorkRecord) -> None:
    data = _get_json(client, f"{base}/works/{quote(record.doi, safe='/:;()')}", None, f"Crossref {record.doi}")
    work = data.get("message") if isinstance(data, dict) else None
    if not isinstance(work, dict):
        raise ImportLookupError(f"Crossref {record.doi}: unexpected answer")
    record.from_crossref = True
    record.doi = normalize_doi(str(work.get("DOI") or record.doi))
    title, subtitle = _clean(_first(work.get("title"))), _clean(_first(work.get("subtitle")))
    if title and subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    record.title = record.title or title  # PubMed's title, when there is one, is kept
    authors = [a for a in work.get("author") or [] if isinstance(a, dict)]
    if authors and not record.authors:
        record.authors = [_crossref_name(a) for a in authors if _crossref_name(a)]
    if authors:  # Crossref separates the family name, PubMed does not
        record.first_author_family = str(authors[0].get("family") or authors[0].get("name") or "")
    record.affiliations = list(
        dict.fromkeys(
            _clean(str(aff.get("name", "")))
            for a in authors
            for aff in a.get("affiliation") or []
            if isinstance(aff, dict) and aff.get("name")
        )
    )
    full, short = _clean(_first(work.get("container-title"))), _clean(_first(work.get("short-container-title")))
    record.journal = full or record.journal
    record.journal_abbrev = record.journal_abbrev or short
    record.journal_names += [n for n in (full, short) if n]
    printed = _date_parts(work.get("published-print"))
    online = _date_parts(work.get("published-online"))
    if isinstance(printed, dt.date):
        record.published_print = printed
    if isinstance(online, dt.date):
        record.published_online = online
    year = _year_of(work.get("published-print")) or _year_of(work.get("issued"))
    record.year = record.year or year  # PubMed's year, when there is one, is kept
    record.volume = record.volume or str(work.get("volume") or "")
    record.issue = record.issue or str(work.get("issue") or "")
    record.pages = record.pages or str(work.get("page") or "")
    resource = (work.get("resource") or {}).get("primary") or {}
    url = str(resource.get("URL") or "")
    if url.startswith("http") and "doi.org/" not in url and url not in record.urls:
        record.urls.append(url)


def _esearch_doi(client: Any, base: str, doi: str) -> str:
    params = {"db": "pubmed", "term": f"{doi}[doi]", "retmode": "json", "tool": "claimcheck"}
    data = _get_json(client, f"{base}/esearch.fcgi", params, "PubMed esearch")
    ids = ((data or {}).get("esearchresult") or {}).get("idlist") or []
    return str(ids[0]) if len(ids) == 1 else ""


def _pubmed(client: Any, base: str, pmid: str, record: WorkRecord) -> None:
    params = {"db": "pubmed", "id": pmid, "retmode": "json", "tool": "claimcheck"}
    data = _get_json(client, f"{base}/esummary.fcgi", params, f"PubMed {pmid}")
    summary = ((data or {}).get("result") or {}).get(pmid)
    if not isinstance(summary, dict) or summary.get("error"):
        reason = summary.get("error") if isinstance(summary, dict) else "no record"
        raise ImportLookupError(f"PubMed {pmid}: {reason}")
    ids = {str(a.get("idtype")): str(a.get("value", "")) for a in summary.get("articleids") or []}
    pubmed_doi = normalize_doi(ids.get("doi", ""))
    if record.doi and pubmed_doi and pubmed_doi != record.doi:
        raise ImportLookupError(f"PubMed {pmid}: its DOI {pubmed_doi} is not {record.doi}")
    record.from_pubmed = True
    record.pmid = pmid
    record.doi = record.doi or pubmed_doi
    pmcid = ids.get("pmc", "")
    if re.fullmatch(r"PMC\d+", pmcid):
        record.pmcid = pmcid
    names = [
        str(a.get("name", "")).strip()
        for a in summary.get("authors") or []
        if isinstance(a, dict) and a.get("authtype", "Author") == "Author" and a.get("name")
    ]
    if names:
        record.authors = names  # PubMed's "Family AB" form is the one citations use
        if not record.first_author_family:
            record.first_author_family = names[0].rsplit(" ", 1)[0] if " " in names[0] else names[0]
    title = _clean(str(summary.get("title") or "")).rstrip(".")
    record.title = title or record.title  # complete, with its subtitle ("… : A Randomized Trial")
    source, full = str(summary.get("source") or ""), str(summary.get("fulljournalname") or "")
    record.journal_names[:0] = [n for n in (source, full) if n]
    record.journal = record.journal or full or source
    record.journal_abbrev = source or record.journal_abbrev  # the NLM abbreviation citations use
    record.volume = str(summary.get("volume") or record.volume)
    record.issue = str(summary.get("issue") or record.issue)
    record.pages = str(summary.get("pages") or record.pages)
    pubdate = _pubmed_date(str(summary.get("pubdate") or ""))
    epubdate = _pubmed_date(str(summary.get("epubdate") or ""))
    if isinstance(epubdate, dt.date) and record.published_online is None:
        record.published_online = epubdate
    if isinstance(pubdate, dt.date) and record.published_print is None:
        record.published_print = pubdate
    pub_year = pubdate.year if isinstance(pubdate, dt.date) else pubdate
    if isinstance(pub_year, int):
        record.year = pub_year  # the year PubMed cites, which is the citation's year
    record.publication_types = [str(t) for t in summary.get("pubtype") or []]


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _clean(text: str) -> str:
    """Text without HTML tags or entities (Crossref titles carry <i>, <sub>…) and with single spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text).strip()


def _crossref_name(author: dict[str, Any]) -> str:
    family = str(author.get("family") or "").strip()
    if not family:
        return str(author.get("name") or "").strip()
    given = str(author.get("given") or "")
    initials = "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())
    return f"{family} {initials.upper()}".strip()


def _date_parts(value: Any) -> dt.date | int | None:
    """A Crossref date: a date when it has year, month and day; else the year (or None)."""
    parts = ((value or {}).get("date-parts") or [[]])[0] if isinstance(value, dict) else []
    parts = [int(p) for p in parts if isinstance(p, int | str) and str(p).isdigit()]
    if len(parts) >= 3:
        with suppress(ValueError):
            return dt.date(parts[0], parts[1], parts[2])
    return parts[0] if parts else None


def _year_of(value: Any) -> int | None:
    found = _date_parts(value)
    return found.year if isinstance(found, dt.date) else found


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _pubmed_date(text: str) -> dt.date | int | None:
    """A PubMed date ("2022 Jan 1", "2021 Sep 29", "2022 Jan", "2022 Spring"): a date or the year."""
    parts = text.replace("-", " ").split()
    if not parts or not parts[0].isdigit():
        return None
    year = int(parts[0])
    month = _MONTHS.get(parts[1][:3].casefold()) if len(parts) > 1 else None
    if month and len(parts) > 2 and parts[2].isdigit():
        with suppress(ValueError):
            return dt.date(year, month, int(parts[2]))
    return year


# ------------------------------------------------------------------------------------ the draft


@cache
def _rules() -> dict[str, Any]:
    text = resources.files("claimcheck.register").joinpath("importer.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def guess_type(record: WorkRecord) -> tuple[str, str]:
    """(type, the reason for the guess) from PubMed publication types, then title words."""
    rules = _rules()
    have = {t.casefold() for t in record.publication_types}
    for pubtype, kind in rules["publication_types"].items():
        if pubtype.casefold() in have:
            return kind, f'PubMed publication type "{pubtype}"'
    title = normalize(record.title)
    for words, kind in rules["title_words"].items():
        if re.search(r"(?<![a-z0-9])" + re.escape(words), title):
            return kind, f'the title word "{words}"'
    return rules["defaults"]["type"], "nothing: no publication type or title word matched"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def make_id(record: WorkRecord) -> str:
    """`firstauthor-year-keyword`, e.g. ``ashar-2022-pain``, from the first author's family name (its
    main part: ``da C Menezes Costa`` → ``costa``), the year and the first telling title word."""
    words = [w for w in re.split(r"\s+", record.first_author_family.strip()) if len(w) > 1 and not w.islower()]
    author = _slug(words[-1]) if words else _slug(record.first_author_family) or _slug(record.journal)
    stopwords = set(_rules()["keyword"]["stopwords"])
    keyword = ""
    for word in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", normalize(record.title)):
        if len(word) >= 3 and not word.isdigit() and word not in stopwords and _slug(word) != author:
            keyword = _slug(word)
            break
    parts = [p for p in (author or "anon", str(record.year or ""), keyword) if p]
    return "-".join(parts)


def citation(record: WorkRecord) -> str:
    """``Ashar YK, Gordon A, Schubiner H, et al. JAMA Psychiatry 2022;79(1):13-23.``"""
    authors = record.authors
    names = ", ".join(authors[:3]) + (", et al" if len(authors) > 3 else "")
    journal = record.journal_abbrev or record.journal
    where = f"{journal} {record.year or ''}".strip()
    if record.volume:
        where += f";{record.volume}" + (f"({record.issue})" if record.issue else "")
    if record.pages:
        where += f":{record.pages}"
    return ". ".join(p for p in (names, where) if p) + "."


def build_draft(record: WorkRecord, entry_id: str | None = None, today: dt.date | None = None) -> Draft:
    """The draft entry for `record` as TOML text with explanatory comments."""
    if not record.title:
        raise ImportLookupError("neither Crossref nor PubMed gives a title")
    if not record.year:
        raise ImportLookupError("neither Crossref nor PubMed gives a year")
    entry_id = entry_id or make_id(record)
    kind, reason = guess_type(record)
    today = today or dt.date.today()
    looked_up = [f"Crossref metadata of DOI {record.doi}" if record.from_crossref else "",
                 f"PubMed record PMID {record.pmid}" if record.from_pubmed else ""]
    provenance = "; ".join(p for p in looked_up if p) + f" (imported {today.isoformat()} by claimcheck sources add)"
    journal_names = list(dict.fromkeys(n for n in record.journal_names if n))
    seen = {normalize(record.journal)}
    aliases_journal = []
    for name in journal_names:
        if normalize(name) not in seen:
            seen.add(normalize(name))
            aliases_journal.append(name)

    lines = [
        f"# Draft written by `claimcheck sources add` on {today.isoformat()} from "
        + " and ".join(p.split(" ", 1)[0] for p in looked_up if p) + ".",
        "# Before removing `draft = true`, from the paper itself:",
        "#   - check `type` and the dates;",
        "#   - add aliases (trial and intervention names, in en and nl) and institutions;",
        "#   - add the population, arms, findings and caveats: every number with its locator and",
        "#     confidence (see docs/register-format.md).",
        f"id = {_str(entry_id)}",
        f"type = {_str(kind)}  # guessed from {reason}: check",
        "draft = true",
        f"title = {_str(record.title)}",
        f"citation = {_str(citation(record))}",
    ]
    if record.authors:
        lines.append(f"authors = {_array(record.authors, indent=0, key='authors')}")
    if record.journal:
        lines.append(f"journal = {_str(record.journal)}")
    lines.append(f"year = {record.year}")
    if record.published_online:
        lines.append(f"published_online = {record.published_online.isoformat()}")
    if record.published_print:
        lines.append(f"published_print = {record.published_print.isoformat()}")
    if record.affiliations:
        lines.append("# Affiliations in Crossref (shorten to institution names for `institutions`):")
        lines.extend(f"#   {a}" for a in record.affiliations[:8])
    lines.append("institutions = []")
    lines.append(f"provenance = {_str(provenance)}")
    lines += [
        "",
        "# Findings must be filled in by hand from the paper: replace `findings = []` by one",
        "# [[findings]] table per number, each with its locator and confidence. No number is imported.",
        "findings = []",
        "",
        "[identifiers]",
    ]
    if record.doi:
        lines.append(f"doi = {_str(record.doi)}")
    if record.pmid:
        lines.append(f"pmid = {_str(record.pmid)}")
    if record.pmcid:
        lines.append(f"pmcid = {_str(record.pmcid)}")
    lines.append(f"urls = {_array(record.urls, indent=0, key='urls')}")
    lines += [
        "",
        "[aliases]",
        "en = []  # names an English article may use: trial name, intervention",
        "nl = []  # names a Dutch article may use",
        f"journal = {_array(aliases_journal, indent=0, key='journal')}",
        "institution = []",
        "",
    ]
    return Draft(entry_id, "\n".join(lines), kind, reason, record)


def _str(value: str) -> str:
    """A TOML basic string."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _array(values: list[str], indent: int, key: str) -> str:
    """A TOML array of strings: on one line when short, else one item per line."""
    one_line = "[" + ", ".join(_str(v) for v in values) + "]"
    if len(key) + 3 + len(one_line) <= 100:
        return one_line
    pad = " " * (indent + 2)
    return "[\n" + "".join(f"{pad}{_str(v)},\n" for v in values) + " " * indent + "]"


# ----------------------------------------------------------------------------------- writing


def check_draft(draft: Draft) -> list[str]:
    """Problems of a draft's text as an entry (none expected: a non-empty list is a bug here)."""
    from pydantic import ValidationError

    from claimcheck.register.checks import check_placeholders, check_source
    from claimcheck.register.schema import Source

    table = tomllib.loads(draft.text)
    problems = [f"{f}: {m}" for f, m in check_source(table, draft.entry_id)]
    problems += [f"{f}: {m}" for f, m in check_placeholders(table, draft.text)]
    try:
        Source.model_validate(table)
    except ValidationError as exc:
        problems += [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)]
    return problems


def existing_entry(root: Path, doi: str, pmid: str) -> Path | None:
    """The source file under `root` that already has this DOI or PMID (by its text), or None."""
    folder = root / "sources"
    if not folder.is_dir():
        return None
    doi_line = re.compile(r'^\s*doi\s*=\s*"([^"]*)"', re.MULTILINE)
    pmid_line = re.compile(r'^\s*pmid\s*=\s*"?(\d+)"?', re.MULTILINE)
    for path in sorted(folder.glob("*.toml")):
        if path.name.startswith("."):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if doi and any(normalize_doi(d) == doi for d in doi_line.findall(text)):
            return path
        if pmid and any(normalize_pmid(p) == pmid for p in pmid_line.findall(text)):
            return path
    return None


def write_new_file(path: Path, content: str | Iterable[str]) -> None:
    """Write `content` (text or chunks) to `path` atomically, never over an existing file.

    Writes a temp file in the same folder, syncs it and moves it into place with os.replace; on any
    failure the temp file is removed and `path` is left as it was (absent). Raises FileExistsError
    when `path` exists.
    """
    if path.exists():
        raise FileExistsError(str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in [content] if isinstance(content, str) else content:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if path.exists():  # appeared while writing
            raise FileExistsError(str(path))
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def add_source(
    root: Path,
    doi: str | None = None,
    pmid: str | None = None,
    entry_id: str | None = None,
    crossref_url: str | None = None,
    eutils_url: str | None = None,
    client: Any = None,
) -> tuple[Path, Draft]:
    """Look up a DOI or PMID and write the draft entry `root/sources/<id>.toml`.

    Raises EntryExistsError when the file exists or an entry already has the DOI or PMID, and
    ImportLookupError when the work cannot be looked up. Returns the file and the draft.
    """
    record = lookup(doi=doi, pmid=pmid, crossref_url=crossref_url, eutils_url=eutils_url, client=client)
    existing = existing_entry(root, record.doi, record.pmid)
    if existing is not None:
        raise EntryExistsError(f"{_rel(existing, root)} already holds this work (DOI {record.doi or '-'}, "
                               f"PMID {record.pmid or '-'}); nothing written")
    draft = build_draft(record, entry_id)
    problems = check_draft(draft)
    if problems:
        raise ImportLookupError(f"the draft for {draft.entry_id} does not validate: " + "; ".join(problems))
    folder = root / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{draft.entry_id}.toml"
    try:
        write_new_file(path, draft.text)
    except FileExistsError:
        raise EntryExistsError(
            f"{_rel(path, root)} already exists; not overwritten (choose another id with --id)"
        ) from None
    return path, draft


def _rel(path: Path, root: Path) -> str:
    with suppress(ValueError):
        return str(path.relative_to(root))
    return str(path)

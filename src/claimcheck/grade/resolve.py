"""Which register sources an article discusses: identifiers first, then aliases.

DOIs, PMIDs and links resolve a source outright. Aliases — trial and intervention names, the
journal, the institution — are found with a token index over the register (never a scan of the whole
register per sentence), case-sensitively for short acronyms (NICE, PRT, ACP), and a journal name counts
fully only next to the source's year. The result scores every candidate source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck.model import Citation, DocumentResult
from claimcheck.textfold import fold

if TYPE_CHECKING:
    from claimcheck.register import Register

_TOKEN = re.compile(r"\w+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")

#: How much one kind of mention adds to a source's score.
WEIGHTS = {"id": 3.0, "name": 1.0, "journal": 0.4, "institution": 0.5, "journal+year": 1.2, "author": 0.6}
#: A source scoring this much is discussed by the article.
DISCUSSED = 1.0
#: Names of at least this many words and characters are also matched fuzzily (rapidfuzz), so that
#: "Pain Reprocessing-therapie" or "New England Journal of Medecine" still name their source.
FUZZY_MIN_TOKENS = 2
FUZZY_MIN_CHARS = 14
#: Similarity (0-100) from which a run of words is taken as a long name.
FUZZY_SCORE = 90
#: A fuzzy candidate must share the first letters of its first word with the name.
FUZZY_PREFIX = 4
#: How far (characters) a year may stand from a journal name to count as the source's year.
YEAR_WINDOW = 120


@dataclass(slots=True)
class Mention:
    """A place where the article names a source."""

    source: str
    start: int
    end: int
    kind: str


@dataclass(slots=True)
class Resolution:
    """The sources an article names, with scores and where it names them."""

    scores: dict[str, float] = field(default_factory=dict)
    cited: set[str] = field(default_factory=set)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)

    def add(self, mention: Mention, weight: float) -> None:
        self.mentions.setdefault(mention.source, []).append(mention)
        previous = self.scores.get(mention.source, 0.0)
        # Repeated mentions add a little; the first of each kind counts fully.
        kinds = [m.kind for m in self.mentions[mention.source]]
        factor = 1.0 if kinds.count(mention.kind) == 1 else 0.15
        self.scores[mention.source] = previous + weight * factor

    def ranked(self) -> list[str]:
        """Source ids, best first (ties broken by id, for deterministic output)."""
        return sorted(self.scores, key=lambda s: (-self.scores[s], s))

    def discussed(self) -> list[str]:
        return [s for s in self.ranked() if self.scores[s] >= DISCUSSED or s in self.cited]

    def primary(self) -> str | None:
        """The source the article is mostly about, when one stands out."""
        found = self.discussed()
        return found[0] if found else None

    def near(self, start: int, end: int, window: int = 0) -> list[str]:
        """Sources named within [start - window, end + window), best first."""
        hits = {
            source
            for source, mentions in self.mentions.items()
            for m in mentions
            if m.start < end + window and start - window < m.end
        }
        return [s for s in self.ranked() if s in hits]


@dataclass(slots=True)
class AliasIndex:
    """First folded token -> length -> tokens -> [(source id, kind, exact text for acronyms or None)];
    and, for fuzzy matching of longer names, the first token's first letters -> [(tokens, text)]."""

    by_first: dict[str, dict[int, dict[tuple[str, ...], list[tuple[str, str, str | None]]]]]
    by_prefix: dict[str, list[tuple[tuple[str, ...], str]]]


_INDEXES: dict[str, AliasIndex] = {}


def _alias_rows(source: Any) -> list[tuple[str, str]]:
    aliases = source.aliases
    rows = [(a, "name") for a in [*aliases.en, *aliases.nl]]
    rows += [(a, "journal") for a in aliases.journal]
    if source.journal:
        rows.append((source.journal, "journal"))
    rows += [(a, "institution") for a in [*aliases.institution, *source.institutions]]
    if source.authors:
        surname = source.authors[0].split()[0]
        if len(surname) > 3:
            rows.append((surname, "author"))
    return rows


def alias_index(register: Register) -> AliasIndex:
    """The alias index of `register`, built once per register version."""
    cached = _INDEXES.get(register.version) or getattr(register, "_grade_alias_index", None)
    if cached is not None:
        _INDEXES[register.version] = cached
        return cached
    by_first: dict[str, dict[int, dict[tuple[str, ...], list[tuple[str, str, str | None]]]]] = {}
    for source in register.sources.values():
        seen: set[tuple[tuple[str, ...], str]] = set()
        for alias, kind in _alias_rows(source):
            tokens = tuple(_TOKEN.findall(fold(alias)))
            if not tokens or (tokens, kind) in seen:
                continue
            seen.add((tokens, kind))
            exact = alias.strip() if (len(alias.strip()) <= 6 and alias.strip().isupper()) or kind == "author" else None
            by_length = by_first.setdefault(tokens[0], {})
            by_length.setdefault(len(tokens), {}).setdefault(tokens, []).append((source.id, kind, exact))
    by_prefix: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for first, lengths in by_first.items():
        for n, table in lengths.items():
            for alias_tokens in table:
                joined = " ".join(alias_tokens)
                if n >= FUZZY_MIN_TOKENS and len(joined) >= FUZZY_MIN_CHARS:
                    by_prefix.setdefault(first[:FUZZY_PREFIX], []).append((alias_tokens, joined))
    index = AliasIndex(by_first, by_prefix)
    _INDEXES[register.version] = index
    return index


def source_years(source: Any) -> set[int]:
    years = {int(source.year)}
    for date in (source.published_online, source.published_print):
        if date is not None:
            years.add(date.year)
    return years


def _resolve_citations(citations: list[Citation], register: Register, resolution: Resolution) -> None:
    for citation in citations:
        source = None
        if citation.doi:
            source = register.by_doi(citation.doi)
        if source is None and citation.pmid:
            source = register.by_pmid(citation.pmid)
        if source is None and citation.url:
            try:
                source = register.by_url(citation.url)
            except ValueError:
                source = None
        if source is not None:
            citation.source = source.id
            resolution.cited.add(source.id)
            resolution.add(Mention(source.id, citation.start or 0, citation.end or 0, "id"), WEIGHTS["id"])


def resolve(result: DocumentResult, register: Register, folded: str, limit: int | None = None) -> Resolution:
    """Score the register's sources by how the article names them.

    `folded` is `fold(document.text)`; `limit` cuts the text where reader comments begin.
    """
    resolution = Resolution()
    _resolve_citations(result.citations, register, resolution)
    document = result.document
    for link in document.links:
        try:
            source = register.by_url(link.url)
        except ValueError:  # a malformed address names no source
            continue
        if source is not None and source.id not in resolution.cited:
            resolution.cited.add(source.id)
            resolution.add(Mention(source.id, link.start or 0, link.end or 0, "id"), WEIGHTS["id"])

    text = document.text if limit is None else document.text[:limit]
    body = folded if limit is None else folded[:limit]
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(body)]
    aliases = alias_index(register)
    index = aliases.by_first
    years_in_text = [(int(m.group()), m.start()) for m in _YEAR.finditer(body)]
    article_year = _article_year(document.published)
    found: list[tuple[Mention, float]] = []
    words = [t for t, _, _ in tokens]
    exact_starts: set[int] = set()
    for i, token in enumerate(words):
        lengths = index.get(token)
        if not lengths:
            continue
        for n, table in lengths.items():
            rows = table.get(tuple(words[i : i + n]))
            if not rows:
                continue
            exact_starts.add(i)
            start, end = tokens[i][1], tokens[i + n - 1][2]
            for source_id, kind, exact in rows:
                _add_alias_hit(register, text, years_in_text, article_year, found, source_id, kind, exact,
                               start, end)
    for i, n, alias_tokens in _fuzzy_hits(words, aliases, exact_starts):
        start, end = tokens[i][1], tokens[i + n - 1][2]
        for source_id, kind, exact in index[alias_tokens[0]][len(alias_tokens)][alias_tokens]:
            _add_alias_hit(register, text, years_in_text, article_year, found, source_id, kind, exact,
                           start, end)
    on_topic: dict[str, bool] = {}
    for mention, weight in _disambiguate(found, register):
        if mention.source not in on_topic:
            on_topic[mention.source] = _on_topic(register.sources[mention.source], body)
        if on_topic[mention.source]:
            resolution.add(mention, weight)
    return resolution


def _fuzzy_hits(words: list[str], index: AliasIndex,
                exact_starts: set[int]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(position, length, alias tokens) of runs of words close to a long name but not equal to it."""
    from rapidfuzz import fuzz

    hits: list[tuple[int, int, tuple[str, ...]]] = []
    for i, word in enumerate(words):
        if i in exact_starts or len(word) < 2:
            continue
        for alias_tokens, joined in index.by_prefix.get(word[:FUZZY_PREFIX], ()):
            n = len(alias_tokens)
            window = words[i : i + n]
            if len(window) < n or tuple(window) == alias_tokens:
                continue
            if fuzz.ratio(" ".join(window), joined, score_cutoff=FUZZY_SCORE):
                hits.append((i, n, alias_tokens))
    return hits


def _add_alias_hit(register: Register, text: str, years_in_text: list[tuple[int, int]], article_year: int | None,
                   found: list[tuple[Mention, float]], source_id: str, kind: str, exact: str | None,
                   start: int, end: int) -> None:
    """Record one alias occurrence, unless it is an acronym in the wrong case or the source is too new."""
    if exact is not None and text[start:end] != exact:
        return
    source = register.sources[source_id]
    if article_year and min(source_years(source)) > article_year:
        return  # an article cannot discuss a source published after it
    weight = WEIGHTS[kind]
    if kind == "journal":
        years = source_years(source)
        if any(y in years and abs(pos - start) <= YEAR_WINDOW for y, pos in years_in_text):
            kind, weight = "journal+year", WEIGHTS["journal+year"]
    found.append((Mention(source_id, start, end, kind), weight))


def _on_topic(source: Any, body: str) -> bool:
    """Whether the article is on the source's subject (always true for a source without topics).

    An article about insomnia that names the American College of Physicians is not discussing its
    back-pain guideline.
    """
    from claimcheck.textfold import contains_phrase

    topics = [fold(w) for w in [*source.topics.en, *source.topics.nl]]
    return not topics or any(contains_phrase(body, t) for t in topics)


def _rank(register: Register, source_id: str) -> tuple[int, int]:
    source = register.sources[source_id]
    return min(source_years(source)), source.evidence_level


def _disambiguate(found: list[tuple[Mention, float]], register: Register) -> list[tuple[Mention, float]]:
    """Give a name shared by several sources to the one(s) the rest of the article points to.

    'Pain Reprocessing Therapy' names the trial, its 5-year follow-up and the press release; when the
    article also names the trial's journal next to its year, the shared mentions go to the trial.
    A span counts once per source, with its strongest kind.
    """
    spans: dict[tuple[int, int], dict[str, tuple[Mention, float]]] = {}
    for mention, weight in found:
        group = spans.setdefault((mention.start, mention.end), {})
        if mention.source not in group or group[mention.source][1] < weight:
            group[mention.source] = (mention, weight)
    for key, group in spans.items():
        top = max(w for _, w in group.values())
        spans[key] = {s: row for s, row in group.items() if row[1] == top}
    own: dict[str, float] = {}
    for group in spans.values():
        if len(group) == 1:
            (source, (_, weight)), = group.items()
            own[source] = own.get(source, 0.0) + weight
    kept: list[tuple[Mention, float]] = []
    for group in spans.values():
        best = max(own.get(s, 0.0) for s in group)
        if best > 0.0:
            kept.extend(row for s, row in group.items() if own.get(s, 0.0) == best)
            continue
        # Nothing tells them apart: the original study, not its follow-up or press release.
        first = min(group, key=lambda s: (_rank(register, s), s))
        kept.append(group[first])
    kept.sort(key=lambda row: (row[0].start, row[0].source))
    return kept


def _article_year(published: str | None) -> int | None:
    if not published:
        return None
    found = _YEAR.search(published)
    return int(found.group()) if found else None

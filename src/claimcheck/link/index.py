"""The register, indexed for linking: built once per register version, never scanned per sentence.

Every name of a source (aliases, journal, institutions, first author) becomes a row of a token table
with the signal it is (`trial-name`, `description`, `body`, `journal`, `institution`, `author`); every
distinctive number (total, arm sizes, result values) a row of a number table; its intervention terms,
topics, years and guideline version family are kept beside. Nothing here is specific to one entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck.link.signals import signals, stem_pattern, tokens_of
from claimcheck.textfold import fold

if TYPE_CHECKING:
    from claimcheck.register import Register

#: Aliases this short and in capitals (PRT, NICE, OPAL) match only in capitals.
ACRONYM_MAX = 8
#: Names of at least this many words and characters are also matched fuzzily (rapidfuzz), so that
#: "Pain Reprocessing-therapie" or "New England Journal of Medecine" still name their source; a fuzzy
#: candidate shares the first letters of its first word with the name.
FUZZY_MIN_TOKENS = 2
FUZZY_MIN_CHARS = 14
FUZZY_PREFIX = 4


@dataclass(slots=True)
class Row:
    """One name of one source."""

    source: str
    signal: str
    #: The exact spelling required (acronyms, surnames), or None for a case-insensitive match.
    exact: str | None


@dataclass(slots=True)
class NumberRow:
    """One distinctive number of one source."""

    source: str
    signal: str
    #: "people" for totals and arm sizes, "%" for percentages.
    unit: str


@dataclass(slots=True)
class LinkIndex:
    """Names, numbers, terms and families of the whole register."""

    #: first token -> length -> tokens -> rows
    names: dict[str, dict[int, dict[tuple[str, ...], list[Row]]]] = field(default_factory=dict)
    numbers: dict[float, list[NumberRow]] = field(default_factory=dict)
    #: percentage value -> (source, weeks, outcome concept) of findings that are not a round ten
    results: dict[float, list[tuple[str, float | None, str]]] = field(default_factory=dict)
    #: sorted (total, source) of every study with 100 or more people, for rounded totals
    totals: list[tuple[float, str]] = field(default_factory=list)
    #: source -> its arms as (folded words, is a control arm)
    arms: dict[str, list[tuple[tuple[str, ...], bool]]] = field(default_factory=dict)
    #: years of long follow-up -> sources with findings measured then
    follow_ups: dict[int, set[str]] = field(default_factory=dict)
    interventions: dict[str, set[str]] = field(default_factory=dict)  # source -> stems
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)  # source -> folded phrases
    years: dict[str, frozenset[int]] = field(default_factory=dict)
    first_year: dict[str, int] = field(default_factory=dict)
    #: source -> its version family, oldest first (a guideline and the ones replacing it)
    family: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rank: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    #: for guideline families: source -> (its finding values, its recommendations as
    #: (folded words, True when it recommends or considers the intervention))
    content: dict[str, tuple[frozenset[float], tuple[tuple[tuple[str, ...], bool], ...]]] = field(
        default_factory=dict)
    #: the most tokens a name has
    longest_name: int = 1
    #: names long enough to be matched fuzzily, by the first letters of their first word
    fuzzy: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    #: the most tokens of a fuzzy name, by the same first letters
    fuzzy_longest: dict[str, int] = field(default_factory=dict)
    #: every proper prefix of a name's tokens (a name of three words gives its first one and two)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)


def source_years(source: Any) -> set[int]:
    """The years a source appeared in (its year, online and print dates)."""
    years = {int(source.year)}
    for date in (source.published_online, source.published_print):
        if date is not None:
            years.add(date.year)
    return years


def surname(author: str) -> str:
    """The surname of a register author ("Ashar YK" -> "Ashar", "da C Menezes Costa L" -> "Costa")."""
    parts = author.split()
    if len(parts) > 1 and parts[-1].replace("-", "").isalpha() and len(parts[-1]) <= 5 and \
            parts[-1][0].isupper() and sum(c.isupper() for c in parts[-1]) >= max(1, len(parts[-1]) - 2):
        parts = parts[:-1]
    names = [p for p in parts if len(p) > 1 and p[0].isupper()]
    return names[-1] if names else (parts[-1] if parts else "")


def classify(alias: str, source: Any, field_kind: str) -> str:
    """The signal a register name is: a body, journal, institution, author, registry number,
    description (ordinary words only) or a distinctive trial name."""
    sig = signals()
    toks = tokens_of(alias)
    if field_kind == "journal":
        return "body" if source.type == "guideline" else "journal"
    if field_kind == "institution":
        return "body" if toks in sig.bodies else "institution"
    if any(p.match(alias.strip()) for p in sig.registry):
        return "registry"
    if toks in sig.bodies:
        return "body"
    if source.authors and toks == tokens_of(surname(source.authors[0])):
        return "author"
    journals = {tokens_of(j) for j in [source.journal, *source.aliases.journal] if j}
    if toks in journals:
        return "body" if source.type == "guideline" else "journal"
    if all(t in sig.generic_words or t.isdigit() for t in toks):
        return "description"
    return "trial-name"


def _names_of(source: Any) -> list[tuple[str, str]]:
    aliases = source.aliases
    rows = [(a, classify(a, source, "name")) for a in [*aliases.en, *aliases.nl]]
    rows += [(a, classify(a, source, "journal")) for a in [*aliases.journal, source.journal] if a]
    rows += [(a, classify(a, source, "institution")) for a in [*aliases.institution, *source.institutions]]
    if source.authors:
        rows.append((surname(source.authors[0]), "author"))
    sig = signals()
    for arm in source.arms:
        for word in [*arm.words.en, *arm.words.nl]:
            toks = tokens_of(word)
            if len(toks) >= 2 and any(t not in sig.generic_words and t not in sig.control_words
                                      and not t.isdigit() for t in toks):
                rows.append((word, "arm-name"))
    return rows


def _numbers_of(source: Any) -> list[tuple[float, str, str]]:
    out: list[tuple[float, str, str]] = []
    if source.population is not None and source.population.n:
        n = source.population.n
        out.append((float(n), "number-n" if n >= 100 else "number-small", "people"))
    for arm in source.arms:
        if arm.n:
            out.append((float(arm.n), "number-arm" if arm.n >= 100 else "number-small", "people"))
    for finding in source.findings:
        if finding.value is None:
            continue
        if finding.kind in ("sample_size",) and finding.value >= 100 and finding.unit in ("people", "participants", ""):
            out.append((float(finding.value), "number-n", "people"))
        elif finding.unit == "%" and finding.kind in ("percentage", "ratio") and finding.value % 10:
            out.append((float(finding.value), "number-finding", "%"))
    return out


def _interventions_of(source: Any) -> set[str]:
    sig = signals()
    texts = [source.title, *source.aliases.en, *source.aliases.nl]
    for arm in source.arms:
        words = tokens_of(f"{arm.id} {arm.label}")
        if any(w in sig.control_words for w in words):
            continue
        texts += [arm.label, *arm.words.en, *arm.words.nl]
    for rec in source.recommendations:
        texts += [rec.intervention, *rec.words.en, *rec.words.nl]
    blob = fold(" \n ".join(texts))
    return {stem for stem in sig.interventions if stem_pattern(stem).search(blob)}


def _families(register: Register) -> dict[str, tuple[str, ...]]:
    links: dict[str, set[str]] = {}
    for source in register.sources.values():
        others = {*source.supersedes, *([source.superseded_by] if source.superseded_by else [])}
        for other in others:
            if other in register.sources:
                links.setdefault(source.id, set()).add(other)
                links.setdefault(other, set()).add(source.id)
    out: dict[str, tuple[str, ...]] = {}
    for start in links:
        if start in out:
            continue
        seen, todo = {start}, [start]
        while todo:
            for nxt in links.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        ordered = tuple(sorted(seen, key=lambda s: (register.sources[s].year, s)))
        for member in seen:
            out[member] = ordered
    return out


_INDEXES: dict[str, LinkIndex] = {}


def link_index(register: Register) -> LinkIndex:
    """The link index of `register`, built once per register version (and kept on the register)."""
    cached = _INDEXES.get(register.version) or getattr(register, "_grade_alias_index", None)
    if isinstance(cached, LinkIndex):
        _INDEXES[register.version] = cached
        return cached
    index = LinkIndex()
    for source in register.sources.values():
        seen: set[tuple[tuple[str, ...], str]] = set()
        for alias, signal in _names_of(source):
            toks = tokens_of(alias)
            if len(toks) > 1 and toks[0] in signals().function_words:
                toks = toks[1:]  # "The Lancet" is found as "Lancet" ("the" is in every article)
            if not toks or (toks, signal) in seen:
                continue
            seen.add((toks, signal))
            text = alias.strip()
            exact = text if (signal == "author" or (len(text) <= ACRONYM_MAX and text.isupper())) else None
            index.longest_name = max(index.longest_name, len(toks))
            index.prefixes.update(toks[:k] for k in range(1, len(toks)))
            table = index.names.setdefault(toks[0], {}).setdefault(len(toks), {})
            table.setdefault(toks, []).append(Row(source.id, signal, exact))
        for value, signal, unit in _numbers_of(source):
            rows = index.numbers.setdefault(value, [])
            if not any(r.source == source.id and r.unit == unit for r in rows):
                rows.append(NumberRow(source.id, signal, unit))
        for finding in source.findings:
            if finding.unit == "%" and finding.value is not None and finding.value % 10:
                index.results.setdefault(float(finding.value), []).append(
                    (source.id, finding.timepoint_weeks, finding.outcome))
        for finding in source.findings:
            weeks = finding.timepoint_weeks
            if weeks is not None and weeks >= signals().follow_up_weeks:
                index.follow_ups.setdefault(round(weeks / 52), set()).add(source.id)
        index.interventions[source.id] = _interventions_of(source)
        if source.population is not None and source.population.n and source.population.n >= 100:
            index.totals.append((float(source.population.n), source.id))
        sig = signals()
        index.arms[source.id] = [
            (tuple(fold(w) for w in [*arm.words.en, *arm.words.nl] if w),
             any(w in sig.control_words for w in tokens_of(f"{arm.id} {arm.label}")))
            for arm in source.arms]
        index.topics[source.id] = tuple(fold(t) for t in [*source.topics.en, *source.topics.nl])
        years = source_years(source)
        index.years[source.id] = frozenset(years)
        index.first_year[source.id] = min(years)
        index.rank[source.id] = (min(years), source.evidence_level, source.id)
    for first, lengths in index.names.items():
        for n, table in lengths.items():
            for toks in table:
                if n >= FUZZY_MIN_TOKENS and len(" ".join(toks)) >= FUZZY_MIN_CHARS \
                        and first not in signals().function_words:
                    index.fuzzy.setdefault(first[:FUZZY_PREFIX], []).append(toks)
                    key = first[:FUZZY_PREFIX]
                    index.fuzzy_longest[key] = max(index.fuzzy_longest.get(key, 0), n)
    index.totals.sort()
    index.family = _families(register)
    for member in index.family:
        source = register.sources[member]
        values = frozenset(float(f.value) for f in source.findings if f.value is not None)
        recs = tuple((tuple(fold(w) for w in [*r.words.en, *r.words.nl] if w), r.verb in ("recommend", "consider"))
                     for r in source.recommendations)
        index.content[member] = (values, recs)
    _INDEXES[register.version] = index
    return index


def link_label(source: Any) -> str:
    """A short name for people: "Ashar et al. 2022 (JAMA Psychiatry)", "NICE NG59 (2016)"."""
    if source.type == "guideline" or not source.authors:
        names = [a for a in [*source.aliases.en, *source.aliases.nl] if classify(a, source, "name") == "trial-name"]
        name = (names or source.aliases.en or source.aliases.nl or [source.title])[0]
        return f"{name} ({source.year})"
    journal = f" ({source.journal})" if source.journal else ""
    return f"{surname(source.authors[0])} et al. {source.year}{journal}"

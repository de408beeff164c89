"""Attribution claims: who or what an article says a statement comes from.

Journals, institutions and guideline bodies by name (`data/entities.toml`), generic institutions
("University of X", "Universiteit van X", "X University"), author-year citations ("(Hides et al.
1996)"), bibliographic citations ("N Engl J Med 2010; 363:454-461"), "according to X" / "volgens X",
and "published in X" / "gepubliceerd in X" with the publication date that goes with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimcheck.extract.candidate import Candidate
from claimcheck.extract.lexicon import alternation, load, normalise_key

_YEAR = r"(?:19|20)\d{2}"
_CAP = r"[A-Z][\w'’&-]*"
_CONNECT = r"(?:of|for|and|&|voor|en|van|de|der|den|the|at|in)"
_NAME = r"(?:(?:[Vv]an|[Dd]e|[Vv]on|[Dd]er|[Dd]en|[Ll]e|[Ll]a)\s+){0,2}[A-Z][a-zà-ÿ'’-]+"


@dataclass(frozen=True, slots=True)
class Entity:
    """A named journal, institution or guideline body."""

    type: str
    name: str
    short: str | None = None
    context_only: bool = False
    allcaps_guard: bool = False


_SECTIONS = {"journal": "journal", "guideline_body": "guideline_body", "institution": "institution"}


@cache
def entities() -> dict[str, Entity]:
    """Every alias (normalised with `normalise_key`) and the entity it names."""
    data = load("entities")
    table: dict[str, Entity] = {}
    for section, etype in _SECTIONS.items():
        for item in data.get(section, []):
            ent = Entity(etype, item["name"], item.get("short"), bool(item.get("context_only")),
                         bool(item.get("allcaps_guard")))
            for alias in [item["name"], *item.get("aliases", [])]:
                table.setdefault(normalise_key(alias), ent)
    return table


def _aliases(include_context: bool) -> tuple[list[str], list[str]]:
    """(case-sensitive aliases, case-insensitive aliases)."""
    data = load("entities")
    cs: list[str] = []
    ci: list[str] = []
    for section in _SECTIONS:
        for item in data.get(section, []):
            if item.get("context_only") and not include_context:
                continue
            for alias in item.get("aliases", []):
                if len(alias.split()) >= 2 and len(alias) >= 12:
                    ci.append(alias)
                else:
                    cs.append(alias)
    return cs, ci


def _entity_alt(include_context: bool) -> str:
    cs, ci = _aliases(include_context)
    return f"(?:(?-i:{alternation(cs)})|{alternation(ci)})"


@cache
def _entity_re() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + _entity_alt(False) + r"(?![\w])", re.IGNORECASE)


def lookup(name: str) -> Entity | None:
    """The entity an alias names, or None."""
    key = normalise_key(name)
    if key.startswith("the ") and key not in entities():
        key = key[4:]
    return entities().get(key)


@cache
def _date_alt() -> str:
    months = alternation(load("exclusions")["months"])
    return (rf"(?:(?:begin|eind|half|medio|midden|early|late|mid)[- ]?\s*)?"
            rf"(?:(?:[0-3]?\d)\s+{months}\.?(?:,?\s+{_YEAR})?|{months}\.?\s+[0-3]?\d,?\s+{_YEAR}"
            rf"|{months}\.?,?\s+{_YEAR}|{_YEAR})")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    ent_all = _entity_alt(True)
    cs, ci = _aliases(True)
    known = alternation(cs + ci)
    inst = load("entities")["institution_patterns"]
    capname = rf"(?-i:{_CAP}(?:\s+(?:{_CAP}|{_CONNECT}(?=\s+[A-Z]))){{0,7}})"
    date = _date_alt()
    page = r"[A-Za-z]{0,2}\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?"
    issue = r"(?:\s*\(\s*[\w-]+(?:\s*[-–]\s*\w+)?\s*\))?"
    publish = (r"(?:gepubliceerde?|verschenen|verscheen|verschijnt|publiceerden|publiceerde|publiceert|"
               r"published|publishes|publish|appeared|appears|appear)")
    venue_cue = (r"(?:(?:(?:het|de|the|a|an)\s+)?(?:[\w-]+\s+){0,2}"
                 r"(?:tijdschrift|vaktijdschrift|vakblad|blad|journal|magazine|tijdschriften)\s+)")
    return {
        "bib_known": re.compile(
            rf"(?<![\w])(?P<j>{known})\.?,?\s*(?:(?P<y>{_YEAR})(?:\s+[A-Z][a-z]{{2}}\.?(?:\s+\d{{1,2}})?)?"
            rf"\s*;\s*(?P<v>\d+)?{issue}|(?P<v2>\d+){issue})\s*:\s*(?P<p>{page})(?![\w])",
            re.IGNORECASE),
        "bib_generic": re.compile(
            rf"(?<![\w])(?P<j>[A-Z][A-Za-z&]*\.?(?:\s[A-Z][A-Za-z&]*\.?){{0,5}})\.?,?\s+(?P<y>{_YEAR})"
            rf"(?:\s+[A-Z][a-z]{{2}}\.?(?:\s+\d{{1,2}})?)?\s*;\s*(?P<v>\d+){issue}\s*:\s*(?P<p>{page})(?![\w])"),
        "apa": re.compile(
            rf"(?m)^[ \t]*(?:\d{{1,3}}\.[ \t]*|\[\d{{1,3}}\][ \t]*)?(?P<n>{_NAME}),\s+(?:[A-Z]\.\s?-?)+"
            rf"(?P<more>(?:,\s+(?:&\s+|and\s+)?{_NAME},\s+(?:[A-Z]\.\s?-?)+){{0,30}})"
            rf"(?:,?\s+(?:&|and|en)\s+{_NAME},\s+(?:[A-Z]\.\s?-?)+)?(?:,?\s*et\s+al\.?)?[^\n()]{{0,20}}"
            rf"\(\s*(?P<y>{_YEAR})[a-z]?\s*\)"),
        "ay_paren": re.compile(
            rf"\(\s*(?:(?:e\.g\.|bijv\.|zie|see|cf\.)\s*,?\s*)?(?P<n>{_NAME})(?P<x>\s+et\s+al\.?|\s+(?:&|and|en)\s+{_NAME})?"
            rf",?\s+(?P<y>{_YEAR})[a-z]?(?:\s*[;,]\s*[^()\n]{{0,120}}?)?\)"),
        "ay_etal": re.compile(
            rf"(?<![\w])(?P<n>{_NAME})\s+et\s+al\.?(?:,?\s*(?:\(\s*(?P<y>{_YEAR})[a-z]?\s*\)|(?P<y2>{_YEAR})[a-z]?))?"),
        "ay_narr": re.compile(
            rf"(?<![\w])(?P<n>{_NAME})(?P<x>\s+(?:&|and|en)\s+{_NAME})?\s+\(\s*(?P<y>{_YEAR})[a-z]?\s*\)"),
        "according": re.compile(
            rf"(?<![\w])(?P<cue>according\s+to|volgens|aldus)\s+(?P<pre>(?-i:(?:[a-zà-ÿ'’-]+\s+){{0,3}}?))"
            rf"(?P<t>(?-i:(?:(?:Dr|Prof|dr|prof|Mr|Mrs|Ms)\.?\s+)?))(?P<n>{ent_all}(?![\w])|{capname})", re.IGNORECASE),
        "publish": re.compile(
            rf"(?<![\w])(?P<verb>{publish})(?P<gap>(?:\s+[\w.,'’-]+){{0,6}}?)\s+in\s+"
            rf"(?:(?P<d>{date})(?![\w])(?:\s+in\s+{venue_cue}?(?P<v>(?:{ent_all})(?![\w])|{capname}))?"
            rf"|{venue_cue}?(?P<v2>(?:{ent_all})(?![\w])|{capname}))"
            rf"(?P<after>,?\s+(?:(?:in|op|on)\s+)?(?:{date})(?![\w]))?", re.IGNORECASE),
        "date_before": re.compile(rf"(?:(?:in|op|on)\s+)?{date}\s+(?:(?:is|werd|zijn|werden|was)\s+)?$",
                                  re.IGNORECASE),
        "journal_cue": re.compile(
            rf"(?<![\w])(?:tijdschrift|vaktijdschrift|vakblad|journal)\s+(?P<v>(?:{ent_all})(?![\w])|{capname})"),
        "inst_prefix": re.compile(
            rf"(?<![\w])(?P<p>{alternation(inst['prefix'])})\s+(?P<n>{_CAP}(?:\s+{_CAP}){{0,3}}"
            rf"(?:\s+(?:of|for|and|at|van|voor|en)\s+{_CAP}(?:\s+{_CAP}){{0,2}}){{0,2}})"),
        "inst_suffix": re.compile(
            rf"(?<![\w])(?P<n>(?:{_CAP}\s+){{1,3}})(?P<s>{alternation(inst['suffix'])})(?![\w])"
            rf"(?P<c>\s+(?:for|of|voor)\s+{_CAP}(?:\s+(?:and\s+|&\s+|en\s+)?{_CAP}){{0,3}})?"),
        "rijks": re.compile(rf"(?<![\w])Rijksuniversiteit\s+{_CAP}"),
    }


@cache
def _not_name() -> frozenset[str]:
    data = load("entities")["institution_patterns"]["not_name"]
    months = load("exclusions")["months"]
    weekdays = load("exclusions")["weekdays"]
    return frozenset([*data, *(m.capitalize() for m in months), *(d.capitalize() for d in weekdays)])


_CUE_RE = re.compile(r"(?<![\w])(?:journal|tijdschrift|vakblad|magazine)(?![\w])", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:\s+{_CONNECT})+$")


def _trim_name(text: str) -> str:
    return _TRAILING.sub("", text.strip()).strip()


def _year(s: str | None) -> int | None:
    return int(s) if s else None


def _entity_candidate(etype: str, name: str, start: int, end: int, rule: str, priority: int,
                      **details: object) -> Candidate:
    det: dict[str, object] = {"type": etype, "name": name}
    det.update({k: v for k, v in details.items() if v is not None})
    return Candidate("attribution", start, end, [rule], details=det, priority=priority)


_RULE_OF_TYPE = {"journal": "attr-journal", "guideline_body": "attr-guideline-body", "institution": "attr-institution"}


def _allcaps_context(text: str, start: int, end: int) -> bool:
    """True when the words around [start, end) are in capitals too (a shouted heading)."""
    before = text[max(0, start - 20):start].split()
    after = text[end:end + 20].split()
    words = [w.strip(".,:;!?\"'()") for w in (before[-1:] + after[:1])]
    return any(len(w) > 1 and w.isalpha() and w.isupper() for w in words)


def find_attributions(text: str) -> list[Candidate]:
    """Every attribution claim in `text`, overlapping ones resolved (the most specific wins)."""
    pats = _patterns()
    out: list[Candidate] = []
    not_name = _not_name()

    for m in _entity_re().finditer(text):
        ent = lookup(m.group(0))
        if ent is None or ent.context_only:
            continue
        if ent.allcaps_guard and _allcaps_context(text, m.start(), m.end()):
            continue
        out.append(_entity_candidate(ent.type, ent.name, m.start(), m.end(), _RULE_OF_TYPE[ent.type], 1,
                                     short=ent.short))

    for m in pats["journal_cue"].finditer(text):
        raw = _trim_name(m.group("v"))
        if not raw:
            continue
        ent = lookup(raw)
        name = ent.name if ent else raw
        out.append(_entity_candidate("journal", name, m.start("v"), m.start("v") + len(raw), "attr-journal", 2))

    for key in ("inst_prefix", "rijks"):
        for m in pats[key].finditer(text):
            raw = _trim_name(m.group(0))
            ent = lookup(raw)
            if ent is not None:
                name = ent.name
            elif key == "inst_prefix" and m.group("p").lower().startswith("universiteit van"):
                name = "University of " + _trim_name(m.group("n"))
            else:
                name = raw
            out.append(_entity_candidate("institution", name, m.start(), m.start() + len(raw),
                                         "attr-institution", 1))

    for m in pats["inst_suffix"].finditer(text):
        words = m.group("n").split()
        start = m.start("n")
        while words and (words[0] in not_name or words[0].lower() in ("the", "de", "het")):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        if not words:
            continue
        start = text.index(words[0], start)
        end = m.end("c") if m.group("c") else m.end("s")
        raw = text[start:end]
        ent = lookup(raw)
        out.append(_entity_candidate("institution", ent.name if ent else raw, start, end, "attr-institution", 1))

    for key in ("bib_known", "bib_generic"):
        for m in pats[key].finditer(text):
            raw_j = m.group("j").strip()
            ent = lookup(raw_j)
            if key == "bib_generic" and (raw_j.split()[0] in not_name or len(raw_j) < 3):
                continue
            volume = m.group("v") if key == "bib_generic" else (m.group("v") or m.group("v2"))
            out.append(_entity_candidate(
                "citation", ent.name if ent else raw_j.rstrip("."), m.start(), m.end(), "attr-bibliographic", 5,
                year=_year(m.group("y")), journal=ent.name if ent else raw_j.rstrip("."),
                volume=volume, pages=re.sub(r"\s+", "", m.group("p"))))

    for m in pats["apa"].finditer(text):
        name = m.group("n") + (" et al." if m.group("more") or "et al" in m.group(0) else "")
        out.append(_entity_candidate("citation", name, m.start("n"), m.end(), "attr-author-year", 3,
                                     year=_year(m.group("y"))))

    for key in ("ay_paren", "ay_etal", "ay_narr"):
        for m in pats[key].finditer(text):
            if m.group("n").split()[-1] in not_name:
                continue
            extra = m.groupdict().get("x") or ""
            name = m.group("n") + (" et al." if key == "ay_etal" or "et al" in extra else "")
            if key != "ay_etal" and extra and "et al" not in extra:
                name = m.group("n") + extra.rstrip()
            year = m.group("y") or m.groupdict().get("y2")
            out.append(_entity_candidate("citation", " ".join(name.split()), m.start(), m.end(),
                                         "attr-author-year", 3, year=_year(year)))

    for m in pats["according"].finditer(text):
        raw = _trim_name(m.group("n"))
        if not raw or raw in not_name:
            continue
        ent = lookup(raw)
        end = m.start("n") + len(raw)
        out.append(_entity_candidate(
            "according_to", ent.name if ent else raw, m.start(), end, "attr-according-to", 4,
            entity=ent.type if ent else None))

    for m in pats["publish"].finditer(text):
        pub = _publication(text, m)
        if pub is not None:
            out.append(pub)

    return resolve(out)


def _month_year(text: str) -> tuple[int | None, int | None]:
    months = load("exclusions")["months"]
    month = year = None
    for word in re.findall(r"[A-Za-zé]+|\d{4}", text):
        low = word.lower()
        if low in months and month is None:
            month = months[low]
        elif word.isdigit() and year is None:
            year = int(word)
    return month, year


def _publication(text: str, m: re.Match[str]) -> Candidate | None:
    pats = _patterns()
    start, end = m.start(), m.end()
    venue_group = "v" if m.group("v") else ("v2" if m.group("v2") else None)
    name: str | None = None
    entity_type: str | None = None
    if venue_group:
        raw = _trim_name(m.group(venue_group))
        ent = lookup(raw)
        if ent is None and m.group("verb").lower().startswith("appear") and not _CUE_RE.search(m.group(0)):
            return None
        name = ent.name if ent else raw
        entity_type = ent.type if ent else "journal"
        if not m.group("after"):
            end = m.start(venue_group) + len(raw)
    date_text = " ".join(x for x in (m.group("d"), m.group("after")) if x)
    before = pats["date_before"].search(text, max(0, start - 45), start)
    if before is not None:
        start = before.start()
        date_text = before.group(0) + " " + date_text
    month, year = _month_year(date_text)
    return _entity_candidate("publication", name, start, end, "attr-published-in", 4,
                             entity=entity_type, year=year, month=month)


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Drop attribution candidates overlapping a higher-priority (or, at equal priority, longer) one."""
    ordered = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for c in ordered:
        if c.start >= c.end:
            continue
        if any(k.overlaps(c.start, c.end) for k in kept):
            continue
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept

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
from claimcheck.extract.lexicon import Finder, alternation, fold, load, normalise_key

_YEAR = r"(?:19|20)\d{2}"
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)*(?=\s+[A-Z])|[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'’&-]*)"
_CONNECT = r"(?:of|for|and|&|voor|en|van|de|der|den|the|at|in)"
_NAME = r"(?:(?:[Vv]an|[Dd]e|[Vv]on|[Dd]er|[Dd]en|[Ll]e|[Ll]a)\s+){0,2}[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)*"


@dataclass(frozen=True, slots=True)
class Entity:
    """A named journal, institution or guideline body."""

    type: str
    name: str
    short: str | None = None
    context_only: bool = False
    allcaps_guard: bool = False


_SECTIONS = {"journal": "journal", "guideline_body": "guideline_body", "institution": "institution",
             "preprint_server": "preprint"}


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
                if len(alias.split()) >= 2 and len(alias) >= 12 and section != "preprint_server":
                    ci.append(alias)
                else:
                    cs.append(alias)
    return cs, ci


def _entity_alt(include_context: bool) -> str:
    cs, ci = _aliases(include_context)
    return f"(?:(?-i:{alternation(cs)})|{alternation(ci)})"


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
            rf"(?:(?:[0-3]?\d)\s+{months}\.?(?:,?\s+{_YEAR})?|{months}\.?\s+[0-3]?\d(?:,?\s+{_YEAR})?"
            rf"|{months}\.?,?\s+{_YEAR}|{_YEAR}|{months}(?![\w]))")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Patterns matched at a known position (after a trigger), so they may be slow to scan with."""
    ent_all = _entity_alt(True)
    capname = rf"(?-i:{_CAP}(?:\s+(?:{_CAP}|{_CONNECT}(?:\s+(?:the|de|het))?(?=\s+[A-Z]))){{0,10}})"
    date = _date_alt()
    venue_cue = (r"(?:(?:(?:het|de|the|a|an)\s+)?(?:[\w-]+\s+){0,2}"
                 r"(?:tijdschrift|vaktijdschrift|vakblad|blad|journal|magazine|tijdschriften)\s+)")
    venue = rf"{capname}|(?:{ent_all})(?![\w])"
    issue = (r"(?:(?:the\s+|this\s+|het\s+|de\s+)?(?:[\w'’.,]+\s+){0,4}?(?:issue|edition|editie|nummer|uitgave)\s+"
             r"(?:of|van)\s+)?(?:(?:the|het|de)\s+)?")
    cs_all, ci_all = _aliases(True)
    known = alternation(cs_all + ci_all)
    return {
        "according_rest": re.compile(
            rf"(?P<pre>(?-i:(?:[a-zà-ÿ'’-]+\s+){{0,3}}?))"
            rf"(?P<t>(?-i:(?:(?:Dr|Prof|dr|prof|Mr|Mrs|Ms)\.?\s+)?))(?P<n>{venue})", re.IGNORECASE),
        "publish_rest": re.compile(
            rf"(?P<gap>(?:\s+[\w.,'’-]+){{0,6}}?)\s+in\s+"
            rf"(?:(?P<d>{date})(?![\w])(?:\s+in\s+{issue}{venue_cue}?(?P<v>{venue}))?"
            rf"|{issue}{venue_cue}?(?P<v2>{venue}))"
            rf"(?P<after>,?\s+(?:(?:in|op|on)\s+)?(?:{date})(?![\w]))?", re.IGNORECASE),
        "venue": re.compile(rf"(?P<v>{venue})"),
        "date_before": re.compile(rf"(?:(?:in|op|on)\s+)?{date}\s+(?:(?:is|werd|zijn|werden|was)\s+)?$",
                                  re.IGNORECASE),
        "known_left": re.compile(rf"(?<![\w])(?P<j>{known})\.?,?\s*$", re.IGNORECASE),
        "generic_left": re.compile(r"(?<![\w.])[A-Z][A-Za-z&]*\.?(?:\s[A-Z][A-Za-z&]*\.?){0,5}\.?,?\s+$"),
        "inst_suffix_rest": re.compile(rf"\s+(?:for|of|voor)\s+{_CAP}(?:\s+(?:and\s+|&\s+|en\s+)?{_CAP}){{0,3}}"),
    }


@cache
def _finders() -> dict[str, Finder]:
    """Scanning patterns: each starts with a literal (or runs on the case-folded text)."""
    cs, ci = _aliases(False)
    inst = load("entities")["institution_patterns"]
    page = r"[A-Za-z]{0,2}\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?"
    issue = r"(?:\s*\(\s*[\w-]+(?:\s*[-–]\s*\w+)?\s*\))?"
    y_lead = r"(?:19|20)(?<![\w]19)(?<![\w]20)\d{2}"
    publish = ("gepubliceerd", "gepubliceerde", "verschenen", "verscheen", "verschijnt", "publiceerden",
               "publiceerde", "publiceert", "published", "publishes", "publish", "appeared", "appears", "appear")
    return {
        "entity_cs": Finder(alternation(cs) + r"(?![\w])", boundary=True, anchors=cs),
        "entity_ci": Finder(alternation(a.lower() for a in ci) + r"(?![\w])", folded=True, boundary=True,
                            anchors=ci),
        "journal_cue": Finder(r"(?:tijdschrift|vaktijdschrift|vakblad|journal)\s+", boundary=True,
                              anchors=("tijdschrift", "vaktijdschrift", "vakblad", "journal")),
        "inst_prefix": Finder(
            rf"(?P<p>{alternation(inst['prefix'])})\s+(?P<n>{_CAP}(?:\s+{_CAP}){{0,3}}"
            rf"(?:\s+(?:of|for|at|van|voor)\s+{_CAP}(?:\s+{_CAP}){{0,2}}){{0,2}})", boundary=True,
            anchors=inst["prefix"]),
        "inst_suffix": Finder(rf"(?P<s>{alternation(inst['suffix'])})(?![\w])", boundary=True, anchors=inst["suffix"],
                              left=rf"(?<![\w])(?:{_CAP}\s+){{1,3}}$", extend=True),
        "bib_year": Finder(
            rf"(?P<y>{y_lead})(?:\s+[A-Z][a-z]{{2}}\.?(?:\s+\d{{1,2}})?)?\s*;\s*(?P<v>\d+)?{issue}\s*:\s*"
            rf"(?P<p>{page})(?![0-9])"),
        "bib_novol": Finder(rf"[0-9](?<![\w.,:;][0-9])\d*{issue}\s*:\s*(?P<p>{page})(?![0-9])"),
        "apa": Finder(
            rf"(?m)^[ \t]*(?:\d{{1,3}}\.[ \t]*|\[\d{{1,3}}\][ \t]*)?(?P<n>{_NAME}),\s+(?:[A-Z]\.\s?-?)+"
            rf"(?P<more>(?:,\s+(?:&\s+|and\s+)?{_NAME},\s+(?:[A-Z]\.\s?-?)+){{0,30}})"
            rf"(?:,?\s+(?:&|and|en)\s+{_NAME},\s+(?:[A-Z]\.\s?-?)+)?(?:,?\s*et\s+al\.?)?[^\n()]{{0,20}}"
            rf"\(\s*(?P<y>{_YEAR})[a-z]?\s*\)"),
        "ay_paren": Finder(
            rf"\(\s*(?:(?:e\.g\.|bijv\.|zie|see|cf\.)\s*,?\s*)?(?P<n>{_NAME})"
            rf"(?P<x>\s+et\s+al\.?|\s+(?:&|and|en)\s+{_NAME})?"
            rf",?\s+(?P<y>{_YEAR})[a-z]?(?:\s*[;,]\s*[^()\n]{{0,120}}?)?\)"),
        "ay_etal": Finder(rf"et\s+al\b\.?(?:,?\s*(?:\(\s*(?P<y>{_YEAR})[a-z]?\s*\)|(?P<y2>{_YEAR})[a-z]?(?![\w])))?",
                          boundary=True, left=rf"(?<![\w]){_NAME}\s+$", extend=True),
        "ay_narr": Finder(rf"\(\s*(?P<y>{_YEAR})[a-z]?\s*\)",
                          left=rf"(?<![\w]){_NAME}(?:\s+(?:&|and|en)\s+{_NAME})?\s+$", extend=True),
        "according": Finder(r"(?:according\s+to|volgens|aldus)\s+", folded=True, boundary=True,
                            anchors=("according to", "volgens", "aldus")),
        # the rest of a publication phrase starts with white space, so nothing glued to the verb counts
        "publish": Finder(alternation(publish) + r"(?![\w])", folded=True, boundary=True, anchors=publish),
    }


@cache
def _not_name() -> frozenset[str]:
    data = load("entities")["institution_patterns"]["not_name"]
    months = load("exclusions")["months"]
    weekdays = load("exclusions")["weekdays"]
    full_months = (m.capitalize() for m in months if not any(o != m and o.startswith(m) for o in months))
    return frozenset([*data, *full_months, *(d.capitalize() for d in weekdays)])


_CUE_RE = re.compile(r"(?<![\w])(?:journal|tijdschrift|vakblad|magazine)(?![\w])", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:\s+{_CONNECT})+$")


def _trim_name(text: str) -> str:
    return _TRAILING.sub("", text.strip()).strip()


def resolve_name(raw: str) -> tuple[str, Entity | None, int]:
    """The canonical name in a captured name: the longest known entity it starts with, else the name
    without trailing weekdays, months and the like. Returns (name, entity, length used in `raw`)."""
    words = raw.split()
    for k in range(len(words), 0, -1):
        cand = " ".join(words[:k])
        ent = lookup(cand)
        if ent is not None:
            return ent.name, ent, _end_of_words(raw, k)
    not_name = _not_name()
    while len(words) > 1 and (words[-1].rstrip("'’s") in not_name or words[-1] in not_name):
        words.pop()
    return " ".join(words), None, _end_of_words(raw, len(words))


def _end_of_words(raw: str, k: int) -> int:
    """The offset in `raw` just after its k-th whitespace-separated word."""
    pos = 0
    for _ in range(k):
        while pos < len(raw) and raw[pos].isspace():
            pos += 1
        while pos < len(raw) and not raw[pos].isspace():
            pos += 1
    return pos


def _year(s: str | None) -> int | None:
    return int(s) if s else None


def _entity_candidate(etype: str, name: str, start: int, end: int, rule: str, priority: int,
                      **details: object) -> Candidate:
    det: dict[str, object] = {"type": etype, "name": name}
    det.update({k: v for k, v in details.items() if v is not None})
    return Candidate("attribution", start, end, [rule], details=det, priority=priority)


_RULE_OF_TYPE = {"journal": "attr-journal", "guideline_body": "attr-guideline-body", "institution": "attr-institution"}


def _allcaps_context(text: str, start: int, end: int) -> bool:
    """True when the word after [start, end) is in capitals too (a shouted heading: "WHO SHOULD …")."""
    after = [w.strip(".,:;!?\"'()") for w in text[end:end + 20].split()[:1]]
    return any(len(w) > 1 and w.isalpha() and w.isupper() for w in after)


def find_attributions(text: str, folded: str | None = None) -> list[Candidate]:
    """Every attribution claim in `text`, overlapping ones resolved (the most specific wins)."""
    folded = fold(text) if folded is None else folded
    pats = _patterns()
    fnd = _finders()
    out: list[Candidate] = []
    not_name = _not_name()

    for key in ("entity_cs", "entity_ci"):
        for s, e, _ in fnd[key].spans(text, folded):
            ent = lookup(text[s:e])
            if ent is None or ent.context_only:
                continue
            if ent.allcaps_guard and _allcaps_context(text, s, e):
                continue
            if ent.type == "preprint":  # "posted on medRxiv": a publication, not peer reviewed
                out.append(_entity_candidate("publication", ent.name, s, e, "attr-preprint", 1, entity="preprint"))
                continue
            out.append(_entity_candidate(ent.type, ent.name, s, e, _RULE_OF_TYPE[ent.type], 1, short=ent.short))

    for _, e, _ in fnd["journal_cue"].spans(text, folded):
        m = pats["venue"].match(text, e)
        if m is None:
            continue
        raw = _trim_name(m.group("v"))
        if not raw:
            continue
        name, _, used = resolve_name(raw)
        if name.split()[0] in not_name:
            continue
        out.append(_entity_candidate("journal", name, m.start("v"), m.start("v") + used, "attr-journal", 2))

    for s, _, m in fnd["inst_prefix"].spans(text, folded):
        raw = _trim_name(m.group(0))
        ent = lookup(raw)
        if ent is not None:
            name = ent.name
        elif m.group("p").lower().startswith("universiteit van"):
            name = "University of " + _trim_name(m.group("n"))
        else:
            name = raw
        out.append(_entity_candidate("institution", name, s, s + len(raw), "attr-institution", 1))

    for s, e, _ in fnd["inst_suffix"].spans(text, folded):
        words = text[s:e].split()
        while words and (words[0] in not_name or words[0].lower() in ("the", "de", "het")):
            s = text.index(words[0], s) + len(words[0])
            words = words[1:]
        if len(words) < 2:
            continue
        s = text.index(words[0], s)
        c = pats["inst_suffix_rest"].match(text, e)
        if c is not None:
            e = c.end()
        raw = text[s:e]
        ent = lookup(raw)
        out.append(_entity_candidate("institution", ent.name if ent else raw, s, e, "attr-institution", 1))

    for key in ("bib_year", "bib_novol"):
        for s, e, m in fnd[key].spans(text, folded):
            left = pats["known_left"].search(text, max(0, s - 80), s)
            if left is not None:
                start, raw_j = left.start("j"), left.group("j")
            elif key == "bib_year" and (left := pats["generic_left"].search(text, max(0, s - 80), s)) is not None:
                start, raw_j = left.start(), text[left.start():s].strip(" ,.\n\t")
                if not raw_j or raw_j.split()[0] in not_name or len(raw_j) < 3:
                    continue
            else:
                continue
            ent = lookup(raw_j)
            name = ent.name if ent else raw_j
            volume = m.group("v") if key == "bib_year" else text[s:m.start("p")].split(":")[0].split("(")[0].strip()
            out.append(_entity_candidate(
                "citation", name, start, e, "attr-bibliographic", 5,
                year=_year(m.group("y")) if key == "bib_year" else None, journal=name, volume=volume,
                pages=re.sub(r"\s+", "", m.group("p"))))

    for _, e, m in fnd["apa"].spans(text, folded):
        name = m.group("n") + (" et al." if m.group("more") or "et al" in m.group(0) else "")
        out.append(_entity_candidate("citation", name, m.start("n"), e, "attr-author-year", 3,
                                     year=_year(m.group("y"))))

    for s, e, m in fnd["ay_paren"].spans(text, folded):
        if m.group("n").split()[-1] in not_name:
            continue
        extra = " ".join((m.group("x") or "").split())
        name = m.group("n") + (" " + extra if extra else "")
        out.append(_entity_candidate("citation", name, s, e, "attr-author-year", 3, year=_year(m.group("y"))))
    for key in ("ay_etal", "ay_narr"):
        for s, e, m in fnd[key].spans(text, folded):
            name = " ".join(text[s:m.start()].split())
            parts = name.split()
            if len(parts) > 1 and parts[0][0].islower() and parts[1][0].isupper() \
                    and parts[0].lower() == parts[1].lower():
                name = " ".join(parts[1:])
                s = text.index(parts[1], s)
            if not name or name.split()[-1] in not_name or (name.split()[0] in not_name and len(name.split()) == 1):
                continue
            if key == "ay_etal":
                name += " et al."
            year = m.group("y") or m.groupdict().get("y2")
            out.append(_entity_candidate("citation", name, s, e, "attr-author-year", 3, year=_year(year)))

    for s, e, _ in fnd["according"].spans(text, folded):
        m = pats["according_rest"].match(text, e)
        if m is None:
            continue
        raw = _trim_name(m.group("n"))
        if not raw or raw.split()[0].rstrip("'’s") in not_name or raw.split()[0] in not_name:
            continue
        name, ent, used = resolve_name(raw)
        if ent is None:
            inner = _inner_entity(raw)
            if inner is not None:
                name, ent = inner.name, inner
        out.append(_entity_candidate("according_to", name, s, m.start("n") + used, "attr-according-to", 4,
                                     entity=ent.type if ent else None))

    for s, e, _ in fnd["publish"].spans(text, folded):
        m = pats["publish_rest"].match(text, e)
        if m is None:
            continue
        pub = _publication(text, s, text[s:e], m)
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


def _publication(text: str, start: int, verb: str, m: re.Match[str]) -> Candidate | None:
    pats = _patterns()
    end = m.end()
    venue_group = "v" if m.group("v") else ("v2" if m.group("v2") else None)
    name: str | None = None
    entity_type: str | None = None
    if venue_group:
        raw = _trim_name(m.group(venue_group))
        name, ent, used = resolve_name(raw)
        if ent is None and verb.lower().startswith("appear") and not _CUE_RE.search(m.group(0)):
            return None
        if ent is None and (not name or name.split()[0].rstrip("'’s") in _not_name()):
            return None
        entity_type = ent.type if ent else "journal"
        if not m.group("after"):
            end = m.start(venue_group) + used
    date_text = " ".join(x for x in (m.group("d"), m.group("after")) if x)
    before = pats["date_before"].search(text, max(0, start - 45), start)
    if before is not None:
        start = before.start()
        date_text = before.group(0) + " " + date_text
    month, year = _month_year(date_text)
    cand = _entity_candidate("publication", name, start, end, "attr-published-in", 4,
                             entity=entity_type, year=year, month=month)
    if entity_type == "preprint":
        cand.rules.append("attr-preprint")
    return cand


def _inner_entity(raw: str) -> Entity | None:
    """A known entity named somewhere inside `raw` ("a commentary in the Journal of …")."""
    folded = fold(raw)
    for key in ("entity_cs", "entity_ci"):
        for s, e, _ in _finders()[key].spans(raw, folded):
            ent = lookup(raw[s:e])
            if ent is not None:
                return ent
    return None


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

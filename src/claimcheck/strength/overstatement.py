"""Overstatement candidates and the context that decides whether each one is raised.

A candidate is a phrase that may claim more than a study can show: certainty ("proven", "bewezen"),
cure and permanence ("cures", "verdrijft", "for good"), promises ("pain reduced to zero"),
superlatives, novelty ("breakthrough", "first study of its kind"), claims of effect ("works",
"helpt niet") and spin ("no better than placebo, but ..."). The phrases are data
(``data/cues-en.toml``, ``data/cues-nl.toml``); the context rules are data too (``data/context.toml``):
a candidate is not raised when it is negated, sought or asked, conditional, a name, literal (no health
complaint follows a cure verb), about the body's natural course, background or established fact,
reported in order to be rebutted, or (permanence) about harm or a comparison.

    candidates(text) -> [Cue(start, end, entry, blocked)]      # offsets into `text`
    judge(text, start, end, entry) -> str | None               # the reason it is not raised, or None
    voice(text, start) -> "quoted" | "own"

Both languages' phrases are looked for in every text: Dutch articles quote English, and the phrases
rarely collide. Cost: one compiled regex per cue family, run once over the text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = "claimcheck.strength.data"
LANGS = ("en", "nl")
#: Categories whose raised candidates make a sentence claim a direct effect (strength level 3).
CAUSAL_CATEGORIES = frozenset({"cure", "promise", "permanence"})
#: Classifier categories that state a present, general effect ("eases", "can lower").
_PRESENT_EFFECT = ("causal_verb", "causal_adverb", "causal_progressive", "hedged_causal")

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”]|\s[-–—]\s|\b(?:but|maar|however|echter|although|hoewel|while|terwijl)\b")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n\s*\n")
_QUOTES_OPEN = "“„«"
#: Contexts in which a candidate is no claim at all (not extracted): a negated cure or certainty, a
#: cure that is sought, a name, a literal use, harm or a comparison told with a permanence word.
_NO_CLAIM = frozenset({"negated", "sought", "name", "literal", "harm", "comparative"})
_QUOTES_CLOSE = "”»"


@dataclass(frozen=True, slots=True)
class Entry:
    """One cue family of a lexicon (see cues-en.toml for the fields)."""

    id: str
    lang: str
    type: str
    category: str
    reason: str
    regex: re.Pattern[str]
    raise_: str = "warning"
    negated: str = "drop"
    object: str | None = None
    examples: dict[str, list[str]] | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """A candidate found in a text: its span, its family, and why it is not raised (None: it may be)."""

    start: int
    end: int
    entry: Entry
    blocked: str | None

    @property
    def details(self) -> dict[str, Any]:
        """The strength claim's details: type, category, the reason it is a candidate, its context."""
        data: dict[str, Any] = {"type": self.entry.type, "category": self.entry.category,
                                "reason": self.entry.reason}
        if self.blocked:
            data["context"] = self.blocked
        return data


def _read(name: str) -> dict[str, Any]:
    with resources.files(_DATA).joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


@cache
def entries() -> tuple[Entry, ...]:
    """Every cue family of every language, compiled once."""
    out: list[Entry] = []
    seen: set[str] = set()
    for lang in LANGS:
        for spec in _read(f"cues-{lang}.toml").get("cue", []):
            if spec["id"] in seen:
                raise ValueError(f"cues-{lang}.toml: cue {spec['id']!r} defined twice")
            seen.add(spec["id"])
            body = "|".join(f"(?:{p})" for p in spec["patterns"])
            try:
                regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w])")
            except re.error as exc:
                raise ValueError(f"cues-{lang}.toml: cue {spec['id']!r}: bad pattern: {exc}") from exc
            out.append(Entry(id=spec["id"], lang=lang, type=spec["type"], category=spec["category"],
                             reason=spec["reason"], regex=regex, raise_=spec.get("raise", "warning"),
                             negated=spec.get("negated", "drop"), object=spec.get("object"),
                             examples=spec.get("examples")))
    return tuple(out)


@cache
def context() -> dict[str, Any]:
    """context.toml as loaded."""
    return _read("context.toml")


def _phrases(group: str, key: str | None = None) -> tuple[tuple[str, ...], ...]:
    """Word tuples of a context group (both languages), longest first."""
    return _phrase_table(group, key or "")


@cache
def _phrase_table(group: str, key: str) -> tuple[tuple[str, ...], ...]:
    table = context()[group]
    if key:
        table = table.get(key, {})
    words = {tuple(_WORD.findall(p.lower())) for lang in LANGS for p in table.get(lang, [])}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


def _has(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether any phrase occurs as consecutive words in `words`."""
    by_first = _by_first_word(phrases)
    if by_first is None:  # an empty phrase occurs everywhere
        return True
    for i, word in enumerate(words):
        for phrase in by_first.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                return True
    return False


_BY_FIRST: dict[int, tuple[tuple[tuple[str, ...], ...], dict[str, list[tuple[str, ...]]] | None]] = {}


def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]] | None:
    """`phrases` grouped by their first word (None when one is empty), built once per phrase table."""
    hit = _BY_FIRST.get(id(phrases))
    if hit is not None and hit[0] is phrases:
        return hit[1]
    index: dict[str, list[tuple[str, ...]]] | None = {}
    for phrase in phrases:
        if not phrase:
            index = None
            break
        index.setdefault(phrase[0], []).append(phrase)
    _BY_FIRST[id(phrases)] = (phrases, index)  # holding `phrases` keeps its id from being reused
    return index


def _prefix_has(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(tuple(words[:len(p)]) == p for p in phrases)


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "jr", "sr", "inc", "co", "fig", "jan",
                            "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "ca",
                            "approx",
                            "dhr", "mevr", "drs", "ir", "ing", "mw", "nr", "bijv", "o.a", "e.g", "i.e", "etc", "al"})


def _is_break(text: str, m: re.Match[str]) -> bool:
    """A sentence break, not the full stop of an abbreviation ("Dr.", "Nov.", "G.")."""
    if text[m.start()] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12):m.start()])
    if word is None:
        return True
    w = word.group(1).lower()
    return not (w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span: from the last sentence break before it to the next one after it."""
    lo = max(0, start - 600)
    s = lo
    for m in _SENTENCE_BREAK.finditer(text, lo, start):
        if _is_break(text, m):
            s = m.end()
    e = min(len(text), end + 600)
    for m in _SENTENCE_BREAK.finditer(text, end, e):
        if _is_break(text, m):
            e = m.start() + 1
            break
    return s, e


def _clause_before(low: str, s: int, start: int) -> str:
    piece = low[s:start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(piece):
        cut = m.end()
    return piece[cut:]


_SUBCLAUSE = re.compile(r"\b(?:dat|die|omdat|zodat|waardoor|terwijl|that|which|because)\b")


def _clause_after(low: str, end: int, e: int) -> str:
    """The rest of the clause after a cue, up to a clause break or the start of a subordinate clause."""
    piece = low[end:e]
    cuts = [m.start() for m in (_CLAUSE_BREAK.search(piece), _SUBCLAUSE.search(piece)) if m]
    return piece[:min(cuts)] if cuts else piece


def in_a_name(text: str, start: int, end: int) -> bool:
    """A lower-case cue written as part of a name or title ("Breakthrough Therapy designation",
    "Susan G. Komen for the Cure", "Kaiser Permanente")."""
    words = text[start:end].split()
    if any(w[:1].isupper() for w in words[1:]):
        return True
    after = re.match(r"[ -]+([A-Z][\w'-]*)", text[end:end + 30])
    if text[start].isupper() and after:
        return True  # "Breakthrough Therapy", "Miracle Whip"
    if not text[start].isupper():
        return False
    if re.search(r"(?<![\w])(?:for|of|voor|van)\s+(?:the|de|het)\s+$", text[max(0, start - 12):start]):
        return True
    before = text[max(0, start - 30):start].rstrip(" -‐")
    prev = before.split()[-1] if before.split() else ""
    return bool(prev) and prev[:1].isupper() and not prev.endswith((".", "!", "?", ":", '"', "”", "“"))


def _title_case(sentence: str) -> bool:
    """Whether a sentence is written in Title Case (a headline): capitals then say nothing about names."""
    words = [w for w in sentence.split() if len(w) >= 4 and w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) * 3 >= len(words) * 2


def headline(text: str) -> tuple[int, int] | None:
    """The span of the article's headline: its first non-empty line when that line reads like one
    (at most 20 words, no full stop at its end, followed by a line break)."""
    pos = 0
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    end = text.find("\n", pos)
    if end < 0:
        return None
    line = text[pos:end].rstrip()
    if not line or len(line.split()) > 20 or line.endswith((".", ";", ",")):
        return None
    return pos, pos + len(line)


def generalisation(text: str, lang: str | None = None) -> tuple[int, int, int] | None:
    """A headline that states an effect ("Acupuncture Eases Depression in Pregnancy", "Zika Virus
    Could Destroy Brain Cancer"): the span of the effect phrase the strength classifier read and the
    headline's strength level (3 direct, 2 hedged), or None."""
    span = headline(text)
    if span is None:
        return None
    from claimcheck.strength.classifier import classify_plain, explain

    line = text[span[0]:span[1]]
    level = classify_plain(line, lang).level
    if level < 2:
        return None
    if _has(_WORD.findall(line.lower()), _phrases("generalisation", "hedges")):
        level = 2
    hits = explain(line, lang)
    low = line.lower()
    for category in _PRESENT_EFFECT:
        for cue in hits.get(category, ()):
            if cue.endswith("ed"):
                continue  # a past tense reports what happened in the study
            i = low.find(cue.lower())
            after = _WORD.findall(low[i + len(cue):]) if i >= 0 else []
            if i >= 0 and after and (after[0],) not in _phrases("generalisation", "no_object"):
                return span[0] + i, span[0] + i + len(cue), level
    return None


def judge(text: str, start: int, end: int, entry: Entry, low: str | None = None,
          bounds: tuple[int, int] | None = None) -> str | None:
    """Why the candidate at text[start:end] is not raised, or None when its context lets it stand.

    Reasons: negated, asked, sought, conditional, name, literal, natural, established, rebutted,
    comparative, harm. `low` is `text` lower-cased with the same offsets (pass it when judging many).
    """
    low = text.lower() if low is None or len(low) != len(text) else low
    s, e = bounds if bounds is not None else _sentence_bounds(text, start, end)
    sentence = _WORD.findall(low[s:e])
    before_clause = _WORD.findall(_clause_before(low, s, start))
    after_clause = _WORD.findall(_clause_after(low, end, e))
    window = int(context().get("window", 5))
    before = before_clause[-window:]
    cat = entry.category
    negation = _has(before, _phrases("negated", "before")) or _has(after_clause[:4], _phrases("negated", "after"))
    if entry.type != "spin" and entry.negated == "drop" and negation:
        return "negated"
    if entry.type == "animal":
        # Where a finding was made is told, hedged or not; only background makes it someone else's.
        return "established" if _has(sentence, _phrases("established", "anywhere")) else None
    if text[s:e].rstrip().rstrip("\"'”’)").endswith("?"):
        return "asked"
    if entry.raise_ == "never":
        return None
    if _has(before_clause[-6:], _phrases("sought", "before")):
        return "sought"
    if _has(before_clause, _phrases("conditional", "before")) \
            or _prefix_has(before_clause, _phrases("conditional", "start")):
        return "conditional"
    around = _WORD.findall(low[max(s, start - 25):min(e, end + 25)])
    if (not _title_case(text[s:e]) and in_a_name(text, start, end)) or _has(around, _phrases("names")):
        return "name"
    natural = cat in ("cure", "permanence", "promise") and _has(sentence, _phrases("natural", "anywhere"))
    if natural:
        return "natural"
    if entry.object == "health":
        cue_words = _WORD.findall(low[start:end])
        nearby = after_clause[:5] + cue_words[1:]
        if low[start:end].endswith("ed") or entry.lang == "nl":
            nearby += before[-5:]  # a passive ("patients were cured") or a Dutch verb after its object
        suffixes = tuple(context()["health_object"].get("suffixes", ()))
        if not _has(nearby, _phrases("health_object")) and not any(w.endswith(suffixes) for w in nearby):
            return "literal"
    if cat in ("certainty", "cure", "hype", "novelty") and _has(sentence, _phrases("established", "anywhere")):
        return "established"
    if cat == "certainty" and len(_WORD.findall(low[start:end])) == 1 and before_clause \
            and (before_clause[-1],) in _phrases("attributive"):
        return "established"  # "een bewezen behandeling": an established treatment
    if cat == "certainty" and low[start:end].startswith("prov") and before_clause \
            and (before_clause[-1],) not in _phrases("certainty_subjects"):
        return "established"  # "the only treatment proven to": a description, not the article's claim
    if cat == "cure" and after_clause[:1] and _has(after_clause[:2], _phrases("quantity")):
        return "quantified"  # "cures about half of people": a reported rate
    if _has(sentence, _phrases("rebutted", "anywhere")):
        return "rebutted"
    if entry.object == "effect":
        if before and _has(before[-2:], _phrases("degree", "before")):
            return "comparative"
        if _has(after_clause[:3], _phrases("improvement", "harm")):
            return "harm"
        if not _has(sentence, _phrases("improvement")):
            return "literal"
    return None


def negated(text: str, start: int, end: int, bounds: tuple[int, int] | None = None) -> bool:
    """Whether the words at text[start:end] are negated in their clause ("don't protect", "helpen niet")."""
    low = text.lower()
    s, e = bounds if bounds is not None else _sentence_bounds(text, start, end)
    before = _WORD.findall(_clause_before(low, s, start))[-int(context().get("window", 5)):]
    after = _WORD.findall(_clause_after(low, end, e))[:4]
    return _has(before, _phrases("negated", "before")) or _has(after, _phrases("negated", "after"))


def voice(text: str, start: int, bounds: tuple[int, int] | None = None, verbs: bool = True) -> str:
    """``quoted`` when the words at `start` are a source's (inside quotation marks in their paragraph,
    or, unless `verbs` is False, in a sentence with a verb of saying), else ``own``: the article's own
    voice."""
    para_start = text.rfind("\n\n", 0, start) + 1
    piece = text[para_start:start]
    opened = sum(piece.count(q) for q in _QUOTES_OPEN) - sum(piece.count(q) for q in _QUOTES_CLOSE)
    if opened > 0 or piece.count('"') % 2 == 1:
        return "quoted"
    if re.search(r"(?:^|[\s(])['‘]$", text[max(0, start - 2):start]):
        return "quoted"  # a single-quoted phrase: "New drug 'big deal' in ..."
    if not verbs:
        return "own"
    s, e = bounds if bounds is not None else _sentence_bounds(text, start, start + 1)
    words = _WORD.findall(text[s:e].lower())
    if _has(words, _phrases("quoted", "verbs")):
        return "quoted"
    return "own"


@cache
def _entries_of(categories: frozenset[str] | None) -> tuple[Entry, ...]:
    return tuple(e for e in entries() if categories is None or e.category in categories)


def candidates(text: str, low: str | None = None, categories: frozenset[str] | None = None) -> list[Cue]:
    """Every overstatement candidate in `text`, in order. A candidate whose context makes it no claim
    ("no cure", "not proven", "the search for a cure", a name, a literal use) is left out; the others
    carry the reason they are not raised (asked, conditional, natural, established, rebutted) or None."""
    low = text.lower() if low is None or len(low) != len(text) else low
    found: list[Cue] = []
    starts = _starts(low, categories)
    for entry in _entries_of(categories):
        for m in _finditer(entry, low, starts):
            if m.end() <= m.start():
                continue
            blocked = judge(text, m.start(), m.end(), entry, low)
            if blocked in _NO_CLAIM and not (blocked == "negated" and entry.negated == "keep"):
                continue
            found.append(Cue(m.start(), m.end(), entry, blocked))
    # Of two nested candidates the one that may be raised wins ("dramatic" hype inside "dramatic
    # benefit", an effect statement), then the longer one.
    found.sort(key=lambda c: (c.entry.raise_ == "never", -(c.end - c.start), c.start))
    kept: list[Cue] = []
    for cue in found:
        if any((k.start <= cue.start and cue.end <= k.end) or (cue.start <= k.start and k.end <= cue.end)
               for k in kept):
            continue
        kept.append(cue)
    kept.sort(key=lambda c: (c.start, c.end))
    return kept


_WORD_START = r"(?<![\w-])"  # how `entries` begins every cue's regex


@cache
def _any_at(categories: frozenset[str] | None) -> re.Pattern[str] | None:
    """A zero-width regex that matches at every position where a cue of `categories` matches (None
    when the cues cannot be joined into one): one scan finds where each cue's own regex needs trying."""
    bodies = [e.regex.pattern for e in _entries_of(categories)]
    if not bodies or any(re.search(r"\\\d|\(\?P[<=]|\(\?[aiLmsux]+\)", b) for b in bodies):
        return None
    lead = _WORD_START if all(b.startswith(_WORD_START) for b in bodies) else ""  # tried once per position
    try:
        return re.compile(lead + "(?=" + "|".join(f"(?:{b[len(lead):]})" for b in bodies) + ")")
    except re.error:
        return None


_JOIN_FROM = 4000  # characters: below this the joined regex would cost more to compile than it saves


def _starts(low: str, categories: frozenset[str] | None) -> list[int] | None:
    """Where any cue of `categories` matches in `low` (None: unknown, scan everything)."""
    if len(low) < _JOIN_FROM and _any_at.cache_info().currsize == 0:  # type: ignore[attr-defined]
        return None
    joined = _any_at(categories)
    return None if joined is None else [m.start() for m in joined.finditer(low)]


def _finditer(entry: Entry, low: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """`entry.regex.finditer(low)`, trying only the positions in `starts` (every position where any
    cue matches, so the same matches come out; an empty match falls back to the plain scan)."""
    if starts is None:
        yield from entry.regex.finditer(low)
        return
    found: list[re.Match[str]] = []
    pos = 0
    for p in starts:
        if p < pos:
            continue
        m = entry.regex.match(low, p)
        if m is None:
            continue
        if m.end() == m.start():
            yield from entry.regex.finditer(low)
            return
        found.append(m)
        pos = m.end()
    yield from found


@cache
def _prefilter(categories: frozenset[str] | None) -> re.Pattern[str]:
    """One regex that matches wherever any cue of `categories` may: a cheap first look."""
    return re.compile("|".join(f"(?:{e.regex.pattern})" for e in _entries_of(categories)) or "(?!x)x")


def raised(sentence: str, categories: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(cue text, category) of the candidates in `sentence` (of `categories`, default all) that its
    context lets stand."""
    if not _prefilter(categories).search(sentence.lower()):
        return []
    return [(sentence[c.start:c.end], c.entry.category) for c in candidates(sentence, None, categories)
            if c.blocked is None and c.entry.raise_ != "never"]

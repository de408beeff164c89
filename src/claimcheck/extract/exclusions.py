"""Stretches of text whose numbers are no claims: dates, times, prices, phone numbers, addresses,
page and issue references, URLs and list numbering.

`blocked_spans` finds them over the whole text (language-independent: Dutch and English words
together) and returns `(rule_id, start, end)` triples. The numeric rules skip any number that
overlaps one. Token-level exclusions (footnote markers, labels like "fase 3", years, ages, scales)
live with the numeric rules in `numeric.py`.

Every pattern starts with a digit, a literal or (on the case-folded text) a lower-case word, so the
regex engine skips quickly over text that cannot match; see `lexicon.Finder`.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from claimcheck.extract.lexicon import Finder, alternation, fold, load

_Y = r"(?:19|20)\d{2}"
_SUFFIX = r"(?:e|ste|de|st|nd|rd|th)?"


def _lead(cls: str) -> str:
    """One digit not preceded by a character of `cls` (a regex class body)."""
    return rf"[0-9](?<![{cls}][0-9])"


def _words(key: str) -> str:
    return alternation(w.lower() for w in load("exclusions")[key])


@cache
def finders() -> tuple[tuple[str, Finder, int], ...]:
    """(rule id, finder, group to block) for every span-level exclusion."""
    data = load("exclusions")
    ambiguous = set(data["ambiguous_months"])
    safe = alternation(m for m in data["months"] if m not in ambiguous)
    amb = alternation(ambiguous)
    mon = alternation(data["months"])
    streets = alternation(s.rstrip(".") for s in data["street_suffix"])
    nl_street = alternation(data["street_words_nl"])
    cur_before = alternation(data["currency_before"])
    cur_after = _words("currency_after")
    scales = r"(?:\s*(?:miljoen|miljard|million|billion|mln|bn|k)(?![\w]))?"
    not_name = alternation(load("entities")["institution_patterns"]["not_name"])
    minutes = rf"{_words('reading_minutes')}(?![\w])"
    # Patterns that start with a digit run as two combined scans (folded text / original text):
    # (rule, characters that may not precede the first digit, the rest of the pattern).
    day = rf"[0-9]?{_SUFFIX}"
    folded_digit = [
        ("not-date", r"\w.,", rf"{day}\.?\s+{safe}\.?(?:,?\s+{_Y})?(?![\w])"),
        ("not-date", r"\w.,", rf"{day}\.?\s+{amb}\.?,?\s+{_Y}(?![\w])"),
        ("not-date", r"\w", rf"(?:(?<=1)9|(?<=2)0)\d{{2}}\s+{mon}\.?(?:\s+[0-3]?\d)?(?![\w])"),
        ("not-time-of-day", r"\w.,", r"[0-9]?[.:][0-5]\d\s*(?:tot|-|–|to)\s*[0-9]{1,2}[.:][0-5]\d\s*"
                                     r"(?:uur|u\.|h|am|pm|a\.m\.|p\.m\.)(?![\w])"),
        ("not-time-of-day", r"\w.,", r"[0-9]?[.:][0-5]\d\s*(?:uur|u\.|h)(?![\w])"),
        ("not-time-of-day", r"\w.,", r"[0-9]?(?:[.:][0-5]\d)?\s*(?:a\.m\.|p\.m\.|am|pm)(?![\w])"),
        ("not-price", r"\w.,", rf"[\d.,]*{scales}\s*{cur_after}(?![\w])"),
        ("not-reading-time", r"\w.,", rf"\d*\s*[-‐]?\s*{minutes}\s+{_words('reading_after')}(?![\w])"),
    ]
    plain_digit = [
        ("not-date", r"\w.,/-", r"[0-9]?[-/.][01]?\d[-/.](?:19|20)?\d{2}(?![\w.,/-])"),
        ("not-date", r"\w.,/-", r"(?:(?<=1)9|(?<=2)0)\d{2}-[01]\d-[0-3]\d(?![\w.,/-])"),
        ("not-time-of-day", r"\w.,:", r"[0-9]?:[0-5]\d(?::[0-5]\d)?(?![\w:])"),
        ("not-phone", r"\w.,", r"(?<=0)\d{1,3}[-\s]\d{6,8}(?![\w])"),
        ("not-phone", r"\w.,", r"(?<=0)\d{2,3}[-\s]\d{3}[-\s]?\d{2,4}(?![\w])"),
        ("not-phone", r"\w.,-", r"\d{2}-\d{3}-\d{4}(?![\w])"),
        ("not-address", r"\w.,", rf"\d{{0,4}}\s+(?:[A-Z][a-z]+\s+){{1,3}}{streets}\.?(?![\w])"),
        ("not-address", r"\w", r"\d{3}\s?[A-Z]{2}(?![\w])"),
        ("not-price", r"\w.,", r"\d*,-"),
    ]
    lw = _lead(r"\w.,")
    lws = _lead(r"\w.,/")
    lx = _lead(r"\w")
    table: list[tuple[str, Finder, int]] = [
        ("", _combined(folded_digit), 0),
        ("", _combined(plain_digit, folded=False), 0),
        ("not-url", Finder(r"(?:https?://|www\.)[^\s<>\"']+", folded=True), 0),
        ("not-url", Finder(r"@[\w-]+(?:\.[\w-]+)+", left=r"[\w.+-]+$", extend=True), 0),
        ("not-url", Finder(r"\.(?:nl|com|org|be|net|eu|uk|gov|info|io|edu|int)(?![\w])(?:/[^\s<>\"']*)?",
                           left=r"(?<![\w@/.])[\w-]+(?:\.[\w-]+)*$", extend=True), 0),
        ("not-date", Finder(rf"(?:{safe}\.?\s+[0-9]{{1,2}}{_SUFFIX}(?:,?\s+{_Y})?"
                            rf"|{mon}\.?(?:\s+[0-9]{{1,2}}{_SUFFIX},?\s+{_Y}|,?\s+{_Y}))(?![\w])", folded=True,
                            boundary=True, anchors=data["months"]), 0),
        ("not-time-of-day", Finder(r"(?:om|vanaf)\s+[0-9]{1,2}(?:[.:][0-5]\d)?\s+uur(?![\w])", folded=True,
                                   boundary=True, anchors=("om", "vanaf")), 0),
        ("not-price", Finder(rf"{cur_before}\s?[0-9][\d.,]*{scales}(?:,-)?"), 0),
        ("not-phone", Finder(r"\(\d{3}\)\s?\d{3}[-\s.]\d{4}(?![\w])"), 0),
        ("not-phone", Finder(r"\+\d{1,3}(?:[\s-]?\(?\d{1,4}\)?){2,5}(?![\w])"), 0),
        ("not-page-ref", Finder(rf"{_words('page_words')}\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?", folded=True,
                                boundary=True, anchors=data["page_words"]), 0),
        ("not-issue-number", Finder(rf"{_words('issue_words')}\s*[0-9]+(?:\s*/\s*[0-9]+)?", folded=True,
                                    boundary=True, anchors=data["issue_words"]), 0),
        ("not-issue-number", Finder(rf"{lws}[0-9]?/(?:\d{{2}}|\d{{4}})(?![\w/])",
                                    left=rf"(?<![\w])(?!{not_name}\s)(?:[A-Z]{{2,}}[A-Za-z]*|[A-Z][a-z]+)\s+$"), 0),
        ("not-address", Finder(rf"{lw}\d{{0,3}}(?:\s?[a-zA-Z](?![\w]))?",
                               left=rf"(?<![\w])(?![A-Z][a-z]*ing\s)[A-Z][a-zà-ÿ]*{nl_street}\s+$", extend=True), 0),
        ("not-address", Finder(rf"{lx}\d{{4}}(?:-\d{{4}})?(?![\w])", left=r"(?<![\w])[A-Z]{2}\s+$",
                               extend=True), 0),
        ("not-reading-time", Finder(rf"{_words('reading_before')}\s*:?\s*(?:ca\.?\s*|ongeveer\s+|about\s+)?"
                                    rf"[0-9]+\s*{minutes}", folded=True, boundary=True,
                                    anchors=data["reading_before"]), 0),
        ("not-address", Finder(r"(?:postbus|p\.?o\.? box)\s+[0-9]+", folded=True, boundary=True,
                               anchors=("postbus", "p.o. box", "p.o box", "po. box", "po box")), 0),
        ("not-list-numbering", Finder(rf"{lw}[0-9]{{0,2}}[.)](?=[ \t\r\n]|\Z)",
                                      left=r"(?:^|\n)[ \t]*(?:[•·▪*\-–][ \t]*)?$", left_width=12), 0),
    ]
    return tuple(table)


def _combined(entries: list[tuple[str, str, str]], folded: bool = True) -> Finder:
    """One scan for several digit-led patterns; each alternative is a group named r<i>_<rule>."""
    alts = [f"(?<![{cls}][0-9])(?P<r{i}_{rule.replace('-', '_')}>{rest})"
            for i, (rule, cls, rest) in enumerate(entries)]
    return Finder("[0-9](?:" + "|".join(alts) + ")", folded=folded)


def _rule_of(m: object) -> str:
    name = getattr(m, "lastgroup", None) or ""
    return name.split("_", 1)[1].replace("_", "-") if "_" in name else "not-date"


def blocked_spans(text: str, folded: str | None = None) -> list[tuple[str, int, int]]:
    """Every excluded stretch of `text` as (rule id, start, end), in no particular order."""
    folded = fold(text) if folded is None else folded
    out: list[tuple[str, int, int]] = []
    for rule, finder, group in finders():
        for s, e, m in finder.spans(text, folded, group=group):
            if s < e:
                out.append((rule or _rule_of(m), s, e))
    return out


class SpanIndex:
    """Answers "does [start, end) overlap any recorded span, and by which rule?" quickly."""

    __slots__ = ("_ends", "_maxend", "_rules", "_starts")

    def __init__(self, spans: list[tuple[str, int, int]]) -> None:
        ordered = sorted(spans, key=lambda t: (t[1], t[2]))
        self._starts = [s for _, s, _ in ordered]
        self._ends = [e for _, _, e in ordered]
        self._rules = [r for r, _, _ in ordered]
        running = -1
        self._maxend: list[int] = []
        for e in self._ends:
            running = max(running, e)
            self._maxend.append(running)

    def hit(self, start: int, end: int) -> str | None:
        """The rule of a span overlapping [start, end), or None."""
        i = bisect_left(self._starts, end) - 1
        if i < 0 or self._maxend[i] <= start:
            return None
        while i >= 0 and self._maxend[i] > start:
            if self._ends[i] > start:
                return self._rules[i]
            i -= 1
        return None

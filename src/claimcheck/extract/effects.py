"""Effect sizes (SMD, Hedges' g, Cohen's d, OR/RR/HR, mean differences, NNT) with their confidence
intervals and P values, and P values standing alone. Measures come from `data/measures.toml`.
"""

from __future__ import annotations

import re
from functools import cache

from claimcheck.extract.candidate import Candidate, tidy
from claimcheck.extract.lexicon import Finder, alternation, fold, load, normalise_key

_NUM = r"[-−–]?\s?(?:\d+(?:[.,]\d+)?|[.,]\d+)"
_REL = r"(?:<=|>=|=|<|>|≤|≥)"
_P_REL_QUALIFIER = {"<": "less_than", "<=": "at_most", "≤": "at_most", ">": "more_than", ">=": "at_least",
                    "≥": "at_least", "=": None}


@cache
def _measures() -> dict[str, str]:
    table: dict[str, str] = {}
    for item in load("measures")["measure"]:
        for alias in [item["name"], *item["aliases"]]:
            table[normalise_key(alias)] = item["name"]
    return table


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Full effect-size patterns, matched where a trigger (`_triggers`) found a measure."""
    items = load("measures")["measure"]
    short = [a for item in items for a in item["aliases"] if len(a) <= 4]
    long = [a for item in items for a in item["aliases"] if len(a) > 4]
    ci_markers = alternation(load("measures")["ci"]["markers"])
    ci = (rf"(?P<ci>\s*[,;(\[]?\s*(?:\d{{2}}\s?%[\s-]?)?(?-i:{ci_markers})\s*[:,=]?\s*(?P<lo>{_NUM})\s*"
          rf"(?:-|–|—|to|tot|,|;)\s*(?P<hi>{_NUM})\s*[)\]]?)?")
    pval = (rf"(?P<pp>\s*[,;(]?\s*(?-i:[Pp])\s*(?:-?\s*(?:value|waarde))?\s*(?P<rel>{_REL})\s*"
            rf"(?P<pv>\d*[.,]?\d+)\s*\)?)?")
    return {
        "long": re.compile(
            rf"(?P<m>{alternation(long)})(?:\s*\((?:[A-Za-z'’ ]{{1,12}})\))?"
            rf"(?P<gap>(?:\s+(?!{_NUM})[\w'’-]+){{0,5}}?)\s*[:=,]?\s*(?P<v>{_NUM})(?![\w.,]\d)(?![\w])"
            + ci + pval, re.IGNORECASE),
        "short": re.compile(
            rf"(?P<m>(?-i:{alternation(short)}))\s*(?:[:=,]|\s(?:of|van|was|is|were|van\s+de))?\s*"
            rf"(?P<v>{_NUM})(?![\w.,]\d)(?![\w])" + ci + pval, re.IGNORECASE),
        "p": re.compile(
            rf"(?-i:[Pp])(?:\s*-?\s*(?:value|waarde))?\s*(?P<rel>{_REL})\s*(?P<pv>0?[.,]\d+|1(?:[.,]0+)?|0)(?![\w])"
            rf"|(?-i:[Pp])-(?:value|waarde)\s+(?:of|van|was|is|bedroeg)\s+(?P<rel2>)(?P<pv2>0?[.,]\d+)(?![\w])",
            re.IGNORECASE),
    }


@cache
def _triggers() -> dict[str, Finder]:
    items = load("measures")["measure"]
    short = [a for item in items for a in item["aliases"] if len(a) <= 4]
    long = [a.lower() for item in items for a in item["aliases"] if len(a) > 4]
    return {
        "long": Finder(alternation(long) + r"(?![\w])", folded=True, boundary=True, anchors=long),
        "short": Finder(alternation(short) + r"(?![\w])", boundary=True, anchors=short),
        "p": Finder(rf"[Pp](?<![\w][Pp])(?:\s*-?\s*(?:value|waarde))?(?:\s*{_REL}|\s+(?:of|van|was|is|bedroeg)\s)"),
    }


def to_float(raw: str | None) -> float | None:
    """A decimal number from an effect-size text: either separator is a decimal mark, any dash a minus."""
    if not raw:
        return None
    s = raw.replace("−", "-").replace("–", "-").replace(" ", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def find_effects(text: str, folded: str | None = None) -> list[Candidate]:
    """Effect-size and P-value claims in `text` (effect sizes absorb their own P values), by start."""
    folded = fold(text) if folded is None else folded
    pats = _patterns()
    trig = _triggers()
    out: list[Candidate] = []
    for key in ("long", "short"):
        for s, _, _ in trig[key].spans(text, folded):
            m = pats[key].match(text, s)
            if m is None or any(c.overlaps(m.start(), m.end()) for c in out):
                continue
            value = to_float(m.group("v"))
            if value is None or (key == "short" and abs(value) >= 100):
                continue
            measure = _measures().get(normalise_key(m.group("m")), m.group("m"))
            details: dict[str, object] = {"measure": measure, "ci": None, "p": None}
            lo, hi = to_float(m.group("lo")), to_float(m.group("hi"))
            if lo is not None and hi is not None:
                details["ci"] = [lo, hi]
            pv = to_float(m.group("pv"))
            if pv is not None:
                details["p"] = pv
                details["p_relation"] = m.group("rel")
            out.append(Candidate("effect_size", m.start(), m.end(), ["effect-size"], value=tidy(value),
                                 details=details, priority=3))
    for s, _, _ in trig["p"].spans(text, folded):
        m = pats["p"].match(text, s)
        if m is None or any(c.overlaps(m.start(), m.end()) for c in out):
            continue
        value = to_float(m.group("pv") or m.group("pv2"))
        if value is None or value > 1:
            continue
        rel = m.group("rel") or "="
        out.append(Candidate("effect_size", m.start(), m.end(), ["p-value"], value=value,
                             qualifier=_P_REL_QUALIFIER.get(rel), details={"measure": "p", "p": value,
                                                                           "p_relation": rel}, priority=3))
    out.sort(key=lambda c: c.start)
    return out

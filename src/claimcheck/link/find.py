"""Evidence in one document: every place it names, cites or numbers a register entry.

One pass over the document's folded tokens finds the names (index.names); one regex pass finds the
numbers; identifiers come from the citations and links extract found. A span a name shares with
several sources stays one `Spot` with every candidate; `link.decide` gives it to one of them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from claimcheck.link.index import FUZZY_PREFIX, LinkIndex
from claimcheck.link.signals import core, found, signals, stem_pattern
from claimcheck.link.versions import years_in
from claimcheck.model import DocumentResult

if TYPE_CHECKING:
    from claimcheck.register import Register

_TOKEN = re.compile(r"\w+")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:(?:,|\.|\u00a0)\d{3})+|\d+(?:[.,]\d+)?)(?![\w]|[.,]\d)")
_PERCENT = re.compile(r"\s?(?:%|percent\b|per cent\b|procent\b)")
#: Similarity (0-100) from which a run of words is taken as a long name.
FUZZY_SCORE = 90
_ETAL = re.compile(r"\s*(?:et\s+al\b|e\.a\.|and\s+colleagues|and\s+his\s+colleagues|and\s+her\s+colleagues|"
                   r"en\s+collega|and\s+co-?workers|'s\s+team|'s\s+group|'s\s+study)")


@dataclass(slots=True)
class Spot:
    """One piece of evidence at a span, with the sources it may belong to (source, signal)."""

    start: int
    end: int
    text: str
    candidates: list[tuple[str, str]]


def identifiers(result: DocumentResult, register: Register) -> list[Spot]:
    """DOIs, PMIDs, PMC ids and links (citations and the document's links) that name a source."""
    out: list[Spot] = []
    for citation in result.citations:
        source, signal = None, ""
        if citation.doi:
            source, signal = register.by_doi(citation.doi), "doi"
        if source is None and citation.pmid:
            source, signal = register.by_pmid(citation.pmid), "pmid"
        if source is None and citation.text.upper().startswith("PMC"):
            source, signal = register.by_pmcid(citation.text.strip()), "pmcid"
        if source is None and citation.url:
            try:
                source, signal = register.by_url(citation.url), "url"
            except ValueError:
                source = None
        if source is not None:
            citation.source = source.id
            out.append(Spot(citation.start or 0, citation.end or 0, citation.text, [(source.id, signal)]))
    for link in result.document.links:
        try:
            source = register.by_url(link.url)
        except ValueError:  # a malformed address names no source
            continue
        if source is not None:
            out.append(Spot(link.start or 0, link.end or 0, link.url, [(source.id, "url")]))
    return out


def names(text: str, folded: str, index: LinkIndex) -> list[Spot]:
    """Aliases, journals, institutions and first authors, with the year or "et al." beside them.

    Only where a token begins some register name are the following tokens read.
    """
    out: list[Spot] = []
    skip = signals().function_words
    longest = index.longest_name
    table = index.names
    fuzzy = index.fuzzy
    for first in _TOKEN.finditer(folded):
        word = first.group()
        if word not in table:
            # a misspelt or inflected long name is looked for where a capitalised word starts one
            if word[:FUZZY_PREFIX] in fuzzy and word not in skip and text[first.start()].isupper():
                found_fuzzy = _fuzzy(folded, first.start(), index)
                if found_fuzzy is not None:
                    out.append(_spot(text, folded, index, found_fuzzy, first.start()))
            continue
        fuzzy_here = word[:FUZZY_PREFIX] in fuzzy and word not in skip and text[first.start()].isupper()
        toks = [(word, first.start(), first.end())]
        words = (word,)
        pos = first.end()
        # read on only while the words so far begin some name
        while len(toks) < longest and words in index.prefixes:
            m = _TOKEN.search(folded, pos)
            if m is None:
                break
            toks.append((m.group(), m.start(), m.end()))
            words = (*words, m.group())
            pos = m.end()
        lengths = index.names.get(words[0], {})
        best: tuple[int, list] | None = None
        for n in sorted(lengths, reverse=True):
            rows = lengths[n].get(words[:n])
            if not rows:
                continue
            start, end = toks[0][1], toks[n - 1][2]
            kept = [r for r in rows if r.exact is None or text[start:end] == r.exact]
            if kept:
                best = (n, kept)
                break
        if fuzzy_here and (best is None or best[0] < index.fuzzy_longest.get(word[:FUZZY_PREFIX], 0)):
            near = _fuzzy(folded, toks[0][1], index)
            if near is not None and (best is None or near[0] > best[0]):
                best = near
        if best is None:
            continue
        out.append(_spot(text, folded, index, best, toks[0][1]))
    # A name inside a longer one ("the Lancet" in "the Lancet Low Back Pain Series") is part of it.
    out.sort(key=lambda spot: (spot.start, -spot.end))
    kept_spots: list[Spot] = []
    reach = -1
    for spot in out:
        if spot.end <= reach:
            continue  # inside the longer name before it
        kept_spots.append(spot)
        reach = max(reach, spot.end)
    return kept_spots


def _spot(text: str, folded: str, index: LinkIndex, found: tuple[int, list], start: int) -> Spot:
    """The spot of a name of `n` tokens from `start`, its rows' signals made exact by what stands
    beside it: a year of the source (author-year, journal-year, body-year) or "et al."."""
    n, rows = found
    spans = [(m.start(), m.end()) for m in itertools.islice(_TOKEN.finditer(folded, start), n)]
    end = spans[-1][1]
    years = years_in(folded, max(0, start - 30), min(len(folded), end + signals().year_window))
    candidates: list[tuple[str, str]] = []
    for row in rows:
        signal = row.signal
        dated = any(y in index.years[row.source] for y in years)
        if signal == "author":
            if dated:
                signal = "author-year"
            elif _ETAL.match(text, end):
                signal = "author-etal"
        elif signal == "journal" and dated:
            signal = "journal-year"
        elif signal == "body" and dated:
            signal = "body-year"
        candidates.append((row.source, signal))
    return Spot(start, end, text[start:end], candidates)


def _fuzzy(folded: str, start: int, index: LinkIndex) -> tuple[int, list] | None:
    """A long name written a little differently ("Pain Reprocessing-therapie"), from `start`."""
    from rapidfuzz import fuzz

    first = _TOKEN.match(folded, start)
    if first is None:
        return None
    options = index.fuzzy.get(first.group()[:FUZZY_PREFIX], ())
    if not options:
        return None
    second = _TOKEN.search(folded, first.end())
    if second is None:
        return None
    # a name is only misspelt a little: its second word starts as written
    options = [t for t in options if t[1][:2] == second.group()[:2]]
    if not options:
        return None
    longest = max(len(t) for t in options)
    words = [m.group() for m in itertools.islice(_TOKEN.finditer(folded, start), longest)]
    best: tuple[float, tuple[str, ...]] | None = None
    for toks in options:
        n = len(toks)
        window = words[:n]
        if len(window) < n or tuple(window) == toks:
            continue
        score = fuzz.ratio(" ".join(window), " ".join(toks), score_cutoff=FUZZY_SCORE)
        if score and (best is None or score > best[0]):
            best = (score, toks)
    if best is None:
        return None
    toks = best[1]
    rows = [r for r in index.names[toks[0]][len(toks)][toks] if r.exact is None]
    return (len(toks), rows) if rows else None


def guideline_words(folded: str, spots: list[Spot]) -> list[Spot]:
    """'guideline', 'recommends', 'richtlijn' next to a body: the body's guidance (one per body spot)."""
    sig = signals()
    out: list[Spot] = []
    for spot in spots:
        bodies = [(s, g) for s, g in spot.candidates if g in ("body", "body-year")]
        if not bodies:
            continue
        lo, hi = max(0, spot.start - 60), min(len(folded), spot.end + 60)
        for word in sig.guideline_words:
            m = found(folded, word, lo, hi)
            if m:
                out.append(Spot(m.start(), m.end(), folded[m.start():m.end()],
                                [(s, "guideline-word") for s, _ in bodies]))
                break
    return out


_UNIT_WORD = re.compile(r"\s?%|\s(?:[a-z]+\s)?(?:adults|patients|participants|people|volunteers|men|women|"
                        r"deelnemers|patienten|mensen|volwassenen|proefpersonen)\b")


def _with_unit(folded: str, end: int, percent: bool) -> int:
    """The end of a number with its unit ("151 adults", "66%"), for showing the evidence."""
    m = (_PERCENT if percent else _UNIT_WORD).match(folded, end)
    return m.end() if m else end


def _value(raw: str) -> float | None:
    compact = raw.replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", compact):
        return float(re.sub(r"[ ,.]", "", compact))
    try:
        return float(compact.replace(",", "."))
    except ValueError:
        return None


def numbers(folded: str, index: LinkIndex) -> list[Spot]:
    """The register's distinctive numbers: totals and arm sizes as counts, result values as percentages."""
    out: list[Spot] = []
    for m in _NUMBER.finditer(folded):
        value = _value(m.group())
        if value is None:
            continue
        rows = index.numbers.get(value)
        if not rows:
            approx = _approximate(folded, m.start(), value, index)
            if approx:
                out.append(Spot(m.start(), m.end(), m.group(), approx))
            continue
        percent = bool(_PERCENT.match(folded, m.end()))
        if not percent and 1900 <= value <= 2100 and m.group().isdigit():
            continue  # a year, not a count
        kept = [(r.source, r.signal) for r in rows if (r.unit == "%") == percent]
        if kept:
            end = _with_unit(folded, m.end(), percent)
            out.append(Spot(m.start(), end, folded[m.start():end], kept))
    return out


def _approximate(folded: str, start: int, value: float, index: LinkIndex) -> list[tuple[str, str]]:
    """Studies whose total a rounded number ("zo'n 350") stands for."""
    from bisect import bisect_left, bisect_right

    sig = signals()
    if value < 100 or _PERCENT.match(folded, start + len(str(int(value)))):
        return []
    before = folded[max(0, start - 16):start]
    if not any(before.rstrip().endswith(w) for w in sig.approx_words):
        return []
    lo = bisect_left(index.totals, (value / (1 + sig.approx_tolerance), ""))
    hi = bisect_right(index.totals, (value / (1 - sig.approx_tolerance), "~"))
    return [(s, "number-approx") for _, s in index.totals[lo:hi]]


def arms(folded: str, index: LinkIndex, sources: set[str]) -> dict[str, tuple[int, int]]:
    """Sources two or more of whose arms the text names (one of them not a control): where the first
    named active arm stands."""
    out: dict[str, tuple[int, int]] = {}
    for source in sources:
        named: list[tuple[int, int, bool]] = []
        for words, control in index.arms.get(source, ()):
            spans = [m.span() for w in words for m in [found(folded, w)] if m]
            if spans:
                s, e = min(spans)
                named.append((s, e, control))
        active = sorted((s, e) for s, e, control in named if not control)
        if len(named) >= 2 and active:
            out[source] = active[0]
    return out


def terms(folded: str, stems: set[str]) -> dict[str, list[tuple[int, int]]]:
    """Every place each intervention stem stands in the text (stems not found are left out)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for stem in stems:
        if folded.find(core(stem)) < 0:
            continue
        spans = [(m.start(), m.end()) for m in stem_pattern(stem).finditer(folded)]
        if spans:
            out[stem] = spans
    return out


def follow_ups(folded: str, index: LinkIndex) -> list[Spot]:
    """"at five years", "5-year", "na drie jaar": a long follow-up some source reports."""
    if not index.follow_ups:
        return []
    sig = signals()
    units, number = _follow_up_patterns(tuple(sig.year_words), tuple(sig.number_words))
    out: list[Spot] = []
    for unit in units.finditer(folded):  # the year words first, then the number before each
        m = number.search(folded, max(0, unit.start() - 12), unit.start())
        if m is None:
            continue
        raw = m.group(1)
        years = int(raw) if raw.isdigit() else sig.number_words.get(raw)
        sources = index.follow_ups.get(years or -1)
        if sources:
            out.append(Spot(m.start(), unit.end(), folded[m.start():unit.end()],
                            [(s, "follow-up-time") for s in sorted(sources)]))
    return out


@cache
def _follow_up_patterns(units: tuple[str, ...], numbers: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    unit = re.compile(r"\b(?:" + "|".join(re.escape(u) for u in units) + r")\b")
    words = "|".join(sorted((re.escape(w) for w in numbers), key=len, reverse=True))
    number = re.compile(rf"(?<!\w)(\d{{1,2}}|{words})[\s-]+$")
    return unit, number


def results(claims: list, index: LinkIndex, limit: int) -> list[Spot]:
    """Percentages that state one of a source's results: its value and its time point (or outcome),
    as extract read them from the claim's own clause ("35% ... within nine months")."""
    out: list[Spot] = []
    for claim in claims:
        if claim.kind not in ("percentage", "ratio") or claim.value is None or claim.start >= limit:
            continue
        rows = index.results.get(float(round(claim.value, 1)))
        frame = claim.frame
        if not rows or frame is None:
            continue
        kept = []
        for source, weeks, outcome in rows:
            when = (weeks is not None and frame.timepoint_weeks is not None
                    and abs(weeks - frame.timepoint_weeks) <= max(1.0, 0.15 * weeks))
            what = bool(outcome) and frame.outcome == outcome
            if when or what:
                kept.append((source, "result"))
        if kept:
            out.append(Spot(claim.start, claim.end, claim.text, sorted(set(kept))))
    return out

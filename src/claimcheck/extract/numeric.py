"""Numeric claims in one sentence: percentages, counts, sample sizes, durations, ratios, ranges and
"N times as likely", each with its qualifier ("bijna", "more than") and subject ("deelnemers").

A number is a claim only together with what it is a number *of* (a percent sign, a time unit, a
counted noun, another number in "33 van de 50"); bare numbers are not. Numbers in excluded spans
(dates, prices, list numbering, …), footnote markers, labels ("fase 3"), years, ages and the level
of a confidence interval are skipped and recorded as suppressed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from claimcheck.extract.candidate import Candidate, tidy
from claimcheck.extract.context import DocContext
from claimcheck.extract.exclusions import SpanIndex
from claimcheck.extract.lexicon import Finder, alternation, boundary_before, load, normalise_key, words_pattern
from claimcheck.extract.numbers import Number, find_numbers, parse_digits

QUALIFIER_NAMES = ("nearly", "about", "more_than", "less_than", "at_least", "at_most")
_CHANGE_VERBS = (r"(?:fell|rose|dropped|declined|increased|decreased|went|grew|climbed|jumped|changed|improved|"
                 r"reduced|cut|slid|plummeted|soared|shrank|doubled|halved|moved|down|up)")


@dataclass(frozen=True, slots=True)
class Noun:
    """A counted noun: the claim kind it makes and the unit it is counted in."""

    kind: str  # sample_size | people | count
    unit: str


class Grammar:
    """The compiled patterns for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        units = load("units")
        quals = load("qualifiers")[lang]
        excl = load("exclusions")
        i = re.IGNORECASE

        self.percent = re.compile(r"\s?(?:%(?![\w-])|%|" + alternation(
            p for p in units["percent"][lang] if p != "%") + r"(?![\w]))", i)
        self.points = re.compile(r"\s?(?:" + alternation(units["percentage_points"][lang]) + r")(?![\w])", i)
        self.ci_after = re.compile(r"\s*-?\s*(?:" + alternation(load("measures")["ci"]["markers"]) + r")(?![\w])")

        self.time_units: dict[str, tuple[str, float]] = {}
        for word, (unit, factor) in units["time"][lang].items():
            self.time_units[word.lower()] = (unit, float(factor))
        self.time = re.compile(r"(?:\s+|\s*[-‐]\s*)(?P<u>" + alternation(self.time_units) + r")(?![\w])", i)
        self.duration_suffix = re.compile(r"\s+" + words_pattern(units["duration_suffix"][lang]), i)

        self.nouns: dict[str, Noun] = {}
        for group in units["nouns"]:
            if group["lang"] != lang:
                continue
            for word in group["words"]:
                self.nouns.setdefault(normalise_key(word), Noun(group["kind"], group["unit"]))
        stop = alternation(units["between_stop"][lang])
        noun_alt = alternation(w for g in units["nouns"] if g["lang"] == lang for w in g["words"])
        head = rf"(?P<n>(?:[^\W\d_]+-)?[^\W\d_]*?(?P<h>{noun_alt}))" if lang == "nl" else rf"(?P<n>(?P<h>{noun_alt}))"
        self.noun = re.compile(
            rf"(?P<gap>(?:\s+(?!{stop}(?![\w]))[^\W\d_][\w'’-]*){{0,3}}?)\s+{head}(?![\w])", i)
        self.noun_direct = re.compile(rf"\s+{head}(?![\w])", i)
        self.study_cue = re.compile(words_pattern(units["study_cues"][lang]), i)
        self.pronoun_people = re.compile(r"\s+" + words_pattern(units["pronoun_people"][lang]), i)
        lead_gap = r"(?:[^\W\d_]+\s+)?(?:er\s+)?" if lang == "nl" else ""
        self.group_lead = re.compile(r"^[\s\"'“‘«(]*" + alternation(units["group_lead"][lang])
                                     + r"\s+[0-9][0-9.,]*\s+(?:[^\W\d_][\w'’-]*\s+){0,2}?[^\W\d_][\w'’-]*\s*,?\s+"
                                     + lead_gap + r"$", i)
        self.pronoun_lead = re.compile(r"^[\s\"'“‘«(]*" + alternation(units["pronoun_lead"][lang])
                                       + r"\s*,?\s+" + lead_gap + r"$", i)
        self.rate_conn = re.compile(r"\s+" + alternation(units["rate_per"][lang]) + r"\s+", i)
        self.years_after = re.compile(r"\s+" + alternation(units["years_after_year_number"][lang]) + r"(?![\w-])", i)

        before = quals["before"]
        self.qual_before = re.compile(
            r"(?<![\w])(?:" + "|".join(f"(?P<{q}>{alternation(before.get(q, []))})" for q in QUALIFIER_NAMES)
            + r")\s*$", i)
        after = quals["after"]
        self.qual_after = re.compile(
            r"\s+(?:" + "|".join(f"(?P<{q}>{alternation(after[q])})" for q in after) + r")(?![\w])", i)
        self.qualifier_words = {normalise_key(w) for q in QUALIFIER_NAMES for p in before.get(q, [])
                                for w in p.split()}
        self.ellipsis_follow = re.compile(r"\s*[,;)]|\s+" + words_pattern(units["ellipsis_follow"][lang]), i)
        self.age_word = re.compile(r"(?<![\w])(?:ages?|aged|leeftijd|leeftijden|jarigen)(?![\w])", i)
        self.skip_for_duration = {normalise_key(w) for w in load("qualifiers")["skip_for_duration"][lang]}

        if lang == "nl":
            self.range_conn = re.compile(r"\s*[-–—]\s*|\s+(?:tot(?:\s+en\s+met)?|t/m|à|a)\s+", i)
            self.ratio_conn = re.compile(r"\s+(?P<c>op\s+de|op|van\s+(?:de|haar|hun|zijn)|van|uit)\s+", i)
            self.change_conn = re.compile(r"\s+naar\s+", i)
        else:
            self.range_conn = re.compile(r"\s*[-–—]\s*|\s+(?:to|through)\s+", i)
            self.ratio_conn = re.compile(
                r"\s+(?P<c>out\s+of\s+(?:the\s+|every\s+)?|of\s+(?:the\s+|its\s+|their\s+|our\s+)?"
                r"|in\s+(?:every\s+)?)", i)
            self.change_conn = re.compile(r"\s+to\s+", i)
        self.between_conn = re.compile(r"\s+(?:en|and)\s+", i)
        self.range_before = re.compile(r"(?<![\w])(?P<w>tussen(?:\s+de)?|between|van|from)\s+$", i)
        self.change_verb_before = re.compile(rf"(?<![\w]){_CHANGE_VERBS}(?:\s+\w+){{0,2}}\s+from\s+$", i)
        self.article_ratio_before = re.compile(
            r"(?<![\w])(?P<a>een|één|one|a)\s+(?P<c>op\s+de|op|in|out\s+of|of\s+every)\s+$", i)

        self.subject = re.compile(
            rf"\s+(?:van\s+(?:de|het|alle|die)\s+|van\s+|of\s+(?:the|all|those|these|their)\s+|of\s+)"
            rf"(?:(?!{stop}(?![\w]))[^\W\d_][\w'’-]*\s+){{0,2}}?{head}(?![\w])", i)
        self.subject_word = re.compile(
            rf"\s+(?:van\s+(?:de|het|alle)\s+|of\s+(?:the\s+|all\s+)?)(?!{stop}(?![\w]))(?P<w>[^\W\d_][\w'’-]+)", i)

        self.times = re.compile(
            r"(?:\s*[x×]|\s+(?:keer|maal|times))\s+(?P<c>zo\s+(?:veel|vaak|groot|hoog|klein|sterk|snel)"
            r"|as\s+(?:likely|many|much|high|often|common|large|fast|great)|more\s+likely|less\s+likely"
            r"|meer|hoger|groter|vaker|minder|lager|kleiner|higher|greater|larger|lower|more|less|likelier)(?![\w])",
            i)
        self.fold = re.compile(r"\s*-?\s*(?:fold|voudig)(?![\w])", i)

        self.labels = re.compile(r"(?<![\w])" + alternation(excl["labels"]) + r"\s*$", i)
        self.age_before = re.compile(r"(?<![\w])" + alternation(excl["age_before"]) + r"\s+$", i)
        self.age_people = re.compile(r"(?<![\w])" + alternation(excl["age_people"])
                                     + r"\s+(?:van|tussen(?:\s+de)?|boven\s+de|onder\s+de|of|aged)\s+$", i)
        self.age_people_direct = re.compile(r"(?<![\w])" + alternation(excl["age_people"]) + r"\s+$", i)
        self.age_after = re.compile(alternation(excl["age_after"]) + r"(?![\w])", i)
        self.frequency = re.compile(r"\s+" + alternation(excl["frequency_after"]) + r"(?![\w])", i)
        self.scale_before = re.compile(r"(?<![\w])" + alternation(excl["scale_before"]) + r"\s*$", i)
        self.year_before = re.compile(
            r"(?<![\w])(?:in|since|sinds|uit|van|tot|until|by|of|from|tussen|between|and|en|jaar|year|na|after|"
            r"before|voor|per|medio|eind|begin|early|late|mid|het|the|t/m|en)\s*$|[(\[]\s*$", i)

        self.fraction, self.fraction_follow = self._fraction_re()
        conv = load("numbers")[lang]
        self.ordinals = {k.lower(): float(v) for k, v in conv["ordinals"].items()}
        self.numer_values = {k.lower(): float(v) for k, v in [*conv["units"].items(), *conv["teens"].items()]}
        self.article_duration, self.article_pre = self._article_duration_re()
        self.multiplier = Finder(
            r"(?:twice|thrice|tweemaal|driemaal|viermaal|half|dubbel|twofold|threefold|fourfold|tenfold|"
            r"tweevoudige?|drievoudige?)(?![\w])", folded=True, boundary=True,
            anchors=("twice", "thrice", "tweemaal", "driemaal", "viermaal", "half", "dubbel", "twofold", "threefold",
                     "fourfold", "tenfold", "tweevoudig", "tweevoudige", "drievoudig", "drievoudige"))
        self.multiplier_rest = {
            "as": re.compile(r"\s+(?:as|zo)\s+\w+", i),
            "fold": re.compile(r"(?:\s+(?:higher|greater|increase|increased|more|lower|risk))?", i),
            "voudig": re.compile(r"(?:\s+(?:risico|kans|hoger|groter))?", i),
        }
        self.n_equals = Finder(r"=\s?(?P<v>[0-9][0-9.,\u00a0]*[0-9]|[0-9])(?![\w])", left=r"(?<![\w])[nN]\s?$",
                               extend=True, left_width=4)

    def _fraction_re(self) -> tuple[Finder, re.Pattern[str]]:
        """A finder for fraction denominators; numerators are looked for to their left."""
        conv = load("numbers")[self.lang]
        numer_words = [w.lower() for w in (*conv["units"], *conv["teens"], *conv["articles"])]
        numer = rf"(?:{alternation(numer_words)}|\d+)"
        extra = {"helft": 2.0, "kwart": 4.0} if self.lang == "nl" else {"half": 2.0}
        self.denominators = {**{k.lower(): float(v) for k, v in conv["ordinals"].items()}, **extra}
        gap = r"\s*" if self.lang == "nl" else r"\s*-\s*|\s+"
        self.fraction_num_left = re.compile(rf"(?<![\w])(?P<num>{numer})(?P<hy>{gap})$")
        if self.lang == "nl":
            follow_one = (r"(?:\s*(?:[,.;:)!?]|$)|\s+(?:van|deel|daarvan|hiervan|had|heeft|hadden|hebben|was|waren|is|"
                          r"zijn|werd|werden|kreeg|kregen|krijgt|krijgen|meldde|meldden|gaf|gaven|voelde|voelt|ervaart|"
                          r"ervaarde|herstelt|herstelde|blijft|bleef|stopte|stopten|overlijdt|overleed|ontwikkelt|"
                          r"ontwikkelde|lijdt|leed|gebruikt|gebruikte|zegt|zei|vond|vindt)(?![\w]))")
        else:
            follow_one = r"\s+of(?![\w])"
        # English numerators stand apart ("two thirds", "one-third"), so a denominator inside a word
        # is never a fraction there and English hits need a word start; Dutch ones are compounds
        english = self.lang == "en"
        finder = Finder(alternation(self.denominators) + r"(?![\w-])", folded=True, boundary=english,
                        anchors=list(self.denominators) if english else None)
        return finder, re.compile(follow_one, re.IGNORECASE)

    def _article_duration_re(self) -> tuple[Finder, re.Pattern[str]]:
        """A finder for singular time units; the article ("een", "a") is looked for to their left."""
        units = load("units")
        ad = units["article_duration"]
        singular = [w for w in self.time_units if not w.endswith(("en", "s")) or w in ("jaren",)]
        unit_alt = alternation(singular)
        if self.lang == "nl":
            pre = alternation([*ad["nl_before"], "van"])
            post = alternation(ad["nl_after"])
            self.article_left = re.compile(r"(?<![\w])(?P<a>een)\s+(?P<half>half\s+|halve\s+)?"
                                           r"(?:heel\s+|hele\s+|vol\s+|volle\s+|ruim\s+)?$")
            finder = Finder(rf"(?P<u>{unit_alt})(?P<post>\s+{post})?(?![\w])", folded=True, boundary=True,
                            anchors=singular)
        else:
            pre = alternation(ad["en_before"])
            post = alternation(ad["en_after"])
            self.article_left = re.compile(r"(?<![\w])(?:(?P<half2>half\s+)an?|(?P<a>an?))\s+"
                                           r"(?:whole\s+|full\s+|entire\s+)?$")
            finder = Finder(rf"(?P<u>{unit_alt})(?P<andhalf>\s+and\s+a\s+half)?(?P<post>\s+{post})?(?![\w])",
                            folded=True, boundary=True, anchors=singular)
        return finder, re.compile(rf"(?<![\w])(?P<pre>{pre})\s+$", re.IGNORECASE)


@cache
def grammar(lang: str) -> Grammar:
    """The compiled grammar for `lang` (built once)."""
    return Grammar(lang)


class SentenceScanner:
    """Finds the numeric claims of one sentence."""

    def __init__(self, ctx: DocContext, start: int, end: int, lang: str, blocked: SpanIndex,
                 consumed: list[tuple[int, int]], suppressed: list[tuple[str, int, int]]) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.start = start
        self.end = end
        self.g = grammar(lang)
        self.lang = lang
        self.blocked = blocked
        self.consumed = consumed
        self.suppressed = suppressed
        self.out: list[Candidate] = []
        self._study: bool | None = None
        self._number_starts: list[int] = []  # every number of the sentence, usable or not
        self._at: dict[int, Number] = {}  # the usable numbers by start

    # -- helpers -----------------------------------------------------------------------------

    def _taken(self, s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in self.consumed) or any(c.overlaps(s, e) for c in self.out)

    def _before(self, pos: int, width: int = 40) -> tuple[int, int]:
        return max(self.start, pos - width), pos

    def _study_context(self) -> bool:
        if self._study is None:
            self._study = bool(self.g.study_cue.search(self.text, self.start, self.end))
        return self._study

    def _noun_kind(self, noun: Noun) -> str:
        if noun.kind == "people":
            return "sample_size" if self._study_context() else "count"
        return noun.kind

    def _suppress(self, rule: str, s: int, e: int) -> None:
        self.suppressed.append((rule, s, e))

    # -- main ----------------------------------------------------------------------------------

    def scan(self) -> list[Candidate]:
        """Every numeric claim of the sentence, qualifiers applied."""
        self._n_equals()
        self._fractions()
        self._article_durations()
        self._multipliers()
        numbers = self.ctx.computed(("numbers", self.lang), _numbers_maker(self.ctx, self.lang),
                                    self.start, self.end, _start_of)
        numbers = [n for n in numbers if n.end <= self.end]
        self._number_starts = [n.start for n in numbers]
        numbers = [n for n in numbers if self._usable(n)]
        self._at = {n.start: n for n in numbers}
        i = 0
        while i < len(numbers):
            n = numbers[i]
            nxt = numbers[i + 1] if i + 1 < len(numbers) else None
            if self._taken(n.start, n.end):
                i += 1
                continue
            used = self._pair(n, nxt) if nxt is not None and not self._taken(nxt.start, nxt.end) else 0
            if not used:
                used = 1
                if not self._article_ratio(n) and not self._single(n):
                    self._ellipsis(n)
            i += used
        for c in self.out:
            self._qualify(c)
        return self.out

    def _usable(self, n: Number) -> bool:
        text = self.text
        rule = self.blocked.hit(n.start, n.end)
        if rule is not None:
            self._suppress(rule, n.start, n.end)
            return False
        if not n.word and n.start >= 2 and text[n.start - 1] in ".,;:" and text[n.start - 2].isalpha() \
                and (n.end >= len(text) or text[n.end].isspace()) and len(n.raw) <= 2 \
                and (n.end >= len(text) - 1 or text[n.end + 1:n.end + 2].isupper() or text[n.end] == "\n"):
            self._suppress("not-footnote", n.start, n.end)
            return False
        if n.start >= 2 and text[n.start - 1] in "-‐" and text[n.start - 2].isalpha():
            self._suppress("not-label", n.start, n.end)
            return False
        a, b = self._before(n.start, 24)
        if self.g.labels.search(text, a, b) and not self.g.percent.match(text, n.end, self.end):
            self._suppress("not-label", n.start, n.end)  # "group 2" is a label, "group 47.6%" a share
            return False
        if n.is_year and not self.g.years_after.match(text, n.end, self.end) \
                and (self.g.year_before.search(text, a, b) or not self._unit_follows(n)):
            self._suppress("not-year", n.start, n.end)
            return False
        return True

    def _unit_follows(self, n: Number) -> bool:
        g = self.g
        return bool(g.percent.match(self.text, n.end, self.end) or g.noun_direct.match(self.text, n.end, self.end))

    # -- single numbers --------------------------------------------------------------------------

    def _unit(self, n: Number, pos: int | None = None, nouns: bool = True) -> tuple[str, object, re.Match[str]] | None:
        """What follows a number: ("points"|"percent"|"time"|"noun", info, match)."""
        g, text, end = self.g, self.text, self.end
        pos = n.end if pos is None else pos
        m = g.points.match(text, pos, end)
        if m:
            return "points", None, m
        m = g.percent.match(text, pos, end)
        if m:
            return "percent", None, m
        m = g.time.match(text, pos, end)
        if m:
            return "time", g.time_units[m.group("u").lower()], m
        if nouns:
            m = g.noun.match(text, pos, end)
            # the noun belongs to the nearest number: "twee groepen kregen tien sessies" counts sessions
            if m and not any(pos < s < m.start("n") for s in self._number_starts):
                noun = g.nouns.get(normalise_key(m.group("h")))
                if noun is not None:
                    return "noun", noun, m
        return None

    def _single(self, n: Number) -> bool:
        g, text = self.g, self.text
        unit = self._unit(n)
        if unit is None:
            if self._pronoun_count(n):
                return True
            m = g.times.match(text, n.end, self.end) or g.fold.match(text, n.end, self.end)
            if m:
                self._add(Candidate("effect_size", n.start, m.end(), ["times"], value=tidy(n.value), unit="times",
                                    details={"measure": "times", "ci": None, "p": None}), n)
                return True
            return False
        what, info, m = unit
        if what == "points":
            self._add(Candidate("percentage", n.start, m.end(), ["percentage-points"], value=tidy(n.value),
                                unit="percentage points"), n)
            return True
        if what == "percent":
            if g.ci_after.match(text, m.end(), self.end):
                self._suppress("not-ci-level", n.start, m.end())
                return True
            c = Candidate("percentage", n.start, m.end(), ["percentage"], value=tidy(n.value), unit="%")
            c.subject = self._subject(m.end())
            self._add(c, n)
            return True
        if what == "time":
            return self._duration(n, info, m)  # type: ignore[arg-type]
        noun: Noun = info  # type: ignore[assignment]
        kind = self._noun_kind(noun)
        rule = "sample-size" if kind == "sample_size" else "count"
        self._add(Candidate(kind, n.start, m.end(), [rule], value=tidy(n.value), unit=noun.unit,
                            subject=m.group("n")), n)
        return True

    def _pronoun_count(self, n: Number) -> bool:
        """ "Vijftig van hen kregen PRT", "Forty of them received …": people named before, counted."""
        if n.value < 2 or not n.is_integer:
            return False
        m = self.g.pronoun_people.match(self.text, n.end, self.end)
        if m is None:
            lead = self.text[self.start:n.start]
            lead = lead[lead.rfind(";") + 1:]  # "...; of these, 95 finished"
            if (self.g.pronoun_lead.match(lead) or self.g.group_lead.match(lead)) and n.value <= 10_000_000:
                # "Of them, 116 were assigned to ...": the people were counted before
                kind = self._noun_kind(Noun("people", "people"))
                self._add(Candidate(kind, n.start, n.end, ["count-pronoun"], value=tidy(n.value), unit="people"), n)
                return True
            return False
        lead_end = n.start
        q = self.g.qual_before.search(self.text, self.start, n.start)
        if q is not None:
            lead_end = q.start()
        if self.text[self.start:lead_end].strip(" \t\n\"'“‘«([*•-–—"):
            return False  # only a sentence opening so: mid-sentence "three of them" may count anything
        kind = self._noun_kind(Noun("people", "people"))
        self._add(Candidate(kind, n.start, m.end(), ["count-pronoun"], value=tidy(n.value), unit="people"), n)
        return True

    def _rate_base(self, n: Number) -> tuple[Number, int, str | None, str | None, str | None] | None:
        """The base of a rate after `n` ("per 100.000 inwoners per jaar"): (base, end, unit, subject, period)."""
        g, text = self.g, self.text
        m = g.rate_conn.match(text, n.end, self.end)
        if m is None:
            return None
        base = self._at.get(m.end())
        if base is None or not _power_of_ten(base.value):
            return None
        end, unit, subject, period = base.end, None, None, None
        what = self._unit(base)
        if what is not None:
            if what[0] != "noun":
                return None
            noun: Noun = what[1]  # type: ignore[assignment]
            end, unit, subject = what[2].end(), noun.unit, what[2].group("n")
        f = g.frequency.match(text, end, self.end)
        if f is not None:
            end, period = f.end(), " ".join(f.group(0).split())
        return base, end, unit, subject, period

    def _rate(self, n: Number, nxt: Number, change: bool = False) -> bool:
        """ "9,1 per 100.000 inwoners": a rate, not a count of the base. With `change`, `n` and `nxt`
        are the two ends of "van 250 naar 180 per 100.000" and share the base after `nxt`."""
        found = self._rate_base(nxt if change else n)
        if found is None or (not change and found[0] is not nxt):
            return False
        base, end, unit, subject, period = found
        details: dict[str, object] = {"rate_per": tidy(base.value)}
        if period:
            details["period"] = period
        if change:
            ends = [(n, n.end, ["rate", "change"], "from"), (nxt, end, ["rate", "change"], "to")]
        else:
            ends = [(n, end, ["rate"], None)]
        for num, e, rules, side in ends:
            c = Candidate("count", num.start, e, rules, value=tidy(num.value), unit=unit, subject=subject,
                          details=dict(details, change=side) if side else dict(details))
            self._tag(c, num)
            self._tag(c, base)
            self.out.append(c)
        return True

    def _is_age(self, n: Number, unit: str, end: int) -> bool:
        if unit != "years":
            return False
        g, text = self.g, self.text
        a, b = self._before(n.start, 30)
        if g.age_before.search(text, a, b) or g.age_people.search(text, a, b):
            return True
        m_after = g.age_after.match(text, end, self.end)
        if m_after:
            return True
        # "45-year-old": the time match ended at "year", "-old" follows
        return bool(re.match(r"[-\s]old(?![\w])", text[end:end + 5]))

    def _duration(self, n: Number, info: tuple[str, float], m: re.Match[str]) -> bool:
        unit, factor = info
        end = m.end()
        if n.word and n.value == 1 and unit == "days" and not self.g.article_pre.search(
                self.text, max(self.start, n.start - 24), n.start):
            return True  # "One day, ..." is an idiom, not a duration
        if self._is_age(n, unit, end):
            self._suppress("not-age", n.start, end)
            return True
        details: dict[str, object] = {}
        f = self.g.frequency.match(self.text, end, self.end)
        if f:
            details["per"] = f.group(0).strip()
            end = f.end()
        else:
            s = self.g.duration_suffix.match(self.text, end, self.end)
            if s:
                end = s.end()
        self._add(Candidate("duration", n.start, end, ["duration"], value=tidy(n.value * factor), unit=unit,
                            details=details), n)
        return True

    # -- pairs: ranges, ratios, changes ------------------------------------------------------------

    def _pair(self, n: Number, nxt: Number) -> int:
        g, text = self.g, self.text
        if self._rate(n, nxt):
            return 2
        u1 = self._unit(n, nouns=False)
        pos = u1[2].end() if u1 and u1[0] in ("percent", "points") else n.end
        if u1 and u1[0] == "percent" and g.ci_after.match(text, pos, self.end):
            return 0
        a, b = self._before(n.start, 30)
        rb = g.range_before.search(text, a, b)
        # ratio: "33 van de 50", "one in three", "1 op de 4"
        if u1 is None:
            rc = g.ratio_conn.match(text, n.end, self.end)
            if rc and rc.end() == nxt.start and self._ratio(n.start, n.value, nxt, rc.group("c"), [n]):
                return 2
        # change: "van 26 naar 19 procent", "fell from 31% to 27%"
        cc = g.change_conn.match(text, pos, self.end)
        if cc and cc.end() == nxt.start and rb and rb.group("w").lower() in ("van", "from"):
            is_change = self.lang == "nl" or bool(g.change_verb_before.search(text, max(self.start, n.start - 60),
                                                                              n.start)) or n.value > nxt.value
            if is_change and (self._change(n, nxt, u1) or (u1 is None and self._rate(n, nxt, change=True))):
                return 2
        # range: "6 tot 11 maanden", "80-90%", "tussen 10% en 40%"
        between = rb is not None and rb.group("w").lower().startswith(("tussen", "between"))
        conn = (g.between_conn if between else g.range_conn).match(text, pos, self.end)
        if conn and conn.end() == nxt.start and n.value < nxt.value:
            return 2 if self._range(n, nxt, u1, rb, conn) else 0
        return 0

    def _ratio(self, start: int, num: float, den: Number, conn: str, parts: list[Number]) -> bool:
        g, text = self.g, self.text
        conn_l = " ".join(conn.lower().split())
        if den.is_year or den.value < 2 or num <= 0:
            return False
        if num > den.value and not (conn_l.startswith(("of", "van")) and self._counted_after(den)):
            return False  # "500,000 of the 250,000 patients" is kept: a part larger than its whole
        if conn_l in ("van", "of") and num == den.value:
            return False
        if conn_l.startswith(("of", "van")) and num == 1:
            return False  # "one of 12 such surgeries" is one among twelve, not a ratio
        if self._unit(den, nouns=False) is not None:
            return False
        end = den.end
        subject = None
        m = g.noun_direct.match(text, end, self.end) or g.noun.match(text, end, self.end)
        if m and g.nouns.get(normalise_key(m.group("h"))):
            subject = m.group("n")
            end = m.end()
        rule = "ratio-n-of-m" if conn_l.startswith(("van", "of", "uit", "out of")) else "ratio-n-in-m"
        c = Candidate("ratio", start, end, [rule], value=tidy(num / den.value * 100), unit="%", subject=subject,
                      details={"numerator": tidy(num), "denominator": tidy(den.value)})
        if subject is None:
            c.subject = self._subject(end)
        for p in [*parts, den]:
            self._tag(c, p)
        self.out.append(c)
        return True

    def _counted_after(self, den: Number) -> bool:
        """Whether a counted noun of people follows the number ("250,000 patients")."""
        m = self.g.noun_direct.match(self.text, den.end, self.end) or self.g.noun.match(self.text, den.end, self.end)
        noun = self.g.nouns.get(normalise_key(m.group("h"))) if m else None
        return noun is not None and noun.unit == "people"

    def _article_ratio(self, n: Number) -> bool:
        a, b = self._before(n.start, 20)
        m = self.g.article_ratio_before.search(self.text, a, b)
        if m is None or self._taken(m.start(), m.end()):
            return False
        return self._ratio(m.start(), 1.0, n, m.group("c"), [])

    def _change(self, n: Number, nxt: Number, u1: tuple[str, object, re.Match[str]] | None) -> bool:
        u2 = self._unit(nxt, nouns=False)
        if u2 is None or u2[0] not in ("percent", "points"):
            return False
        unit = "%" if u2[0] == "percent" else "percentage points"
        rule = "percentage" if u2[0] == "percent" else "percentage-points"
        first_end = u1[2].end() if u1 else n.end
        for num, s, e in ((n, n.start, first_end), (nxt, nxt.start, u2[2].end())):
            self._add(Candidate("percentage", s, e, [rule, "change"], value=tidy(num.value), unit=unit,
                                details={"change": "from" if num is n else "to"}), num)
        return True

    def _range(self, n: Number, nxt: Number, u1: tuple[str, object, re.Match[str]] | None,
               rb: re.Match[str] | None, conn: re.Match[str]) -> bool:
        g, text = self.g, self.text
        u2 = self._unit(nxt)
        if u1 and u2 and u1[0] != u2[0]:
            return False
        unit_info = u2 or u1
        start = rb.start() if rb else n.start
        hyphen = conn.group(0).strip() in ("-", "–", "—")
        if unit_info is None:
            if hyphen or n.is_year or nxt.is_year or (rb is None and nxt.value > 1000):
                return False
            if g.times.match(text, nxt.end, self.end):
                return False  # "three to four times more expensive": the multiplier rule's
            a, b = self._before(start, 30)
            if n.value == 0 or g.scale_before.search(text, a, b):
                self._suppress("not-scale", n.start, nxt.end)
                return True
            if g.age_before.search(text, a, b) or g.age_people.search(text, a, b) \
                    or g.age_people_direct.search(text, a, b):
                self._suppress("not-age", n.start, nxt.end)
                return True
            end = nxt.end
            kind_base, unit, subject = None, None, None
        else:
            what, info, m = unit_info
            end = m.end() if unit_info is u2 else nxt.end
            subject = None
            if what == "percent":
                kind_base, unit = "percentage", "%"
                subject = self._subject(end)
            elif what == "points":
                kind_base, unit = "percentage", "percentage points"
            elif what == "time":
                unit, factor = info  # type: ignore[misc]
                if self._is_age(n, unit, end):
                    self._suppress("not-age", n.start, end)
                    return True
                kind_base = "duration"
                f = g.frequency.match(text, end, self.end)
                if f:
                    end = f.end()
                c = self._range_candidate(start, end, n.value * factor, nxt.value * factor, kind_base, unit, None)
                for p in (n, nxt):
                    self._tag(c, p)
                self.out.append(c)
                return True
            else:
                noun: Noun = info  # type: ignore[assignment]
                kind_base, unit, subject = self._noun_kind(noun), noun.unit, m.group("n")
        c = self._range_candidate(start, end, n.value, nxt.value, kind_base, unit, subject)
        for p in (n, nxt):
            self._tag(c, p)
        self.out.append(c)
        return True

    @staticmethod
    def _range_candidate(start: int, end: int, low: float, high: float, base: str | None, unit: str | None,
                         subject: str | None) -> Candidate:
        return Candidate("range", start, end, ["range"], value=tidy(low), unit=unit, subject=subject,
                         details={"low": tidy(low), "high": tidy(high), "base": base})

    # -- phrases found by their own patterns ------------------------------------------------------

    def _n_equals(self) -> None:
        for s, e, m in self.ctx.within(("n=",), self.g.n_equals, self.start, self.end):
            value = parse_digits(m.group("v"), self.lang)
            if value is None or self._taken(s, e):
                continue
            self.out.append(Candidate("sample_size", s, e, ["sample-size-n"], value=tidy(value), unit="people"))

    def _fractions(self) -> None:
        g, text, folded = self.g, self.text, self.ctx.folded
        for s, e, _ in self.ctx.within(("fraction", self.lang), g.fraction, self.start, self.end):
            den_word = folded[s:e]
            den = g.denominators[den_word]
            lm = g.fraction_num_left.search(folded, max(self.start, s - 24), s)
            start = s
            if lm is not None:
                raw = lm.group("num")
                num = float(raw) if raw.isdigit() else g.numer_values.get(raw, 1.0)
                start = lm.start()
                if num == 1:
                    plural = den_word.endswith("s")
                    hyphen = "-" in lm.group("hy")
                    if self.lang == "nl" and not g.fraction_follow.match(text, e, self.end):
                        continue
                    if self.lang == "en" and not plural and not hyphen \
                            and not g.fraction_follow.match(text, e, self.end):
                        continue
                if num >= den:
                    continue
            elif not boundary_before(folded, s):
                continue
            elif den_word == "helft":
                dm = re.search(r"(?<![\w])de\s+$", folded[max(self.start, s - 6):s])
                if dm is not None:
                    start = s - len(dm.group(0))
                elif not re.match(r"\s+van(?![\w])", folded[e:e + 6]):
                    continue
                num = 1.0
            elif den_word == "half":
                if not self._half_ok(s, e) or re.search(r"(?<![\w])other\s+$", folded[max(0, s - 8):s]):
                    continue
                num = 1.0
            else:
                continue
            if self._taken(start, e) or self.blocked.hit(start, e):
                continue
            c = Candidate("ratio", start, e, ["ratio-fraction"], value=tidy(num / den * 100), unit="%",
                          details={"numerator": tidy(num), "denominator": tidy(den)})
            c.subject = self._subject(e)
            self.out.append(c)

    def _half_ok(self, start: int, end: int) -> bool:
        text = self.text
        after = text[end:end + 16]
        if re.match(r"\s+(?:a|an)(?![\w])|-", after):
            return False
        if re.match(r"\s+(?:of|the|all|were|had|have|are|did|do|reported|said|showed|experienced|improved|"
                    r"recovered|got|saw|developed|received|say|will|would|could|need|needed|still)(?![\w])", after):
            return True
        a, b = self._before(start)
        return bool(self.g.qual_before.search(text, a, b))

    def _article_durations(self) -> None:
        g, text, folded = self.g, self.text, self.ctx.folded
        for s, e, m in self.ctx.within(("article", self.lang), g.article_duration, self.start, self.end):
            left = g.article_left.search(folded, max(self.start, s - 12), s)
            if left is None:
                continue
            start = left.start()
            half = bool(left.groupdict().get("half") or left.groupdict().get("half2"))
            pre = g.article_pre.search(text, max(self.start, start - 24), start)
            if not (pre or m.group("post") or left.groupdict().get("half2")):
                continue
            if self._taken(start, e) or self.blocked.hit(start, e):
                continue
            unit, factor = g.time_units[m.group("u")]
            value = factor
            if half:
                value = 0.5 * factor
            if m.groupdict().get("andhalf"):
                value = 1.5 * factor
            if unit == "years" and value == 0.5:
                unit, value = "months", 6.0
            self.out.append(Candidate("duration", start, e, ["duration-article"], value=tidy(value), unit=unit))

    def _multipliers(self) -> None:
        values = {"twice": 2, "thrice": 3, "tweemaal": 2, "driemaal": 3, "viermaal": 4, "twofold": 2,
                  "threefold": 3, "fourfold": 4, "tenfold": 10, "tweevoudig": 2, "tweevoudige": 2, "drievoudig": 3,
                  "drievoudige": 3, "dubbel": 2, "half": 0.5}
        g = self.g
        for s, e, _ in self.ctx.within(("multiplier", self.lang), g.multiplier, self.start, self.end):
            word = self.ctx.folded[s:e]
            kind = "fold" if word.endswith("fold") else "voudig" if "voudig" in word else "as"
            m = g.multiplier_rest[kind].match(self.text, e, self.end)
            if m is None or self._taken(s, m.end()):
                continue
            self.out.append(Candidate("effect_size", s, m.end(), ["times"], value=float(values.get(word, 2)),
                                      unit="times", details={"measure": "times", "ci": None, "p": None}))

    def _ellipsis(self, n: Number) -> bool:
        """ "25 deelnemers kregen A, 26 kregen B": the second number counts the same noun."""
        if n.value == 1 or n.is_year or not n.is_integer:
            return False
        prev = [c for c in self.out if c.kind in ("sample_size", "count") and c.end <= n.start and c.subject]
        if not prev:
            return False
        a, b = self._before(n.start, 12)
        before = self.text[a:b]
        if not re.search(r"(?:,|;|(?<![\w])(?:en|and|but|maar|terwijl|while))\s*$", before) \
                or re.search(r"\d\s*(?:,|;|(?<![\w])(?:en|and))\s*$", before):
            return False
        a, b = self._before(n.start, 40)
        if self.g.age_word.search(self.text, a, b):
            return False
        p = prev[-1]
        if n.start - p.end > 80 or not self.g.ellipsis_follow.match(self.text, n.end, self.end):
            return False
        self._add(Candidate(p.kind, n.start, n.end, ["count-ellipsis"], value=tidy(n.value), unit=p.unit,
                            subject=p.subject), n)
        return True

    # -- qualifiers, subjects, tags ---------------------------------------------------------------

    def _subject(self, pos: int) -> str | None:
        m = self.g.subject.match(self.text, pos, self.end)
        if m:
            return m.group("n")
        m = self.g.subject_word.match(self.text, pos, self.end)
        if m is None or normalise_key(m.group("w")) in self.g.qualifier_words:
            return None
        return m.group("w")

    def _qualify(self, c: Candidate) -> None:
        if c.kind in ("effect_size",) or c.qualifier is not None:
            return
        g, text = self.g, self.text
        a, b = self._before(c.start, 40)
        m = g.qual_before.search(text, a, b)
        if m is not None:
            name = next(q for q in QUALIFIER_NAMES if m.group(q) is not None)
            phrase = normalise_key(m.group(name))
            ok = True
            if c.kind == "duration" or (c.kind == "range" and c.details.get("base") == "duration"):
                ok = phrase not in g.skip_for_duration
            if ok and phrase in ("tot", "to") and re.search(r"[\d]\s*$|(?<![\w])(?:van|from)\s+\S+\s*$",
                                                            text[max(self.start, m.start() - 20):m.start()]):
                ok = False
            if ok and not any(o is not c and o.overlaps(m.start(), c.start) for o in self.out):
                c.qualifier = name
                c.start = m.start()
                c.rules.append("qualifier")
                return
        if c.kind in ("percentage", "count", "sample_size", "duration"):
            m = g.qual_after.match(text, c.end, self.end)
            if m is not None:
                name = next(q for q in m.groupdict() if m.group(q) is not None)
                c.qualifier = name
                c.end = m.end()
                c.rules.append("qualifier")

    @staticmethod
    def _tag(c: Candidate, n: Number) -> None:
        if n.word and "number-words" not in c.rules:
            c.rules.append("number-words")
        elif not n.word and any(ch in n.raw for ch in ".,\u00a0\u202f\u2009") and "number-separators" not in c.rules:
            c.rules.append("number-separators")

    def _add(self, c: Candidate, n: Number) -> None:
        self._tag(c, n)
        self.out.append(c)



def _power_of_ten(value: float) -> bool:
    """10, 100, 1.000, 100.000, …: the bases rates are given per."""
    if value < 10 or not float(value).is_integer():
        return False
    v = int(value)
    while v % 10 == 0:
        v //= 10
    return v == 1


def _start_of(n: Number) -> int:
    return n.start


def _numbers_maker(ctx: DocContext, lang: str) -> Callable[[], list[Number]]:
    return lambda: find_numbers(ctx.text, lang, folded=ctx.folded)


def _trigger_starts(ctx: DocContext, lang: str) -> list[int]:
    """Where anything `SentenceScanner.scan` acts on starts: numbers, "n =", fractions, "een jaar",
    "twice". A sentence with none of them has no numeric claim (and nothing to suppress)."""
    g = grammar(lang)
    starts = [*ctx.built(("numbers", lang), _numbers_maker(ctx, lang), _start_of)[0],
              *ctx.hits(("n=",), g.n_equals)[0], *ctx.hits(("fraction", lang), g.fraction)[0],
              *ctx.hits(("article", lang), g.article_duration)[0], *ctx.hits(("multiplier", lang), g.multiplier)[0]]
    starts.sort()
    return starts


def scan_sentence(ctx: DocContext, start: int, end: int, lang: str, blocked: SpanIndex,
                  consumed: list[tuple[int, int]], suppressed: list[tuple[str, int, int]]) -> list[Candidate]:
    """The numeric claims of `ctx.text[start:end]`, read as `lang`."""
    triggers = ctx.built(("triggers", lang), lambda: _trigger_starts(ctx, lang), int)[0]
    i = bisect_left(triggers, start)
    if i == len(triggers) or triggers[i] >= end:
        return []
    return SentenceScanner(ctx, start, end, lang, blocked, consumed, suppressed).scan()


"""The extractor's rules, by id. Every claim records the ids of the rules that shaped it
(`Extraction.rules`), every skipped number the exclusion rule that skipped it
(`Extraction.suppressed`). The test suite holds examples for each id, in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id, family and what it does."""

    id: str
    family: str  # number | numeric | attribution | strength | citation | exclusion
    description: str


_RULES = [
    Rule("number-separators", "number", "digits with thousands separators or decimal commas/points (13.000, 1,5)"),
    Rule("number-words", "number", "number words, compounds included (vijfentwintig, twenty-five)"),
    Rule("qualifier", "number", "bijna/nearly, ongeveer/about, meer dan/more than, minder dan/less than, "
                                "ten minste/at least, maximaal/up to"),
    Rule("percentage", "numeric", "N %, procent, percent, per cent"),
    Rule("percentage-points", "numeric", "N procentpunt, percentage points"),
    Rule("change", "numeric", "van 26 naar 19 procent, fell from 31% to 27%: both ends"),
    Rule("count", "numeric", "N sessions, treatments, studies, RCTs, hospitals, cases; the noun belongs to the "
                             "nearest number ('twee groepen kregen tien sessies': 10 sessions)"),
    Rule("sample-size", "numeric", "N participants, deelnemers, patients in a study"),
    Rule("count-pronoun", "numeric", "a sentence opening with N van hen / N of them: a count of people "
                                     "('Vijftig van hen kregen PRT')"),
    Rule("rate", "numeric", "N per 100.000 / per 1,000 people: a rate (value N, details.rate_per the base), "
                            "never a count of the base; 'van 250 naar 180 per 100.000' makes two"),
    Rule("sample-size-n", "numeric", "n = 151"),
    Rule("count-ellipsis", "numeric", "a second number counting the same noun: '25 deelnemers kregen A, 26 B'"),
    Rule("duration", "numeric", "N weeks, maanden, 12-month follow-up"),
    Rule("duration-article", "numeric", "een jaar lang, na een jaar, for a year, a decade"),
    Rule("range", "numeric", "10 tot 12, 6 to 11 months, 80-90%, tussen 10% en 40%"),
    Rule("ratio-fraction", "numeric", "de helft, een derde, twee derde, two-thirds, half of"),
    Rule("ratio-n-in-m", "numeric", "one in three, 1 op de 4, een op de vijf"),
    Rule("ratio-n-of-m", "numeric", "33 of 50, 33 van de 50, nine out of ten"),
    Rule("effect-size", "numeric", "SMD, Hedges' g, Cohen's d, OR/RR/HR with CI, mean difference, NNT"),
    Rule("p-value", "numeric", "P = .39, p < 0,05"),
    Rule("times", "numeric", "twice as likely, 2.5 times more, twee keer zo veel"),
    Rule("attr-journal", "attribution", "a journal by name or abbreviation (NEJM, BMJ, JAMA Psychiatry)"),
    Rule("attr-institution", "attribution", "an institution (Universiteit van Colorado, Stanford University)"),
    Rule("attr-guideline-body", "attribution", "a guideline body (NICE, ACP, KNGF, NHG, WHO)"),
    Rule("attr-author-year", "attribution", "an author-year citation ((Hides et al. 1996), Smith (2010))"),
    Rule("attr-bibliographic", "attribution", "a bibliographic citation (N Engl J Med 2010; 363:454-461)"),
    Rule("attr-according-to", "attribution", "according to X, volgens X"),
    Rule("attr-published-in", "attribution", "published in X, gepubliceerd in X, with its date"),
    Rule("attr-preprint", "attribution", "a preprint server (medRxiv, bioRxiv, arXiv): a publication that is "
                                         "not peer reviewed ('posted on medRxiv')"),
    Rule("strength-hype", "strength", "hype words (doorbraak, wondermiddel, breakthrough, cures)"),
    Rule("strength-certainty", "strength", "certainty words (bewezen, proven)"),
    Rule("strength-permanence", "strength", "permanence (voorgoed, for good, een jaar lang klachtenvrij); not after "
                                            "a superlative or comparative (de meest blijvende verbetering)"),
    Rule("strength-animal", "strength", "animal-study cues (bij muizen, in the rat)"),
    Rule("strength-superlative", "strength",
         "superlatives about an effect and rankings (the best treatment, most effective, de grootste oorzaak)"),
    Rule("strength-comparison", "strength",
         "comparisons of effect (more effective than, net zo goed als, no better than placebo)"),
    Rule("strength-promise", "strength",
         "promises to readers (pain reduced to zero, pijnvrij leven, without side effects)"),
    Rule("strength-effect", "strength",
         "claims of effect and evidence (does not work, helpen niet, geen bewijs, strongly recommend) and a "
         "headline's general effect"),
    Rule("strength-spin", "strength", "a null result with a positive spin (no better than placebo, but ...)"),
    Rule("citation-doi", "citation", "a DOI in the text or a link"),
    Rule("citation-pmid", "citation", "a PMID or PubMed link"),
    Rule("citation-url", "citation", "a doi.org, PubMed, PMC or journal link"),
    Rule("not-list-numbering", "exclusion", "list and heading numbering (1. Pain Education)"),
    Rule("not-date", "exclusion", "dates (3 nov 2021, 01 Sep, 2025, July 29, 2010)"),
    Rule("not-year", "exclusion", "years on their own (in 2019), but not a number of years (meer dan 2000 jaar)"),
    Rule("not-reference-numbers", "exclusion", "volume, page and year numbers inside a reference"),
    Rule("not-phone", "exclusion", "phone numbers"),
    Rule("not-address", "exclusion", "street addresses and postcodes (not 'During 12 weeks')"),
    Rule("not-url", "exclusion", "URLs, e-mail addresses and domain names"),
    Rule("not-price", "exclusion", "prices (€ 3,50, $450)"),
    Rule("not-time-of-day", "exclusion", "times of day (om 10 uur, 9 a.m.)"),
    Rule("not-page-ref", "exclusion", "page references (vanaf pagina 52)"),
    Rule("not-issue-number", "exclusion", "issue numbers (VNIG 5/25, nr. 3)"),
    Rule("not-footnote", "exclusion", "footnote markers glued to words (controle-interventies1)"),
    Rule("not-label", "exclusion", "labels (fase 3, type 2 diabetes, COVID-19)"),
    Rule("not-age", "exclusion", "ages (45-year-old, 65 jaar en ouder)"),
    Rule("not-scale", "exclusion", "scale ends (op een schaal van 0 tot 10)"),
    Rule("not-ci-level", "exclusion", "the level of a confidence interval (95% CI)"),
    Rule("not-reading-time", "exclusion", "reading times (Leestijd 4 minuten, 4 min read)"),
]

RULES: dict[str, Rule] = {r.id: r for r in _RULES}

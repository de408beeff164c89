"""Every extraction rule, with examples that must and must not be extracted, in Dutch and English.

The table is keyed by rule id (`claimcheck.extract.RULES`); `test_every_rule_has_examples` fails when a
rule has no example of either sort in either language. Examples:

- extract: (language, text, span, expected) — a claim overlapping `span` that the rule shaped
  (`Extraction.rules`), with the expected fields (kind, value, qualifier, unit, subject, details);
  for citation rules a citation with the expected doi/pmid/url; for exclusion rules (which find
  nothing) a claim of any rule — the near miss that must still come through.
- reject: (language, text, span) — no claim shaped by the rule overlaps `span`; for exclusion rules
  no numeric claim overlaps it, and the rule is recorded in `Extraction.suppressed` there unless
  the example's optional fourth element says {"suppressed": False}.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck.extract import RULES, Extraction, extract
from claimcheck.model import NUMERIC_KINDS, Document, Link

Extract = tuple[str, str, str, dict[str, Any]]
Reject = tuple[Any, ...]

TABLE: dict[str, dict[str, list[Any]]] = {
    "number-separators": {
        "extract": [
            ("nl", "Aan het onderzoek deden 13.000 deelnemers mee.", "13.000 deelnemers", {"value": 13000}),
            ("nl", "De pijn daalde met 1,5 procent.", "1,5 procent", {"value": 1.5}),
            ("en", "The trial enrolled 13,000 participants.", "13,000 participants", {"value": 13000}),
            ("en", "Pain scores fell by 1.5 percent.", "1.5 percent", {"value": 1.5}),
        ],
        "reject": [
            ("nl", "Versie 1.5.2 van de app telde 3 gebruikers.", "1.5.2"),
            ("en", "Software version 2.3.1 was used in the clinics.", "2.3.1"),
        ],
    },
    "number-words": {
        "extract": [
            ("nl", "Vijfentwintig deelnemers kregen acupunctuur in de studie.", "Vijfentwintig deelnemers",
             {"value": 25}),
            ("nl", "In de studie zaten honderdvijftig patiënten.", "honderdvijftig patiënten", {"value": 150}),
            ("nl", "Na tweeëntwintig weken was het effect weg.", "tweeëntwintig weken", {"value": 22}),
            ("en", "Twenty-five volunteers took part in the study.", "Twenty-five volunteers", {"value": 25}),
            ("en", "The trial included one hundred and twenty patients.", "one hundred and twenty patients",
             {"value": 120}),
            ("en", "Two dozen children took part in the trial.", "Two dozen children", {"value": 24}),
        ],
        "reject": [
            ("nl", "We vieren het feest samen met de deelnemers.", "vieren"),
            ("nl", "Het is een van de beste behandelingen.", "een"),
            ("en", "It was a one-off event for the patients.", "one"),
            ("en", "Someone had often seen patients like this.", "often"),
        ],
    },
    "qualifier": {
        "extract": [
            ("nl", "Bijna 70 procent was pijnvrij.", "Bijna 70 procent", {"qualifier": "nearly", "value": 70}),
            ("nl", "Jaarlijks gaan ruim 600.000 mensen naar de huisarts.", "ruim 600.000 mensen",
             {"qualifier": "more_than"}),
            ("nl", "Bij minder dan 1% van de mensen is er een ernstige oorzaak.", "minder dan 1%",
             {"qualifier": "less_than", "value": 1}),
            ("nl", "Er zijn ten minste 3 sessies nodig.", "ten minste 3 sessies", {"qualifier": "at_least"}),
            ("nl", "U krijgt maximaal 10 behandelingen vergoed.", "maximaal 10 behandelingen",
             {"qualifier": "at_most"}),
            ("nl", "Zo'n 40 procent van de ouderen beweegt te weinig.", "Zo'n 40 procent", {"qualifier": "about"}),
            ("en", "Nearly 80 percent of adults get back pain.", "Nearly 80 percent", {"qualifier": "nearly"}),
            ("en", "The review covered more than 13,000 participants.", "more than 13,000 participants",
             {"qualifier": "more_than"}),
            ("en", "The NHS provides a maximum of 10 sessions of acupuncture.", "maximum of 10 sessions",
             {"qualifier": "at_most", "value": 10}),
            ("en", "At least 3 sessions are advised.", "At least 3 sessions", {"qualifier": "at_least"}),
            ("en", "Approximately 40% improved.", "Approximately 40%", {"qualifier": "about"}),
        ],
        "reject": [
            ("nl", "Het aandeel zakte van 60 tot 40 procent.", "40 procent"),
            ("en", "The programme ran over 12 weeks.", "12 weeks"),
        ],
    },
    "percentage": {
        "extract": [
            ("nl", "Daarna was 66 procent van de deelnemers pijnvrij.", "66 procent",
             {"kind": "percentage", "value": 66, "unit": "%", "subject": "deelnemers"}),
            ("nl", "Het aantal valpartijen was 25% lager.", "25%", {"value": 25}),
            ("en", "In a survey, 72% said they would recommend it.", "72%", {"kind": "percentage", "value": 72}),
            ("en", "About 40 per cent of adults are inactive.", "40 per cent", {"value": 40, "subject": "adults"}),
        ],
        "reject": [
            ("nl", "Het risico was hoger (oddsratio 2,1; 95%-BI 1,6-2,8).", "95%"),
            ("en", "The risk was higher (HR 1.19; 95% CI 1.10-1.28).", "95%"),
        ],
    },
    "percentage-points": {
        "extract": [
            ("nl", "Het aandeel daalde met 7 procentpunt.", "7 procentpunt",
             {"kind": "percentage", "value": 7, "unit": "percentage points"}),
            ("en", "Inactivity dropped by 4 percentage points.", "4 percentage points",
             {"kind": "percentage", "unit": "percentage points"}),
        ],
        "reject": [
            ("nl", "De pijnscore daalde 2 punten.", "2 punten"),
            ("en", "Pain scores fell by 2 points.", "2 points"),
        ],
    },
    "change": {
        "extract": [
            ("nl", "Het aandeel rokers daalde van 26 naar 19 procent.", "26", {"kind": "percentage", "value": 26}),
            ("nl", "Het aandeel rokers daalde van 26 naar 19 procent.", "19 procent", {"value": 19}),
            ("en", "Inactivity fell from 31% to 27%.", "31%", {"value": 31, "details": {"change": "from"}}),
        ],
        "reject": [
            ("nl", "De behandeling duurt van 6 tot 8 weken.", "6"),
            ("en", "Treatment lasts from 6 to 8 weeks.", "6"),
        ],
    },
    "count": {
        "extract": [
            ("nl", "Ze kregen gedurende vier weken acht behandelingen.", "acht behandelingen",
             {"kind": "count", "value": 8, "unit": "sessions", "subject": "behandelingen"}),
            ("nl", "De review analyseerde 97 gerandomiseerde gecontroleerde studies.", "97 gerandomiseerde",
             {"kind": "count", "value": 97, "unit": "studies"}),
            ("en", "Each received ten sessions over five weeks.", "ten sessions", {"kind": "count", "value": 10}),
            ("en", "The trial ran in 14 hospitals.", "14 hospitals", {"kind": "count", "unit": "centres"}),
            # the noun belongs to the number nearest to it, not to one further back
            ("nl", "De twee acupunctuurgroepen kregen tien sessies van een half uur.", "tien sessies",
             {"kind": "count", "value": 10, "unit": "sessions"}),
            ("en", "The two groups each got ten sessions.", "ten sessions", {"kind": "count", "value": 10}),
        ],
        "reject": [
            ("nl", "In fase 3 studies werd dit onderzocht.", "3"),
            ("en", "Phase 3 trials are under way.", "3"),
            ("nl", "De twee acupunctuurgroepen kregen tien sessies van een half uur.", "twee"),
            ("en", "The two groups each got ten sessions.", "two"),
        ],
    },
    "sample-size": {
        "extract": [
            ("nl", "Tijdens dit onderzoek kregen 151 mannen en vrouwen een behandeling.", "151 mannen en vrouwen",
             {"kind": "sample_size", "value": 151, "subject": "mannen en vrouwen", "unit": "people"}),
            ("nl", "Deense onderzoekers volgden 5.000 kantoormedewerkers.", "5.000 kantoormedewerkers",
             {"kind": "sample_size", "value": 5000}),
            ("en", "The trial randomly assigned 282 patients to three groups.", "282 patients",
             {"kind": "sample_size", "value": 282}),
        ],
        "reject": [
            ("nl", "Jaarlijks krijgen 600.000 mensen rugpijn.", "600.000 mensen"),
            ("en", "About 2 million people get back pain every year.", "2 million people"),
        ],
    },
    "count-pronoun": {
        "extract": [
            ("nl", "Vijftig van hen kregen PRT: eerst een videoconsult met een arts.", "Vijftig van hen",
             {"value": 50, "unit": "people"}),
            ("nl", "Ruim 30 van hen stopten binnen een maand.", "Ruim 30 van hen",
             {"kind": "count", "value": 30, "qualifier": "more_than"}),
            ("en", "Forty of them received acupuncture.", "Forty of them", {"value": 40, "unit": "people"}),
        ],
        "reject": [
            ("nl", "Eén van hen kreeg een placebo.", "Eén van hen"),
            ("en", "The screening of 900 women found five ovarian cancers, three of them invasive.", "three of them"),
        ],
    },
    "rate": {
        "extract": [
            ("nl", "Jaarlijks krijgen 12 per 100.000 inwoners de ziekte.", "12 per 100.000 inwoners",
             {"kind": "count", "value": 12, "details": {"rate_per": 100000}}),
            ("nl", "Het aantal daalde van 250 naar 180 per 100.000 vrouwen.", "250",
             {"kind": "count", "value": 250, "details": {"rate_per": 100000, "change": "from"}}),
            ("en", "The rate fell to 9.1 per 100,000 people.", "9.1 per 100,000 people",
             {"kind": "count", "value": 9.1, "unit": "people", "details": {"rate_per": 100000}}),
            ("en", "The rate fell from 12.4 to 9.1 per 100,000 people.", "12.4",
             {"kind": "count", "value": 12.4, "details": {"rate_per": 100000, "change": "from"}}),
        ],
        "reject": [
            ("nl", "De patiënten kregen 3 injecties per 2 weken.", "3 injecties"),
            ("nl", "Zij scoorden 3 per 4 vragen goed.", "3 per 4"),
            ("en", "Patients got 2 injections per 4 weeks.", "2 injections"),
        ],
    },
    "sample-size-n": {
        "extract": [
            ("nl", "Aan de trial deden 320 vrouwen mee (n = 160 per groep).", "n = 160",
             {"kind": "sample_size", "value": 160}),
            ("en", "The trial enrolled 1,024 participants (n=512 per arm).", "n=512",
             {"kind": "sample_size", "value": 512}),
        ],
        "reject": [
            ("nl", "In het model is k = 5 en x = 3.", "k = 5"),
            ("en", "In the model, x = 5 and y = 2.", "x = 5"),
        ],
    },
    "count-ellipsis": {
        "extract": [
            ("nl", "Vijfentwintig deelnemers kregen nepacupunctuur, zesentwintig kregen echte acupunctuur.",
             "zesentwintig", {"kind": "sample_size", "value": 26, "subject": "deelnemers"}),
            ("en", "Twenty-five volunteers took part in the pilot, and forty-two in the main study.", "forty-two",
             {"kind": "sample_size", "value": 42}),
        ],
        "reject": [
            ("nl", "Er waren 14 studies, 3 daarvan waren klein.", "3"),
            ("en", "The screening of 900 women found five ovarian cancers, three of them invasive.", "three"),
        ],
    },
    "duration": {
        "extract": [
            ("nl", "Een psychologische behandeling van vier weken hielp.", "vier weken",
             {"kind": "duration", "value": 4, "unit": "weeks"}),
            ("nl", "De deelnemers volgden twaalf weken lang een les.", "twaalf weken lang", {"value": 12}),
            ("nl", "De richtlijn adviseert 150 minuten per week.", "150 minuten per week",
             {"value": 150, "unit": "minutes", "details": {"per": "per week"}}),
            ("en", "In the 12-month follow-up, few relapsed.", "12-month", {"value": 12, "unit": "months"}),
            ("en", "The benefit faded after 18 months.", "18 months", {"value": 18}),
        ],
        "reject": [
            ("nl", "Het spreekuur begint om 10 uur.", "10"),
            ("en", "A 45-year-old construction worker had back pain.", "45"),
        ],
    },
    "duration-article": {
        "extract": [
            ("nl", "De meeste patiënten waren een jaar lang klachtenvrij.", "een jaar lang",
             {"kind": "duration", "value": 1, "unit": "years"}),
            ("nl", "Ruim de helft had daarna een half jaar lang geen aanvallen.", "een half jaar lang",
             {"value": 6, "unit": "months"}),
            ("en", "The benefit lasted for a year in most participants.", "a year", {"value": 1}),
            ("en", "Researchers followed 3,400 nurses for a decade.", "a decade", {"value": 10, "unit": "years"}),
        ],
        "reject": [
            ("nl", "Een jaar geleden begon ze met sporten.", "Een jaar"),
            ("en", "She exercises twice a week.", "a week"),
        ],
    },
    "range": {
        "extract": [
            ("nl", "Pijneducatie werkte het best (6 tot 11 maanden).", "6 tot 11 maanden",
             {"kind": "range", "value": 6, "unit": "months", "details": {"low": 6, "high": 11, "base": "duration"}}),
            ("nl", "Tussen 10% en 40% van de deelnemers stopte.", "Tussen 10% en 40%",
             {"kind": "range", "details": {"low": 10, "high": 40, "base": "percentage"}}),
            ("nl", "We raden 10 tot 12 behandelingen aan.", "10 tot 12 behandelingen",
             {"kind": "range", "details": {"low": 10, "high": 12, "base": "count"}}),
            ("en", "Aspirin lowered the risk by 80-90%.", "80-90%", {"kind": "range", "details": {"high": 90}}),
            ("en", "Follow-up lasted 6 to 11 months.", "6 to 11 months", {"kind": "range", "unit": "months"}),
            ("nl", "Daarvan zijn er 10 tot 12 nodig.", "10 tot 12",
             {"kind": "range", "details": {"low": 10, "high": 12}}),
            ("en", "We need 10 to 12 of them.", "10 to 12", {"kind": "range", "details": {"low": 10, "high": 12}}),
        ],
        "reject": [
            ("nl", "Geef uw pijn een cijfer op een schaal van 0 tot 10.", "0 tot 10"),
            ("en", "The data were collected between 2010 and 2015.", "2010 and 2015"),
        ],
    },
    "ratio-fraction": {
        "extract": [
            ("nl", "Na drie maanden is ongeveer de helft van de mensen hersteld.", "ongeveer de helft",
             {"kind": "ratio", "value": 50, "qualifier": "about", "subject": "mensen"}),
            ("nl", "Twee derde is dan hersteld.", "Twee derde",
             {"value": 66.67, "details": {"numerator": 2, "denominator": 3}}),
            ("nl", "Driekwart van alle deelnemers voelde verbetering.", "Driekwart", {"value": 75}),
            ("en", "Two-thirds of patients had recovered.", "Two-thirds", {"kind": "ratio", "value": 66.67}),
            ("en", "Only a quarter of patients reported relief.", "a quarter", {"value": 25, "subject": "patients"}),
            ("en", "More than half of them had a recurrence.", "More than half",
             {"value": 50, "qualifier": "more_than"}),
        ],
        "reject": [
            ("nl", "De derde studie was kleiner.", "derde"),
            ("en", "A third trial is planned.", "third"),
            ("en", "Wait half an hour before you exercise.", "half"),
        ],
    },
    "ratio-n-in-m": {
        "extract": [
            ("nl", "Rugpijn gaat bij negen op de tien mensen vanzelf over.", "negen op de tien mensen",
             {"kind": "ratio", "value": 90, "details": {"numerator": 9, "denominator": 10}}),
            ("nl", "Een op de vijf vrouwen krijgt er jaarlijks mee te maken.", "Een op de vijf vrouwen",
             {"value": 20, "subject": "vrouwen"}),
            ("nl", "Dat geldt voor 1 op de 4 Nederlanders.", "1 op de 4 Nederlanders", {"value": 25}),
            ("en", "One in three adults will experience sciatica.", "One in three adults", {"value": 33.33}),
            ("en", "Fewer than 1 in 10 need surgery.", "1 in 10", {"value": 10, "qualifier": "less_than"}),
        ],
        "reject": [
            ("nl", "Ze scoorde een 8 op een schaal van tien.", "8 op een"),
            ("en", "There were 5 in 2019 and more later.", "5 in 2019"),
        ],
    },
    "ratio-n-of-m": {
        "extract": [
            ("nl", "In de oefengroep waren 41 van de 60 deelnemers hersteld.", "41 van de 60 deelnemers",
             {"kind": "ratio", "value": 68.33, "subject": "deelnemers"}),
            ("en", "In the trial, 33 of 50 patients were nearly pain-free.", "33 of 50 patients",
             {"kind": "ratio", "value": 66, "details": {"numerator": 33, "denominator": 50}}),
            ("en", "Nine out of ten dentists agree.", "Nine out of ten", {"value": 90}),
        ],
        "reject": [
            ("nl", "Het rapport 10 van 2015 gaat hierover.", "10 van 2015"),
            ("en", "He ranked 12 of 2020 entrants.", "12 of 2020"),
        ],
    },
    "effect-size": {
        "extract": [
            ("nl", "Een klein effect (SMD -0,31; 95%-BI -0,45 tot -0,17).", "SMD -0,31",
             {"kind": "effect_size", "value": -0.31, "details": {"measure": "SMD", "ci": [-0.45, -0.17]}}),
            ("nl", "Een grotere kans op artrose (oddsratio 2,1; 95%-BI 1,6-2,8).", "oddsratio 2,1",
             {"value": 2.1, "details": {"measure": "OR", "ci": [1.6, 2.8]}}),
            ("en", "A higher risk of heart failure (HR 1.19; 95% CI 1.10-1.28).", "HR 1.19",
             {"value": 1.19, "details": {"measure": "HR", "ci": [1.1, 1.28]}}),
            ("en", "A modest benefit (Hedges' g = 0.41, 95% CI 0.22 to 0.60; P < .001).", "Hedges' g = 0.41",
             {"value": 0.41, "details": {"measure": "Hedges' g", "p": 0.001}}),
            ("en", "An effect of Cohen's d = 0.3 was found.", "Cohen's d = 0.3", {"value": 0.3}),
        ],
        "reject": [
            ("nl", "Het HR-beleid van 2 bedrijven verschilt.", "HR"),
            ("en", "The HR department hired 5 people.", "HR"),
        ],
    },
    "p-value": {
        "extract": [
            ("nl", "Het verschil was significant (p = 0,003).", "p = 0,003",
             {"kind": "effect_size", "value": 0.003, "details": {"measure": "p"}}),
            ("en", "Anxiety scores did not differ (P = .39).", "P = .39", {"value": 0.39}),
            ("en", "The effect was significant (p<0.05).", "p<0.05", {"value": 0.05, "qualifier": "less_than"}),
        ],
        "reject": [
            ("nl", "Zie p. 12 van het rapport.", "p. 12"),
            ("en", "See p. 45 of the report.", "p. 45"),
        ],
    },
    "times": {
        "extract": [
            ("nl", "Wie veel zit heeft twee keer zo veel kans op rugklachten.", "twee keer zo veel",
             {"kind": "effect_size", "value": 2, "unit": "times"}),
            ("nl", "Het risico was tweemaal zo groot.", "tweemaal zo groot", {"value": 2}),
            ("en", "Short sleepers are twice as likely to report pain.", "twice as likely", {"value": 2}),
            ("en", "Smokers were 2.5 times more likely to develop back pain.", "2.5 times more likely",
             {"value": 2.5}),
        ],
        "reject": [
            ("nl", "Ze sport drie keer per week.", "drie keer"),
            ("en", "She exercises three times a week.", "three times"),
        ],
    },
    "attr-journal": {
        "extract": [
            ("nl", "Het BMJ schreef eerder over deze studie.", "BMJ",
             {"kind": "attribution", "details": {"type": "journal", "name": "BMJ"}}),
            ("nl", "De resultaten staan in het tijdschrift Pain.", "Pain", {"details": {"name": "Pain"}}),
            ("en", "An editorial in the New England Journal of Medicine urged caution.", "New England Journal",
             {"details": {"type": "journal", "name": "New England Journal of Medicine"}}),
            ("en", "Their paper in the journal Spine reports this.", "Spine", {"details": {"name": "Spine"}}),
            ("en", "A Cochrane review of 49 trials found no benefit.", "Cochrane", {"details": {"name": "Cochrane"}}),
        ],
        "reject": [
            ("nl", "Spine is het Engelse woord voor wervelkolom.", "Spine"),
            ("en", "Pain is a warning signal.", "Pain"),
        ],
    },
    "attr-institution": {
        "extract": [
            ("nl", "Deze studie van de Universiteit van Colorado is gepubliceerd.", "Universiteit van Colorado",
             {"kind": "attribution", "details": {"type": "institution", "name": "University of Colorado"}}),
            ("nl", "Onderzoekers van het Erasmus MC waren kritisch.", "Erasmus MC",
             {"details": {"name": "Erasmus MC"}}),
            ("en", "Dr. Laura Chen of Stanford University said so.", "Stanford University",
             {"details": {"name": "Stanford University"}}),
            ("en", "He works at the University of Maryland School of Medicine.", "University of Maryland",
             {"details": {"type": "institution"}}),
        ],
        "reject": [
            ("nl", "De universiteit heeft het onderzoek betaald.", "universiteit"),
            ("en", "Researchers at a university in Texas did it.", "university"),
        ],
    },
    "attr-guideline-body": {
        "extract": [
            ("nl", "Het NHG adviseert om in beweging te blijven.", "NHG",
             {"kind": "attribution",
              "details": {"type": "guideline_body", "name": "Nederlands Huisartsen Genootschap"}}),
            ("nl", "De KNGF-richtlijn raadt massage af.", "KNGF", {"details": {"type": "guideline_body"}}),
            ("en", "In the UK, NICE recommended acupuncture.", "NICE", {"details": {"type": "guideline_body"}}),
            ("en", "The American College of Physicians recommends heat.", "American College of Physicians",
             {"details": {"name": "American College of Physicians"}}),
        ],
        "reject": [
            ("nl", "Wat een nice dag was het.", "nice"),
            ("en", "WHO SHOULD GET THE VACCINE FIRST", "WHO"),
        ],
    },
    "attr-author-year": {
        "extract": [
            ("nl", "Dat oefentherapie helpt, is bekend (Hayden et al. 2005).", "(Hayden et al. 2005)",
             {"kind": "attribution", "details": {"type": "citation", "year": 2005}}),
            ("nl", "Werk van Van Tulder en Koes (2019) bevestigt dit.", "Van Tulder en Koes (2019)",
             {"details": {"year": 2019}}),
            ("en", "Core stability helped in one trial (Hides et al., 2001).", "(Hides et al., 2001)",
             {"details": {"type": "citation", "name": "Hides et al.", "year": 2001}}),
            ("en", "As Hayden et al. (2021) note, most trials were small.", "Hayden et al. (2021)",
             {"details": {"year": 2021}}),
        ],
        "reject": [
            ("nl", "In september (2019) eindigde de studie.", "september (2019)"),
            ("en", "In May (2019) the trial ended.", "May (2019)"),
        ],
    },
    "attr-bibliographic": {
        "extract": [
            ("nl", "Bron: N Engl J Med 2010; 363:454-461, July 29, 2010", "N Engl J Med 2010; 363:454-461",
             {"kind": "attribution", "details": {"type": "citation", "name": "New England Journal of Medicine",
                                                 "year": 2010}}),
            ("nl", "2. Zheng F. Self-compassion training. J Psychosom Res., 181: 111678.",
             "J Psychosom Res., 181: 111678",
             {"details": {"name": "Journal of Psychosomatic Research", "volume": "181"}}),
            ("en", "2. Brown T, Ali S. Yoga versus stretching. Arch Intern Med. 2011;171(22):2019-2026.",
             "Arch Intern Med. 2011;171(22):2019-2026", {"details": {"year": 2011, "pages": "2019-2026"}}),
        ],
        "reject": [
            ("nl", "Het spreekuur begint om 10:30 uur.", "10:30"),
            ("en", "Mix in a ratio of 3:1 with water.", "3:1"),
        ],
    },
    "attr-according-to": {
        "extract": [
            ("nl", "Volgens het NHG hoeft een foto meestal niet.", "Volgens het NHG",
             {"kind": "attribution", "details": {"type": "according_to", "name": "Nederlands Huisartsen Genootschap",
                                                 "entity": "guideline_body"}}),
            ("nl", "Volgens Ashar werkt het.", "Volgens Ashar", {"details": {"name": "Ashar"}}),
            ("en", "According to the Centers for Disease Control and Prevention, adults sleep too little.",
             "Centers for Disease Control", {"details": {"type": "according_to"}}),
            ("en", "That is unlikely, according to Dr. Jane Smith.", "according to Dr. Jane Smith",
             {"details": {"name": "Jane Smith"}}),
        ],
        "reject": [
            ("nl", "Volgens de onderzoekers werkt het.", "Volgens de onderzoekers"),
            ("en", "According to the researchers, it works.", "According to the researchers"),
        ],
    },
    "attr-published-in": {
        "extract": [
            ("nl", "De studie is eind september 2021 gepubliceerd in het medisch tijdschrift JAMA Psychiatry.",
             "JAMA Psychiatry", {"kind": "attribution", "details": {
                 "type": "publication", "name": "JAMA Psychiatry", "year": 2021, "month": 9}}),
            ("nl", "Het artikel werd gepubliceerd in september 2021.", "gepubliceerd in september 2021",
             {"details": {"type": "publication", "year": 2021, "month": 9}}),
            ("en", "A study published in June 2024 in The Lancet followed 701 adults.", "The Lancet",
             {"details": {"type": "publication", "name": "The Lancet", "year": 2024, "month": 6}}),
            ("en", "The results were published in the journal Breast Cancer Research.", "Breast Cancer Research",
             {"details": {"name": "Breast Cancer Research"}}),
        ],
        "reject": [
            ("nl", "Het werd gepubliceerd in een vakblad.", "gepubliceerd in een vakblad"),
            ("en", "Tremors appear in Parkinson's patients.", "appear in Parkinson's"),
        ],
    },
    "attr-preprint": {
        "extract": [
            ("nl", "De studie verscheen op de preprintserver medRxiv.", "medRxiv",
             {"kind": "attribution", "details": {"type": "publication", "entity": "preprint", "name": "medRxiv"}}),
            ("en", "The results were posted on medRxiv and have not been peer reviewed.", "medRxiv",
             {"kind": "attribution", "details": {"type": "publication", "entity": "preprint", "name": "medRxiv"}}),
            ("en", "A preprint published in bioRxiv in May 2024 reported it.", "bioRxiv",
             {"details": {"type": "publication", "entity": "preprint", "name": "bioRxiv", "year": 2024}}),
        ],
        "reject": [
            ("nl", "De onderzoekers plaatsen binnenkort een preprint online.", "preprint"),
            ("en", "The team will post a preprint soon.", "preprint"),
        ],
    },
    "strength-hype": {
        "extract": [
            ("nl", "Psychologische behandeling verdrijft chronische rugpijn", "verdrijft",
             {"kind": "strength", "details": {"type": "hype", "cue": "verdrijft"}}),
            ("nl", "Een duidelijke doorbraak voor acupunctuur.", "doorbraak", {"details": {"type": "hype"}}),
            ("en", "Scientists hail a breakthrough in pain research.", "breakthrough", {"details": {"type": "hype"}}),
            ("en", "A pill that cures arthritis in mice.", "cures", {"details": {"type": "hype"}}),
        ],
        "reject": [
            ("nl", "Volgens hem is het middel geen wondermiddel.", "wondermiddel"),
            ("en", "There is still no cure for back pain.", "cure"),
        ],
    },
    "strength-certainty": {
        "extract": [
            ("nl", "Het is wetenschappelijk bewezen dat het werkt.", "wetenschappelijk bewezen",
             {"kind": "strength", "details": {"type": "certainty"}}),
            ("en", "This clinically proven routine helps.", "clinically proven", {"details": {"type": "certainty"}}),
        ],
        "reject": [
            ("nl", "Dat het werkt is niet bewezen.", "bewezen"),
            ("en", "The benefit has not been proven.", "proven"),
        ],
    },
    "strength-permanence": {
        "extract": [
            ("nl", "De meeste patiënten waren een jaar lang klachtenvrij.", "een jaar lang klachtenvrij",
             {"kind": "strength", "details": {"type": "permanence", "cue": "een jaar lang klachtenvrij"}}),
            ("nl", "Zo bent u voorgoed van uw rugpijn af.", "voorgoed", {"details": {"type": "permanence"}}),
            ("en", "This routine will fix your back pain for good.", "for good", {"details": {"type": "permanence"}}),
            ("en", "Most were pain-free for a year.", "pain-free for a year", {"details": {"type": "permanence"}}),
        ],
        "reject": [
            ("nl", "Ze was daarna twee uur lang pijnvrij.", "pijnvrij"),
            ("en", "She was right, and for good reason.", "for good"),
            ("en", "Dr. Lee of Kaiser Permanente said so.", "Permanente"),
            # a superlative or comparative compares; it does not promise a lasting cure
            ("nl", "Oefentherapie gaf de meest blijvende verbetering van pijn.", "blijvende"),
            ("en", "Exercise gave the most permanent relief of the three options.", "permanent"),
        ],
    },
    "strength-animal": {
        "extract": [
            ("nl", "Onderzoek bij muizen liet een daling zien.", "bij muizen",
             {"kind": "strength", "details": {"type": "animal"}}),
            ("en", "In the rat, electroacupuncture induced cortisol release.", "In the rat",
             {"details": {"type": "animal", "cue": "In the rat"}}),
        ],
        "reject": [
            ("nl", "Er waren geen dierproeven nodig.", "dierproeven"),
            ("en", "The study was not done in mice but in people.", "in mice"),
        ],
    },
    "strength-superlative": {
        "extract": [
            ("en", "Yoga is the best treatment for back pain, the leaflet says.", "the best treatment",
             {"kind": "strength", "details": {"type": "superlative"}}),
            ("nl", "Lage rugpijn is de grootste oorzaak van verzuim.", "de grootste oorzaak", {"details": {"type": "superlative"}}),  # noqa: E501
        ],
        "reject": [
            ("en", "Nobody knows the best treatment for back pain.", "the best treatment"),
            ("nl", "Niemand weet wat de beste behandeling is.", "de beste behandeling"),
        ],
    },
    "strength-comparison": {
        "extract": [
            ("en", "It is no more effective than sham acupuncture.", "no more effective than",
             {"kind": "strength", "details": {"type": "comparison"}}),
            ("nl", "De nepbehandeling werkte net zo goed als de echte.", "net zo goed als", {"details": {"type": "comparison"}}),  # noqa: E501
        ],
        "reject": [
            ("en", "The weather was better than expected.", "better than"),
            ("nl", "De kosten liepen op tot meer dan 300 euro.", "meer dan"),
        ],
    },
    "strength-promise": {
        "extract": [
            ("en", "With this routine your pain is reduced to zero.", "reduced to zero",
             {"kind": "strength", "details": {"type": "promise"}}),
            ("nl", "Dankzij de oefeningen een pijnvrij leven.", "pijnvrij leven", {"details": {"type": "promise"}}),
        ],
        "reject": [
            ("en", "Several patients reported side effects.", "side effects"),
            ("nl", "Enkele deelnemers meldden bijwerkingen.", "bijwerkingen"),
        ],
    },
    "strength-effect": {
        "extract": [
            ("en", "The only reasonable conclusion is that acupuncture does not work.", "does not work",
             {"kind": "strength", "details": {"type": "effect"}}),
            ("nl", "Zware pijnstillers helpen niet tegen acute rugpijn.", "helpen niet", {"details": {"type": "effect"}}),  # noqa: E501
        ],
        "reject": [
            ("en", "She works at the hospital.", "works"),
            ("nl", "Hij werkt als fysiotherapeut in Utrecht.", "werkt"),
        ],
    },
    "strength-spin": {
        "extract": [
            ("en", "The cream was no better than a placebo, but patients loved it.", "no better than a placebo, but",
             {"kind": "strength", "details": {"type": "spin"}}),
            ("nl", "De zalf werkte niet beter dan een placebo, maar patiënten waren tevreden.", "niet beter dan een placebo, maar",  # noqa: E501
             {"details": {"type": "spin"}}),
        ],
        "reject": [
            ("en", "The cream was no better than a placebo.", "no better than a placebo"),
            ("nl", "De zalf werkte niet beter dan een placebo.", "niet beter dan een placebo"),
        ],
    },
    "citation-doi": {
        "extract": [
            ("nl", "Psychological interventions. BMJ. doi: 10.1136/bmj-2021-067718. PMID: 35354560.",
             "10.1136/bmj-2021-067718", {"doi": "10.1136/bmj-2021-067718", "pmid": "35354560"}),
            ("en", "See https://doi.org/10.1016/S2665-9913(22)00153-4.", "10.1016",
             {"doi": "10.1016/s2665-9913(22)00153-4"}),
        ],
        "reject": [
            ("nl", "Versie 10.5 van de richtlijn is nieuw.", "10.5"),
            ("en", "A score of 10.2/100 is low.", "10.2/100"),
        ],
    },
    "citation-pmid": {
        "extract": [
            ("nl", "Bron: PMID: 38643684.", "38643684", {"pmid": "38643684"}),
            ("en", "Read it at https://pubmed.ncbi.nlm.nih.gov/34586357/ today.", "34586357", {"pmid": "34586357"}),
        ],
        "reject": [
            ("nl", "Het PMID-nummer ontbreekt.", "PMID"),
            ("en", "A PubMed search found 12 papers.", "PubMed"),
        ],
    },
    "citation-url": {
        "extract": [
            ("nl", "Lees het op https://www.bmj.com/content/376/bmj-2021-067718 na.", "bmj.com",
             {"url": "https://www.bmj.com/content/376/bmj-2021-067718"}),
            ("en", "Full text: PMC8965745.", "PMC8965745",
             {"url": "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8965745/"}),
        ],
        "reject": [
            ("nl", "Kijk voor meer informatie op www.thuisarts.nl.", "thuisarts"),
            ("en", "More at https://www.example.com/news/back-pain today.", "example.com"),
        ],
    },
    "not-list-numbering": {
        "extract": [
            ("nl", "Wat helpt?\n10 sessies waren genoeg voor de meesten.", "10 sessies", {"kind": "count"}),
            ("en", "What helps?\n3 sessions were enough for most.", "3 sessions", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "Acupunctuur werkt:\n  3. via de hormonen,\n  4. via 2 zenuwbanen.", "3"),
            ("en", "Approaches:\n10. Lifestyle Modification: sleep 8 hours.\n11. Addressing Nervous System Imbalance.",
             "11"),
        ],
    },
    "not-date": {
        "extract": [
            ("nl", "Geplaatst op 3 nov 2021. Na 3 weken was de pijn weg.", "3 weken", {"kind": "duration"}),
            ("en", "Posted 01 Sep, 2025. After 3 weeks the pain was gone.", "3 weeks", {"kind": "duration"}),
        ],
        "reject": [
            ("nl", "Geplaatst door de redactie op 3 nov 2021", "3 nov 2021"),
            ("nl", "Laatst bijgewerkt: 12-05-2022", "12-05-2022"),
            ("en", "Effect van interventies\n01 Sep, 2025\nDoor de redactie", "01 Sep, 2025"),
            ("en", "N Engl J Med, July 29, 2010", "July 29, 2010"),
        ],
    },
    "not-year": {
        "extract": [
            ("nl", "Aan de studie deden 2019 deelnemers mee.", "2019 deelnemers", {"kind": "sample_size"}),
            ("en", "The study enrolled 2019 patients.", "2019 patients", {"kind": "sample_size"}),
            # a year-like number of years is a duration
            ("nl", "Acupunctuur wordt al meer dan 2000 jaar gebruikt.", "2000 jaar",
             {"kind": "duration", "value": 2000, "unit": "years", "qualifier": "more_than"}),
            ("en", "Cupping has been used for over 1500 years.", "1500 years",
             {"kind": "duration", "value": 1500, "unit": "years"}),
        ],
        "reject": [
            ("nl", "In 2019 werden patiënten anders behandeld.", "2019"),
            ("en", "Since 2015 patients have been treated differently.", "2015"),
        ],
    },
    "not-reference-numbers": {
        "extract": [
            ("nl", "Oefentherapie hielp in 12 studies (Hayden et al. 2005).", "12 studies", {"kind": "count"}),
            ("en", "Exercise helped in 12 studies (Hayden et al. 2005).", "12 studies", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "1. Hayden JA, van Tulder MW. Oefentherapie gedurende 12 weken. Ann Intern Med 2005;142:776-85.",
             "12 weken"),
            ("en", "Ho EK, Chen L, Simic M. A 12-week programme for back pain. BMJ 2022;376:e067718.", "12-week"),
        ],
    },
    "not-phone": {
        "extract": [
            ("nl", "Bel 020-5551234 voor een consult van 30 minuten.", "30 minuten", {"kind": "duration"}),
            ("en", "Call (555) 123-4567 to book a 30-minute visit.", "30-minute", {"kind": "duration"}),
        ],
        "reject": [
            ("nl", "Bel bij koorts de huisarts: 0900-1234567.", "0900-1234567"),
            ("en", "Questions? Call (555) 123-4567 today.", "123-4567"),
        ],
    },
    "not-address": {
        "extract": [
            ("nl", "De praktijk aan de Stationsweg 12 biedt 12 behandelingen aan.", "12 behandelingen",
             {"kind": "count"}),
            ("en", "The clinic at 221 Baker Street offers 6 treatments.", "6 treatments", {"kind": "count"}),
            # an English word ending like a Dutch street ("-ring", "-weg") is no street name
            ("en", "During 12 weeks, patients exercised daily.", "12 weeks", {"kind": "duration", "value": 12}),
        ],
        "reject": [
            ("nl", "Kom langs op de Stationsweg 12, 3511 AB Utrecht.", "Stationsweg 12"),
            ("en", "Write to 2200 Kernan Dr., Baltimore, MD 21207.", "2200 Kernan Dr."),
        ],
    },
    "not-url": {
        "extract": [
            ("nl", "Volgens www.thuisarts.nl herstelt 90% binnen 6 weken.", "90%", {"kind": "percentage"}),
            ("en", "As https://example.com explains, 90% recover within 6 weeks.", "90%", {"kind": "percentage"}),
        ],
        "reject": [
            ("nl", "Lees www.voorbeeld.nl/rugpijn-3-weken voor tips.", "3"),
            ("en", "See https://example.com/12-weeks-to-health for more.", "12"),
        ],
    },
    "not-price": {
        "extract": [
            ("nl", "Een consult van 30 minuten kost € 45.", "30 minuten", {"kind": "duration"}),
            ("en", "A course of six treatments costs $450.", "six treatments", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "Bestel het artikel voor € 3,50.", "3,50"),
            ("nl", "Dat kost jaarlijks 1,2 miljard euro.", "1,2 miljard euro"),
            ("en", "A course of six treatments costs $450.", "450"),
        ],
    },
    "not-time-of-day": {
        "extract": [
            ("nl", "Het spreekuur duurt 2 uur.", "2 uur", {"kind": "duration", "unit": "hours"}),
            ("en", "The session lasts 2 hours.", "2 hours", {"kind": "duration"}),
        ],
        "reject": [
            ("nl", "Het spreekuur is van 9.00 tot 12.00 uur.", "9.00"),
            ("nl", "We beginnen om 10 uur.", "10"),
            ("en", "The clinic is open from 9 a.m. to 5 p.m.", "9 a.m."),
            ("en", "The talk starts at 10:30.", "10:30"),
        ],
    },
    "not-page-ref": {
        "extract": [
            ("nl", "Het artikel beschrijft 52 patiënten in de studie.", "52 patiënten", {"kind": "sample_size"}),
            ("en", "The article describes 52 patients in the study.", "52 patients", {"kind": "sample_size"}),
        ],
        "reject": [
            ("nl", "Lees het artikel vanaf pagina 52 in het blad.", "52"),
            ("en", "See page 12 of the handbook.", "12"),
        ],
    },
    "not-issue-number": {
        "extract": [
            ("nl", "In het VNIG staan 5 studies.", "5 studies", {"kind": "count"}),
            ("en", "The issue lists 5 studies.", "5 studies", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "Lees het hele artikel in het VNIG 5/25.", "5/25"),
            ("nl", "Uit ons magazine (nr. 3/2024).", "3/2024"),
            ("en", "It appeared in Vol. 12 of the journal.", "12"),
        ],
    },
    "not-footnote": {
        "extract": [
            ("nl", "Het effect van dry needling is klein. 4 studies vonden niets.", "4 studies", {"kind": "count"}),
            ("en", "The effect was small. 4 studies found nothing.", "4 studies", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "Het effect van dry needling is klein.4 De auteurs analyseerden het.", "4"),
            ("nl", "vergeleken met controle-interventies1 en een studie", "1", {"suppressed": False}),
            ("en", "The effect was small.4 The authors analysed it.", "4"),
        ],
    },
    "not-label": {
        "extract": [
            ("nl", "In 3 studies bij diabetes type 2 werkte het.", "3 studies", {"kind": "count"}),
            ("en", "In 3 studies of type 2 diabetes it worked.", "3 studies", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "In fase 3 studies werd het getest.", "3"),
            ("en", "People with type 2 diabetes patients", "2"),
            ("en", "During COVID-19 patients waited longer.", "19"),
        ],
    },
    "not-age": {
        "extract": [
            ("nl", "Mensen met rugpijn herstelden binnen 6 weken.", "6 weken", {"kind": "duration"}),
            ("en", "People with back pain recovered within 6 weeks.", "6 weeks", {"kind": "duration"}),
        ],
        "reject": [
            ("nl", "Het gaat om mensen van 65 jaar en ouder.", "65 jaar"),
            ("en", "A 45-year-old construction worker had back pain.", "45"),
            ("nl", "Het gaat om vrouwen van 40 tot 49 jaar.", "40 tot 49"),
            ("en", "Screening helps women aged 40 to 49 the least.", "40 to 49"),
        ],
    },
    "not-scale": {
        "extract": [
            ("nl", "De pijn daalde van 7 naar 3 punten.", "3 punten", {"kind": "count"}),
            ("en", "Scores fell by 3 points.", "3 points", {"kind": "count"}),
        ],
        "reject": [
            ("nl", "Geef uw pijn een cijfer op een schaal van 0 tot 10.", "0 tot 10"),
            ("en", "Pain was rated on a scale from 0 to 10.", "0 to 10"),
        ],
    },
    "not-reading-time": {
        "extract": [
            ("nl", "Leestijd 4 minuten\n\nDe sessies duurden 30 minuten.", "30 minuten", {"kind": "duration"}),
            ("en", "4 min read\n\nEach session lasted 30 minutes.", "30 minutes", {"kind": "duration"}),
        ],
        "reject": [
            ("nl", "Geplaatst op 12 januari 2024 | Leestijd 4 minuten", "4 minuten"),
            ("nl", "Leestijd: 3 min.", "3 min"),
            ("nl", "Door de redactie · 5 minuten leestijd", "5 minuten"),
            ("en", "4 min read", "4 min"),
            ("en", "Updated May 2 · 6-minute read", "6-minute"),
            ("en", "Reading time: 7 minutes", "7 minutes"),
        ],
    },
    "not-ci-level": {
        "extract": [
            ("nl", "Bij 95% van de deelnemers werkte het.", "95%", {"kind": "percentage"}),
            ("en", "It worked in 95% of participants.", "95%", {"kind": "percentage"}),
        ],
        "reject": [
            ("nl", "Het risico was hoger (oddsratio 2,1; 95%-BI 1,6-2,8).", "95%", {"suppressed": False}),
            ("nl", "Het verschil was 3 punten (95%-BI 1 tot 5).", "95%"),
            ("en", "The difference was 3 points (95% CI 1 to 5).", "95%"),
        ],
    },
}

CLAIM_FAMILIES = {"number", "numeric", "attribution", "strength"}


def _run(lang: str, text: str) -> Extraction:
    return extract(Document(input="<test>", text=text, language=lang))


def _span(text: str, span: str) -> tuple[int, int]:
    start = text.find(span)
    assert start >= 0, f"{span!r} is not in {text!r}"
    return start, start + len(span)


def _matches(value: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(value, dict) and all(_matches(value.get(k), v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(value, list) and len(value) == len(want) and all(
            _matches(a, b) for a, b in zip(value, want, strict=True))
    if isinstance(want, float | int) and not isinstance(want, bool) and isinstance(value, float | int):
        return abs(float(value) - float(want)) <= max(0.01, abs(float(want)) * 0.001)
    if isinstance(want, str) and isinstance(value, float | int):
        return str(value) == want
    return value == want


def _cases(part: str) -> list[Any]:
    return [pytest.param(rule, *case, id=f"{rule}-{part}-{i}")
            for rule, spec in TABLE.items() for i, case in enumerate(spec.get(part, []))]


@pytest.mark.parametrize(("rule", "lang", "text", "span", "expected"), _cases("extract"))
def test_extract_examples(rule: str, lang: str, text: str, span: str, expected: dict[str, Any]) -> None:
    ex = _run(lang, text)
    start, end = _span(text, span)
    family = RULES[rule].family
    if family == "citation":
        found = [c for c in ex.citations if c.start is not None and c.start < end and start < (c.end or 0)]
        assert found, f"no citation at {span!r}: {ex.citations}"
        assert any(all(getattr(c, k) == v for k, v in expected.items()) for c in found), found
        return
    hits = [c for c in ex.claims if c.start < end and start < c.end]
    if family in CLAIM_FAMILIES:
        hits = [c for c in hits if rule in ex.rules[c.id]]
    assert hits, f"no claim from {rule} at {span!r}: {[(c.text, ex.rules[c.id]) for c in ex.claims]}"
    assert any(_matches({**c.to_dict(graded=False), "details": c.details}, expected) for c in hits), \
        [c.to_dict(graded=False) for c in hits]


@pytest.mark.parametrize(("rule", "lang", "text", "span", "options"),
                         [pytest.param(p.values[0], *p.values[1:4], (p.values[4] if len(p.values) > 4 else {}), id=p.id)
                          for p in _cases("reject")])
def test_reject_examples(rule: str, lang: str, text: str, span: str, options: dict[str, Any]) -> None:
    ex = _run(lang, text)
    start, end = _span(text, span)
    family = RULES[rule].family
    if family == "citation":
        field = {"citation-doi": "doi", "citation-pmid": "pmid", "citation-url": "url"}[rule]
        bad = [c for c in ex.citations if getattr(c, field) and c.start is not None
               and c.start < end and start < (c.end or 0)]
        assert not bad, bad
        return
    hits = [c for c in ex.claims if c.start < end and start < c.end]
    if family == "exclusion":
        # an effect size rightly covers its own confidence interval; nothing else may take the number
        numeric = [c for c in hits if c.kind in NUMERIC_KINDS
                   and not {"effect-size", "p-value"} & set(ex.rules[c.id])]
        assert not numeric, [(c.text, ex.rules[c.id]) for c in numeric]
        if options.get("suppressed", True):
            assert any(r == rule and s < end and start < e for r, s, e in ex.suppressed), ex.suppressed
        return
    bad = [c for c in hits if rule in ex.rules[c.id]]
    assert not bad, [(c.text, ex.rules[c.id]) for c in bad]


def test_every_rule_has_examples() -> None:
    """Each rule has should-extract and should-not-extract examples in Dutch and in English."""
    assert set(TABLE) <= set(RULES), f"unknown rule ids in the table: {set(TABLE) - set(RULES)}"
    missing = []
    for rule in RULES:
        spec = TABLE.get(rule, {})
        for part in ("extract", "reject"):
            langs = {case[0] for case in spec.get(part, [])}
            for lang in ("nl", "en"):
                if lang not in langs:
                    missing.append(f"{rule}: no {part} example in {lang}")
    assert not missing, "\n".join(missing)


def test_links_become_citations() -> None:
    doc = Document(input="<test>", text="Lees de studie.", language="nl",
                   links=[Link(url="https://doi.org/10.1001/jamapsychiatry.2021.2669", text="de studie", start=5,
                               end=14)])
    ex = extract(doc)
    assert [c.doi for c in ex.citations] == ["10.1001/jamapsychiatry.2021.2669"]
    assert ex.citations[0].start == 5

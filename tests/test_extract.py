"""Claim extraction: numbers, sentences, the API's promises, robustness, and quality on the gold set."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.extract import Extraction, extract, extract_text
from claimcheck.extract.citations import normalise_doi
from claimcheck.extract.evaluate import GoldScore, score_paragraph
from claimcheck.extract.numbers import find_numbers, parse_digits, parse_words
from claimcheck.extract.sentences import split_sentences
from claimcheck.model import CLAIM_KINDS, QUALIFIERS, Citation, Claim, Document, OffsetMap, Sentence

GOLD = Path(__file__).parent / "extraction" / "gold.toml"


@pytest.mark.parametrize(("raw", "lang", "value"), [
    ("13.000", "nl", 13000), ("13,000", "en", 13000), ("1,5", "nl", 1.5), ("1.5", "en", 1.5),
    ("1.5", "nl", 1.5), ("0,35", "en", 0.35), ("0,003", "nl", 0.003), ("1.234.567", "nl", 1234567),
    ("1,234,567", "en", 1234567), ("1.234,5", "nl", 1234.5), ("1,234.5", "en", 1234.5), ("4.512", "nl", 4512),
    ("2019", "en", 2019), ("13\u00a0000", "nl", 13000), ("1234,5", "nl", 1234.5),
])
def test_parse_digits(raw: str, lang: str, value: float) -> None:
    assert parse_digits(raw, lang) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["1.5.2", "1,2,3"])
def test_parse_digits_rejects_versions(raw: str) -> None:
    assert parse_digits(raw, "en") is None


@pytest.mark.parametrize(("raw", "lang", "value"), [
    ("vijfentwintig", "nl", 25), ("tweeëntwintig", "nl", 22), ("honderdvijftig", "nl", 150),
    ("tweeduizendvijfhonderd", "nl", 2500), ("achttien", "nl", 18), ("één", "nl", 1), ("duizend", "nl", 1000),
    ("anderhalf", "nl", 1.5), ("twenty-five", "en", 25), ("twenty five", "en", 25),
    ("one hundred and twenty", "en", 120), ("three thousand", "en", 3000), ("eleven", "en", 11),
    ("two million", "en", 2_000_000),
])
def test_parse_words(raw: str, lang: str, value: float) -> None:
    parsed = parse_words(raw, lang)
    assert parsed is not None and parsed[0] == pytest.approx(value) and parsed[1] == len(raw)


@pytest.mark.parametrize(("raw", "lang"), [("en", "nl"), ("vieren", "nl"), ("tweedrie", "nl")])
def test_parse_words_rejects(raw: str, lang: str) -> None:
    parsed = parse_words(raw, lang)
    assert parsed is None or parsed[1] < len(raw)


def test_find_numbers_applies_scales_and_skips_glued_digits() -> None:
    text = "Zo'n 2,5 miljoen mensen; controle-interventies1 en COVID19."
    numbers = find_numbers(text, "nl")
    assert [(text[n.start:n.end], n.value) for n in numbers] == [("2,5 miljoen", 2_500_000)]


def test_sentences_know_abbreviations_and_lists() -> None:
    text = ("Dit blijkt uit onderzoek (Hides et al. 1996). Het werkt o.a. bij ca. 50 procent. "
            "Dr. Berman schreef het in N Engl J Med. 2010;363:454-461.\n\n"
            "Acupunctuur werkt:\n  1. via het zenuwstelsel,\n  2. via de hormonen\nKlaar")
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "Dit blijkt uit onderzoek (Hides et al. 1996).",
        "Het werkt o.a. bij ca. 50 procent.",
        "Dr. Berman schreef het in N Engl J Med. 2010;363:454-461.",
        "Acupunctuur werkt:",
        "1. via het zenuwstelsel,",
        "2. via de hormonen",
        "Klaar",
    ]


def test_sentences_cover_the_text() -> None:
    text = "Kop zonder punt\nEerste zin. Tweede zin!\n\n• punt een\n• punt twee\n"
    sentences = split_sentences(text)
    covered = "".join(text[s.start:s.end] for s in sentences)
    assert covered.replace(" ", "") == "".join(text.split()).replace(" ", "")
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_doi_normalisation() -> None:
    assert normalise_doi("10.1136/BMJ-2021-067718.") == "10.1136/bmj-2021-067718"
    assert normalise_doi("10.1016/S2665-9913(22)00153-4);") == "10.1016/s2665-9913(22)00153-4"


def test_api_shapes() -> None:
    text = "Bijna 70 procent was pijnvrij.\nDit verscheen in JAMA Psychiatry (doi: 10.1001/jamapsychiatry.2021.2669)."
    doc = Document(input="a.txt", text=text, language="nl", offsets=OffsetMap.identity(text))
    ex = extract(doc)
    assert isinstance(ex, Extraction)
    assert all(isinstance(c, Claim) for c in ex.claims)
    assert all(isinstance(c, Citation) and c.source is None for c in ex.citations)
    assert all(isinstance(s, Sentence) for s in ex.sentences)
    assert [c.id for c in ex.claims] == [f"c{i}" for i in range(1, len(ex.claims) + 1)]
    first = ex.claims[0]
    assert (first.text, first.kind, first.value, first.unit, first.qualifier) == (
        "Bijna 70 procent", "percentage", 70.0, "%", "nearly")
    assert (first.line, first.column) == (1, 1)
    assert first.sentence == "Bijna 70 procent was pijnvrij."
    journal = next(c for c in ex.claims if c.kind == "attribution")
    assert journal.line == 2 and journal.details["name"] == "JAMA Psychiatry"
    assert ex.citations[0].doi == "10.1001/jamapsychiatry.2021.2669"
    assert ex.errors == []


def test_english_sentence_in_dutch_document() -> None:
    ex = extract_text("Conclusie: we would suggest a course of 10 to 12 treatments over a period of 8 weeks.", "nl")
    assert [(c.text, c.kind) for c in ex.claims] == [("10 to 12 treatments", "range"), ("8 weeks", "duration")]


def test_no_claims_in_empty_or_blank_text() -> None:
    for text in ("", "   \n\n  ", "\x00\x01"):
        ex = extract_text(text, "nl")
        assert ex.claims == [] and ex.errors == []


def test_unknown_language_falls_back_to_english() -> None:
    ex = extract(Document(input="x", text="About 40% improved.", language="de"))
    assert [c.text for c in ex.claims] == ["About 40%"]


_ALPHABET = st.sampled_from([
    *"0123456789 .,;:%-–()/€$\n\tabcdeEnNpPx'’\"",
    " procent", " percent", " weken", " weeks", " deelnemers", " patients", "bijna ", "more than ", " tot ",
    " to ", " van de ", " of ", "een ", " jaar lang", "SMD ", "95% CI ", "p = ", "(Smith et al. 2010)",
    "doi: 10.1136/", "N Engl J Med 2010; 3:4-5", "volgens ", "published in ", "twintig", "twenty-",
    " de helft", "two-thirds", "\u00a0", "İ", "ß", "ﬁ",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from(["nl", "en"]))
def test_never_raises_and_spans_are_exact(text: str, language: str) -> None:
    ex = extract(Document(input="fuzz", text=text, language=language, offsets=OffsetMap.identity(text)))
    assert ex.errors == []
    previous = (-1, -1)
    for i, c in enumerate(ex.claims, start=1):
        assert c.id == f"c{i}"
        assert text[c.start:c.end] == c.text
        assert (c.start, c.end) >= previous
        previous = (c.start, c.end)
        assert c.kind in CLAIM_KINDS
        assert c.qualifier is None or c.qualifier in QUALIFIERS
    for s in ex.sentences:
        assert text[s.start:s.end] == s.text


def test_gold_quality() -> None:
    """Recall >= 0.95 and precision >= 0.90 by span overlap on the hand-marked paragraphs."""
    data = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    paragraphs = data["paragraph"]
    assert len(paragraphs) >= 40
    assert {p["lang"] for p in paragraphs} == {"nl", "en"}
    score = GoldScore()
    for p in paragraphs:
        doc = Document(input=p["id"], text=p["text"], language=p["lang"])
        score_paragraph(p["id"], p["text"], extract(doc).claims, p["claims"], score)
    assert score.recall >= 0.95, score.misses
    assert score.precision >= 0.90, score.false_positives
    assert score.kind_ok / score.found >= 0.9, score.wrong
    assert score.value_ok / score.value_total >= 0.9, score.wrong

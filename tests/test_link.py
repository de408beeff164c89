"""The link stage: which register entries an article discusses, on what evidence, and where.

Two kinds of tests: the hand-written articles of tests/link/cases.toml (nl and en, with near misses),
and articles made from each register entry's own fields (DOI only, trial name only, author + year,
journal + year + intervention, numbers + intervention, and the near misses: same journal on another
topic, same author on another study, same institution, the guideline body in an unrelated story), so
every entry - including ones added later - is tested without a line of code per entry.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from claimcheck.checker import extract_document
from claimcheck.link import Links, link_document
from claimcheck.link.index import classify, link_index, surname
from claimcheck.model import Document
from claimcheck.register import load_register

CASES = tomllib.loads((Path(__file__).parent / "link" / "cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.fixture(scope="module")
def register() -> Any:
    return load_register()


def _link(register: Any, text: str, lang: str = "en", published: str | None = None) -> tuple[Links, Any]:
    document = Document(input="test.txt", text=text, language=lang, published=published)
    result = extract_document(document)
    return link_document(result, register), result


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(register: Any, case: dict[str, Any]) -> None:
    links, _ = _link(register, case["text"], case["lang"], case.get("published"))
    got = links.discussed()
    for source in case.get("links", []):
        assert source in got, f"{case['id']}: {source} not linked (got {got})"
    for source in case.get("not", []):
        assert source not in got, f"{case['id']}: {source} linked on {links.link(source).evidence}"
    if case.get("only"):
        assert sorted(got) == sorted(case.get("links", [])), f"{case['id']}: got {got}"


# --- articles made from each register entry ------------------------------------------------------


def _sources(register: Any) -> list[Any]:
    return sorted(register.sources.values(), key=lambda s: s.id)


def _names(register: Any, source: Any, signal: str) -> list[str]:
    return [a for a in [*source.aliases.en, *source.aliases.nl] if classify(a, source, "name") == signal]


def _intervention(register: Any, source: Any) -> str | None:
    stems = sorted(link_index(register).interventions.get(source.id, ()))
    plain = [s.rstrip("*") for s in stems if len(s.rstrip("*")) > 4]
    return plain[0] if plain else None


def _other_year(source: Any) -> int:
    return max(source.year + 7, 1990) if source.year + 7 <= 2025 else source.year - 9


def test_doi_alone_links_every_entry(register: Any) -> None:
    for source in _sources(register):
        if not source.identifiers.doi:
            continue
        links, _ = _link(register, f"Something new about health.\n\nhttps://doi.org/{source.identifiers.doi}")
        assert links.discussed() == [source.id], source.id
        assert links.link(source.id).cited


def test_trial_name_alone_links_the_entry_or_its_original(register: Any) -> None:
    index = link_index(register)
    for source in _sources(register):
        for name in _names(register, source, "trial-name")[:2]:
            links, _ = _link(register, f"Reporters asked what the {name} results mean for patients.")
            sharing = {s for s in register.sources
                       if name in [*register.sources[s].aliases.en, *register.sources[s].aliases.nl]}
            got = links.discussed()
            assert got and set(got) <= sharing, (source.id, name, got)
            if sharing == {source.id}:
                assert got == [source.id], (source.id, name, got)
            else:  # a shared name goes to the original study
                assert got[0] == min(sharing, key=lambda s: index.rank[s]), (source.id, name, got)


def test_author_and_year_link_the_entry(register: Any) -> None:
    for source in _sources(register):
        if not source.authors or source.type == "guideline":
            continue
        name = surname(source.authors[0])
        text = f"{name} et al. ({source.year}) reported the results of the work."
        links, _ = _link(register, text)
        assert source.id in links.discussed(), (source.id, text, links.discussed())


def test_journal_year_and_intervention_link_the_entry(register: Any) -> None:
    for source in _sources(register):
        term = _intervention(register, source)
        if not source.journal or term is None or source.type == "guideline":
            continue
        text = (f"The study, published in {source.journal} in {source.year}, looked at {term} for "
                f"people with back pain.")
        links, _ = _link(register, text)
        assert source.id in links.discussed(), (source.id, text, links.discussed())


def test_numbers_and_intervention_link_the_entry(register: Any) -> None:
    for source in _sources(register):
        term = _intervention(register, source)
        n = source.population.n if source.population else None
        if term is None or not n or n < 100 or source.type == "guideline":
            continue
        text = f"In all, {n:,} people with back pain took part; the researchers tested {term}."
        links, _ = _link(register, text)
        assert source.id in links.discussed(), (source.id, text, links.discussed())


def test_same_journal_on_another_topic_does_not_link(register: Any) -> None:
    for source in _sources(register):
        if not source.journal:
            continue
        text = f"{source.journal} published a study in {_other_year(source)} on migraine in teenagers."
        links, _ = _link(register, text)
        assert source.id not in links.discussed(), (source.id, text)


def test_same_author_on_another_study_does_not_link(register: Any) -> None:
    for source in _sources(register):
        if not source.authors:
            continue
        name = surname(source.authors[0])
        text = f"{name} and colleagues published another paper in {_other_year(source)} about knee pain."
        links, _ = _link(register, text)
        assert source.id not in links.discussed(), (source.id, text)


def test_same_institution_does_not_link(register: Any) -> None:
    for source in _sources(register):
        for institution in [*source.institutions, *source.aliases.institution][:3]:
            text = f"Researchers at {institution} found that a new heart drug lowers blood pressure."
            links, _ = _link(register, text)
            assert source.id not in links.discussed(), (source.id, text)


def test_guideline_body_in_an_unrelated_story_does_not_link(register: Any) -> None:
    for source in _sources(register):
        if source.type != "guideline":
            continue
        for body in _names(register, source, "body")[:3]:
            text = f"{body} said that people who break a hip should have surgery within a day or two."
            links, _ = _link(register, text)
            assert source.id not in links.discussed(), (source.id, text)


def test_signal_classes(register: Any) -> None:
    prt = register.sources["ashar-2022-prt"]
    assert classify("PRT", prt, "name") == "trial-name"
    assert classify("Pain Reprocessing Therapy", prt, "name") == "trial-name"
    assert classify("JAMA Psychiatry", prt, "journal") == "journal"
    assert classify("University of Colorado", prt, "institution") == "institution"
    nice = register.sources["nice-cg88-2009"]
    assert classify("NHS", nice, "name") == "body"
    assert classify("CG88", nice, "name") == "trial-name"
    follow_up = register.sources["ashar-2025-prt-5y"]
    assert classify("five-year follow-up", follow_up, "name") == "description"
    assert surname("da C Menezes Costa L") == "Costa"
    assert surname("Williams ACdC") == "Williams"


# --- the Links API --------------------------------------------------------------------------------


def test_two_studies_keep_their_own_paragraphs(register: Any) -> None:
    text = ("The German GERAC trials randomised 1162 people with chronic back pain. In the GERAC trial 47% "
            "improved.\n\nAn American trial by Cherkin and colleagues (2009) enrolled 638 adults; 60% improved.")
    links, result = _link(register, text)
    first = text.index("47%")
    second = text.index("60%")
    assert links.for_span(first, first + 3)[0] == "haake-2007-gerac"
    assert links.for_span(second, second + 3)[0] == "cherkin-2009-acupuncture"
    frames = {c.text: c.frame.study for c in result.claims if c.frame is not None}
    assert frames.get("47%") == "haake-2007-gerac"
    assert frames.get("60%") == "cherkin-2009-acupuncture"


def test_a_later_paragraph_without_a_name_keeps_the_study_before_it(register: Any) -> None:
    text = ("Pain Reprocessing Therapy was tested in 151 adults.\n\n"
            "Afterwards, most of them said their pain was much lower.")
    links, _ = _link(register, text)
    start = text.index("Afterwards")
    assert links.for_span(start, start + 10) == ["ashar-2022-prt"]


def test_version_and_history(register: Any) -> None:
    text = ("In 2009 NICE advised up to 10 sessions of acupuncture for low back pain.\n\n"
            "NICE no longer recommends acupuncture for low back pain.")
    links, _ = _link(register, text, published="2017-01-05")
    first_end = text.index("\n")
    second = text.index("NICE no longer")
    assert links.version_for("nice-ng59-2016", 0, first_end) == "nice-cg88-2009"
    assert links.version_for("nice-cg88-2009", second, len(text)) == "nice-ng59-2016"
    assert links.historical(0, first_end)
    assert links.historical(second, len(text))
    assert links.says_changed


def test_present_tense_advice_is_not_historical(register: Any) -> None:
    text = "NICE recommends exercise for people with low back pain."
    links, _ = _link(register, text, published="2020-01-05")
    assert not links.historical(0, len(text))
    assert links.version_for("nice-cg88-2009", 0, len(text)) == "nice-ng59-2016"


def test_evidence_and_old_api(register: Any) -> None:
    text = "The PRT trial (JAMA Psychiatry, 2022) randomised 151 adults with chronic back pain."
    links, result = _link(register, text)
    link = links.link("ashar-2022-prt")
    assert link is not None and link.score >= 1.0
    signals = {e.signal for e in link.evidence}
    assert {"trial-name", "journal-year", "number-n", "topic"} <= signals
    for e in link.evidence:
        if e.start is not None:
            assert text[e.start:e.end] == e.text
    assert result.studies and result.studies[0].source == "ashar-2022-prt"
    assert links.ranked() == links.discussed() == ["ashar-2022-prt"]
    assert links.primary() == "ashar-2022-prt"
    assert links.scores["ashar-2022-prt"] == link.score
    assert links.near(0, 10) == ["ashar-2022-prt"]
    assert {m.kind for m in links.mentions["ashar-2022-prt"]} >= {"name", "journal+year"}
    assert not links.cited


def test_no_link_says_so(register: Any) -> None:
    links, result = _link(register, "Eating more fibre lowers the risk of bowel cancer, a large study finds.")
    assert links.discussed() == [] and result.studies == []
    assert links.for_span(0, 10) == [] and links.primary() is None


def test_past_advice_told_as_past_gets_no_superseded_error(register: Any) -> None:
    from claimcheck.grade import grade_result

    text = ("In 2009 NICE advised a course of acupuncture for persistent low back pain.\n\n"
            "NICE no longer recommends acupuncture for low back pain.")
    document = Document(input="test.txt", text=text, language="en", published="2018-02-01")
    result = extract_document(document)
    grade_result(result, register)
    assert {s.source for s in result.studies} >= {"nice-cg88-2009", "nice-ng59-2016"}
    for claim in result.claims:
        if claim.kind == "attribution":
            assert not [i for i in claim.issues if i.rule == "superseded-source" and i.severity == "error"], claim

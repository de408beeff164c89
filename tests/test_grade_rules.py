"""The grader's rules, one by one, on claims placed by hand (independent of extraction).

Each case is a short article we wrote, the claims in it (anchor, kind, value, unit, qualifier,
details) and what the grader must say about one of them. The register is the repository's own.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck.grade import grade_result
from claimcheck.ingest import text_document
from claimcheck.ingest.comments import comments_start
from claimcheck.model import Citation, Claim, DocumentResult
from claimcheck.register import default_register_root, load_register


@pytest.fixture(scope="module")
def register() -> Any:
    return load_register(default_register_root())


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return lo, (min(stops) + 1 if stops else len(text))


def grade(text: str, claims: list[dict[str, Any]], register: Any, lang: str = "nl",
          dois: tuple[str, ...] = ()) -> DocumentResult:
    doc = text_document(text, "article.txt")
    doc.language = lang
    doc.comments_start = comments_start(text)
    built = []
    for i, spec in enumerate(claims, start=1):
        start = text.index(spec["anchor"])
        end = start + len(spec["anchor"])
        s0, s1 = _sentence(text, start, end)
        built.append(Claim(id=f"c{i}", kind=spec["kind"], text=spec["anchor"], start=start, end=end,
                           sentence=text[s0:s1], sentence_start=s0, sentence_end=s1,
                           value=spec.get("value"), unit=spec.get("unit"), qualifier=spec.get("qualifier"),
                           subject=spec.get("subject"), details=spec.get("details", {})))
    citations = [Citation(text=d, start=text.index(d), end=text.index(d) + len(d), doi=d) for d in dois]
    result = DocumentResult(document=doc, claims=built, citations=citations)
    grade_result(result, register)
    return result


def rules(claim: Claim) -> set[str]:
    return {i.rule for i in claim.issues}


PRT = (
    "Een nieuwe behandeling helpt bij rugpijn. De studie met Pain Reprocessing Therapy verscheen in 2021 "
    "in JAMA Psychiatry. In totaal deden 151 mannen en vrouwen mee; zij kregen acht sessies in vier weken. "
    "Daarna was 66 procent van de deelnemers pijnvrij of bijna pijnvrij. "
)


def test_denominator_mismatch_and_arm_confusion(register: Any) -> None:
    result = grade(PRT, [
        {"anchor": "151 mannen en vrouwen", "kind": "sample_size", "value": 151, "unit": "people"},
        {"anchor": "66 procent", "kind": "percentage", "value": 66, "unit": "%", "subject": "deelnemers"},
        {"anchor": "JAMA Psychiatry", "kind": "attribution", "details": {"type": "journal", "name": "JAMA Psychiatry"}},
    ], register)
    total, share, journal = result.claims
    assert "arm-confusion" in rules(total) and total.verdict == "inaccurate"
    assert "denominator-mismatch" in rules(share) and share.verdict == "overstated"
    assert share.match is not None and share.match.source == "ashar-2022-prt"
    assert any(i.severity == "error" for i in share.issues)
    assert journal.verdict == "accurate"
    caveats = {f.caveat for f in result.findings if f.rule == "missing-caveat"}
    assert {"control-arms", "conflict-of-interest", "population"} <= caveats


def test_arm_figure_told_of_the_arm_is_accurate(register: Any) -> None:
    text = ("In JAMA Psychiatry (2021) beschreven onderzoekers Pain Reprocessing Therapy bij rugpijn. In de PRT-groep "
            "was 66 procent pijnvrij of bijna pijnvrij, tegen 20 procent in de placebogroep en 10 procent bij "
            "gebruikelijke zorg.")
    result = grade(text, [{"anchor": "66 procent", "kind": "percentage", "value": 66, "unit": "%"}], register)
    claim = result.claims[0]
    assert claim.verdict == "accurate", claim.issues
    assert not {f.caveat for f in result.findings} & {"control-arms"}


def test_rounded_up(register: Any) -> None:
    text = PRT + "Bijna 70 procent was na de therapie pijnvrij."
    result = grade(text, [{"anchor": "Bijna 70 procent", "kind": "percentage", "value": 70, "unit": "%",
                           "qualifier": "nearly"}], register)
    assert rules(result.claims[0]) == {"rounded-up"}
    assert result.claims[0].verdict == "imprecise"


def test_number_mismatch(register: Any) -> None:
    text = PRT + "Maar liefst 90 procent van de PRT-groep was pijnvrij."
    result = grade(text, [{"anchor": "90 procent", "kind": "percentage", "value": 90, "unit": "%"}], register)
    assert "number-mismatch" in rules(result.claims[0])
    assert result.claims[0].verdict == "inaccurate"


def test_duration_overreach(register: Any) -> None:
    text = PRT + "De meeste patiënten waren een jaar lang klachtenvrij."
    result = grade(text, [{"anchor": "een jaar lang klachtenvrij", "kind": "strength",
                           "details": {"type": "permanence", "cue": "een jaar lang klachtenvrij"}}], register)
    assert "duration-overreach" in rules(result.claims[0])
    assert result.claims[0].verdict == "overstated"


def test_hype_language(register: Any) -> None:
    result = grade("Hersentraining verdrijft rugpijn. " + PRT, [
        {"anchor": "verdrijft", "kind": "strength", "details": {"type": "hype", "cue": "verdrijft"}}], register)
    assert "hype-language" in rules(result.claims[0])


def test_animal_to_human_and_its_caveat(register: Any) -> None:
    text = "In the rat, needling releases cortisol, which is how acupuncture eases back pain."
    result = grade(text, [{"anchor": "In the rat", "kind": "strength", "details": {"type": "animal"}}],
                   register, lang="en")
    assert "animal-to-human" in rules(result.claims[0])
    careful = text + " Whether the same happens in people is not known."
    result = grade(careful, [{"anchor": "In the rat", "kind": "strength", "details": {"type": "animal"}}],
                   register, lang="en")
    assert not rules(result.claims[0])


def test_superseded_guideline_is_outdated(register: Any) -> None:
    text = ("The National Institute for Health and Clinical Excellence recommends acupuncture: the NHS offers "
            "a maximum of 10 sessions of acupuncture for low back pain.")
    result = grade(text, [{"anchor": "maximum of 10 sessions", "kind": "count", "value": 10, "unit": "sessions",
                           "qualifier": "at_most"}], register, lang="en")
    claim = result.claims[0]
    assert claim.match is not None and claim.match.source == "nice-cg88-2009"
    assert claim.verdict == "outdated" and "superseded-source" in rules(claim)


def test_misattribution_of_year(register: Any) -> None:
    text = "Pain Reprocessing Therapy for chronic back pain was tested in a trial published in JAMA Psychiatry in 2019."
    result = grade(text, [{"anchor": "JAMA Psychiatry in 2019", "kind": "attribution",
                           "details": {"type": "journal", "name": "JAMA Psychiatry", "year": 2019}}],
                   register, lang="en")
    assert "misattribution" in rules(result.claims[0])


def test_cited_sources_and_sound_counts(register: Any) -> None:
    text = ("Een netwerk-meta-analyse in het British Medical Journal bundelde 97 gerandomiseerde studies met "
            "meer dan 13.000 deelnemers. Bron: doi 10.1136/bmj-2021-067718")
    result = grade(text, [
        {"anchor": "97 gerandomiseerde", "kind": "count", "value": 97, "unit": "studies"},
        {"anchor": "meer dan 13.000", "kind": "sample_size", "value": 13000, "unit": "people",
         "qualifier": "more_than"},
    ], register, dois=("10.1136/bmj-2021-067718",))
    assert [c.verdict for c in result.claims] == ["accurate", "accurate"]
    assert result.citations[0].source == "ho-2022-bmj-nma"
    assert [s.id for s in result.sources][:1] == ["ho-2022-bmj-nma"]
    assert result.sources[0].cited


def test_recurring_claim_and_conflicting_evidence(register: Any) -> None:
    text = "Goed nieuws: na drie maanden is ongeveer de helft van de mensen met lage rugpijn volledig hersteld."
    result = grade(text, [{"anchor": "ongeveer de helft", "kind": "ratio", "value": 50, "unit": "%",
                           "qualifier": "about"}], register)
    claim = result.claims[0]
    assert claim.match is not None and claim.match.claim == "half-recovered-after-three-months"
    assert claim.verdict in ("accurate", "imprecise")
    assert "conflicting-evidence" in rules(claim)


def test_no_citation(register: Any) -> None:
    text = ("Therapy cures chronic pain. It rewires the nervous system and stops pain for good. "
            "Patients who follow it improve their lives.")
    result = grade(text, [], register, lang="en")
    assert [f.rule for f in result.findings] == ["no-citation"]


def test_reader_comments_are_not_the_article(register: Any) -> None:
    text = ("De New England Journal of Medicine beschreef in 2010 acupunctuur bij lage rugpijn "
            "(N Engl J Med 2010; 363:454-461). Acupunctuur werkt.\n\n" + "Tekst. " * 40 +
            "\n\n1. Piet schreef:\n\nNep-acupunctuur werkt even goed, het is placebo.\n")
    result = grade(text, [{"anchor": "N Engl J Med 2010; 363:454-461", "kind": "attribution",
                           "details": {"type": "citation", "name": "N Engl J Med", "year": 2010}}], register)
    assert result.claims[0].match is not None
    assert result.claims[0].match.source == "berman-2010-nejm-acupuncture"
    assert "sham-comparison" in {f.caveat for f in result.findings}


def test_deterministic(register: Any) -> None:
    claims = [{"anchor": "66 procent", "kind": "percentage", "value": 66, "unit": "%", "subject": "deelnemers"}]
    first = grade(PRT, claims, register).to_dict()
    second = grade(PRT, claims, register).to_dict()
    assert first == second


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Onderzoek naar Pain Reprocessing-therapie bij chronische rugpijn.", "ashar-2022-prt"),
        ("The New England Journal of Medecine wrote in 2010 about acupuncture for low back pain.",
         "berman-2010-nejm-acupuncture"),
    ],
)
def test_names_are_matched_fuzzily(register: Any, text: str, source: str) -> None:
    from claimcheck.grade.resolve import resolve
    from claimcheck.textfold import fold

    doc = text_document(text, "article.txt")
    resolution = resolve(DocumentResult(document=doc), register, fold(text))
    assert resolution.primary() == source


def test_fuzzy_names_need_to_be_close(register: Any) -> None:
    from claimcheck.grade.resolve import resolve
    from claimcheck.textfold import fold

    text = "Pain relief therapy helped some people with back pain."
    resolution = resolve(DocumentResult(document=text_document(text, "a.txt")), register, fold(text))
    assert "ashar-2022-prt" not in resolution.scores


def test_a_count_sharing_only_a_unit_noun_is_not_a_mismatch(register: Any) -> None:
    text = ("Dit artikel beschrijft twee interessante studies. Een netwerk-meta-analyse in het British Medical "
            "Journal bundelde 97 gerandomiseerde studies. Bron: doi 10.1136/bmj-2021-067718")
    result = grade(text, [
        {"anchor": "twee interessante studies", "kind": "count", "value": 2, "unit": "studies"},
        {"anchor": "97 gerandomiseerde", "kind": "count", "value": 97, "unit": "studies"},
    ], register, dois=("10.1136/bmj-2021-067718",))
    two, ninety_seven = result.claims
    assert not two.issues and two.verdict == "unverified"
    assert ninety_seven.verdict == "accurate"

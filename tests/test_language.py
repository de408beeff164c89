"""The language rules end to end (extract, link, grade) on short articles written for these tests:
hype-language raised only where the context lets a phrase stand, with a severity that follows the
voice and the evidence, a message that says why and a fix; animal-to-human only where an animal
finding is offered as what happens in people; one strength level whichever command asks.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck.errors import RegisterError
from claimcheck.extract import extract
from claimcheck.grade import grade_result
from claimcheck.ingest import text_document
from claimcheck.model import DocumentResult
from claimcheck.register import default_register_root, load_register
from claimcheck.strength import classify

LANGUAGE_RULES = {"hype-language", "animal-to-human", "causal-overreach", "source-type-misdescribed"}


@pytest.fixture(scope="module")
def register() -> Any:
    try:
        return load_register(default_register_root())
    except RegisterError as exc:  # another engineer may be editing the register
        pytest.skip(f"register does not load: {exc}")


def check(text: str, register: Any, lang: str = "en") -> DocumentResult:
    doc = text_document(text, "article.txt")
    doc.language = lang
    ex = extract(doc)
    result = DocumentResult(document=doc, claims=ex.claims, citations=ex.citations)
    grade_result(result, register)
    return result


def raised(result: DocumentResult, severity: str = "warning") -> list[tuple[str, str]]:
    return [(c.text, i.rule) for c in result.claims for i in c.issues
            if i.rule in LANGUAGE_RULES and i.severity == severity]


@pytest.mark.parametrize(("text", "lang", "cue"), [
    ("New injection cures back pain\n\nThe clinic treated 12 patients last spring.", "en", "cures"),
    ("Deze therapie verdrijft rugpijn, zegt niemand minder dan de behandelaar zelf niet.", "nl", None),
    ("Nieuwe oefentherapie verdrijft rugpijn.\n\nDe fysiotherapeut behandelde twintig mensen.", "nl", "verdrijft"),
    ("The spice is a miracle cure for joint pain, the shop's leaflet promises in bold letters.", "en", None),
    ("With the new routine, your back pain is reduced to zero within weeks.", "en", "reduced to zero"),
    ("It is now scientifically proven that the supplement protects the joints.", "en", "scientifically proven"),
])
def test_own_voice_overstatement_is_a_warning(text: str, lang: str, cue: str | None, register: Any) -> None:
    result = check(text, register, lang)
    warnings = raised(result)
    if cue is None:
        assert not [w for w in warnings if w[1] == "hype-language" and w[0] in ("verdrijft", "miracle")]
    else:
        assert any(cue in c for c, rule in warnings if rule == "hype-language"), warnings


@pytest.mark.parametrize(("text", "lang"), [
    ("The researchers stress that the drug is no magic bullet for arthritis.", "en"),
    ("Volgens de onderzoekers is het geen wondermiddel tegen rugpijn.", "nl"),
    ("Could this cheap pill be a breakthrough for migraine?", "en"),
    ("If the results hold up, the implant could be a game changer.", "en"),
    ("The drug received Breakthrough Therapy designation from the FDA in March.", "en"),
    ("Before the transplant, chemotherapy wipes out the bone marrow.", "en"),
    ("Smoking has long been proven to cause lung cancer.", "en"),
    ("Claims that the spice cures arthritis are unfounded, doctors warn.", "en"),
    ("Rugpijn geneest in de meeste gevallen vanzelf binnen enkele weken.", "nl"),
    ("The disease leaves permanent damage in the joints of one in five patients.", "en"),
    ("The treatment cures about half of the people who take it, the trial found.", "en"),
])
def test_context_lets_nothing_stand(text: str, lang: str, register: Any) -> None:
    result = check(text, register, lang)
    assert not raised(result), raised(result)


def test_a_quoted_source_is_info_with_the_reason(register: Any) -> None:
    text = "“This is a breakthrough for people with migraine,” said Dr. Anna Berg, who led the trial."
    result = check(text, register)
    assert not raised(result)
    infos = [i for c in result.claims for i in c.issues if i.rule == "hype-language" and i.severity == "info"]
    assert infos and "quoted" in infos[0].message and infos[0].fix


def test_every_language_issue_has_a_fix(register: Any) -> None:
    text = ("Miracle pill wipes out back pain for good\n\nA pilot study in 14 volunteers found the pill "
            "is a breakthrough. Patients can now be helped, the article says in its own words.")
    result = check(text, register)
    issues = [i for c in result.claims for i in c.issues if i.rule in LANGUAGE_RULES]
    assert issues
    assert all(i.fix for i in issues), [(i.rule, i.message) for i in issues if not i.fix]


def test_weak_evidence_named_in_the_message(register: Any) -> None:
    text = ("Acupuncture Eases Depression in Pregnancy\n\n"
            "A pilot study of 52 women found less depression after eight weeks.")
    result = check(text, register)
    issues = [i for c in result.claims for i in c.issues if i.rule == "hype-language"]
    assert issues and issues[0].severity == "warning"
    assert "52" in issues[0].message or "small" in issues[0].message


def test_headline_with_limits_or_numbers_passes(register: Any) -> None:
    for text in ("Drug Eases Gout Flare-ups in Some Patients\n\nA trial of 80 people found fewer flare-ups.",
                 "Shingles Vaccine Cuts Disease Risk 55%\n\nThe trial followed 38,000 older adults.",
                 "Fish Oil Doesn't Protect Heart Patients\n\nA trial of 4,800 people found no benefit."):
        assert not raised(check(text, register)), text


def test_animal_finding_told_honestly_passes(register: Any) -> None:
    text = ("Researchers found that the compound stopped arthritis in mice. Whether it works in people "
            "is not known yet.")
    assert not raised(check(text, register))
    text = "In pigs, earlier work pointed the same way, the authors note."
    assert not raised(check(text, register))


def test_animal_finding_offered_as_what_happens_in_people(register: Any) -> None:
    text = "In the rat, needling releases cortisol, which is how acupuncture eases back pain."
    assert ("In the rat", "animal-to-human") in raised(check(text, register))


def test_headline_promise_from_a_mouse_study(register: Any) -> None:
    text = ("Spice Could Reverse Alzheimer's Disease\n\nA compound from the spice cleared plaques in mice, "
            "according to a study published on Monday. The team injected 40 mice.")
    assert any(rule == "animal-to-human" for _, rule in raised(check(text, register)))


def test_spin_after_a_null_result(register: Any) -> None:
    text = "The cream was no better than a placebo, but patients said they loved it."
    assert any(rule == "hype-language" for _, rule in raised(check(text, register)))


@pytest.mark.parametrize(("text", "lang"), [
    ("Deze therapie verdrijft rugpijn.", "nl"),
    ("This injection cures chronic back pain.", "en"),
])
def test_one_level_whichever_command_asks(text: str, lang: str, register: Any) -> None:
    result = check(text, register, lang)
    assert classify(text, lang).level == 3
    assert any(rule == "hype-language" for _, rule in raised(result))

"""Caveats and omissions: owed only when a result is reported, given by meaning, at the policy's severity.

Three layers:
- the register: every caveat names real findings and defined concepts and says what to add;
- every caveat of the register, in isolation: a claim matched to a finding it qualifies owes it; the
  caveat's concepts, in each of their example wordings (nl and en), give it; a claim about another
  finding, or a mention, owes nothing;
- end to end (`check_document`): hand-written articles, the paraphrase families in
  tests/paraphrase/caveat-*.toml, and the flag/pass examples of formats/templates/rules/caveats.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from claimcheck import concepts
from claimcheck.checker import check_document
from claimcheck.grade.caveats import missing_caveats, negated
from claimcheck.grade.context import Context
from claimcheck.grade.omissions import policy
from claimcheck.model import Claim, Document, DocumentResult, Match
from claimcheck.register import default_register_root, load_register
from claimcheck.textfold import fold

ROOT = Path(__file__).resolve().parents[1]
PARAPHRASE = ROOT / "tests" / "paraphrase"
REGISTER = load_register(default_register_root())
CAVEATS = [(s, c) for s in REGISTER.sources.values() for c in s.caveats]
IDS = [f"{s.id}#{c.id}" for s, c in CAVEATS]
LANGS = ("en", "nl")


# --- the register's caveats are well formed -------------------------------------------------------


@pytest.mark.parametrize(("source", "caveat"), CAVEATS, ids=IDS)
def test_caveat_refers_to_real_findings_and_concepts(source: Any, caveat: Any) -> None:
    ids = {f.id for f in source.findings} | {r.id for r in getattr(source, "recommendations", [])}
    assert set(caveat.qualifies) <= ids, f"qualifies names no finding: {set(caveat.qualifies) - ids}"
    for concept_id in [*caveat.concepts, *caveat.undercut_by, *caveat.about]:
        assert concepts.concept(concept_id) is not None, f"{concept_id}: not in concepts/data"
    assert caveat.concepts, "concepts: what counts as giving the caveat"
    assert caveat.fix is not None and caveat.fix.en and caveat.fix.nl, "fix: what to add, en and nl"
    assert caveat.qualifies or caveat.effect_claims or caveat.unmatched_numbers, "never owed"
    for concept_id in caveat.undercut_by:
        assert concepts.concept(concept_id).kind == "caveat-claim"


@pytest.mark.parametrize("kind", ["caveat", "caveat-claim", "caveat-cue", "omission"])
def test_concept_examples_match_and_near_misses_do_not(kind: str) -> None:
    for concept in concepts.concepts(kind):
        examples = concept.get("examples") or {}
        assert examples, f"{concept.id}: examples"
        for lang in LANGS:
            for text in examples.get(lang, []):
                found = {h.concept for h in concepts.find(text, lang, {concept.kind})}
                assert concept.id in found, f"{concept.id} not found in {text!r} ({lang})"
            for text in (concept.get("near_misses") or {}).get(lang, []):
                found = {h.concept for h in concepts.find(text, lang, {concept.kind})}
                assert concept.id not in found, f"{concept.id} found in near miss {text!r}"


# --- negation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "word", "expected"), [
    ("PRT was no better than a placebo.", "en", "placebo", False),
    ("Acupuncture did not work better than sham needling.", "en", "sham", False),
    ("There was no placebo group in the study.", "en", "placebo", True),
    ("The trial was not compared with a placebo.", "en", "placebo", True),
    ("They said it isn't just a placebo effect.", "en", "placebo", True),
    ("It has no side effects, but a placebo group did as well.", "en", "placebo", False),
    ("PRT werkte niet beter dan een placebo.", "nl", "placebo", False),
    ("Er was geen placebogroep.", "nl", "placebogroep", True),
    ("De studie werd niet vergeleken met een placebo.", "nl", "placebo", True),
])
def test_negation_is_understood(text: str, lang: str, word: str, expected: bool) -> None:
    assert negated(text, lang, text.index(word)) is expected


# --- every caveat in isolation -----------------------------------------------------------------------


@dataclass
class _Links:
    """A stand-in for the link stage: every sentence is linked to `sources`."""

    sources: list[str] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)
    mentions: dict[str, list[Any]] = field(default_factory=dict)

    def for_span(self, start: int, end: int) -> list[str]:
        return list(self.sources)

    def discussed(self) -> list[str]:
        return list(self.sources)

    def primary(self) -> str | None:
        return self.sources[0] if self.sources else None


def _context(text: str, lang: str, claims: list[Claim], linked: list[str] | None = None) -> Context:
    document = Document(input="test.txt", text=text, language=lang)
    result = DocumentResult(document=document, claims=claims)
    return Context(result=result, register=REGISTER, lang=lang, folded=fold(text), limit=len(text),
                   resolution=_Links(linked or []))  # type: ignore[arg-type]


_REPORT = {"en": "The study reported {value} in that group.", "nl": "De studie meldde {value} in die groep."}


def _result_claim(text: str, source: Any, finding_id: str) -> Claim:
    value = "42%"
    start = text.index(value)
    return Claim(id="c1", kind="percentage", text=value, start=start, end=start + len(value), value=42.0,
                 unit="%", sentence_start=0, sentence_end=text.index(".") + 1,
                 match=Match(source=source.id, finding=finding_id, score=1.0))


def _owed_article(source: Any, caveat: Any, lang: str, extra: str = "") -> tuple[str, list[Claim]]:
    text = _REPORT[lang].format(value="42%") + (" " + extra if extra else "")
    return text, [_result_claim(text, source, caveat.qualifies[0])]


def _found(ctx: Context, caveat_id: str) -> list[Any]:
    return [f for f in missing_caveats(ctx) if f.caveat == caveat_id]


QUALIFIED = [(s, c) for s, c in CAVEATS if c.qualifies and s.findings
             and c.qualifies[0] in {f.id for f in s.findings}]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("source", "caveat"), QUALIFIED, ids=[f"{s.id}#{c.id}" for s, c in QUALIFIED])
def test_a_reported_finding_owes_the_caveat_and_says_what_to_add(source: Any, caveat: Any, lang: str) -> None:
    text, claims = _owed_article(source, caveat, lang)
    found = _found(_context(text, lang, claims), caveat.id)
    assert len(found) == 1
    assert found[0].severity == caveat.severity
    assert found[0].fix == getattr(caveat.fix, lang)
    assert found[0].start == claims[0].start


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("source", "caveat"), QUALIFIED, ids=[f"{s.id}#{c.id}" for s, c in QUALIFIED])
def test_each_wording_of_the_caveats_concepts_gives_it(source: Any, caveat: Any, lang: str) -> None:
    wordings = [(cid, text) for cid in caveat.concepts
                for text in (concepts.concept(cid).get("examples") or {}).get(lang, [])]
    assert wordings, "no example wording in this language"
    for concept_id, wording in wordings:
        text, claims = _owed_article(source, caveat, lang, wording)
        assert not _found(_context(text, lang, claims), caveat.id), f"{concept_id}: {wording!r} should give it"


@pytest.mark.parametrize(("source", "caveat"), QUALIFIED, ids=[f"{s.id}#{c.id}" for s, c in QUALIFIED])
def test_a_claim_about_another_finding_owes_nothing(source: Any, caveat: Any) -> None:
    others = [f.id for f in source.findings if f.id not in caveat.qualifies]
    if not others:
        pytest.skip("every finding of the source is qualified")
    text = _REPORT["en"].format(value="42%")
    claims = [_result_claim(text, source, others[0])]
    assert not _found(_context(text, "en", claims), caveat.id)


def test_a_near_concept_far_from_the_result_does_not_give_it() -> None:
    source = REGISTER.sources["ashar-2022-prt"]
    caveat = source.caveat("control-arms")
    far = "\n\n".join(["Other news.", "More news.", "Still more news.", "The placebo group is described here."])
    text = _REPORT["en"].format(value="42%") + "\n\n" + far
    assert _found(_context(text, "en", [_result_claim(text, source, "painfree-post-prt")]), caveat.id)
    coi = "\n\n".join(["Other news.", "More news.", "Two authors have written books on PRT."])
    text = _REPORT["en"].format(value="42%") + "\n\n" + coi
    ctx = _context(text, "en", [_result_claim(text, source, "painfree-post-prt")])
    assert not _found(ctx, "conflict-of-interest"), "reach = article: a disclosure anywhere gives it"


def test_an_info_caveat_is_a_warning_when_the_claim_it_undercuts_is_made() -> None:
    source = REGISTER.sources["ashar-2022-prt"]
    for lang, sentence in (("en", "The study reported 42% in that group, which proves that PRT works."),
                           ("nl", "De studie meldde 42% in die groep, wat bewijst dat PRT werkt.")):
        ctx = _context(sentence, lang, [_result_claim(sentence, source, "painfree-post-prt")])
        assert [f.severity for f in _found(ctx, "single-trial")] == ["warning"]


def test_one_finding_per_caveat_at_the_first_claim() -> None:
    source = REGISTER.sources["ashar-2022-prt"]
    text = "The study reported 42% in that group. Later it reported 42% again."
    first = _result_claim(text, source, "painfree-post-prt")
    second = Claim(id="c2", kind="percentage", text="42%", start=text.rindex("42%"), end=text.rindex("42%") + 3,
                   sentence_start=38, sentence_end=len(text),
                   match=Match(source=source.id, finding="painfree-post-prt", score=1.0))
    found = _found(_context(text, "en", [first, second]), "control-arms")
    assert len(found) == 1 and found[0].start == first.start


EFFECT = [(s, c) for s, c in CAVEATS if c.effect_claims and not c.qualifies and c.about]


@pytest.mark.parametrize(("source", "caveat"), EFFECT, ids=[f"{s.id}#{c.id}" for s, c in EFFECT])
def test_an_effect_claim_about_the_intervention_attributed_to_the_study_owes_it(source: Any, caveat: Any) -> None:
    word = concepts.concept(caveat.about[0]).phrases["en"][0].rstrip("*")
    text = f"The review shows that {word} works."
    start = text.index("works")
    claim = Claim(id="c1", kind="strength", text="works", start=start, end=start + 5, sentence_start=0,
                  sentence_end=len(text), details={"type": "certainty", "cue": "works"})
    assert _found(_context(text, "en", [claim], [source.id]), caveat.id)
    assert not _found(_context(text, "en", [claim], []), caveat.id), "not attributed to the study: nothing owed"
    other = "The review shows that walking works."
    claim.start, claim.end, claim.sentence_end = other.index("works"), other.index("works") + 5, len(other)
    assert not _found(_context(other, "en", [claim], [source.id]), caveat.id), "another intervention"


@pytest.mark.parametrize("source", list(REGISTER.sources.values()), ids=list(REGISTER.sources))
def test_a_mention_of_the_source_owes_no_caveat(source: Any) -> None:
    names = [n for n in [*source.aliases.en, *source.aliases.nl] if len(n) > 3][:1]
    if not names:
        pytest.skip("no name to mention")
    text = f"Our clinic in Leeds offers {names[0]} for people with back pain."
    result = check_document(Document(input="mention.txt", text=text, language="en"), REGISTER)
    assert not [f for f in result.findings if f.rule == "missing-caveat"]


# --- end to end -------------------------------------------------------------------------------------


def _check(text: str, lang: str) -> DocumentResult:
    return check_document(Document(input="article.txt", text=text, language=lang), REGISTER)


def _caveat_findings(result: DocumentResult, caveat_id: str) -> list[Any]:
    return [f for f in result.findings if f.rule == "missing-caveat" and f.caveat == caveat_id]


PRT_EN = ("Researchers at the University of Colorado Boulder tested Pain Reprocessing Therapy (PRT) in a trial "
          "published in JAMA Psychiatry. Right after the four weeks of treatment, 66% of the 50 patients given PRT "
          "were pain-free or nearly pain-free.")
PRT_NL = ("Onderzoekers van de Universiteit van Colorado testten Pain Reprocessing Therapy (PRT) in een studie in "
          "JAMA Psychiatry. Direct na de vier weken behandeling was 66 procent van de 50 patiënten die PRT kregen "
          "pijnvrij of bijna pijnvrij.")


@pytest.mark.parametrize(("text", "lang"), [(PRT_EN, "en"), (PRT_NL, "nl")])
def test_prt_result_without_its_comparison_groups_owes_them_with_the_registers_numbers(text: str, lang: str) -> None:
    found = _caveat_findings(_check(text, lang), "control-arms")
    assert [f.severity for f in found] == ["warning"]
    assert "20%" in found[0].fix and "10%" in found[0].fix
    context = {f.caveat: f.severity for f in _check(text, lang).findings if f.rule == "missing-caveat"}
    assert context.get("conflict-of-interest") == "info" and context.get("population") == "info"


@pytest.mark.parametrize(("extra", "lang"), [
    (" That compared with 20% of the placebo group and 10% of those on usual care.", "en"),
    (" PRT did far better than a placebo injection.", "en"),
    (" Tegenover 20 procent in de placebogroep en 10 procent bij gebruikelijke zorg.", "nl"),
])
def test_prt_result_with_its_comparison_groups_is_given(extra: str, lang: str) -> None:
    text = (PRT_EN if lang == "en" else PRT_NL) + extra
    assert not _caveat_findings(_check(text, lang), "control-arms")


@pytest.mark.parametrize(("text", "lang"), [
    ("Our clinic in Leeds offers PRT for people with back pain.", "en"),
    ("Onze praktijk in Utrecht biedt PRT aan voor mensen met rugpijn.", "nl"),
])
def test_an_offer_of_treatment_owes_nothing(text: str, lang: str) -> None:
    assert not [f for f in _check(text, lang).findings if f.rule == "missing-caveat"]


# --- paraphrase families ---------------------------------------------------------------------------


def _families() -> list[tuple[str, dict[str, Any], dict[str, Any], str]]:
    out = []
    for path in sorted(PARAPHRASE.glob("caveat-*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for n, family in enumerate(data["family"]):
            for lang in LANGS:
                out.append((f"{path.stem}[{n}].{lang}", data, family, lang))
    return out


FAMILIES = _families()
#: Share of a family's variants that must get its verdict (the rest are reported, not hidden).
PASS_RATE = 0.75


@pytest.mark.parametrize(("name", "data", "family", "lang"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_paraphrase_family(name: str, data: dict[str, Any], family: dict[str, Any], lang: str) -> None:
    variants = family[lang]
    assert len(variants) >= 8, "at least eight variants per language"
    context = (data.get("context") or {}).get(lang, "")
    failures = []
    for variant in variants:
        result = _check(f"{context} {variant}".strip(), lang)
        found = [f for f in result.findings if f.rule == (family.get("rule") or family.get("not_rule"))
                 and (family.get("caveat") is None or f.caveat == family["caveat"])]
        if "rule" in family:
            ok = bool(found) and all(f.severity == family.get("severity", f.severity) for f in found)
        else:
            ok = not found
        if not ok:
            failures.append(variant)
    rate = 1 - len(failures) / len(variants)
    assert rate >= PASS_RATE, f"{name}: {rate:.0%} pass; failing: {failures}"


# --- the omission and citation rules' own examples ---------------------------------------------------


def _rule_examples() -> list[tuple[str, str, str, str]]:
    data = tomllib.loads(files("claimcheck.formats").joinpath("templates/rules/caveats.toml").read_text("utf-8"))
    out = []
    for rule_id, entry in data.items():
        for kind in ("flag", "pass"):
            for lang, texts in entry["examples"][kind].items():
                out.extend((rule_id, kind, lang, t) for t in ([texts] if isinstance(texts, str) else texts))
    return out


EXAMPLES = _rule_examples()


@pytest.mark.parametrize(("rule", "kind", "lang", "text"), EXAMPLES,
                         ids=[f"{r}-{k}-{lang}-{i}" for i, (r, k, lang, _) in enumerate(EXAMPLES)])
def test_rule_examples(rule: str, kind: str, lang: str, text: str) -> None:
    rules = {f.rule for f in _check(text, lang).findings}
    assert (rule in rules) is (kind == "flag"), f"{rule} {kind}: {text!r} -> {sorted(rules)}"


def test_every_omission_rule_has_a_policy_and_examples() -> None:
    data = tomllib.loads(files("claimcheck.formats").joinpath("templates/rules/caveats.toml").read_text("utf-8"))
    for rule_id, table in policy().items():
        assert table["severity"] in ("info", "warning")
        for concept_id in [*table.get("trigger", []), *table.get("given", []), *table.get("escalate", []),
                           *table.get("speaker", [])]:
            assert concepts.concept(concept_id) is not None, f"{rule_id}: {concept_id}"
        assert rule_id in data and data[rule_id]["examples"]["flag"] and data[rule_id]["examples"]["pass"]


def test_a_safety_claim_without_harms_data_is_a_warning() -> None:
    text = ("The new device relieves back pain within days, the makers say. The device also improves sleep, and it "
            "is completely safe.")
    found = [f for f in _check(text, "en").findings if f.rule == "no-harms"]
    assert [f.severity for f in found] == ["warning"]


def test_a_link_to_the_research_is_a_source() -> None:
    from claimcheck.model import Link

    text = "Turmeric capsules reduce joint pain within a week, and many readers say they never looked back."
    unsourced = check_document(Document(input="a.html", text=text, language="en"), REGISTER)
    assert [f.rule for f in unsourced.findings if f.rule == "no-citation"] == ["no-citation"]
    linked = Document(input="a.html", text=text, language="en",
                      links=[Link(url="https://pubmed.ncbi.nlm.nih.gov/12345678/", text="the study")])
    assert not [f for f in check_document(linked, REGISTER).findings if f.rule == "no-citation"]

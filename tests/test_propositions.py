"""Recurring claims and guideline recommendations as propositions, matched by meaning (issue 13).

Runs the paraphrase families `tests/paraphrase/claim-*.toml` and `tests/paraphrase/guidance-*.toml`
(format: docs/seams.md §7) through the whole pipeline, one variant per document, and checks the reader
(`claimcheck.grade.propositions`) and the register's propositions directly.

A family's keys (besides `en`/`nl` variant lists, at least eight per language; four for near misses):
- `claim = "<claims id>"`: every variant is matched to that recurring claim (`match.claim`), with
  `verdict` when given, and the issue `rule` when given;
- `not_claim = "<claims id>"`: near misses, no claim of the variant is matched to it;
- `rule = "<rule>"` (without `claim`): some claim of the variant carries an issue with this rule, from
  one of `sources` when given; `not_rule = "<rule>"`: near misses, none does.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from claimcheck.checker import check_document
from claimcheck.grade.propositions import read
from claimcheck.model import Document, OffsetMap

HERE = Path(__file__).parent
FAMILIES = sorted([*(HERE / "paraphrase").glob("claim-*.toml"), *(HERE / "paraphrase").glob("guidance-*.toml")])
MIN_MATCH = 8
MIN_NEAR = 4
#: The rules the recurring-claim and guidance matcher raises.
RECURRING_RULES = {"number-mismatch", "conflicting-evidence", "superseded-source"}


@pytest.fixture(scope="module")
def register() -> Any:
    from claimcheck.register import load_register

    return load_register()


def _run(text: str, lang: str, context: str, register: Any) -> tuple[Any, int, int]:
    body = f"{context}\n\n{text}\n" if context else f"{text}\n"
    start = body.index(text)
    doc = Document(input="variant.txt", text=body, language=lang, offsets=OffsetMap.identity(body))
    return check_document(doc, register), start, start + len(text)


def _claims_in(result: Any, start: int, end: int) -> list[Any]:
    return [c for c in result.claims if c.start < end and start < c.end]


def _passes(family: dict[str, Any], claims: list[Any]) -> tuple[bool, str]:
    if "claim" in family:
        hits = [c for c in claims if c.match is not None and c.match.claim == family["claim"]]
        if not hits:
            return False, "no claim matched " + family["claim"]
        if "not_rule" in family and any(i.rule == family["not_rule"] for c in claims for i in c.issues):
            return False, f"{family['not_rule']} raised"
        if family.get("verdict") == "accurate":
            # other rules may judge the same sentence (language); the recurring claim raises nothing
            bad = [i.rule for c in hits for i in c.issues if i.rule in RECURRING_RULES and i.severity != "info"]
            if bad:
                return False, f"accurate claim raised {bad}"
        elif "verdict" in family and not any(c.verdict == family["verdict"] for c in hits):
            return False, f"verdicts {[c.verdict for c in hits]}, wanted {family['verdict']}"
        if "rule" in family and not any(i.rule == family["rule"] for c in hits for i in c.issues):
            return False, f"rules {[i.rule for c in hits for i in c.issues]}, wanted {family['rule']}"
        return True, ""
    if "not_claim" in family:
        bad = [c.text for c in claims if c.match is not None and c.match.claim == family["not_claim"]]
        return (not bad), f"matched {family['not_claim']} at {bad}"
    if "rule" in family:
        sources = set(family.get("sources", []))
        found = [i for c in claims for i in c.issues if i.rule == family["rule"]
                 and (not sources or i.source in sources)]
        return bool(found), f"no {family['rule']} ({[(i.rule, i.source) for c in claims for i in c.issues]})"
    if "not_rule" in family:
        bad = [(c.text, i.message[:60]) for c in claims for i in c.issues if i.rule == family["not_rule"]]
        return (not bad), f"{family['not_rule']} on {bad}"
    raise AssertionError(f"family without an expectation: {family}")


@pytest.mark.parametrize("path", FAMILIES, ids=[p.stem for p in FAMILIES])
def test_family(path: Path, register: Any) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    context = data.get("context", {})
    failures: list[str] = []
    total = 0
    for family in data["family"]:
        near = "not_claim" in family or "not_rule" in family
        for lang in ("en", "nl"):
            variants = family.get(lang, [])
            assert len(variants) >= (MIN_NEAR if near else MIN_MATCH), f"{path.name}: too few {lang} variants"
            for text in variants:
                total += 1
                result, start, end = _run(text, lang, context.get(lang, ""), register)
                ok, why = _passes(family, _claims_in(result, start, end))
                if not ok:
                    failures.append(f"[{lang}] {text!r}: {why}")
    assert not failures, f"{path.name}: {len(failures)} of {total} fail:\n" + "\n".join(failures)


def test_every_claim_has_a_family(register: Any) -> None:
    """Each claims/ entry has propositions and a paraphrase family with matches and near misses."""
    for claim_id, entry in register.claims.items():
        assert entry.propositions, f"claims/{claim_id}.toml has no [[propositions]]"
        path = HERE / "paraphrase" / f"claim-{claim_id}.toml"
        if not path.exists():
            pytest.skip(f"no family yet for {claim_id} (a new entry of the register-content work)")
        data = tomllib.loads(path.read_text("utf-8"))
        kinds = {("not_claim" in f) for f in data["family"]}
        assert kinds == {True, False}, f"{path.name} needs a matching family and a near-miss family"


def test_stored_wordings_are_read_as_their_claim(register: Any) -> None:
    """The wordings kept in claims/ (now examples) still say their claim, in an article on its topic."""
    misses = []
    for claim_id, entry in register.claims.items():
        for lang in ("en", "nl"):
            for text in getattr(entry.wordings, lang):
                # the article's subject: the entry's topic (English), or another of its Dutch wordings
                others = [w for w in getattr(entry.wordings, lang) if w != text]
                context = entry.topic[:1].upper() + entry.topic[1:] + ". " + (others[0] + "." if others else "")
                result, start, end = _run(text, lang, context, register)
                if not any(c.match is not None and c.match.claim == claim_id for c in _claims_in(result, start, end)):
                    misses.append(f"{claim_id} [{lang}] {text}")
    share = 1 - len(misses) / max(1, sum(len(e.wordings.en) + len(e.wordings.nl) for e in register.claims.values()))
    assert share >= 0.85, f"{share:.2f} of stored wordings read as their claim; not read:\n" + "\n".join(misses)
    assert share >= 0.85, "stored wordings not read as their claim:\n" + "\n".join(misses)


@pytest.mark.parametrize(("text", "lang", "relation", "subject", "obj"), [
    ("Acupuncture works no better than sham acupuncture.", "en", "no-better-than", "acupuncture", "sham-acupuncture"),
    ("Acupunctuur werkt niet beter dan nepacupunctuur.", "nl", "no-better-than", "acupuncture", "sham-acupuncture"),
    ("Sham acupuncture did worse than real acupuncture.", "en", "worse-than", "sham-acupuncture", "acupuncture"),
    ("TENS is not recommended for back pain.", "en", "advised-against", "tens", None),
    ("De richtlijn raadt TENS af bij rugpijn.", "nl", "advised-against", "tens", None),
    ("Amerikaanse artsen raden acupunctuur aan.", "nl", "recommended", "acupuncture", None),
    ("De fysiotherapeut gebruikt geen TENS.", "nl", "advised-against", "tens", None),
])
def test_reader_understands_negation_direction_and_particles(text: str, lang: str, relation: str, subject: str,
                                                            obj: str | None) -> None:
    readings = read(text, lang, 0, len(text))
    wanted = [r for r in readings if r.relation == relation]
    assert wanted, [(r.relation, r.before, r.after) for r in readings]
    r = wanted[0]
    assert subject in [*r.before, *r.after]
    if obj:
        assert r.object == obj


def test_no_evidence_scopes_over_works() -> None:
    text = "There is no evidence that acupuncture works for back pain."
    assert {r.relation for r in read(text, "en", 0, len(text))} == {"ineffective"}


def test_unknown_concept_is_a_register_error(tmp_path: Path) -> None:
    from claimcheck.register import validate_register

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "sources").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "pyproject.toml").write_text("", "utf-8")
    text = (root / "claims" / "tens-advised-against.toml").read_text("utf-8")
    (tmp_path / "claims" / "tens-advised-against.toml").write_text(
        text.replace('subject = "electrotherapy"', 'subject = "electro-therapy"'), "utf-8")
    for name in ("kngf-2021-lage-rugpijn", "nice-ng59-2016", "nice-cg88-2009"):
        (tmp_path / "sources" / f"{name}.toml").write_text((root / "sources" / f"{name}.toml").read_text("utf-8"),
                                                           "utf-8")
    validation = validate_register(tmp_path)
    messages = [str(p) for p in validation.problems]
    assert any("tens-advised-against.toml" in m and "subject" in m and "electro-therapy" in m
               for m in messages), messages

"""The HealthNewsReview criteria mapping: every rule is mapped, findings get tagged, JSON shows it."""

from __future__ import annotations

from claimcheck.criteria import criteria, criteria_for, tag
from claimcheck.model import Claim, Document, DocumentResult, Finding, Issue
from claimcheck.rules import ids as rule_ids


def test_ten_criteria_in_order_with_both_languages() -> None:
    table = criteria()
    assert [c.number for c in table.values()] == list(range(1, 11))
    for c in table.values():
        assert c.name("en") and c.name("nl") and c.question("nl") != c.question("en")


def test_every_rule_of_the_rules_data_is_mapped_to_known_criteria() -> None:
    known = set(criteria())
    for rule in rule_ids():
        if rule in ("invalid-suppression", "unknown-rule", "unused-suppression"):
            continue
        mapped = criteria_for(rule)
        assert mapped, f"rule {rule} bears on no criterion: add it to criteria/criteria.toml"
        assert set(mapped) <= known


def test_caveats_map_by_id_then_concept_then_rule() -> None:
    assert criteria_for("missing-caveat", "sham-comparison") == ["alternatives", "evidence"]
    assert criteria_for("missing-caveat", "placebo-arm-result") == ["alternatives", "evidence"]
    assert criteria_for("missing-caveat", "x-unknown", ["funding-source"]) == ["sources"]
    assert criteria_for("missing-caveat", "x-unknown") == ["evidence"]


def test_tag_sets_criteria_in_the_json() -> None:
    claim = Claim(id="c1", kind="percentage", text="66%", start=0, end=3,
                  issues=[Issue(rule="denominator-mismatch", severity="error", message="m")])
    finding = Finding(rule="missing-caveat", severity="warning", message="m", caveat="conflict-of-interest")
    result = DocumentResult(document=Document(input="x", text="66%"), claims=[claim], findings=[finding])
    tag(result)
    data = result.to_dict()
    assert data["claims"][0]["issues"][0]["criteria"] == ["benefits"]
    assert data["findings"][0]["criteria"] == ["sources"]

"""The second batch of register entries (issue 16; ../shared/facts/register-facts-2.md).

What is measured here:

- the register holds the twenty new entries and at least 44 sources, and validates;
- every number of every source, as `claimcheck sources show ID --format json` prints it, carries a
  locator and a confidence on itself or on its enclosing finding, arm, population or recommendation;
- the new entries' frames, caveats and propositions use concept ids that exist;
- linking: the articles of tests/link/new-*.toml (how news names each new entry, and near misses that
  must not link it), run through the real link stage;
- grading: the paraphrase families of tests/paraphrase/new-*.toml (docs/seams.md §7) exist for every
  new claim and entry and are complete; tests/test_paraphrase.py runs them through the pipeline.

The test texts are written for these tests; nothing is copied from ../shared.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimcheck import concepts
from claimcheck.checker import extract_document
from claimcheck.cli import cli
from claimcheck.link import link_document
from claimcheck.model import Document
from claimcheck.register import load_register

HERE = Path(__file__).parent

#: The entries of register-facts-2.md (nhg-2017-lagerugpijn there only adds facts to an existing entry)
#: plus the RESTORE 3-year sub-entry.
NEW_SOURCES = (
    "cherkin-2011-massage", "cherkin-2016-mbsr", "rubinstein-2019-smt", "kent-2023-restore",
    "hancock-2025-restore-3y", "krebs-2018-space", "jones-2023-opal", "malfliet-2018-pne",
    "fairbank-2005-surgery", "wallwork-2024-course", "ahrq-2016-noninvasive", "nice-ng193-2021",
    "vickers-2018-ipd", "furlan-2015-cochrane-massage", "khadilkar-2008-cochrane-tens",
    "costa-2009-chronic-prognosis", "brinjikji-2015-imaging", "gbd-2023-lbp", "foster-2018-lancet",
    "croft-1998-outcome",
)
NEW_CLAIMS = (
    "massage-cures-back-pain", "mri-finds-the-cause-of-back-pain", "opioids-work-better-for-back-pain",
    "opioids-no-better-than-placebo-acute", "surgery-best-fix-for-chronic-back-pain",
    "ninety-percent-recover-within-three-months",
    "mindfulness-beats-painkillers", "spinal-manipulation-better-than-other-treatments",
    "spinal-manipulation-as-good-as-other-treatments", "tens-relieves-chronic-back-pain",
)
#: Top-level numbers of a source that are bibliographic or derived, not results.
UNSOURCED_KEYS = frozenset({"year", "evidence_level", "max_strength"})
GROUPS = ("arm", "whole", "population", "subgroup", "")


@pytest.fixture(scope="module")
def register() -> Any:
    return load_register()


# --- the register itself ---------------------------------------------------------------------------


def test_new_entries_are_loaded(register: Any) -> None:
    missing = [s for s in NEW_SOURCES if s not in register.sources]
    assert not missing, missing
    assert len(register.sources) >= 44
    assert not [c for c in NEW_CLAIMS if c not in register.claims]


def test_sources_validate_and_list() -> None:
    runner = CliRunner()
    validated = runner.invoke(cli, ["sources", "validate"])
    assert validated.exit_code == 0, validated.output
    listed = runner.invoke(cli, ["sources", "list"])
    assert listed.exit_code == 0, listed.output
    rows = [line for line in listed.output.splitlines() if line.strip() and not line.startswith(("id ", "ID "))]
    assert len(rows) >= 44, listed.output


def _unsourced(node: Any, path: str, sourced: bool, out: list[str]) -> None:
    """Paths of numbers with no locator+confidence on themselves or an enclosing table."""
    if isinstance(node, dict):
        here = sourced or (bool(str(node.get("locator") or "").strip())
                           and node.get("confidence") in ("confirmed", "partly"))
        for key, value in node.items():
            if path == "" and key in UNSOURCED_KEYS:
                continue
            _unsourced(value, f"{path}.{key}" if path else key, here, out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _unsourced(value, f"{path}[{i}]", sourced, out)
    elif isinstance(node, int | float) and not isinstance(node, bool) and not sourced:
        out.append(f"{path} = {node}")


def test_every_number_of_every_source_has_a_locator_and_confidence(register: Any) -> None:
    runner = CliRunner()
    problems: list[str] = []
    for source_id in sorted(register.sources):
        shown = runner.invoke(cli, ["sources", "show", source_id, "--format", "json"])
        assert shown.exit_code == 0, (source_id, shown.output)
        found: list[str] = []
        _unsourced(json.loads(shown.output), "", False, found)
        problems += [f"{source_id}: {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_unsourced_number() -> None:
    found: list[str] = []
    _unsourced({"year": 2020, "findings": [{"value": 3.0, "locator": "", "confidence": "confirmed"}],
                "population": {"n": 10, "locator": "abstract", "confidence": "partly"}}, "", False, found)
    assert found == ["findings[0].value = 3.0"]


def _known(concept_id: str) -> bool:
    return concepts.concept(concept_id) is not None


@pytest.mark.parametrize("source_id", NEW_SOURCES)
def test_frames_caveats_and_propositions_use_known_ids(register: Any, source_id: str) -> None:
    source = register.sources[source_id]
    arms = {a.id for a in source.arms}
    findings = {f.id for f in source.findings}
    assert source.findings, f"{source_id} has no findings"
    for f in source.findings:
        assert not f.outcome or _known(f.outcome), (f.id, f.outcome)
        assert f.group in GROUPS, (f.id, f.group)
        assert not f.comparator or f.comparator in arms or _known(f.comparator), (f.id, f.comparator)
        if f.confidence == "partly":
            assert f.secondary_source.strip(), f.id
    for c in source.caveats:
        assert c.qualifies and set(c.qualifies) <= findings, (c.id, c.qualifies)
        assert all(_known(i) for i in c.concepts), (c.id, c.concepts)
        assert all(_known(i) for i in c.about), (c.id, c.about)
        assert c.fix is not None and c.fix.en and c.fix.nl, c.id
        assert c.text.en and c.text.nl, c.id
    for rec in source.recommendations:
        for p in rec.propositions:
            for slot in (p.subject, p.relation, p.object, p.condition, *p.requires, *p.excludes):
                assert not slot or _known(slot), (rec.id, slot)
    assert source.topics.en and source.topics.nl


@pytest.mark.parametrize("claim_id", NEW_CLAIMS)
def test_new_claims_have_propositions_and_wordings(register: Any, claim_id: str) -> None:
    claim = register.claims[claim_id]
    assert claim.propositions, claim_id
    assert len(claim.wordings.en) >= 3 and len(claim.wordings.nl) >= 3
    for p in claim.propositions:
        for slot in (p.subject, p.relation, p.object, p.condition, p.outcome, *p.requires, *p.excludes):
            assert not slot or _known(slot), (claim_id, slot)
    for ref in claim.findings:
        source_id, finding_id = ref.split("#")
        assert register.sources[source_id].finding(finding_id) is not None, ref


def test_guideline_entries_carry_recommendation_propositions(register: Any) -> None:
    for source_id in ("nice-ng193-2021", "ahrq-2016-noninvasive"):
        recs = register.sources[source_id].recommendations
        assert recs and any(r.propositions for r in recs), source_id


# --- linking -----------------------------------------------------------------------------------------


def _cases(pattern: str, key: str) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for path in sorted((HERE / pattern.split("/")[0]).glob(pattern.split("/")[1])):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rows += [(path.stem, item) for item in data.get(key, [])]
    return rows


LINK_CASES = _cases("link/new-*.toml", "case")


def test_every_new_entry_has_link_cases() -> None:
    linked = {s for _, case in LINK_CASES for s in case.get("links", [])}
    refused = {s for _, case in LINK_CASES for s in case.get("not", [])}
    assert set(NEW_SOURCES) <= linked, set(NEW_SOURCES) - linked
    assert set(NEW_SOURCES) <= refused, set(NEW_SOURCES) - refused


@pytest.mark.parametrize("case", [c for _, c in LINK_CASES], ids=[f"{f}:{c['id']}" for f, c in LINK_CASES])
def test_link_case(register: Any, case: dict[str, Any]) -> None:
    document = Document(input="test.txt", text=case["text"], language=case["lang"], published=case.get("published"))
    got = link_document(extract_document(document), register).discussed()
    for source in case.get("links", []):
        assert source in got, f"{case['id']}: {source} not linked (got {got})"
    for source in case.get("not", []):
        assert source not in got, f"{case['id']}: {source} linked (got {got})"
    if case.get("only"):
        assert sorted(got) == sorted(case.get("links", [])), f"{case['id']}: got {got}"


# --- grading: paraphrase families ----------------------------------------------------------------------


def _variants() -> list[tuple[str, dict[str, Any], dict[str, Any], str, str]]:
    rows = []
    for path in sorted((HERE / "paraphrase").glob("new-*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for family in data.get("family", []):
            for lang in ("en", "nl"):
                for text in family.get(lang, []):
                    rows.append((path.stem, data, family, lang, text))
    return rows


VARIANTS = _variants()


def test_paraphrase_families_are_complete() -> None:
    """Every new claim and entry has a family file; every family has eight variants per language.

    The families themselves are run by tests/test_paraphrase.py, which runs every file in
    tests/paraphrase/ (docs/seams.md §7)."""
    files = {stem for stem, *_ in VARIANTS}
    for claim_id in NEW_CLAIMS:
        assert f"new-claim-{claim_id}" in files, claim_id
    for source_id in NEW_SOURCES:
        assert f"new-{source_id}" in files, source_id
    counts: dict[tuple[str, int, str], int] = {}
    for stem, _data, family, lang, _ in VARIANTS:
        key = (stem, id(family), lang)
        counts[key] = counts.get(key, 0) + 1
    short = sorted({k[0] for k, n in counts.items() if n < 8})
    assert not short, short

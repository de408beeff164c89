"""Register validation: one failing example per kind of mistake, all reported as `file: field: problem`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from claimcheck.errors import RegisterError
from claimcheck.register.load import load_register, validate_register

VALID = Path(__file__).parent / "register_fixtures" / "valid"
DOE = "sources/doe-2023-walking.toml"
OLD_GUIDE = "sources/smith-2010-guideline.toml"
NEW_GUIDE = "sources/smith-2020-guideline.toml"
CLAIM = "claims/walking-cures-back-pain.toml"
HALF = "claims/half-pain-free-after-walking.toml"
LINE = re.compile(r"^[\w./-]+\.toml: \S[^:]*: .+$")


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture register."""
    root = tmp_path / "register"
    shutil.copytree(VALID, root)
    return root


def edit(root: Path, file: str, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) by `new` in a register file."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(root: Path) -> list[str]:
    return validate_register(root).messages()


def test_the_fixture_register_is_valid() -> None:
    result = validate_register(VALID)
    assert result.messages() == []
    assert (result.sources, result.claims) == (6, 2)


# (case id, file, text to replace, replacement, expected `file: field: problem` line or its start)
MISTAKES = [
    ("unknown-field-typo", DOE, 'journal = "Journal', 'jurnal = "Journal',
     f"{DOE}: jurnal: unknown field; did you mean 'journal'?"),
    ("unknown-nested-field", DOE, "timepoint_weeks = 12", "timepoint_week = 12",
     f"{DOE}: findings[0].timepoint_week: unknown field; did you mean 'timepoint_weeks'?"),
    ("derived-field-set", DOE, 'type = "rct"', 'type = "rct"\nevidence_level = 2',
     f"{DOE}: evidence_level: derived from type"),
    ("id-not-file-name", DOE, 'id = "doe-2023-walking"', 'id = "doe-2023-walk"',
     f"{DOE}: id: 'doe-2023-walk' does not match the file name 'doe-2023-walking.toml'"),
    ("bad-id-syntax", DOE, 'id = "pain-intensity-smd"', 'id = "Pain_Intensity"',
     f"{DOE}: findings[2].id: 'Pain_Intensity' is not a valid id"),
    ("unknown-type", DOE, 'type = "rct"', 'type = "trial"', f"{DOE}: type: unknown type 'trial'"),
    ("quoted-date", DOE, "published_print = 2023-03-01", 'published_print = "2023-03-01"',
     f"{DOE}: published_print: '2023-03-01' is a string: write a TOML date without quotes"),
    ("impossible-date", DOE, "published_print = 2023-03-01", "published_print = 2023-02-30",
     f"{DOE}: line 10, column 19: TOML syntax error"),
    ("date-with-time", DOE, "published_online = 2023-02-14", "published_online = 2023-02-14T10:00:00",
     f"{DOE}: published_online: must be a date without a time"),
    ("future-date", DOE, "published_online = 2023-02-14", "published_online = 2999-01-01",
     f"{DOE}: published_online: 2999-01-01 is in the future"),
    ("year-matches-no-date", DOE, "year = 2023", "year = 2021",
     f"{DOE}: year: 2021 matches neither publication date"),
    ("toml-syntax-error", DOE, "year = 2023", "year = 2023 2024", f"{DOE}: line 8, column 13: TOML syntax error"),
    ("finding-without-locator", DOE, 'locator = "Table 2"\n', "",
     f"{DOE}: findings[1].locator: required for every number"),
    ("finding-with-blank-locator", DOE, 'locator = "Table 2"\n', 'locator = " "\n',
     f"{DOE}: findings[1].locator: required for every number"),
    ("population-n-without-locator", DOE, 'locator = "abstract, Participants"\n', "",
     f"{DOE}: population.locator: required for every number"),
    ("arm-n-without-confidence", DOE, 'locator = "abstract, Interventions"\nconfidence = "confirmed"\n\n[[findings]]',
     'locator = "abstract, Interventions"\n\n[[findings]]', f"{DOE}: arms[1].confidence: required for every number"),
    ("finding-without-value", DOE, "value = 20.0\n", "", f"{DOE}: findings[1].value: required"),
    ("partly-without-secondary-source", DOE, 'secondary_source = "a news report (fixture)"\n', "",
     f"{DOE}: findings[1].secondary_source: required when confidence is 'partly'"),
    ("partly-without-secondary-source-guideline", NEW_GUIDE,
     'secondary_source = "a summary in a fictional journal"\n', "",
     f"{NEW_GUIDE}: recommendations[0].secondary_source: required when confidence is 'partly'"),
    ("invalid-confidence", DOE, 'confidence = "partly"', 'confidence = "probably"',
     f"{DOE}: findings[1].confidence: 'probably' is not allowed; use 'confirmed' or 'partly'"),
    ("invalid-finding-kind", DOE, 'kind = "effect_size"', 'kind = "effect"',
     f"{DOE}: findings[2].kind: 'effect' is not allowed"),
    ("quoted-number", DOE, "value = 40.0", 'value = "40"', f"{DOE}: findings[0].value: must be a number"),
    ("percentage-disagrees-with-fraction", DOE, "value = 40.0", "value = 45.0",
     f"{DOE}: findings[0].value: 45% does not agree with numerator/denominator (24/60 = 40.0%)"),
    ("numerator-above-denominator", DOE, "numerator = 12", "numerator = 72",
     f"{DOE}: findings[1].numerator: 72 is larger than the denominator 60"),
    ("effect-outside-interval", DOE, "ci_low = -0.9, ci_high = -0.3", "ci_low = -0.3, ci_high = -0.1",
     f"{DOE}: findings[2].effect.value: -0.6 lies outside its interval [-0.3, -0.1]"),
    ("finding-arm-names-no-arm", DOE, 'arm = "usual-care"\nvalue', 'arm = "control"\nvalue',
     f"{DOE}: findings[1].arm: 'control' names no arm of this entry (arms: usual-care, walking)"),
    ("duplicate-finding-id", DOE, 'id = "pain-intensity-smd"', 'id = "painfree-walking"',
     f"{DOE}: findings[2].id: duplicate id 'painfree-walking' (also findings[0])"),
    ("duplicate-arm-id", DOE, 'id = "usual-care"\nlabel', 'id = "walking"\nlabel',
     f"{DOE}: arms[1].id: duplicate id 'walking' (also arms[0])"),
    ("caveat-without-phrases", DOE,
     'phrases = { en = ["usual care", "control group"], nl = ["gebruikelijke zorg", "controlegroep"] }\n', "",
     f"{DOE}: caveats[0]: needs phrases or concepts"),
    ("caveat-with-empty-phrases", DOE,
     'phrases = { en = ["12 weeks", "three months"], nl = ["12 weken", "drie maanden"] }', "phrases = { en = [] }",
     f"{DOE}: caveats[1]: needs phrases or concepts"),
    ("caveat-names-no-finding", DOE, 'findings = ["painfree-walking"]', 'findings = ["painfree-running"]',
     f"{DOE}: caveats[1].findings[0]: 'painfree-running' names no finding of this entry"),
    ("caveat-applies-findings-without-findings", DOE, 'findings = ["painfree-walking"]\n', "",
     f"{DOE}: caveats[1].findings: required when applies = 'findings'"),
    ("bad-doi", DOE, 'doi = "10.5555/jfm.2023.0042"', 'doi = "https://doi.org/10.5555/jfm.2023.0042"',
     f"{DOE}: identifiers.doi: 'https://doi.org/10.5555/jfm.2023.0042' is not a bare DOI"),
    ("bad-pmid", DOE, 'pmid = "90000001"', 'pmid = "PMID90000001"',
     f"{DOE}: identifiers.pmid: 'PMID90000001' is not a PubMed id"),
    ("numeric-pmid", DOE, 'pmid = "90000001"', "pmid = 90000001",
     f"{DOE}: identifiers.pmid: must be text in quotes"),
    ("bad-url", DOE, 'urls = ["https://www.example.org/jfm/articles/0042/"]', 'urls = ["www.example.org/x"]',
     f"{DOE}: identifiers.urls: 'www.example.org/x' is not an http(s) URL"),
    ("duplicate-doi-across-files", "sources/roe-2019-mice.toml", 'doi = "10.5555/fls.2019.7"',
     'doi = "10.5555/JFM.2023.0042"', "sources/roe-2019-mice.toml: identifiers.doi: same doi as " + DOE),
    ("list-expected", DOE, 'authors = ["Doe J", "Roe R", "Poe P"]', 'authors = "Doe J"',
     f"{DOE}: authors: must be a list"),
    ("missing-required-field", "sources/poe-2001-review.toml", 'provenance = "fixture: invented for tests"\n', "",
     "sources/poe-2001-review.toml: provenance: required"),
    ("placeholder-text", HALF, 'explanation = { en = "40%, not half." }', 'explanation = { en = "…" }',
     f"{HALF}: explanation.en: placeholder text '…'"),
    ("lang-text-empty", HALF, 'explanation = { en = "40%, not half." }', "explanation = {}",
     f"{HALF}: explanation: needs an en or nl text"),
    ("lang-text-not-a-table", HALF, 'explanation = { en = "40%, not half." }', 'explanation = "40%, not half."',
     f"{HALF}: explanation: must be a table of texts"),
    ("lang-text-unknown-language", HALF, 'explanation = { en = "40%, not half." }',
     'explanation = { en = "40%, not half.", de = "40 %" }', f"{HALF}: explanation.de: unknown field"),
    ("invalid-verdict", CLAIM, 'verdict = "overstated"', 'verdict = "exaggerated"',
     f"{CLAIM}: verdict: 'exaggerated' is not allowed; use 'accurate', 'imprecise', 'overstated', 'inaccurate', "
     "'outdated' or 'unverified'"),
    ("claim-unknown-source", CLAIM, 'sources = ["doe-2023-walking"]', 'sources = ["doe-2024-walking"]',
     f"{CLAIM}: sources[0]: unknown source 'doe-2024-walking'"),
    ("claim-unknown-finding", CLAIM, '"doe-2023-walking#painfree-usual-care"', '"doe-2023-walking#painfree-control"',
     f"{CLAIM}: findings[1]: source 'doe-2023-walking' has no finding 'painfree-control'"),
    ("claim-finding-of-unknown-source", CLAIM, '"doe-2023-walking#painfree-usual-care"', '"doe-2019-x#painfree"',
     f"{CLAIM}: findings[1]: unknown source 'doe-2019-x'"),
    ("claim-malformed-finding-ref", CLAIM, '"doe-2023-walking#painfree-usual-care"',
     '"doe-2023-walking/painfree-usual-care"', f"{CLAIM}: findings[1]: 'doe-2023-walking/painfree-usual-care' is not"),
    ("claim-without-sources", HALF, 'sources = ["doe-2023-walking"]\nfindings = ["doe-2023-walking#painfree-walking"]',
     "", f"{HALF}: sources: required: the sources behind the verdict"),
    ("claim-without-wordings", HALF,
     'wordings = { en = ["half of the walkers were pain-free"], nl = ["de helft van de wandelaars was pijnvrij"] }',
     "wordings = { en = [] }", f"{HALF}: wordings: needs at least one wording"),
    ("supersedes-unknown-id", NEW_GUIDE, 'supersedes = ["smith-2010-guideline"]',
     'supersedes = ["smith-2009-guideline"]',
     f"{NEW_GUIDE}: supersedes[0]: unknown source 'smith-2009-guideline'"),
    ("superseded-by-unknown-id", OLD_GUIDE, 'superseded_by = "smith-2020-guideline"',
     'superseded_by = "smith-2021-guideline"', f"{OLD_GUIDE}: superseded_by: unknown source 'smith-2021-guideline'"),
    ("supersession-cycle", NEW_GUIDE, 'supersedes = ["smith-2010-guideline"]',
     'supersedes = ["smith-2010-guideline"]\nsuperseded_by = "smith-2010-guideline"',
     f"{OLD_GUIDE}: superseded_by: supersession cycle: smith-2010-guideline → smith-2020-guideline → "),
    ("supersedes-itself", NEW_GUIDE, 'supersedes = ["smith-2010-guideline"]', 'supersedes = ["smith-2020-guideline"]',
     f"{NEW_GUIDE}: supersedes[0]: an entry cannot supersede itself"),
    ("invalid-recommendation-verb", OLD_GUIDE, 'verb = "consider"', 'verb = "suggest"',
     f"{OLD_GUIDE}: recommendations[0].verb: 'suggest' is not allowed"),
    ("invalid-severity", DOE, 'severity = "info"', 'severity = "minor"',
     f"{DOE}: caveats[1].severity: 'minor' is not allowed; use 'error', 'warning' or 'info'"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_kind_of_mistake_is_reported(register: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(register, file, old, new)
    found = problems(register)
    assert any(line.startswith(expected) for line in found), "\n".join(found)
    assert all(LINE.match(line) for line in found), "\n".join(found)
    with pytest.raises(RegisterError) as raised:
        load_register(register)
    assert raised.value.problems == found


def test_not_utf8_is_reported(register: Path) -> None:
    (register / "sources" / "latin1.toml").write_bytes(b'id = "caf\xe9"\n')
    assert "sources/latin1.toml: encoding: not UTF-8 (byte 9)" in problems(register)


def test_every_problem_is_reported_at_once(register: Path) -> None:
    edit(register, DOE, 'journal = "Journal', 'jurnal = "Journal')  # structure ...
    edit(register, DOE, 'secondary_source = "a news report (fixture)"\n', "")  # ... and rules, same file
    edit(register, DOE, 'arm = "usual-care"\nvalue', 'arm = "control"\nvalue')
    edit(register, CLAIM, 'verdict = "overstated"', 'verdict = "exaggerated"')
    edit(register, CLAIM, 'sources = ["doe-2023-walking"]', 'sources = ["nope-2020-x"]')
    edit(register, OLD_GUIDE, "year = 2010", "year = = 2010")  # a syntax error elsewhere stops nothing
    found = problems(register)
    for start in (
        f"{DOE}: jurnal: unknown field",
        f"{DOE}: findings[1].secondary_source: required",
        f"{DOE}: findings[1].arm: 'control' names no arm",
        f"{CLAIM}: verdict: 'exaggerated' is not allowed",
        f"{CLAIM}: sources[0]: unknown source 'nope-2020-x'",
        f"{OLD_GUIDE}: line 6, column 8: TOML syntax error",
    ):
        assert any(line.startswith(start) for line in found), (start, found)
    # A file that cannot be parsed is still a known id: no cascade of "unknown source" problems.
    assert not any("unknown source 'smith-2010-guideline'" in line for line in found)


def test_problems_are_grouped_by_file(register: Path) -> None:
    edit(register, CLAIM, 'verdict = "overstated"', 'verdict = "exaggerated"')
    edit(register, DOE, 'type = "rct"', 'type = "trial"')
    files = [line.split(": ", 1)[0] for line in problems(register)]
    assert files == sorted(files)


def test_drafts_are_valid_but_listed(register: Path) -> None:
    poe = "sources/poe-2001-review.toml"
    edit(register, poe, 'type = "narrative_review"', 'type = "narrative_review"\ndraft = true')
    result = validate_register(register)
    assert result.ok
    assert result.drafts == ["sources/poe-2001-review.toml"]


def test_evidence_level_and_max_strength_come_from_types_toml() -> None:
    from claimcheck.register.schema import source_types

    register = load_register(VALID)
    types = source_types()
    assert types["rct"] == (2, 3, "randomised controlled trial")
    assert types["animal"].max_strength == 0
    for source in register.sources.values():
        assert (source.evidence_level, source.max_strength) == types[source.type][:2]
    assert register.sources["doe-2023-walking"].model_dump()["evidence_level"] == 2


def test_the_documented_example_matches_the_schema() -> None:
    """The field names of docs/register-format.md's example entry are all known to the schema."""
    import tomllib

    from claimcheck.register.schema import Finding, Source

    doc = Path(__file__).resolve().parents[1] / "docs" / "register-format.md"
    if not doc.is_file():
        pytest.skip("docs/register-format.md not present")
    example = doc.read_text(encoding="utf-8").split("```toml", 1)[1].split("```", 1)[0]
    table = tomllib.loads(example)
    assert set(table) <= set(Source.model_fields)
    assert set(table["findings"][0]) <= set(Finding.model_fields)

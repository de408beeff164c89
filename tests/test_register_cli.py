"""`claimcheck sources …` and `claimcheck claims …` through click's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli

VALID = Path(__file__).parent / "register_fixtures" / "valid"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(VALID, root)
    return root


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


def break_it(root: Path) -> None:
    doe = root / "sources" / "doe-2023-walking.toml"
    doe.write_text(doe.read_text().replace('journal = "Journal', 'jurnal = "Journal'))
    claim = root / "claims" / "walking-cures-back-pain.toml"
    claim.write_text(claim.read_text().replace('verdict = "overstated"', 'verdict = "exaggerated"'))


def test_validate_a_valid_register() -> None:
    result = run("sources", "validate", str(VALID))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("register valid: 6 sources, 2 claims (")
    assert result.stdout.count("\n") == 1


def test_validate_lists_every_problem_and_exits_1(register: Path) -> None:
    break_it(register)
    result = run("sources", "validate", str(register))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "claims/walking-cures-back-pain.toml: verdict: 'exaggerated' is not allowed; use 'accurate', 'imprecise', "
        "'overstated', 'inaccurate', 'outdated' or 'unverified'",
        "sources/doe-2023-walking.toml: jurnal: unknown field; did you mean 'journal'?",
    ]
    assert "2 problem(s) in 2 file(s)" in result.stderr


def test_validate_one_file_or_one_folder(register: Path) -> None:
    break_it(register)
    one = run("sources", "validate", str(register / "sources" / "doe-2023-walking.toml"))
    assert one.exit_code == 1
    assert one.stdout.splitlines() == ["sources/doe-2023-walking.toml: jurnal: unknown field; did you mean 'journal'?"]
    fine = run("sources", "validate", str(register / "sources" / "smith-2020-guideline.toml"))
    assert fine.exit_code == 0 and fine.stdout == "sources/smith-2020-guideline.toml: valid\n"
    folder = run("sources", "validate", str(register / "claims"))
    assert folder.exit_code == 1 and len(folder.stdout.splitlines()) == 2
    stray = register / "notes.toml"
    stray.write_text('id = "x"\n')
    outside = run("sources", "validate", str(stray))
    assert outside.exit_code == 2 and "not an entry file" in outside.stderr


def test_validate_the_default_register_from_the_environment(register: Path) -> None:
    result = run("sources", "validate", env={"CLAIMCHECK_REGISTER": str(register)})
    assert result.exit_code == 0
    assert str(register) in result.stdout


def test_validate_strict_counts_drafts(register: Path) -> None:
    poe = register / "sources" / "poe-2001-review.toml"
    poe.write_text(poe.read_text().replace('type = "narrative_review"', 'type = "narrative_review"\ndraft = true'))
    relaxed = run("sources", "validate", str(register))
    assert relaxed.exit_code == 0
    assert "1 draft(s), findings still to be filled in: sources/poe-2001-review.toml" in relaxed.stdout
    strict = run("sources", "validate", "--strict", str(register))
    assert strict.exit_code == 1
    assert strict.stdout.startswith("sources/poe-2001-review.toml: draft: still a draft")


def test_sources_list_aligns_columns() -> None:
    result = run("sources", "list", "--register", str(VALID))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TYPE", "YEAR", "STATUS"]
    assert len(lines) == 7
    type_column = lines[0].index("TYPE")
    year_column = lines[0].index("YEAR")
    assert all(line[type_column - 2: type_column] == "  " for line in lines)
    assert all(line[year_column: year_column + 4].isdigit() for line in lines[1:])
    rows = {line.split()[0]: line for line in lines[1:]}
    assert rows["smith-2010-guideline"].endswith("superseded by smith-2020-guideline")
    assert rows["roe-2019-mice"].endswith("retracted")
    assert rows["doe-2023-walking"].endswith("current")


def test_sources_list_json() -> None:
    result = run("sources", "list", "--register", str(VALID), "--format", "json")
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == sorted(d["id"] for d in data)
    old = next(d for d in data if d["id"] == "smith-2010-guideline")
    assert old["status"] == {"state": "superseded", "successor": "smith-2020-guideline",
                             "latest": "smith-2020-guideline", "note": ""}
    assert old["type"] == "guideline" and old["year"] == 2010 and old["evidence_level"] == 1


def test_sources_show_text_and_json() -> None:
    text = run("sources", "show", "doe-2023-walking", "--register", str(VALID))
    assert text.exit_code == 0
    assert "rct (randomised controlled trial; evidence level 2, max strength 3)" in text.stdout
    assert "painfree-walking: 40% (24/60) - pain 0 or 1 out of 10 after 12 weeks" in text.stdout
    assert "[Table 2; partly; via a news report (fixture)]" in text.stdout
    data = json.loads(run("sources", "show", "doe-2023-walking", "--register", str(VALID), "--format", "json").stdout)
    assert data["id"] == "doe-2023-walking"
    assert (data["evidence_level"], data["max_strength"]) == (2, 3)
    assert data["published_online"] == "2023-02-14"
    assert data["status"]["state"] == "current"
    assert data["claims"] == ["half-pain-free-after-walking", "walking-cures-back-pain"]
    assert data["findings"][0]["locator"] == "abstract, Results"


def test_show_unknown_id_is_one_line_exit_2() -> None:
    result = run("sources", "show", "doe-2023", "--register", str(VALID))
    assert result.exit_code == 2
    assert result.stderr == "claimcheck: unknown source 'doe-2023' (did you mean 'doe-2023-walking'?)\n"
    assert result.stdout == ""
    claim = run("claims", "show", "zzz", "--register", str(VALID))
    assert claim.exit_code == 2 and claim.stderr == "claimcheck: unknown claim 'zzz'\n"


def test_claims_list_and_show() -> None:
    listed = run("claims", "list", "--register", str(VALID))
    assert listed.exit_code == 0
    assert listed.stdout.splitlines()[0].split() == ["ID", "VERDICT", "TOPIC"]
    assert "walking-cures-back-pain       overstated  walking for chronic low back pain" in listed.stdout
    data = json.loads(run("claims", "list", "--register", str(VALID), "--format", "json").stdout)
    assert {d["id"] for d in data} == {"walking-cures-back-pain", "half-pain-free-after-walking"}
    shown = run("claims", "show", "walking-cures-back-pain", "--register", str(VALID))
    assert shown.exit_code == 0
    assert "verdict     overstated (causal-overreach)" in shown.stdout
    assert "sources     doe-2023-walking (current)" in shown.stdout
    assert "doe-2023-walking#painfree-walking: 40% - pain 0 or 1" in shown.stdout
    as_json = json.loads(run("claims", "show", "walking-cures-back-pain", "--register", str(VALID),
                             "--format", "json").stdout)
    assert as_json["verdict"] == "overstated" and as_json["wordings"]["nl"] == ["wandelen geneest rugpijn"]


def test_listing_an_invalid_register_exits_2(register: Path) -> None:
    break_it(register)
    result = run("sources", "list", "--register", str(register))
    assert result.exit_code == 2
    assert "has 2 problem(s)" in result.stderr
    assert "  sources/doe-2023-walking.toml: jurnal: unknown field" in result.stderr


def test_help_lists_the_commands() -> None:
    result = run("sources", "--help")
    assert result.exit_code == 0
    for command in ("validate", "list", "show", "add"):
        assert command in result.stdout
    assert "claims" in run("--help").stdout

"""The JSON Schema of the output contract: `claimcheck schema`, docs/schema/, and every JSON format checked
against its schema (the contract's for json/extract, SARIF 2.1.0's for sarif) on hand-built and real runs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.formats import RenderOptions, render
from claimcheck.schema import load, validate
from test_formats_fixtures import sample_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "pijnherverwerking.md"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def test_schema_command_prints_the_documented_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == load()
    assert json.loads((ROOT / "docs" / "schema" / "output-v1.schema.json").read_text(encoding="utf-8")) == load(), \
        "docs/schema/ is out of date: claimcheck schema -o docs/schema/output-v1.schema.json"
    jsonschema.Draft202012Validator.check_schema(load())
    out = tmp_path / "s.json"
    assert CliRunner().invoke(cli, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text()) == load()


def test_hand_built_report_follows_the_schema() -> None:
    validate(json.loads(render("json", sample_report(), RenderOptions())))


def test_the_schema_rejects_a_broken_report() -> None:
    data = json.loads(render("json", sample_report(), RenderOptions()))
    data["documents"][0]["claims"][0]["verdict"] = "mostly-true"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = json.loads(render("json", sample_report(), RenderOptions()))
    data["version"] = 2
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


@pytest.fixture(scope="module")
def real_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """check --format json|sarif and extract --format json on the bundled example, through the CLI."""
    runner = CliRunner()
    out = {}
    for name, args in {
        "json": ["check", str(EXAMPLE), "--format", "json"],
        "sarif": ["check", str(EXAMPLE), "--format", "sarif"],
        "claimreview": ["check", str(EXAMPLE), "--format", "claimreview"],
        "extract": ["extract", str(EXAMPLE), "--format", "json"],
    }.items():
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
        out[name] = result.stdout
    return out


def test_real_check_and_extract_json_follow_the_schema(real_runs: dict[str, str]) -> None:
    check = json.loads(real_runs["json"])
    validate(check)
    assert check["documents"][0]["claims"]
    assert any(i.get("fix") for c in check["documents"][0]["claims"] for i in c["issues"]) or \
        any(f.get("fix") for f in check["documents"][0]["findings"])
    validate(json.loads(real_runs["extract"]))


def test_real_sarif_rules_link_to_their_docs(real_runs: dict[str, str]) -> None:
    log = json.loads(real_runs["sarif"])
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://pypi.org/project/claimcheck-health/"
    assert driver["rules"]
    for rule in driver["rules"]:
        assert rule["helpUri"].endswith(f"docs/rules.md#{rule['id']}") and rule["help"]["text"]


def test_real_sarif_follows_the_sarif_schema(real_runs: dict[str, str]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("the SARIF 2.1.0 schema is not in ../shared/schemas")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(json.loads(real_runs["sarif"]))


def test_real_claimreview_is_json_ld_with_urls_not_paths(real_runs: dict[str, str]) -> None:
    reviews = json.loads(real_runs["claimreview"])
    assert reviews
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["author"]["url"] == "https://pypi.org/project/claimcheck-health/"
        for appearance in review["itemReviewed"]["appearance"]:
            assert "url" not in appearance or appearance["url"].startswith(("http://", "https://"))

"""`claimcheck sources add`: draft entries from Crossref and PubMed, against a local HTTP server."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claimcheck.cli import cli
from claimcheck.register import importer
from claimcheck.register.importer import (
    ImportLookupError,
    WorkRecord,
    add_source,
    build_draft,
    citation,
    guess_type,
    lookup,
    make_id,
    write_new_file,
)
from claimcheck.register.load import validate_register

HERE = Path(__file__).parent / "register_fixtures"
HTTP = HERE / "http"
DOI = "10.5555/jfm.2024.0007"
PMID = "90000007"
EXPECTED_ID = "oberg-2024-nordic"


def recorded(name: str) -> Any:
    return json.loads((HTTP / name).read_text(encoding="utf-8"))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(HERE / "valid", root)
    return root


@pytest.fixture
def services(httpserver: HTTPServer) -> dict[str, str]:
    """Crossref and E-utilities answering for the recorded work; returns their base URLs."""
    httpserver.expect_request(f"/crossref/works/{DOI}").respond_with_json(recorded("crossref-work.json"))

    def esearch(request: Request) -> Response:
        assert request.args["db"] == "pubmed" and request.args["retmode"] == "json"
        name = "esearch-doi.json" if request.args["term"] == f"{DOI}[doi]" else "esearch-none.json"
        return Response(json.dumps(recorded(name)), content_type="application/json")

    def esummary(request: Request) -> Response:
        assert request.args["db"] == "pubmed" and request.args["retmode"] == "json"
        name = "esummary.json" if request.args["id"] == PMID else "esummary-error.json"
        data = recorded(name)
        if request.args["id"] != PMID:
            data["result"] = {"uids": [request.args["id"]], request.args["id"]: data["result"]["99999999"]}
        return Response(json.dumps(data), content_type="application/json")

    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_handler(esearch)
    httpserver.expect_request("/eutils/esummary.fcgi").respond_with_handler(esummary)
    return {"crossref": httpserver.url_for("/crossref"), "eutils": httpserver.url_for("/eutils")}


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


def test_add_by_doi_writes_a_valid_draft(register: Path, services: dict[str, str], httpserver: HTTPServer) -> None:
    result = run("sources", "add", "--doi", DOI, "--register", str(register),
                 "--crossref-url", services["crossref"], "--eutils-url", services["eutils"])
    assert result.exit_code == 0, result.output
    path = register / "sources" / f"{EXPECTED_ID}.toml"
    assert f"wrote {path}" in result.stdout
    text = path.read_text(encoding="utf-8")
    entry = tomllib.loads(text)
    assert entry["id"] == EXPECTED_ID
    assert entry["type"] == "rct"
    assert entry["draft"] is True
    assert entry["findings"] == []
    assert entry["title"] == "Nordic Walking vs Usual Care for Chronic Low Back Pain: A Randomized Clinical Trial"
    assert entry["citation"] == "Öberg ÅK, van der Berg JW, Santos M, et al. J Fict Med 2024;13(2):101-112."
    assert entry["authors"] == ["Öberg ÅK", "van der Berg JW", "Santos M", "Chen L"]
    assert entry["journal"] == "Journal of Fictional Medicine"
    assert entry["year"] == 2024
    assert entry["published_online"] == dt.date(2024, 4, 15)
    assert entry["published_print"] == dt.date(2024, 5, 1)
    assert entry["identifiers"] == {"doi": DOI, "pmid": PMID, "pmcid": "PMC9000007",
                                    "urls": ["https://www.example.org/jfm/articles/2024-0007"]}
    assert entry["aliases"]["journal"] == ["J Fict Med"]
    assert "PubMed publication type" in text and "filled in by hand" in text
    assert "#   Department of Physiotherapy, University of Nowhere, Nowhere" in text
    # The draft validates with the rest of the register, and is listed as a draft.
    validation = validate_register(register)
    assert validation.messages() == []
    assert validation.drafts == [f"sources/{EXPECTED_ID}.toml"]
    # claimcheck named itself to the services.
    agents = {request.headers.get("User-Agent", "") for request, _ in httpserver.log}
    assert agents and all(agent.startswith("claimcheck/") for agent in agents)


def test_add_by_pmid_maps_to_the_doi(register: Path, services: dict[str, str]) -> None:
    env = {"CLAIMCHECK_CROSSREF_URL": services["crossref"], "CLAIMCHECK_EUTILS_URL": services["eutils"]}
    result = run("sources", "add", "--pmid", PMID, "--register", str(register), env=env)
    assert result.exit_code == 0, result.output
    entry = tomllib.loads((register / "sources" / f"{EXPECTED_ID}.toml").read_text(encoding="utf-8"))
    assert entry["identifiers"]["doi"] == DOI
    assert entry["journal"] == "Journal of Fictional Medicine"  # Crossref's capitalisation wins
    assert "Crossref metadata of DOI" in entry["provenance"] and "PubMed record PMID" in entry["provenance"]


def test_crossref_missing_is_a_warning_when_pubmed_knows_the_work(
    register: Path, httpserver: HTTPServer, services: dict[str, str]
) -> None:
    result = run("sources", "add", "--doi", DOI, "--register", str(register), "--id", "oberg-2024-walk",
                 "--crossref-url", httpserver.url_for("/elsewhere"), "--eutils-url", services["eutils"])
    assert result.exit_code == 0, result.output
    assert "warning: Crossref 10.5555/jfm.2024.0007: " in result.stderr
    entry = tomllib.loads((register / "sources" / "oberg-2024-walk.toml").read_text(encoding="utf-8"))
    assert entry["journal"] == "Journal of fictional medicine"
    assert "published_print" not in entry  # PubMed's "2024 May" has no day: not invented
    assert entry["year"] == 2024


def test_unknown_work_is_one_line_and_exit_2(
    register: Path, services: dict[str, str], httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/crossref/works/10.5555/unknown").respond_with_data("Resource not found.", status=404)
    result = run("sources", "add", "--doi", "10.5555/unknown", "--register", str(register),
                 "--crossref-url", services["crossref"], "--eutils-url", services["eutils"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr == ("claimcheck: Crossref 10.5555/unknown: not found (HTTP 404); "
                             "PubMed: no record with DOI 10.5555/unknown\n")
    assert sorted(p.name for p in (register / "sources").iterdir()) == sorted(
        p.name for p in (HERE / "valid" / "sources").iterdir())


def test_unknown_pmid(register: Path, services: dict[str, str]) -> None:
    result = run("sources", "add", "--pmid", "99999999", "--register", str(register),
                 "--crossref-url", services["crossref"], "--eutils-url", services["eutils"])
    assert result.exit_code == 2
    assert "PubMed 99999999: cannot get document summary" in result.stderr


def test_an_existing_file_is_never_overwritten(register: Path, services: dict[str, str]) -> None:
    target = register / "sources" / f"{EXPECTED_ID}.toml"
    target.write_text("# someone's work in progress\n", encoding="utf-8")
    result = run("sources", "add", "--doi", DOI, "--register", str(register),
                 "--crossref-url", services["crossref"], "--eutils-url", services["eutils"])
    assert result.exit_code == 2
    assert f"sources/{EXPECTED_ID}.toml already exists; not overwritten" in result.stderr
    assert target.read_text(encoding="utf-8") == "# someone's work in progress\n"


def test_a_work_already_in_the_register_is_refused(register: Path, services: dict[str, str]) -> None:
    doe = register / "sources" / "doe-2023-walking.toml"
    doe.write_text(doe.read_text().replace('pmid = "90000001"', f'pmid = "{PMID}"'))
    result = run("sources", "add", "--doi", DOI, "--register", str(register),
                 "--crossref-url", services["crossref"], "--eutils-url", services["eutils"])
    assert result.exit_code == 2
    assert "sources/doe-2023-walking.toml already holds this work" in result.stderr


def test_exactly_one_identifier_is_required(register: Path) -> None:
    assert run("sources", "add", "--register", str(register)).exit_code == 2
    assert run("sources", "add", "--doi", DOI, "--pmid", PMID, "--register", str(register)).exit_code == 2
    bad = run("sources", "add", "--doi", DOI, "--id", "Bad_Id", "--register", str(register))
    assert bad.exit_code == 2 and "not a valid id" in bad.stderr
    with pytest.raises(ImportLookupError, match="not a DOI"):
        lookup(doi="11.1/x")
    with pytest.raises(ImportLookupError, match="not a PubMed id"):
        lookup(pmid="abc")


def test_an_unreachable_service_is_reported(register: Path) -> None:
    result = run("sources", "add", "--doi", DOI, "--register", str(register),
                 "--crossref-url", "http://127.0.0.1:9", "--eutils-url", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert "Crossref 10.5555/jfm.2024.0007: ConnectError" in result.stderr


# ------------------------------------------------------------------------ interrupted writes


def no_leftovers(folder: Path, before: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == before


def test_failing_replace_leaves_no_partial_file(
    register: Path, services: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = register / "sources"
    before = {p.name for p in folder.iterdir()}

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(importer.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        add_source(register, doi=DOI, crossref_url=services["crossref"], eutils_url=services["eutils"])
    no_leftovers(folder, before)


def test_serializer_failing_midway_leaves_no_partial_file(
    register: Path, services: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = register / "sources"
    before = {p.name for p in folder.iterdir()}
    real, calls = importer._str, []

    def flaky(value: str) -> str:
        calls.append(value)
        if len(calls) > 4:
            raise RuntimeError("serializer broke")
        return real(value)

    monkeypatch.setattr(importer, "_str", flaky)
    with pytest.raises(RuntimeError, match="serializer broke"):
        add_source(register, doi=DOI, crossref_url=services["crossref"], eutils_url=services["eutils"])
    no_leftovers(folder, before)


def test_write_failing_midway_removes_the_temp_file(tmp_path: Path) -> None:
    def chunks() -> Any:
        yield 'id = "x"\n'
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_new_file(tmp_path / "x.toml", chunks())
    assert list(tmp_path.iterdir()) == []
    write_new_file(tmp_path / "x.toml", ['id = "x"\n', 'type = "rct"\n'])
    assert (tmp_path / "x.toml").read_text() == 'id = "x"\ntype = "rct"\n'
    assert oct((tmp_path / "x.toml").stat().st_mode & 0o777) == oct(0o644)
    with pytest.raises(FileExistsError):
        write_new_file(tmp_path / "x.toml", "other")
    assert [p.name for p in tmp_path.iterdir()] == ["x.toml"]


# ---------------------------------------------------------------------------------- pieces


def test_strings_survive_the_round_trip() -> None:
    nasty = 'quote " backslash \\ tab \t newline \n bell \x07 del \x7f unicode é – ✓'
    assert tomllib.loads(f"x = {importer._str(nasty)}")["x"] == nasty
    long = [f"Author{i} AB" for i in range(30)]
    assert tomllib.loads(f"a = {importer._array(long, 0, 'a')}")["a"] == long


@pytest.mark.parametrize(
    ("title", "pubtypes", "expected"),
    [
        ("Anything", ["Journal Article", "Meta-Analysis", "Systematic Review"], "meta_analysis"),
        ("Anything", ["Practice Guideline"], "guideline"),
        ("Anything", ["Review"], "narrative_review"),
        ("Psychological interventions: a systematic review and network meta-analysis", [], "meta_analysis"),
        ("Exercise for back pain: a Cochrane review", [], "systematic_review"),
        ("Running reduces inflammation in mice", [], "animal"),
        ("A randomised trial of yoga", [], "rct"),
        ("Prognosis of acute low back pain: a prospective cohort", [], "cohort"),
        ("Back pain", [], "narrative_review"),
    ],
)
def test_type_guess(title: str, pubtypes: list[str], expected: str) -> None:
    kind, reason = guess_type(WorkRecord(title=title, publication_types=pubtypes))
    assert kind == expected and reason


@pytest.mark.parametrize(
    ("family", "year", "title", "expected"),
    [
        ("Ashar", 2022, "Effect of Pain Reprocessing Therapy vs Placebo", "ashar-2022-pain"),
        ("da C Menezes Costa", 2012, "The prognosis of acute and persistent low-back pain: a meta-analysis",
         "costa-2012-prognosis"),
        ("van der Berg", 2020, "Yoga versus usual care", "berg-2020-yoga"),
        ("Öberg", 2024, "2024 update of the 10 rules", "oberg-2024-rules"),
        ("", 2016, "Low back pain and sciatica in over 16s", "anon-2016-low"),
    ],
)
def test_make_id(family: str, year: int, title: str, expected: str) -> None:
    assert make_id(WorkRecord(first_author_family=family, year=year, title=title)) == expected


def test_citation_shapes() -> None:
    record = WorkRecord(authors=["Doe J", "Roe R"], journal="Journal of X", journal_abbrev="J X", year=2020,
                        volume="3", pages="1-9")
    assert citation(record) == "Doe J, Roe R. J X 2020;3:1-9."
    assert citation(WorkRecord(journal="NICE", year=2016)) == "NICE 2016."


def test_a_record_without_title_or_year_cannot_be_drafted() -> None:
    with pytest.raises(ImportLookupError, match="title"):
        build_draft(WorkRecord(year=2020))
    with pytest.raises(ImportLookupError, match="year"):
        build_draft(WorkRecord(title="T"))


def test_default_base_urls_and_user_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    assert importer.DEFAULT_CROSSREF_URL == "https://api.crossref.org"
    assert importer.DEFAULT_EUTILS_URL == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    monkeypatch.setenv("CLAIMCHECK_CONTACT", "editor@example.org")
    assert importer.user_agent().endswith("(evidence register importer; mailto:editor@example.org)")
    assert os.environ["CLAIMCHECK_CONTACT"]

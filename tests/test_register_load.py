"""Loading the register: indexes, status, version, cache, where the register is found."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

import claimcheck
from claimcheck.errors import RegisterError
from claimcheck.register import load as load_module
from claimcheck.register import normalize
from claimcheck.register.load import default_register_root, load_register, validate_register
from claimcheck.register.text import normalize_doi, normalize_url

VALID = Path(__file__).parent / "register_fixtures" / "valid"
DOE = "doe-2023-walking"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(VALID, root)
    return root


def test_load_gives_sources_claims_and_a_version() -> None:
    reg = load_register(VALID)
    assert sorted(reg.sources) == [
        "doe-2023-walking", "nowhere-2023-walking-release", "poe-2001-review", "roe-2019-mice",
        "smith-2010-guideline", "smith-2020-guideline",
    ]
    assert sorted(reg.claims) == ["half-pain-free-after-walking", "walking-cures-back-pain"]
    assert len(reg.version) == 12 and int(reg.version, 16) >= 0
    source = reg.sources[DOE]
    assert source.finding("painfree-walking").value == 40.0
    assert source.arm("walking").n == 60
    assert source.caveat("control-arm").severity == "warning"
    assert str(source.published_online) == "2023-02-14"


@pytest.mark.parametrize(
    "doi",
    ["10.5555/jfm.2023.0042", "10.5555/JFM.2023.0042", "doi:10.5555/jfm.2023.0042",
     "https://doi.org/10.5555/jfm.2023.0042", "http://dx.doi.org/10.5555/jfm.2023.0042",
     " 10.5555/jfm.2023.0042. "],
)
def test_by_doi_accepts_any_spelling(doi: str) -> None:
    assert load_register(VALID).by_doi(doi).id == DOE


def test_by_pmid_and_pmcid() -> None:
    reg = load_register(VALID)
    assert reg.by_pmid("90000001").id == DOE
    assert reg.by_pmid(90000001).id == DOE
    assert reg.by_pmid("PMID: 90000001").id == DOE
    assert reg.by_pmcid("pmc9000001").id == DOE
    assert reg.by_pmid("1") is None
    assert reg.by_doi("10.1/none") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.org/jfm/articles/0042/", DOE),
        ("http://example.org/jfm/articles/0042", DOE),
        ("https://EXAMPLE.org/jfm/articles/0042#results", DOE),
        ("https://example.org/jfm/articles/0042/?utm_source=x&utm_medium=y", DOE),
        ("example.org/jfm/articles/0042", DOE),
        ("https://doi.org/10.5555/jfm.2023.0042", DOE),
        ("https://onlinelibrary.example.com/doi/full/10.5555/jfm.2023.0042", DOE),
        ("https://pubmed.ncbi.nlm.nih.gov/90000001/", DOE),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9000001/", DOE),
        ("https://guidelines.example.org/lbp/", "smith-2020-guideline"),
        ("https://example.org/jfm/articles/0043", None),
        ("https://example.org/jfm/articles/0042?page=2", None),
    ],
)
def test_by_url_normalises(url: str, expected: str | None) -> None:
    found = load_register(VALID).by_url(url)
    assert (found.id if found else None) == expected


def test_aliases_include_names_journals_and_institutions() -> None:
    aliases = load_register(VALID).aliases()
    assert ("walk-back", DOE, "name", "en") in aliases
    assert ("walk-back", DOE, "name", "nl") in aliases
    assert ("wandeltrial", DOE, "name", "nl") in aliases
    assert ("journal of fictional medicine", DOE, "journal", None) in aliases  # from `journal`
    assert ("j fict med", DOE, "journal", None) in aliases
    assert ("university of nowhere", DOE, "institution", None) in aliases  # from `institutions`
    assert ("fgb", "smith-2020-guideline", "institution", None) in aliases
    assert len(aliases) == len(set(aliases))
    assert all(a.text == normalize(a.text) for a in aliases)
    assert {a.kind for a in aliases} == {"name", "journal", "institution"}


def test_normalize() -> None:
    assert normalize("  Één   Kliniek\u00a0in  Zürich ") == "een kliniek in zurich"
    assert normalize("Straße") == "strasse"
    assert normalize("Søren’s long\u2013term") == "soren's long-term"
    assert normalize("ASCII Only") == "ascii only"
    assert normalize_doi("https://doi.org/10.1001/ABC%2F1") == "10.1001/abc/1"
    assert normalize_url("HTTPS://WWW.Example.org:443/a//b/") == "example.org/a/b"


def test_status_current_superseded_retracted_withdrawn() -> None:
    reg = load_register(VALID)
    assert reg.status(DOE).state == "current"
    old = reg.status("smith-2010-guideline")
    assert (old.state, old.successor, old.latest) == ("superseded", "smith-2020-guideline", "smith-2020-guideline")
    assert str(old) == "superseded"
    assert reg.status("roe-2019-mice").state == "retracted"
    withdrawn = reg.status("poe-2001-review")
    assert (withdrawn.state, withdrawn.note) == ("withdrawn", "withdrawn by the journal in 2005")
    with pytest.raises(KeyError):
        reg.status("nope")


def test_supersedes_alone_makes_the_older_entry_superseded_and_chains_resolve(register: Path) -> None:
    old = register / "sources" / "smith-2010-guideline.toml"
    old.write_text(old.read_text().replace('superseded_by = "smith-2020-guideline"\n', ""))
    newest = (register / "sources" / "smith-2020-guideline.toml").read_text()
    newest = newest.replace('id = "smith-2020-guideline"', 'id = "smith-2024-guideline"')
    newest = newest.replace('supersedes = ["smith-2010-guideline"]', 'supersedes = ["smith-2020-guideline"]')
    newest = newest.replace("year = 2020\npublished_online = 2020-11-30", "year = 2024")
    (register / "sources" / "smith-2024-guideline.toml").write_text(newest)
    reg = load_register(register)
    status = reg.status("smith-2010-guideline")
    assert (status.state, status.successor, status.latest) == ("superseded", "smith-2020-guideline",
                                                               "smith-2024-guideline")
    assert reg.latest("smith-2010-guideline") == "smith-2024-guideline"
    assert reg.latest(DOE) == DOE


def test_contradicting_supersession_is_a_problem(register: Path) -> None:
    old = register / "sources" / "smith-2010-guideline.toml"
    text = old.read_text().replace('superseded_by = "smith-2020-guideline"', 'superseded_by = "doe-2023-walking"')
    old.write_text(text)
    found = validate_register(register).messages()
    assert ("sources/smith-2010-guideline.toml: superseded_by: 'doe-2023-walking', but "
            "sources/smith-2020-guideline.toml says it supersedes this entry") in found


def test_findings_and_claims_citing() -> None:
    reg = load_register(VALID)
    source, finding = reg.finding("doe-2023-walking#painfree-walking")
    assert (source.id, finding.numerator, finding.denominator) == (DOE, 24, 60)
    assert reg.finding("doe-2023-walking#nope") is None
    assert reg.finding("nope#x") is None
    assert [c.id for c in reg.claims_citing(DOE)] == ["half-pain-free-after-walking", "walking-cures-back-pain"]
    assert reg.claims["walking-cures-back-pain"].finding_refs()[0] == (DOE, "painfree-walking")


def test_load_is_cached_until_a_file_changes(register: Path) -> None:
    first = load_register(register)
    assert load_register(register) is first
    assert load_register(register / "sources" / "..") is first  # the resolved root is the key
    claim = register / "claims" / "walking-cures-back-pain.toml"
    claim.write_text(claim.read_text().replace("walking for chronic", "walking for long-lasting"))
    second = load_register(register)
    assert second is not first
    assert second.version != first.version
    assert second.claims["walking-cures-back-pain"].topic == "walking for long-lasting low back pain"


def test_version_depends_on_contents_not_on_the_folder(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "a")
    shutil.copytree(VALID, tmp_path / "b")
    version = load_register(VALID).version
    assert load_register(tmp_path / "a").version == load_register(tmp_path / "b").version == version


def test_invalid_register_raises_with_every_problem(register: Path) -> None:
    (register / "sources" / "bad.toml").write_text('id = "bad"\n')
    with pytest.raises(RegisterError) as raised:
        load_register(register)
    assert "sources/bad.toml: type: required: see the Types table of docs/register-format.md" in raised.value.problems
    assert "sources/bad.toml: title: required" in raised.value.problems
    assert str(raised.value).count("\n") == len(raised.value.problems) - 1


def test_temp_files_dotfiles_and_other_files_are_ignored(register: Path) -> None:
    (register / "sources" / ".doe-2023-walking.toml.x1.tmp").write_text("half a file")
    (register / "sources" / ".hidden.toml").write_text("not = [toml")
    (register / "sources" / "README.md").write_text("# notes")
    assert validate_register(register).ok


def test_a_register_needs_sources_or_claims(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="holds neither sources/ nor claims/"):
        load_register(tmp_path)
    with pytest.raises(RegisterError, match="not a folder"):
        load_register(tmp_path / "missing")
    (tmp_path / "sources").mkdir()
    assert len(load_register(tmp_path).sources) == 0


def test_the_fast_parser_and_tomllib_agree(monkeypatch: pytest.MonkeyPatch, register: Path) -> None:
    fast = validate_register(register).register
    monkeypatch.setattr(load_module, "_fast_loads", None)
    slow = validate_register(register).register
    assert fast is not None and slow is not None
    assert {k: v.model_dump() for k, v in fast.sources.items()} == {k: v.model_dump() for k, v in slow.sources.items()}
    bad = register / "claims" / "broken.toml"
    bad.write_text('id = "broken"\nverdict = \n')
    monkeypatch.setattr(load_module, "_fast_loads", None)
    without = validate_register(register).messages()
    monkeypatch.undo()
    assert validate_register(register).messages() == without
    assert "claims/broken.toml: line 2, column 11: TOML syntax error: Invalid value" in without


def test_default_root_from_the_environment(monkeypatch: pytest.MonkeyPatch, register: Path) -> None:
    monkeypatch.setenv("CLAIMCHECK_REGISTER", str(register))
    assert default_register_root() == register
    assert load_register().sources.keys() == load_register(register).sources.keys()


def test_default_root_is_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_REGISTER", raising=False)
    checkout = Path(claimcheck.__file__).resolve().parents[2]
    if not ((checkout / "sources").is_dir() and (checkout / "claims").is_dir()):
        pytest.skip("not running from a checkout")
    assert default_register_root() == checkout


def test_default_root_falls_back_to_sys_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLAIMCHECK_REGISTER", raising=False)
    package = tmp_path / "site-packages" / "claimcheck"
    package.mkdir(parents=True)
    monkeypatch.setattr(claimcheck, "__file__", str(package / "__init__.py"))
    prefix = tmp_path / "prefix"
    monkeypatch.setattr(sys, "prefix", str(prefix))
    with pytest.raises(RegisterError, match="no register found"):
        default_register_root()
    (prefix / "share" / "claimcheck" / "sources").mkdir(parents=True)
    assert default_register_root() == prefix / "share" / "claimcheck"


def test_large_registers_load_fast_enough(tmp_path: Path) -> None:
    """A smoke version of benchmarks/register_load.py: 1,000 entries well under a second."""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import register_load
    finally:
        sys.path.pop(0)
    register_load.generate(tmp_path / "big", 1000)
    start = time.perf_counter()
    reg = load_register(tmp_path / "big")
    elapsed = time.perf_counter() - start
    assert len(reg.sources) + len(reg.claims) == 1000
    assert elapsed < (3.0 if os.environ.get("CI") else 1.5)

"""`claimcheck check` in CI: formats on the command line, exit codes, --sarif, step summary, progress."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.model import Report
from test_formats_fixtures import ARTICLE, ARTICLE_EN, fake_check_paths, fake_result

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two articles in tmp_path (the working directory), checked by the fake grader."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("CLAIMCHECK_CONFIG", raising=False)
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "therapie.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "walk.md").write_text(ARTICLE_EN, encoding="utf-8")
    return tmp_path


def _run(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 1),  # errors, default --fail-on error
        (["--fail-on", "never"], 0),
        (["--fail-on", "warning"], 1),
        (["--disable", "arm-confusion", "--disable", "number-mismatch"], 0),
        (["--disable", "arm-confusion", "--disable", "number-mismatch", "--fail-on", "warning"], 1),
        (["--severity", "arm-confusion=info", "--severity", "number-mismatch=warning"], 0),
    ],
)
def test_exit_codes(repo: Path, args: list[str], code: int) -> None:
    result = _run("articles", *args)
    assert result.exit_code == code, result.output


def test_unreadable_input_exits_2(repo: Path) -> None:
    one = _run("missing.md")
    assert one.exit_code == 2 and one.stderr == "claimcheck: missing.md: no such file\n"
    several = _run("articles/walk.md", "missing.md", "--fail-on", "never")
    assert several.exit_code == 2
    assert "claimcheck: missing.md: no such file" in several.stderr
    assert "articles/walk.md" in several.stdout


def test_text_is_the_default(repo: Path) -> None:
    out = _run("articles").stdout
    assert out.startswith("articles/therapie.md\n")
    assert out.rstrip().splitlines()[-1].startswith("✖ 2 errors, 3 warnings, 0 info in 2 files")
    assert "\x1b[" not in out  # not a terminal


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "markdown", "html", "claimreview"])
def test_every_format_from_the_command_line(repo: Path, fmt: str) -> None:
    result = _run("articles", "--format", fmt, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    if fmt in ("json", "sarif", "claimreview"):
        json.loads(result.stdout)


def test_sarif_from_the_command_line_validates(repo: Path) -> None:
    result = _run("articles", "--format", "sarif")
    log = json.loads(result.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"articles/therapie.md", "articles/walk.md"}
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    source = (repo / "articles" / "therapie.md").read_text(encoding="utf-8")
    first = regions[0]
    assert source[first["charOffset"] : first["charOffset"] + first["charLength"]] == "voorgoed"
    assert source.splitlines()[first["startLine"] - 1][first["startColumn"] - 1 :].startswith("voorgoed")
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_sarif_side_output_and_output_file(repo: Path) -> None:
    result = _run("articles", "--format", "github", "--sarif", "out/claimcheck.sarif", "-o", "out/log.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((repo / "out" / "claimcheck.sarif").read_text())["version"] == "2.1.0"
    assert (repo / "out" / "log.txt").read_text().startswith("::warning file=articles/therapie.md,line=")
    assert not [p for p in (repo / "out").iterdir() if p.name.endswith(".tmp")]


def test_github_format_writes_the_step_summary(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _run("articles", "--format", "github")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## claimcheck: 2 errors, 3 warnings, 0 info in 2 files")
    assert "| 3 | error | `number-mismatch` | by half |" in text
    _run("articles", "--format", "json")
    assert summary.read_text(encoding="utf-8") == text  # only the github format writes it


def test_folders_are_checked_recursively(repo: Path) -> None:
    nested = repo / "articles" / "2024" / "03"
    nested.mkdir(parents=True)
    (nested / "oud.html").write_text("<html><body><article><p>Over rugpijn, voorgoed.</p></article></body></html>")
    (nested / "notes.json").write_text("{}")
    docs = json.loads(_run("articles", "--format", "json").stdout)["documents"]
    assert [d["input"] for d in docs] == ["articles/2024/03/oud.html", "articles/therapie.md", "articles/walk.md"]


def test_progress_bar_only_on_a_terminal(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake_map(names: list[str], options: object, register: object = None):
        calls.append(list(names))
        for name in names:
            yield fake_check_paths([name], options).results[0]

    class FakeRegister:
        version = "fake-register-2"

    monkeypatch.setattr("claimcheck.checker.map_inputs", fake_map)
    monkeypatch.setattr("claimcheck.checker.load_register_for", lambda options: FakeRegister())
    quiet = _run("articles", "--format", "json")
    assert quiet.stderr == "" and calls == []  # not a terminal: check_paths, no bar
    monkeypatch.setattr("claimcheck.commands.check.stderr_is_terminal", lambda: True)
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    from claimcheck.commands import check as check_module

    report = check_module.run_pipeline(["articles"], ["articles/therapie.md", "articles/walk.md"],
                                       check_module.build_options({}, grade=True))
    assert calls == [["articles/therapie.md", "articles/walk.md"]]
    assert [r.document.input for r in report.results] == ["articles/therapie.md", "articles/walk.md"]
    assert report.register_version == "fake-register-2"
    assert "Checking" in stderr.getvalue()
    # one local file: no bar even on a terminal
    single = check_module.run_pipeline(["articles/walk.md"], ["articles/walk.md"],
                                       check_module.build_options({}, grade=True))
    assert len(calls) == 1 and single.register_version == "fake-register-1"
    assert check_module.run_pipeline([], [], check_module.build_options({}, grade=True)).results == []


def test_no_progress_flag_wins(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.commands.check.stderr_is_terminal", lambda: True)
    monkeypatch.setattr("claimcheck.checker.map_inputs", lambda *a, **k: pytest.fail("no bar expected"))
    result = _run("articles", "--no-progress", "--format", "json")
    assert result.stderr == ""


def test_extract_keeps_working(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def ungraded(inputs: list[str], options: object = None, names: list[str] | None = None) -> Report:
        report = fake_check_paths(inputs, options, names)
        report.graded = False
        return report

    monkeypatch.setattr("claimcheck.checker.check_paths", ungraded)
    result = CliRunner().invoke(cli, ["extract", "articles", "--exclude", "walk.md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("articles/therapie.md\n")
    assert "articles/walk.md" not in result.stdout


def test_real_pipeline_when_available(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end with the real extractor, register and grader (skipped while they are being written)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    from claimcheck.checker import CheckOptions, check_paths

    try:
        check_paths(["a.md"], CheckOptions(jobs=1))
    except (ImportError, NotImplementedError) as exc:
        pytest.skip(f"pipeline not complete yet: {exc}")
    result = CliRunner().invoke(cli, ["check", "a.md", "--format", "sarif", "--fail-on", "never", "-j", "1"])
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(log)
    html = CliRunner().invoke(cli, ["check", "a.md", "--format", "html", "--fail-on", "never", "-j", "1"])
    assert html.exit_code == 0 and "<mark" in html.stdout


def test_fake_grader_sanity() -> None:
    from claimcheck.ingest.markdown import parse_markdown

    result = fake_result(parse_markdown(ARTICLE, "x.md"))
    assert [c.text for c in result.claims] == ["voorgoed", "80 procent", "120 deelnemers"]

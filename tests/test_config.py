"""claimcheck.toml / [tool.claimcheck]: discovery, validation, precedence, and `claimcheck config`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.config import find_config, load_settings
from claimcheck.errors import ConfigError
from test_formats_fixtures import ARTICLE, fake_check_paths


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An article repository as the working directory, with no configuration yet."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_CONFIG", raising=False)
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "therapie.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_defaults_without_a_file(repo: Path) -> None:
    settings = load_settings()
    assert settings.file is None
    assert settings["format"] == "text" and settings["fail_on"] == "error"
    assert set(settings.origins.values()) == {"default"}


def test_found_upward_claimcheck_toml_beats_pyproject(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.claimcheck]\nfail_on = "info"\n')
    deep = repo / "articles" / "2024"
    deep.mkdir()
    monkeypatch.chdir(deep)
    assert find_config() == repo / "pyproject.toml"
    assert load_settings()["fail_on"] == "info"
    (repo / "articles" / "claimcheck.toml").write_text('fail-on = "warning"\n')
    assert find_config() == repo / "articles" / "claimcheck.toml"
    assert load_settings()["fail_on"] == "warning"


def test_pyproject_without_table_is_skipped(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config() is None


def test_all_keys_and_paths_relative_to_the_file(repo: Path) -> None:
    (repo / "register").mkdir()
    (repo / "claimcheck.toml").write_text(
        'format = "sarif"\nfail_on = "never"\nlang = "nl"\ninclude = ["*.md"]\nexclude = "drafts/**"\n'
        'register = "register"\njobs = 2\nbaseline = "ci/base.json"\ndisable = ["no-citation"]\n'
        'cache-dir = ".cache"\ndate = 2021-09-14\n\n[severity]\nhype-language = "info"\nrounded-up = "off"\n'
    )
    settings = load_settings()
    assert settings.values == {
        "format": "sarif", "fail_on": "never", "lang": "nl", "include": ["*.md"], "exclude": ["drafts/**"],
        "register": (repo / "register").resolve(), "jobs": 2, "baseline": (repo / "ci" / "base.json").resolve(),
        "disable": ["no-citation"], "severity": {"hype-language": "info", "rounded-up": "off"},
        "cache_dir": (repo / ".cache").resolve(), "date": "2021-09-14",
    }
    assert settings.origins["jobs"] == str(repo / "claimcheck.toml")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fail_on = "fatal"', "claimcheck.toml: fail_on: must be one of error, warning, info, never (got 'fatal')"),
        ('colour = true', "claimcheck.toml: colour: unknown key"),
        ("jobs = 0", "claimcheck.toml: jobs: must be a whole number of at least 1"),
        ("jobs = true", "claimcheck.toml: jobs: must be a whole number"),
        ('lang = "de"', "claimcheck.toml: lang: must be one of nl, en"),
        ("include = [1]", "claimcheck.toml: include: must be a list of strings"),
        ('disable = ["No Citation"]',
         "claimcheck.toml: disable: unknown rule 'No Citation'; did you mean no-citation?"),
        ('disable = ["no-such-rule"]', "claimcheck.toml: disable: unknown rule 'no-such-rule'"),
        ('[severity]\nhype-langauge = "info"',
         "claimcheck.toml: severity.hype-langauge: unknown rule 'hype-langauge'; did you mean hype-language?"),
        ('register = "nowhere"', "claimcheck.toml: register: no such folder 'nowhere'"),
        ('severity = "info"', "claimcheck.toml: severity: must be a table"),
        ('[severity]\nhype-language = "loud"', "claimcheck.toml: severity.hype-language: must be one of"),
        ("fail_on = ", "claimcheck.toml: invalid TOML"),
    ],
)
def test_validation_errors_name_file_and_key(repo: Path, content: str, message: str) -> None:
    (repo / "claimcheck.toml").write_text(content + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    result = CliRunner().invoke(cli, ["check", "articles"])
    assert result.exit_code == 2
    assert result.stderr.startswith("claimcheck: ") and message in result.stderr


def test_config_file_option_and_env_var(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = repo / "ci.toml"
    other.write_text('format = "json"\n')
    result = CliRunner().invoke(cli, ["check", "articles", "--config", str(other)])
    assert json.loads(result.stdout)["version"] == 1
    monkeypatch.setenv("CLAIMCHECK_CONFIG", str(other))
    assert json.loads(CliRunner().invoke(cli, ["check", "articles"]).stdout)["version"] == 1
    missing = CliRunner().invoke(cli, ["check", "articles", "--config", "nope.toml"])
    assert missing.exit_code == 2 and "nope.toml: configuration file not found" in missing.stderr


def test_command_line_wins(repo: Path) -> None:
    (repo / "claimcheck.toml").write_text('format = "json"\nfail_on = "never"\n')
    runner = CliRunner()
    from_file = runner.invoke(cli, ["check", "articles"])
    assert from_file.exit_code == 0
    assert json.loads(from_file.stdout)["documents"]
    flags = runner.invoke(cli, ["check", "articles", "--format", "text", "--fail-on", "warning"])
    assert flags.exit_code == 1
    assert flags.stdout.startswith("articles/therapie.md")


def test_include_exclude_from_file_and_flags(repo: Path) -> None:
    (repo / "articles" / "drafts").mkdir()
    (repo / "articles" / "drafts" / "concept.md").write_text("Concept over rugpijn.\n")
    (repo / "articles" / "walk.txt").write_text("A walk a day.\n")
    runner = CliRunner()

    def inputs(*args: str) -> list[str]:
        result = runner.invoke(cli, ["check", "articles", "--format", "json", *args])
        return [d["input"] for d in json.loads(result.stdout)["documents"]]

    assert inputs() == ["articles/drafts/concept.md", "articles/therapie.md", "articles/walk.txt"]
    assert inputs("--exclude", "drafts/*", "--exclude", "*.txt") == ["articles/therapie.md"]
    assert inputs("--include", "*.txt") == ["articles/walk.txt"]
    (repo / "claimcheck.toml").write_text('exclude = ["drafts/*"]\n')
    assert inputs() == ["articles/therapie.md", "articles/walk.txt"]
    # --exclude adds to the configuration's list; --no-config-exclude drops the file's
    assert inputs("--exclude", "*.txt") == ["articles/therapie.md"]
    assert inputs("--no-config-exclude", "--exclude", "*.txt") == ["articles/drafts/concept.md",
                                                                   "articles/therapie.md"]
    assert inputs("--no-config-exclude") == ["articles/drafts/concept.md", "articles/therapie.md",
                                             "articles/walk.txt"]


def test_disable_and_severity_from_file(repo: Path) -> None:
    (repo / "claimcheck.toml").write_text('disable = ["arm-confusion"]\n[severity]\nrounded-up = "error"\n')
    result = CliRunner().invoke(cli, ["check", "articles", "--format", "json", "--disable", "missing-caveat"])
    doc = json.loads(result.stdout)["documents"][0]
    issues = sorted((i["rule"], i["severity"]) for c in doc["claims"] for i in c["issues"])
    assert issues == [("hype-language", "warning"), ("rounded-up", "error")]
    assert doc["findings"] == []


def test_config_command_toml_and_json(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.claimcheck]\nfail_on = "warning"\nexclude = ["x/**"]\n'
                                         '[tool.claimcheck.severity]\nhype-language = "info"\n')
    runner = CliRunner()
    toml_out = runner.invoke(cli, ["config"])
    assert toml_out.exit_code == 0
    parsed = tomllib.loads(toml_out.stdout)
    assert parsed["fail_on"] == "warning" and parsed["format"] == "text" and parsed["exclude"] == ["x/**"]
    assert parsed["severity"] == {"hype-language": "info"}
    assert f'fail_on = "warning"  # {repo / "pyproject.toml"}' in toml_out.stdout
    assert 'format = "text"  # default' in toml_out.stdout
    json_out = json.loads(runner.invoke(cli, ["config", "--format", "json"]).stdout)
    assert json_out["file"] == str(repo / "pyproject.toml")
    assert json_out["settings"]["fail_on"] == "warning"
    assert json_out["origins"] == {**dict.fromkeys(json_out["origins"], "default"),
                                   "fail_on": str(repo / "pyproject.toml"), "exclude": str(repo / "pyproject.toml"),
                                   "severity": str(repo / "pyproject.toml")}


def test_config_command_reports_errors(repo: Path) -> None:
    (repo / "claimcheck.toml").write_text("jobs = -1\n")
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 2
    assert "claimcheck.toml: jobs: must be a whole number of at least 1 (got -1)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--disable", "hype-langauge"], "claimcheck: --disable hype-langauge: unknown rule 'hype-langauge'; "
                                         "did you mean hype-language?"),
        (["--severity", "arm-confusoin=info"], "claimcheck: --severity arm-confusoin=info: unknown rule "
                                               "'arm-confusoin'; did you mean arm-confusion?"),
    ],
)
def test_unknown_rule_ids_on_the_command_line(repo: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["check", "articles", *args])
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_exclude_applies_to_files_named_on_the_command_line(repo: Path) -> None:
    (repo / "articles" / "drafts").mkdir()
    draft = repo / "articles" / "drafts" / "concept.md"
    draft.write_text("Concept: deze pil geneest rugpijn.\n")
    (repo / "claimcheck.toml").write_text('exclude = ["drafts/**"]\nformat = "json"\n')
    runner = CliRunner()
    named = runner.invoke(cli, ["check", "articles/drafts/concept.md", "articles/therapie.md"])
    assert [d["input"] for d in json.loads(named.stdout)["documents"]] == ["articles/therapie.md"]
    assert "articles/drafts/concept.md: skipped (matches exclude)" in named.stderr
    only_draft = runner.invoke(cli, ["check", "articles/drafts/concept.md"])
    assert only_draft.exit_code == 0 and json.loads(only_draft.stdout)["documents"] == []
    forced = runner.invoke(cli, ["check", "--no-force-exclude", "articles/drafts/concept.md"])
    assert [d["input"] for d in json.loads(forced.stdout)["documents"]] == ["articles/drafts/concept.md"]


def test_gitignore_is_honoured_in_folders(repo: Path) -> None:
    (repo / ".git").mkdir()
    (repo / ".gitignore").write_text("articles/private/\n*.tmp.md\n")
    (repo / "articles" / "private").mkdir()
    (repo / "articles" / "private" / "notes.md").write_text("Aantekeningen.\n")
    (repo / "articles" / "scratch.tmp.md").write_text("Kladversie.\n")
    (repo / "articles" / "sub").mkdir()
    (repo / "articles" / "sub" / ".gitignore").write_text("old.md\n")
    (repo / "articles" / "sub" / "old.md").write_text("Oud stuk.\n")
    (repo / "articles" / "sub" / "new.md").write_text("Nieuw stuk.\n")
    result = CliRunner().invoke(cli, ["check", "articles", "--format", "json"])
    assert [d["input"] for d in json.loads(result.stdout)["documents"]] == ["articles/sub/new.md",
                                                                              "articles/therapie.md"]


def test_configuration_found_from_each_files_own_folder(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "claimcheck.toml").write_text('format = "json"\nfail_on = "never"\n')
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    article = repo / "articles" / "therapie.md"
    runner = CliRunner()
    result = runner.invoke(cli, ["check", str(article)])
    assert result.exit_code == 0  # fail_on = "never" from the article's own repository
    assert json.loads(result.stdout)["documents"][0]["input"] == str(article)
    # nearest wins: a configuration in the article's folder beats the repository's
    (repo / "articles" / "claimcheck.toml").write_text('fail_on = "warning"\n')
    nearer = runner.invoke(cli, ["check", str(article)])
    assert nearer.exit_code == 1 and nearer.stdout.startswith(str(article))
    shown = runner.invoke(cli, ["config", str(article)])
    assert shown.exit_code == 0
    assert f"# claimcheck effective settings from {repo / 'articles' / 'claimcheck.toml'}" in shown.stdout
    assert f'fail_on = "warning"  # {repo / "articles" / "claimcheck.toml"}' in shown.stdout
    as_json = json.loads(runner.invoke(cli, ["config", str(repo / "articles"), "--format", "json"]).stdout)
    assert as_json["file"] == str(repo / "articles" / "claimcheck.toml")


def test_files_under_two_configurations_keep_their_own_settings(repo: Path) -> None:
    (repo / "claimcheck.toml").write_text('format = "json"\n')
    (repo / "other").mkdir()
    (repo / "other" / "claimcheck.toml").write_text('disable = ["hype-language", "rounded-up", "arm-confusion"]\n')
    (repo / "other" / "copy.md").write_text((repo / "articles" / "therapie.md").read_text())
    result = CliRunner().invoke(cli, ["check", "articles/therapie.md", "other/copy.md"])
    first, second = json.loads(result.stdout)["documents"]
    rules_of = [{i["rule"] for c in d["claims"] for i in c["issues"]} for d in (first, second)]
    assert "hype-language" in rules_of[0] and "hype-language" not in rules_of[1]

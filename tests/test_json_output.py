"""JSON via orjson is the same document as the stdlib's; `--format jsonl`; `--max-size`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.checker import CheckOptions, check_paths
from claimcheck.cli import cli
from claimcheck.formats import RenderOptions, render

ARTICLES = {
    "knee.txt": (
        "Knee injections ease pain for a year\n\n"
        "In a trial of 312 adults with knee arthritis, 41% of those given the injection reported less pain "
        "after twelve months, against 29% on a saline shot, the researchers wrote in The Lancet.\n\n"
        "\u201cIt is a breakthrough for patients,\u201d said the lead author. Experts cautioned that the study "
        "was small and ran for a single year.\n"
    ),
    "slaap.txt": (
        "Slaaptekort verhoogt risico op diabetes\n\n"
        "Wie minder dan zes uur per nacht slaapt, heeft 28 procent meer kans op diabetes type 2, blijkt uit "
        "een Deens onderzoek onder 14.000 volwassenen. De onderzoekers benadrukken dat het om een verband gaat."
        "\n"
    ),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_CONFIG", raising=False)
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_json_is_the_stdlib_document(folder: Path) -> None:
    report = check_paths([str(folder)], CheckOptions(jobs=1))
    assert len(report.results) == 2
    text = render("json", report, RenderOptions())
    assert text.endswith("}\n")
    assert json.loads(text) == json.loads(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    assert "\u201c" in text  # UTF-8 kept, not escaped


def test_json_of_no_documents() -> None:
    from claimcheck.model import Report

    assert json.loads(render("json", Report(results=[]), RenderOptions()))["documents"] == []


def test_jsonl_is_one_document_per_line(folder: Path) -> None:
    report = check_paths([str(folder)], CheckOptions(jobs=1))
    lines = render("jsonl", report, RenderOptions()).splitlines()
    assert [json.loads(line) for line in lines] == report.to_dict()["documents"]


def test_cli_jsonl(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["check", ".", "--format", "jsonl", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(Path(d["input"]).name for d in documents) == sorted(ARTICLES)


def test_cli_max_size(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "knee.txt", "--max-size", "100B"])
    assert result.exit_code == 2
    assert "too large" in result.output and "--max-size" in result.output
    assert CliRunner().invoke(cli, ["check", "knee.txt", "--max-size", "1MB", "--fail-on", "never"]).exit_code == 0
    assert CliRunner().invoke(cli, ["check", "knee.txt", "--max-size", "big"]).exit_code == 2


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_streamed_output_is_the_whole_report(folder: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two inputs to stdout are written document by document (claimcheck.stream); `--output` takes
    the ordinary path, which renders the whole report: the same text either way."""
    monkeypatch.setattr("claimcheck.stream.STREAM_FROM", 2)
    streamed = CliRunner().invoke(cli, ["check", ".", "--format", fmt, "--no-progress", "--jobs", "1"])
    whole = CliRunner().invoke(cli, ["check", ".", "--format", fmt, "--no-progress", "--jobs", "1",
                                     "--output", "out.txt"])
    assert streamed.exit_code == whole.exit_code
    assert streamed.output == (folder / "out.txt").read_text(encoding="utf-8")


def test_stream_is_used_for_many_inputs(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.commands.check as check_command

    def no_whole_report(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole report was built")

    monkeypatch.setattr(check_command, "checked_report", no_whole_report)
    monkeypatch.setattr("claimcheck.stream.STREAM_FROM", 2)
    result = CliRunner().invoke(cli, ["check", ".", "--format", "jsonl", "--no-progress", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 2


def test_few_inputs_take_the_ordinary_path(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.commands.check as check_command

    built = []
    real = check_command.checked_report
    monkeypatch.setattr(check_command, "checked_report", lambda *a, **k: built.append(1) or real(*a, **k))
    result = CliRunner().invoke(cli, ["check", ".", "--format", "jsonl", "--no-progress", "--fail-on", "never"])
    assert result.exit_code == 0 and built == [1]

"""`claimcheck strength`: stdin or a file in, one text line or JSON object per sentence out."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli

SENTENCES = (
    "Coffee drinking was associated with lower mortality.\n"
    "\n"
    "Statins may reduce the risk of dementia.\n"
    "Roken veroorzaakt longkanker.\n"
    "The clinic opens at nine.\n"
)


def _run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_json_from_stdin_without_argument() -> None:
    code, out, _ = _run(["strength", "--format", "json"], SENTENCES)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["level"] for row in rows] == [1, 2, 3, 0]
    assert [row["label"] for row in rows] == ["correlational", "conditional_causal", "direct_causal", "none"]
    assert rows[0] == {
        "sentence": "Coffee drinking was associated with lower mortality.",
        "level": 1,
        "label": "correlational",
        "cues": ["associated"],
    }
    assert rows[3]["cues"] == []


def test_dash_reads_stdin() -> None:
    code, out, _ = _run(["strength", "-", "--format", "json"], "Roken veroorzaakt longkanker.\n")
    assert code == 0
    assert json.loads(out)["level"] == 3


def test_file_argument_and_text_format(tmp_path: Path) -> None:
    path = tmp_path / "sentences.txt"
    path.write_text(SENTENCES, encoding="utf-8")
    code, out, _ = _run(["strength", str(path)])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("2 conditional_causal")
    assert "Statins may reduce the risk of dementia." in lines[1]
    assert "[may reduce]" in lines[1]
    assert lines[3].startswith("0 none")


def test_lang_option_forces_the_lexicon() -> None:
    # "kan ... verlagen" is a hedge in the Dutch lexicon.
    stdin = "Koffie kan het risico verlagen.\n"
    code, out, _ = _run(["strength", "--lang", "nl", "--format", "json"], stdin)
    assert code == 0
    assert json.loads(out)["label"] == "conditional_causal"


def test_unicode_is_kept_in_json() -> None:
    code, out, _ = _run(["strength", "--format", "json"], "Patiënten hebben vaker klachten.\n")
    assert code == 0
    assert "Patiënten" in out


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = _run(["strength", str(missing)])
    assert code == 2
    assert out == ""
    assert str(missing) in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = _run(["strength", str(tmp_path)])
    assert code == 2
    assert str(tmp_path) in err


def test_bad_format_is_a_usage_error() -> None:
    code, _, _ = _run(["strength", "--format", "xml"], "x\n")
    assert code == 2


def test_help() -> None:
    code, out, _ = _run(["strength", "--help"])
    assert code == 0
    assert "--lang" in out and "--format" in out


def test_listed_in_top_level_help() -> None:
    code, out, _ = _run(["--help"])
    assert code == 0
    assert "strength" in out


def _benchmark_module():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "strength.py"
    spec = importlib.util.spec_from_file_location("strength_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_skips_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _benchmark_module().main([str(tmp_path / "absent")]) == 0
    out = capsys.readouterr().out
    assert "skipping the public benchmark" in out
    assert "nl.csv" in out
    assert "sentences/second" in out


def test_benchmark_scores_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tiny.csv").write_text(
        "sentence,label\n"
        "The ward has twelve beds.,0\n"
        "Poor sleep is linked to obesity.,1\n"
        "Tea may lower blood pressure.,2\n"
        "Exercise improves mood.,3\n",
        encoding="utf-8",
    )
    assert _benchmark_module().main([str(tmp_path), "--halves"]) == 0
    out = capsys.readouterr().out
    assert "tiny.csv: 4 sentences  macro-F1 1.000" in out
    assert "half B (never studied)" in out

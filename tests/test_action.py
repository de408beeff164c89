"""The GitHub Action's run step (action.yml), executed with bash as the runner would: paths with spaces,
a SARIF file always written (executionSuccessful false when inputs failed), outputs set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "pijnherverwerking.md"


def _run_step() -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "check"]
    return step


def _run(tmp_path: Path, path: str, args: str = "", fail_on: str = "error") -> tuple[int, dict[str, str], Path]:
    bash = shutil.which("bash")
    if bash is None:
        if os.environ.get("CI") == "true":
            pytest.fail("bash is not installed")
        pytest.skip("bash is not installed")
    claimcheck = shutil.which("claimcheck")
    assert claimcheck, "claimcheck is not installed (python -m pip install -e .)"
    outputs = tmp_path / "github_output"
    outputs.write_text("")
    sarif = tmp_path / "out dir" / "claimcheck.sarif"
    sarif.parent.mkdir(exist_ok=True)
    env = {**os.environ, "CC_PATH": path, "CC_FAIL_ON": fail_on, "CC_FORMAT": "github", "CC_SARIF": str(sarif),
           "CC_CHANGED_SINCE": "", "CC_ARGS": args, "GITHUB_OUTPUT": str(outputs),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", _run_step()["run"]],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    assert values.get("exit-code") == str(done.returncode), done.stderr
    return done.returncode, values, sarif


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "my articles"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "pijn herverwerking.md")
    return folder


def test_paths_with_spaces_and_sarif_written(tmp_path: Path, articles: Path) -> None:
    code, outputs, sarif = _run(tmp_path, f"{articles / 'pijn herverwerking.md'}\n",
                                args='--severity "hype-language=info"')
    assert code == 1  # the example has an error-level finding
    assert outputs["sarif-file"] == str(sarif)
    log = json.loads(sarif.read_text())
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["results"] and all(r["ruleId"] != "hype-language" or r["level"] == "note" for r in run["results"])


def test_unreadable_inputs_still_give_a_sarif_that_says_the_run_failed(tmp_path: Path, articles: Path) -> None:
    code, _, sarif = _run(tmp_path, f"{articles}\n{tmp_path / 'no such file.md'}\n", fail_on="never")
    assert code == 2
    run = json.loads(sarif.read_text())["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert any("no such file" in n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"])
    assert run["results"]  # the readable article was still checked


def test_a_usage_error_still_writes_a_sarif(tmp_path: Path, articles: Path) -> None:
    code, _, sarif = _run(tmp_path, str(articles), args="--no-such-flag")
    assert code == 2
    run = json.loads(sarif.read_text())["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False and run["results"] == []
    code, _, sarif = _run(tmp_path, str(tmp_path / "gone.md"))
    assert code == 2
    assert json.loads(sarif.read_text())["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_an_unreadable_single_input_is_annotated(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import cli

    result = CliRunner().invoke(cli, ["check", str(tmp_path / "gone.md"), "--format", "github"])
    assert result.exit_code == 2
    assert result.stdout.startswith("::error ") and "no such file" in result.stdout

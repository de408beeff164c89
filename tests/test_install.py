"""The README's fresh-machine commands install claimcheck in a clean venv and check the example article."""

from __future__ import annotations

import json
import re
import tomllib

from install_env import ROOT, installed, readme_commands


def test_readme_commands_make_a_venv_with_python3_and_install_the_checkout() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].startswith("python3 -m venv .venv") and ". .venv/bin/activate" in commands[0]
    assert "pip install ." in commands[1] and "claimcheck check examples/" in commands[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3-venv" in readme.split("Run the tests", 1)[0]
    assert "pip install claimcheck\n" not in readme and "pip install claimcheck " not in readme


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_block = re.search(r"Run the tests:\s*```\w*\n(.*?)```", readme, re.S)
    assert test_block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1].strip() == test_block.group(1).strip()


def test_distribution_name_is_ours_everywhere() -> None:
    from claimcheck.project import DISTRIBUTION, HOMEPAGE

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION == "claimcheck-health"
    assert project["scripts"] == {"claimcheck": "claimcheck.cli:main"}
    assert HOMEPAGE.endswith(f"/project/{DISTRIBUTION}/")
    for doc in ("README.md", "docs/ci.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "OWNER" not in text and "v0.1.0" not in text, doc


def test_fresh_install_in_a_clean_venv_checks_the_example() -> None:
    env = installed()
    assert env.returncode in (0, 1), env.stderr[-3000:]  # 1: the example has an error-level finding
    assert re.search(r"^[✖⚠✓] .* in 1 file · \d+ claims", env.stdout, re.M), env.stdout[-2000:]
    assert "accurate" in env.stdout  # the register was installed with the package and graded the claims
    version = env.run("claimcheck", "--version")
    assert version.returncode == 0 and version.stdout.startswith("claimcheck, version ")
    shown = env.run("python", "-m", "pip", "show", "claimcheck-health")
    assert shown.returncode == 0 and "Name: claimcheck-health" in shown.stdout
    listed = env.run("claimcheck", "rules", "--format", "json")
    assert listed.returncode == 0 and json.loads(listed.stdout)["rules"]
    schema = env.run("claimcheck", "schema")
    assert schema.returncode == 0 and json.loads(schema.stdout)["$schema"].startswith("https://json-schema.org/")
    # installed, not run from this tree: the package lives in the venv
    where = env.run("python", "-c", "import claimcheck; print(claimcheck.__file__)")
    assert str(env.venv) in where.stdout

"""A clean virtual environment with claimcheck installed from a copy of this tree, as a new user would.

Shared by tests/test_install.py and tests/test_precommit.py (built once per test run). The install
runs the README's own fresh-machine commands; package registries are reachable, nothing else is
needed. Without `python3 -m venv` (or git, for pre-commit) the tests skip, except in CI (`CI=true`),
where a missing tool is a failure.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What a user's checkout holds that installing needs (tests and benchmarks are left out to keep it quick).
COPIED = ("src", "sources", "claims", "examples", "pyproject.toml", "README.md")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", ".venv", "build", "dist")


@dataclass(slots=True)
class Installed:
    """The copy of the project, its venv, and what the README's commands printed."""

    project: Path
    venv: Path
    stdout: str
    stderr: str
    returncode: int

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a shell with the venv activated."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env["VIRTUAL_ENV"] = str(self.venv)
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env.update(extra)
        return env

    def run(self, *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run a command with the venv activated."""
        return subprocess.run(list(args), cwd=cwd or self.project, env=self.env(**extra), capture_output=True,
                              text=True, timeout=600, check=False)


def need(tool: str) -> str:
    """The path of `tool`; a skip when it is missing, a failure in CI."""
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: a missing tool is a failure)")
        pytest.skip(message)
    return found


def readme_commands(readme: Path = ROOT / "README.md") -> list[str]:
    """The fresh-machine commands: the first ```bash block of the README."""
    match = re.search(r"```bash\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    assert match, "README.md has no ```bash block with the fresh-machine commands"
    return [line for line in match.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


_CACHE: dict[str, Installed] = {}


def installed() -> Installed:
    """The project installed in a clean venv by the README's commands (once per test run)."""
    if "env" in _CACHE:
        return _CACHE["env"]
    need("python3")
    bash = need("bash")
    probe = subprocess.run(["python3", "-c", "import venv, ensurepip"], capture_output=True, check=False)
    if probe.returncode != 0:
        message = "python3 has no venv/ensurepip (on Debian or Ubuntu: apt install python3-venv)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="claimcheck-install-"))
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    project = base / "claimcheck"
    project.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=_IGNORE)
        elif source.is_file():
            shutil.copy2(source, project / name)
    script = "set -e\n" + "\n".join(readme_commands()) + "\n"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    done = subprocess.run([bash, "-c", script], cwd=project, env=env, capture_output=True, text=True,
                          timeout=1200, check=False)
    _CACHE["env"] = Installed(project=project, venv=project / ".venv", stdout=done.stdout, stderr=done.stderr,
                              returncode=done.returncode)
    return _CACHE["env"]

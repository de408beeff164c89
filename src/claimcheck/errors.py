"""Exceptions of claimcheck's stages. The CLI turns each into one line and exit code 2."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base of every error claimcheck reports to the user as one line."""


class InputError(ClaimcheckError):
    """An input (file, folder, URL) cannot be read as an article."""

    def __init__(self, input_name: str, problem: str) -> None:
        super().__init__(f"{input_name}: {problem}")
        self.input_name = input_name
        self.problem = problem


class FetchError(InputError):
    """A URL could not be fetched: unreachable, refused by robots.txt, 404, too large, not HTML."""


class RegisterError(ClaimcheckError):
    """The register (sources/ or claims/) is invalid; `problems` lists `file: field: problem`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ConfigError(ClaimcheckError):
    """claimcheck.toml or [tool.claimcheck] is invalid."""

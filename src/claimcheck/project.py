"""Where claimcheck lives: its distribution name and the addresses other tools point people to.

The import package and the command are `claimcheck`; the distribution on PyPI is
`claimcheck-health` (the name `claimcheck` belongs to an unrelated project there). The repository
address is read from the installed metadata (`[project.urls] Repository` in pyproject.toml), so a fork
that sets its own gets its own links in SARIF `helpUri`.
"""

from __future__ import annotations

from functools import cache

#: The name to `pip install`.
DISTRIBUTION = "claimcheck-health"
#: The project's page on PyPI (SARIF `informationUri`, ClaimReview `author.url`).
HOMEPAGE = f"https://pypi.org/project/{DISTRIBUTION}/"
#: Used when the installed metadata names no repository.
DEFAULT_REPOSITORY = "https://github.com/claimcheck/claimcheck"


@cache
def repository_url() -> str:
    """The source repository's address, from the installed metadata when it has one."""
    from importlib import metadata

    try:
        urls = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("repository", "source") and url.strip():
            return url.strip().rstrip("/")
    return DEFAULT_REPOSITORY


def rules_doc_url(rule_id: str | None = None) -> str:
    """The address of docs/rules.md in the repository, at the rule's anchor when one is given."""
    base = f"{repository_url()}/blob/main/docs/rules.md"
    return f"{base}#{rule_id}" if rule_id else base

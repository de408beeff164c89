"""The project's own register (sources/ and claims/ at the top of the checkout) is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.register.load import load_register, validate_register

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not ((ROOT / "sources").is_dir() and (ROOT / "claims").is_dir()), reason="no register in this checkout"
)


def test_every_entry_in_the_repository_validates() -> None:
    result = validate_register(ROOT)
    assert result.messages() == [], "\n" + "\n".join(result.messages())


def test_the_repository_register_has_no_drafts() -> None:
    """Drafts from `claimcheck sources add` are finished (findings filled in) before they are committed."""
    assert validate_register(ROOT).drafts == []


def test_every_claim_and_source_is_reachable() -> None:
    """Claims cite sources that exist; superseded sources name a current successor."""
    register = load_register(ROOT)
    for claim in register.claims.values():
        for source_id in claim.sources:
            assert source_id in register.sources, (claim.id, source_id)
    for source_id in register.sources:
        status = register.status(source_id)
        if status.state == "superseded":
            assert register.status(status.latest).state in ("current", "withdrawn"), (source_id, status)

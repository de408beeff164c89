"""Retired: which sources an article discusses is now the link stage's job (`claimcheck.link`).

The old names stay importable for callers not yet moved: `Resolution` is `claimcheck.link.Links`
(which keeps the old methods), `alias_index` builds the link index, `resolve` runs the link stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcheck.link import Links, Mention, link_document, source_years
from claimcheck.link import link_index as alias_index

if TYPE_CHECKING:
    from claimcheck.model import DocumentResult
    from claimcheck.register import Register

Resolution = Links

__all__ = ["Mention", "Resolution", "alias_index", "resolve", "source_years"]


def resolve(result: DocumentResult, register: Register, folded: str | None = None,
            limit: int | None = None) -> Links:
    """The document's links (the old entry point; `folded` and `limit` are no longer needed)."""
    return link_document(result, register)

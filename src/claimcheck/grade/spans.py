"""Claims by position: which claims of a document start inside a span, without scanning them all.

Grading asks "the other claims in this clause / sentence" once per claim; a scan of every claim each
time costs claims x claims on a claim-dense page. `starting_in` answers from a sorted index of the
claims' starts, built once per claims list (and again when the list changed length or was re-sorted;
lists are never edited in place otherwise: a stage that drops claims builds a new list).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimcheck.model import Claim

_INDEX: dict[int, tuple[list[Claim], list[Claim], list[int], list[int]]] = {}


def starting_in(claims: list[Claim], lo: int, hi: int) -> list[Claim]:
    """The claims whose start is in [lo, hi), in the list's order."""
    for _ in range(2):
        hit = _INDEX.get(id(claims))
        if hit is not None and hit[0] is claims and len(hit[1]) == len(claims):
            _, held, starts, order = hit
            picked = sorted(order[bisect_left(starts, lo):bisect_left(starts, hi)])
            # the list may have been re-sorted since it was indexed: then index it again
            if all(claims[i] is held[i] for i in picked):
                return [claims[i] for i in picked]
        _index(claims)
    return [c for c in claims if lo <= c.start < hi]  # pragma: no cover - indexed just above


def _index(claims: list[Claim]) -> None:
    if len(_INDEX) > 64:  # one entry per document being graded: never grows without bound
        _INDEX.clear()
    order = sorted(range(len(claims)), key=lambda i: claims[i].start)
    _INDEX[id(claims)] = (claims, list(claims), [claims[i].start for i in order], order)

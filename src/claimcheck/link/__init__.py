"""The link stage: which register entries a document discusses, where, and on what evidence.

    from claimcheck.link import link_document
    links = link_document(result, register)   # fills result.studies and each numeric claim's frame.study

runs between extract and grade (docs/seams.md §3). Signals, weights and the threshold are data
(link/data/signals.toml); generic names that never link alone are in link/data/generic.toml; the time
words that pick a guideline version are in link/data/versions.toml.
"""

from __future__ import annotations

from claimcheck.link.decide import link_document
from claimcheck.link.index import link_index, source_years
from claimcheck.link.links import Links, Mention

__all__ = ["Links", "Mention", "fill_matches", "link_document", "link_index", "source_years"]


def fill_matches(result: object, links: Links) -> None:
    """Give every claim the grader left without a match the study whose scope covers it (design.md: a
    claim about a linked study whose frame matches no finding keeps its source, has finding null, and
    stays unverified). An attribution the grader could not confirm ("NIH-funded") is still told of
    that study; its verdict stays unverified. A recurring claim matched on another source's evidence
    names the linked study when its own sentence names that study ("which the ACP defines as ..."); the
    evidence stays on the claim's issues."""
    from claimcheck.model import Match

    discussed = set(links.discussed())
    for claim in result.claims:  # type: ignore[attr-defined]
        if claim.match is not None and (claim.match.source in discussed or not claim.match.claim):
            continue
        found = links.for_span(claim.start, claim.end)
        if not found:
            continue
        if claim.match is None:
            claim.match = Match(source=found[0], finding=None, score=0.5)
        elif links.named_in(found[0], *links.sentence_at(claim.start, claim.end)):
            # A recurring claim matched on the evidence of a source the article does not discuss: the
            # claim is about the study its sentence is linked to; that evidence stays on its issues.
            claim.match = Match(source=found[0], finding=None, score=claim.match.score, claim=claim.match.claim)

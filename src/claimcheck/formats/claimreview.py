"""schema.org ClaimReview JSON-LD: one review per graded claim.

`appearance.url` is the article's URL (the one fetched, or the page's canonical link); a local
file without one gets no `url`, since a path on the checker's machine means nothing to a reader.
The reviewer (`author.url`) is claimcheck's project page. Ratings follow Science Feedback's scale
from -2 to +2: accurate 2, imprecise 1, overstated -1, outdated -1, inaccurate -2, with the verdict
word as the rating's `alternateName`. Unverified (and ungraded) claims have no rating and are left
out. The output is a JSON array of ClaimReview objects, each with its own `@context`, ready to
embed in a `<script type="application/ld+json">`.
"""

from __future__ import annotations

import json
from typing import Any

from claimcheck.formats import RenderOptions
from claimcheck.formats.sarif import INFORMATION_URI
from claimcheck.model import Claim, DocumentResult, Report

CONTEXT = "https://schema.org"
RATINGS = {"accurate": 2, "imprecise": 1, "overstated": -1, "outdated": -1, "inaccurate": -2}
BEST_RATING = 2
WORST_RATING = -2


def _author() -> dict[str, Any]:
    return {"@type": "Organization", "name": "claimcheck", "url": INFORMATION_URI}


def article_url(doc: Any) -> str | None:
    """Where the article is published: its URL or canonical link; never a local path (None then)."""
    for candidate in (doc.url, doc.input):
        if isinstance(candidate, str) and candidate.startswith(("https://", "http://")):
            return candidate
    return None


def _appearance(result: DocumentResult) -> dict[str, Any]:
    doc = result.document
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = article_url(doc)
    if url:
        work["url"] = url
    if doc.title:
        work["headline"] = doc.title
    if doc.author:
        work["author"] = {"name": doc.author}
    if doc.published:
        work["datePublished"] = doc.published
    return work


def claim_review(result: DocumentResult, claim: Claim) -> dict[str, Any] | None:
    """The ClaimReview of one claim, or None when its verdict carries no rating."""
    rating = RATINGS.get(claim.verdict or "")
    if rating is None:
        return None
    doc = result.document
    item: dict[str, Any] = {"@type": "Claim", "appearance": [_appearance(result)]}
    if doc.published:
        item["datePublished"] = doc.published
    if doc.author:
        item["author"] = {"name": doc.author}
    review_rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": rating,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": claim.verdict,
    }
    if claim.issues:
        review_rating["ratingExplanation"] = " ".join(
            issue.message if issue.message.endswith(".") else issue.message + "." for issue in claim.issues
        )
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": claim.sentence or claim.text,
        "itemReviewed": item,
        "reviewRating": review_rating,
        "author": _author(),
    }
    if doc.language:
        review["inLanguage"] = doc.language
    if claim.issues:
        review["keywords"] = ", ".join(dict.fromkeys(issue.rule for issue in claim.issues))
    return review


def build_reviews(report: Report) -> list[dict[str, Any]]:
    """Every ClaimReview of `report`, in document and claim order."""
    reviews = []
    for result in report.results:
        if result.document.error:
            continue
        for claim in sorted(result.claims, key=lambda c: (c.start, c.end)):
            review = claim_review(result, claim)
            if review is not None:
                reviews.append(review)
    return reviews


def render(report: Report, options: RenderOptions) -> str:
    """`report` as a JSON-LD array of ClaimReview objects."""
    return json.dumps(build_reviews(report), ensure_ascii=False, indent=2) + "\n"

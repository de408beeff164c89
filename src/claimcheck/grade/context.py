"""What the grader knows about one article while grading it, and small helpers over register entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck.grade.lexicon import message
from claimcheck.link import Links
from claimcheck.model import Claim, DocumentResult, Issue
from claimcheck.textfold import contains_phrase, fold

if TYPE_CHECKING:
    from claimcheck.register import Register

#: Severity of a claim issue by the verdict it leads to.
SEVERITY = {"inaccurate": "error", "outdated": "error", "overstated": "warning", "imprecise": "warning",
            "accurate": "info", "unverified": "info"}
#: Verdicts from mildest to worst, for keeping the worst when several rules fire.
ORDER = ["unverified", "accurate", "imprecise", "overstated", "outdated", "inaccurate"]


def text_in(value: Any, lang: str) -> str:
    """A bilingual text field in `lang`, falling back to the other language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    other = "en" if lang == "nl" else "nl"
    return getattr(value, lang, None) or getattr(value, other, None) or ""


def words_of(value: Any, lang: str | None = None) -> list[str]:
    """A bilingual word list, folded: `lang` first, then the other language."""
    if value is None:
        return []
    langs = [lang, "en" if lang == "nl" else "nl"] if lang else ["nl", "en"]
    out: list[str] = []
    for code in langs:
        out.extend(fold(w) for w in getattr(value, code, []) or [])
    return out


def has_any(folded: str, phrases: list[str]) -> bool:
    """Whether folded text holds any of the phrases as whole words."""
    return any(contains_phrase(folded, p) for p in phrases if p)


def label(source: Any) -> str:
    """A short name for a source in messages: 'Ashar et al. 2022 (JAMA Psychiatry)', 'NICE CG88 (2009)'."""
    if source.type == "guideline" or not source.authors:
        name = (source.aliases.en or source.aliases.nl or [source.title])[0]
        return f"{name} ({source.year})"
    first = source.authors[0].split()[0]
    journal = f", {source.journal}" if source.journal else ""
    return f"{first} et al. {source.year}{journal}"


def arm_label(arm: Any) -> str:
    """An arm's name without its dose detail: 'Pain Reprocessing Therapy'."""
    return str(arm.label).split(" (")[0].strip()


@dataclass(slots=True)
class Context:
    """One article being graded."""

    result: DocumentResult
    register: Register
    lang: str
    folded: str
    limit: int
    #: The document's links (claimcheck.link.Links); `resolution` is the old name of the same object.
    resolution: Links
    matched: dict[str, set[str]] = field(default_factory=dict)
    _levels: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def links(self) -> Links:
        """The document's links (docs/seams.md §3)."""
        return self.resolution

    def sentence_of(self, claim: Claim) -> tuple[int, int]:
        start = claim.sentence_start if claim.sentence_start is not None else claim.start
        end = claim.sentence_end if claim.sentence_end is not None else claim.end
        return start, end

    def folded_sentence(self, claim: Claim) -> str:
        start, end = self.sentence_of(claim)
        return self.folded[start:end]

    def level(self, claim: Claim) -> int:
        """The claim-strength level (0-3) of the claim's sentence."""
        key = self.sentence_of(claim)
        if key not in self._levels:
            from claimcheck.strength import classify

            # The classifier tells the sentence's own language: Dutch articles quote English.
            self._levels[key] = classify(claim.sentence or self.result.document.text[key[0]:key[1]]).level
        return self._levels[key]

    def source(self, source_id: str | None) -> Any:
        return self.register.sources.get(source_id) if source_id else None

    def note_match(self, source_id: str, finding_id: str | None) -> None:
        self.matched.setdefault(source_id, set())
        if finding_id:
            self.matched[source_id].add(finding_id)

    def issue(self, claim: Claim, rule: str, verdict: str, text_key: str | None = None,
              severity: str | None = None, source: Any = None, finding: Any = None, **fields: object) -> None:
        """Add an issue to `claim` and raise its verdict to `verdict` when that is worse."""
        locator = getattr(finding, "locator", None) or None
        fields.setdefault("where", f" ({locator})" if locator else "")
        if source is not None:
            fields.setdefault("src", label(source))
        from claimcheck.grade.lexicon import fix as fix_text

        claim.issues.append(Issue(
            rule=rule,
            severity=severity or SEVERITY[verdict],
            message=message(text_key or rule, self.lang, **fields),
            source=source.id if source is not None else None,
            finding=getattr(finding, "id", None),
            locator=locator,
            # what to write instead, from the message's `fix` template (a caller may set a sharper one)
            fix=fix_text(text_key or rule, self.lang, **fields),
        ))
        worsen(claim, verdict)


def worsen(claim: Claim, verdict: str) -> None:
    """Set the claim's verdict to `verdict` unless it already has a worse one."""
    current = claim.verdict or "unverified"
    if ORDER.index(verdict) > ORDER.index(current):
        claim.verdict = verdict

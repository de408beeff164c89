"""The value types that flow between the pipeline's stages.

ingest -> Document -> extract -> Claim/Citation -> match/grade -> Issue/Finding -> report.

Every stage reads and writes these; none of them imports a stage. `to_dict` methods produce the
JSON contract (version 1) described in the project's design notes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

CONTRACT_VERSION = 1

#: Claim kinds of the JSON contract.
CLAIM_KINDS = (
    "percentage",
    "count",
    "sample_size",
    "duration",
    "ratio",
    "range",
    "effect_size",
    "attribution",
    "strength",
)
NUMERIC_KINDS = frozenset(CLAIM_KINDS[:7])

#: Qualifiers for numbers.
QUALIFIERS = ("about", "nearly", "more_than", "less_than", "at_least", "at_most")

#: Verdicts, from best to worst; `unverified` means nothing could be said.
VERDICTS = ("accurate", "imprecise", "overstated", "inaccurate", "outdated", "unverified")

#: Severities, most severe first.
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 4}


class OffsetMap:
    """Maps character offsets in a document's text to 1-based (line, column) in the input file.

    Built from segments: each segment says that text offsets ``[doc_start, doc_start + length)``
    sit on source line ``line`` starting at column ``column``. Offsets between segments map to the
    end of the preceding one.
    """

    __slots__ = ("_segments", "_starts")

    def __init__(self, segments: list[tuple[int, int, int | None, int]]) -> None:
        """`segments` holds (doc_start, length, line, column) tuples sorted by doc_start.

        A segment whose line is None maps to an unknown position.
        """
        self._segments = segments
        self._starts = [s[0] for s in segments]

    @classmethod
    def identity(cls, text: str) -> OffsetMap:
        """A map for text that *is* the file: offset n is line/column of character n."""
        segments = []
        pos = 0
        for number, line in enumerate(text.split("\n"), start=1):
            segments.append((pos, len(line) + 1, number, 1))
            pos += len(line) + 1
        return cls(segments)

    @classmethod
    def from_lines(cls, lines: list[str], separator: int = 1) -> OffsetMap:
        """A map for text made by joining `lines` (each one source line, e.g. DOCX paragraphs)."""
        segments = []
        pos = 0
        for number, line in enumerate(lines, start=1):
            segments.append((pos, len(line) + separator, number, 1))
            pos += len(line) + separator
        return cls(segments)

    def position(self, offset: int) -> tuple[int | None, int | None]:
        """The (line, column) of `offset`, or (None, None) when it cannot be known."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None, None
        start, length, line, column = self._segments[i]
        if line is None:
            return None, None
        delta = offset - start
        if delta >= length:
            delta = max(length - 1, 0)
        return line, column + delta


@dataclass(slots=True)
class Link:
    """An outbound link of a document (HTML anchors, Markdown links)."""

    url: str
    text: str = ""
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Document:
    """One article, whatever it came from.

    `text` is what claims are found in; offsets of claims are offsets into it. For plain text it is
    the file's content exactly; for Markdown it is the file's content with non-prose (front matter,
    code, comments, markup) blanked out by spaces, so offsets are file offsets too.
    """

    input: str
    text: str
    language: str = "en"
    kind: str = "text"
    title: str | None = None
    author: str | None = None
    published: str | None = None
    #: Where `published` came from: front-matter, dateline, html-meta, option (--date) or none.
    published_from: str = "none"
    #: Notes on how the input was read, for the output ("the draft holds tracked changes ...").
    notes: list[str] = field(default_factory=list)
    url: str | None = None
    links: list[Link] = field(default_factory=list)
    offsets: OffsetMap | None = None
    source_text: str | None = None
    error: str | None = None
    #: Offset where reader comments begin (they are not the article's claims), when found.
    comments_start: int | None = None

    def position(self, offset: int) -> tuple[int | None, int | None]:
        """1-based (line, column) in the input file of a text offset, when known."""
        if self.offsets is None:
            return None, None
        return self.offsets.position(offset)


@dataclass(slots=True)
class Sentence:
    """A sentence of a document's text, by offsets."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Match:
    """The register entry a claim was matched to."""

    source: str | None
    finding: str | None = None
    score: float = 0.0
    claim: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "finding": self.finding, "score": round(self.score, 2)}
        if self.claim:
            data["claim"] = self.claim
        return data


@dataclass(slots=True)
class Issue:
    """A problem with one claim, found by one rule."""

    rule: str
    severity: str
    message: str
    source: str | None = None
    finding: str | None = None
    locator: str | None = None
    #: What to write instead, in the article's language (from the rule's `fix` template).
    fix: str | None = None
    #: The HealthNewsReview criteria the issue bears on (claimcheck.criteria), main one first.
    criteria: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        evidence: dict[str, Any] = {"source": self.source, "finding": self.finding}
        if self.locator:
            evidence["locator"] = self.locator
        data: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "message": self.message,
                                "evidence": evidence}
        if self.fix:
            data["fix"] = self.fix
        if self.criteria:
            data["criteria"] = list(self.criteria)
        return data


@dataclass(slots=True)
class Frame:
    """What a numeric claim is about, filled by extract from the claim's own clause (docs/seams.md).

    Every field is optional: None means the clause does not say. Concept ids come from
    `claimcheck/concepts/data/` (outcome, group, time, intervention).
    """

    #: The clause the frame was read from (offsets into the document's text).
    clause_start: int | None = None
    clause_end: int | None = None
    #: The group the number is of: the denominator phrase as written ("of all 151 participants",
    #: "van de deelnemers", "of those given PRT", "of them"), its size when stated or resolved from an
    #: earlier sentence, and its scope: "whole" (everyone in the study/sample), "arm" (one treatment
    #: group), "subgroup", "population" (people in general: "90% of back pain"), or None.
    group: str | None = None
    group_size: int | None = None
    group_scope: str | None = None
    #: The arm or intervention the number belongs to ("prt", "placebo", "usual-care", "acupuncture",
    #: "sham-acupuncture"): an intervention concept id, or the arm id of the linked study when known.
    arm: str | None = None
    #: The outcome concept ("pain-free", "improved", "recovered", "function", "pain-score",
    #: "recurrence", "prevalence", "participants", "sessions", ...).
    outcome: str | None = None
    #: The time point as written, normalised to weeks, and how it relates to the result:
    #: "at" (measured then), "within" (by then), "after" (from then on), "lasting" (for that long,
    #: or for good when weeks is None and relation is "lasting").
    timepoint: str | None = None
    timepoint_weeks: float | None = None
    timepoint_relation: str | None = None
    #: The comparator named in the clause ("placebo", "sham-acupuncture", "usual-care"), if any.
    comparator: str | None = None
    #: The register study the claim's sentence is linked to (filled by link, not extract).
    study: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group, "group_size": self.group_size, "group_scope": self.group_scope,
            "arm": self.arm, "outcome": self.outcome, "timepoint": self.timepoint,
            "timepoint_weeks": self.timepoint_weeks, "timepoint_relation": self.timepoint_relation,
            "comparator": self.comparator, "study": self.study,
        }


@dataclass(slots=True)
class Claim:
    """A checkable statement found in a document, at a span of its text."""

    id: str
    kind: str
    text: str
    start: int
    end: int
    sentence: str = ""
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    subject: str | None = None
    line: int | None = None
    column: int | None = None
    #: Extra structured detail, by kind: ranges have ``low``/``high``; ratios ``numerator``/
    #: ``denominator``; effect sizes ``measure``/``ci``/``p``; attributions ``type``/``name``;
    #: strength claims ``type``/``cue``.
    details: dict[str, Any] = field(default_factory=dict)
    sentence_start: int | None = None
    sentence_end: int | None = None
    match: Match | None = None
    verdict: str | None = None
    issues: list[Issue] = field(default_factory=list)
    #: The numeric claim's frame (None for attributions and strength claims).
    frame: Frame | None = None

    def to_dict(self, graded: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "sentence": self.sentence,
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "subject": self.subject,
        }
        if self.details:
            data["details"] = self.details
        if self.frame is not None:
            data["frame"] = self.frame.to_dict()
        if graded:
            data["match"] = self.match.to_dict() if self.match else None
            data["verdict"] = self.verdict
            data["issues"] = [i.to_dict() for i in self.issues]
        return data


@dataclass(slots=True)
class Citation:
    """An identifiable reference in a document: a DOI, PMID, PubMed/PMC or journal link."""

    text: str
    start: int | None = None
    end: int | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
            "start": self.start,
            "end": self.end,
            "source": self.source,
        }


@dataclass(slots=True)
class Finding:
    """An article-level finding: a missing caveat, no citation, conflicting evidence."""

    rule: str
    severity: str
    message: str
    source: str | None = None
    caveat: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    column: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    #: What to write or add, in the article's language.
    fix: str | None = None
    #: The HealthNewsReview criteria the finding bears on (claimcheck.criteria), main one first.
    criteria: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "source": self.source,
            "caveat": self.caveat,
            "message": self.message,
            "line": self.line,
        }
        if self.column is not None:
            data["column"] = self.column
        if self.start is not None:
            data["start"] = self.start
            data["end"] = self.end
        if self.details:
            data["details"] = self.details
        if self.fix:
            data["fix"] = self.fix
        if self.criteria:
            data["criteria"] = list(self.criteria)
        return data


@dataclass(slots=True)
class SourceGrade:
    """How a register source discussed or cited by an article stands."""

    id: str
    type: str
    evidence_level: int | None
    status: str
    cited: bool
    described_as: list[str] = field(default_factory=list)
    title: str | None = None
    superseded_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "type": self.type,
            "evidence_level": self.evidence_level,
            "status": self.status,
            "superseded_by": self.superseded_by,
            "cited": self.cited,
            "described_as": self.described_as,
        }


@dataclass(slots=True)
class Evidence:
    """One piece of evidence behind a study link: a signal and the span of text that carries it."""

    #: doi, pmid, pmcid, url, trial-name, intervention, author-year, journal-year, institution,
    #: number, population, topic, reference, ... (the signal names of link/data/signals.toml)
    signal: str
    text: str
    start: int | None = None
    end: int | None = None
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "text": self.text, "start": self.start, "end": self.end,
                "weight": round(self.weight, 2)}


@dataclass(slots=True)
class StudyLink:
    """A register entry the document discusses, the evidence for it, and where the link holds."""

    source: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    #: Spans (start, end) of the text the link holds for (paragraphs); empty means the whole document.
    scope: list[tuple[int, int]] = field(default_factory=list)
    #: True when a decisive identifier (DOI, PMID, PMCID, link to the paper or guideline) names it.
    cited: bool = False
    #: A short name for people: "Ashar et al. 2022 (JAMA Psychiatry)", "NICE NG59 (2016)".
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "score": round(self.score, 2), "cited": self.cited,
                "evidence": [e.to_dict() for e in self.evidence],
                "scope": [list(s) for s in self.scope]}


@dataclass(slots=True)
class DocumentResult:
    """Everything claimcheck says about one document."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: list[SourceGrade] = field(default_factory=list)
    suppressed: int = 0
    #: The register entries the document discusses (from link), best first.
    studies: list[StudyLink] = field(default_factory=list)

    def issues(self) -> list[tuple[Claim | None, Issue | Finding]]:
        """Every claim issue and article finding, in document order."""
        out: list[tuple[Claim | None, Issue | Finding]] = []
        for claim in self.claims:
            out.extend((claim, issue) for issue in claim.issues)
        out.extend((None, f) for f in self.findings)
        return out

    def worst_severity(self) -> str | None:
        ranks = [SEVERITY_RANK[i.severity] for _, i in self.issues()]
        if not ranks:
            return None
        best = max(ranks)
        return next(s for s, r in SEVERITY_RANK.items() if r == best)

    def to_dict(self, graded: bool = True) -> dict[str, Any]:
        doc = self.document
        data: dict[str, Any] = {
            "input": doc.input,
            "url": doc.url,
            "title": doc.title,
            "author": doc.author,
            "language": doc.language,
            "published": doc.published,
            "published_source": doc.published_from,
            "kind": doc.kind,
        }
        if doc.notes:
            data["notes"] = list(doc.notes)
        if doc.error:
            data["error"] = doc.error
        data["claims"] = [c.to_dict(graded=graded) for c in self.claims]
        data["citations"] = [c.to_dict() for c in self.citations]
        if graded:
            data["findings"] = [f.to_dict() for f in self.findings]
            data["sources"] = [s.to_dict() for s in self.sources]
            data["studies"] = [s.to_dict() for s in self.studies]
            data["suppressed"] = self.suppressed
        data["links"] = [link.to_dict() for link in doc.links]
        return data


@dataclass(slots=True)
class Report:
    """The result of one run over one or more documents."""

    results: list[DocumentResult] = field(default_factory=list)
    register_version: str | None = None
    graded: bool = True

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": CONTRACT_VERSION}
        if self.register_version:
            data["register"] = self.register_version
        data["documents"] = [r.to_dict(graded=self.graded) for r in self.results]
        return data

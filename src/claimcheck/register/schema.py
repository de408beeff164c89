"""The register's schema: pydantic v2 models of `sources/<id>.toml` and `claims/<id>.toml`.

These models check each entry's *structure*: field names (unknown fields are errors, which catches
typos), types, allowed values and the syntax of ids and identifiers. Rules that relate fields to each
other or to other files ("a number needs a locator", "finding.arm must name an arm", "supersedes must
name a known source") live in `claimcheck.register.checks`, which works on the raw TOML so that every
problem is found in one pass even when the structure is broken too.

The format is documented in docs/register-format.md. Validation is strict: TOML gives proper types,
so a quoted number or a quoted date is reported rather than silently converted.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from claimcheck.register.text import is_doi, normalize_doi

# Id and text patterns. In the models pydantic-core checks them itself (fast); claimcheck.register.load
# words their errors.
ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
OPTIONAL_ID_RE = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$"
FINDING_REF_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*#[a-z0-9]+(?:-[a-z0-9]+)*$"
TEXT_RE = r"\S"

ID_PATTERN = re.compile(ID_RE)
FINDING_REF_PATTERN = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)#([a-z0-9]+(?:-[a-z0-9]+)*)$")
PLACEHOLDERS = frozenset({"…", "...", "todo", "tbd", "xxx", "fixme"})

FINDING_KINDS = ("percentage", "count", "sample_size", "duration", "ratio", "effect_size", "mean")
CONFIDENCES = ("confirmed", "partly")
VERDICTS = ("accurate", "imprecise", "overstated", "inaccurate", "outdated", "unverified")
SEVERITIES = ("error", "warning", "info")
APPLIES = ("discussed", "cited", "findings")
VERBS = ("recommend", "consider", "do_not_offer", "no_recommendation")
REC_STRENGTHS = ("strong", "weak", "conditional", "")

Kind = Literal["percentage", "count", "sample_size", "duration", "ratio", "effect_size", "mean"]
Confidence = Literal["confirmed", "partly"]
Verdict = Literal["accurate", "imprecise", "overstated", "inaccurate", "outdated", "unverified"]
Severity = Literal["error", "warning", "info"]
Applies = Literal["discussed", "cited", "findings"]
Verb = Literal["recommend", "consider", "do_not_offer", "no_recommendation"]
RecStrength = Literal["strong", "weak", "conditional", ""]


class TypeInfo(NamedTuple):
    """What a source type supports, from `types.toml`."""

    evidence_level: int
    max_strength: int
    label: str


@cache
def source_types() -> dict[str, TypeInfo]:
    """The source types of `claimcheck/register/types.toml`: type → (evidence_level, max_strength, label)."""
    text = resources.files("claimcheck.register").joinpath("types.toml").read_text(encoding="utf-8")
    return {
        name: TypeInfo(int(row["evidence_level"]), int(row["max_strength"]), str(row.get("label", name)))
        for name, row in tomllib.loads(text).items()
    }


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("claimcheck", message)


def placeholder(value: str) -> bool:
    """Whether a string is a placeholder such as "…" or "TODO" rather than real text."""
    return value.strip().casefold() in PLACEHOLDERS


Id = Annotated[str, StringConstraints(pattern=ID_RE)]
OptionalId = Annotated[str, StringConstraints(pattern=OPTIONAL_ID_RE)]
# Non-blank text. Placeholders ("…", "TODO") are found by `checks.check_placeholders` on the raw entry.
Text = Annotated[str, StringConstraints(pattern=TEXT_RE)]
Word = Text
FindingRef = Annotated[str, StringConstraints(pattern=FINDING_REF_RE)]


class RegisterModel(BaseModel):
    """Base of every register model: strict types, no unknown fields, immutable once loaded."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LangText(RegisterModel):
    """A text in English and/or Dutch: ``{ en = "…", nl = "…" }``; at least one is present."""

    en: Text | None = None
    nl: Text | None = None

    @model_validator(mode="after")
    def _one_language(self) -> LangText:
        if self.en is None and self.nl is None:
            raise _fail('needs an en or nl text: { en = "…", nl = "…" }')
        return self

    def get(self, lang: str = "en") -> str:
        """The text in `lang`, falling back to the other language."""
        first, second = (self.nl, self.en) if lang == "nl" else (self.en, self.nl)
        return first or second or ""


class LangList(RegisterModel):
    """Word lists in English and/or Dutch: ``{ en = [...], nl = [...] }``."""

    en: list[Word] = Field(default_factory=list)
    nl: list[Word] = Field(default_factory=list)

    def all(self) -> list[str]:
        """Every word, English first."""
        return [*self.en, *self.nl]

    def __bool__(self) -> bool:
        return bool(self.en or self.nl)


class Identifiers(RegisterModel):
    """DOI, PubMed id, PubMed Central id and URLs of a source; all optional."""

    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    urls: list[str] = Field(default_factory=list)

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str) -> str:
        if value and (normalize_doi(value) != value.strip().casefold() or not is_doi(value.strip())):
            raise _fail(f"'{value}' is not a bare DOI: write it like '10.1001/jama.2021.1234'")
        return value

    @field_validator("pmid")
    @classmethod
    def _pmid(cls, value: str) -> str:
        if value and not value.isdigit():
            raise _fail(f"'{value}' is not a PubMed id: digits only, like '34586357'")
        return value

    @field_validator("pmcid")
    @classmethod
    def _pmcid(cls, value: str) -> str:
        if value and not re.fullmatch(r"PMC\d+", value):
            raise _fail(f"'{value}' is not a PubMed Central id: write it like 'PMC8482298'")
        return value

    @field_validator("urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
                raise _fail(f"'{url}' is not an http(s) URL")
        return value


class Aliases(RegisterModel):
    """Names an article may use for a source: English and Dutch names, journals, institutions."""

    en: list[Word] = Field(default_factory=list)
    nl: list[Word] = Field(default_factory=list)
    journal: list[Word] = Field(default_factory=list)
    institution: list[Word] = Field(default_factory=list)


class Population(RegisterModel):
    """Who was studied; `n` is the number randomised or included."""

    text: LangText | None = None
    n: Annotated[int, Field(ge=1)] | None = None
    locator: str = ""
    confidence: Confidence | None = None
    secondary_source: str = ""


class Arm(RegisterModel):
    """One arm (group) of a trial."""

    id: Id
    label: Text
    n: Annotated[int, Field(ge=1)] | None = None
    words: LangList = Field(default_factory=LangList)
    locator: str = ""
    confidence: Confidence | None = None
    secondary_source: str = ""


class Effect(RegisterModel):
    """An effect size with its confidence interval: ``{ measure = "SMD", value = -0.5, … }``."""

    measure: Word
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    p: Any = ""

    @field_validator("p")
    @classmethod
    def _p(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _fail('must be a number or a string like "<.001"')
        return value


class Finding(RegisterModel):
    """One number a source reports, with where in the paper it comes from."""

    id: Id
    kind: Kind
    measure: Text
    words: LangList = Field(default_factory=LangList)
    arm: OptionalId = ""
    comparator: str = ""
    value: float | None = None
    unit: str = ""
    numerator: Annotated[int, Field(ge=0)] | None = None
    denominator: Annotated[int, Field(ge=1)] | None = None
    low: float | None = None
    high: float | None = None
    timepoint: str = ""
    timepoint_weeks: Annotated[float, Field(ge=0)] | None = None
    #: The finding's frame (docs/seams.md): outcome concept id, and whose result it is ("arm", "whole",
    #: "population"). Empty means not stated; the grader then falls back to `words`.
    outcome: str = ""
    group: Literal["arm", "whole", "population", "subgroup", ""] = ""
    effect: Effect | None = None
    locator: str = ""
    confidence: Confidence | None = None
    secondary_source: str = ""
    note: LangText | None = None


class Caveat(RegisterModel):
    """What must be said when the source is cited, and the phrases that count as saying it."""

    id: Id
    text: LangText
    applies: Applies = "discussed"
    findings: list[Id] = Field(default_factory=list)
    phrases: LangList = Field(default_factory=LangList)
    severity: Severity = "warning"
    #: The findings (ids of this source) whose report owes this caveat (docs/seams.md §5).
    qualifies: list[Id] = Field(default_factory=list)
    #: Concept ids (concepts/data/caveat.toml, intervention.toml) that count as giving the caveat.
    concepts: list[Id] = Field(default_factory=list)
    #: What to add, a sentence a journalist could adapt.
    fix: LangText | None = None
    #: Intervention concept ids (concepts/data/intervention.toml) whose effect claims, attributed to
    #: the source, owe the caveat; empty means the arms of the qualified findings, else the source's names.
    about: list[Id] = Field(default_factory=list)
    #: Whether an effect or strength claim about the intervention attributed to the source owes the
    #: caveat (false for caveats about one measure, such as what 'pain-free' meant).
    effect_claims: bool = True
    #: Concept ids (caveat.toml, kind caveat-claim) of claims this caveat undercuts: when the article
    #: makes one ("proves", "for good", "works for everyone"), an info caveat is owed as a warning.
    undercut_by: list[Id] = Field(default_factory=list)
    #: Whether a number attributed to the source that matches none of its findings owes the caveat
    #: (a caveat such as "the paper gives no percentage; figures like 90% come from elsewhere").
    unmatched_numbers: bool = False

    @model_validator(mode="after")
    def _given_by(self) -> Caveat:
        if not self.phrases and not self.concepts:
            raise _fail("needs phrases or concepts: what counts as stating the caveat")
        return self


class ConflictOfInterest(RegisterModel):
    """A conflict of interest of the authors or funders."""

    text: LangText
    locator: str = ""
    confidence: Confidence | None = None
    secondary_source: str = ""


class Truth(RegisterModel):
    """What the register holds for a proposition's outcome and window (docs/register-format.md)."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    unit: str = ""
    time_weeks: Annotated[float, Field(ge=0)] | None = None
    #: Where the figures come from: source ids or source-id#finding-id.
    sources: list[str] = Field(default_factory=list)
    #: How a message says it ("in 1,172 primary-care patients it was 0.9%, 11 people (Henschke 2009)").
    text: LangText


class Proposition(RegisterModel):
    """A claim's meaning as slots (docs/seams.md §4): subject, relation, object, and a value in a window."""

    subject: Id
    relation: Id
    object: OptionalId = ""
    #: The condition the claim is about; it must be named in the sentence or the article.
    condition: OptionalId = ""
    outcome: OptionalId = ""
    value: float | None = None
    unit: str = ""
    #: How close a stated number must be to `value` to be the claim's own number (None: 10%, at least 1).
    tolerance: Annotated[float, Field(ge=0)] | None = None
    #: "less_than" / "more_than": the claim covers every value on that side of `value`.
    qualifier: Literal["less_than", "more_than", ""] = ""
    time_weeks: Annotated[float, Field(ge=0)] | None = None
    time_relation: Literal["at", "within", "after", "lasting", ""] = ""
    polarity: Literal["positive", "negative"] = "positive"
    #: Concept ids of which one must stand in the sentence's paragraph ("uk" for NICE's advice).
    requires: list[Id] = Field(default_factory=list)
    #: Concept ids that, in the sentence, make it a different claim ("sick-leave").
    excludes: list[Id] = Field(default_factory=list)
    #: The register's own figure for the same outcome and window, when it differs from `value`.
    truth: Truth | None = None

    @field_validator("subject", "object", "condition", "outcome", "relation")
    @classmethod
    def _concept(cls, value: str, info: Any) -> str:
        return _known_concept(value, relation=info.field_name == "relation")

    @field_validator("requires", "excludes")
    @classmethod
    def _concepts(cls, value: list[str]) -> list[str]:
        return [_known_concept(v) for v in value]


def _known_concept(value: str, relation: bool = False) -> str:
    """A concept id of `claimcheck/concepts/data/` (a relation id for `relation`), or an error."""
    if not value:
        return value
    from claimcheck import concepts

    found = concepts.concept(value)
    if found is None:
        raise _fail(f"unknown concept '{value}': add it to src/claimcheck/concepts/data/ or use a known id")
    if relation and found.kind != "relation":
        raise _fail(f"'{value}' is a {found.kind} concept, not a relation (concepts/data/relation.toml)")
    return value


class Recommendation(RegisterModel):
    """One recommendation of a guideline."""

    id: Id
    intervention: Text
    words: LangList = Field(default_factory=LangList)
    verb: Verb
    strength: RecStrength = ""
    text: LangText | None = None
    locator: str = ""
    confidence: Confidence | None = None
    secondary_source: str = ""
    propositions: list[Proposition] = Field(default_factory=list)


class Source(RegisterModel):
    """A study, review, guideline or press release: one file `sources/<id>.toml`."""

    id: Id
    type: str
    draft: bool = False
    title: Text
    citation: Text
    authors: list[Word] = Field(default_factory=list)
    journal: str = ""
    year: int
    published_online: dt.date | None = None
    published_print: dt.date | None = None
    institutions: list[Word] = Field(default_factory=list)
    retracted: bool = False
    supersedes: list[Id] = Field(default_factory=list)
    superseded_by: OptionalId = ""
    withdrawn: Any = ""
    provenance: Text
    identifiers: Identifiers = Field(default_factory=Identifiers)
    aliases: Aliases = Field(default_factory=Aliases)
    population: Population | None = None
    arms: list[Arm] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
    conflicts_of_interest: list[ConflictOfInterest] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    #: Words of the source's subject ("back pain", "rugpijn"). A source named only by a generic name
    #: (a journal, "Cochrane", "NICE") counts as discussed only in an article on this subject.
    topics: LangList = Field(default_factory=LangList)

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        types = source_types()
        if value not in types:
            raise _fail(f"unknown type '{value}'; known types: {', '.join(types)}")
        return value

    @field_validator("year")
    @classmethod
    def _year(cls, value: int) -> int:
        if not 1800 <= value <= dt.date.today().year + 1:
            raise _fail(f"{value} is not a plausible publication year")
        return value

    @field_validator("published_online", "published_print")
    @classmethod
    def _date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value > dt.date.today():
            raise _fail(f"{value.isoformat()} is in the future")
        return value

    @field_validator("withdrawn")
    @classmethod
    def _withdrawn(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
            raise _fail("must be a date like 2020-12-11 or a short note")
        if isinstance(value, dt.date) and value > dt.date.today():
            raise _fail(f"{value.isoformat()} is in the future")
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def evidence_level(self) -> int:
        """1 (guidelines, meta-analyses) … 6 (animal, in vitro), derived from `type`."""
        return source_types()[self.type].evidence_level

    @computed_field  # type: ignore[prop-decorator]
    @property
    def max_strength(self) -> int:
        """The strongest claim (0–3) the design supports, derived from `type`."""
        return source_types()[self.type].max_strength

    @property
    def type_label(self) -> str:
        """The type in words, e.g. "randomised controlled trial"."""
        return source_types()[self.type].label

    @cached_property
    def _findings_by_id(self) -> dict[str, Finding]:
        return {f.id: f for f in self.findings}

    @cached_property
    def _arms_by_id(self) -> dict[str, Arm]:
        return {a.id: a for a in self.arms}

    def finding(self, finding_id: str) -> Finding | None:
        """The finding with this id, or None."""
        return self._findings_by_id.get(finding_id)

    def arm(self, arm_id: str) -> Arm | None:
        """The arm with this id, or None."""
        return self._arms_by_id.get(arm_id)

    def caveat(self, caveat_id: str) -> Caveat | None:
        """The caveat with this id, or None."""
        return next((c for c in self.caveats if c.id == caveat_id), None)


class ClaimEntry(RegisterModel):
    """A recurring claim seen in health media: one file `claims/<id>.toml`."""

    id: Id
    topic: Text
    verdict: Verdict
    rule: OptionalId = ""
    value: float | None = None
    unit: str = ""
    wordings: LangList
    keywords: LangList = Field(default_factory=LangList)
    explanation: LangText
    sources: list[Id] = Field(default_factory=list)
    findings: list[FindingRef] = Field(default_factory=list)
    conflicting: bool = False
    #: The claim's meaning as slots; wordings stay as examples and tests.
    propositions: list[Proposition] = Field(default_factory=list)
    #: The frames the claim concerns, so the numeric grader and the matcher read a number one way.
    frames: dict[str, Any] = Field(default_factory=dict)

    @field_validator("wordings")
    @classmethod
    def _wordings(cls, value: LangList) -> LangList:
        if not value:
            raise _fail("needs at least one wording in en or nl")
        return value

    def finding_refs(self) -> list[tuple[str, str]]:
        """`findings` split into (source id, finding id) pairs."""
        return [tuple(ref.split("#", 1)) for ref in self.findings]  # type: ignore[misc]


#: Fields computed from others: setting them in a file is an error with its own message.
DERIVED_FIELDS = frozenset({"evidence_level", "max_strength"})

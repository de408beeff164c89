"""A draft register entry read from a source's text (an abstract, press release or key points).

The source is read with the article pipeline: its numbers, with their frames (group, outcome, time
point, arm), become findings; sample sizes told of one arm become arms, the whole sample the
population; the design comes from the source's wording (against.toml's `[[design]]` rows); the
conclusion's strength from the strength classifier. Every value's locator is the sentence it came
from. The entry is marked `draft = true`: a person reviews it before it is committed to `sources/`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimcheck.model import Claim, Document
from claimcheck.textfold import contains_phrase, fold

FINDING_KINDS = {"percentage", "count", "sample_size", "duration", "ratio", "effect_size"}
_SLUG = re.compile(r"[^a-z0-9]+")
_CONCLUSION = re.compile(r"^\s*(conclusions?|interpretation|conclusies?|conclusie|samenvatting)\s*[:.]", re.I)


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """against.toml as loaded."""
    return tomllib.loads(files("claimcheck.against").joinpath("data/against.toml").read_text("utf-8"))


def words(section: str, lang: str | None = None) -> list[str]:
    """Folded words of a section of against.toml, for one language or both."""
    table = data()[section]
    langs = [lang] if lang else ["en", "nl"]
    return [fold(w) for code in langs for w in table.get(code, [])]


def _future_spans(folded: str) -> list[tuple[int, int]]:
    """Stretches about research still to be done ("randomised trials are needed"): not the design.

    The stretch is the future cue and the 60 characters before it, within its sentence.
    """
    from claimcheck.extract.sentences import split_sentences
    from claimcheck.textfold import phrase_pattern

    table = data().get("future", {})
    cues = [fold(w) for w in table.get("en", []) + table.get("nl", [])]
    spans = []
    for sentence in split_sentences(folded):
        for cue in cues:
            for m in phrase_pattern(cue).finditer(sentence.text):
                start = sentence.start + max(0, m.start() - 60)
                spans.append((start, sentence.start + m.end()))
    return spans


def design_of(text: str) -> tuple[str, str | None]:
    """(register type, the words that decided it) from a source's wording.

    The design named first wins (a title or objective says what the study is). An animal or
    laboratory design (rows marked `wins_anywhere`) wins wherever it is named, unless the first design
    named is about people (its sentence names adults, patients, people ...): "151 adults were
    randomised ... earlier work in mice" is a trial in people. Sentences about research still needed
    are skipped.
    """
    from claimcheck.extract.sentences import split_sentences
    from claimcheck.textfold import phrase_pattern

    folded = fold(text)
    future = _future_spans(folded)
    sentences = [(x.start, x.end) for x in split_sentences(folded)]
    human = words("human", None)
    first: tuple[int, str, str] | None = None
    animal: tuple[int, str, str] | None = None
    for row in data()["design"]:
        for code in ("en", "nl"):
            for word in row.get(code, []):
                m = next((m for m in phrase_pattern(word).finditer(folded)
                          if not any(a <= m.start() < b for a, b in future)), None)
                if m is None:
                    continue
                hit = (m.start(), row["type"], word)
                if row.get("wins_anywhere"):
                    animal = hit if animal is None or hit < animal else animal
                elif first is None or hit < first:
                    first = hit
    if animal is not None and first is not None:
        a, b = next(((a, b) for a, b in sentences if a <= first[0] < b), (first[0], first[0] + 200))
        about_people = any(contains_phrase(folded[a:b], w) for w in human)
        chosen = first if about_people else animal
    else:
        chosen = animal or first
    if chosen is None:
        return data()["default_type"], None
    return chosen[1], chosen[2]


@dataclass(slots=True)
class DraftEntry:
    """A source read into a register entry: the TOML table, its design and its conclusion's strength."""

    table: dict[str, Any]
    design_cue: str | None = None
    conclusion: str = ""
    conclusion_level: int = 0
    sentences: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.table["id"])

    @property
    def type(self) -> str:
        return str(self.table["type"])


def design_label(kind: str, lang: str) -> str:
    """A design's name in `lang` ("cohort study", "cohortstudie")."""
    named = data().get("design_labels", {}).get(lang, {})
    if kind in named:
        return str(named[kind])
    from claimcheck.register.schema import source_types

    info = source_types().get(kind)
    return info.label if info else kind.replace("_", " ")


def slug(text: str, limit: int = 40) -> str:
    """A register id fragment from free text."""
    value = _SLUG.sub("-", fold(text)).strip("-")[:limit].strip("-")
    return value or "source"


def _locator(index: int, sentence: str) -> str:
    text = " ".join(sentence.split())
    return f"sentence {index}: {text[:240]}{'…' if len(text) > 240 else ''}"


def _group(claim: Claim) -> str:
    frame = claim.frame
    scope = frame.group_scope if frame else None
    return scope if scope in ("arm", "whole", "population", "subgroup") else ""


_LEADING = re.compile(r"^(?:of|in|among|for|van|bij|onder|in)?\s*(?:the|those|a|an|de|het|een)?\s*", re.I)


def arm_id(claim: Claim, lang: str = "en") -> str | None:
    """The arm a number of the source belongs to: the frame's intervention, else its group phrase
    ("41% of the walking group" -> "walking-group") when the frame says the group is one arm."""
    frame = claim.frame
    if frame is None:
        return None
    if frame.arm and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", frame.arm):
        return frame.arm
    if frame.group_scope == "arm" and frame.group:
        from claimcheck import concepts

        phrase = frame.group
        named = concepts.find(phrase, lang, {"intervention"})
        if not named:  # a Dutch compound: "fysiotherapiegroep" is the group of "fysiotherapie"
            heads = tuple(data().get("group_heads", []))
            bare = " ".join(w[: -len(h)] if h and w.endswith(h) and len(w) > len(h) + 3 else w
                            for w in phrase.split() for h in [next((h for h in heads if w.endswith(h)), "")])
            named = concepts.find(bare, lang, {"intervention"})
        if named:  # -> the intervention concept the article's frames use too
            return named[0].concept
        phrase = _LEADING.sub("", frame.group.strip())
        value = slug(phrase, 30)
        return value if value != "source" else None
    return None


def _finding(n: int, claim: Claim, sentence_no: int, lang: str) -> dict[str, Any] | None:
    if claim.kind not in FINDING_KINDS:
        return None
    frame = claim.frame
    row: dict[str, Any] = {
        "id": f"f{n}",
        "kind": claim.kind,
        "measure": " ".join(claim.sentence.split())[:200] or claim.text,
    }
    if claim.kind == "effect_size":
        details = claim.details or {}
        if claim.value is None:
            return None
        effect: dict[str, Any] = {"measure": str(details.get("measure") or "effect"), "value": float(claim.value)}
        ci = details.get("ci")
        if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(isinstance(v, (int, float)) for v in ci):
            effect["ci_low"], effect["ci_high"] = float(ci[0]), float(ci[1])
        row["effect"] = effect
        row["value"] = float(claim.value)
    elif claim.value is not None:
        row["value"] = float(claim.value)
    else:
        return None
    if claim.unit:
        row["unit"] = claim.unit
    if claim.kind == "ratio":
        num, den = (claim.details or {}).get("numerator"), (claim.details or {}).get("denominator")
        if isinstance(num, (int, float)) and isinstance(den, (int, float)) and den >= 1 and num >= 0:
            row["numerator"], row["denominator"] = int(num), int(den)
    if frame is not None:
        arm = arm_id(claim, lang)
        if arm:
            row["arm"] = arm
        if frame.outcome:
            row["outcome"] = frame.outcome
        group = _group(claim)
        if group:
            row["group"] = group
        if frame.timepoint:
            row["timepoint"] = frame.timepoint
        if frame.timepoint_weeks is not None:
            row["timepoint_weeks"] = float(frame.timepoint_weeks)
        if frame.comparator:
            row["comparator"] = frame.comparator
        if frame.outcome:
            row["words"] = {lang: [frame.outcome.replace("-", " ")]}
    row["locator"] = _locator(sentence_no, claim.sentence)
    row["confidence"] = "confirmed"
    return row


def _arms_and_population(claims: list[Claim], sentence_no: dict[int, int],
                         lang: str = "en") -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    arms: dict[str, dict[str, Any]] = {}
    population: dict[str, Any] | None = None
    for claim in claims:
        if claim.kind != "sample_size" or claim.value is None or claim.value < 1:
            continue
        frame = claim.frame
        n = int(claim.value)
        where = _locator(sentence_no.get(claim.sentence_start or claim.start, 0), claim.sentence)
        arm = arm_id(claim, lang)
        if arm and (frame is None or frame.group_scope in (None, "arm")):
            if arm not in arms:
                arms[arm] = {"id": arm, "label": arm.replace("-", " "), "n": n, "locator": where,
                             "confidence": "confirmed"}
        elif population is None or n > int(population["n"]):
            population = {"n": n, "locator": where, "confidence": "confirmed"}
    return list(arms.values()), population


def _conclusion(sentences: list[tuple[int, int, str]], lang: str) -> tuple[str, int]:
    from claimcheck.strength import classify

    if not sentences:
        return "", 0
    chosen = next((s for s in sentences if _CONCLUSION.match(s[2])), None)
    if chosen is None:
        # no labelled conclusion: the strongest claim the source itself makes
        chosen = max(sentences, key=lambda s: classify(s[2], lang).level)
    return chosen[2].strip(), classify(chosen[2], lang).level


def draft_entry(doc: Document, claims: list[Claim], sentences: list[tuple[int, int, str]],
                spec: str, record: Any = None, today: dt.date | None = None) -> DraftEntry:
    """The draft register entry of a source document (its claims already extracted, with frames)."""
    lang = doc.language or "en"
    today = today or dt.date.today()
    kind, cue = design_of(doc.text)
    title = (getattr(record, "title", "") or doc.title or spec).strip()
    year = getattr(record, "year", None) or (int(doc.published[:4]) if doc.published else today.year)
    sentence_no = {start: i for i, (start, _, _) in enumerate(sentences, start=1)}
    findings = []
    for claim in claims:
        row = _finding(len(findings) + 1, claim, sentence_no.get(claim.sentence_start or claim.start, 0), lang)
        if row is not None:
            findings.append(row)
    arms, population = _arms_and_population(claims, sentence_no, lang)
    named = {a["id"] for a in arms}
    for row in findings:
        if row.get("arm") and row["arm"] not in named:
            named.add(row["arm"])
            arms.append({"id": row["arm"], "label": row["arm"].replace("-", " "), "locator": row["locator"],
                         "confidence": "confirmed"})
    author = getattr(record, "first_author", "")
    journal = getattr(record, "journal", "")
    citation = ", ".join(p for p in (f"{author} et al." if author else "", journal, str(year)) if p) or title
    table: dict[str, Any] = {
        "id": f"against-{slug(title)}",
        "type": kind,
        "draft": True,
        "title": title,
        "citation": citation,
        "year": int(year),
        "provenance": (f"draft read by claimcheck from {spec} on {today.isoformat()}; every value's locator "
                       "is the sentence of the source it came from; review each against the source before "
                       "committing this entry and removing draft = true"),
    }
    if journal:
        table["journal"] = journal
    identifiers: dict[str, Any] = {}
    if getattr(record, "doi", ""):
        identifiers["doi"] = record.doi
    if getattr(record, "pmid", ""):
        identifiers["pmid"] = record.pmid
    if doc.url and doc.url.startswith("http"):
        identifiers["urls"] = [doc.url]
    if identifiers:
        table["identifiers"] = identifiers
    if population:
        table["population"] = population
    if arms:
        table["arms"] = arms
    if findings:
        table["findings"] = findings
    conclusion, level = _conclusion(sentences, lang)
    return DraftEntry(table=table, design_cue=cue, conclusion=conclusion, conclusion_level=level,
                      sentences=sentences)


def to_toml(entry: DraftEntry) -> str:
    """The draft as a `sources/` TOML file, with a header saying how it was read."""
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment("DRAFT read by `claimcheck sources draft` from the source's own text."))
    doc.add(tomlkit.comment(f"Design: {entry.type}" + (f" (from the words \"{entry.design_cue}\")" if entry.design_cue
                                                        else " (no design words found: the default)")))
    if entry.conclusion:
        doc.add(tomlkit.comment(f"Conclusion (strength {entry.conclusion_level} of 3): {entry.conclusion[:200]}"))
    doc.add(tomlkit.comment("Check every value against the source, then remove draft = true before committing."))
    doc.add(tomlkit.nl())
    for key, value in entry.table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            aot = tomlkit.aot()
            for row in value:
                aot.append(tomlkit.item(row))
            doc[key] = aot
        else:
            doc[key] = value
    return tomlkit.dumps(doc)


def to_source(entry: DraftEntry) -> Any:
    """The draft as a validated register `Source` (pydantic); ValueError naming the field when invalid."""
    from pydantic import ValidationError

    from claimcheck.register.schema import Source

    try:
        return Source.model_validate(entry.table)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ValueError(f"{where}: {first.get('msg')}") from exc

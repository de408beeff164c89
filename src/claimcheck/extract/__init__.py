"""Claim extraction, Dutch and English.

    from claimcheck.extract import extract
    ex = extract(doc)            # doc: claimcheck.model.Document
    ex.claims, ex.citations, ex.sentences

Claims are numbers with what they count (percentages, counts, sample sizes, durations, ratios,
ranges, effect sizes), attributions (journals, institutions, guideline bodies, citations,
"according to", "published in") and strength cues (hype, certainty, permanence, animal studies).
Every claim's span is exact: ``doc.text[c.start:c.end] == c.text``. `extract` never raises and
never looks at the register. Word lists live in `claimcheck/extract/data/*.toml`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from claimcheck.extract.attributions import find_attributions
from claimcheck.extract.candidate import Candidate
from claimcheck.extract.citations import find_citations
from claimcheck.extract.context import DocContext
from claimcheck.extract.effects import find_effects
from claimcheck.extract.exclusions import SpanIndex, blocked_spans
from claimcheck.extract.frame import fill_frames
from claimcheck.extract.lexicon import lang_of
from claimcheck.extract.numeric import scan_sentence
from claimcheck.extract.rules import RULES
from claimcheck.extract.sentences import sentence_languages, split_sentences
from claimcheck.extract.strength import find_strength
from claimcheck.model import Citation, Claim, Document, Sentence

__all__ = ["RULES", "Extraction", "extract", "extract_text"]

_KIND_ORDER = {k: i for i, k in enumerate(
    ("percentage", "count", "sample_size", "duration", "ratio", "range", "effect_size", "attribution", "strength"))}


@dataclass(slots=True)
class Extraction:
    """What `extract` found in one document."""

    claims: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    #: claim id -> ids of the rules that shaped it (the finding rule first)
    rules: dict[str, list[str]] = field(default_factory=dict)
    #: numbers skipped on purpose: (exclusion rule id, start, end)
    suppressed: list[tuple[str, int, int]] = field(default_factory=list)
    #: internal failures survived (a stage that raised is skipped; extraction goes on)
    errors: list[str] = field(default_factory=list)


_REFERENCE_LINE = re.compile(
    r"(?m)^[ \t]*(?:\d{1,3}\.[ \t]+|\[\d{1,3}\][ \t]*|[•\-*][ \t]*)?"
    r"(?:[A-Z][\w'’-]+(?:[ \t]+[A-Z]{1,3},|,[ \t]+(?:[A-Z]\.[ \t]?)+)|doi|PMID)[^\n]*")
_YEARISH = re.compile(r"(?<![\w])(?:19|20)\d{2}(?![\w])")


def _reference_lines(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Lines that look like entries of a reference list (author list start plus an identifier or year)."""
    out: list[tuple[str, int, int]] = []
    for m in _REFERENCE_LINE.finditer(text):
        s, e = m.span()
        has_mark = any(a < e and s < b for a, b in marks)
        if has_mark or (_YEARISH.search(m.group(0)) and m.group(0).count(",") >= 2):
            out.append(("not-reference-numbers", s, e))
    return out


def extract(doc: Document) -> Extraction:
    """Find the claims, citations and sentences of `doc`. Never raises."""
    text = doc.text if isinstance(doc.text, str) else ""
    ex = Extraction()
    try:
        _run(doc, text, lang_of(doc.language), ex)
    except Exception as exc:  # a bug must never stop a run over many articles
        ex.errors.append(f"extract: {type(exc).__name__}: {exc}")
    return ex


def extract_text(text: str, language: str = "en") -> Extraction:
    """`extract` on a bare string (a Document without a file behind it)."""
    return extract(Document(input="<text>", text=text, language=language))


def _stage(ex: Extraction, name: str, default, fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except Exception as exc:
        ex.errors.append(f"{name}: {type(exc).__name__}: {exc}")
        return default


def _run(doc: Document, text: str, lang: str, ex: Extraction) -> None:
    ctx = DocContext(text)
    ex.sentences = _stage(ex, "sentences", [Sentence(0, len(text), text)] if text.strip() else [],
                          split_sentences, text)
    spans = _stage(ex, "exclusions", [], blocked_spans, text, ctx.folded)
    ex.citations = _stage(ex, "citations", [], find_citations, text, list(doc.links or []),
                          ctx.folded)
    attributions: list[Candidate] = _stage(ex, "attributions", [], find_attributions, text, ctx.folded)

    marks = [(c.start, c.end) for c in ex.citations if c.start is not None and c.end is not None]
    marks += [(a.start, a.end) for a in attributions if a.rule in ("attr-bibliographic", "attr-author-year")]
    spans = spans + [("not-reference-numbers", s, e) for s, e in marks]
    spans += _stage(ex, "references", [], _reference_lines, text, marks)
    index = SpanIndex(spans)
    pub_spans = [(a.start, a.end) for a in attributions if a.rule == "attr-published-in"]

    effects = _stage(ex, "effects", [], find_effects, text, ctx.folded)
    effects = [c for c in effects if index.hit(c.start, c.end) is None]
    effect_starts = [c.start for c in effects]
    numeric: list[Candidate] = list(effects)
    for sent, s_lang in zip(ex.sentences, sentence_languages(ctx, ex.sentences, lang), strict=True):
        i, j = bisect_left(effect_starts, sent.start), bisect_left(effect_starts, sent.end)
        consumed = [(c.start, c.end) for c in effects[i:j]] + pub_spans
        numeric.extend(_stage(ex, "numeric", [], scan_sentence, ctx, sent.start, sent.end, s_lang, index,
                              consumed, ex.suppressed))
    durations = [c for c in numeric if c.kind == "duration"]
    strength = _stage(ex, "strength", [], find_strength, text, durations, ctx.folded)
    _finish(doc, text, ex, numeric + attributions + strength)
    _stage(ex, "frames", None, fill_frames, text, lang, ex.claims, ex.sentences)


def _finish(doc: Document, text: str, ex: Extraction, cands: list[Candidate]) -> None:
    cands = [c for c in cands if 0 <= c.start < c.end <= len(text)]
    cands.sort(key=lambda c: (c.start, c.end, _KIND_ORDER.get(c.kind, 99)))
    starts = [s.start for s in ex.sentences]
    for n, c in enumerate(cands, start=1):
        cid = f"c{n}"
        line, column = doc.position(c.start)
        claim = Claim(id=cid, kind=c.kind, text=text[c.start:c.end], start=c.start, end=c.end, value=c.value,
                      unit=c.unit, qualifier=c.qualifier, subject=c.subject, line=line, column=column,
                      details=dict(c.details))
        i = bisect_right(starts, c.start) - 1
        if i >= 0:
            j = i
            while j + 1 < len(ex.sentences) and ex.sentences[j].end < c.end and ex.sentences[j + 1].start < c.end:
                j += 1
            claim.sentence_start, claim.sentence_end = ex.sentences[i].start, ex.sentences[j].end
            claim.sentence = text[claim.sentence_start:claim.sentence_end]
        ex.claims.append(claim)
        ex.rules[cid] = list(dict.fromkeys(c.rules))

"""The three exaggerations press coverage adds to its source (Sumner et al., BMJ 2014).

Checked for an article graded `--against` a source, sentence by sentence:

- advice the source does not give (`unsupported-advice`): the article tells readers what to do and
  the source has no advice, or none on that subject;
- causal claims from correlational designs (`causal-overreach`): a cohort, case-control or
  cross-sectional source, and an article sentence that states cause;
- animal or cell findings told as human ones (`animal-to-human`): an animal or in-vitro source, and
  an article sentence that claims an effect in people without saying it was found in animals.

Each finding quotes the source sentence it rests on. The words are data (against.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcheck.against.draft import DraftEntry, design_label, words
from claimcheck.grade.lexicon import fix, message
from claimcheck.model import DocumentResult, Finding, Sentence
from claimcheck.textfold import contains_phrase, fold

if TYPE_CHECKING:
    from collections.abc import Iterable

#: A source of one of these designs cannot show cause.
CORRELATIONAL = frozenset({"cohort", "case_control", "cross_sectional", "case_series"})
#: How alike (rapidfuzz token_set_ratio, 0-100) an article's advice and a source's must be to be one.
SAME_ADVICE = 55


def _has(folded: str, phrases: Iterable[str]) -> str | None:
    return next((p for p in phrases if contains_phrase(folded, p)), None)


def _quote(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_advice(sentence: str, lang: str) -> bool:
    """Whether a sentence tells readers (people, patients, you) what to do."""
    folded = fold(sentence)
    return bool(_has(folded, words("advice", lang)) and _has(folded, words("human", lang)))


def _advice_in_source(entry: DraftEntry, lang: str) -> list[str]:
    return [s for _, _, s in entry.sentences if _has(fold(s), words("advice", lang) + words("advice", None))]


def _finding(rule: str, key: str, sentence: Sentence, lang: str, source: str, **fields: str) -> Finding:
    """A finding of `rule` at `sentence`, worded by the messages entry `key` (grade/data/messages/against.toml)."""
    return Finding(rule=rule, severity="warning", message=message(key, lang, **fields), source=source,
                   start=sentence.start, end=sentence.end, fix=fix(key, lang, **fields),
                   details={"source_sentence": fields.get("quote", ""), "against": True})


def exaggerations(result: DocumentResult, entry: DraftEntry, sentences: list[Sentence],
                  source_lang: str) -> list[Finding]:
    """The Sumner exaggerations of `result`'s article against the source read into `entry`."""
    from rapidfuzz import fuzz

    from claimcheck.strength import classify

    lang = result.document.language or "en"
    out: list[Finding] = []
    flagged = {(c.sentence_start, i.rule) for c in result.claims for i in c.issues}
    source_advice = _advice_in_source(entry, source_lang)
    design = entry.type
    conclusion = _quote(entry.conclusion or (entry.sentences[-1][2] if entry.sentences else ""))
    animal_words = words("animal_words", None)
    for sentence in sentences:
        text = sentence.text
        folded = fold(text)
        if is_advice(text, lang):
            best = max((fuzz.token_set_ratio(folded, fold(s)) for s in source_advice), default=0)
            if best < SAME_ADVICE:
                key = "against-other-advice" if source_advice else "against-no-advice"
                out.append(_finding("unsupported-advice", key, sentence, lang, entry.id, stated=_quote(text, 120),
                                    quote=_quote(source_advice[0]) if source_advice else conclusion,
                                    design=design_label(design, lang)))
                continue
        if design not in CORRELATIONAL and design != "animal":
            continue
        level = classify(text, lang).level  # only where the design limits what may be claimed
        if design in CORRELATIONAL and level >= 3 and (sentence.start, "causal-overreach") not in flagged:
            out.append(_finding("causal-overreach", "against-causal", sentence, lang, entry.id,
                                stated=_quote(text, 120), quote=conclusion, design=design_label(design, lang)))
            continue
        if design == "animal" and level >= 2 and _has(folded, words("human", lang)) \
                and not _has(folded, animal_words) and (sentence.start, "animal-to-human") not in flagged:
            out.append(_finding("animal-to-human", "against-animal", sentence, lang, entry.id,
                                stated=_quote(text, 120), quote=conclusion, design=design_label(design, lang)))
    return out

"""`claimcheck compare A B`: where A claims more than B, and where less, sentence by sentence.

Every sentence of A is paired with the sentence of B it is most about (rapidfuzz over folded words);
the pair is compared on the one strength scale of `claimcheck strength` (0 nothing, 1 correlational,
2 hedged causal, 3 causal), on certainty (B hedges, A does not) and on generalisation (B says animals
or cells, A does not). A sentence of A that pairs with nothing in B is reported as unmatched, with
its own level, so the comparison loses nothing the classifier says about A.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimcheck.against.draft import words
from claimcheck.textfold import contains_phrase, fold

#: Below this similarity (0-100, rapidfuzz token_set_ratio) two sentences are not about one thing.
PAIRED = 60


@dataclass(slots=True)
class Pair:
    """One sentence of A, its counterpart in B (or None), and how they differ."""

    a: str
    a_start: int
    a_level: int
    b: str | None = None
    b_level: int | None = None
    similarity: float = 0.0
    #: "more" (A claims more), "less", "same" or "unmatched"
    direction: str = "unmatched"
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "a_start": self.a_start, "a_level": self.a_level, "b": self.b, "b_level": self.b_level,
                "similarity": round(self.similarity, 1), "direction": self.direction, "reasons": self.reasons}


def _any(folded: str, phrases: list[str]) -> bool:
    return any(contains_phrase(folded, p) for p in phrases)


def _sentences(text: str) -> list[tuple[int, str]]:
    from claimcheck.extract.sentences import split_sentences

    return [(s.start, s.text) for s in split_sentences(text) if any(ch.isalpha() for ch in s.text)]


def compare_texts(a_text: str, b_text: str, a_lang: str = "en", b_lang: str = "en") -> list[Pair]:
    """Pair every sentence of A with B's closest one and say which claims more."""
    from rapidfuzz import fuzz, process

    from claimcheck.strength import classify

    b_sents = _sentences(b_text)
    b_folded = [fold(s) for _, s in b_sents]
    b_levels = [classify(s, b_lang).level for _, s in b_sents]
    hedges_a, hedges_b = words("hedges", a_lang), words("hedges", b_lang)
    animal = words("animal_words", None)
    out: list[Pair] = []
    for start, sentence in _sentences(a_text):
        level = classify(sentence, a_lang).level
        pair = Pair(a=sentence.strip(), a_start=start, a_level=level)
        folded = fold(sentence)
        best = process.extractOne(folded, b_folded, scorer=fuzz.token_set_ratio) if b_folded else None
        if best is not None and best[1] >= PAIRED:
            _, score, i = best
            pair.b, pair.b_level, pair.similarity = b_sents[i][1].strip(), b_levels[i], float(score)
            reasons_more, reasons_less = [], []
            if level > b_levels[i]:
                reasons_more.append(f"strength {level} against {b_levels[i]}")
            elif level < b_levels[i]:
                reasons_less.append(f"strength {level} against {b_levels[i]}")
            a_hedged, b_hedged = _any(folded, hedges_a), _any(b_folded[i], hedges_b)
            if b_hedged and not a_hedged:
                reasons_more.append("drops the source's hedge")
            elif a_hedged and not b_hedged:
                reasons_less.append("adds a hedge")
            if _any(b_folded[i], animal) and not _any(folded, animal):
                reasons_more.append("drops that the finding is in animals or cells")
            if reasons_more and not reasons_less:
                pair.direction, pair.reasons = "more", reasons_more
            elif reasons_less and not reasons_more:
                pair.direction, pair.reasons = "less", reasons_less
            elif reasons_more:
                pair.direction, pair.reasons = ("more" if level >= b_levels[i] else "less"), reasons_more + reasons_less
            else:
                pair.direction = "same"
        out.append(pair)
    return out


def render_text(pairs: list[Pair], a_name: str, b_name: str) -> str:
    """The comparison for people: one block per sentence of A that differs or pairs with nothing."""
    lines = [f"compare {a_name} against {b_name}"]
    more = sum(p.direction == "more" for p in pairs)
    less = sum(p.direction == "less" for p in pairs)
    for p in pairs:
        if p.direction == "same":
            continue
        if p.direction == "unmatched":
            if p.a_level:
                lines.append(f"  ? [{p.a_level}] {p.a}\n      no counterpart in {b_name}")
            continue
        mark = "▲ claims more" if p.direction == "more" else "▼ claims less"
        lines.append(f"  {mark} ({'; '.join(p.reasons)})\n      A [{p.a_level}] {p.a}\n      B [{p.b_level}] {p.b}")
    lines.append(f"{len(pairs)} sentences of A: {more} claim more than B, {less} claim less")
    return "\n".join(lines) + "\n"

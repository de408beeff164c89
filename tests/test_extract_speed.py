"""The extractor's shortcuts give the same answers as the long way round.

Extraction tries word-list patterns only where one of their phrases can start (`Finder` anchors and
the per-document `Vocab`), guesses a sentence's language without counting stop words when the
document has too few of the other language's, and skips sentences with nothing numeric in them.
Each shortcut is checked here against the plain computation on every text the test suite has.
"""

from __future__ import annotations

import copy
import gc
import tomllib
from functools import cache
from pathlib import Path

import pytest

from claimcheck.extract import attributions, citations, effects, exclusions, extract_text, numbers, numeric, strength
from claimcheck.extract.context import DocContext
from claimcheck.extract.exclusions import SpanIndex
from claimcheck.extract.lexicon import Finder, Vocab, fold, vocab_of
from claimcheck.extract.numeric import SentenceScanner, scan_sentence
from claimcheck.extract.sentences import sentence_language, sentence_languages, split_sentences

HERE = Path(__file__).parent
SEEDS = HERE.parent.parent / "shared" / "seeds"

_EXTRA = [
    "In the rat model, 12 per 100.000 inwoners got it in May 2021 (p. 12, nr. 5) via www.example.nl.",
    "Volgens het RIVM krijgt 1 op de 10 mensen per jaar rugpijn; de helft daarvan is na een jaar hersteld.",
    "Published in The Lancet on 3 March 2020: twenty-five of them were pain-free for good, twice as many.",
    "Leestijd: 4 min. · Postbus 123 · om 10 uur · Reading time: 5 minutes · 6-minute read",
]


@cache
def _texts() -> tuple[tuple[str, str], ...]:
    """(language, text) of every paragraph, article and seed the tests know, and a few mixed ones."""
    out: list[tuple[str, str]] = []
    for name in ("gold.toml", "heldout.toml", "heldout2.toml"):
        path = HERE / "extraction" / name
        if path.exists():
            out += [(p["lang"], p["text"]) for p in tomllib.loads(path.read_text(encoding="utf-8"))["paragraph"]]
    for path in sorted((HERE / "articles").iterdir()):
        if path.suffix in (".md", ".txt", ".html"):
            text = path.read_text(encoding="utf-8")
            out += [("nl", text), ("en", text)]
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            out += [("nl", text), ("en", text)]
    out += [(lang, t) for t in _EXTRA for lang in ("nl", "en")]
    return tuple(out)


def _anchored_finders() -> list[Finder]:
    """Every Finder with anchors the extractor builds (building them all first)."""
    strength._free_finder()  # strength cues themselves are found by strength/overstatement.py
    attributions._finders()
    effects._triggers()
    exclusions.finders()
    for lang in ("nl", "en"):
        numbers.word_finder(lang)
        numeric.grammar(lang)
    assert citations._PMID.anchors is not None
    found = [o for o in gc.get_objects() if isinstance(o, Finder) and o.anchors is not None]
    assert len(found) >= 20
    return found


def test_anchored_finders_match_full_scans() -> None:
    finders = _anchored_finders()
    for _, text in _texts():
        folded = fold(text)
        for finder in finders:
            plain = copy.copy(finder)
            plain.anchors = None
            got = [(s, e) for s, e, _ in finder.spans(text, folded)]
            want = [(s, e) for s, e, _ in plain.spans(text, folded)]
            assert got == want, (finder.regex.pattern[:60], text[:80])


def test_anchors_find_what_a_match_inside_a_word_used_to_hide() -> None:
    # a full scan meets "in the rat" inside "within", skips it (no word start) and has passed "rat"
    ex = extract_text("The effect was seen within the rat model only.", "en")
    # the cue may take its article ("the rat model"), never a match starting inside "within"
    assert [(c.text, c.details.get("type")) for c in ex.claims] == [("the rat model", "animal")]


def test_anchors_need_every_word_of_a_phrase() -> None:
    finder = Finder(r"(?:in\s+the\s+rat|rats)(?![\w])", folded=True, boundary=True, anchors=["in the rat", "rats"])
    text = "In the end, in the mouse and in rats."
    assert [text[s:e] for s, e, _ in finder.spans(text, fold(text))] == ["rats"]
    assert Finder("x", anchors=["'s-Hertogenbosch"], boundary=True).anchors is None  # starts with no letter
    assert Finder("x", anchors=["abc"]).anchors is None  # anchors need `boundary`


def test_vocab_finds_whole_letter_runs() -> None:
    text = fold("Ratten, rat-model, 2rat rat_x; RAT. pirate rat")
    vocab = Vocab(text)
    assert {"ratten", "rat", "model", "x", "pirate"} <= vocab.runs
    assert [text[p:p + 3] for p in vocab.starts("rat")] == ["rat"] * 5
    assert vocab_of(text) is vocab_of(text)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sentence_languages_shortcut(lang: str) -> None:
    for _, text in _texts():
        ctx = DocContext(text)
        sentences = split_sentences(text)
        assert sentence_languages(ctx, sentences, lang) == [
            sentence_language(ctx, s.start, s.end, lang) for s in sentences]


def test_sentences_without_triggers_have_no_numeric_claims() -> None:
    for lang, text in _texts():
        ctx = DocContext(text)
        blocked = SpanIndex(exclusions.blocked_spans(text, ctx.folded))
        for s in split_sentences(text):
            quick: list[tuple[str, int, int]] = []
            full: list[tuple[str, int, int]] = []
            got = scan_sentence(ctx, s.start, s.end, lang, blocked, [], quick)
            want = SentenceScanner(ctx, s.start, s.end, lang, blocked, [], full).scan()
            assert [(c.start, c.end, c.kind, c.value) for c in got] == [(c.start, c.end, c.kind, c.value) for c in want]
            assert quick == full

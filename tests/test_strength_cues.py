"""The overstatement lexicons (strength/data/cues-*.toml) and context rules (context.toml): every
entry's examples, run as the data says, plus the context decisions the issue names.

A cue's `extract` examples must yield a candidate of its type, its `flag` examples a candidate its
context lets stand, its `pass` examples none that may be raised.
"""

from __future__ import annotations

import pytest

from claimcheck.strength import classify
from claimcheck.strength import overstatement as ov


def _cases(part: str) -> list[object]:
    out = []
    for entry in ov.entries():
        for i, text in enumerate((entry.examples or {}).get(part, [])):
            out.append(pytest.param(entry, text, id=f"{entry.id}-{part}-{i}"))
    return out


def _of_type(entry: ov.Entry, text: str) -> list[ov.Cue]:
    return [c for c in ov.candidates(text) if c.entry.type == entry.type]


@pytest.mark.parametrize(("entry", "text"), _cases("extract"))
def test_extract_examples(entry: ov.Entry, text: str) -> None:
    assert _of_type(entry, text), [(text[c.start:c.end], c.entry.id) for c in ov.candidates(text)]


@pytest.mark.parametrize(("entry", "text"), _cases("flag"))
def test_flag_examples(entry: ov.Entry, text: str) -> None:
    standing = [c for c in _of_type(entry, text) if c.blocked is None]
    assert standing, [(text[c.start:c.end], c.entry.id, c.blocked) for c in ov.candidates(text)]


@pytest.mark.parametrize(("entry", "text"), _cases("pass"))
def test_pass_examples(entry: ov.Entry, text: str) -> None:
    if entry.type == "animal":
        pytest.skip("an animal finding is judged by the grader (tests/test_language.py)")
    raised = [c for c in ov.candidates(text) if c.entry.id == entry.id and c.blocked is None
              and c.entry.raise_ != "never"]
    assert not raised, [(text[c.start:c.end], c.entry.id) for c in raised]


def test_every_cue_has_examples_in_its_language() -> None:
    missing = []
    for entry in ov.entries():
        examples = entry.examples or {}
        if not examples.get("extract"):
            missing.append(f"{entry.id}: no extract example")
        if not examples.get("pass"):
            missing.append(f"{entry.id}: no pass example")
        if entry.raise_ != "never" and not examples.get("flag"):
            missing.append(f"{entry.id}: no flag example")
    assert not missing, "\n".join(missing)
    langs = {e.lang for e in ov.entries()}
    assert langs == {"en", "nl"}


@pytest.mark.parametrize(("text", "cue", "reason"), [
    ("Volgens de onderzoekers is het geen wondermiddel.", "wondermiddel", None),  # not a claim at all
    ("She doesn't see the drug as a magic bullet.", "magic bullet", None),
    ("Could this pill be the breakthrough migraine patients wait for?", "breakthrough", "asked"),
    ("If it works, the implant could be a game changer for patients.", "game changer", "conditional"),
    ("The drug received Breakthrough Therapy designation last year.", "Breakthrough", None),
    ("Chemotherapy wipes out the bone marrow before a transplant.", "wipes out", None),
    ("Smoking has long been proven to cause lung cancer.", "proven to", "established"),
    ("Claims that the spice cures arthritis are unfounded, experts say.", "cures", "rebutted"),
    ("Most episodes of back pain heal on their own within weeks.", "heal", "natural"),
    ("The infection leaves permanent damage to the heart valves.", "permanent", None),
])
def test_context_keeps_a_candidate_from_being_raised(text: str, cue: str, reason: str | None) -> None:
    start = text.index(cue)
    found = [c for c in ov.candidates(text) if c.start <= start < c.end]
    if reason is None:
        assert not found or all(c.blocked for c in found), found
    else:
        assert found and found[0].blocked == reason, [(text[c.start:c.end], c.blocked) for c in found]


@pytest.mark.parametrize("text", [
    "Deze therapie verdrijft rugpijn.",
    "This injection cures back pain.",
    "Met deze oefeningen bent u voorgoed van uw rugpijn af.",
])
def test_one_strength_level_for_a_cure_claim(text: str) -> None:
    """`claimcheck strength` and the hype-language rule read a cure claim the same way: direct causal."""
    assert classify(text).level == 3


def test_a_denied_cure_is_no_direct_claim() -> None:
    assert classify("Het is geen middel dat rugpijn verdrijft.").level < 3


def test_voice() -> None:
    text = "The drug is safe, the company says. “It is a breakthrough,” Dr. Lee said."
    assert ov.voice(text, text.index("safe")) == "quoted"
    assert ov.voice(text, text.index("breakthrough")) == "quoted"
    assert ov.voice("The drug is a breakthrough for patients.", 13) == "own"


def test_headline_generalisation() -> None:
    text = "Acupuncture Eases Depression in Pregnancy\n\nA trial of 150 women found ..."
    span = ov.generalisation(text)
    assert span is not None and text[span[0]:span[1]] == "Eases" and span[2] == 3
    assert ov.generalisation("Acupuncture eases depression in pregnancy, a trial of 150 women finds.\n") is None


def test_candidates_are_linear_in_length() -> None:
    import time

    unit = "Deze therapie verdrijft rugpijn, maar het is geen wondermiddel. The pill cures nothing. " * 20
    ov.candidates(unit)
    t0 = time.perf_counter()
    ov.candidates(unit)
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    ov.candidates(unit * 10)
    big = time.perf_counter() - t0
    assert big < small * 30 + 0.05

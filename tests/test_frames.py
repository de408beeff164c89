"""Claim frames (extract/frame.py): each number bound to its own group, outcome, arm and time point.

Also: the examples of the outcome, group and time concepts, the durations and number words the frame
reads (issue 12), and the examples tables of the claim-frame rules (formats/templates/rules/numeric.toml)
run end to end against the repository's register.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.resources import files
from typing import Any

import pytest

from claimcheck import concepts
from claimcheck.extract import extract_text
from claimcheck.model import Claim


def _claim(text: str, lang: str, anchor: str) -> Claim:
    ex = extract_text(text, lang)
    start = text.index(anchor)
    found = [c for c in ex.claims if c.frame is not None and c.start <= start < c.end]
    assert found, f"no numeric claim at {anchor!r} in {text!r}: {[c.text for c in ex.claims]}"
    return found[0]


# --- the concept data ---------------------------------------------------------------------------------

def _concept_examples() -> list[tuple[str, str, str, bool]]:
    out = []
    for kind in ("outcome", "group", "time"):
        for c in concepts.concepts(kind):
            for key, expected in (("examples", True), ("near_misses", False)):
                for lang, texts in (c.get(key) or {}).items():
                    out.extend((c.id, lang, t, expected) for t in texts)
    return out


@pytest.mark.parametrize(("cid", "lang", "text", "expected"), _concept_examples(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_concept_examples(cid: str, lang: str, text: str, expected: bool) -> None:
    kind = concepts.concept(cid).kind  # type: ignore[union-attr]
    hits = {h.concept for h in concepts.find(text, lang, {kind})}
    assert (cid in hits) is expected, f"{cid} in {text!r}: {hits}"


def test_every_frame_concept_has_examples() -> None:
    for kind in ("outcome", "group", "time"):
        for c in concepts.concepts(kind):
            assert c.get("examples"), f"{kind}.toml: {c.id} has no examples"


# --- durations and number words --------------------------------------------------------------------

DURATIONS = [
    ("nl", "Na een maand was de helft hersteld.", "een maand", 4.345),
    ("nl", "Na anderhalf jaar was 40 procent pijnvrij.", "anderhalf jaar", 78.27),
    ("nl", "Binnen 1 mnd herstelt de helft.", "1 mnd", 4.345),
    ("nl", "Na 6 wk was 60 procent beter.", "6 wk", 6.0),
    ("nl", "Na 2 j was 30 procent beter.", "2 j", 104.36),
    ("nl", "Na drie kwartalen was 30 procent beter.", "drie kwartalen", 39.1),
    ("en", "After a fortnight 30% were better.", "a fortnight", 2.0),
    ("en", "After half a year 30% were better.", "half a year", 26.07),
    ("en", "For a whole year, 66% had no pain.", "a whole year", 52.18),
    ("en", "After 6 wks, 20% had recovered.", "6 wks", 6.0),
]


@pytest.mark.parametrize(("lang", "text", "anchor", "weeks"), DURATIONS, ids=[d[2] for d in DURATIONS])
def test_durations_in_words_and_abbreviations(lang: str, text: str, anchor: str, weeks: float) -> None:
    ex = extract_text(text, lang)
    durations = [c for c in ex.claims if c.kind == "duration"]
    assert durations and anchor in durations[0].text, [c.text for c in ex.claims]
    share = next(c for c in ex.claims if c.kind in ("percentage", "ratio"))
    assert share.frame is not None and share.frame.timepoint_weeks == pytest.approx(weeks, rel=0.01)


NUMBER_WORDS = [
    ("nl", "Twee derde van de deelnemers was pijnvrij.", "Twee derde", 66.67, None),
    ("nl", "Bijna zeventig procent was pijnvrij.", "Bijna zeventig procent", 70.0, "nearly"),
    ("en", "Nine in ten recover within six weeks.", "Nine in ten", 90.0, None),
    ("en", "Two-thirds of participants were pain-free.", "Two-thirds", 66.67, None),
]


@pytest.mark.parametrize(("lang", "text", "anchor", "value", "qualifier"), NUMBER_WORDS,
                         ids=[n[2] for n in NUMBER_WORDS])
def test_number_words(lang: str, text: str, anchor: str, value: float, qualifier: str | None) -> None:
    claim = _claim(text, lang, anchor)
    assert claim.value == pytest.approx(value, abs=0.01) and claim.qualifier == qualifier


# --- frames --------------------------------------------------------------------------------------------

FRAMES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("en", "In the trial of pain reprocessing therapy, 66% of all 151 participants ended up pain-free.", "66%",
     {"group_scope": "whole", "group_size": 151, "outcome": "pain-free", "arm": None}),
    ("nl", "Daarna was 66 procent van de 151 deelnemers met chronische rugpijn pijnvrij.", "66 procent",
     {"group_scope": "whole", "group_size": 151, "outcome": "pain-free", "timepoint": "post-treatment"}),
    ("nl", "In de studie behandelden de onderzoekers 151 mensen met rugpijn met PRT.", "151 mensen",
     {"group_scope": "arm", "arm": "prt", "outcome": "participants"}),
    ("en", "90% of patients felt better and 66% were pain-free.", "90%", {"outcome": "improved"}),
    ("en", "90% of patients felt better and 66% were pain-free.", "66%", {"outcome": "pain-free"}),
    ("en", "Right after treatment, 66% of the PRT group was pain-free, against 20% with placebo.", "20%",
     {"arm": "placebo", "outcome": "pain-free", "timepoint": "post-treatment"}),
    ("en", "In total 151 adults took part. Of them, two-thirds were pain-free a year later.", "two-thirds",
     {"group_size": 151, "group_scope": "whole", "timepoint_weeks": 52.18, "timepoint_relation": "at"}),
    ("nl", "Een jaar lang klachtenvrij: dat gold voor 66 procent van de patiënten.", "66 procent",
     {"outcome": "pain-free", "timepoint_relation": "lasting", "timepoint_weeks": 52.18}),
    ("en", "60% of back pain patients given acupuncture improved at eight weeks, far more than those on usual care.",
     "60%", {"arm": "acupuncture", "comparator": "usual-care", "outcome": "improved", "timepoint_weeks": 8.0}),
    ("en", "Two-fifths improved within 6 weeks.", "Two-fifths",
     {"timepoint_relation": "within", "timepoint_weeks": 6.0, "group_size": None}),
    ("en", "Of the 151 participants, 66% ended up pain-free.", "66%", {"group_size": 151, "group_scope": "whole"}),
    ("en", "Right after treatment, 33 of the 50 PRT patients rated their pain 0 or 1 out of 10.", "1 out of 10",
     {"outcome": "pain-score"}),
    ("en", "While 95% were satisfied, 66% of the PRT group were pain-free.", "95%", {"outcome": None}),
    ("en", "In the PRT group 66% were pain-free, and 90% said they felt better.", "90%", {"outcome": "improved"}),
    ("nl", "Van de 151 deelnemers kregen er 50 PRT.", "151 deelnemers", {"group_scope": "whole"}),
    ("en", "At least one-third less pain was reported by 48% of the patients.", "one-third", {"outcome": None}),
]


@pytest.mark.parametrize(("lang", "text", "anchor", "expected"), FRAMES, ids=[f"{f[2]}|{f[1][:30]}" for f in FRAMES])
def test_frame_from_its_own_clause(lang: str, text: str, anchor: str, expected: dict[str, Any]) -> None:
    frame = _claim(text, lang, anchor).frame
    assert frame is not None
    got = frame.to_dict()
    for key, value in expected.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, rel=0.01), (key, got)
        else:
            assert got[key] == value, (key, got)


def test_clauses_do_not_share_a_number_slot() -> None:
    ex = extract_text("90% of patients felt better and 66% were pain-free.", "en")
    a, b = [c for c in ex.claims if c.kind == "percentage"]
    assert a.frame and b.frame and a.frame.clause_end is not None and b.frame.clause_start is not None
    assert a.frame.clause_end <= b.frame.clause_start


def test_extract_json_shows_frames(tmp_path: Any) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Right after treatment, 66% of the PRT group were pain-free.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "claimcheck", "extract", str(article), "--format", "json"],
                         capture_output=True, text=True, check=False)
    data = json.loads(out.stdout)
    assert data["version"] == 1
    claim = next(c for c in data["documents"][0]["claims"] if c["kind"] == "percentage")
    assert claim["frame"]["outcome"] == "pain-free" and claim["frame"]["timepoint"] == "post-treatment"
    assert "verdict" not in claim


def test_frames_cost_stays_linear() -> None:
    import time

    paragraph = ("Right after treatment, 66% of the PRT group were pain-free, against 20% with placebo and 10% "
                 "with usual care. Of the 151 participants, 50 received PRT.\n\n")
    small, big = paragraph * 20, paragraph * 200
    t0 = time.perf_counter()
    extract_text(small, "en")
    t1 = time.perf_counter()
    extract_text(big, "en")
    t2 = time.perf_counter()
    assert (t2 - t1) < max(0.5, (t1 - t0) * 30), (t1 - t0, t2 - t1)


# --- the rules' examples tables ------------------------------------------------------------------------

def _rule_examples() -> list[tuple[str, str, str, str, str]]:
    data = tomllib.loads(files("claimcheck.formats").joinpath("templates/rules/numeric.toml").read_text("utf-8"))
    out = []
    for rule, entry in data.items():
        examples = entry.get("examples", {})
        context = examples.get("context", {})
        for kind in ("flag", "pass"):
            for lang, texts in examples.get(kind, {}).items():
                for text in ([texts] if isinstance(texts, str) else texts):
                    out.append((rule, kind, lang, context.get(lang, ""), text))
    return out


@pytest.fixture(scope="module")
def register() -> Any:
    from claimcheck.register import default_register_root, load_register

    return load_register(default_register_root())


@pytest.mark.parametrize(("rule", "kind", "lang", "context", "text"), _rule_examples(),
                         ids=lambda v: v[:40] if isinstance(v, str) else "")
def test_rule_examples(register: Any, rule: str, kind: str, lang: str, context: str, text: str) -> None:
    from claimcheck.checker import check_document
    from claimcheck.ingest import text_document

    article = f"{context} {text}".strip()
    doc = text_document(article, "example.txt")
    doc.language = lang
    result = check_document(doc, register)
    start = len(article) - len(text)
    raised = [i for c in result.claims if c.start >= start for i in c.issues if i.rule == rule]
    if kind == "flag":
        assert raised, f"{rule} not raised on {text!r}"
        assert all(i.fix for i in raised), f"{rule} without fix on {text!r}"
    else:
        assert not raised, f"{rule} raised on {text!r}: {[i.message for i in raised]}"

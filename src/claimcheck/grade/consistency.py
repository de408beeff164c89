"""inconsistent-numbers: figures in one article that cannot all be true, whatever the register says.

Compared within a window — one paragraph, and figures about the same group — so the cost stays linear
in the article's length:

- part-whole: a part larger than its whole ("500,000 of the 250,000 patients"; "Of them, 200 ..."
  after 151 were counted);
- arm-sum: arm sizes that add up to more than the stated total, or, when the article says how many
  groups there were and gives each, to another total;
- course: a share said to have recovered by an early time point that is larger than the share
  recovered (or pain-free) at a later one, in the same people ("80-90% recover within six weeks" and
  "65% are free of complaints at twelve weeks").

Reads only claims and their frames (extract/frame.py); never the register.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from claimcheck import concepts
from claimcheck.grade.context import Context
from claimcheck.grade.lexicon import fix, messages
from claimcheck.model import Claim, Issue
from claimcheck.textfold import fold

#: Figures further apart than this many percentage points make two course figures contradict.
COURSE_MARGIN = 10.0
#: A paragraph with more numeric claims than this is compared in windows of this many claims.
WINDOW = 40
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SHARES = ("percentage", "ratio", "range")
_NONE = concepts.Concept("", "", {})


@cache
def _arm_nouns() -> re.Pattern[str]:
    from claimcheck.extract.lexicon import alternation, load

    words = [w for lang in ("en", "nl") for w in load("frames")["arm_nouns"][lang]]
    return re.compile(r"(?<![\w])(?P<n>\w+)\s+(?:" + alternation(words) + r")(?![\w])", re.IGNORECASE)


def _paragraphs(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH.finditer(text)]


def check_consistency(ctx: Context) -> None:
    """Add inconsistent-numbers issues to the claims of `ctx` (at the later of the two figures)."""
    text = ctx.result.document.text
    starts = _paragraphs(text)
    windows: dict[int, list[Claim]] = {}
    for claim in ctx.result.claims:
        if claim.frame is None or claim.start >= ctx.limit:
            continue
        windows.setdefault(bisect_right(starts, claim.start) - 1, []).append(claim)
    for index, claims in sorted(windows.items()):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        for i in range(0, len(claims), WINDOW):
            window = claims[i:i + WINDOW]
            _part_whole(ctx, window)
            _arm_sum(ctx, window, starts[index], text[starts[index]:end])
            _course(ctx, window)


def _raise(ctx: Context, claim: Claim, other: str, key: str, **fields: object) -> None:
    if any(i.rule == "inconsistent-numbers" for i in claim.issues):
        return
    lang = ctx.lang if ctx.lang in ("en", "nl") else "en"
    table = messages()
    reason = table.get("inconsistent-reasons", {}).get(lang, {}).get(key, key).format(**fields)
    advice = table.get("inconsistent-advice", {}).get(lang, {}).get(key, "")
    ctx.issue(claim, "inconsistent-numbers", "inaccurate", severity="warning", stated=claim.text, other=other,
              reason=reason)
    issue: Issue = claim.issues[-1]
    issue.fix = fix("inconsistent-numbers", lang, advice=advice)


def _people(claim: Claim) -> bool:
    return claim.kind in ("sample_size", "count") and claim.unit == "people" and claim.value is not None


def _part_whole(ctx: Context, claims: list[Claim]) -> None:
    for claim in claims:
        frame = claim.frame
        assert frame is not None
        if claim.kind == "ratio" and claim.details.get("numerator") and claim.details.get("denominator"):
            num, den = float(claim.details["numerator"]), float(claim.details["denominator"])
            if num > den:
                _raise(ctx, claim, f"{den:g}", "part-whole")
                continue
        if claim.value is None or not frame.group:
            continue
        # "150% of the patients" (the group after the number); "increased the risk 136 percent" is no share
        denominator = fold(frame.group).startswith(("of ", "van ", "among ", "onder "))
        over_whole = claim.kind == "percentage" and claim.unit == "%" and claim.value > 100 and denominator \
            and not claim.details.get("change")
        over_group = _people(claim) and frame.group_size is not None and claim.value > frame.group_size
        if over_whole or over_group:
            _raise(ctx, claim, frame.group, "part-whole")


def _arm_sum(ctx: Context, claims: list[Claim], paragraph_start: int, paragraph: str) -> None:
    people = [c for c in claims if _people(c) and c.frame is not None and c.qualifier is None]
    wholes = [c for c in people if c.frame.group_scope == "whole"]  # type: ignore[union-attr]
    if not wholes:
        return
    total_claim = max(wholes, key=lambda c: c.value or 0)
    total = total_claim.value or 0
    parts: dict[str, tuple[float, int]] = {}  # arm -> (size, offset)
    for c in people:
        f = c.frame
        if c is total_claim or f is None or f.group_scope != "arm" or not f.arm or c.start < total_claim.start:
            continue
        parts.setdefault(f.arm, (c.value or 0.0, c.start))
    for arm, size, offset in _bare_parts(ctx, total_claim, claims, paragraph_start, paragraph):
        parts.setdefault(arm, (size, offset))
    if len(parts) < 2:
        return
    size = sum(v for v, _ in parts.values())
    stated_groups = _stated_groups(paragraph)
    last_offset = max(o for _, o in parts.values())
    target = min((c for c in claims if c.start >= last_offset), key=lambda c: c.start, default=None)
    if target is None or target.start - last_offset > 40:
        target = total_claim
    if size > total or (stated_groups == len(parts) and size != total):
        sizes = " + ".join(f"{v:g}" for v, _ in sorted(parts.values(), key=lambda p: p[1]))
        other = sizes if target is total_claim else total_claim.text
        _raise(ctx, target, other, "arm-sum", sum=f"{size:g}", total=f"{total:g}")


def _bare_parts(ctx: Context, total_claim: Claim, claims: list[Claim], paragraph_start: int,
                paragraph: str) -> list[tuple[str, float, int]]:
    """Arm sizes written as a bare number next to the arm, after the total: "50 received PRT, 51
    placebo and 50 usual care", "PRT 50, placebo 51". Only in sentences that say people were given or
    divided over the arms (a receive word, or the groups named)."""
    from claimcheck.extract.numbers import find_numbers

    text = ctx.result.document.text
    lang = ctx.lang if ctx.lang in ("en", "nl") else "en"
    start = total_claim.end
    end = paragraph_start + len(paragraph)
    hits = concepts.find(text, lang, {"intervention", "group"}, start, end)
    arms = [h for h in hits if h.kind == "intervention"]
    receives = any((concepts.concept(h.concept) or _NONE).get("role") == "receive" for h in hits)
    if not arms or (not receives and _stated_groups(paragraph) is None):
        return []
    taken = [(c.start, c.end) for c in claims if c.unit != "people"]
    out: list[tuple[str, float, int]] = []
    for n in find_numbers(text, lang, start, end):
        if n.is_year or not n.is_integer or n.value < 2 or any(a <= n.start < b for a, b in taken):
            continue
        arm = next((h for h in arms if 0 <= h.start - n.end <= 30 and not _number_between(text, n.end, h.start)),
                   None)
        if arm is not None:
            out.append((arm.concept, n.value, n.start))
    return out


def _number_between(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"\d", text[start:end]))


def _stated_groups(paragraph: str) -> int | None:
    """How many groups the paragraph says there were ("three groups", "drie groepen")."""
    from claimcheck.extract.numbers import find_numbers

    for m in _arm_nouns().finditer(paragraph):
        for lang in ("en", "nl"):
            found = find_numbers(m.group("n"), lang)
            if found and found[0].start == 0 and found[0].end == len(m.group("n")):
                return int(found[0].value)
    return None


def _course_family(outcome: str | None) -> str | None:
    c = concepts.concept(outcome) if outcome else None
    return str(c.get("course")) if c is not None and c.get("course") else None


def _low(claim: Claim) -> float | None:
    if claim.kind == "range":
        low = claim.details.get("low")
        return float(low) if isinstance(low, int | float) else None
    return claim.value


def _course(ctx: Context, claims: list[Claim]) -> None:
    shares = [c for c in claims if c.kind in _SHARES and c.unit == "%" and c.frame is not None
              and c.frame.timepoint_weeks is not None and _course_family(c.frame.outcome)
              and c.frame.group_scope != "arm" and not c.frame.arm]
    for early in shares:
        fe = early.frame
        assert fe is not None
        if fe.timepoint_relation != "within":
            continue
        value = _low(early)
        if value is None:
            continue
        for late in shares:
            fl = late.frame
            assert fl is not None
            if late is early or _course_family(fl.outcome) != _course_family(fe.outcome):
                continue
            if fl.timepoint_weeks is None or fe.timepoint_weeks is None or fl.timepoint_weeks <= fe.timepoint_weeks:
                continue
            later_value = late.value if late.kind != "range" else late.details.get("high")
            if isinstance(later_value, int | float) and later_value + COURSE_MARGIN < value:
                target = late if late.start > early.start else early
                other = early if target is late else late
                _raise(ctx, target, other.text, "course")

"""Compare a number an article states, with its qualifier, to the number a source reports."""

from __future__ import annotations

from enum import Enum

#: Relative difference within which an unqualified number counts as the same.
SAME = 0.005
#: Relative difference within which a number is "about" right.
ABOUT = 0.05
#: How far (relative) below a "nearly N" the source's number may be: "almost 100" for 97 is fair,
#: "nearly 70" for 66 flatters.
NEARLY = 0.055
#: Beyond this relative difference a number is wrong, whatever its rounding.
LOOSE = 0.12


class Agreement(Enum):
    """How a stated number relates to the source's number."""

    EXACT = "exact"
    ROUNDED_UP = "rounded-up"
    LOOSE = "imprecise"
    MISMATCH = "mismatch"


def _is_round(value: float) -> bool:
    return value != 0 and (value % 5 == 0 or value % 10 == 0)


def compare(stated: float, qualifier: str | None, actual: float, favourable_up: bool = True) -> Agreement:
    """How `stated` (with `qualifier`) agrees with `actual`.

    `favourable_up` says that a larger number flatters (a success rate); rounding in that direction
    is `ROUNDED_UP`, the other way merely loose.
    """
    if actual == stated:
        return Agreement.EXACT
    scale = max(abs(actual), 1e-9)
    diff = (stated - actual) / scale
    if qualifier == "more_than":
        return Agreement.EXACT if 0 < -diff <= 0.25 else _rounded(stated, actual, diff, favourable_up)
    if qualifier == "at_least":
        return Agreement.EXACT if 0 <= -diff <= 0.25 else _rounded(stated, actual, diff, favourable_up)
    if qualifier == "less_than":
        return Agreement.EXACT if 0 < diff <= 0.5 or (stated <= 1 and actual < stated) else _rounded(
            stated, actual, diff, favourable_up
        )
    if qualifier == "at_most":
        return Agreement.EXACT if 0 <= diff <= 0.25 else _rounded(stated, actual, diff, favourable_up)
    if qualifier == "nearly":
        # "nearly 70" is right for 69, flattering for 66; "almost 100" is right for 97.
        if 0 < diff <= NEARLY or abs(stated - actual) <= 1:
            return Agreement.EXACT
        return _rounded(stated, actual, diff, favourable_up)
    if qualifier == "about":
        if abs(diff) <= ABOUT or abs(stated - actual) <= 1:
            return Agreement.EXACT
        return _rounded(stated, actual, diff, favourable_up)
    if abs(diff) <= SAME or round(actual) == stated:
        return Agreement.EXACT
    return _rounded(stated, actual, diff, favourable_up)


def _rounded(stated: float, actual: float, diff: float, favourable_up: bool) -> Agreement:
    if abs(diff) > LOOSE:
        return Agreement.MISMATCH
    if (diff > 0) == favourable_up and _is_round(stated):
        return Agreement.ROUNDED_UP
    return Agreement.LOOSE


def to_weeks(value: float, unit: str | None) -> float | None:
    """A duration in weeks, for comparing durations stated in different units."""
    from claimcheck.grade.lexicon import lexicon

    if unit is None:
        return None
    factor = lexicon()["weeks_per_unit"].get(unit.strip().lower())
    return None if factor is None else value * factor

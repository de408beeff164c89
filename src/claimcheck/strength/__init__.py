"""Claim strength: how strongly a sentence claims that one thing affects another.

Levels follow the ordinal scale of Yu et al. (EMNLP 2019, COLING 2020)::

    0  none                no relationship claimed (or not a claim)
    1  correlational       "is associated with", "linked to", "predicts", "hangt samen met"
    2  conditional_causal  a hedged causal claim: "may reduce", "appears to improve", "kan leiden tot"
    3  direct_causal       "reduces", "causes", "improves", "suggests that X improves", "verlaagt", "zorgt voor"

The benchmark's labelling is the spec of the scale: reporting verbs ("suggest", "wijst erop") do not
hedge, null comparisons ("no significant difference") are correlational, background ("previous
studies have shown", "het is bekend dat") claims nothing new.

The classifier is a rule system: cue lexicons and ordered rules are TOML files in
``claimcheck/strength/data/`` (one lexicon per language, one rule file), so adding a word needs no
code change. Example::

    >>> from claimcheck.strength import classify
    >>> classify("Coffee drinking was associated with lower mortality.").label
    'correlational'
"""

from __future__ import annotations

from claimcheck.strength.classifier import (
    LABELS,
    StrengthResult,
    classify,
    classify_many,
    detect_language,
)

__all__ = ["LABELS", "StrengthResult", "classify", "classify_many", "detect_language"]

"""The linking stage's data: signal weights and threshold, generic names, time words (link/data/*.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from claimcheck.textfold import fold

_TOKEN = re.compile(r"\w+")


def tokens_of(text: str) -> tuple[str, ...]:
    """The folded word tokens of a name, as the index and the finder both split it."""
    return tuple(_TOKEN.findall(fold(text)))


def _load(name: str) -> dict:
    text = resources.files("claimcheck.link").joinpath("data", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True, slots=True)
class Signals:
    """Weights, threshold and word lists, loaded once."""

    threshold: float
    repeat: float
    year_window: int
    weights: dict[str, float]
    naming: frozenset[str]
    specific: frozenset[str]
    tiebreak: frozenset[str]
    sizes: frozenset[str]
    per_text: frozenset[str]
    placing: frozenset[str]
    registry: tuple[re.Pattern[str], ...]
    bodies: frozenset[tuple[str, ...]]
    generic_words: frozenset[str]
    guideline_words: tuple[str, ...]
    control_words: frozenset[str]
    weak_topics: frozenset[str]
    function_words: frozenset[str]
    interventions: tuple[str, ...]
    current: tuple[str, ...]
    past: tuple[str, ...]
    historical: tuple[str, ...]
    changed: tuple[str, ...]
    negations: tuple[str, ...]
    approx_tolerance: float
    approx_words: tuple[str, ...]
    follow_up_weeks: float
    number_words: dict[str, int]
    year_words: tuple[str, ...]

    def weight(self, signal: str) -> float:
        """The weight of a signal (0 for a signal the data does not know)."""
        return self.weights.get(signal, 0.0)


@cache
def signals() -> Signals:
    """The linking data of `claimcheck/link/data/` (cached)."""
    main = _load("signals.toml")
    generic = _load("generic.toml")
    versions = _load("versions.toml")
    return Signals(
        threshold=float(main["threshold"]),
        repeat=float(main["repeat"]),
        year_window=int(main["year_window"]),
        weights={k: float(v) for k, v in main["weights"].items()},
        naming=frozenset(main["naming"]),
        specific=frozenset(main["specific"]),
        tiebreak=frozenset(main["tiebreak"]),
        sizes=frozenset(main["sizes"]),
        per_text=frozenset(main["per_text"]),
        placing=frozenset(main["placing"]),
        registry=tuple(re.compile(p) for p in main["registry"]["patterns"]),
        bodies=frozenset(tokens_of(b) for b in generic["bodies"]),
        generic_words=frozenset(fold(w) for w in generic["words"]),
        guideline_words=tuple(fold(w) for w in generic["guideline_words"]),
        control_words=frozenset(fold(w) for w in generic["control_words"]),
        weak_topics=frozenset(fold(w) for w in generic["weak_topics"]),
        function_words=frozenset(fold(w) for w in generic["function_words"]),
        interventions=tuple(fold(w) for w in generic["interventions"]),
        current=tuple(fold(w) for w in versions["current"]),
        past=tuple(fold(w) for w in versions["past"]),
        historical=tuple(fold(w) for w in versions["historical"]),
        changed=tuple(fold(w) for w in versions["changed"]),
        negations=tuple(fold(w) for w in versions["negations"]),
        approx_tolerance=float(main["approximate"]["tolerance"]),
        approx_words=tuple(fold(w) for w in main["approximate"]["words"]),
        follow_up_weeks=float(main["follow_up"]["min_weeks"]),
        number_words={fold(k): int(v) for k, v in main["follow_up"]["numbers"].items()},
        year_words=tuple(fold(w) for w in main["follow_up"]["years"]),
    )


@cache
def core(stem: str) -> str:
    """The literal start of a stem or phrase, for a cheap substring test before the regex."""
    return re.split(r"[\s\-*]", stem.strip(), maxsplit=1)[0]


def found(folded: str, stem: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first match of a stem in `folded[start:end]`, tested cheaply first (most stems are absent)."""
    end = len(folded) if end is None else end
    if folded.find(core(stem), start, end) < 0:
        return None
    return stem_pattern(stem).search(folded, start, end)


@cache
def stem_pattern(stem: str) -> re.Pattern[str]:
    """A whole-word pattern for a folded stem; a trailing `*` matches the word's continuations."""
    open_end = stem.endswith("*")
    words = [re.escape(w) for w in re.split(r"[\s\-]+", stem.rstrip("*").strip()) if w]
    body = r"[\s\-]+".join(words)
    tail = r"\w*" if open_end else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{tail}")

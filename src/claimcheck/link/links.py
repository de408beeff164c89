"""The links of one document, and what the grader asks of them (docs/seams.md §3).

`Links` answers which studies the article discusses (best first), which one a span of text speaks of
(its paragraph's links, else the links of the nearest paragraph before it that names one, else the
cited ones), which guideline version a sentence means and whether it tells past advice. It also keeps
the old `Resolution` API (`scores`, `mentions`, `near`, `ranked`, `discussed`, `primary`, `cited`) for
callers still moving to the new one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from claimcheck.link.index import LinkIndex
from claimcheck.link.signals import signals
from claimcheck.link.versions import has_cue, sentence_at, tells_past, version_at
from claimcheck.model import StudyLink

#: The old Resolution's mention kinds, by signal.
OLD_KIND = {
    "doi": "id", "pmid": "id", "pmcid": "id", "url": "id", "registry": "id",
    "trial-name": "name", "description": "name", "author-year": "author", "author-etal": "author",
    "author": "author", "journal-year": "journal+year", "journal": "journal", "body-year": "institution",
    "body": "institution", "institution": "institution",
}


@dataclass(slots=True)
class Mention:
    """A place where the article names a source (the old Resolution's view of a piece of evidence)."""

    source: str
    start: int
    end: int
    kind: str


@dataclass(slots=True)
class Links:
    """The studies one document discusses, where, and on what evidence."""

    studies: list[StudyLink] = field(default_factory=list)
    folded: str = ""
    index: LinkIndex | None = None
    article_year: int | None = None
    #: paragraph starts and ends (offsets into the text)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    #: paragraph index -> linked sources with placing evidence there -> the weight of that evidence
    placed: dict[int, dict[str, float]] = field(default_factory=dict)
    #: every source that had evidence, linked or not, with its score (for explaining near misses)
    considered: dict[str, float] = field(default_factory=dict)
    _by_id: dict[str, StudyLink] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {s.source: s for s in self.studies}
        self._starts = [p[0] for p in self.paragraphs]

    # --- the new API -----------------------------------------------------------------------------

    def discussed(self) -> list[str]:
        """Linked source ids, best first."""
        return [s.source for s in self.studies]

    def primary(self) -> str | None:
        """The study the article is mostly about (the best linked), or None."""
        return self.studies[0].source if self.studies else None

    def link(self, source_id: str) -> StudyLink | None:
        """The link to `source_id`, or None."""
        return self._by_id.get(source_id)

    @property
    def cited(self) -> set[str]:
        """Sources a decisive identifier names."""
        return {s.source for s in self.studies if s.cited}

    def paragraph_of(self, offset: int) -> int:
        """The index of the paragraph holding `offset`."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def for_span(self, start: int, end: int) -> list[str]:
        """Sources whose scope covers the span, best first."""
        if not self.studies:
            return []
        order = {s: i for i, s in enumerate(self.discussed())}
        p = self.paragraph_of(start)
        for q in range(p, -1, -1):
            here = self.placed.get(q)
            if here:
                found = sorted(here, key=lambda s: (-here[s], order[s]))
                s_start, s_end = sentence_at(self.folded, start, end)
                out = [self.version_for(s, s_start, s_end) for s in found]
                return list(dict.fromkeys(out))
        cited = sorted(self.cited, key=order.__getitem__)
        return cited or [self.studies[0].source]

    def version_for(self, source_id: str, sentence_start: int, sentence_end: int) -> str:
        """The member of `source_id`'s guideline family the sentence speaks of (itself when none)."""
        family = self.index.family.get(source_id) if self.index else None
        if not family:
            return source_id
        return version_at(self.folded, sentence_start, sentence_end, family, self.index.first_year,
                          self.article_year, self.index.content)

    def historical(self, sentence_start: int, sentence_end: int) -> bool:
        """Whether the sentence tells past advice ("used to", "in 2009 NICE advised", "no longer")."""
        families = {self.index.family[s] for s in self.discussed() if self.index and s in self.index.family}
        if not families:
            return has_cue(self.folded, sentence_start, sentence_end, signals().historical)
        return any(tells_past(self.folded, sentence_start, sentence_end, f, self.index.first_year,
                              self.article_year) for f in families)

    @property
    def says_changed(self) -> bool:
        """Whether the article tells the reader the advice changed ("no longer", "new guideline")."""
        return has_cue(self.folded, 0, len(self.folded), signals().changed)

    def named_in(self, source_id: str, start: int, end: int) -> bool:
        """Whether evidence that places `source_id` stands in `[start, end)` (its name, numbers, ...)."""
        link = self.link(source_id)
        placing = signals().placing
        return link is not None and any(e.signal in placing and e.start is not None and start <= e.start < end
                                        for e in link.evidence)

    def sentence_at(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The sentence around a span (for callers without one)."""
        return sentence_at(self.folded, start, end)

    # --- the old Resolution API --------------------------------------------------------------------

    @property
    def scores(self) -> dict[str, float]:
        return {s.source: s.score for s in self.studies}

    @property
    def mentions(self) -> dict[str, list[Mention]]:
        out: dict[str, list[Mention]] = {}
        for study in self.studies:
            out[study.source] = [Mention(study.source, e.start or 0, e.end or 0, OLD_KIND[e.signal])
                                 for e in study.evidence if e.signal in OLD_KIND]
        return out

    def ranked(self) -> list[str]:
        return self.discussed()

    def near(self, start: int, end: int, window: int = 0) -> list[str]:
        """Linked sources with naming evidence within [start - window, end + window), best first."""
        placing = signals().placing
        return [s.source for s in self.studies if any(
            e.signal in placing and e.start is not None and e.end is not None
            and e.start < end + window and start - window < e.end for e in s.evidence)]

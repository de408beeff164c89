"""Check a draft against the study it reports: `claimcheck check draft.md --against SOURCE`.

    from claimcheck.against import load_against, check_against
    src = load_against("abstract.txt")          # or a URL, "doi:10.…", "pmid:…"
    report = check_against(["draft.md"], [src])

The source (an abstract, press release or key points) is read with the article pipeline into a
temporary register entry (`draft.py`): its numbers with their frames become findings, its arms and
sizes, design and conclusion strength are read from its wording. The draft article is then graded
against that entry with the same rules as against the register — the entry is linked to every
paragraph of the article — and, following Sumner et al. (BMJ 2014), checked for the three
exaggerations press coverage adds (`sumner.py`). `claimcheck sources draft SOURCE` prints the entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimcheck.against.draft import DraftEntry, draft_entry, to_source, to_toml
from claimcheck.against.read import read_source
from claimcheck.errors import InputError
from claimcheck.model import Document, DocumentResult, Evidence, StudyLink

if TYPE_CHECKING:
    from claimcheck.ingest import IngestOptions
    from claimcheck.register import Register

__all__ = ["AgainstSource", "DraftEntry", "force_links", "grade_against", "load_against", "overlay", "to_toml"]

#: The score of a link the user asked for: above anything the article's own evidence can reach.
FORCED_SCORE = 100.0


@dataclass(slots=True)
class AgainstSource:
    """A source given with `--against`: its text, the draft entry read from it, and that entry validated."""

    spec: str
    document: Document
    entry: DraftEntry
    source: Any

    @property
    def id(self) -> str:
        return self.entry.id


def load_against(spec: str, options: IngestOptions | None = None, index: int = 1) -> AgainstSource:
    """Read `spec` and draft its register entry; InputError (one line naming `spec`) when it can't be."""
    from claimcheck.extract import extract

    doc, record = read_source(spec, options)
    extraction = extract(doc)
    sentences = [(s.start, s.end, s.text) for s in extraction.sentences]
    entry = draft_entry(doc, extraction.claims, sentences, spec, record)
    if index > 1:
        entry.table["id"] = f"{entry.table['id']}-{index}"
    try:
        source = to_source(entry)
    except ValueError as exc:
        raise InputError(spec, f"could not be read as a source ({exc})") from exc
    return AgainstSource(spec=spec, document=doc, entry=entry, source=source)


class _Chain(Mapping[str, Any]):
    """The register's sources with the drafts laid over them (read-only, nothing copied)."""

    def __init__(self, base: Mapping[str, Any], extra: dict[str, Any]) -> None:
        self._base = base
        self._extra = extra

    def __getitem__(self, key: str) -> Any:
        if key in self._extra:
            return self._extra[key]
        return self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._extra or key in self._base

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from (k for k in self._extra if k not in self._base)

    def __len__(self) -> int:
        return len(self._base) + sum(k not in self._base for k in self._extra)


def overlay(register: Register, sources: list[AgainstSource]) -> Register:
    """A Register holding `register`'s entries and the drafts (the original is left untouched)."""
    import hashlib

    from claimcheck.register.index import Register as RegisterClass

    extra = {s.id: s.source for s in sources}
    # Caches keyed by the register's version (link and claim indexes) must not mix two overlays.
    digest = hashlib.sha256(repr(sorted((s.id, s.entry.table.__repr__()) for s in sources)).encode()).hexdigest()[:12]
    version = f"{register.version}+against-{digest}"
    return RegisterClass(register.root, _Chain(register.sources, extra), register.claims, version)  # type: ignore[arg-type]


def force_links(links: Any, result: DocumentResult, sources: list[AgainstSource]) -> None:
    """Link every paragraph of the article to the `--against` sources, ahead of any other link."""
    if not sources:
        return
    forced = [StudyLink(source=s.id, score=FORCED_SCORE, cited=True,
                        evidence=[Evidence(signal="against", text=s.spec, weight=FORCED_SCORE)]) for s in sources]
    ids = {s.id for s in sources}
    links.studies = forced + [s for s in links.studies if s.source not in ids]
    for i in range(max(1, len(getattr(links, "paragraphs", []) or []))):
        here = links.placed.setdefault(i, {})
        if isinstance(here, dict):  # paragraph -> {source: weight of its placing evidence}
            here.update(dict.fromkeys(ids, FORCED_SCORE))
        else:
            here.update(ids)
    links.__post_init__()
    result.studies = list(links.studies)


def grade_against(result: DocumentResult, register: Register, sources: list[AgainstSource]) -> None:
    """Grade `result` against the drafts (and the register), then add the Sumner exaggerations."""
    from claimcheck.against.numbers import compare_numbers
    from claimcheck.against.sumner import exaggerations
    from claimcheck.extract.sentences import split_sentences
    from claimcheck.grade import grade_result

    grade_result(result, register, against=lambda links: force_links(links, result, sources))
    lang = result.document.language or "en"
    for source in sources:
        compare_numbers(result.claims, source.source, lang)
    sentences = split_sentences(result.document.text)
    limit = result.document.comments_start
    if limit is not None:
        sentences = [s for s in sentences if s.start < limit]
    for source in sources:
        result.findings.extend(exaggerations(result, source.entry, sentences, source.document.language or "en"))
    result.findings.sort(key=lambda f: ({"error": 0, "warning": 1, "info": 2}[f.severity],
                                        f.start if f.start is not None else -1, f.rule, f.caveat or ""))

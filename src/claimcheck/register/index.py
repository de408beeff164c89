"""The loaded register and its indexes, built once so that no lookup scans the whole register."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from claimcheck.register.schema import ClaimEntry, Finding, Source
from claimcheck.register.text import (
    doi_from_url,
    normalize,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    normalize_url,
    pmcid_from_url,
    pmid_from_url,
)

STATES = ("current", "superseded", "retracted", "withdrawn")


class Alias(NamedTuple):
    """A name an article may use for a source, normalised with `normalize`.

    `kind` is ``name`` (trial, intervention or study names), ``journal`` or ``institution``; `lang`
    is ``en`` or ``nl`` for names and None for journals and institutions (any language).
    """

    text: str
    source: str
    kind: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """Whether a source is still the one to cite.

    `state` is current, superseded, retracted or withdrawn (retraction wins over supersession, which
    wins over withdrawal). `successor` is the entry that directly replaced it and `latest` the end of
    the chain of successors (both None when there is none); `note` is the `withdrawn` date or note.
    """

    state: str
    successor: str | None = None
    latest: str | None = None
    note: str = ""

    def __str__(self) -> str:
        return self.state


class LazySources(Mapping[str, "Source"]):
    """Sources kept pickled one by one and unpickled on first access (the on-disk register cache)."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = blobs
        self._loaded: dict[str, Source] = {}

    @classmethod
    def of(cls, sources: Mapping[str, Source]) -> LazySources:
        import pickle

        return cls({sid: pickle.dumps(src, protocol=pickle.HIGHEST_PROTOCOL) for sid, src in sources.items()})

    def __getitem__(self, key: str) -> Source:
        found = self._loaded.get(key)
        if found is None:
            import pickle

            found = self._loaded[key] = pickle.loads(self._blobs[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def __getstate__(self) -> dict[str, bytes]:
        return self._blobs

    def __setstate__(self, state: dict[str, bytes]) -> None:
        self._blobs = state
        self._loaded = {}


class Register:
    """The sources and claims of a register, validated, with lookups by identifier, URL and alias.

    Build it with `claimcheck.register.load_register`; treat it (and its entries) as read-only: one
    instance is shared by every caller that loads the same unchanged files.
    """

    def __init__(
        self,
        root: Path,
        sources: dict[str, Source],
        claims: dict[str, ClaimEntry],
        version: str,
    ) -> None:
        self.root = root
        self.sources = sources
        self.claims = claims
        self.version = version

    # Indexes are built on first use (each once), so a command that only lists entries pays for none.

    def prepare_indexes(self) -> None:
        """Build every index now (before caching the register on disk or forking workers)."""
        for name in ("_identifiers", "_successor", "_aliases", "_claims_by_source"):
            getattr(self, name)
        from claimcheck.grade.resolve import alias_index

        self._grade_alias_index = alias_index(self)

    @cached_property
    def _identifiers(self) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
        doi: dict[str, str] = {}
        pmid: dict[str, str] = {}
        pmcid: dict[str, str] = {}
        url: dict[str, str] = {}
        for source_id, source in self.sources.items():
            ids = source.identifiers
            if ids.doi:
                doi.setdefault(normalize_doi(ids.doi), source_id)
            if ids.pmid:
                pmid.setdefault(normalize_pmid(ids.pmid), source_id)
            if ids.pmcid:
                pmcid.setdefault(normalize_pmcid(ids.pmcid), source_id)
            for link in ids.urls:
                url.setdefault(normalize_url(link), source_id)
        return doi, pmid, pmcid, url

    @cached_property
    def _successor(self) -> dict[str, str]:
        successor = {sid: s.superseded_by for sid, s in self.sources.items() if s.superseded_by}
        for source_id, source in self.sources.items():
            for old in source.supersedes:
                successor.setdefault(old, source_id)
        return successor

    @cached_property
    def _aliases(self) -> list[Alias]:
        seen: set[Alias] = set()
        aliases: list[Alias] = []
        for source_id, source in self.sources.items():
            names = [
                *((text, "name", "en") for text in source.aliases.en),
                *((text, "name", "nl") for text in source.aliases.nl),
                *((text, "journal", None) for text in [source.journal, *source.aliases.journal] if text),
                *((text, "institution", None) for text in [*source.institutions, *source.aliases.institution]),
            ]
            for text, kind, lang in names:
                alias = Alias(normalize(text), source_id, kind, lang)
                if alias.text and alias not in seen:
                    seen.add(alias)
                    aliases.append(alias)
        return aliases

    @cached_property
    def _claims_by_source(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for claim_id, claim in self.claims.items():
            related = dict.fromkeys([*claim.sources, *(ref.split("#", 1)[0] for ref in claim.findings)])
            for source_id in related:
                index.setdefault(source_id, []).append(claim_id)
        return index

    def __repr__(self) -> str:
        return f"<Register {self.root} {len(self.sources)} sources, {len(self.claims)} claims, {self.version}>"

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources.values())

    def by_doi(self, doi: str) -> Source | None:
        """The source with this DOI (any spelling: bare, ``doi:…``, ``https://doi.org/…``), or None."""
        source_id = self._identifiers[0].get(normalize_doi(doi))
        return self.sources[source_id] if source_id else None

    def by_pmid(self, pmid: str | int) -> Source | None:
        """The source with this PubMed id, or None."""
        source_id = self._identifiers[1].get(normalize_pmid(pmid))
        return self.sources[source_id] if source_id else None

    def by_pmcid(self, pmcid: str) -> Source | None:
        """The source with this PubMed Central id (``PMC…``), or None."""
        source_id = self._identifiers[2].get(normalize_pmcid(pmcid))
        return self.sources[source_id] if source_id else None

    def by_url(self, url: str) -> Source | None:
        """The source a URL points at, or None.

        Matches the entry's `identifiers.urls` ignoring scheme, ``www.``, trailing slash, fragment and
        tracking parameters; doi.org links and publishers' ``/doi/10.…`` pages by DOI; PubMed and
        PubMed Central pages by PMID and PMCID.
        """
        source_id = self._identifiers[3].get(normalize_url(url))
        if source_id:
            return self.sources[source_id]
        if doi := doi_from_url(url):
            return self.by_doi(doi)
        if pmid := pmid_from_url(url):
            return self.by_pmid(pmid)
        if pmcid := pmcid_from_url(url):
            return self.by_pmcid(pmcid)
        return None

    def aliases(self) -> list[Alias]:
        """Every (normalised alias text, source id, kind, lang): names, journals and institutions.

        Includes each source's `journal` and `institutions` besides its `[aliases]`. Built once;
        do not modify the list.
        """
        return self._aliases

    def status(self, source_id: str) -> SourceStatus:
        """Whether `source_id` is current, superseded, retracted or withdrawn, with its successor.

        A source counts as superseded when its `superseded_by` is set or another entry lists it in
        `supersedes`. Raises KeyError for an unknown id.
        """
        source = self.sources[source_id]
        successor = self._successor.get(source_id)
        latest = self.latest(source_id) if successor else None
        withdrawn = source.withdrawn
        note = withdrawn.isoformat() if hasattr(withdrawn, "isoformat") else str(withdrawn or "")
        if source.retracted:
            state = "retracted"
        elif successor:
            state = "superseded"
        elif note:
            state = "withdrawn"
        else:
            state = "current"
        return SourceStatus(state, successor, latest, note)

    def latest(self, source_id: str) -> str:
        """The end of `source_id`'s chain of successors (itself when it is current)."""
        seen = {source_id}
        while (nxt := self._successor.get(source_id)) and nxt not in seen:
            seen.add(nxt)
            source_id = nxt
        return source_id

    def finding(self, ref: str) -> tuple[Source, Finding] | None:
        """The source and finding named by ``source-id#finding-id``, or None."""
        source_id, _, finding_id = ref.partition("#")
        source = self.sources.get(source_id)
        finding = source.finding(finding_id) if source else None
        return (source, finding) if source and finding else None

    def claims_citing(self, source_id: str) -> list[ClaimEntry]:
        """The claim entries whose `sources` or `findings` name `source_id`."""
        return [self.claims[c] for c in self._claims_by_source.get(source_id, [])]

    def source_path(self, source_id: str) -> Path:
        """The file of a source entry."""
        return self.root / "sources" / f"{source_id}.toml"

    def claim_path(self, claim_id: str) -> Path:
        """The file of a claim entry."""
        return self.root / "claims" / f"{claim_id}.toml"

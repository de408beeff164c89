"""Rules of the register that the schema's field types cannot express.

They run on the raw TOML tables (not on validated models), defensively, so that they report their
problems even when the same file also has structural ones: validation lists every problem at once.

- `check_source` / `check_claim`: rules within one entry (a number needs a locator and a confidence,
  `partly` needs a secondary source, references between arms, findings and caveats, duplicate ids…).
- `check_cross`: rules between files (supersession, references from claims to sources and findings,
  one DOI or PMID per source).

Each returns (field, problem) pairs or `Problem`s; the loader adds the file name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from claimcheck.register.schema import FINDING_REF_PATTERN, placeholder
from claimcheck.register.text import normalize_doi, normalize_pmid

FieldProblem = tuple[str, str]

#: Sections whose items may carry locator / confidence / secondary_source.
_SOURCED_LISTS = ("arms", "findings", "conflicts_of_interest", "recommendations")
_ID_LISTS = ("arms", "findings", "caveats", "recommendations")
_LISTS = ("arms", "findings", "caveats", "conflicts_of_interest", "recommendations")


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem of the register: `file: field: problem`."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


def _tables(entry: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, table) for each table of the array `key`, skipping anything that is not a table."""
    value = entry.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _blank(value: Any) -> bool:
    return not (isinstance(value, str) and value.strip())


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _sourcing(item: dict[str, Any], path: str, required: bool, add: Callable[[FieldProblem], None]) -> None:
    """Locator and confidence (when `required`), and secondary_source for a `partly` confidence."""
    if required:
        locator = item.get("locator")
        if locator is None or (isinstance(locator, str) and not locator.strip()):
            add((f"{path}.locator", "required for every number: where in the paper (or fact file) it is"))
        if "confidence" not in item:
            add((f"{path}.confidence", "required for every number: confirmed or partly"))
    if item.get("confidence") == "partly" and _blank(item.get("secondary_source")):
        add((f"{path}.secondary_source", "required when confidence is 'partly': name the secondary source"))


def _ids(entry: dict[str, Any], key: str) -> list[str]:
    return [item["id"] for _, item in _tables(entry, key) if isinstance(item.get("id"), str)]


# Substrings that may betray a placeholder; `in` on the raw text is far faster than a regex or lower().
_PLACEHOLDER_TOKENS = tuple(
    {"…", "...", *(v for w in ("todo", "tbd", "xxx", "fixme") for v in (w, w.upper(), w.capitalize()))}
)


def check_placeholders(entry: dict[str, Any], text: str) -> list[FieldProblem]:
    """Strings that are placeholders ("…", "TODO") instead of text; `text` is the file's TOML."""
    if not any(token in text for token in _PLACEHOLDER_TOKENS):  # the common case: a few fast scans
        return []
    problems: list[FieldProblem] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, str) and placeholder(value):
            problems.append((path, f"placeholder text '{value.strip()}': write the real text or leave it out"))

    walk(entry, "")
    return problems


def check_source(entry: dict[str, Any], stem: str) -> list[FieldProblem]:
    """Problems within one source entry whose file is `<stem>.toml`."""
    problems: list[FieldProblem] = []
    add = problems.append
    entry_id = entry.get("id")
    if isinstance(entry_id, str) and entry_id != stem:
        add(("id", f"'{entry_id}' does not match the file name '{stem}.toml'"))
    lists = {key: _tables(entry, key) for key in _LISTS}

    # Numbers need a locator and a confidence; partly needs a secondary source.
    population = entry.get("population")
    if isinstance(population, dict):
        _sourcing(population, "population", "n" in population, add)
    for key in _SOURCED_LISTS:
        for i, item in lists[key]:
            _sourcing(item, f"{key}[{i}]", key == "findings" or (key == "arms" and "n" in item), add)

    # Ids unique within each list.
    ids: dict[str, set[str]] = {}
    for key in _ID_LISTS:
        seen: dict[str, int] = {}
        for i, item in lists[key]:
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                add((f"{key}[{i}].id", f"duplicate id '{item_id}' (also {key}[{seen[item_id]}])"))
            else:
                seen[item_id] = i
        ids[key] = set(seen)

    for i, finding in lists["findings"]:
        _check_finding(finding, f"findings[{i}]", ids["arms"], add)
    for i, caveat in lists["caveats"]:
        _check_caveat(caveat, f"caveats[{i}]", ids["findings"], add)

    if isinstance(entry_id, str):
        if entry.get("superseded_by") == entry_id:
            add(("superseded_by", "an entry cannot supersede itself"))
        supersedes = entry.get("supersedes")
        if isinstance(supersedes, list) and entry_id in supersedes:
            add((f"supersedes[{supersedes.index(entry_id)}]", "an entry cannot supersede itself"))
    problems.extend(_check_year(entry))
    return problems


def _check_finding(
    finding: dict[str, Any], path: str, arm_ids: set[str], add: Callable[[FieldProblem], None]
) -> None:
    arm = finding.get("arm")
    if isinstance(arm, str) and arm and arm not in arm_ids:
        known = ", ".join(sorted(arm_ids)) or "none defined"
        add((f"{path}.arm", f"'{arm}' names no arm of this entry (arms: {known})"))
    if "value" not in finding and "effect" not in finding:
        add((f"{path}.value", "required: the number itself (or an effect table)"))
    numerator, denominator = _number(finding.get("numerator")), _number(finding.get("denominator"))
    if numerator is not None and denominator:
        if numerator > denominator:
            add((f"{path}.numerator", f"{numerator:g} is larger than the denominator {denominator:g}"))
        value = _number(finding.get("value"))
        if finding.get("kind") == "percentage" and value is not None:
            share = 100.0 * numerator / denominator
            if abs(share - value) > 1.0:
                add((
                    f"{path}.value",
                    f"{value:g}% does not agree with numerator/denominator "
                    f"({numerator:g}/{denominator:g} = {share:.1f}%)",
                ))
    low, high = _number(finding.get("low")), _number(finding.get("high"))
    if low is not None and high is not None and low > high:
        add((f"{path}.low", f"low {low:g} is above high {high:g}"))
    effect = finding.get("effect")
    if isinstance(effect, dict):
        value, ci_low, ci_high = (_number(effect.get(k)) for k in ("value", "ci_low", "ci_high"))
        if ci_low is not None and ci_high is not None and (ci_low, ci_high) != (0.0, 0.0):
            if ci_low > ci_high:
                add((f"{path}.effect.ci_low", f"ci_low {ci_low:g} is above ci_high {ci_high:g}"))
            elif value is not None and not ci_low <= value <= ci_high:
                add((f"{path}.effect.value", f"{value:g} lies outside its interval [{ci_low:g}, {ci_high:g}]"))


def _check_caveat(
    caveat: dict[str, Any], path: str, finding_ids: set[str], add: Callable[[FieldProblem], None]
) -> None:
    findings = caveat.get("findings")
    findings = findings if isinstance(findings, list) else []
    for k, ref in enumerate(findings):
        if isinstance(ref, str) and ref not in finding_ids:
            add((f"{path}.findings[{k}]", f"'{ref}' names no finding of this entry"))
    applies = caveat.get("applies", "discussed")
    if applies == "findings" and not findings:
        add((f"{path}.findings", "required when applies = 'findings': the findings it applies to"))
    elif findings and applies in ("discussed", "cited"):
        add((f"{path}.findings", f"only used with applies = 'findings' (applies is '{applies}')"))


def _check_year(entry: dict[str, Any]) -> Iterator[FieldProblem]:
    year = entry.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        return
    # The citation year is the print year, or for online-only work the online year. Without a print
    # date nothing can be said: the print year may be later than the online one.
    printed, online = (entry.get(k) for k in ("published_print", "published_online"))
    if not isinstance(printed, dt.date) or isinstance(printed, dt.datetime):
        return
    years = {printed.year}
    if isinstance(online, dt.date):
        years.add(online.year)
    if year not in years:
        given = f"published_print = {printed.isoformat()}"
        if isinstance(online, dt.date):
            given += f", published_online = {online.isoformat()}"
        yield "year", f"{year} matches neither publication date ({given})"


def check_claim(entry: dict[str, Any], stem: str) -> list[FieldProblem]:
    """Problems within one claim entry whose file is `<stem>.toml`."""
    problems: list[FieldProblem] = []
    entry_id = entry.get("id")
    if isinstance(entry_id, str) and entry_id != stem:
        problems.append(("id", f"'{entry_id}' does not match the file name '{stem}.toml'"))
    sources = entry.get("sources")
    if entry.get("verdict") not in (None, "unverified") and not sources and not entry.get("findings"):
        problems.append(("sources", "required: the sources behind the verdict (unless it is 'unverified')"))
    for key in ("sources", "findings"):
        values = entry.get(key)
        if isinstance(values, list):
            seen: set[Any] = set()
            for k, value in enumerate(values):
                if isinstance(value, str) and value in seen:
                    problems.append((f"{key}[{k}]", f"'{value}' is listed twice"))
                seen.add(value)
    return problems


def check_cross(
    sources: dict[str, tuple[str, dict[str, Any] | None]],
    claims: dict[str, tuple[str, dict[str, Any]]],
) -> list[Problem]:
    """Problems between files.

    `sources` maps each source file's stem to (relative file name, raw table or None when the file
    could not be read); `claims` likewise for claims. Stems stand for ids: a file whose id differs
    from its name is already reported by `check_source`.
    """
    problems: list[Problem] = []
    add = problems.append
    known = set(sources)
    successor: dict[str, str] = {}
    claimed_by: dict[str, str] = {}  # older id -> id of the entry whose `supersedes` lists it

    doi_seen: dict[str, str] = {}
    pmid_seen: dict[str, str] = {}
    for stem, (file, entry) in sorted(sources.items()):
        if entry is None:
            continue
        supersedes = entry.get("supersedes")
        if isinstance(supersedes, list):
            for k, old in enumerate(supersedes):
                if not isinstance(old, str):
                    continue
                if old not in known:
                    add(Problem(file, f"supersedes[{k}]", f"unknown source '{old}'"))
                elif old != stem:
                    claimed_by.setdefault(old, stem)
        new = entry.get("superseded_by")
        if isinstance(new, str) and new and new != stem:
            if new not in known:
                add(Problem(file, "superseded_by", f"unknown source '{new}'"))
            else:
                successor[stem] = new
        identifiers = entry.get("identifiers")
        if isinstance(identifiers, dict):
            for key, seen, norm in (("doi", doi_seen, normalize_doi), ("pmid", pmid_seen, normalize_pmid)):
                value = identifiers.get(key)
                if isinstance(value, str) and value.strip():
                    value = norm(value)
                    if value in seen:
                        add(Problem(file, f"identifiers.{key}", f"same {key} as {sources[seen[value]][0]}"))
                    else:
                        seen[value] = stem

    for old, new in sorted(claimed_by.items()):
        file, entry = sources[old]
        declared = successor.get(old)
        if declared and declared != new:
            add(Problem(file, "superseded_by", f"'{declared}', but {sources[new][0]} says it supersedes this entry"))

    chains = {**{old: new for old, new in claimed_by.items() if old not in successor}, **successor}
    reported: set[str] = set()
    for start in sorted(chains):
        path = [start]
        node = start
        while node in chains:
            node = chains[node]
            if node in path:
                cycle = [*path[path.index(node):], node]
                if not reported.intersection(cycle):
                    add(Problem(sources[node][0], "superseded_by", "supersession cycle: " + " → ".join(cycle)))
                    reported.update(cycle)
                break
            path.append(node)

    findings_of: dict[str, set[str]] = {}
    for stem, (_, entry) in sources.items():
        if entry is not None:
            findings_of[stem] = set(_ids(entry, "findings"))
    for _stem, (file, entry) in sorted(claims.items()):
        refs = entry.get("sources")
        if isinstance(refs, list):
            for k, ref in enumerate(refs):
                if isinstance(ref, str) and ref not in known:
                    add(Problem(file, f"sources[{k}]", f"unknown source '{ref}'"))
        refs = entry.get("findings")
        if isinstance(refs, list):
            for k, ref in enumerate(refs):
                match = FINDING_REF_PATTERN.match(ref) if isinstance(ref, str) else None
                if not match:
                    continue
                source_id, finding_id = match.groups()
                if source_id not in known:
                    add(Problem(file, f"findings[{k}]", f"unknown source '{source_id}'"))
                elif source_id in findings_of and finding_id not in findings_of[source_id]:
                    add(Problem(file, f"findings[{k}]", f"source '{source_id}' has no finding '{finding_id}'"))
    return problems

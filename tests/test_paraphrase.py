"""Paraphrase families (docs/seams.md §7): for one meaning, many wordings that must get one verdict.

Every file in tests/paraphrase/ is run, whoever wrote it:

```toml
rule = "denominator-mismatch"        # or finding = "ashar-2022-prt#painfree-post-prt"
context = { en = "...", nl = "..." } # optional sentences before each variant (the link's evidence)
[[family]]
name = "..."                         # optional, for reports
verdict = "overstated"               # every variant gets this verdict (or: rule = ..., or clean = true)
en = ["...", "..."]                  # at least eight per language
nl = ["...", "..."]
```

Each variant is checked as an article of its own: the context, a space, the variant (one paragraph).
Only the claims inside the variant are judged:

- `verdict = V`: the worst verdict of the variant's numeric claims is V;
- `rule = R` (on the family, else the file's `rule`, when no verdict or clean is given): an issue with
  rule R on a claim of the variant, or an article finding with rule R;
- `clean = true`: no issue of severity error or warning on any claim of the variant (only on its
  numeric claims with `judge = "numeric"`), and, when the file names a `finding` (or the family a
  `match`), a numeric claim of the variant matched to it;
- `not_rule = R`: no issue or finding with rule R; `caveat = C` narrows `rule`/`not_rule` to article
  findings about caveat C, `severity = S` to issues or findings of that severity;
- `claim = C` / `not_claim = C`: a claim of the variant is (is not) matched to recurring claim C
  (with `verdict`, the verdict is that claim's).

A family may also set `finding = "source#id"` to require that its flagged or verdict claim is matched
to that finding. Each family reports its pass rate; the test fails when a family has a failing
variant. `python tests/test_paraphrase.py` prints every family's pass rate.
"""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent / "paraphrase"
NUMERIC = {"percentage", "count", "sample_size", "duration", "ratio", "range", "effect_size"}
ORDER = ["unverified", "accurate", "imprecise", "overstated", "outdated", "inaccurate"]
MIN_VARIANTS = 8


def _files() -> list[Path]:
    return sorted(HERE.glob("*.toml")) if HERE.is_dir() else []


@cache
def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _families() -> list[tuple[Path, int]]:
    return [(p, i) for p in _files() for i in range(len(_load(p).get("family", [])))]


def _family_id(item: tuple[Path, int]) -> str:
    path, index = item
    family = _load(path)["family"][index]
    return f"{path.stem}:{family.get('name') or index}"


@cache
def _register() -> Any:
    from claimcheck.register import default_register_root, load_register

    return load_register(default_register_root())


def _check(text: str, lang: str) -> Any:
    from claimcheck.checker import check_document
    from claimcheck.ingest import text_document

    doc = text_document(text, "paraphrase.txt")
    doc.language = lang
    return check_document(doc, _register())


def judge(spec: dict[str, Any], family: dict[str, Any], lang: str, variant: str) -> str | None:
    """None when the variant gets the family's verdict; else what went wrong, in one line."""
    context = (spec.get("context") or {}).get(lang, "")
    text = f"{context} {variant}".strip() if context else variant
    start = len(text) - len(variant)
    result = _check(text, lang)
    mine = [c for c in result.claims if c.start >= start]
    numeric = [c for c in mine if c.kind in NUMERIC]
    only_numeric = (family.get("judge") or spec.get("judge")) == "numeric"
    judged = numeric if only_numeric else mine
    findings = list(result.findings)
    wanted = family.get("finding") or family.get("match") or (spec.get("finding") if family.get("clean") else None)
    caveat = family.get("caveat")
    severity = family.get("severity")
    problems: list[str] = []

    def said() -> str:
        parts = [f"{c.text!r}:{c.verdict}:{'/'.join(i.rule for i in c.issues) or '-'}"
                 f"@{(c.match.finding if c.match else None)}" for c in numeric]
        parts += [f"{c.text!r}:{'/'.join(i.rule for i in c.issues if i.severity != 'info')}" for c in mine
                  if c.kind not in NUMERIC and any(i.severity != "info" for i in c.issues)]
        parts += [f"finding {f.rule}:{f.caveat}:{f.severity}" for f in findings
                  if f.severity != "info" and f.rule not in ("no-citation",)]
        return "; ".join(parts) or "no claims"

    def matched(claims: list[Any]) -> bool:
        if not wanted:
            return True
        source, _, finding = str(wanted).partition("#")
        return any(c.match is not None and c.match.source == source and (not finding or c.match.finding == finding)
                   for c in claims)

    def rule_hits(rule: str) -> tuple[list[Any], list[Any]]:
        claims = [c for c in mine if any(i.rule == rule and (not severity or i.severity == severity)
                                         for i in c.issues)]
        found = [f for f in findings if f.rule == rule and (not caveat or f.caveat == caveat)
                 and (not severity or f.severity == severity)]
        if caveat:
            claims = []  # a caveat is an article finding
        return claims, found

    def of_claim(claim_id: str) -> list[Any]:
        return [c for c in mine if c.match is not None and c.match.claim == claim_id]

    if family.get("clean"):
        bad = [(c, i) for c in judged for i in c.issues if i.severity in ("error", "warning")]
        if bad:
            problems.append("not clean")
        elif not matched([c for c in numeric if c.verdict == "accurate"]):
            problems.append(f"not matched to {wanted}")
    if family.get("claim") and not of_claim(str(family["claim"])):
        problems.append(f"not read as claim {family['claim']}")
    if family.get("not_claim") and of_claim(str(family["not_claim"])):
        problems.append(f"read as claim {family['not_claim']}")
    if family.get("verdict"):
        value = str(family["verdict"])
        pool = of_claim(str(family["claim"])) if family.get("claim") else (numeric or mine)
        verdicts = [c.verdict or "unverified" for c in pool]
        worst = max(verdicts, key=ORDER.index) if verdicts else "unverified"
        if worst != value:
            problems.append(f"verdict {worst}, wanted {value}")
        elif not matched([c for c in pool if c.verdict == value]):
            problems.append(f"not matched to {wanted}")
    rule = family.get("rule") or (spec.get("rule") if not any(
        family.get(k) for k in ("clean", "verdict", "not_rule", "claim", "not_claim")) else None)
    if rule:
        claims, found = rule_hits(str(rule))
        if not claims and not found:
            problems.append(f"no {rule}")
        elif claims and wanted and not matched(claims):
            problems.append(f"{rule} not on {wanted}")
    if family.get("not_rule"):
        claims, found = rule_hits(str(family["not_rule"]))
        if claims or found:
            problems.append(f"{family['not_rule']} raised")
    if not any(family.get(k) for k in ("clean", "verdict", "rule", "not_rule", "claim", "not_claim")) and not rule:
        problems.append("the family names no expectation (verdict, rule, clean, not_rule, claim)")
    return f"{', '.join(problems)}: {said()}" if problems else None


def run_family(path: Path, index: int) -> tuple[int, int, list[str]]:
    """(passed, total, failures) for one family."""
    spec = _load(path)
    family = spec["family"][index]
    passed, total, failures = 0, 0, []
    for lang in ("en", "nl"):
        for variant in family.get(lang, []):
            total += 1
            problem = judge(spec, family, lang, variant)
            if problem is None:
                passed += 1
            else:
                failures.append(f"[{lang}] {variant} -> {problem}")
    return passed, total, failures


def test_there_are_families() -> None:
    assert _families(), "tests/paraphrase/ holds no families"


@cache
def known_gaps() -> dict[str, str]:
    """Families the tool does not pass yet, each with its diagnosis (tests/paraphrase-known-gaps.toml).

    They still run: a known gap that fails is reported as xfail with its pass rate; one that passes
    fails the test until its line is removed. Never add a line to hide a regression.
    """
    path = HERE.parent / "paraphrase-known-gaps.toml"
    return dict(tomllib.loads(path.read_text("utf-8")).get("gaps", {})) if path.exists() else {}


@pytest.mark.parametrize("item", _families(), ids=_family_id)
def test_family(item: tuple[Path, int]) -> None:
    path, index = item
    family = _load(path)["family"][index]
    short = [lang for lang in ("en", "nl") if len(family.get(lang, [])) < MIN_VARIANTS]
    passed, total, failures = run_family(path, index)
    rate = f"{_family_id(item)}: {passed}/{total} variants pass"
    if short:
        rate += f" (fewer than {MIN_VARIANTS} variants in {', '.join(short)}; docs/seams.md §7 asks for {MIN_VARIANTS})"
    print(rate)
    gap = known_gaps().get(_family_id(item))
    if gap is not None:
        assert failures, f"{rate}: a known gap now passes; remove its line from tests/paraphrase-known-gaps.toml"
        pytest.xfail(f"known gap ({gap}): {rate}")
    assert not failures, rate + "\n" + "\n".join(failures)


def main(argv: list[str]) -> int:
    """Print every family's pass rate (and, with -v, each failing variant)."""
    verbose = "-v" in argv
    failing = 0
    for path, index in _families():
        passed, total, failures = run_family(path, index)
        failing += bool(failures)
        print(f"{passed:3d}/{total:<3d} {_family_id((path, index))}")
        if verbose:
            for line in failures:
                print("        " + line)
    print(f"families: {len(_families())}, failing: {failing}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Measure claim extraction: quality on the hand-marked gold paragraphs, the seed expectations, and
robustness and speed on the real news sample.

    python benchmarks/extraction.py                 # all three
    python benchmarks/extraction.py --only gold -v  # list misses, false positives, wrong values

Gold: tests/extraction/gold.toml (recall and precision by span overlap, plus how often kind, value
and qualifier are right); the held-out sets heldout.toml and heldout2.toml are scored the same way and
only reported. Seeds: ../shared/seeds/expected.json (anchor/kinds/value/qualifier of every
expected claim, the citations' DOIs, no numeric claims where forbidden). News: every article of
../shared/benchmarks/news-sample/healthstory-sample.jsonl is extracted; the benchmark counts crashes
and internal errors, checks that every claim's text is its span, and reports articles and claims per
second on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# measure this checkout, whatever else is installed
sys.path.insert(0, str(ROOT / "src"))

from claimcheck.extract import extract  # noqa: E402
from claimcheck.extract.evaluate import GoldScore, check_seed_claim, score_paragraph  # noqa: E402
from claimcheck.model import Document, OffsetMap  # noqa: E402

SHARED = ROOT.parent / "shared"
#: seed expectations without a kind that the extractor must meet with a strength claim
STRENGTH_ANCHORS = {"headline-verdrijft", "most-free-for-a-year", "doorbraak", "rat"}


def run_gold(path: Path, verbose: bool, label: str = "gold", bar: bool = True) -> bool:
    """Score extract() on hand-marked paragraphs; True when the quality bar is met (or `bar` is off)."""
    if not path.exists():
        print(f"{label}: {path} not found, skipped")
        return True
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    score = GoldScore()
    langs = {"nl": 0, "en": 0}
    for p in data["paragraph"]:
        langs[p["lang"]] = langs.get(p["lang"], 0) + 1
        doc = Document(input=p["id"], text=p["text"], language=p["lang"])
        score_paragraph(p["id"], p["text"], extract(doc).claims, p["claims"], score)
    print(f"{label}: {len(data['paragraph'])} paragraphs ({langs.get('nl', 0)} nl, {langs.get('en', 0)} en), "
          f"{score.gold} claims")
    print(f"  recall    {score.recall:.3f} ({score.found}/{score.gold})")
    print(f"  precision {score.precision:.3f} ({score.correct_predicted}/{score.predicted})")
    print(f"  kind right      {score.kind_ok}/{score.found}")
    print(f"  value right     {score.value_ok}/{score.value_total}")
    print(f"  qualifier right {score.qualifier_ok}/{score.qualifier_total}")
    if verbose:
        for label, items in (("MISS", score.misses), ("FP", score.false_positives), ("WRONG", score.wrong)):
            for item in items:
                print(f"  {label:5} {item}")
    return not bar or (score.recall >= 0.95 and score.precision >= 0.90)


def run_seeds(seeds: Path, verbose: bool) -> bool:
    spec_path = seeds / "expected.json"
    if not spec_path.exists():
        print(f"seeds: {spec_path} not found, skipped")
        return True
    spec = json.loads(spec_path.read_text(encoding="utf-8"))["seeds"]
    met = total = 0
    for name, exp in spec.items():
        text = (seeds / name).read_text(encoding="utf-8")
        doc = Document(input=name, text=text, language=exp["language"], offsets=OffsetMap.identity(text))
        ex = extract(doc)
        checks: list[tuple[str, list[str]]] = []
        for c in exp.get("claims", []):
            want = dict(c)
            if c["id"] in STRENGTH_ANCHORS:
                want["kinds"] = ["strength"]
            checks.append((c["id"], check_seed_claim(want, text, ex.claims)))
        for c in exp.get("citations", []):
            ok = any((x.doi or "").lower() == c["doi"].lower() for x in ex.citations)
            checks.append((c["id"], [] if ok else [f"no citation with DOI {c['doi']}"]))
        for f in exp.get("forbid", []):
            kinds = f.get("kinds")
            if kinds:
                bad = [c.text for c in ex.claims if c.kind in kinds]
                checks.append((f["id"], [f"numeric claims where none belong: {bad[:5]}"] if bad else []))
        for cid, problems in checks:
            total += 1
            if problems:
                print(f"  MISS {name[:3]} {cid}: {'; '.join(problems)}")
            else:
                met += 1
                if verbose:
                    print(f"  ok   {name[:3]} {cid}")
    print(f"seeds: {met} of {total} extraction expectations met")
    return met == total


def run_news(path: Path, repeat: int) -> bool:
    if not path.exists():
        print(f"news: {path} not found, skipped")
        return True
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [Document(input=r.get("id", "?"), text=r.get("text") or "", language="en",
                     offsets=OffsetMap.identity(r.get("text") or "")) for r in rows]
    crashes = errors = bad_spans = bad_ids = claims = citations = 0
    kinds: dict[str, int] = {}
    for doc in docs[:5]:  # warm the caches (regex compilation) before timing
        extract(doc)
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for doc in docs:
            try:
                ex = extract(doc)
            except Exception as exc:  # extract must never raise; count it if it does
                crashes += 1
                print(f"  CRASH {doc.input}: {type(exc).__name__}: {exc}")
                continue
            errors += bool(ex.errors)
            claims += len(ex.claims)
            citations += len(ex.citations)
            for i, c in enumerate(ex.claims, start=1):
                kinds[c.kind] = kinds.get(c.kind, 0) + 1
                if doc.text[c.start:c.end] != c.text:
                    bad_spans += 1
                if c.id != f"c{i}":
                    bad_ids += 1
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    elapsed = min(cpus)
    n = len(docs)
    chars = sum(len(d.text) for d in docs)
    per_pass_claims = claims // repeat
    print(f"news: {len(docs)} articles, {chars / 1e6:.2f} M characters, {repeat} timed pass(es)")
    print(f"  crashes {crashes}, articles with internal errors {errors}, spans != text {bad_spans}, "
          f"bad ids {bad_ids}")
    print(f"  claims {per_pass_claims} ({', '.join(f'{k} {v // repeat}' for k, v in sorted(kinds.items()))}), "
          f"citations {citations // repeat}")
    print(f"  speed {n / elapsed:.0f} articles/s, {per_pass_claims / elapsed:.0f} claims/s, "
          f"{chars / elapsed / 1e6:.2f} M chars/s (best pass: {elapsed:.2f} s CPU, {min(walls):.2f} s wall; one core)")
    return crashes == 0 and errors == 0 and bad_spans == 0 and bad_ids == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "extraction" / "gold.toml")
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--news", type=Path, default=SHARED / "benchmarks" / "news-sample" / "healthstory-sample.jsonl")
    parser.add_argument("--only", choices=["gold", "seeds", "news"], action="append")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the news sample (best is reported)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    parts = args.only or ["gold", "seeds", "news"]
    ok = True
    if "gold" in parts:
        ok &= run_gold(args.gold, args.verbose)
        run_gold(args.gold.with_name("heldout.toml"), args.verbose, label="held-out (reported, no bar)", bar=False)
        run_gold(args.gold.with_name("heldout2.toml"), args.verbose, label="held-out 2 (reported, no bar)", bar=False)
    if "seeds" in parts:
        ok &= run_seeds(args.seeds, args.verbose)
    if "news" in parts:
        ok &= run_news(args.news, max(1, args.repeat))
    print("OK" if ok else "BELOW THE BAR")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

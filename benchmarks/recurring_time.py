"""How much of `check` time recurring-claim and guidance matching takes, over the news sample.

    python benchmarks/recurring_time.py            # all 292 articles, best of 3 passes
    python benchmarks/recurring_time.py --limit 50 --passes 1

Runs the whole pipeline in this process (ingest, extract, link, grade) on every article of the
news sample (../shared/benchmarks/news-sample/healthstory-sample.jsonl, or $CLAIMCHECK_NEWS_SAMPLE;
evaluation data, read where it lies and never copied into the project), and times the two entry points
of `claimcheck.grade.recurring` — `grade_recurring` (per numeric claim) and `grade_propositions` (the
sentence pass: claims stated without a number, and current guidance) — against the time of
`check_document` itself. The register is loaded once before timing. A warm-up pass fills the caches
(concept word forms, the proposition index) first.

Target (issue 13): recurring-claim matching at most 15% of check time. Exit 1 when missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "shared" / "benchmarks" / "news-sample" / "healthstory-sample.jsonl"
TARGET = 0.15


def articles(limit: int | None) -> list[tuple[str, str]]:
    """(id, text) of the sample's articles."""
    path = Path(os.environ.get("CLAIMCHECK_NEWS_SAMPLE", SAMPLE))
    if not path.exists():
        print(f"no news sample at {path}: skipped")
        sys.exit(0)
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append((row["id"], row.get("text") or ""))
    return out[:limit] if limit else out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args(argv)

    import claimcheck.grade as grade
    from claimcheck.checker import check_document
    from claimcheck.ingest.lang import detect_language
    from claimcheck.model import Document, OffsetMap
    from claimcheck.register import load_register

    register = load_register()
    spent = {"recurring": 0.0}
    original_recurring, original_propositions = grade.grade_recurring, grade.grade_propositions

    def timed_recurring(ctx, claim):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original_recurring(ctx, claim)
        finally:
            spent["recurring"] += time.perf_counter() - t

    def timed_propositions(ctx):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original_propositions(ctx)
        finally:
            spent["recurring"] += time.perf_counter() - t

    grade.grade_recurring, grade.grade_propositions = timed_recurring, timed_propositions
    docs = []
    for aid, text in articles(args.limit):
        lang = detect_language(text) if text else "en"
        docs.append(Document(input=f"{aid}.txt", text=text, language=lang, offsets=OffsetMap.identity(text)))

    for doc in docs[:20]:  # warm-up
        check_document(doc, register)
    results = []
    for _ in range(args.passes):
        spent["recurring"] = 0.0
        t = time.perf_counter()
        claims = 0
        for doc in docs:
            claims += len(check_document(doc, register).claims)
        total = time.perf_counter() - t
        results.append((spent["recurring"] / total, spent["recurring"], total, claims))
    share, matching, total, claims = min(results)
    ok = share <= TARGET
    print(f"articles {len(docs)}, claims {claims}; check {total:.2f} s, recurring-claim matching "
          f"{matching:.3f} s = {share:.1%} of check time (target <= {TARGET:.0%}) {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Judge claimcheck's overstatement warnings on the real news sample and write news-overstatement.md.

Usage::

    python benchmarks/news_overstatement.py [--sample FILE] [--cmd claimcheck] [--list]

Reads ../shared/benchmarks/news-sample/healthstory-sample.jsonl (skips with a message when absent),
writes each story as a text file (its headline on the first line, a blank line, then the body) to a
temporary folder, runs ``claimcheck check --format json`` once over all of them, and collects every
warning of a language rule (hype-language, animal-to-human, causal-overreach,
source-type-misdescribed, and duration-overreach on a strength claim). More than 100 warnings are
sampled with a fixed seed (15).

The judgements are data, in news-overstatement.toml next to this script: one ``[[judged]]`` per
warning (article id, phrase, right, why) and one ``[[oversell]]`` per headline or lead sentence that
oversells, found by reading the sample (article id, where, phrase, why). The script matches the
warnings against them, prints the share right and the share of overselling headlines and leads that
get a warning, lists warnings nobody has judged yet (``--list``), and rewrites news-overstatement.md.
No article text is stored beyond the short phrase.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shlex
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT.parent / "shared" / "benchmarks" / "news-sample" / "healthstory-sample.jsonl"
JUDGED = HERE / "news-overstatement.toml"
REPORT = HERE / "news-overstatement.md"
RULES = {"hype-language", "animal-to-human", "causal-overreach", "source-type-misdescribed"}
SEED = 15
LIMIT = 100


def _stories(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(cmd: list[str], stories: list[dict]) -> dict[str, dict]:
    folder = Path(tempfile.mkdtemp(prefix="cc-news-"))
    paths = []
    for story in stories:
        p = folder / f"{story['id']}.txt"
        p.write_text(f"{story.get('title') or ''}\n\n{story['text']}", encoding="utf-8")
        paths.append(str(p))
    out = subprocess.run([*cmd, "check", *paths, "--format", "json", "--fail-on", "never"],
                         capture_output=True, text=True, timeout=1800)
    docs = json.loads(out.stdout)["documents"]
    return {Path(d["input"]).stem: d for d in docs}


def _warnings(docs: dict[str, dict]) -> list[dict]:
    rows = []
    for aid, doc in sorted(docs.items()):
        for claim in doc.get("claims") or []:
            for issue in claim.get("issues") or []:
                rule = issue.get("rule")
                strength_duration = rule == "duration-overreach" and claim.get("kind") == "strength"
                if (rule in RULES or strength_duration) and issue.get("severity") in ("warning", "error"):
                    rows.append({"id": aid, "rule": rule, "phrase": claim["text"][:60], "start": claim["start"]})
    return rows


def _lead_span(text: str) -> tuple[int, int, int]:
    """(headline end, lead start, lead end) of a story written as headline, blank line, body."""
    head_end = text.find("\n")
    pos = head_end + 1
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        line_end = text.find("\n", pos)
        line = text[pos:line_end if line_end >= 0 else len(text)].strip()
        # Scraper furniture (photo credits, bylines, datelines) is a short line with no full stop.
        if line_end < 0 or len(line.split()) >= 8 or line.endswith((".", "!", "?")):
            break
        pos = line_end + 1
    m = re.search(r"[.!?](?:\s|$)|\n", text[pos:])
    return head_end, pos, pos + (m.end() if m else len(text) - pos)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=Path, default=SAMPLE)
    ap.add_argument("--cmd", default="claimcheck")
    ap.add_argument("--list", action="store_true", help="print every warning not judged yet")
    args = ap.parse_args()
    if not args.sample.is_file():
        print(f"news sample not found at {args.sample}; skipped")
        return 0
    stories = _stories(args.sample)
    docs = _run(shlex.split(args.cmd), stories)
    texts = {s["id"]: f"{s.get('title') or ''}\n\n{s['text']}" for s in stories}
    warnings = _warnings(docs)
    total = len(warnings)
    if total > LIMIT:
        warnings = sorted(random.Random(SEED).sample(warnings, LIMIT), key=lambda w: (w["id"], w["start"]))
    data = tomllib.loads(JUDGED.read_text(encoding="utf-8")) if JUDGED.is_file() else {}
    judged = {(j["id"], j["phrase"]): j for j in data.get("judged", [])}
    rows, unjudged = [], []
    for w in warnings:
        j = judged.get((w["id"], w["phrase"]))
        if j is None:
            unjudged.append(w)
        rows.append((w, j))
    right = sum(1 for _, j in rows if j and j["right"])
    judged_n = sum(1 for _, j in rows if j)

    raised_at = {}
    for w in _warnings(docs):
        raised_at.setdefault(w["id"], []).append(w)
    oversell = data.get("oversell", [])
    hits = []
    for o in oversell:
        text = texts.get(o["id"], "")
        head_end, lead_start, lead_end = _lead_span(text) if text else (0, 0, 0)
        lo, hi = (0, head_end) if o["where"] == "headline" else (lead_start, lead_end)
        found = [w for w in raised_at.get(o["id"], []) if lo <= w["start"] < hi]
        hits.append((o, found))
    raised = sum(1 for _, f in hits if f)

    lines = ["# Overstatement warnings on the real news sample", "",
             "Produced by `python benchmarks/news_overstatement.py` (judgements in `news-overstatement.toml`).",
             f"{len(stories)} HealthNewsReview stories, each checked as headline + blank line + body. "
             f"{total} language-rule warnings in all"
             + (f", a seeded sample ({SEED}) of {LIMIT} judged" if total > LIMIT else ", every one judged") + ".", "",
             f"**Right: {right} of {judged_n} judged ({right / max(1, judged_n):.0%})**"
             + (f"; {len(unjudged)} not judged yet" if unjudged else ""), "",
             "| article | rule | phrase | right | why |", "| --- | --- | --- | --- | --- |"]
    for w, j in rows:
        verdict = "?" if j is None else ("right" if j["right"] else "wrong")
        why = "" if j is None else j["why"]
        lines.append(f"| {w['id'][-5:]} | {w['rule']} | {w['phrase']} | {verdict} | {why} |")
    lines += ["", "## Headlines and lead sentences that oversell, found by reading", "",
              f"**Raised (a language-rule warning in that headline or lead): {raised} of {len(hits)} "
              f"({raised / max(1, len(hits)):.0%})**", "",
              "| article | where | phrase | why it oversells | raised |", "| --- | --- | --- | --- | --- |"]
    for o, found in hits:
        mark = ", ".join(sorted({w["rule"] for w in found})) or "no"
        lines.append(f"| {o['id'][-5:]} | {o['where']} | {o['phrase']} | {o['why']} | {mark} |")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"warnings {total}, judged {judged_n}, right {right} ({right / max(1, judged_n):.1%}); "
          f"overselling headlines/leads raised {raised}/{len(hits)} ({raised / max(1, len(hits)):.1%})")
    if args.list:
        for w in unjudged:
            print(f"  unjudged {w['id']} {w['rule']} {w['phrase']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

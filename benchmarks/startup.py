"""How fast `claimcheck` starts: wall time of `--version` and of `check` on one short Markdown article.

    python benchmarks/startup.py              # 15 runs each, plus the heaviest imports of each
    python benchmarks/startup.py --runs 30 --top 20

Each run is a fresh subprocess of the installed console script (the `claimcheck` file next to this
Python, not a pyenv/asdf shim, whose own start-up is not claimcheck's). Best and median wall times
are printed against the targets (on a 2-core machine: `--version` < 0.06 s, `check` < 0.2 s, issue 20). Then
each command runs once under `python -X importtime`, and the imports are listed by the time they
cost, rolled up to their top-level package, with heavy packages the command should not need flagged.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import console_script

TARGETS = {"version": 0.06, "check": 0.2}  # issue 20

#: Packages that are slow to import; each command lists the ones it may legitimately need.
HEAVY = ("trafilatura", "lxml", "httpx", "jinja2", "docx", "pydantic", "bs4", "charset_normalizer", "yaml",
         "markdown_it", "rapidfuzz", "tenacity", "protego", "platformdirs", "justext", "htmldate", "courlan")
NEEDED = {
    "version": set(),
    # A Markdown article checked against the register: markdown-it, YAML front matter, pydantic (the
    # register's schema) and rapidfuzz (fuzzy matching of claims) are fair; fetching and HTML are not.
    "check": {"markdown_it", "yaml", "pydantic", "rapidfuzz"},
}

#: A short article written for this benchmark (fictional numbers; not from the seeds or the news sample).
ARTICLE = """\
---
title: Wandelen tegen rugpijn
date: 2024-03-05
lang: nl
---

# Wandelen tegen rugpijn: wat zegt het onderzoek?

Wie al maanden last heeft van zijn onderrug, krijgt vaak het advies om in beweging te blijven. Een
Nederlandse studie onder 120 deelnemers laat zien dat 40 procent van de wandelaars na twaalf weken
bijna pijnvrij was, tegen 20 procent in de groep die gebruikelijke zorg kreeg.

Volgens de onderzoekers is wandelen *bewezen effectief*: „Dit geneest rugpijn voor de lange termijn",
zegt hoofdonderzoeker Jan de Vries. Ongeveer een op de drie deelnemers stopte voortijdig.

De resultaten verschenen in het *Tijdschrift voor Fictieve Geneeskunde* (2023). Eerder onderzoek
vond kleinere effecten, met een gestandaardiseerd verschil van 0,3.
"""


def wall_times(command: list[str], runs: int, cwd: Path) -> list[float]:
    """Wall seconds of `runs` runs of `command` (after one unmeasured warm-up run)."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
            sys.exit(f"{' '.join(command)} failed with exit code {done.returncode}:\n{done.stderr.decode()}")
        if i:  # the first run warms the page cache and .pyc files
            times.append(elapsed)
    return times


_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_costs(command: list[str], cwd: Path) -> tuple[dict[str, int], int, list[tuple[int, str]]]:
    """(self microseconds per top-level package, total microseconds, [(cumulative µs, module)] at top level)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    done = subprocess.run([sys.executable, "-X", "importtime", *command[1:]] if command[0] == sys.executable
                          else [sys.executable, "-X", "importtime", shutil.which(command[0]) or command[0],
                                *command[1:]],
                          cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    by_package: dict[str, int] = {}
    roots: list[tuple[int, str]] = []
    total = 0
    for line in done.stderr.splitlines():
        found = _LINE.match(line)
        if not found:
            continue
        own, cumulative, indent, module = int(found[1]), int(found[2]), len(found[3]), found[4]
        package = module.split(".")[0]
        by_package[package] = by_package.get(package, 0) + own
        total += own
        if indent == 1:
            roots.append((cumulative, module))
    return by_package, total, roots


def report_imports(name: str, command: list[str], cwd: Path, top: int) -> None:
    """Print the top imports of `command` and flag heavy packages it should not need."""
    by_package, total, roots = import_costs(command, cwd)
    print(f"\n  imports of `{name}`: {total / 1000:.1f} ms in all (-X importtime, self time rolled up by package)")
    for package, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]:
        flag = ""
        if package in HEAVY:
            flag = "  <- needed" if package in NEEDED[name] else "  <- HEAVY, not needed"
        print(f"    {own / 1000:8.1f} ms  {package}{flag}")
    needless = sorted(p for p in by_package if p in HEAVY and p not in NEEDED[name])
    print(f"  heavy packages imported needlessly: {', '.join(needless) if needless else 'none'}")
    print("  largest top-level imports (cumulative):",
          ", ".join(f"{m} {c / 1000:.1f} ms" for c, m in sorted(roots, reverse=True)[:6]))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a median misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs per command (default 15)")
    parser.add_argument("--top", type=int, default=12, help="imports listed per command (default 12)")
    args = parser.parse_args(argv)

    base = console_script()
    missed = False
    with tempfile.TemporaryDirectory(prefix="claimcheck-startup-") as tmp:
        cwd = Path(tmp)
        article = cwd / "wandelen.md"
        article.write_text(ARTICLE, encoding="utf-8")
        commands = {
            "version": [*base, "--version"],
            "check": [*base, "check", str(article), "--format", "json", "--fail-on", "never"],
        }
        print(f"claimcheck start-up, {args.runs} runs each after a warm-up ({os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]})")
        for name, command in commands.items():
            times = wall_times(command, args.runs, cwd)
            best, median = min(times), statistics.median(times)
            ok = median < TARGETS[name]
            missed |= not ok
            shown = " ".join(command[1:] if command[0] == sys.executable else command).replace(str(cwd), "$TMP")
            print(f"  {shown}")
            print(f"    best {best:.3f} s, median {median:.3f} s  (target < {TARGETS[name]} s: "
                  f"{'ok' if ok else 'MISSED'})")
        for name, command in commands.items():
            report_imports(name, command, cwd, args.top)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

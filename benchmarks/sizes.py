"""Cost per MB of one input at 10 KB, 100 KB, 1 MB and 10 MB: is `claimcheck check` linear in size?

    python benchmarks/sizes.py                       # all kinds, 10 KB .. 1 MB (add --max 10MB)
    python benchmarks/sizes.py --kinds news --max 10MB --json benchmarks/.cache/sizes.json

Three kinds of input, generated into benchmarks/.cache/sizes/ (git-ignored; article text never goes
into the project):

- `news`: the news sample's articles (see throughput.py) joined with blank lines, cut at a paragraph;
- `percent`: claim-dense short paragraphs of bare figures ("41% of 1,203 adults ..."), the shape
  that used to grow quadratically;
- `longline`: the news text with every line break replaced by a space: one line of the whole size.

Each file is checked by `claimcheck check FILE --format json --max-size 64MB` in a subprocess; the
CPU time of the run (user + system, from os.wait4) is the figure, since wall time moves with the
machine's load (printed). Targets: time per MB within 1.5x across sizes; 10 MB under 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "sizes"
SIZES = {"10KB": 10_000, "100KB": 100_000, "1MB": 1_000_000, "10MB": 10_000_000}
KINDS = ("news", "percent", "longline")
_FIGURES = ("In a trial of {n} adults, {p}% were pain-free after {w} weeks, against {q}% on placebo.",
            "Of the {n} women, {p}% had a second scan; {q}% of them needed surgery within {w} years.",
            "The risk fell by {p}% (from {q}% to {r}%) in {n} patients followed for {w} months.")


def _news_text() -> str:
    sys.path.insert(0, str(HERE))
    from throughput import prepare_articles

    folder = prepare_articles()
    return "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.txt")))


def _percent_paragraph(i: int) -> str:
    n, p = 40 + (i * 37) % 3000, 5 + (i * 13) % 90
    return _FIGURES[i % 3].format(n=n, p=p, q=max(1, p - 1 - i % 7), r=max(1, p // 2), w=2 + i % 20)


def _fill(size: int, pieces: list[str], sep: str) -> str:
    """`pieces` repeated and joined by `sep` until `size` characters, cut at a piece."""
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        piece = pieces[i % len(pieces)]
        out.append(piece)
        total += len(piece) + len(sep)
        i += 1
    return sep.join(out)


def generate(kind: str, label: str) -> Path:
    """The input file of `kind` and size `label` under benchmarks/.cache/sizes/ (written once)."""
    path = CACHE / f"{kind}-{label}.txt"
    if path.is_file():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    size = SIZES[label]
    if kind == "percent":
        text = _fill(size, [_percent_paragraph(i) for i in range(997)], "\n\n")
    else:
        paragraphs = [p for p in _news_text().split("\n\n") if p.strip()]
        text = _fill(size, paragraphs, "\n\n")
        if kind == "longline":
            text = " ".join(text.split())
    path.write_text(text + "\n", encoding="utf-8")
    return path


def run(path: Path) -> dict[str, float]:
    """Check `path` once: wall and CPU seconds, peak RSS in MB, and the exit code."""
    command = [sys.executable, "-m", "claimcheck", "check", str(path), "--format", "json", "--max-size", "64MB",
               "--no-force-exclude", "--no-progress"]
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    err = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{path.name}: exit {code}: {err.strip()[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--max", default="1MB", choices=list(SIZES))
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    labels = list(SIZES)[:list(SIZES).index(args.max) + 1]
    rows = []
    ok = True
    print(f"load average {os.getloadavg()[0]:.2f}")
    for kind in args.kinds.split(","):
        per_mb = []
        for label in labels:
            path = generate(kind, label)
            mb = path.stat().st_size / 1e6
            figures = run(path)
            per_mb.append(figures["cpu"] / mb)
            rows.append({"kind": kind, "size": label, "mb": mb, **figures, "cpu_per_mb": figures["cpu"] / mb})
            print(f"{kind:9s}{label:>6s}  cpu {figures['cpu']:7.2f} s  wall {figures['wall']:7.2f} s  "
                  f"{figures['cpu'] / mb:6.2f} cpu-s/MB  rss {figures['rss_mb']:5.0f} MB", flush=True)
            if label == "10MB" and figures["cpu"] >= 20:
                ok = False
        # start-up (~0.3 s) dominates 10 KB: the linearity check compares 100 KB and up
        body = per_mb[1:]
        if len(body) < 2:
            print(f"{kind}: linearity needs two sizes from 100KB up (--max 1MB or 10MB)")
            continue
        ratio = max(body) / min(body)
        ok = ok and ratio <= 1.5
        print(f"{kind}: cpu-s/MB max/min over 100KB.. = {ratio:.2f} (target <= 1.5)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"load": os.getloadavg()[0], "rows": rows}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

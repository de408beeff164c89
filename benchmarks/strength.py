"""Benchmark the claim-strength classifier: macro-F1, confusion matrices and speed.

Usage::

    python benchmarks/strength.py [BENCHMARK_DIR] [--halves] [--errors N]

Reads every ``*.csv`` in BENCHMARK_DIR (default ``../shared/benchmarks/claim-strength`` next to the
repository; columns ``sentence`` and ``label``, labels 0-3) when it exists and skips it with a message
when it does not, then the project's own test sets in ``tests/strength/`` (English and Dutch). For
each file it prints macro-F1 over the four levels, accuracy and a confusion matrix (rows: gold,
columns: predicted), and at the end the classifier's throughput in sentences per second on one core.

``--halves`` also scores the two halves of each benchmark file split by a hash of the sentence:
half A is the one whose errors were studied while writing the rules, half B was never looked at,
so B's figure is the honest estimate for unseen text. ``--errors N`` prints N misclassified
sentences per file (for error analysis; never copy them into the project).

The benchmark sentences are evaluation data: they are read here and never stored in the project.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "benchmarks" / "claim-strength"
OWN_SETS = ROOT / "tests" / "strength"
LEVELS = (0, 1, 2, 3)

try:
    from claimcheck.strength import LABELS, classify
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))
    from claimcheck.strength import LABELS, classify


def read_set(path: Path) -> list[tuple[str, int]]:
    """Rows of (sentence, label) from a CSV with ``sentence`` and ``label`` columns."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["sentence"], int(row["label"])) for row in csv.DictReader(handle)]


def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> tuple[float, list[float]]:
    """Macro-averaged F1 over the four levels, and the per-level F1 scores."""
    scores = []
    for level in LEVELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == level and p == level)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != level and p == level)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == level and p != level)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores), scores


def confusion(gold: Sequence[int], pred: Sequence[int]) -> list[list[int]]:
    """4x4 counts, rows gold level, columns predicted level."""
    matrix = [[0] * 4 for _ in LEVELS]
    for g, p in zip(gold, pred, strict=True):
        matrix[g][p] += 1
    return matrix


def in_half_a(sentence: str) -> bool:
    """The fixed split used during development: half A was studied, half B was not."""
    return int(hashlib.md5(sentence.encode("utf-8")).hexdigest(), 16) % 2 == 0


def report(name: str, rows: list[tuple[str, int]], lang: str | None, errors: int = 0) -> None:
    """Print macro-F1, accuracy and the confusion matrix of one labelled set."""
    results = [classify(sentence, lang) for sentence, _ in rows]
    gold = [label for _, label in rows]
    pred = [result.level for result in results]
    score, per_level = macro_f1(gold, pred)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows)
    per = "  ".join(f"{LABELS[i]}={f:.3f}" for i, f in enumerate(per_level))
    print(f"\n{name}: {len(rows)} sentences  macro-F1 {score:.3f}  accuracy {accuracy:.3f}")
    print(f"  per level: {per}")
    print("  confusion (rows gold 0-3, columns predicted 0-3):")
    for level, row in enumerate(confusion(gold, pred)):
        print(f"    {level} " + " ".join(f"{n:5d}" for n in row))
    shown = 0
    for (sentence, label), result in zip(rows, results, strict=True):
        if shown >= errors:
            break
        if result.level != label:
            shown += 1
            print(f"    gold {label} pred {result.level} [{result.rule}] {list(result.cues)}: {sentence}")


def throughput(sentences: list[str], lang: str | None, rounds: int = 3) -> float:
    """Best-of-``rounds`` sentences per second of ``classify`` over ``sentences`` (one process)."""
    classify(sentences[0], lang)  # compile the lexicons outside the timing
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for sentence in sentences:
            classify(sentence, lang)
        best = min(best, time.perf_counter() - start)
    return len(sentences) / best


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the process exit code (0)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=DEFAULT_DIR,
        help=f"folder with the benchmark CSV files (default: {DEFAULT_DIR})",
    )
    parser.add_argument(
        "--halves", action="store_true", help="also score half A (studied) and half B (never studied) of each file"
    )
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N misclassified sentences per file")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    classify("Statins may reduce the risk of dementia.")
    print(f"first call (loads and compiles both lexicons): {1000 * (time.perf_counter() - start):.1f} ms")

    speed_sentences: list[str] = []
    files = sorted(args.directory.glob("*.csv")) if args.directory.is_dir() else []
    if not files:
        print(f"benchmark folder {args.directory} not found or empty: skipping the public benchmark")
    for path in files:
        rows = read_set(path)
        speed_sentences.extend(sentence for sentence, _ in rows)
        report(path.name, rows, None, args.errors)
        if args.halves:
            report(f"{path.name} half A (studied)", [r for r in rows if in_half_a(r[0])], None)
            report(f"{path.name} half B (never studied)", [r for r in rows if not in_half_a(r[0])], None)

    for path in sorted(OWN_SETS.glob("*.csv")):
        rows = read_set(path)
        lang = path.stem.split("_")[0]
        report(f"tests/strength/{path.name} (lang={lang})", rows, lang, args.errors)
        report(f"tests/strength/{path.name} (language guessed)", rows, None)
        if not files:
            speed_sentences.extend(sentence for sentence, _ in rows)

    if speed_sentences:
        speed = throughput(speed_sentences, None)
        print(
            f"\nspeed: {speed:,.0f} sentences/second on one core "
            f"({len(speed_sentences)} sentences, language guessed per sentence)"
        )
        speed_en = throughput(speed_sentences, "en")
        print(f"speed: {speed_en:,.0f} sentences/second with --lang en")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

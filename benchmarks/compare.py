"""`claimcheck compare` against the public claim-strength labels: no loss from the pairing.

    python benchmarks/compare.py [BENCHMARK_DIR]

For every labelled sentence of the claim-strength sets (evaluation data: read here, never stored),
the sentence is compared, as text A, with a neutral text B, and the level `compare` reports for it is
scored against the label with the same macro-F1 as benchmarks/strength.py; so is the level of
`claimcheck strength`. The two must agree: compare uses the one classifier and must not lose a
sentence or change its level when it pairs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from strength import DEFAULT_DIR, macro_f1, read_set  # noqa: E402

NEUTRAL = "The participants were adults."


def main() -> int:
    from claimcheck.against.compare import compare_texts
    from claimcheck.strength import classify

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return 0
    worst_gap = 0.0
    for path in sorted(folder.glob("*.csv")):
        rows = read_set(path)
        gold = [label for _, label in rows]
        plain = [classify(s).level for s, _ in rows]
        paired, split = [], 0
        for sentence, _ in rows:
            pairs = compare_texts(sentence, NEUTRAL)
            # a row the sentence splitter cuts in two is rated by its strongest part
            split += len(pairs) != 1
            paired.append(max((p.a_level for p in pairs), default=0))
        f_plain, _ = macro_f1(gold, plain)
        f_paired, _ = macro_f1(gold, paired)
        same = sum(a == b for a, b in zip(plain, paired, strict=True))
        worst_gap = max(worst_gap, f_plain - f_paired)
        print(f"{path.name}: strength macro-F1 {f_plain:.3f}; compare macro-F1 {f_paired:.3f}; "
              f"same level {same}/{len(rows)} ({split} rows split into several sentences)")
    print("no loss from the pairing" if worst_gap <= 0.001 else f"LOSS: {worst_gap:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Print the mutation score of `make mutate` per analysis module and in total; exit 1 below 90 %.

Reads mutmut's result files (``mutants/**/*.py.meta``). A mutant counts as killed when a test failed
on it or it timed out; every other mutant (survived, no tests, suspicious) counts against the score.
The survivors are listed in docs/mutation.md with the reason each one lives.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MINIMUM = 90.0
CAUGHT = {"killed", "timeout", "caught by type check"}


def main(root: Path = Path("mutants")) -> int:
    totals: Counter = Counter()
    survivors = []
    print(f"{'module':<42} {'mutants':>8} {'killed':>7} {'score':>7}")
    for meta in sorted(root.glob("veerkracht_lib/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if not codes:
            continue
        status = {key: status_by_exit_code[code] for key, code in codes.items()}
        caught = sum(s in CAUGHT for s in status.values())
        survivors += [f"{key}: {s}" for key, s in status.items() if s not in CAUGHT]
        totals.update(mutants=len(status), caught=caught)
        module = str(meta.relative_to(root)).removesuffix(".meta")
        print(f"{module:<42} {len(status):>8} {caught:>7} {100 * caught / len(status):>6.1f}%")
    if not totals["mutants"]:
        print("no mutmut results under mutants/: run `mutmut run` first")
        return 1
    score = 100 * totals["caught"] / totals["mutants"]
    print(f"{'total':<42} {totals['mutants']:>8} {totals['caught']:>7} {score:>6.1f}%")
    print(f"mutation score: {score:.1f} % of {totals['mutants']} mutants killed (minimum {MINIMUM:g} %); "
          f"{len(survivors)} not killed (`mutmut results`, `mutmut show NAME`)")
    return 0 if score >= MINIMUM else 1


if __name__ == "__main__":
    sys.exit(main())

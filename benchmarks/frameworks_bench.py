"""Frameworks: time to load and validate every YAML file, and to check official grade sets.

Run: .venv/bin/python benchmarks/frameworks_bench.py
"""

from __future__ import annotations

import time

from csinspect.frameworks.registry import DATA_DIR, load_framework_file
from csinspect.frameworks.rules import check_overall


def main() -> None:
    files = sorted(DATA_DIR.glob("*.yaml"))
    t0 = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        frameworks = {p.stem: load_framework_file(p) for p in files}
    load_ms = (time.perf_counter() - t0) / rounds * 1000
    print(f"load+validate {len(files)} framework files: {load_ms:.1f} ms per full load")

    sif = frameworks["sif"]
    grades = {
        "overall_effectiveness": "Requires improvement to be good",
        "help_and_protection": "Requires improvement",
        "looked_after_and_permanence": "good",
        "adoption_performance": "good",
        "care_leavers": "Good",
        "leadership_management_governance": "requires_improvement",
    }
    n = 20_000
    t0 = time.perf_counter()
    for _ in range(n):
        check_overall(sif, grades)
    per = (time.perf_counter() - t0) / n * 1e6
    print(f"check_overall(sif, 6 grades): {per:.1f} µs per call ({n} calls)")


if __name__ == "__main__":
    main()

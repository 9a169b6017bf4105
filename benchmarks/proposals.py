"""Benchmark of the model of the next judgement: read the history, fit every judgement's model on all of it and
run the time-split backtest; then one proposal with the models fitted (the cost a page or command pays once the
engine is built). Run: ``.venv/bin/python benchmarks/proposals.py --database-url URL`` on a database loaded with
the official files (``make run`` builds one). Targets: fitting on all history < 30 s; one proposal < 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from csinspect.analysis.next_judgement.backtest import backtest
    from csinspect.analysis.next_judgement.cases import JUDGEMENTS, cases, read_history
    from csinspect.analysis.next_judgement.model import fit
    from csinspect.analysis.next_judgement.outlook import build_engine, outlook_from
    from csinspect.store.db import session_scope

    with session_scope(args.database_url) as s:
        t0 = time.perf_counter()
        h = read_history(s)
        t_read = time.perf_counter() - t0
    all_cases = cases(h)
    if not all_cases:
        print("no graded ILACS inspection in the database: load the official files first", file=sys.stderr)
        return 2
    fits, backtests, engines = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for j in JUDGEMENTS:
            fit(all_cases, j)
        fits.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        backtest(all_cases)
        backtests.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        e = build_engine(h)
        engines.append(time.perf_counter() - t0)
    codes = sorted(h.names)
    times = []
    for la in codes:
        t0 = time.perf_counter()
        outlook_from(e, la, date(2026, 6, 1), "ilacs_2026")
        times.append(time.perf_counter() - t0)
    times.sort()
    print(
        f"history read: {t_read:.2f} s; {len(all_cases)} cases from {len({c.inspection_id for c in all_cases})} inspections"
    )
    print(f"fit all five judgements on all history: median {statistics.median(fits):.2f} s (target < 30 s)")
    print(f"backtest (4 folds, 6 methods, 5 judgements): median {statistics.median(backtests):.2f} s")
    print(f"engine (cases + fits + backtest): median {statistics.median(engines):.2f} s")
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"one proposal (all judgements of one authority), {len(times)} authorities: "
        f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (target < 300 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the performance profile: load every official file from scratch, then the full national
profile (every authority x every measure, the catalogue's and every LAIT measure, x every period, under both
neighbour statistics), single-authority profiles and the full long export. Run: ``.venv/bin/python
benchmarks/profile.py [--official DIR] [--database-url URL]``. Prints figures; targets: load < 45 s, national
profile with both statistics < 10 s, one authority < 200 ms in a fresh process and < 20 ms warm, full long
export < 15 s, peak memory < 2 GB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_OFFICIAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "official"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--official", type=Path, default=DEFAULT_OFFICIAL)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file in a temp folder")
    args = ap.parse_args()
    if not args.official.is_dir():
        print(f"official data folder not found: {args.official}", file=sys.stderr)
        return 2

    from csinspect.analysis import profile as prof
    from csinspect.store.db import init_db, session_scope
    from csinspect.testing.store import load_official as load_directory

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.sqlite'}"
    t0 = time.perf_counter()
    init_db(url)
    t_init = time.perf_counter() - t0

    t0 = time.perf_counter()
    summaries = load_directory(args.official, url)
    t_load = time.perf_counter() - t0
    values = sum(
        s.rows_loaded for s in summaries if s.kind in ("ees_csv", "lait_bds", "ofsted_csc_providers")
    )

    session = session_scope(url).__enter__()  # one session for the run, as a long-lived process has
    prof._CACHE.clear()
    t0 = time.perf_counter()
    national = prof.national_profile(session)
    t_nat_cold = time.perf_counter() - t0
    prof.read_profile_data(session).national.clear()  # keep the frames read, recompute every comparator
    t0 = time.perf_counter()
    national = prof.national_profile(session)
    t_nat_warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    statements = [
        prof.statement(
            r["value"], r["symbol"], r["sn_average"], r["england"], r["direction"], r["trend_years"]
        )
        for r in national.iter_rows(named=True)
    ]
    t_statements = time.perf_counter() - t0

    from csinspect.analysis.comparators import PRESETS
    from csinspect.analysis.values import values_long

    t0 = time.perf_counter()
    both = [values_long(session, PRESETS[p]) for p in ("lait", "dashboard")]  # catalogue + every LAIT measure
    t_both = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = Path(tmp.name) / "values.csv"
    both[0].write_csv(out)
    t_export = t_both / 2 + (time.perf_counter() - t0)

    codes = sorted(national["area_code"].unique().to_list())
    sample = codes[:: max(1, len(codes) // 25)]

    def timed(code: str) -> float:
        t0 = time.perf_counter()
        prof.build_profile(session, code)
        return time.perf_counter() - t0

    prof._CACHE.clear()  # a fresh process (CLI): reads only what one authority needs
    fresh = [timed(code) for code in sample]
    prof.read_profile_data(session)  # a long-lived process (web app, API): the store read once
    national_cached = prof.national_profile(session)
    assert national_cached.height == national.height
    warm = [timed(code) for code in sample]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"database: {url.split('://')[0]}; official folder: {args.official}")
    print(f"schema init                           {t_init:8.2f} s")
    print(
        f"load all official files from scratch  {t_load:8.2f} s   ({len(summaries)} file loads, {values:,} indicator values)  target < 45 s"
    )
    print(
        f"full national profile, cold (read)    {t_nat_cold:8.2f} s   ({national.height:,} authority x indicator x period rows, "
        f"{national['indicator_id'].n_unique()} indicators, {len(codes)} authorities)"
    )
    print(f"full national profile, store read     {t_nat_warm:8.2f} s")
    print(
        f"every measure (catalogue + LAIT), both statistics {t_both:8.2f} s   ({both[0].height:,} rows each, "
        f"{both[0]['measure_id'].n_unique()} measures)  target < 10 s"
    )
    print(f"full long export to CSV (one statistic) {t_export:8.2f} s   target < 15 s")
    print(f"  + plain statements for every row    {t_statements:8.2f} s   ({len(statements):,} statements)")
    print(
        f"one authority, fresh process          {statistics.median(fresh) * 1000:8.0f} ms median, "
        f"{max(fresh) * 1000:.0f} ms max over {len(fresh)} authorities  target < 200 ms"
    )
    print(
        f"one authority, store already read     {statistics.median(warm) * 1000:8.0f} ms median, "
        f"{max(warm) * 1000:.0f} ms max over {len(warm)} authorities  target < 20 ms"
    )
    print(f"peak memory (max RSS)                 {peak_mb:8.0f} MB  target < 2048 MB")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

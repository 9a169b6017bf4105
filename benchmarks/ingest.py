"""Benchmark: ingest every PDF under a folder and compare with plain text extraction (the floor).

    .venv/bin/python benchmarks/ingest.py ../shared/corpus/pdf --workers 2

Prints documents/s and pages/s for full ingestion (parse, check, resolve, store into a fresh SQLite
database whose authority register was loaded beforehand, untimed) and, in the same run, the time pypdfium2
alone takes to extract the text of the same files with the same number of processes (the floor). The two
are measured in alternating rounds (``--repeat``, default 5) so that other load on the machine hits both
alike; the best and the median of each are reported, and round 1's ingest time, which includes the
one-time loading of the readers and framework definitions. Targets (issue 3): whole corpus < 10 s with 2
workers; ingestion <= 1.5 x the floor.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _extract(path: str) -> tuple[int, int]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0, 0
    chars = 0
    n = len(doc)
    for i in range(n):
        page = doc[i]
        tp = page.get_textpage()
        chars += len(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return n, chars


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children so far."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def floor(files: list[str], workers: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    if workers <= 1:
        results = [_extract(f) for f in files]
    else:
        ctx = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        )
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            results = list(pool.map(_extract, files, chunksize=1))
    return time.perf_counter() - t0, sum(n for n, _ in results)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="rounds of (floor, ingest) run one after the other; the best and the median of each are reported",
    )
    ap.add_argument(
        "--official", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "official"
    )
    ap.add_argument(
        "--database-url",
        help="ingest into this (initialised, authorities loaded) database instead of a fresh copy each round "
        "(later rounds then find every document already ingested)",
    )
    args = ap.parse_args()

    files = sorted(str(p) for p in args.folder.rglob("*.pdf"))
    if not files:
        print(f"no PDF under {args.folder}", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="csinspect-bench-")
    os.environ["CSINSPECT_DATA_DIR"] = tmp
    template = Path(tmp) / "template.sqlite"
    if args.database_url is None:
        from csinspect.store.db import init_db
        from csinspect.testing.store import load_official as load_directory

        init_db(f"sqlite:///{template}")
        if args.official.is_dir():
            t = time.perf_counter()
            load_directory(args.official, f"sqlite:///{template}", kinds={"authorities"})
            print(f"(setup, untimed: authority register loaded in {time.perf_counter() - t:.1f} s)")
        else:
            print(f"(no official data at {args.official}: authorities will not resolve)")

    from csinspect.testing.store import (
        ingest as ingest_paths,  # imported before timing, like pypdfium2 for the floor
    )

    floors: list[tuple[float, float]] = []
    ingests: list[tuple[float, float]] = []
    outcomes: list = []
    pages = 0
    for round_no in range(1, args.repeat + 1):
        c0 = cpu_seconds()
        fn, pages = floor(files, args.workers)
        c1 = cpu_seconds()
        floors.append((fn, c1 - c0))
        url = args.database_url
        if url is None:  # a fresh database each round (copied untimed), so every round stores everything
            db = Path(tmp) / f"round{round_no}.sqlite"
            with sqlite3.connect(template) as src, sqlite3.connect(db) as dst:
                src.backup(dst)  # the whole database, whatever is still in its write-ahead log
            url = f"sqlite:///{db}"
            os.environ["CSINSPECT_DATA_DIR"] = str(Path(tmp) / f"round{round_no}")
        t0 = time.perf_counter()
        outcomes = ingest_paths(files, url, workers=args.workers)
        total = time.perf_counter() - t0
        ingests.append((total, cpu_seconds() - c1))
        print(
            f"round {round_no}: floor {fn:5.2f} s ({c1 - c0:5.2f} CPU-s)   ingest {total:5.2f} s "
            f"({ingests[-1][1]:5.2f} CPU-s)   ratio {total / fn:.2f} ({ingests[-1][1] / (c1 - c0):.2f} CPU)"
        )

    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    n = len(files)
    best_f, best_i = min(f for f, _ in floors), min(i for i, _ in ingests)
    med_f, med_i = statistics.median(f for f, _ in floors), statistics.median(i for i, _ in ingests)
    cpu_f, cpu_i = min(c for _, c in floors), min(c for _, c in ingests)
    print(f"files: {n}   pages: {pages}   cpus: {os.cpu_count()}   load average: {os.getloadavg()[0]:.1f}")
    print(
        f"floor, pypdfium2 text only, {args.workers} processes, best of {args.repeat}: {best_f:6.2f} s  "
        f"{n / best_f:6.1f} docs/s  {pages / best_f:7.0f} pages/s"
    )
    print(
        f"ingest (parse+check+resolve+store), {args.workers} workers, best of {args.repeat}: {best_i:6.2f} s  "
        f"{n / best_i:6.1f} docs/s  {pages / best_i:7.0f} pages/s   (round 1, with the one-time loading "
        f"of readers and frameworks: {ingests[0][0]:.2f} s)"
    )
    per_round = [i / f for (f, _), (i, _) in zip(floors, ingests, strict=True)]
    print(
        f"ratio ingest / floor, per round (the two run back to back, so other load on the machine hits both "
        f"alike): median {statistics.median(per_round):.2f}, range {min(per_round):.2f}-{max(per_round):.2f}; "
        f"of the best times {best_i / best_f:.2f}, of the medians {med_i / med_f:.2f}, of the least CPU-s "
        f"{cpu_i / cpu_f:.2f}   (target <= 1.5; corpus target < 10 s)"
    )
    print("outcomes (last round):", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: ingest every PDF under a folder and compare with plain text extraction (the floor).

    .venv/bin/python benchmarks/ingest.py ../shared/corpus/pdf --workers 2

Prints documents/s and pages/s for full ingestion (parse, check, resolve, store into a fresh SQLite
database whose authority register was loaded beforehand, untimed) and, in the same run, the time pypdfium2
alone takes to extract the text of the same files with the same number of processes. Targets (issue 3):
whole corpus < 10 s with 2 workers; ingestion <= 1.5 x the floor.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
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
        "--official", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "official"
    )
    ap.add_argument(
        "--database-url", help="use this (initialised, authorities loaded) database instead of a fresh one"
    )
    args = ap.parse_args()

    files = sorted(str(p) for p in args.folder.rglob("*.pdf"))
    if not files:
        print(f"no PDF under {args.folder}", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="csinspect-bench-")
    os.environ["CSINSPECT_DATA_DIR"] = tmp
    url = args.database_url
    if url is None:
        from csinspect.sources.official.registry import load_directory
        from csinspect.store.db import init_db

        url = f"sqlite:///{tmp}/bench.sqlite"
        init_db(url)
        if args.official.is_dir():
            t = time.perf_counter()
            load_directory(args.official, url, kinds={"authorities"})
            print(f"(setup, untimed: authority register loaded in {time.perf_counter() - t:.1f} s)")
        else:
            print(f"(no official data at {args.official}: authorities will not resolve)")

    from csinspect.ingest.pipeline import ingest_paths  # imported before timing, like pypdfium2 for the floor

    c0 = cpu_seconds()
    f1, pages = floor(files, 1)
    c1 = cpu_seconds()
    fn, _ = floor(files, args.workers)
    c2 = cpu_seconds()

    t0 = time.perf_counter()
    outcomes = ingest_paths(files, url, workers=args.workers)
    total = time.perf_counter() - t0
    c3 = cpu_seconds()

    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    n = len(files)
    print(f"files: {n}   pages: {pages}   cpus: {os.cpu_count()}   load average: {os.getloadavg()[0]:.1f}")
    print(
        f"floor, pypdfium2 text only, 1 process : {f1:6.2f} s  {n / f1:6.1f} docs/s  {pages / f1:7.0f} pages/s"
    )
    print(
        f"floor, pypdfium2 text only, {args.workers} processes: {fn:6.2f} s  {n / fn:6.1f} docs/s  {pages / fn:7.0f} pages/s"
    )
    print(
        f"ingest (parse+check+resolve+store), {args.workers} workers: {total:6.2f} s  {n / total:6.1f} docs/s  {pages / total:7.0f} pages/s"
    )
    print(
        f"ratio ingest / floor ({args.workers} processes): {total / fn:.2f}   (target <= 1.5; corpus target < 10 s)"
    )
    print(
        f"CPU seconds (less sensitive to other load on the machine): floor {c1 - c0:.2f} (1 process), "
        f"{c2 - c1:.2f} ({args.workers} processes); ingest {c3 - c2:.2f}; ratio ingest / floor "
        f"({args.workers} processes) {(c3 - c2) / (c2 - c1):.2f}"
    )
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

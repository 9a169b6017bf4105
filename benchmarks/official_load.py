"""Time loading the official files csinspect's authority/neighbour/Ofsted loaders read, into a fresh
SQLite database, file by file; then a second (idempotent, skipped) load. Run:

    .venv/bin/python benchmarks/official_load.py [OFFICIAL_DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from csinspect.load.official import load_file, plan
from csinspect.store.db import init_db, session_scope

KINDS = {"authorities", "sn_models", "ofsted_la_outcomes", "ofsted_csc_2023_la_inspections"}


def main() -> None:
    directory = Path(
        sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data/official"
    )
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        init_db(url)
        files = [p for p in directory.iterdir() if p.is_file()]
        total = time.perf_counter()
        with session_scope(url) as session:
            for loader, path in plan(files, KINDS):
                t = time.perf_counter()
                s = load_file(session, loader, path)
                print(
                    f"{time.perf_counter() - t:7.2f} s  {loader.kind:32} {path.name}  ({s.rows_loaded} rows)"
                )
        print(f"{time.perf_counter() - total:7.2f} s  total, first load")
        t = time.perf_counter()
        with session_scope(url) as session:
            for loader, path in plan(files, KINDS):
                load_file(session, loader, path)
        print(f"{time.perf_counter() - t:7.2f} s  total, second load (unchanged files skipped)")


if __name__ == "__main__":
    main()

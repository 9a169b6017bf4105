"""Sync benchmark: ``csinspect sync reports`` against the local stand-in of Ofsted's site
(``csinspect.testing.sites``) holding every current authority of ../shared's register under its real URN,
each page listing the corpus's reports of that authority (93 PDFs) and four publications of kinds csinspect
does not read, with the polite delay set to zero.

    .venv/bin/python benchmarks/sync.py [--shared ../shared]

Reports: the first sync (every report new: downloaded and ingested), its rate against ``csinspect ingest``
of the same PDFs (2 workers), and a second sync with nothing new (target: under 30 s).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

KINDS = {
    "inspection": "Children's services inspection",
    "focused visit": "Focused visit",
    "send": "Area SEND full inspection",
}
OTHER = ["Secure children's home full inspection", "Adoption support agency inspection",
         "Fostering agency full inspection", "Residential holiday scheme inspection"]  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "corpus").is_dir():
        raise SystemExit(f"needs the corpus and reference data in {shared}")
    from csinspect.testing.sites import FakeProvider, FakePublication, Sites, serve

    lookup = [r for r in csv.DictReader((shared / "data" / "reference" / "la_lookup.csv").open()) if r["status"] == "current" and r["ofsted_la_urn"]]  # fmt: skip
    providers = {r["ofsted_la_urn"]: FakeProvider(r["ofsted_la_urn"], r["la_name"]) for r in lookup}
    pdfs = []
    for r in csv.DictReader((shared / "corpus" / "inventory.csv").open()):
        if r["ofsted_urn"] in providers:
            path = shared / "corpus" / "pdf" / r["file"]
            pdfs.append(path)
            providers[r["ofsted_urn"]].publications.append(
                FakePublication(
                    r["file"][:-4], KINDS[r["kind"]], date.fromisoformat(r["file_date"]), path.read_bytes()
                )
            )
    for n, p in enumerate(providers.values()):
        p.publications += [
            FakePublication(f"x{n}-{k}", kind, date(2024, 1 + k, 10), b"%PDF-1.4")
            for k, kind in enumerate(OTHER)
        ]
    sites = Sites(providers=list(providers.values()))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CSINSPECT_DATA_DIR": f"{tmp}/data"}
        url = f"sqlite:///{tmp}/bench.sqlite"

        def cli(*cmd: str) -> float:
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "csinspect", *cmd, "--database-url", url], env=env, capture_output=True, text=True)  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(done.stdout[-2000:] + done.stderr[-2000:])
            return time.perf_counter() - t

        cli("db", "init")
        cli("data", "load", str(shared / "data" / "official"), "--kinds", "authorities")
        with serve(sites):
            first = cli("sync", "reports", "--base-url", sites.base, "--delay", "0")
            second = cli("sync", "reports", "--base-url", sites.base, "--delay", "0")
            downloads = sum(
                1 for _, path, status in sites.log if path.startswith("/v1/file/") and status == 200
            )
        url = f"sqlite:///{tmp}/ingest.sqlite"
        cli("db", "init")
        cli("data", "load", str(shared / "data" / "official"), "--kinds", "authorities")
        ingest = cli("ingest", *map(str, pdfs), "--workers", "2")
    n = len(pdfs)
    print(
        f"{len(providers)} authorities, {n} reports and {4 * len(providers)} publications of other kinds; {os.cpu_count()} CPUs"
    )
    print(
        f"first sync (all new):   {first:6.1f} s, {n / first:5.1f} reports/s ({downloads} PDFs downloaded in all)"
    )
    print(f"csinspect ingest:       {ingest:6.1f} s, {n / ingest:5.1f} reports/s (the same PDFs, 2 workers)")
    ok = second < 30
    print(f"second sync (nothing new): {second:.1f} s {'PASS' if ok else 'FAIL'} (target < 30 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

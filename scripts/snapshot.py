"""Snapshot csinspect's outputs through its faces (CLI and HTTP), to check that a redesign keeps behaviour.

    python scripts/snapshot.py OUT_DIR [--shared ../shared] [--port 8799]

Builds a fresh SQLite database in OUT_DIR/data from the official files, ingests the corpus and seeds with one
worker (stable record ids), then writes:

- records.jsonl       ``ingest --dry-run --format jsonl`` of every corpus PDF and seed (sorted by path)
- history/LA.json     ``history LA --format json`` for every authority
- profile/LA.json     ``profile LA --format json`` for every current authority
- national/F.json     ``national --framework F --format json`` for every framework with graded inspections
- api/NAME.json       answers of the HTTP API for a fixed list of requests (``serve`` on 127.0.0.1)

Compare two snapshots with ``diff -r``. Values that change from run to run (load times) are masked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CLI = [str(Path(sys.executable).with_name("csinspect"))]
MASK = re.compile(r'"(loaded_at|at|created_at|updated_at|seconds)": "?[^,}\n]*"?')
API = [
    "/api/v1/authorities?per_page=1000",
    "/api/v1/authorities/821",
    "/api/v1/authorities/821/history",
    "/api/v1/authorities/940/history",
    "/api/v1/authorities/855/neighbours",
    "/api/v1/authorities/821/profile",
    "/api/v1/inspections?per_page=1000",
    "/api/v1/inspections?la_code=821",
    "/api/v1/judgements?la_code=855&per_page=1000",
    "/api/v1/recommendations?la_code=821&per_page=1000",
    "/api/v1/search?q=life%20story",
    "/api/v1/national",
]


def run(args: list[str], env: dict[str, str], out: Path | None = None) -> str:
    proc = subprocess.run(CLI + args, env=env, capture_output=True, text=True, check=False)
    text = MASK.sub(lambda m: f'"{m.group(1)}": "*"', proc.stdout)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + (f"\n# exit {proc.returncode}\n" if proc.returncode else ""), encoding="utf-8")
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--port", type=int, default=8799)
    a = ap.parse_args()
    out: Path = a.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, CSINSPECT_DATA_DIR=str(out / "data"), CSINSPECT_DATABASE_URL="", COLUMNS="200")
    env.pop("CSINSPECT_DATABASE_URL")
    run(["db", "init"], env)
    run(["data", "load", str(a.shared / "data" / "official"), "--format", "json"], env, out / "load.json")
    corpus = [str(a.shared / "corpus" / "pdf"), str(a.shared / "seeds")]
    run(["ingest", *corpus, "--workers", "1", "--format", "jsonl"], env, out / "ingest.jsonl")
    lines = run(["ingest", *corpus, "--dry-run", "--workers", "2", "--format", "jsonl"], env).splitlines()
    recs = sorted((json.loads(x) for x in lines if x.strip()), key=lambda r: r["source"])
    for r in recs:
        r.pop("seconds", None)
    (out / "records.jsonl").write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in recs))
    import sqlite3

    db = sqlite3.connect(out / "data" / "csinspect.sqlite")
    la_codes = [r[0] for r in db.execute("select la_code from authority order by la_code")]
    current = {r[0] for r in db.execute("select la_code from authority where status='current'")}
    fws = [r[0] for r in db.execute("select distinct framework_id from inspection order by 1")]
    db.close()
    for code in la_codes:
        run(["history", code, "--format", "json"], env, out / "history" / f"{code}.json")
        if code in current:
            run(["profile", code, "--format", "json"], env, out / "profile" / f"{code}.json")
    for fw in fws:
        run(["national", "--framework", fw, "--format", "json"], env, out / "national" / f"{fw}.json")
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(a.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{a.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/session", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for i, path in enumerate(API):
            try:
                body = urllib.request.urlopen(base + path, timeout=60).read().decode()
                text = json.dumps(json.loads(body), indent=1, sort_keys=True)
            except Exception as exc:  # recorded in the snapshot
                text = f"error: {exc}"
            (out / "api").mkdir(exist_ok=True)
            (out / "api" / f"{i:02d}.json").write_text(f"# {path}\n{MASK.sub('*', text)}\n")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

"""Web benchmark: authority page and API history endpoint latency (p50/p95) and throughput at 20 concurrent
clients, against a real uvicorn server on 127.0.0.1 serving the given database (load the national data first:
``csinspect data load ../shared/data/official``).

    .venv/bin/python benchmarks/web.py [--database-url URL] [--clients 20] [--requests 2000]

Targets: authority page p95 < 150 ms, API history p95 < 50 ms, no errors. Loopback only; bounded request counts.
The first visit to each authority (computing its performance profile) is reported separately as "cold".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

TARGETS = {"authority page": 150.0, "API history": 50.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn; from csinspect.web import create_app; "
        f"uvicorn.run(create_app({url!r}), host='127.0.0.1', port={port}, log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/session", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def la_codes(url: str, limit: int) -> list[str]:
    from sqlalchemy import select

    from csinspect.store.db import session_scope
    from csinspect.store.models import Authority, Inspection

    with session_scope(url) as s:
        codes = s.scalars(
            select(Authority.la_code)
            .where(Authority.status == "current", Authority.la_code.in_(select(Inspection.la_code)))
            .order_by(Authority.la_code)
        ).all()
    return list(codes)[:limit]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def run_threads(base: str, paths: list[str], clients: int, total: int) -> tuple[list[float], int, float]:
    """``clients`` threads, each with its own keep-alive ``http.client`` connection, share ``total``
    requests cycling through ``paths`` (a light client, so the figures are the server's, not the client's)."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    host = urlsplit(base)
    latencies: list[float] = []
    errors = [0]
    counter = iter(range(total))
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=30)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            t = time.perf_counter()
            conn.request("GET", paths[i % len(paths)])
            r = conn.getresponse()
            r.read()
            ms = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(ms)
                if r.status != 200:
                    errors[0] += 1
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, errors[0], time.perf_counter() - start


async def run_httpx(base: str, paths: list[str], clients: int, total: int) -> tuple[list[float], int, float]:
    """``clients`` concurrent httpx async clients share ``total`` requests cycling through ``paths``."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            for i in counter:
                t = time.perf_counter()
                r = await c.get(paths[i % len(paths)])
                latencies.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - start


def report(name: str, lat: list[float], errors: int, wall: float) -> bool:
    p50, p95, p99 = pct(lat, 50), pct(lat, 95), pct(lat, 99)
    target = TARGETS.get(name)
    ok = errors == 0 and (target is None or p95 < target)
    verdict = "" if target is None else (" PASS" if ok else " FAIL") + f" (target p95 < {target:.0f} ms)"
    print(
        f"{name:>22}: n={len(lat)} p50={p50:.1f} ms p95={p95:.1f} ms p99={p99:.1f} ms max={max(lat):.1f} ms "
        f"mean={statistics.mean(lat):.1f} ms throughput={len(lat) / wall:.0f} req/s errors={errors}{verdict}"
    )
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("CSINSPECT_DATABASE_URL"))
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000, help="requests per measured endpoint")
    ap.add_argument("--authorities", type=int, default=40, help="how many authorities to cycle through")
    ap.add_argument(
        "--client",
        choices=("threads", "httpx"),
        default="threads",
        help="threads: http.client keep-alive connections in threads (light); httpx: httpx.AsyncClient",
    )
    args = ap.parse_args()
    from csinspect.settings import get_settings

    url = args.database_url or get_settings().db_url
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).exists():
        raise SystemExit(f"no database at {url}: run `csinspect data load ../shared/data/official` first")
    codes = la_codes(url, args.authorities)
    if not codes:
        raise SystemExit("no authorities with inspections in the database: load the national data first")
    port = free_port()
    proc = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    print(
        f"server {base} on {url}; {len(codes)} authorities; {args.clients} concurrent clients; {os.cpu_count()} CPUs"
    )
    try:
        pages = [f"/authorities/{c}" for c in codes]
        api = [f"/api/v1/authorities/{c}/history" for c in codes]

        def run(paths: list[str], clients: int, total: int) -> tuple[list[float], int, float]:
            if args.client == "httpx":
                return asyncio.run(run_httpx(base, paths, clients, total))
            return run_threads(base, paths, clients, total)

        print(f"client: {args.client}")
        report("authority page (cold)", *run(pages, 1, len(pages)))
        report("API history (cold)", *run(api, 1, len(api)))
        ok = report("authority page", *run(pages, args.clients, args.requests))
        ok = report("API history", *run(api, args.clients, args.requests)) and ok
        report("home page (cold)", *run(["/"], 1, 1))
        report("home page", *run(["/"], args.clients, max(200, args.requests // 5)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

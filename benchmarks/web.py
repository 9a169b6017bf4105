"""Web benchmark against a real uvicorn server on 127.0.0.1 serving a copy of the given database (load the
national data first: ``csinspect data load ../shared/data/official``):

- authority page and API history latency (p50/p95) and throughput at 20 concurrent clients (anonymous);
- signed-in browsing across every current authority (a user is added to the copy);
- throughput while a flood of HEAD requests for a static file runs beside it (it must not empty the cache);
- responsiveness while an administrator uploads a decompression-bomb PDF.

    .venv/bin/python benchmarks/web.py [--database-url URL] [--clients 20] [--requests 2000]

Targets: authority page p95 < 150 ms (anonymous and signed in), API history p95 < 50 ms, throughput with the
HEAD flood within 10% of without, requests during the bomb upload p95 < 200 ms; no errors. Loopback only;
bounded request counts. The first visit to each authority (computing its profile) is reported as "cold".
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
from typing import Any

import httpx

TARGETS = {
    "authority page": 150.0,
    "API history": 50.0,
    "signed-in pages": 150.0,
    "during bomb upload": 200.0,
}
PASSWORD = "benchmark passphrase 2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, warm: bool = False) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn; from csinspect.web import create_app; "
        f"uvicorn.run(create_app({url!r}, secure_cookies=False, warm={warm!r}), host='127.0.0.1', port={port}, "
        "log_level='warning')"
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


def run_threads(
    base: str, paths: list[str], clients: int, total: int, headers: dict[str, str] | None = None
) -> tuple[list[float], int, float]:
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
            conn.request("GET", paths[i % len(paths)], headers=headers or {})
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


def copy_database(url: str, folder: Path) -> str:
    """A copy to benchmark on (a user is added to it); SQLite only, PostgreSQL is used as it is."""
    import sqlite3

    if not url.startswith("sqlite"):
        return url
    src = sqlite3.connect(url.split("///", 1)[-1])
    dest = sqlite3.connect(folder / "bench.sqlite")
    src.backup(dest)
    src.close()
    dest.close()
    return f"sqlite:///{folder / 'bench.sqlite'}"


def add_user(url: str, name: str) -> None:
    from csinspect.store.db import session_scope
    from csinspect.web.accounts import create_user, user_named

    with session_scope(url) as s:
        if user_named(s, name) is None:
            create_user(s, username=name, password=PASSWORD, role="admin", la_code=None, actor="benchmark")


def signed_in_cookie(base: str, name: str) -> dict[str, str]:
    import re

    with httpx.Client(base_url=base, follow_redirects=True) as c:
        form = c.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        r = c.post("/sign-in", data={"username": name, "password": PASSWORD, "csrf_token": token})
        if "Sign out" not in r.text:
            raise SystemExit("could not sign in the benchmark user")
        return {"Cookie": f"csinspect_session={c.cookies['csinspect_session']}"}


def head_flood(base: str, per_second: float, stop: Any) -> int:
    """HEAD requests for a static file at ``per_second`` until ``stop`` is set; returns how many were sent."""
    import http.client
    from urllib.parse import urlsplit

    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=30)
    n = 0
    while not stop.is_set():
        conn.request("HEAD", "/static/app/app.css")
        conn.getresponse().read()
        n += 1
        stop.wait(1 / per_second)
    conn.close()
    return n


def bomb_pdf(mb: int = 1024) -> bytes:
    """A small PDF whose one content stream inflates to ``mb`` MB of zeros."""
    import zlib

    z = zlib.compressobj(9)
    block = bytes(1 << 20)
    stream = b"".join(z.compress(block) for _ in range(mb)) + z.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def upload_bomb(base: str, cookie: dict[str, str]) -> tuple[int, float]:
    import re

    with httpx.Client(base_url=base, headers=cookie, timeout=300) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/data").text).group(1)  # type: ignore[union-attr]
        t = time.perf_counter()
        r = c.post("/data/reports", data={"csrf_token": token}, files={"report": ("bomb.pdf", bomb_pdf())})
        return r.status_code, time.perf_counter() - t


def main() -> int:
    import tempfile
    import threading
    from concurrent.futures import ThreadPoolExecutor

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

    given = args.database_url or get_settings().db_url
    if given.startswith("sqlite") and not Path(given.split("///", 1)[-1]).exists():
        raise SystemExit(f"no database at {given}: run `csinspect data load ../shared/data/official` first")
    tmp = tempfile.TemporaryDirectory()
    url = copy_database(given, Path(tmp.name))
    os.environ["CSINSPECT_DATA_DIR"] = str(Path(tmp.name) / "data")  # uploads and documents go there
    every = la_codes(url, 10_000)
    codes = every[: args.authorities]
    if not codes:
        raise SystemExit("no authorities with inspections in the database: load the national data first")
    add_user(url, "benchmark.admin")
    port = free_port()
    proc = start_server(url, port, warm=True)
    base = f"http://127.0.0.1:{port}"
    print(
        f"server {base} on a copy of {given}; {len(codes)} authorities; {args.clients} concurrent clients; "
        f"{os.cpu_count()} CPUs"
    )
    try:
        pages = [f"/authorities/{c}" for c in codes]
        api = [f"/api/v1/authorities/{c}/history" for c in codes]

        def run(paths: list[str], clients: int, total: int, headers: dict[str, str] | None = None) -> Any:
            if args.client == "httpx":
                return asyncio.run(run_httpx(base, paths, clients, total))
            return run_threads(base, paths, clients, total, headers)

        print(f"client: {args.client}")
        report("authority page (cold)", *run(pages, 1, len(pages)))
        report("API history (cold)", *run(api, 1, len(api)))
        ok = report("authority page", *run(pages, args.clients, args.requests))
        ok = report("API history", *run(api, args.clients, args.requests)) and ok
        report("home page (cold)", *run(["/"], 1, 1))
        report("home page", *run(["/"], args.clients, max(200, args.requests // 5)))

        cookie = signed_in_cookie(base, "benchmark.admin")
        every_page = [f"/authorities/{c}" for c in every]
        time.sleep(5)  # let --warm finish the profiles it started at boot
        report("signed-in pages (first)", *run(every_page, 1, len(every_page), cookie))
        ok = report("signed-in pages", *run(every_page, args.clients, args.requests, cookie)) and ok

        # twelve HEAD requests a second for a static file, from a second before and throughout; three rounds
        # of without/with, alternated, so that drift of the machine does not read as an effect
        quiet_rates, loud_rates, sent = [], [], 0
        for _ in range(3):
            quiet = run(pages, args.clients, 5 * args.requests)
            quiet_rates.append(len(quiet[0]) / quiet[2])
            stop = threading.Event()
            with ThreadPoolExecutor(1) as pool:
                flood = pool.submit(head_flood, base, 12.0, stop)
                time.sleep(1.0)
                loud = run(pages, args.clients, 5 * args.requests)
                stop.set()
                sent += flood.result()
            loud_rates.append(len(loud[0]) / loud[2])
        report("pages without flood", *quiet)
        report("pages with HEAD flood", *loud)
        ratio = statistics.median(loud_rates) / statistics.median(quiet_rates)
        flood_ok = ratio >= 0.9
        print(f"{'HEAD flood':>22}: {sent} HEAD requests; median throughput {ratio:.0%} of without" +
              (" PASS" if flood_ok else " FAIL") + " (target >= 90%)")  # fmt: skip
        ok = ok and flood_ok

        with ThreadPoolExecutor(1) as pool:
            bomb = pool.submit(upload_bomb, base, cookie)
            time.sleep(0.2)
            during: list[float] = []
            errors = 0
            while not bomb.done():
                lat, err, _ = run(["/api/v1/session", *pages[:5]], 1, 6)
                during += lat
                errors += err
            status, seconds = bomb.result()
        print(f"{'bomb upload':>22}: HTTP {status} after {seconds:.1f} s")
        if during:
            ok = report("during bomb upload", during, errors, max(seconds, 1e-9)) and ok
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""A decompression-bomb PDF uploaded to a real server: it is refused with its reason, and the server keeps
answering other requests within 200 ms while it is being read (the reading happens in a child process, the
request in the thread pool: never on the event loop)."""

from __future__ import annotations

import re
import threading
import time
import zlib

import httpx

from conftest import LiveServer


def bomb_pdf(mb: int) -> bytes:
    z = zlib.compressobj(9)
    block = bytes(1 << 20)
    stream = b"".join(z.compress(block) for _ in range(mb)) + z.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer << /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_bomb_is_refused_and_the_server_stays_responsive(live_server: LiveServer) -> None:
    base = live_server.base_url
    with httpx.Client(base_url=base, follow_redirects=True, timeout=120) as c:
        form = c.get("/sign-in")
        cookie = form.headers["set-cookie"].split(";")[0]  # Secure: sent by hand over http://127.0.0.1
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        headers = {"Cookie": cookie}
        signed = c.post(
            "/sign-in",
            data={"username": "admin1", "password": "correct horse battery staple", "csrf_token": token},
            headers=headers,
            follow_redirects=False,
        )
        headers = {"Cookie": signed.headers["set-cookie"].split(";")[0]}
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/data", headers=headers).text).group(1)  # type: ignore[union-attr]
        bomb = bomb_pdf(1536)  # 1.5 GB of zeros in about 1.5 MB
        result: dict[str, object] = {}

        def upload() -> None:
            t = time.perf_counter()
            r = httpx.post(
                f"{base}/data/reports", data={"csrf_token": token}, files={"report": ("bomb.pdf", bomb)},
                headers=headers, timeout=300,
            )  # fmt: skip
            result["status"], result["text"], result["seconds"] = (
                r.status_code,
                r.text,
                time.perf_counter() - t,
            )

        worker = threading.Thread(target=upload)
        worker.start()
        latencies = []
        while worker.is_alive():
            t = time.perf_counter()
            assert c.get("/api/v1/authorities/821").status_code == 200
            latencies.append(time.perf_counter() - t)
            time.sleep(0.05)
        worker.join()
    assert result["status"] == 400 and "decompression bomb" in str(result["text"]), result
    assert len(latencies) >= 3, f"the upload took {result['seconds']:.2f} s: too short to measure"
    assert max(latencies) < 0.2, f"slowest answer during the upload: {max(latencies) * 1000:.0f} ms"

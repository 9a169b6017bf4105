"""Web fixtures: a populated database, an in-process client, and a real uvicorn server for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_sample import PASSWORD, build_sample


@dataclass
class WebDb:
    url: str
    ids: dict[str, int]


@pytest.fixture
def web_db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WebDb:
    """The sample data on SQLite, then on PostgreSQL (under scripts/with-postgres.sh)."""
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    return WebDb(db_url, build_sample(db_url, tmp_path / "data" / "documents"))


@pytest.fixture
def sqlite_web_db(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WebDb:
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    return WebDb(sqlite_url, build_sample(sqlite_url, tmp_path / "data" / "documents"))


def make_client(url: str) -> TestClient:
    from csinspect.web import create_app

    # https base URL: the session cookie is Secure, as it is in production
    return TestClient(create_app(url), base_url="https://testserver")


@pytest.fixture
def client(web_db: WebDb) -> Iterator[TestClient]:
    with make_client(web_db.url) as c:
        yield c


def csrf_from(html: str) -> str:
    import re

    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the form"
    return m.group(1)


def sign_in(c: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_from(c.get("/sign-in").text)
    r = c.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:500]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    base_url: str
    db: WebDb
    app: Any = None  # the served application (its state: caches, the sign-in limiter)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real uvicorn server on 127.0.0.1 over the sample data (SQLite), stopped after the module."""
    import os

    import uvicorn

    from csinspect.store.db import init_db
    from csinspect.web import create_app

    tmp = tmp_path_factory.mktemp("live")
    previous = os.environ.get("CSINSPECT_DATA_DIR")
    os.environ["CSINSPECT_DATA_DIR"] = str(tmp / "data")
    url = f"sqlite:///{tmp / 'live.sqlite'}"
    init_db(url)
    ids = build_sample(url, tmp / "data" / "documents")
    port = _free_port()
    app = create_app(url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", WebDb(url, ids), app)
    server.should_exit = True
    thread.join(timeout=10)
    if previous is None:
        os.environ.pop("CSINSPECT_DATA_DIR", None)
    else:
        os.environ["CSINSPECT_DATA_DIR"] = previous

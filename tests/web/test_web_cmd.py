"""``csinspect users add/list`` (password from stdin, never a default) and ``csinspect serve``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import select
from typer.testing import CliRunner

from csinspect.cli import app
from csinspect.store.db import session_scope
from csinspect.store.web_models import User
from csinspect.web.security import verify_password


def test_users_add_reads_password_from_stdin_and_lists(web_db) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    r = runner.invoke(
        app,
        ["users", "add", "luton.two", "--role", "council", "--la", "821", "--database-url", web_db.url],
        input="a sufficiently long secret\n",
    )
    assert r.exit_code == 0, r.output
    with session_scope(web_db.url) as s:
        u = s.scalars(select(User).where(User.username == "luton.two")).one()
        assert u.la_code == "821" and verify_password(u.password_hash, "a sufficiently long secret")
        assert "a sufficiently long secret" not in u.password_hash
    listed = runner.invoke(app, ["users", "list", "--format", "json", "--database-url", web_db.url])
    rows = json.loads(listed.stdout)
    assert {"username": "luton.two", "role": "council", "la_code": "821"}.items() <= next(
        x for x in rows if x["username"] == "luton.two"
    ).items()
    assert "password" not in listed.stdout and "argon2" not in listed.stdout


def test_users_add_refuses_bad_input(web_db) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    cases = [
        (["users", "add", "x1", "--role", "council"], "good long password", "la_code"),
        (["users", "add", "x2", "--role", "council", "--la", "999"], "good long password", "no authority"),
        (["users", "add", "x3", "--role", "wizard"], "good long password", "role"),
        (["users", "add", "x4", "--role", "admin"], "short", "at least 12"),
        (["users", "add", "x5", "--role", "admin"], "", "at least 12"),  # no default password
    ]
    for argv, password, why in cases:
        r = runner.invoke(app, [*argv, "--database-url", web_db.url], input=password + "\n")
        assert r.exit_code != 0, argv
        assert why in r.output, r.output
    with session_scope(web_db.url) as s:
        assert not s.scalars(select(User).where(User.username.in_(["x1", "x2", "x3", "x4", "x5"]))).all()


def test_serve_prints_address_and_serves(sqlite_web_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "CSINSPECT_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("csinspect")),
            "serve",
            "--port",
            str(port),
            "--database-url",
            sqlite_web_db.url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert f"http://127.0.0.1:{port}/" in line, line
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/authorities/821", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert r.status_code == 200 and "Luton" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)

"""Smaller holes closed: hostile upload names, errors with the same security headers as every response and
no trace, and no server path in any page or API answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import WebDb, csrf_from, make_client, sign_in
from csinspect.testing.reports import Ilacs, write


@pytest.mark.parametrize("name", ["..", "../../etc/passwd.pdf", "x" * 400 + ".pdf", "a\x00b.pdf", "CON .pdf"])
def test_hostile_upload_names_are_handled(client: TestClient, tmp_path: Path, name: str) -> None:
    pdf = write(Ilacs().pages(), tmp_path / "r.pdf").read_bytes()
    sign_in(client, "admin1")
    token = csrf_from(client.get("/data").text)
    r = client.post(
        "/data/reports", data={"csrf_token": token}, files={"report": (name, pdf)}, follow_redirects=False
    )
    assert r.status_code in (303, 400), (
        r.status_code
    )  # read and stored, or refused with a reason: never a 500
    assert not (tmp_path.parent / "etc").exists()


def test_an_unhandled_error_is_a_plain_500_with_the_security_headers(sqlite_web_db: WebDb) -> None:
    from csinspect.web import create_app

    app = create_app(sqlite_web_db.url)

    def boom() -> None:
        raise RuntimeError("secret detail /srv/csinspect/data/x.sqlite")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False, base_url="https://testserver") as c:
        for path in ("/boom", "/api/v1/boom"):
            r = c.get(path)
            assert r.status_code == 500
            assert (
                r.headers["x-frame-options"] == "DENY"
                and "default-src 'self'" in r.headers["content-security-policy"]
            )
            assert "secret detail" not in r.text and "/srv/" not in r.text


def test_no_server_path_in_pages_or_api(sqlite_web_db: WebDb, tmp_path: Path) -> None:
    report = write(Ilacs().pages(), tmp_path / "deep" / "folder" / "luton.pdf")
    with make_client(sqlite_web_db.url) as c:
        sign_in(c, "admin1")
        token = csrf_from(c.get("/data").text)
        r = c.post(
            "/data/reports", data={"csrf_token": token}, files={"report": ("luton.pdf", report.read_bytes())},
            follow_redirects=False,
        )  # fmt: skip
        assert r.status_code == 303
        iid = r.headers["location"].rsplit("/", 1)[-1]
        data_dir = str(Path(sqlite_web_db.url.split("///", 1)[-1]).parent)
        for path in (f"/inspections/{iid}", f"/api/v1/inspections/{iid}", "/api/v1/authorities/821/history",
                     "/authorities/821", "/data"):  # fmt: skip
            body = c.get(path).text
            assert "/uploads/" not in body and data_dir not in body and str(tmp_path) not in body, path

"""Every role × object × action, by page and by API, against the policy the regime sets (written out here,
not read from the code under test):

- an inspection belongs to the inspectorate: admins and inspectors see and change it; the council inspected
  sees it from moderation (its factual-accuracy check), never changes it; nobody else sees a draft;
- a self-evaluation belongs to its council: that council (and an admin) changes it; inspectors read it;
- an action plan belongs to its council: the council (and an admin) changes it; inspectors read it.

"sees" = the page and the API answer 200 (else 404: a draft one may not see does not exist for them);
"changes" = a write is not refused (303 or a 400 naming a form problem); a signed-in user who sees but may
not change gets 403; the public gets 401 on writes.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import WebDb, csrf_from, make_client, sign_in

ROLES = ("public", "admin1", "inspector1", "luton.officer", "bedford.officer")
# object → (roles that see it, roles that change it)
ASSESSMENTS = {
    "draft_821": ({"admin1", "inspector1"}, {"admin1", "inspector1"}),
    "moderated_821": ({"admin1", "inspector1", "luton.officer"}, {"admin1", "inspector1"}),
    "self_821": ({"admin1", "inspector1", "luton.officer"}, {"admin1", "luton.officer"}),
    "draft_822": ({"admin1", "inspector1", "bedford.officer"}, {"admin1", "bedford.officer"}),
}
ACTIONS = {
    ("821", "action_821"): ({"admin1", "inspector1", "luton.officer"}, {"admin1", "luton.officer"}),
    ("822", "action_822"): ({"admin1", "inspector1", "bedford.officer"}, {"admin1", "bedford.officer"}),
}


def _expect_write(role: str, sees: set[str], changes: set[str]) -> set[int]:
    if role == "public":
        return {401}
    if role in changes:
        return {303, 400}
    return {403} if role in sees else {404}


@pytest.fixture
def as_role(request: pytest.FixtureRequest, sqlite_web_db: WebDb) -> tuple[TestClient, str, WebDb]:
    role = request.param
    client = make_client(sqlite_web_db.url).__enter__()
    request.addfinalizer(lambda: client.__exit__(None, None, None))
    if role != "public":
        sign_in(client, role)
    return client, role, sqlite_web_db


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_assessments_by_page_and_api(as_role: tuple[TestClient, str, WebDb]) -> None:
    client, role, db = as_role
    token = csrf_from(client.get("/sign-in").text)
    for name, (sees, changes) in ASSESSMENTS.items():
        aid = db.ids[name]
        seen = 200 if role in sees else 404
        assert client.get(f"/assessments/{aid}").status_code == seen, (role, name, "page")
        assert client.get(f"/api/v1/assessments/{aid}").status_code == seen, (role, name, "api")
        listed = {
            a["id"] for a in client.get("/api/v1/assessments", params={"per_page": 500}).json()["items"]
        }
        assert (aid in listed) == (role in sees), (role, name, "listed")
        want = _expect_write(role, sees, changes)
        grade = client.post(
            f"/assessments/{aid}/grades",
            data={
                "csrf_token": token,
                "judgement_id": "overall_effectiveness",
                "grade": "good",
                "rationale": "x",
            },
            follow_redirects=False,
        )
        assert grade.status_code in want, (role, name, "grade", grade.status_code)
        propose = client.post(
            f"/assessments/{aid}/propose", data={"csrf_token": token}, follow_redirects=False
        )
        assert propose.status_code in want, (role, name, "propose", propose.status_code)
        advance = client.post(
            f"/assessments/{aid}/advance", data={"csrf_token": token}, follow_redirects=False
        )
        assert advance.status_code in want, (role, name, "advance", advance.status_code)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_action_plans_by_page_and_api(as_role: tuple[TestClient, str, WebDb]) -> None:
    client, role, db = as_role
    token = csrf_from(client.get("/sign-in").text)
    for (la, name), (sees, changes) in ACTIONS.items():
        aid = db.ids[name]
        page = client.get(f"/actions/{la}/{aid}", follow_redirects=False)
        assert page.status_code == (200 if role in sees else 401 if role == "public" else 404), (role, name)
        want = _expect_write(role, sees, changes)
        form = client.post(
            f"/actions/{la}/{aid}",
            data={"csrf_token": token, "status": "in_progress", "note": "Caseload audit done"},
            follow_redirects=False,
        )
        assert form.status_code in want, (role, name, "form", form.status_code)
        api = client.patch(
            f"/api/v1/actions/{aid}", json={"note": "Second update"}, headers={"X-CSRF-Token": token}
        )
        assert api.status_code in (want - {303}) | ({200} if role in changes else set()), (role, name, "api")


def test_a_council_creates_only_its_own_self_evaluation(sqlite_web_db: WebDb) -> None:
    with make_client(sqlite_web_db.url) as client:
        sign_in(client, "luton.officer")
        token = csrf_from(client.get("/assessments").text)
        other = client.post(
            "/assessments", data={"csrf_token": token, "la_code": "822", "framework_id": "ilacs_2023"}
        )
        assert other.status_code == 400 and "only its own authority" in other.text
        own = client.post(
            "/assessments",
            data={"csrf_token": token, "la_code": "821", "framework_id": "ilacs_2023"},
            follow_redirects=False,
        )
        assert own.status_code == 303
        made = client.get("/api/v1" + own.headers["location"]).json()
        assert (made["kind"], made["la_code"]) == ("self_evaluation", "821")
        sign_in(client, "inspector1")
        token = csrf_from(client.get("/assessments").text)
        theirs = client.post(
            "/assessments",
            data={"csrf_token": token, "la_code": "822", "framework_id": "ilacs_2023"},
            follow_redirects=False,
        )
        assert client.get("/api/v1" + theirs.headers["location"]).json()["kind"] == "inspection"

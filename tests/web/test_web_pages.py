"""Pages, access rules, forms and bad input, through the real app on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import WebDb, csrf_from, make_client, sign_in
from csinspect.store.assessment_models import Action
from csinspect.store.audit import AuditEvent
from csinspect.store.db import session_scope


def test_home_shows_national_picture_latest_and_overdue(client: TestClient) -> None:
    html = client.get("/").text
    assert "Current grades by framework" in html
    # ILACS 2018: Luton good (latest ILACS 2018 inspection), Bedford outstanding
    section = html[html.index('id="fw-ilacs_2018"') :]
    table = section[: section.index("</table>")]
    assert re.search(r"Outstanding</th><td[^>]*>1<", table) and re.search(r"Good</th><td[^>]*>1<", table)
    assert 'role="img"' in html and "<title" in html  # charts carry a text alternative
    assert "Overdue for inspection" in html and "Bedford" in html  # last ILACS ended May 2019


def test_authority_pages_overview_history_neighbours_inspections(client: TestClient, web_db: WebDb) -> None:
    r = client.get("/authorities/821")
    assert r.status_code == 200
    html = r.text
    assert '<h1 class="govuk-heading-xl govuk-!-margin-bottom-4">Luton</h1>' in html
    assert "E06000032" in html
    # the overview: the latest graded inspection (ILACS 2022) and the change from the SIF grade of 2016
    latest = html[html.index('id="latest-judgements"') :]
    latest = latest[: latest.index("</table>")]
    assert "Requires improvement to be good" in latest and "from" in latest
    # the sub-navigation marks where the reader is, on every page of the authority
    assert re.search(r'href="/authorities/821" aria-current="page">Overview<', html)
    history = client.get("/authorities/821/judgements").text
    assert re.search(r'href="/authorities/821/judgements" aria-current="page">Judgement history<', history)
    table = history[history.index('id="timeline-table"') :]
    table = table[: table.index("</table>")]
    # every judgement, in date order: SLAC 2012, SIF 2016, ILACS 2022
    assert table.index("24 February 2012") < table.index("7 April 2016") < table.index("4 March 2022")
    assert "Adequate" in table and "Requires improvement to be good" in table
    assert "Needs review" in table
    neighbours = client.get("/authorities/821/neighbours").text
    assert "Bedford" in neighbours and "Outstanding" in neighbours  # neighbour with its latest grade
    assert "Ensure that return home interviews are offered" in client.get("/authorities/821/inspections").text
    assert "Sign in</a> to see it" in client.get("/authorities/821/action-plan").text  # not public
    assert "Sign in</a> to see it" not in html
    outlook = client.get("/authorities/821/outlook").text
    assert "A proposal, not a verdict" in outlook and "Help and protection" in outlook
    assert "not backtested" in outlook  # the small sample has too few inspections to fit: it says so
    assert client.get("/authorities/821/nothing-here").status_code == 404
    assert client.get("/authorities/821/profile", params={"view": "pie"}).status_code == 400


def test_authority_search_redirects_and_lists(client: TestClient) -> None:
    r = client.get("/authorities", params={"q": "luton"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/authorities/821"
    assert "Bedford" in client.get("/authorities", params={"q": "bed"}).text


def test_inspection_page_provenance_and_review(client: TestClient, web_db: WebDb) -> None:
    html = client.get(f"/inspections/{web_db.ids['sif']}").text
    assert "This record needs review" in html
    assert "app-needs-review" in html and "grade broken across lines" in html
    assert "Children&#39;s services in Luton require improvement to be good" in html
    assert f"/documents/{web_db.ids['document']}/original" in html
    original = client.get(f"/documents/{web_db.ids['document']}/original")
    assert original.status_code == 200 and original.content.startswith(b"%PDF")


def test_inspection_page_shows_repeated_recommendations(client: TestClient, web_db: WebDb) -> None:
    html = client.get(f"/inspections/{web_db.ids['ilacs']}").text
    assert "Said before" in html
    said = html[html.index("Said before") :]
    assert (
        "supervision challenges drift" in said
        and "Strengthen management oversight of casework, including" in said
    )
    assert f'href="/inspections/{web_db.ids["sif"]}"' in said


def test_unknown_things_get_a_404_page(client: TestClient) -> None:
    for path in (
        "/authorities/999",
        "/authorities/abc",
        "/inspections/999999",
        "/no-such-page",
        "/documents/999/original",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "Page not found" in r.text and "govuk-heading-l" in r.text
    assert client.get("/api/v1/authorities/999").json()["detail"].startswith("There is no authority")


def test_search_finds_phrase_with_filters(client: TestClient, web_db: WebDb) -> None:
    html = client.get("/search", params={"q": '"return home interviews"'}).text
    # the phrase is stemmed: the recommendation ("interviews") and the finding ("interview") both match
    assert "2 results" in html
    assert "<mark>" in html
    # stemming: "interview" finds "interviews"; the finding and the recommendation both match
    assert "2 results" in client.get("/search", params={"q": "return home interview"}).text
    assert "0 results" in client.get("/search", params={"q": "return home", "la": "822"}).text
    assert "0 results" in client.get("/search", params={"q": "return home", "year": "2019"}).text
    assert (
        "results"
        in client.get(
            "/search", params={"q": "placements", "grade": "outstanding", "region": "East of England"}
        ).text
    )
    csv = client.get("/search.csv", params={"q": "return home"})
    assert csv.status_code == 200 and csv.text.startswith("kind,id,inspection_id")


def test_search_shows_active_filters_as_chips_that_remove_them(client: TestClient) -> None:
    html = client.get("/search", params={"q": "return home", "la": "822", "year": "2019"}).text
    chips = html[html.index('id="active-filters"') :]
    chips = chips[: chips.index("</div>")]
    assert "Authority: Bedford" in chips and "Published in 2019" in chips and "Remove every filter" in chips
    # each chip links to the same search without that filter (and from the first page)
    assert (
        'href="/search?q=return+home&amp;year=2019"' in chips
        and 'href="/search?q=return+home&amp;la=822"' in chips
    )
    assert 'id="active-filters"' not in client.get("/search", params={"q": "return home"}).text


def test_search_treats_injection_as_text(client: TestClient) -> None:
    attempts = [
        "' OR 1=1 --",
        '"; DROP TABLE recommendation; --',
        "return NEAR/2 home",
        "body:missing",
        "missing*",
        '"unbalanced',
        "<script>alert(1)</script>",
        "AND OR NOT",
        "\\x00 %% _",
    ]
    for q in attempts:
        r = client.get("/search", params={"q": q})
        assert r.status_code == 200, q
        assert "<script>alert(1)</script>" not in r.text
        api = client.get("/api/v1/search", params={"q": q})
        assert api.status_code == 200, q
    # the tables are still there and searchable
    assert client.get("/api/v1/search", params={"q": "assessments"}).json()["total"] >= 1
    assert client.get("/api/v1/inspections", params={"la_code": "821"}).json()["total"] == 3


def test_sign_in_errors_use_the_error_summary(client: TestClient) -> None:
    token = csrf_from(client.get("/sign-in").text)
    r = client.post("/sign-in", data={"username": "", "password": "", "csrf_token": token})
    assert r.status_code == 400
    assert "govuk-error-summary" in r.text and 'href="#username"' in r.text and 'href="#password"' in r.text
    assert "<title>Error: " in r.text
    r = client.post(
        "/sign-in", data={"username": "luton.officer", "password": "wrong password!", "csrf_token": token}
    )
    assert r.status_code == 400 and "The user name or password is not right" in r.text


def test_forms_need_the_csrf_token(client: TestClient) -> None:
    client.get("/sign-in")
    r = client.post("/sign-in", data={"username": "admin1", "password": "x"})
    assert r.status_code == 403
    r = client.post("/sign-in", data={"username": "admin1", "password": "x", "csrf_token": "forged"})
    assert r.status_code == 403


def test_sign_in_is_rate_limited(client: TestClient) -> None:
    token = csrf_from(client.get("/sign-in").text)
    codes = [
        client.post(
            "/sign-in", data={"username": "admin1", "password": f"guess {i}", "csrf_token": token}
        ).status_code
        for i in range(6)
    ]
    assert codes[:5] == [400] * 5 and codes[5] == 429
    # even the right password is refused while the limit holds
    r = client.post(
        "/sign-in",
        data={"username": "admin1", "password": "correct horse battery staple", "csrf_token": token},
    )
    assert r.status_code == 429 and "Too many failed attempts" in r.text


def test_session_cookie_flags(web_db: WebDb) -> None:
    with make_client(web_db.url) as c:
        r = c.get("/sign-in")
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
        assert (
            r.headers["x-frame-options"] == "DENY"
            and "default-src 'self'" in r.headers["content-security-policy"]
        )


def test_council_user_sees_only_own_drafts_and_plan(client: TestClient, web_db: WebDb) -> None:
    ids = web_db.ids
    assert client.get(f"/assessments/{ids['self_821']}").status_code == 404  # the public sees no drafts
    sign_in(client, "luton.officer")
    assert client.get(f"/assessments/{ids['self_821']}").status_code == 200  # its own self-evaluation
    assert client.get(f"/assessments/{ids['moderated_821']}").status_code == 200  # factual accuracy check
    assert client.get(f"/assessments/{ids['draft_821']}").status_code == 404  # the inspectors' working draft
    assert client.get(f"/assessments/{ids['draft_822']}").status_code == 404
    assert client.get("/actions/822").status_code == 404
    assert client.get(f"/actions/822/{ids['action_822']}").status_code == 404
    assert (
        client.get(f"/actions/821/{ids['action_822']}").status_code == 404
    )  # an action under the wrong plan
    assert client.get(f"/api/v1/assessments/{ids['draft_822']}").status_code == 404
    listed = client.get("/api/v1/assessments").json()["items"]
    assert {a["la_code"] for a in listed} == {"821"}
    assert client.get("/api/v1/actions", params={"la_code": "822"}).status_code == 404
    assert "Bedford" not in client.get("/assessments").text.split("Start an assessment")[0]


def test_inspector_sees_every_draft(client: TestClient, web_db: WebDb) -> None:
    sign_in(client, "inspector1")
    assert client.get(f"/assessments/{web_db.ids['draft_822']}").status_code == 200
    assert client.get("/actions/822").status_code == 200


def test_council_updates_an_action_audited(client: TestClient, web_db: WebDb) -> None:
    aid = web_db.ids["action_821"]
    sign_in(client, "luton.officer")
    page = client.get(f"/actions/821/{aid}").text
    token = csrf_from(page)
    bad = client.post(
        f"/actions/821/{aid}", data={"csrf_token": token, "status": "in_progress", "evidence": "audit report"}
    )
    assert bad.status_code == 400 and "govuk-error-summary" in bad.text and 'href="#note"' in bad.text
    r = client.post(
        f"/actions/821/{aid}",
        data={
            "csrf_token": token,
            "status": "in_progress",
            "note": "Return home interview service commissioned",
            "evidence": "Cabinet report 12 May",
            "owner": "Head of Safeguarding",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "Return home interview service commissioned" in html and "In progress" in html
    with session_scope(web_db.url) as s:
        a = s.get(Action, aid)
        assert a is not None and a.status == "in_progress" and a.owner == "Head of Safeguarding"
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "action", AuditEvent.entity_id == str(aid))
        ).all()
        assert events[-1].actor == "luton.officer" and events[-1].action == "action.update"
    # and cannot touch Bedford's
    r = client.post(
        f"/actions/822/{web_db.ids['action_822']}",
        data={"csrf_token": token, "status": "complete", "note": "x"},
    )
    assert r.status_code == 404


def test_admin_adds_user_with_error_summary_and_audit(client: TestClient, web_db: WebDb) -> None:
    sign_in(client, "luton.officer")
    assert client.get("/users").status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").text)})
    sign_in(client, "admin1")
    token = csrf_from(client.get("/users").text)
    r = client.post(
        "/users",
        data={"csrf_token": token, "username": "x", "role": "council", "la_code": "", "password": "short"},
    )
    assert r.status_code == 400
    for field in ("username", "la_code", "password"):
        assert f'href="#{field}"' in r.text
    r = client.post(
        "/users",
        data={
            "csrf_token": token,
            "username": "bedford.two",
            "role": "council",
            "la_code": "822",
            "password": "a long enough passphrase",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with session_scope(web_db.url) as s:
        ev = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.add").order_by(AuditEvent.id.desc())
        ).first()
        assert ev is not None and ev.actor == "admin1" and ev.after["username"] == "bedford.two"


def test_assessment_workspace_records_grade(client: TestClient, web_db: WebDb) -> None:
    sign_in(client, "inspector1")
    aid = web_db.ids["draft_821"]
    token = csrf_from(client.get(f"/assessments/{aid}").text)
    r = client.post(
        f"/assessments/{aid}/grades",
        data={"csrf_token": token, "judgement_id": "help_and_protection", "grade": "", "rationale": ""},
    )
    assert r.status_code == 400 and 'href="#grade"' in r.text and 'href="#rationale"' in r.text
    r = client.post(
        f"/assessments/{aid}/grades",
        data={
            "csrf_token": token,
            "judgement_id": "help_and_protection",
            "grade": "good",
            "rationale": "Timely, child-centred help",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    html = client.get(f"/assessments/{aid}").text
    assert "Timely, child-centred help" in html and "assessment.grade" in html


def test_report_upload_rejects_bad_files(client: TestClient, web_db: WebDb) -> None:
    sign_in(client, "admin1")
    token = csrf_from(client.get("/data").text)
    cases = [
        ("report.pdf", b"", "empty"),
        ("report.pdf", b"GIF89a not a pdf", "not a PDF"),
        ("report.pdf", b"%PDF-1.4\n1 0 obj\n", "truncated"),
        ("report.txt", b"\xff\xfe\x00bad", "not UTF-8"),
    ]
    for name, data, why in cases:
        r = client.post("/data/reports", data={"csrf_token": token}, files={"report": (name, data)})
        assert r.status_code == 400, why
        assert "govuk-error-summary" in r.text and why in r.text
    big = b"%PDF-1.4\n" + b"0" * (26 * 1024 * 1024)
    r = client.post("/data/reports", data={"csrf_token": token}, files={"report": ("big.pdf", big)})
    assert r.status_code == 400 and "larger than 25 MB" in r.text
    huge = client.post(
        "/data/reports",
        content=b"0" * (31 * 1024 * 1024),
        headers={"content-type": "application/octet-stream"},
    )
    assert huge.status_code == 413
    with session_scope(web_db.url) as s:  # nothing was stored
        from csinspect.store.models import Document

        assert len(s.scalars(select(Document)).all()) == 1


def test_upload_needs_admin(client: TestClient) -> None:
    sign_in(client, "luton.officer")
    token = csrf_from(client.get("/actions/821").text)
    r = client.post(
        "/data/reports", data={"csrf_token": token}, files={"report": ("a.pdf", b"%PDF-1.4\n%%EOF\n")}
    )
    assert r.status_code == 403


def test_action_plan_export_and_bad_import(client: TestClient) -> None:
    sign_in(client, "luton.officer")
    x = client.get("/actions/821/export.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    token = csrf_from(client.get("/actions/821").text)
    r = client.post(
        "/actions/821/import", data={"csrf_token": token}, files={"workbook": ("plan.xlsx", b"not a zip")}
    )
    assert r.status_code == 400 and "not an Excel .xlsx workbook" in r.text
    r = client.post(
        "/actions/821/import",
        data={"csrf_token": token},
        files={"workbook": ("plan.xlsx", x.content)},
        follow_redirects=False,
    )
    assert r.status_code == 303  # the unchanged plan is accepted and the board shown again


def test_admin_uploads_a_report(client: TestClient, web_db: WebDb, tmp_path: Path) -> None:
    """A PDF in Ofsted's layout (an ILACS report on Luton) through the upload form into the ingestion pipeline."""
    from csinspect.testing.reports import Ilacs, write

    pdf = write(Ilacs().pages(), tmp_path / "luton.pdf")
    sign_in(client, "admin1")
    token = csrf_from(client.get("/data").text)
    r = client.post(
        "/data/reports",
        data={"csrf_token": token},
        files={"report": ("luton-2023.pdf", pdf.read_bytes())},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]  # read and stored: the inspection page is shown
    page = client.get(r.headers["location"]).text
    assert "Luton" in page and "Judgements" in page
    with session_scope(web_db.url) as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "report.upload")).all()
        assert len(ev) == 1 and ev[0].actor == "admin1"
    data = client.get("/data").text
    assert (
        "luton-2023.pdf" in data and "<strong>Luton</strong>, ILACS" in data
    )  # shown by what it is, file as hint
    # its text is searchable page by page, beyond the recommendations (a sentence of the report's body)
    found = client.get("/search", params={"q": '"services for children in the area have improved"'}).text
    assert "1 result" in found and "Report text" in found and "page 1" in found and "<mark>" in found
    assert "Report text" in client.get("/search", params={"q": "Luton improved", "la": "821"}).text
    assert "0 results" in client.get("/search", params={"q": "Luton improved", "la": "822"}).text


def test_inspector_proposes_grades_with_reasons(client: TestClient, web_db: WebDb) -> None:
    sign_in(client, "inspector1")
    aid = web_db.ids["draft_821"]
    token = csrf_from(client.get(f"/assessments/{aid}").text)
    r = client.post(f"/assessments/{aid}/propose", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    html = client.get(f"/assessments/{aid}").text
    assert "assessment.propose" in html  # in the audit trail
    assert "Proposal: " in html  # the previous inspection gives every judgement a proposal
    assert "previous inspection" in html.lower()  # the evidence it proposed from


def test_warm_start_fills_the_profile_cache(sqlite_web_db: WebDb) -> None:
    import threading

    from csinspect.web import create_app

    app = create_app(sqlite_web_db.url, warm=True)
    warmer = next(t for t in threading.enumerate() if t.name == "warm-profiles")
    warmer.join(timeout=120)
    assert not warmer.is_alive()
    cached = {key[0] for key in app.state.cache.get("profile_views", {})}
    assert {"821", "822", "823", "919", "940"} <= cached  # every current authority (profile or its absence)


def test_authority_search_ranks_names_that_hold_the_text_first(client: TestClient) -> None:
    """ "north": names starting with it before names holding it later; "bedford": the exact name first, a
    name that merely contains it after, and a fuzzy match never above them."""
    import re

    def listed(q: str) -> list[str]:
        html = client.get("/authorities", params={"q": q}).text
        return re.findall(r'href="/authorities/(\d{3})"', html.split("<main", 1)[-1])

    north = listed("north")
    assert north[:2] == ["940", "928"]  # North Northamptonshire, then Northamptonshire: both start with it
    bed = listed("bedf")
    assert bed.index("822") < bed.index("823")  # Bedford (a prefix) before Central Bedfordshire (a word)

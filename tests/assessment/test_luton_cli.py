"""The issue's done-when, through the command line on the loaded official data: Luton (821) under
the 2009-11 annual assessment and under the SIF (+ LSCB), to a letter / report in the seeds' form,
and the SIF recommendations to an action plan exported, edited and re-imported as .xlsx."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from csinspect.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()

SIF_RECS = [
    "Significantly reduce the average size of social workers' caseloads in the rapid intervention and assessment team.",
    "Ensure that professionals routinely receive feedback on the response to, and progress of, referrals that they have made to children's social care.",
    "Ensure that there is a suitable range of placements available to meet the current and future needs of children looked after, not least so that siblings can be placed together when appropriate.",
]


@pytest.fixture(scope="module")
def luton_db(tmp_path_factory: pytest.TempPathFactory, official_dir: Path) -> str:
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path_factory.mktemp('luton') / 'luton.sqlite'}"
    init_db(url)
    load_directory(
        official_dir, url, kinds={"authorities", "ofsted_la_outcomes", "ofsted_csc_2023_la_inspections"}
    )
    return url


@pytest.fixture(scope="module")
def csa_db(tmp_path_factory: pytest.TempPathFactory, mini_official_dir: Path) -> str:
    """The annual assessment needs only the registry: the small England's is enough."""
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path_factory.mktemp('csa') / 'csa.sqlite'}"
    init_db(url)
    load_directory(mini_official_dir, url, kinds={"authorities"})
    return url


def cli(url: str, *args: str, ok: bool = True) -> str:
    result = runner.invoke(app, [*args, "--database-url", url], catch_exceptions=False)
    out = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    assert (result.exit_code == 0) == ok, out
    return re.sub(r"\s+", " ", out)


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return re.sub(r"\s+", " ", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    finally:
        doc.close()


def _id(out: str) -> int:
    m = re.search(r"assessment (\d+) created", out)
    assert m, out
    return int(m.group(1))


def test_luton_csa_letter(csa_db: str, tmp_path: Path) -> None:
    aid = _id(
        cli(
            csa_db,
            "assess",
            "new",
            "Luton",
            "--framework",
            "csa",
            "--from",
            "2010-11-01",
            "--to",
            "2011-10-31",
        )
    )
    cli(
        csa_db,
        "assess",
        "evidence",
        str(aid),
        "--providers-good",
        "0.75",
        "--providers-inadequate",
        "0.01",
        "--source",
        "Ofsted performance profile, blocks A and B, August 2011",
    )
    cli(
        csa_db,
        "assess",
        "evidence",
        str(aid),
        "--finding",
        "The large majority of early years and childcare provision is good or better.",
        "--finding-kind",
        "strength",
        "--area",
        "childrens_services_assessment",
        "--source",
        "profile block A",
    )
    out = cli(csa_db, "assess", "propose", str(aid))
    assert "proposed performs_well" in out and "75% good or better" in out
    # a grade off the scale, or a judgement the framework lacks: clear errors, nothing changed
    assert "not on the csa scale" in cli(
        csa_db,
        "assess",
        "grade",
        str(aid),
        "childrens_services_assessment",
        "good",
        "--rationale",
        "x",
        ok=False,
    )
    assert "has no judgement" in cli(
        csa_db, "assess", "grade", str(aid), "staying_safe", "performs_well", "--rationale", "x", ok=False
    )
    assert "give --override-reason" in cli(
        csa_db,
        "assess",
        "grade",
        str(aid),
        "childrens_services_assessment",
        "performs_excellently",
        "--rationale",
        "x",
        ok=False,
    )
    out = cli(
        csa_db,
        "assess",
        "grade",
        str(aid),
        "childrens_services_assessment",
        "performs_excellently",
        "--rationale",
        "Performance has improved from 2010 to 2011; most provision supports children well.",
        "--override-reason",
        "Inspector judgement: the large majority of services are good or better and improving.",
    )
    assert "overrides: proposal" in out
    cli(
        csa_db,
        "assess",
        "recommend",
        str(aid),
        "The proportion of good or better primary schools has improved, but progress and educational standards remain as weaknesses.",
        "--category",
        "areas_for_further_improvement",
    )
    cli(
        csa_db,
        "assess",
        "details",
        str(aid),
        "--letter",
        '{"addressee": "Mr Martin Pratt", "salutation": "Mr Pratt", "signatory": "Juliet Winstanley"}',
    )
    cli(csa_db, "assess", "advance", str(aid))
    assert "published" in cli(csa_db, "assess", "advance", str(aid), "--published-on", "2011-11-08")
    assert "published and cannot be edited" in cli(
        csa_db,
        "assess",
        "grade",
        str(aid),
        "childrens_services_assessment",
        "performs_well",
        "--rationale",
        "x",
        "--override-reason",
        "y",
        ok=False,
    )
    audit = cli(csa_db, "assess", "audit", str(aid), "--format", "csv")
    assert "assessment.grade" in audit and "Inspector judgement" in audit
    letter = tmp_path / "letter.pdf"
    cli(csa_db, "render", f"a{aid}", "--format", "pdf", "--out", str(letter))
    text = pdf_text(letter)
    for phrase in (
        "8 November 2011",
        "Mr Martin Pratt",
        "Dear Mr Pratt",
        "Annual children’s services assessment",
        "4 Performs excellently",
        "children’s services assessment 2011",
        "Performs excellently (4)",
        "perform excellently",
        "Strengths",
        "Areas for further improvement",
        "Yours sincerely",
        "Juliet Winstanley",
    ):
        assert phrase in text, phrase


def test_luton_sif_report_and_action_plan(luton_db: str, tmp_path: Path) -> None:
    sif = _id(
        cli(
            luton_db,
            "assess",
            "new",
            "821",
            "--framework",
            "sif",
            "--from",
            "2016-01-11",
            "--to",
            "2016-02-04",
        )
    )
    lscb = _id(
        cli(
            luton_db,
            "assess",
            "new",
            "821",
            "--framework",
            "lscb",
            "--from",
            "2016-01-11",
            "--to",
            "2016-02-04",
            "--companion-of",
            str(sif),
        )
    )
    # the official table holds Luton's SLAC (2012): safeguarding good, looked after children RI
    out = cli(luton_db, "assess", "evidence", str(sif), "--previous")
    assert "slac" in out
    out = cli(luton_db, "assess", "propose", str(sif))
    assert "help_and_protection: proposed good" in out and "previous grade: slac" in out
    grades = {
        "help_and_protection": ("requires_improvement", "Delays in assessments; caseloads high."),
        "looked_after_and_permanence": ("requires_improvement", "Drift in permanence planning."),
        "adoption_performance": ("requires_improvement", "Children wait too long to be adopted."),
        "care_leavers": ("good", "Good pathway plans and accommodation."),
        "leadership_management_governance": (
            "requires_improvement",
            "Systems in place, impact not yet seen.",
        ),
    }
    for jid, (g, why) in grades.items():
        cli(
            luton_db,
            "assess",
            "grade",
            str(sif),
            jid,
            g,
            "--rationale",
            why,
            "--override-reason",
            "fieldwork evidence",
        )
    # SIF hard rule: a key judgement inadequate makes overall inadequate unless overridden with a reason
    cli(
        luton_db,
        "assess",
        "grade",
        str(sif),
        "help_and_protection",
        "inadequate",
        "--rationale",
        "t",
        "--override-reason",
        "test the rule",
    )
    assert "sif_key_inadequate_caps_overall" in cli(
        luton_db,
        "assess",
        "grade",
        str(sif),
        "overall_effectiveness",
        "requires_improvement",
        "--rationale",
        "x",
        "--override-reason",
        "",
        ok=False,
    )
    cli(
        luton_db,
        "assess",
        "grade",
        str(sif),
        "help_and_protection",
        "requires_improvement",
        "--rationale",
        "Delays in assessments.",
        "--override-reason",
        "fieldwork evidence",
    )
    cli(
        luton_db,
        "assess",
        "grade",
        str(sif),
        "overall_effectiveness",
        "requires_improvement",
        "--rationale",
        "Worst key judgement.",
        "--override-reason",
        "fieldwork evidence",
    )
    for text in SIF_RECS:
        cli(luton_db, "assess", "recommend", str(sif), text, "--category", "recommendation")
    cli(
        luton_db,
        "assess",
        "grade",
        str(lscb),
        "lscb_effectiveness",
        "requires_improvement",
        "--rationale",
        "Audits too few.",
    )
    cli(
        luton_db,
        "assess",
        "recommend",
        str(lscb),
        "Carry out a multi-agency audit of early help.",
        "--category",
        "recommendation",
    )
    for a in (sif, lscb):
        cli(luton_db, "assess", "advance", str(a))
        out = cli(luton_db, "assess", "advance", str(a), "--published-on", "2016-03-29")
    m = re.search(
        r"inspection record (\d+)", cli(luton_db, "assess", "show", str(sif), "--format", "json") or ""
    )
    from csinspect.store.assessment_models import Assessment
    from csinspect.store.db import session_scope

    with session_scope(luton_db) as s:
        inspection_id = s.get(Assessment, sif).inspection_id
    assert inspection_id is not None, m
    report = tmp_path / "sif.pdf"
    cli(luton_db, "render", str(inspection_id), "--format", "pdf", "--out", str(report))
    text = pdf_text(report)
    for phrase in (
        "Luton",
        "Inspection of services for children in need of help and protection, children looked after and care leavers",
        "Review of the effectiveness of the Local Safeguarding Children Board",
        "Inspection date: 11 January 2016–4 February 2016",
        "Report published: 29 March 2016",
        "2.2 The experiences and progress of care leavers Good",
        "1. Significantly reduce",
        "The Local Safeguarding Children Board (LSCB)",
        "1. Carry out a multi-agency audit of early help.",
    ):
        assert phrase in text, phrase

    # recommendations → action plan with due dates; .xlsx out, edited, back in
    out = cli(
        luton_db,
        "actions",
        "from-inspection",
        str(inspection_id),
        "--owner",
        "Head of Service",
        "--format",
        "csv",
    )
    assert out.count(",2016-09-29,") == 3  # no timescale printed: plan default six months from publication
    assert "unknown" not in cli(luton_db, "actions", "list", "821", "--on", "2016-06-01")
    xlsx = tmp_path / "plan.xlsx"
    cli(luton_db, "actions", "export", "821", "--out", str(xlsx))
    wb = load_workbook(xlsx)
    ws = wb["Action plan"]
    col = {c.value: c.column for c in ws[4]}
    ws.cell(row=5, column=col["Status"], value="In progress")
    ws.cell(row=5, column=col["New update"], value="Two new teams created; caseloads now 18")
    ws.cell(row=5, column=col["New update evidence"], value="Caseload report, May 2016")
    ws.cell(row=6, column=col["Due date"], value=date(2016, 12, 31))
    wb.save(xlsx)
    out = cli(luton_db, "actions", "import", str(xlsx))
    assert "2 actions changed; 1 progress updates added" in out
    listing = cli(luton_db, "actions", "list", "821", "--on", "2016-06-01", "--format", "csv")
    assert "in_progress" in listing and "2016-12-31" in listing
    # a changed row id: clear error, nothing changed
    ws.cell(row=7, column=col["Action ID"], value=99999)
    wb.save(xlsx)
    assert "no action 99999" in cli(luton_db, "actions", "import", str(xlsx), ok=False)
    assert "no recommendation with id 123456" in cli(luton_db, "actions", "add", "123456", "x", ok=False)

    # council executive paper, three formats
    for ext in ("html", "pdf", "docx"):
        paper = tmp_path / f"paper.{ext}"
        cli(luton_db, "council-report", str(inspection_id), "--out", str(paper), "--date", "2016-04-18")
        assert paper.stat().st_size > 1000

"""The council executive report drafted after an inspection, in the shape of a real one (seed 002:
Luton's executive paper on its 2008 APA): front sheet, recommendation(s) to the executive, the
grades table, summary of strengths and areas for development, implications headings to complete,
options, and the draft action plan as Appendix A. One block list feeds HTML, PDF and .docx."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.actions.plan import find_category, plan_due
from csinspect.frameworks.registry import get_framework
from csinspect.outputs.reports.context import ReportContext, context_for_inspection
from csinspect.outputs.reports.render import html_to_pdf, longdate
from csinspect.store.assessment_models import Action
from csinspect.store.models import Inspection

TO_COMPLETE = "[To be completed and cleared by the responsible officer before the meeting.]"


@dataclass
class Block:
    kind: str  # title | field | heading | para | numbered | list | table | key
    text: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    number: int | None = None
    level: int = 2


@dataclass
class Paper:
    title: str
    blocks: list[Block]


@dataclass
class PaperOptions:
    meeting: str = "EXECUTIVE"
    meeting_date: date | None = None
    report_by: str = "CORPORATE DIRECTOR, CHILDREN'S SERVICES"
    contact_officer: str = TO_COMPLETE
    lead_member: str = TO_COMPLETE
    wards: str = "ALL"


def _kind(ctx: ReportContext) -> str:
    fw = ctx.framework
    return {
        "apa": "annual performance assessment of children's services",
        "csa": "annual children's services assessment",
        "jar": "joint area review of services for children and young people",
        "sif": "inspection of services for children in need of help and protection, children looked after and care leavers",
        "ilacs": "inspection of local authority children's services",
    }.get(ctx.template, fw.title[:1].lower() + fw.title[1:])


def plan_rows(session: Session, insp: Inspection) -> tuple[list[list[str]], bool]:
    """Rows of the action plan appendix: the stored plan, or a draft from the recommendations."""
    actions = list(
        session.scalars(
            select(Action)
            .where(Action.inspection_id == insp.id)
            .order_by(Action.recommendation_seq, Action.seq)
        )
    )
    if actions:
        return [
            [
                f"{a.recommendation_seq}.{a.seq}",
                a.recommendation_text,
                a.description,
                a.owner or "",
                a.lead_member or "",
                longdate(a.due_date) if a.due_date else "",
                f"{a.status.replace('_', ' ')} ({a.rag})",
            ]
            for a in actions
        ], True
    fw = get_framework(insp.framework_id)
    rows = []
    for r in insp.recommendations:
        cat = find_category(fw, r.category)
        planned = plan_due(
            insp, cat.due if cat else None, cat.label if cat else (r.category or "Recommendation")
        )
        rows.append(
            [
                str(r.seq),
                r.text,
                TO_COMPLETE,
                "",
                "",
                longdate(planned.due) if planned.due else "to agree",
                "not started",
            ]
        )
    return rows, False


def build_paper(session: Session, insp: Inspection, options: PaperOptions | None = None) -> Paper:
    opts = options or PaperOptions()
    ctx = context_for_inspection(session, insp)
    kind = _kind(ctx)
    year = ctx.published.year if ctx.published else ""
    subject = f"{kind} {year}".strip().upper()
    b: list[Block] = [Block("title", opts.meeting)]
    for label, value in (
        ("DATE", longdate(opts.meeting_date) if opts.meeting_date else TO_COMPLETE),
        ("SUBJECT", subject),
        ("REPORT BY", opts.report_by),
        ("CONTACT OFFICER", opts.contact_officer),
    ):
        b.append(Block("field", value, header=[label]))
    b.append(Block("heading", "IMPLICATIONS"))
    b.append(
        Block(
            "table",
            header=["Implication", "", "Implication", ""],
            rows=[
                ["LEGAL", "✓", "STAFFING", ""],
                ["EQUALITIES", "✓", "COMMUNITY SAFETY", ""],
                ["FINANCIAL", "✓", "RISKS", "✓"],
            ],
        )
    )
    b.append(Block("heading", "CONSULTATIONS"))
    b.append(
        Block(
            "table",
            header=["Consultation", "Consultation"],
            rows=[
                ["COUNCILLORS CONSULTED", "SCRUTINY COMMITTEE CONSULTED"],
                ["STAKEHOLDERS CONSULTED", "OTHER"],
            ],
        )
    )
    b.append(Block("field", opts.wards, header=["WARDS AFFECTED"]))
    b.append(Block("field", opts.lead_member, header=["LEAD EXECUTIVE MEMBER(S)"]))
    n = 1
    b.append(Block("heading", "RECOMMENDATION(S)"))
    b.append(
        Block(
            "numbered",
            "Executive is recommended to:",
            items=[
                "i) note the report, and",
                "ii) agree the content of the draft action plan attached as Appendix A to the report.",
            ],
            number=n,
        )
    )
    b.append(Block("heading", "REPORT"))
    authority = ctx.authority
    published = f", published on {longdate(ctx.published)}" if ctx.published else ""
    on = f" on {longdate(ctx.published)}" if ctx.published else ""
    paras = [
        f"Ofsted published its {kind} of {authority}{on}.",
        f"The {kind} is made under the framework '{ctx.framework.title}'. "
        + (ctx.framework.legal_basis[0].claim if ctx.framework.legal_basis else ""),
        f"{authority}'s grades{published}, are:",
    ]
    for p in paras:
        n += 1
        b.append(Block("numbered", p.strip(), number=n))
    b.append(Block("heading", "Grades", level=3))
    scale = "; ".join(
        f"{v.numeric}: {v.label.lower()}" if v.numeric is not None else v.label
        for v in sorted((v for v in ctx.framework.scale.values if v.ordinal), key=lambda v: -(v.ordinal or 0))
    )
    b.append(Block("key", scale))
    b.append(
        Block(
            "table",
            header=["Assessment judgement area", "Grade"],
            rows=[
                [
                    j.label,
                    f"{j.numeric}" if ctx.template in ("apa", "jar") and j.numeric else j.grade_label or "",
                ]
                for j in ctx.graded()
            ],
        )
    )
    if ctx.companion is not None:
        b.append(
            Block(
                "table",
                header=["Review", "Grade"],
                rows=[[j.label, j.grade_label or ""] for j in ctx.companion.graded()],
            )
        )
    b.append(Block("heading", "Summary of findings"))
    strengths = ctx.findings_of("strength")
    n += 1
    b.append(
        Block(
            "numbered",
            "The published report highlighted a number of strengths. These include:"
            if strengths
            else "The report's strengths are to be summarised here: " + TO_COMPLETE,
            items=strengths,
            number=n,
        )
    )
    weaknesses = ctx.findings_of("weakness")
    n += 1
    b.append(
        Block(
            "numbered",
            "The report also identified areas for development. These are set out in the attached draft action plan (see Appendix A)"
            + (", and include:" if weaknesses else "."),
            items=weaknesses,
            number=n,
        )
    )
    for heading in (
        "FINANCIAL IMPLICATIONS",
        "LEGAL IMPLICATIONS",
        "RISK IMPLICATIONS",
        "EQUALITIES, INCLUSION AND COHESION IMPLICATIONS",
    ):
        b.append(Block("heading", heading))
        n += 1
        b.append(Block("numbered", TO_COMPLETE, number=n))
    b.append(Block("heading", "OPTIONS"))
    n += 1
    b.append(
        Block(
            "numbered",
            "Executive can:",
            items=[
                "i) note the report;",
                "ii) agree the content of the draft action plan; or",
                "iii) do neither, and ask for more information.",
            ],
            number=n,
        )
    )
    b.append(Block("heading", "APPENDIX"))
    n += 1
    b.append(Block("numbered", f"Appendix A - {kind} draft action plan", number=n))
    b.append(Block("heading", "BACKGROUND PAPERS"))
    n += 1
    b.append(
        Block(
            "numbered",
            f"{ctx.framework.title}: {authority}{published.replace(', published on', ' – published by Ofsted on')}.",
            number=n,
        )
    )
    rows, stored = plan_rows(session, insp)
    b.append(Block("heading", "Appendix A: draft action plan"))
    if not stored:
        b.append(
            Block(
                "para",
                "Drafted from the report's recommendations; actions, leads and dates are to be agreed.",
            )
        )
    b.append(
        Block(
            "table",
            header=["Ref", "Recommendation", "Action", "Lead officer", "Lead member", "Due", "Status"],
            rows=rows,
        )
    )
    return Paper(title=f"{opts.meeting}: {subject}", blocks=b)


def paper_html(paper: Paper) -> str:
    from csinspect.outputs.reports.render import environment

    return environment().get_template("council.html.j2").render(paper=paper)


def paper_docx(paper: Paper) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = paper.title
    doc.core_properties.author = "csinspect"
    style = doc.styles["Normal"]
    style.font.name = "Arial"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    for blk in paper.blocks:
        if blk.kind == "title":
            doc.add_heading(blk.text, level=1)
        elif blk.kind == "heading":
            doc.add_heading(blk.text, level=blk.level)
        elif blk.kind == "field":
            p = doc.add_paragraph()
            p.add_run(f"{blk.header[0]}: ").bold = True
            p.add_run(blk.text)
        elif blk.kind in ("para", "key"):
            p = doc.add_paragraph()
            run = p.add_run(blk.text)
            run.bold = blk.kind == "key"
        elif blk.kind == "numbered":
            doc.add_paragraph(f"{blk.number}. {blk.text}")
            for item in blk.items:
                roman = item.startswith(("i)", "ii)", "iii)"))
                doc.add_paragraph(item, style=None if roman else "List Bullet")
        elif blk.kind == "table":
            t = doc.add_table(rows=1, cols=len(blk.header))
            t.style = "Table Grid"
            for i, h in enumerate(blk.header):
                cell = t.rows[0].cells[i]
                cell.text = h
                for r in cell.paragraphs[0].runs:
                    r.bold = True
            _repeat_header(t.rows[0])
            for row in blk.rows:
                cells = t.add_row().cells
                for i, v in enumerate(row):
                    cells[i].text = str(v)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as a header row (repeats on each page; read as headers by screen readers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def council_report(
    session: Session, inspection_id: int, fmt: str, options: PaperOptions | None = None
) -> bytes:
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise ValueError(f"no inspection with id {inspection_id}")
    paper = build_paper(session, insp, options)
    if fmt == "docx":
        return paper_docx(paper)
    html = paper_html(paper)
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        return html_to_pdf(html)
    raise ValueError(f"unknown format {fmt!r}; use html, pdf or docx")

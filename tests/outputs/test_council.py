"""The council executive paper (seed 002's shape) in HTML, PDF and .docx, with the draft action plan."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document as DocxDocument

from csinspect.actions.plan import actions_from_inspection
from csinspect.outputs.reports.council import PaperOptions, council_report
from csinspect.store.db import session_scope
from csinspect.store.models import Finding

sys.path.insert(0, str(Path(__file__).parent))
from render_fixtures import make_inspection

ORDER = [
    "EXECUTIVE",
    "DATE: 5 January 2009",
    "SUBJECT: ANNUAL PERFORMANCE ASSESSMENT OF CHILDREN'S SERVICES 2008",
    "REPORT BY:",
    "CONTACT OFFICER: Gavin Sandmann",
    "IMPLICATIONS",
    "WARDS AFFECTED: ALL",
    "LEAD EXECUTIVE MEMBER(S): Cllr T Khan and Cllr S Roden",
    "RECOMMENDATION(S)",
    "1. Executive is recommended to:",
    "ii) agree the content of the draft action plan attached as Appendix A",
    "REPORT 2. Ofsted published",
    "4: outstanding; 3: good; 2: adequate; 1: inadequate",
    "Overall effectiveness of children's services 3",
    "Summary of findings",
    "child protection procedures operate well",
    "FINANCIAL IMPLICATIONS",
    "LEGAL IMPLICATIONS",
    "RISK IMPLICATIONS",
    "EQUALITIES, INCLUSION AND COHESION IMPLICATIONS",
    "OPTIONS",
    "iii) do neither, and ask for more information.",
    "APPENDIX",
    "BACKGROUND PAPERS",
    "Appendix A: draft action plan",
    "Increase the proportion of referrals which result in a core assessment.",
]


def _in_order(text: str) -> None:
    pos = [text.find(p) for p in ORDER]
    assert all(p >= 0 for p in pos), [o for o, p in zip(ORDER, pos, strict=True) if p < 0]
    assert pos == sorted(pos), list(zip(ORDER, pos, strict=True))


def test_council_paper_three_formats(sqlite_url: str) -> None:
    opts = PaperOptions(
        meeting_date=date(2009, 1, 5),
        contact_officer="Gavin Sandmann",
        lead_member="Cllr T Khan and Cllr S Roden",
    )
    with session_scope(sqlite_url) as s:
        insp = make_inspection(s, "apa_2007")
        s.add(
            Finding(inspection_id=insp.id, kind="strength", text="child protection procedures operate well")
        )
        s.flush()
        draft_html = council_report(s, insp.id, "html", opts).decode()
        assert "Drafted from the report&#39;s recommendations" in draft_html
        actions_from_inspection(s, insp.id, "test", owner="Head of Safeguarding", today=date(2009, 1, 1))
        html = council_report(s, insp.id, "html", opts).decode()
        pdf = council_report(s, insp.id, "pdf", opts)
        docx = council_report(s, insp.id, "docx", opts)
    body_html = html[html.index("<body>") :]
    _in_order(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body_html)).replace("&#39;", "'"))
    assert (
        "Head of Safeguarding" in html and "17 June 2009" in html
    )  # stored plan: P6M default from 17 Dec 2008
    doc = pdfium.PdfDocument(pdf)
    text = re.sub(r"\s+", " ", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    doc.close()
    _in_order(text)
    d = DocxDocument(io.BytesIO(docx))
    body = [p.text for p in d.paragraphs]
    for t in d.tables:
        body += [" ".join(c.text for c in row.cells) for row in t.rows]
    flat = re.sub(r"\s+", " ", " ".join(body))
    for phrase in [*ORDER[:3], "RECOMMENDATION(S)", "BACKGROUND PAPERS", "Head of Safeguarding"]:
        assert phrase in flat, phrase
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "EXECUTIVE" and "Appendix A: draft action plan" in headings
    assert any("tblHeader" in t._tbl.xml for t in d.tables)  # header rows marked for screen readers

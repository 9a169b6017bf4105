"""Every framework family renders to HTML, Markdown and a tagged PDF that prints the record's
judgements, grades, dates and recommendations with the framework's own labels."""

from __future__ import annotations

import io
import re
import sys
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from csinspect.frameworks.registry import get_framework
from csinspect.outputs.reports.render import longdate, render
from csinspect.store.db import session_scope

sys.path.insert(0, str(Path(__file__).parent))
from render_fixtures import SPECS, make_inspection


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    return squash(text.replace("\ufffe", "-"))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def structure_tags(data: bytes) -> Counter[str]:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    tags: Counter[str] = Counter()

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                tags[str(node["/S"])] += 1
            kids = node.get("/K")
            if kids is not None:
                for k in kids if isinstance(kids, list) else [kids]:
                    walk(k)

    walk(root["/StructTreeRoot"])
    return tags


@pytest.mark.parametrize("key", sorted(SPECS))
def test_render_every_family(sqlite_url: str, key: str) -> None:
    spec = SPECS[key]
    fw = get_framework(spec.framework)
    with session_scope(sqlite_url) as s:
        insp = make_inspection(s, key)
        html = render(insp, "html", s).decode()
        md = render(insp, "md", s).decode()
        pdf = render(insp, "pdf", s)
    text = pdf_text(pdf)
    for out in (squash(html), squash(md), text):
        assert longdate(spec.published) in out or str(spec.published.year) in out
        for jid, grade in spec.grades.items():
            node, value = fw.judgement(jid), fw.scale.value(grade)
            if key == "sif" and jid == "overall_effectiveness":  # printed as the front-page sentence
                assert "Children’s services in Luton require improvement to be good" in out
                continue
            assert node.label in out.replace("&#39;", "'"), (key, node.label)
            shown = str(value.numeric) if key in ("jar_2007", "apa_2007") else value.label
            assert shown.lower() in out.lower(), (key, shown)
        for text_, _cat in spec.recs:
            assert squash(text_).replace("'", "") in out.replace("&#39;", "'").replace("'", ""), (key, text_)
    tags = structure_tags(pdf)
    assert tags["/H1"] >= 1 and tags["/Table"] >= 1 and tags["/TH"] >= 2, tags
    assert "Produced by csinspect from inspection" in text


def test_csa_letter_has_seed_003_form(sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        text = pdf_text(render(make_inspection(s, "csa"), "pdf", s))
    for phrase in (
        "8 November 2011",
        "Annual children’s services assessment",
        "The annual assessment derives from a four point scale",
        "4 Performs excellently An organisation that significantly exceeds minimum requirements",
        "1 Performs poorly An organisation that does not meet minimum requirements",
        "Luton Borough Council children’s services assessment 2011",
        "Children's services assessment Performs excellently (4)",
        "Children’s services in Luton Borough Council perform excellently.",
        "Strengths",
        "Areas for further improvement",
        "section 138 of the Education and Inspections Act 2006",
    ):
        assert phrase in text, phrase


def test_sif_with_lscb_has_seed_001_form(sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        from csinspect.store.models import Document

        doc = Document(sha256="0" * 64, filename="luton.pdf", media_type="application/pdf")
        s.add(doc)
        s.flush()
        sif = make_inspection(s, "sif", document_id=doc.id)
        make_inspection(s, "lscb", document_id=doc.id)
        text = pdf_text(render(sif, "pdf", s))
    order = [
        "Luton Borough Council",
        "Inspection of services for children in need of help and protection, children looked after and care leavers",
        "Review of the effectiveness of the Local Safeguarding Children Board",
        "Inspection date: 11 January 2016–4 February 2016",
        "Report published: 29 March 2016",
        "2.1 Adoption performance",
        "2.2 The experiences and progress of care leavers Good",
        "Recommendations",
        "1. Significantly reduce",
        "The Local Safeguarding Children Board (LSCB)",
        "1. Carry out a multi-agency audit of early help.",
        "Information about this inspection",
    ]
    pos = [text.find(p) for p in order]
    assert all(p >= 0 for p in pos), list(zip(order, pos, strict=True))
    assert pos == sorted(pos)


def test_bad_format(sqlite_url: str) -> None:
    from csinspect.outputs.reports.render import RenderError

    with session_scope(sqlite_url) as s, pytest.raises(RenderError, match="unknown format"):
        render(make_inspection(s, "sif"), "docx", s)

"""A stored inspection record as a plain dict (for ``show-inspection`` and the JSON round trip)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.store.models import Authority, Finding, Inspection


def inspection_dict(session: Session, inspection_id: int) -> dict[str, Any] | None:
    ins = session.get(Inspection, inspection_id)
    if ins is None:
        return None
    auth = session.get(Authority, ins.la_code) if ins.la_code else None
    extra = dict(ins.extra or {})
    findings = session.scalars(
        select(Finding).where(Finding.inspection_id == ins.id).order_by(Finding.id)
    ).all()
    doc = ins.document
    return {
        "id": ins.id,
        "status": ins.status,
        "reasons": list(ins.reasons or []),
        "framework": ins.framework_id,
        "document_type": ins.document_type,
        "authority": {
            "la_code": ins.la_code,
            "gss_code": auth.gss_code if auth else None,
            "name": auth.name if auth else None,
            "printed": ins.authority_printed,
        },
        "inspection_start": ins.inspection_start,
        "inspection_end": ins.inspection_end,
        "published": ins.published,
        "lead_inspector": ins.lead_inspector,
        "source": doc.filename if doc else ins.source_ref,
        "stored_path": doc.stored_path if doc else None,
        "sha256": doc.sha256 if doc else None,
        "parser_version": ins.parser_version,
        "provenance": extra.pop("provenance", {}),
        "extra": extra,
        "judgements": [
            {
                "id": j.judgement_id,
                "label": j.label,
                "grade": j.grade,
                "ordinal": j.ordinal,
                "page": j.page,
                "status": j.status,
                "reason": j.reason,
                "span_text": j.span_text,
                "source_ref": j.source_ref,
            }
            for j in ins.judgements
        ],
        "recommendations": [
            {"text": r.text, "category": r.category, "section": r.section, "page": r.page}
            for r in ins.recommendations
        ],
        "facts": [
            {
                "name": f.name,
                "value": f.value,
                "unit": f.unit,
                "as_of": f.as_of,
                "as_of_basis": f.as_of_basis,
                "page": f.page,
                "span_text": f.span_text,
            }
            for f in ins.facts
        ],
        "findings": [{"kind": f.kind, "area": f.area, "text": f.text, "page": f.page} for f in findings],
    }

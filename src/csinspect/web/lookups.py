"""The web face's lookups that answer 404 when a record is not there (the reads are in ``analysis``)."""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy.orm import Session

from csinspect.analysis.authorities import get_authority
from csinspect.analysis.inspections import InspectionGroup, group_of
from csinspect.store.models import Authority


def authority_or_404(db: Session, la_code: str) -> Authority:
    authority = get_authority(db, la_code)
    if authority is None:
        raise HTTPException(status_code=404, detail=f"There is no authority with LA code {la_code!r}")
    return authority


def inspection_or_404(db: Session, inspection_id: int) -> InspectionGroup:
    """The inspection a record id belongs to, with every source of it."""
    group = group_of(db, inspection_id)
    if group is None:
        raise HTTPException(status_code=404, detail=f"There is no inspection {inspection_id}")
    return group

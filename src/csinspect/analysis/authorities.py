"""The authority registry as read back from the store: one authority, lists and pick lists, names, the
reference-table layout, and the shared count-and-page helper of the read layer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from csinspect.analysis.paging import count_and_page
from csinspect.authorities.variants import gss_entity
from csinspect.store.models import Authority, AuthorityName, AuthoritySuccession


def lookup_rows(session: Session) -> list[dict[str, Any]]:
    """One row per (la_code, GSS code as used by DfE) plus the pre-2009 authorities: la_lookup's layout."""
    auths = session.scalars(
        select(Authority).options(selectinload(Authority.codes)).order_by(Authority.la_code)
    ).all()
    successions: dict[str, list[str]] = {}
    for s in session.scalars(select(AuthoritySuccession)).all():
        successions.setdefault(s.predecessor, []).append(s.successor)
    by_code = {a.la_code: a for a in auths}
    rows: list[dict[str, Any]] = []
    for a in auths:
        ees = sorted((c for c in a.codes if c.origin == "ees"), key=lambda c: c.gss_code)
        former = sorted(c.gss_code for c in a.codes if c.origin == "former_gss")
        base = {
            "la_code": a.la_code,
            "la_name": a.name,
            "region_code": a.region_code,
            "region_name": a.region_name,
            "ofsted_region": a.ofsted_region,
            "dfe_lait_la_type": a.la_type,
            "former_gss_codes": ";".join(former) or None,
        }
        if not ees:
            rows.append(
                base
                | {
                    "gss_code": None,
                    "status": a.status,
                    "valid_from": a.valid_from,
                    "valid_until": a.valid_until,
                    "successor": None,
                    "gss_entity": None,
                }
            )
            continue
        for c in ees:
            successor = None
            if c.valid_until is not None:
                same = [d for d in ees if d.valid_from == c.valid_until]
                if same:
                    successor = f"{a.la_code}:{same[0].gss_code}"
                else:
                    successor = ";".join(
                        f"{s}:{by_code[s].gss_code}" for s in sorted(successions.get(a.la_code, []))
                    )
            rows.append(
                base
                | {
                    "gss_code": c.gss_code,
                    "status": "current" if c.valid_until is None else "former",
                    "valid_from": c.valid_from,
                    "valid_until": c.valid_until,
                    "successor": successor or None,
                    "gss_entity": gss_entity(c.gss_code),
                }
            )
    return rows


def successions(
    session: Session, la_code: str
) -> tuple[list[AuthoritySuccession], list[AuthoritySuccession]]:
    """(predecessor links, successor links) of an authority."""
    preds = list(session.scalars(select(AuthoritySuccession).where(AuthoritySuccession.successor == la_code)))
    succs = list(
        session.scalars(select(AuthoritySuccession).where(AuthoritySuccession.predecessor == la_code))
    )
    return preds, succs


def authority_detail_rows(session: Session, la_code: str, matched: str | None = None) -> list[dict[str, Any]]:
    """One authority as (field, value, source) rows: codes with their validity, names with their sources,
    successions (``csinspect authorities show``)."""
    from datetime import date

    a = session.get(Authority, la_code)
    if a is None:
        return []
    preds, succs = successions(session, la_code)
    rows: list[dict[str, Any]] = [
        {"field": "la_code", "value": a.la_code, "source": None},
        {"field": "name", "value": a.name, "source": "DfE EES"},
        {"field": "status", "value": a.status, "source": None},
        {"field": "valid_from", "value": a.valid_from, "source": "mySociety register"},
        {"field": "valid_until", "value": a.valid_until, "source": "mySociety register"},
        {"field": "region", "value": a.region_name, "source": "DfE EES"},
        {"field": "ofsted_region", "value": a.ofsted_region, "source": "Ofsted outcomes workbook"},
        {"field": "la_type", "value": a.la_type, "source": "DfE LAIT la_code_list"},
    ]
    if a.ofsted_urn:
        rows.append({"field": "ofsted_urn", "value": a.ofsted_urn, "source": "Ofsted"})
    if matched:
        rows.append({"field": "matched", "value": matched, "source": None})
    for c in sorted(a.codes, key=lambda c: (c.valid_from or date.min, c.gss_code)):
        span = f"{c.valid_from or '…'} to {c.valid_until or '…'}"
        rows.append({"field": "gss_code", "value": f"{c.gss_code} ({span})", "source": c.origin})
    for n in sorted(a.names, key=lambda n: (n.kind, n.name)):
        rows.append({"field": f"name ({n.kind})", "value": n.name, "source": n.source})
    for r in [*preds, *succs]:
        rel = f"{r.predecessor} -> {r.successor}"
        rows.append({"field": "succession", "value": f"{rel} on {r.effective}", "source": r.source})
    if a.notes:
        rows.append({"field": "notes", "value": a.notes, "source": None})
    return rows


def get_authority(session: Session, la_code: str) -> Authority | None:
    """The authority with this 3-digit LA code (None for anything else)."""
    return session.get(Authority, la_code) if la_code and la_code.isdigit() and len(la_code) == 3 else None


def authority_names(session: Session, la_codes: Iterable[str]) -> dict[str, str]:
    codes = sorted({c for c in la_codes if c})
    if not codes:
        return {}
    return {
        str(k): str(v)
        for k, v in session.execute(
            select(Authority.la_code, Authority.name).where(Authority.la_code.in_(codes))
        )
    }


def authority_choices(
    session: Session, *, current_only: bool = False, la_code: str | None = None
) -> list[tuple[str, str]]:
    """(LA code, name) pairs by name, for pick lists."""
    stmt = select(Authority.la_code, Authority.name).order_by(Authority.name)
    if current_only:
        stmt = stmt.where(Authority.status == "current")
    if la_code is not None:
        stmt = stmt.where(Authority.la_code == la_code)
    return [(str(c), str(n)) for c, n in session.execute(stmt)]


def current_codes(session: Session) -> list[str]:
    return [str(c) for c in session.scalars(select(Authority.la_code).where(Authority.status == "current"))]


def all_authorities(session: Session) -> list[Authority]:
    return list(session.scalars(select(Authority).order_by(Authority.status, Authority.name)))


def regions(session: Session) -> list[str]:
    return [
        r
        for r in session.scalars(select(Authority.region_name).distinct().order_by(Authority.region_name))
        if r
    ]


def authorities_matching(session: Session, q: str, limit: int = 50) -> list[Authority]:
    """Authorities whose name, or any name they are printed under, contains ``q`` (case-insensitive), by name."""
    like = f"%{q.lower()}%"
    codes = select(AuthorityName.la_code).where(AuthorityName.normalised.like(like))
    return list(
        session.scalars(
            select(Authority)
            .where(or_(Authority.name.ilike(like), Authority.la_code.in_(codes)))
            .order_by(Authority.name)
            .limit(limit)
        )
    )


def authorities_page(
    session: Session,
    *,
    q: str | None = None,
    region: str | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 200,
) -> tuple[int, list[Authority]]:
    """(total, one page) of authorities by LA code, filtered like the API's list."""
    stmt = select(Authority).order_by(Authority.la_code)
    if q:
        like = f"%{q.lower()}%"
        codes = select(AuthorityName.la_code).where(AuthorityName.normalised.like(like))
        stmt = stmt.where(
            Authority.name.ilike(like) | Authority.la_code.in_(codes) | (Authority.la_code == q)
        )
    if region:
        stmt = stmt.where((Authority.region_code == region) | (Authority.region_name == region))
    if status:
        stmt = stmt.where(Authority.status == status)
    return count_and_page(session, stmt, offset, limit)


def authorities_by_code(session: Session, la_codes: Iterable[str]) -> list[Authority]:
    return list(session.scalars(select(Authority).where(Authority.la_code.in_(list(la_codes)))))

"""Building the authority registry in the store, idempotently: authorities, their GSS codes, names and
successions. The readers of the official files (``sources.official.la_register``) call these functions;
``lookup_rows`` gives the registry back in the layout of the reference table ``la_lookup.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.authorities.normalise import normalise_name
from csinspect.store.models import Authority, AuthorityCode, AuthorityName, AuthoritySuccession

VARIANTS_FILE = Path(__file__).parent / "data" / "name_variants.yaml"

# EES puts London authorities in Inner/Outer London; the region is London (a code the same files use).
LONDON_SUBREGIONS = {"E13000001", "E13000002"}
LONDON = ("E12000007", "London")

GSS_ENTITY = {
    "E06": "Unitary authority",
    "E08": "Metropolitan district",
    "E09": "London borough",
    "E10": "County",
}


def gss_entity(gss: str | None) -> str | None:
    return GSS_ENTITY.get(gss[:3]) if gss else None


@dataclass
class Registry:
    """The authorities already in the session, keyed for quick upserts during one load."""

    session: Session
    by_code: dict[str, Authority]

    @classmethod
    def of(cls, session: Session) -> Registry:
        rows = session.scalars(
            select(Authority).options(selectinload(Authority.codes), selectinload(Authority.names))
        ).all()
        return cls(session, {a.la_code: a for a in rows})

    def authority(self, la_code: str, name: str) -> tuple[Authority, bool]:
        found = self.by_code.get(la_code)
        if found is not None:
            return found, False
        auth = Authority(la_code=la_code, name=name, status="current")
        self.session.add(auth)
        self.by_code[la_code] = auth
        return auth, True

    def la_for_gss(self, gss: str) -> str | None:
        for a in self.by_code.values():
            if any(c.gss_code == gss for c in a.codes):
                return a.la_code
        return None

    def add_code(self, auth: Authority, gss: str, origin: str) -> tuple[AuthorityCode, bool]:
        for c in auth.codes:
            if c.gss_code == gss:
                if c.origin is None:
                    c.origin = origin
                return c, False
        code = AuthorityCode(gss_code=gss, origin=origin)
        auth.codes.append(code)
        return code, True

    def add_name(self, auth: Authority, name: str, kind: str, source: str | None) -> bool:
        name = " ".join(name.split())
        key = normalise_name(name)
        if not key:
            return False
        if any(n.normalised == key and n.kind == kind for n in auth.names):
            return False
        auth.names.append(AuthorityName(name=name, normalised=key, kind=kind, source=source))
        return True

    def add_succession(self, predecessor: str, successor: str, effective: date | None, source: str) -> bool:
        if predecessor == successor:
            return False
        existing = self.session.scalar(
            select(AuthoritySuccession).where(
                AuthoritySuccession.predecessor == predecessor, AuthoritySuccession.successor == successor
            )
        )
        if existing is not None:
            if existing.effective is None and effective is not None:
                existing.effective = effective
            return False
        self.session.add(
            AuthoritySuccession(
                predecessor=predecessor, successor=successor, effective=effective, source=source
            )
        )
        return True


def region_of(code: str | None, name: str | None) -> tuple[str | None, str | None]:
    if code in LONDON_SUBREGIONS:
        return LONDON
    return (code or None, name or None)


@lru_cache(maxsize=1)
def packaged_variants() -> dict[str, Any]:
    data = yaml.safe_load(VARIANTS_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def apply_packaged(reg: Registry) -> int:
    """Add the pre-2009 authorities and the printed name variants (only for authorities present)."""
    data = packaged_variants()
    added = 0
    source = f"csinspect {VARIANTS_FILE.name}"
    for item in data.get("pre_2009_authorities", []):
        auth, created = reg.authority(item["la_code"], item["name"])
        if created:
            auth.status = "former"
            auth.valid_until = item.get("valid_until")
            auth.notes = " ".join(str(item["source"]).split())
            added += 1
        reg.add_name(auth, item["name"], "official", source)
        for succ in item.get("successors", []):
            if succ in reg.by_code:
                reg.session.flush()
                added += reg.add_succession(auth.la_code, succ, item.get("valid_until"), source)
    for item in data.get("variants", []):
        auth_or_none = reg.by_code.get(item["la_code"])
        if auth_or_none is not None:
            added += reg.add_name(auth_or_none, item["name"], item.get("kind", "variant"), item["source"])
    return added


def refresh_derived(reg: Registry) -> None:
    """Authority-level fields from its codes: newest GSS code, status and validity."""
    for auth in reg.by_code.values():
        codes = [c for c in auth.codes if c.origin == "ees"]
        if not codes:
            continue
        open_codes = [c for c in codes if c.valid_until is None]
        newest = max(open_codes or codes, key=lambda c: (c.valid_from or date.min, c.gss_code))
        auth.gss_code = newest.gss_code
        auth.status = "current" if open_codes else "former"
        starts = [c.valid_from for c in codes]
        auth.valid_from = None if any(s is None for s in starts) else min(s for s in starts if s)
        ends = [c.valid_until for c in codes]
        auth.valid_until = None if open_codes else max(e for e in ends if e)


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

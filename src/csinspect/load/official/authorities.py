"""The authority registry in the store, built idempotently from the official files (kind ``authorities``):

- DfE Explore Education Statistics CSVs: authorities, GSS codes, names and regions;
- DfE LAIT ``la_code_list.xlsx``: LA type and LAIT's names;
- mySociety ``uk_local_authorities.csv``: validity, successions, former GSS codes, official and other names.

Files are loaded in that order (``file_order``); the packaged name variants are applied after each.
The readers are in ``csinspect.sources.official.la_register``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.authorities.normalise import normalise_name
from csinspect.authorities.variants import VARIANTS_FILE, packaged_variants, region_of
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official import la_register
from csinspect.store.models import Authority, AuthorityCode, AuthorityName, AuthoritySuccession, SourceFile


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


class AuthoritiesLoader:
    kind = "authorities"
    order = 10
    description = "Authority registry: DfE EES LA codes, LAIT LA list, mySociety register"

    def matches(self, path: Path) -> bool:
        return la_register.matches(
            path.name, (*la_register.EES_FILES, la_register.LAIT_FILE, la_register.REGISTER_FILE)
        )

    def file_order(self, path: Path) -> int:
        if la_register.matches(path.name, la_register.EES_FILES):
            return 0
        return 1 if la_register.matches(path.name, la_register.LAIT_FILE) else 2

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        out = FileOutcome(file=path.name, kind=self.kind)
        reg = Registry.of(session)
        if la_register.matches(path.name, la_register.EES_FILES):
            self._load_ees(path, reg, source, out)
        elif la_register.matches(path.name, la_register.LAIT_FILE):
            self._load_lait(path, reg, out)
        else:
            self._load_register(path, reg, out)
        session.flush()
        out.rows_loaded += apply_packaged(reg)
        session.flush()
        refresh_derived(reg)
        return out

    def _load_ees(self, path: Path, reg: Registry, source: SourceFile, out: FileOutcome) -> None:
        out.rows_read, las = la_register.read_ees_authorities(path)
        for r in las:
            old = r.old_la_code
            if not (old and old.isdigit() and len(old) == 3):
                out.skip("no 3-digit old_la_code")
                continue
            auth, created = reg.authority(old, r.la_name)
            if created:
                auth.source_file_id = source.id
            auth.name = r.la_name
            auth.region_code, auth.region_name = region_of(r.region_code, r.region_name)
            if r.new_la_code:
                _, added = reg.add_code(auth, r.new_la_code, "ees")
                out.rows_loaded += added
            out.rows_loaded += created
            reg.add_name(auth, r.la_name, "ees", path.name)
        out.notes.append(f"{len(las)} distinct LA code/name/region combinations")

    def _load_lait(self, path: Path, reg: Registry, out: FileOutcome) -> None:
        for row in la_register.read_lait_la_list(path):
            out.rows_read += 1
            auth = reg.by_code.get(row.la_code or "")
            if row.la_code is None or row.la_type in ("", "NA") or auth is None:
                out.skip("not an authority in the registry")
                continue
            auth.la_type = row.la_type
            reg.add_name(auth, row.name, "lait", path.name)
            out.rows_loaded += 1

    def _load_register(self, path: Path, reg: Registry, out: FileOutcome) -> None:
        entries = la_register.read_register(path)
        out.rows_read = len(entries)
        by_code = {e.la_code: e for e in entries}
        by_gss = {e.gss_code: e for e in entries if e.gss_code}
        gss_to_la = {
            c.gss_code: a.la_code for a in reg.by_code.values() for c in a.codes if c.origin == "ees"
        }
        for auth in list(reg.by_code.values()):
            for code in [c for c in auth.codes if c.origin == "ees"]:
                rec = by_gss.get(code.gss_code)
                if rec is None:
                    out.skip("GSS code not in the register")
                    continue
                code.valid_from = rec.start
                replaced = [by_code[c] for c in rec.replaced_by if c in by_code]
                if replaced:
                    code.valid_until = replaced[0].raw_start
                    for succ in replaced:
                        succ_la = gss_to_la.get(succ.gss_code or "")
                        if succ_la:
                            reg.session.flush()
                            reg.add_succession(auth.la_code, succ_la, code.valid_until, path.name)
                for former in rec.former_gss_codes:
                    reg.add_code(auth, former, "former_gss")
                reg.add_name(auth, rec.official_name, "official", path.name)
                reg.add_name(auth, rec.nice_name, "mysociety", path.name)
                for alt in rec.alt_names:
                    reg.add_name(auth, alt, "mysociety", path.name)
                out.rows_loaded += 1

"""The authority registry from the official files (kind ``authorities``), as reference SOURCES.md describes:

- DfE Explore Education Statistics CSVs (CLA numbers, ONS 0-17 population, CIN b1/c1, CPP d5): the distinct
  (old_la_code, new_la_code, la_name, region) of their local-authority rows -> authorities, GSS codes, names;
- DfE LAIT ``la_code_list.xlsx``: LA type (OLB/ILB/MD/UA/SC) and LAIT's names;
- mySociety ``uk_local_authorities.csv``: validity (start-date kept from 2009-04-01 on; end = the start of the
  authority that replaced it), successions, former GSS codes, official and alternative names.

Files are loaded in that order (``file_order``); the packaged name variants are applied after each.
"""

from __future__ import annotations

import fnmatch
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from csinspect.authorities.build import Registry, apply_packaged, refresh_derived, region_of
from csinspect.sources.official.readers import cell_date, read_csv, read_sheet
from csinspect.sources.official.registry import LoadSummary, register_loader
from csinspect.store.models import SourceFile

EES_FILES = (
    "cla_number_and_rate_per_10k_children*.csv",
    "ons_mid-year_population_estimates*.csv",
    "b1_children_in_need*.csv",
    "c1_children_in_need_referrals_and_rereferrals*.csv",
    "d5_cpps_at31march_by_duration*.csv",
)
EES_COLUMNS = ("geographic_level", "old_la_code", "new_la_code", "la_name", "region_code", "region_name")
LAIT_FILE = "la_code_list*.xlsx"
LAIT_SHEET = "Sheet1"
LAIT_COLUMNS = ("LA Number", "LA Name", "Region", "Type")
REGISTER_FILE = "uk_local_authorities*.csv"
REGISTER_COLUMNS = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "alt-names",
    "former-gss-codes",
)
# Earlier start-dates in the register are register-entry dates (e.g. 2005-06-19), not creation dates.
FIRST_REORGANISATION = date(2009, 4, 1)


def _matches(name: str, patterns: tuple[str, ...] | str) -> bool:
    pats = (patterns,) if isinstance(patterns, str) else patterns
    return any(fnmatch.fnmatch(name, p) for p in pats)


class AuthoritiesLoader:
    kind = "authorities"
    order = 10
    description = "Authority registry: DfE EES LA codes, LAIT LA list, mySociety register"

    def matches(self, path: Path) -> bool:
        return _matches(path.name, (*EES_FILES, LAIT_FILE, REGISTER_FILE))

    def file_order(self, path: Path) -> int:
        if _matches(path.name, EES_FILES):
            return 0
        return 1 if _matches(path.name, LAIT_FILE) else 2

    def load(self, path: Path, session: Session, source: SourceFile) -> LoadSummary:
        summary = LoadSummary(file=path.name, kind=self.kind)
        reg = Registry.of(session)
        if _matches(path.name, EES_FILES):
            self._load_ees(path, reg, source, summary)
        elif _matches(path.name, LAIT_FILE):
            self._load_lait(path, reg, summary)
        else:
            self._load_register(path, reg, summary)
        session.flush()
        summary.rows_loaded += apply_packaged(reg)
        session.flush()
        refresh_derived(reg)
        return summary

    def _load_ees(self, path: Path, reg: Registry, source: SourceFile, summary: LoadSummary) -> None:
        df = read_csv(path, EES_COLUMNS)
        las = df.filter(df["geographic_level"] == "Local authority").select(EES_COLUMNS[1:]).unique()
        summary.rows_read = df.height
        for old, new, name, rcode, rname in las.sort("old_la_code", "new_la_code").iter_rows():
            if not (old and old.isdigit() and len(old) == 3):
                summary.skipped["no 3-digit old_la_code"] = (
                    summary.skipped.get("no 3-digit old_la_code", 0) + 1
                )
                continue
            auth, created = reg.authority(old, name)
            if created:
                auth.source_file_id = source.id
            auth.name = name
            auth.region_code, auth.region_name = region_of(rcode, rname)
            if new:
                _, added = reg.add_code(auth, new, "ees")
                summary.rows_loaded += added
            summary.rows_loaded += created
            reg.add_name(auth, name, "ees", path.name)
        summary.notes.append(f"{las.height} distinct LA code/name/region combinations")

    def _load_lait(self, path: Path, reg: Registry, summary: LoadSummary) -> None:
        from csinspect.sources.official.readers import find_header, la_number

        rows = read_sheet(path, LAIT_SHEET)
        head, cols = find_header(rows, LAIT_COLUMNS, f"{path.name} sheet {LAIT_SHEET}")
        for row in rows[head + 1 :]:
            summary.rows_read += 1
            code = la_number(row[cols["LA Number"]])
            la_type = str(row[cols["Type"]]).strip()
            auth = reg.by_code.get(code or "")
            if code is None or la_type in ("", "NA") or auth is None:
                summary.skipped["not an authority in the registry"] = (
                    summary.skipped.get("not an authority in the registry", 0) + 1
                )
                continue
            auth.la_type = la_type
            reg.add_name(auth, str(row[cols["LA Name"]]), "lait", path.name)
            summary.rows_loaded += 1

    def _load_register(self, path: Path, reg: Registry, summary: LoadSummary) -> None:
        df = read_csv(path, REGISTER_COLUMNS)
        summary.rows_read = df.height
        records = df.to_dicts()
        by_code = {r["local-authority-code"]: r for r in records}
        by_gss = {r["gss-code"]: r for r in records if r["gss-code"]}
        gss_to_la = {
            c.gss_code: a.la_code for a in reg.by_code.values() for c in a.codes if c.origin == "ees"
        }
        for auth in list(reg.by_code.values()):
            for code in [c for c in auth.codes if c.origin == "ees"]:
                rec = by_gss.get(code.gss_code)
                if rec is None:
                    summary.skipped["GSS code not in the register"] = (
                        summary.skipped.get("GSS code not in the register", 0) + 1
                    )
                    continue
                where = f"{path.name} row {records.index(rec) + 2}"
                start = cell_date(rec["start-date"], where)
                code.valid_from = start if start and start >= FIRST_REORGANISATION else None
                replaced = [by_code[c] for c in (rec["replaced-by"] or "").split(",") if c in by_code]
                if replaced:
                    code.valid_until = cell_date(replaced[0]["start-date"], where)
                    for succ in replaced:
                        succ_la = gss_to_la.get(succ["gss-code"])
                        if succ_la:
                            reg.session.flush()
                            reg.add_succession(auth.la_code, succ_la, code.valid_until, path.name)
                for former in (rec["former-gss-codes"] or "").split(","):
                    if former.strip():
                        reg.add_code(auth, former.strip(), "former_gss")
                reg.add_name(auth, rec["official-name"], "official", path.name)
                reg.add_name(auth, rec["nice-name"], "mysociety", path.name)
                for alt in (rec["alt-names"] or "").split(","):
                    if alt.strip():
                        reg.add_name(auth, alt, "mysociety", path.name)
                summary.rows_loaded += 1


register_loader(AuthoritiesLoader())

"""Reading the three files the authority registry is built from (pure: rows out, nothing stored):

- DfE Explore Education Statistics CSVs (CLA numbers, ONS 0-17 population, CIN b1/c1, CPP d5): the distinct
  (old_la_code, new_la_code, la_name, region) of their local-authority rows;
- DfE LAIT ``la_code_list.xlsx``: LA number, name and type (OLB/ILB/MD/UA/SC);
- mySociety ``uk_local_authorities.csv``: the register's rows (codes, names, dates, replacements).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from csinspect.sources.official.readers import cell_date, find_header, la_number, read_csv, read_sheet

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


def matches(name: str, patterns: tuple[str, ...] | str) -> bool:
    pats = (patterns,) if isinstance(patterns, str) else patterns
    return any(fnmatch.fnmatch(name, p) for p in pats)


@dataclass(frozen=True)
class EesAuthority:
    old_la_code: str | None
    new_la_code: str | None
    la_name: str
    region_code: str | None
    region_name: str | None


def read_ees_authorities(path: Path) -> tuple[int, list[EesAuthority]]:
    """(rows read, distinct LA rows sorted by code) of an EES file's local-authority rows."""
    df = read_csv(path, EES_COLUMNS)
    las = df.filter(df["geographic_level"] == "Local authority").select(EES_COLUMNS[1:]).unique()
    return df.height, [EesAuthority(*r) for r in las.sort("old_la_code", "new_la_code").iter_rows()]


@dataclass(frozen=True)
class LaitAuthority:
    la_code: str | None  # None when the row's number is not a 3-digit LA number
    name: str
    la_type: str


def read_lait_la_list(path: Path) -> list[LaitAuthority]:
    rows = read_sheet(path, LAIT_SHEET)
    head, cols = find_header(rows, LAIT_COLUMNS, f"{path.name} sheet {LAIT_SHEET}")
    return [
        LaitAuthority(
            la_number(row[cols["LA Number"]]), str(row[cols["LA Name"]]), str(row[cols["Type"]]).strip()
        )
        for row in rows[head + 1 :]
    ]


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the mySociety register, dates parsed (``start`` only from the first reorganisation on)."""

    row: int  # spreadsheet row number (header = 1)
    la_code: str
    official_name: str
    nice_name: str
    gss_code: str | None
    start: date | None
    raw_start: date | None
    replaced_by: tuple[str, ...]
    alt_names: tuple[str, ...]
    former_gss_codes: tuple[str, ...]


def _split(text: Any) -> tuple[str, ...]:
    return tuple(p.strip() for p in str(text or "").split(",") if p.strip())


def read_register(path: Path) -> list[RegisterEntry]:
    df = read_csv(path, REGISTER_COLUMNS)
    out = []
    for i, rec in enumerate(df.to_dicts(), start=2):
        start = cell_date(rec["start-date"], f"{path.name} row {i}")
        out.append(
            RegisterEntry(
                row=i,
                la_code=rec["local-authority-code"],
                official_name=rec["official-name"],
                nice_name=rec["nice-name"],
                gss_code=rec["gss-code"] or None,
                start=start if start and start >= FIRST_REORGANISATION else None,
                raw_start=start,
                replaced_by=tuple(c for c in str(rec["replaced-by"] or "").split(",") if c),
                alt_names=_split(rec["alt-names"]),
                former_gss_codes=_split(rec["former-gss-codes"]),
            )
        )
    return out

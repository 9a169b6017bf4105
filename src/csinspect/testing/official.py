"""A small England in the official files' own formats, for tests and demonstrations without ``../shared``.

``write_official(folder)`` writes the thirteen authorities of the East of England and the East Midlands
and some thirty more (real LA numbers, GSS codes and names, so the registry, reorganisations and name resolution behave as they
do nationally: Northamptonshire became North and West Northamptonshire on 1 April 2021) with **made-up
figures** in the layouts DfE, ONS, Ofsted and mySociety publish:

- ``uk_local_authorities.csv`` (mySociety register), ``la_code_list.xlsx`` (LAIT's LA list);
- EES CSVs: ``cla_number_and_rate_per_10k_children.csv``, ``ons_mid-year_population_estimates_2012_to_2024.csv``;
- ``sn_april_2021.xlsx``, ``sn_may_2025.xlsx`` (DfE statistical neighbour models, sheet ``LA SN Groups``);
- ``LA_Inspection_Outcomes_as_at_31_March_2025.ods`` (Ofsted's workbook: ILACS history and in-year sheets);
- ``bds_long_0.parquet`` (LAIT's long benchmarking file).

The figures are deterministic (no randomness): tests can state exactly what a load must give.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Area:
    la_code: str
    gss: str
    name: str
    official: str
    register_code: str  # mySociety's code
    region_code: str
    region_name: str
    la_type: str  # LAIT type
    children: int  # 0-17 population, mid-2024
    start: str = "2005-06-19"  # register start date
    end: str = ""  # register end date (former authorities)
    replaced_by: str = ""
    former_gss: str = ""  # a GSS code retired without a change of authority


EAST = ("E12000006", "East of England")
EAST_MIDLANDS = ("E12000004", "East Midlands")
AREAS: tuple[Area, ...] = (
    Area("821", "E06000032", "Luton", "Luton Borough Council", "LUT", *EAST, "UA", 62_280),
    Area("822", "E06000055", "Bedford", "Bedford Borough Council", "BDF", *EAST, "UA", 44_900),
    Area(
        "823", "E06000056", "Central Bedfordshire", "Central Bedfordshire Council", "CBF", *EAST, "UA", 67_100
    ),
    Area("873", "E10000003", "Cambridgeshire", "Cambridgeshire County Council", "CAM", *EAST, "SC", 146_000),
    Area("874", "E06000031", "Peterborough", "Peterborough City Council", "PTE", *EAST, "UA", 53_700),
    Area("881", "E10000012", "Essex", "Essex County Council", "ESS", *EAST, "SC", 318_000),
    Area("882", "E06000033", "Southend-on-Sea", "Southend-on-Sea City Council", "SOS", *EAST, "UA", 37_600),
    Area("883", "E06000034", "Thurrock", "Thurrock Council", "THR", *EAST, "UA", 44_100),
    Area("919", "E10000015", "Hertfordshire", "Hertfordshire County Council", "HRT", *EAST, "SC", 267_000),
    Area("926", "E10000020", "Norfolk", "Norfolk County Council", "NFK", *EAST, "SC", 173_000),
    Area("935", "E10000029", "Suffolk", "Suffolk County Council", "SFK", *EAST, "SC", 152_000),
    Area(
        "928",
        "E10000021",
        "Northamptonshire",
        "Northamptonshire County Council",
        "NTH",
        *EAST_MIDLANDS,
        "SC",
        170_000,
        start="",
        end="2021-04-01",
        replaced_by="NNT,WNT",
    ),
    Area(
        "940",
        "E06000061",
        "North Northamptonshire",
        "North Northamptonshire Council",
        "NNT",
        *EAST_MIDLANDS,
        "UA",
        80_100,
        start="2021-04-01",
    ),
    Area(
        "941",
        "E06000062",
        "West Northamptonshire",
        "West Northamptonshire Council",
        "WNT",
        *EAST_MIDLANDS,
        "UA",
        93_500,
        start="2021-04-01",
    ),
)
# More from other regions: reports written in other authorities' names, and the reorganisations and code
# changes the registry must follow (Dorset and Bournemouth/Poole 2019, Buckinghamshire 2020, Cumbria, North
# Yorkshire and Somerset 2023, Northumberland's re-coding, the 2009 Cheshire unitaries).
SW = ("E12000009", "South West")
NE = ("E12000001", "North East")
NW = ("E12000002", "North West")
YH = ("E12000003", "Yorkshire and The Humber")
LONDON = ("E12000007", "London")
SE = ("E12000008", "South East")
EM = EAST_MIDLANDS
AREAS += (
    Area("801", "E06000023", "Bristol, City of", "Bristol City Council", "BST", *SW, "UA", 91_000),
    Area("354", "E08000005", "Rochdale", "Rochdale Metropolitan Borough Council", "RCH", *NW, "MD", 52_000),
    Area("313", "E09000018", "Hounslow", "London Borough of Hounslow", "HNS", *LONDON, "OLB", 66_000),
    Area("810", "E06000010", "Kingston upon Hull, City of", "Hull City Council", "KHL", *YH, "UA", 58_000),
    Area("314", "E09000021", "Kingston upon Thames", "Royal Borough of Kingston upon Thames", "KTT", *LONDON,
         "OLB", 37_000),
    Area("318", "E09000027", "Richmond upon Thames", "London Borough of Richmond upon Thames", "RIC", *LONDON,
         "OLB", 44_000),
    Area("868", "E06000040", "Windsor and Maidenhead", "Royal Borough of Windsor and Maidenhead", "WNM", *SE,
         "UA", 34_000),
    Area("380", "E08000032", "Bradford", "City of Bradford Metropolitan District Council", "BRD", *YH, "MD",
         150_000),
    Area("840", "E06000047", "County Durham", "Durham County Council", "DUR", *NE, "UA", 100_000,
         start="2009-04-01"),
    Area("855", "E10000018", "Leicestershire", "Leicestershire County Council", "LEC", *EM, "SC", 140_000),
    Area("929", "E06000057", "Northumberland", "Northumberland County Council", "NBL", *NE, "UA", 58_000,
         start="2009-04-01", former_gss="E06000048"),
    Area("895", "E06000049", "Cheshire East", "Cheshire East Council", "CHE", *NW, "UA", 79_000,
         start="2009-04-01"),
    Area("896", "E06000050", "Cheshire West and Chester", "Cheshire West and Chester Council", "CHW", *NW, "UA",
         70_000, start="2009-04-01"),
    Area("835", "E10000009", "Dorset", "Dorset County Council", "DOR", *SW, "SC", 76_000, start="",
         end="2019-03-31", replaced_by="DST"),
    Area("836", "E06000029", "Poole", "Borough of Poole", "POL", *SW, "UA", 30_000, end="2019-03-31",
         replaced_by="BPC"),
    Area("837", "E06000028", "Bournemouth", "Bournemouth Borough Council", "BMH", *SW, "UA", 37_000,
         end="2019-03-31", replaced_by="BPC"),
    Area("838", "E06000059", "Dorset", "Dorset Council", "DST", *SW, "UA", 71_000, start="2019-04-01"),
    Area("839", "E06000058", "Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole Council",
         "BPC", *SW, "UA", 76_000, start="2019-04-01"),
    Area("825", "E10000002", "Buckinghamshire", "Buckinghamshire County Council", "BKM", *SE, "SC", 125_000,
         start="", end="2020-04-01", replaced_by="BUC"),
    Area("825", "E06000060", "Buckinghamshire", "Buckinghamshire Council", "BUC", *SE, "UA", 126_000,
         start="2020-04-01"),
    Area("909", "E10000006", "Cumbria", "Cumbria County Council", "CMA", *NW, "SC", 95_000, start="",
         end="2023-04-01", replaced_by="CBD,WAF"),
    Area("942", "E06000063", "Cumberland", "Cumberland Council", "CBD", *NW, "UA", 55_000, start="2023-04-01"),
    Area("943", "E06000064", "Westmorland and Furness", "Westmorland and Furness Council", "WAF", *NW, "UA",
         41_000, start="2023-04-01"),
    Area("815", "E10000023", "North Yorkshire", "North Yorkshire County Council", "NYK", *YH, "SC", 116_000,
         start="", end="2023-04-01", replaced_by="NYE"),
    Area("815", "E06000065", "North Yorkshire", "North Yorkshire Council", "NYE", *YH, "UA", 117_000,
         start="2023-04-01"),
    Area("933", "E10000027", "Somerset", "Somerset County Council", "SOM", *SW, "SC", 110_000, start="",
         end="2023-04-01", replaced_by="SMC"),
    Area("933", "E06000066", "Somerset", "Somerset Council", "SMC", *SW, "UA", 111_000, start="2023-04-01"),
)  # fmt: skip
CURRENT = tuple(a for a in AREAS if not a.end)
BY_CODE = {a.la_code: a for a in AREAS}
YEARS = tuple(range(2018, 2026))
ENGLAND_CHILDREN = 12_183_016


def exists_in(a: Area, year: int) -> bool:
    """Whether the authority existed on 31 March of ``year`` (the EES files' reporting date)."""
    end_of_year = date(year, 3, 31)
    if a.end and date.fromisoformat(a.end) <= end_of_year:
        return False
    return not (a.start and a.start >= "2009" and date.fromisoformat(a.start) > end_of_year)


def cla_count(a: Area, year: int) -> int:
    """Children looked after at 31 March: a made-up rate between 45 and 90 per 10,000, rising a little."""
    per_10k = 45 + (int(a.la_code) * 7) % 40 + (year - 2020)
    return round(a.children * per_10k / 10_000)


# ---- the files ------------------------------------------------------------------------------------------------


def _write_csv(path: Path, header: list[str], rows: list[list[Any]], bom: bool = False) -> None:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_register(folder: Path) -> Path:
    path = folder / "uk_local_authorities.csv"
    header = [
        "local-authority-code",
        "official-name",
        "nice-name",
        "gss-code",
        "start-date",
        "end-date",
        "replaced-by",
        "nation",
        "region",
        "alt-names",
        "former-gss-codes",
        "old-ons-la-code",
    ]
    rows = [
        [
            a.register_code,
            a.official,
            a.name,
            a.gss,
            a.start,
            a.end,
            a.replaced_by,
            "England",
            a.region_name,
            f"{a.name},{a.name.lower()},{a.official.lower()}",
            a.former_gss,
            a.la_code,
        ]
        for a in AREAS
    ]
    _write_csv(path, header, rows)
    return path


def write_cla_rates(folder: Path) -> Path:
    path = folder / "cla_number_and_rate_per_10k_children.csv"
    header = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
        "region_name", "old_la_code", "la_name", "new_la_code", "population_type", "population_estimate",
        "children_count", "rate_per_10000",
    ]  # fmt: skip
    kinds = {
        "Children looked after on 31 March each year": 1.0,
        "Children starting to be looked after each year": 0.4,
        "Children ceasing to be looked after each year": 0.38,
    }
    rows: list[list[Any]] = []
    for year in YEARS:
        for kind, share in kinds.items():
            by_region: dict[tuple[str, str], list[int]] = {}
            for a in AREAS:
                if not exists_in(a, year):
                    continue
                n = round(cla_count(a, year) * share)
                rows.append(
                    [
                        year,
                        "Reporting year",
                        "Local authority",
                        "E92000001",
                        "England",
                        a.region_code,
                        a.region_name,
                        a.la_code,
                        a.name,
                        a.gss,
                        kind,
                        a.children,
                        n,
                        round(n / a.children * 10_000),
                    ]
                )
                by_region.setdefault((a.region_code, a.region_name), [0, 0])
                by_region[(a.region_code, a.region_name)][0] += n
                by_region[(a.region_code, a.region_name)][1] += a.children
            for (code, name), (n, pop) in by_region.items():
                rows.append(
                    [
                        year,
                        "Reporting year",
                        "Regional",
                        "E92000001",
                        "England",
                        code,
                        name,
                        "",
                        "",
                        "",
                        kind,
                        pop,
                        n,
                        round(n / pop * 10_000),
                    ]
                )
            n_england = round(ENGLAND_CHILDREN * 0.0067 * share)
            rows.append(
                [
                    year,
                    "Reporting year",
                    "National",
                    "E92000001",
                    "England",
                    "",
                    "",
                    "",
                    "",
                    "",
                    kind,
                    ENGLAND_CHILDREN,
                    n_england,
                    round(n_england / ENGLAND_CHILDREN * 10_000),
                ]
            )
    # one suppressed value, as EES prints them
    for row in rows:
        if row[0] == 2025 and row[7] == "882" and row[10].startswith("Children ceasing"):
            row[12] = row[13] = "c"
    _write_csv(path, header, rows, bom=True)
    return path


def write_population(folder: Path) -> Path:
    path = folder / "ons_mid-year_population_estimates_2012_to_2024.csv"
    header = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
        "region_name", "old_la_code", "new_la_code", "la_name", "age_group", "population_estimate",
    ]  # fmt: skip
    rows: list[list[Any]] = []
    for year in range(2017, 2025):
        for a in AREAS:
            if exists_in(a, year + 1):  # mid-year estimates: the authority as at the following March
                rows.append(
                    [
                        year,
                        "Reporting year",
                        "Local authority",
                        "E92000001",
                        "England",
                        a.region_code,
                        a.region_name,
                        a.la_code,
                        a.gss,
                        a.name,
                        "Children aged 0 to 17 years",
                        a.children - (2024 - year) * 100,
                    ]
                )
        rows.append(
            [
                year,
                "Reporting year",
                "National",
                "E92000001",
                "England",
                "",
                "",
                "",
                "",
                "",
                "Children aged 0 to 17 years",
                ENGLAND_CHILDREN,
            ]
        )
    _write_csv(path, header, rows)
    return path


def write_la_list(folder: Path) -> Path:
    from openpyxl import Workbook

    path = folder / "la_code_list.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append(["LA Number", "LA Name", "Region", "Type"])
    for a in CURRENT:
        ws.append([int(a.la_code), a.name, a.region_name, a.la_type])
    wb.save(path)
    return path


def neighbours_of(a: Area, areas: tuple[Area, ...] = CURRENT) -> list[Area]:
    """Ten neighbours: the other current authorities nearest in child population (a made-up model)."""
    others = sorted((b for b in areas if b is not a), key=lambda b: (abs(b.children - a.children), b.la_code))
    return others[:10]


def write_neighbour_model(folder: Path, name: str = "sn_may_2025.xlsx", close: str = "Very close") -> Path:
    from openpyxl import Workbook

    path = folder / name
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "LA SN Groups"
    ws.append(["A", "B", "C", "D", "E"])
    ws.append(list(range(1, 26)))
    head: list[Any] = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
    for k in range(1, 11):
        head += [f"SN{k}", "SNP"]
    ws.append(head)
    for a in CURRENT:
        row: list[Any] = [int(a.la_code), a.name, int(a.la_code), 2, a.region_name]
        for i, b in enumerate(neighbours_of(a)):
            row += [int(b.la_code), close if i < 3 else "Close"]
        ws.append(row)
    wb.save(path)
    return path


# -- Ofsted's outcomes workbook (.ods) -----------------------------------------------------------------------------

JUDGEMENT_HEADERS = (
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
)
GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")


def ilacs_history() -> list[dict[str, Any]]:
    """ILACS inspections of each authority: one under the 2018 framework (2019, or the year after a new
    authority began), and for those still current and inspected before 2023 one from 2023 (with the separate
    care-leavers judgement). Grades follow from the LA number so tests can predict them."""
    out = []
    for i, a in enumerate(AREAS):
        g1 = GRADES[(int(a.la_code) + 1) % 4]
        g2 = GRADES[int(a.la_code) % 3]  # never inadequate in the second round
        year1 = int(a.start[:4]) + 1 if a.start >= "2019" else 2019
        start1 = date(year1, 1 + i % 11, 1 + i % 27)
        out.append(
            {
                "area": a,
                "start": start1,
                "published": date(start1.year, start1.month + 1, start1.day),
                "type": "ILACS Standard Inspection",
                "grades": (g1, g1, g1, g1, ""),
            }
        )
        if a.end or year1 >= 2023:
            continue
        start2 = date(2023, 1 + i % 11, 1 + (i + 5) % 27)
        short = g1 in ("Good", "Outstanding")
        out.append(
            {
                "area": a,
                "start": start2,
                "published": date(start2.year, start2.month + 1, start2.day),
                "type": "ILACS Short Inspection" if short else "ILACS Standard Inspection",
                "grades": (g2, g2, g2, g2, g2),
            }
        )
    return out


def in_year() -> list[dict[str, Any]]:
    """In-year activity 2024-25: a focused visit for three authorities, and one inspection repeating the history."""
    out = [
        {
            "area": BY_CODE[c],
            "start": date(2024, 10, 1 + k),
            "published": date(2024, 11, 5 + k),
            "type": "ILACS Focused Visit",
            "grades": ("", "", "", "", ""),
            "theme": "Children in care",
        }
        for k, c in enumerate(("821", "919", "935"))
    ]
    return out


def _cell(value: Any) -> str:
    if value in ("", None):
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A minimal OpenDocument spreadsheet: one table per sheet, strings, numbers and dates."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


def write_outcomes(folder: Path) -> Path:
    history_head = [
        "Web link", "Local authority area code", "Local authority name", "Local authority status", "Ofsted region",
        "Inspection date", "Publication date", "Inspection type", *JUDGEMENT_HEADERS,
    ]  # fmt: skip
    history = [
        ["ILACS inspection history from 2018-2025"],
        ["This worksheet contains one table."],
        history_head,
    ]
    for r in ilacs_history():
        a = r["area"]
        history.append(
            [
                "Ofsted Local Authority Webpage",
                a.gss,
                a.name,
                "Current",
                a.region_name,
                r["start"],
                r["published"],
                r["type"],
                *r["grades"],
            ]
        )
    in_year_head = [
        "Web link", "Local authority area code", "Local authority name", "Region", "Inspection/Visit date",
        "Publication date", "Inspection/Visit type", *JUDGEMENT_HEADERS, "Visit Theme",
    ]  # fmt: skip
    rows = [
        ["Local authority in-year inspection activity 2024-25"],
        ["This worksheet contains one table."],
        in_year_head,
    ]
    for r in in_year():
        a = r["area"]
        rows.append(
            [
                "Ofsted Local Authority Webpage",
                a.gss,
                a.name,
                a.region_name,
                r["start"],
                r["published"],
                r["type"],
                *r["grades"],
                r.get("theme", ""),
            ]
        )
    return write_ods(
        folder / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        {
            "Cover": [["Local authority inspection outcomes"]],
            "ILACS_inspection_history": history,
            "In-year_inspections": rows,
        },
    )


def write_lait(folder: Path) -> Path:
    """LAIT's long file: the looked-after rate, and, as LAIT does, a new authority's figure for the year before
    it began (its area's figure recast), which a load must set aside."""
    import polars as pl

    renamed = {b.la_code for b in AREAS if b.end}
    rows = []
    for year in YEARS:
        for a in AREAS:
            recast = a.start >= "2019" and a.la_code not in renamed and exists_in(a, year + 1)
            if exists_in(a, year) or recast:
                n = cla_count(a, year)
                rows.append(("LAC", "Children looked after rate, per 10,000 children aged under 18", str(year),
                             a.name, str(round(n / a.children * 10_000)), float(a.la_code), a.region_name))  # fmt: skip
        rows.append(("LAC", "Children looked after rate, per 10,000 children aged under 18", str(year), "England",
                     "67", 970.0, "England"))  # fmt: skip
        # a measure only LAIT publishes (small figures in exponent form, as LAIT's file writes them), and one
        # whose cells are words: listed and left out by a load, never guessed
        for a in AREAS:
            if exists_in(a, year):
                share = (int(a.la_code) % 7 + 1) / 100
                rows.append(("PermEx_Rate", "Permanent exclusions, % of pupils", str(year), a.name,
                             f"{share:.4E}", float(a.la_code), a.region_name))  # fmt: skip
                rows.append(("Notes_Text", "A measure of words", str(year), a.name, "see notes",
                             float(a.la_code), a.region_name))  # fmt: skip
    df = pl.DataFrame(
        rows,
        schema=["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"],
        orient="row",
    )
    path = folder / "bds_long_0.parquet"
    df.write_parquet(path)
    return path


LAIT_DICTIONARY_COLUMNS = [
    "Measure_code", "Topic", "Measure", "Chart_title", "Measure_short", "Polarity", "y_axis_name",
    "state_funded_flag", "Table_status", "Description", "Last Update", "Next Update",
    "Data Owner (DO) /Supplier and Contact Details", "Methodology", "Hyperlink(s)", "dps", "Year_Type", "No_Quartile",
]  # fmt: skip


def write_lait_dictionary(folder: Path) -> Path:
    """LAIT's data dictionary in its own columns: the looked-after rate (no polarity, as LAIT gives none), the
    exclusions measure (low is good, two decimals), the measure of words, and one with no data in the file."""
    import csv

    rows = [
        ["124", "Children Looked After", "Children looked after rate per 10,000", "CLA rate", "LAC", "-",
         "Rate per 10,000", "NA", "", "", "", "", "DfE", "", "", "NA", "Annual", "NA"],
        ["200", "Exclusions", "Permanent exclusions, % of pupils", "Permanent exclusions", "PermEx_Rate", "Low",
         "% of pupils", "NA", "", "", "", "", "DfE", "", "", "2", "Academic Year", "NA"],
        ["201", "Other", "A measure of words", "Words", "Notes_Text", "High", "Number", "NA", "", "", "", "",
         "DfE", "", "", "0", "Annual", "N"],
        ["202", "Other", "A measure with no figures", "None", "Empty_Measure", "NA", "Number", "NA", "", "", "",
         "", "DfE", "", "", "NA", "Annual", "NA"],
    ]  # fmt: skip
    path = folder / "lait_data_dictionary.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(LAIT_DICTIONARY_COLUMNS)
        w.writerows(rows)
    return path


def write_official(folder: Path) -> Path:
    """Every file above into ``folder`` (made if needed); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_register(folder)
    write_cla_rates(folder)
    write_population(folder)
    write_la_list(folder)
    write_neighbour_model(folder, "sn_april_2021.xlsx", close="Extremely close")
    write_neighbour_model(folder, "sn_may_2025.xlsx")
    write_outcomes(folder)
    write_lait(folder)
    write_lait_dictionary(folder)
    return folder

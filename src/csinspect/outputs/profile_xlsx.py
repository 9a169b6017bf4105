"""The profile as an Excel workbook (openpyxl): a cover sheet, one sheet per judgement area, provider
outcomes and a sources sheet. Numbers are stored as numbers with the indicator's decimals as the number
format, headers are frozen and filtered, and the quartile column is shaded so the sheet reads at a glance.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from csinspect.analysis.profile import Profile, ProfileRow
from csinspect.cells import set_xlsx_cell
from csinspect.indicators.schema import JUDGEMENT_AREAS

HEADERS = [
    ("Indicator", 48),
    ("Period", 10),
    ("Value", 11),
    ("Stat. neighbours (see Neighbour group)", 14),
    ("Neighbours with a value", 12),
    ("Region", 11),
    ("England", 11),
    ("Rank", 8),
    ("Of", 6),
    ("Quartile", 20),
    ("Direction", 12),
    ("Over (years)", 9),
    ("Council's own figure", 12),
    ("Statement", 70),
    ("Unit", 12),
    ("Polarity", 16),
    ("Polarity source checked", 12),
    ("SN model", 10),
    ("Neighbour group", 44),
    ("LAIT band", 8),
    ("Indicator id", 36),
    ("Source", 60),
]
HEAD_FILL = PatternFill("solid", fgColor="1D70B8")
HEAD_FONT = Font(bold=True, color="FFFFFF")
QUARTILE_FILL = {1: "CCE2D8", 2: "E8F1EC", 3: "FCE8D8", 4: "F6D7D2"}  # GOV.UK green to red tints


def _number_format(decimals: int) -> str:
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def _sheet_name(text: str) -> str:
    bad = "[]:*?/\\"
    return "".join("-" if c in bad else c for c in text)[:31]


def _write_area(ws: Worksheet, rows: list[ProfileRow]) -> None:
    for col, (title, width) in enumerate(HEADERS, start=1):
        c = ws.cell(row=1, column=col, value=title)
        c.fill, c.font = HEAD_FILL, HEAD_FONT
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    for i, r in enumerate(rows, start=2):
        cells = [
            r.title,
            r.period,
            r.value if r.value is not None else (r.symbol or None),
            r.sn_average,
            r.sn_count,
            r.region,
            r.england,
            r.rank,
            r.rank_of,
            r.quartile_label,
            r.direction,
            r.trend_years,
            r.local_value,
            r.statement,
            r.unit,
            r.polarity.replace("_", " "),
            "yes" if r.polarity_status == "verified" else "no",
            r.sn_model,
            r.sn_label,
            r.quartile_band,
            r.indicator_id,
            r.source,
        ]
        for col, v in enumerate(cells, start=1):
            c = set_xlsx_cell(ws, i, col, v)
            if col in (3, 4, 6, 7, 13) and isinstance(v, float | int):
                c.number_format = _number_format(
                    r.decimals if col != 4 or r.sn_stat == "median" else max(r.decimals, 1)
                )
            if col == 14:
                c.alignment = Alignment(wrap_text=True, vertical="top")
        if r.quartile:
            ws.cell(row=i, column=10).fill = PatternFill("solid", fgColor=QUARTILE_FILL[r.quartile])
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(1, len(rows) + 1)}"


def profile_workbook(profile: Profile) -> Workbook:
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "About"
    lines = [
        (f"Performance profile: {profile.name} ({profile.la_code})", True),
        (f"Region: {profile.region_name or '-'}", False),
        (f"Period: {profile.period_requested or 'latest published for each indicator'}", False),
        (
            f"Statistical neighbours: the {profile.comparator}, counting only the neighbours that have a value; "
            "as in DfE's own tools; each row's label says which it used and how many neighbours had a figure.",
            False,
        ),
        (
            "Quartile 1 is the best quarter of authorities for indicators with a polarity, the highest values "
            "for the others. Rank 1 likewise.",
            False,
        ),
        (f"Provider outcomes: {profile.vocabulary}", False),
        *((f"Note: {n}", False) for n in profile.notes),
    ]
    for i, (text, bold) in enumerate(lines, start=1):
        c = cover.cell(row=i, column=1, value=text)
        c.font = Font(bold=bold, size=14 if bold else 11)
    cover.column_dimensions["A"].width = 120
    for area, rows in profile.areas.items():
        _write_area(wb.create_sheet(_sheet_name(JUDGEMENT_AREAS.get(area, area))), rows)
    if profile.provider_outcomes:
        ws = wb.create_sheet("Provider outcomes")
        heads = [
            "Provision type",
            "Providers in area",
            "Good or outstanding",
            "% good or better",
            "England providers",
            "England %",
            "Proportion word",
            "Statement",
        ]
        for col, h in enumerate(heads, start=1):
            c = ws.cell(row=1, column=col, value=h)
            c.fill, c.font = HEAD_FILL, HEAD_FONT
            ws.column_dimensions[get_column_letter(col)].width = 14 if col > 1 else 40
        ws.column_dimensions["H"].width = 100
        for i, p in enumerate(profile.provider_outcomes, start=2):
            for col, v in enumerate(
                [
                    p.provision_type,
                    p.la_providers,
                    p.la_good_or_better,
                    p.la_percent,
                    p.england_providers,
                    p.england_percent,
                    p.word,
                    p.statement,
                ],
                start=1,
            ):
                c = set_xlsx_cell(ws, i, col, v)
                if col in (4, 6) and v is not None:
                    c.number_format = "0"
        set_xlsx_cell(ws, len(profile.provider_outcomes) + 3, 1, profile.vocabulary)
        ws.freeze_panes = "B2"
    return wb


def write_profile_xlsx(profile: Profile, out: Path | io.BytesIO) -> None:
    profile_workbook(profile).save(out)

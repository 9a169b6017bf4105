"""LAIT's data dictionary (``lait_data_dictionary.csv``): what each measure of ``bds_long_*.parquet`` is — topic,
title, polarity, unit, decimal places, year type, whether quartile bands apply. A pure reader: what the
dictionary leaves blank is said (``given`` flags and the problems list), never guessed; LAIT's own defaults
(one decimal place when none is given) are applied and named as LAIT's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from csinspect.sources.official.readers import OfficialDataError

COLUMNS = (
    "Measure_code",
    "Topic",
    "Measure",
    "Chart_title",
    "Measure_short",
    "Polarity",
    "y_axis_name",
    "dps",
    "Year_Type",
    "No_Quartile",
)
POLARITY = {"high": "higher_is_better", "low": "lower_is_better"}
BLANK = {"", "na", "-", "n/a"}


@dataclass(frozen=True)
class LaitMeasure:
    short: str  # "Short Desc" in bds_long: the measure's key
    code: str
    topic: str
    title: str
    chart_title: str | None
    polarity: str  # higher_is_better | lower_is_better | neither
    polarity_given: bool  # False: the dictionary says "-" or NA (LAIT shows no quartile colours then)
    unit_text: str | None  # the y axis name as LAIT prints it
    unit: str  # percent | rate_per_10k | count | score | money | days | other
    decimals: int
    decimals_given: bool  # False: LAIT's default of one decimal place
    year_type: str | None
    quartiles: bool  # False where LAIT shows no quartile band (No_Quartile = "N")
    description: str | None

    @property
    def indicator_id(self) -> str:
        return f"lait:{self.short}"


def unit_of(text: str | None) -> str:
    t = (text or "").lower()
    if "%" in t or "percent" in t or "proportion" in t:
        return "percent"
    if "10,000" in t or "10000" in t:
        return "rate_per_10k"
    if "spend" in t or "£" in t or "cost" in t:
        return "money"
    if "score" in t or "average" in t or "points" in t:
        return "score"
    if "days" in t:
        return "days"
    if t.startswith("number") or "count" in t:
        return "count"
    return "other"


def read_lait_dictionary(path: Path) -> tuple[list[LaitMeasure], list[str]]:
    """The measures, one per ``Measure_short`` (a repeated one keeps its first row), and what was noted."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OfficialDataError(f"{path.name}: cannot read as UTF-8 text: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise OfficialDataError(f"{path.name}: not LAIT's data dictionary: columns {missing} are missing")
    out: dict[str, LaitMeasure] = {}
    notes: list[str] = []
    no_polarity: list[str] = []
    repeated: list[str] = []
    for n, row in enumerate(reader, start=2):
        short = (row["Measure_short"] or "").strip()
        if not short:
            notes.append(f"row {n}: no Measure_short; not used")
            continue
        if short in out:
            repeated.append(short)
            continue
        pol = (row["Polarity"] or "").strip().lower()
        dps = (row["dps"] or "").strip()
        unit_text = (row["y_axis_name"] or "").strip() or None
        if pol not in POLARITY:
            no_polarity.append(short)
        out[short] = LaitMeasure(
            short=short,
            code=(row["Measure_code"] or "").strip(),
            topic=(row["Topic"] or "").strip() or "Other",
            title=(row["Measure"] or "").strip() or short,
            chart_title=(row["Chart_title"] or "").strip() or None,
            polarity=POLARITY.get(pol, "neither"),
            polarity_given=pol in POLARITY,
            unit_text=unit_text,
            unit=unit_of(unit_text),
            decimals=int(dps) if dps.isdigit() else 1,
            decimals_given=dps.isdigit(),
            year_type=(row["Year_Type"] or "").strip() or None,
            quartiles=(row["No_Quartile"] or "").strip().upper() != "N",
            description=(row.get("Description") or "").strip() or None,
        )
    if repeated:
        notes.append(
            f"{len(repeated)} measure(s) listed twice, the first row kept: {', '.join(sorted(set(repeated)))}"
        )
    if no_polarity:
        notes.append(
            f"{len(no_polarity)} measure(s) with no polarity in the dictionary (shown without good/bad "
            f"colouring or quartile band, as LAIT does): {', '.join(no_polarity[:12])}{' …' if len(no_polarity) > 12 else ''}"
        )
    defaulted = sum(1 for m in out.values() if not m.decimals_given)
    if defaulted:
        notes.append(f"{defaulted} measure(s) give no decimal places: one, LAIT's default")
    return list(out.values()), notes

"""Indicators from Annex A (the lists a council prepares for an inspection): contacts and early help
assessments in the six months, and return interviews offered and accepted after children went missing.
Each is one registered function over ``AnnexInputs``, with its hand-made cases beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from csinspect.returns.indicators.registry import Case, indicator
from csinspect.returns.indicators.values import Value, pct

D = date


@dataclass
class AnnexInputs:
    lists: dict[str, pl.DataFrame]  # "list_1" … "list_11", as read
    year: int


def _span(df: pl.DataFrame, col: str) -> str | None:
    if col not in df.columns or not df.height:
        return None
    lo, hi = df[col].min(), df[col].max()
    return f"{lo:%d/%m/%Y}-{hi:%d/%m/%Y}" if isinstance(lo, date) and isinstance(hi, date) else None


def _lists_case() -> AnnexInputs:
    l1 = pl.DataFrame({"date_of_contact": [D(2024, 10, 1), D(2025, 3, 31), D(2024, 12, 1)]})
    l2 = pl.DataFrame({"assessment_start_date": [D(2024, 11, 5)]})
    l8 = pl.DataFrame(
        {
            "missing_episodes_12m": [2, 1, 0, None, 3],
            "rhi_offered": ["Yes", "Yes", "Yes", None, "No"],
            "rhi_accepted": ["Yes", "No", None, None, None],
        }
    )
    return AnnexInputs({"list_1": l1, "list_2": l2, "list_8": l8}, 2025)


@indicator("returns_aa_contacts", "annex", (Case("contacts listed", _lists_case, 3, 3, None),))
def contacts(inp: AnnexInputs) -> Value | None:
    l1 = inp.lists.get("list_1")
    if l1 is None:
        return None
    return Value("returns_aa_contacts", inp.year, l1.height, l1.height, note=_span(l1, "date_of_contact"))


@indicator(
    "returns_aa_early_help", "annex", (Case("early help assessments listed", _lists_case, 1, 1, None),)
)
def early_help(inp: AnnexInputs) -> Value | None:
    l2 = inp.lists.get("list_2")
    if l2 is None:
        return None
    return Value(
        "returns_aa_early_help", inp.year, l2.height, l2.height, note=_span(l2, "assessment_start_date")
    )


def _went_missing(inp: AnnexInputs) -> pl.DataFrame | None:
    l8 = inp.lists.get("list_8")
    if l8 is None or "missing_episodes_12m" not in l8.columns:
        return None
    return l8.filter(pl.col("missing_episodes_12m").fill_null(0) > 0)


@indicator(
    "returns_aa_rhi_offered_pct",
    "annex",
    (Case("of children missing in the last 12 months", _lists_case, 66.7, 2, 3),),
)
def rhi_offered(inp: AnnexInputs) -> Value | None:
    went = _went_missing(inp)
    if went is None:
        return None
    offered = went.filter(pl.col("rhi_offered") == "Yes").height if "rhi_offered" in went.columns else 0
    return Value("returns_aa_rhi_offered_pct", inp.year, pct(offered, went.height), offered, went.height)


@indicator("returns_aa_rhi_accepted_pct", "annex", (Case("of those offered", _lists_case, 50.0, 1, 2),))
def rhi_accepted(inp: AnnexInputs) -> Value | None:
    went = _went_missing(inp)
    if went is None:
        return None
    offered = went.filter(pl.col("rhi_offered") == "Yes").height if "rhi_offered" in went.columns else 0
    accepted = (
        went.filter((pl.col("rhi_offered") == "Yes") & (pl.col("rhi_accepted") == "Yes")).height
        if "rhi_accepted" in went.columns
        else 0
    )
    return Value("returns_aa_rhi_accepted_pct", inp.year, pct(accepted, offered), accepted, offered)

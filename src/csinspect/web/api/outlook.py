"""``/api/v1/authorities/{la_code}/outlook`` (what the evidence says about the next judgements) and
``/api/v1/outlook/backtest`` (how often such proposals matched Ofsted). Proposals, never grades."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from csinspect.web.api.paging import one
from csinspect.web.deps import Db
from csinspect.web.lookups import authority_or_404

router = APIRouter()


class JudgementOutlookOut(BaseModel):
    judgement: str = Field(examples=["help_and_protection"])
    probabilities: dict[str, float] = Field(
        description="each grade's probability, best grade first",
        examples=[{"Outstanding": 0.08, "Good": 0.47, "Requires improvement": 0.38, "Inadequate": 0.07}],
    )
    most_likely: str = Field(examples=["Good"])
    method: str = Field(description="model, or transition (the previous grade's frequencies) where the model "
                        "did not beat the previous grade on the held-back years", examples=["model"])  # fmt: skip
    method_title: str
    evidence: list[str] = Field(description="the evidence that moved the probabilities most, in words")
    lacked: list[str] = Field(description="what the evidence lacked (the probabilities were widened)")
    backtest: str = Field(
        examples=["such proposals matched Ofsted's grade 51% of the time, within one grade 98%"]
    )
    exact: float | None = None
    within_one: float | None = None


class OutlookOut(BaseModel):
    """A PROPOSAL: what the evidence suggests about each judgement; grades are the assessor's to record."""

    la_code: str
    name: str
    on: date
    framework_id: str
    judgements: list[JudgementOutlookOut]
    notes: list[str]


class BacktestRowOut(BaseModel):
    judgement: str
    method: str
    title: str
    proposed: str = Field(description="'yes' for the method proposals use for this judgement")
    test_n: int
    exact: str
    within_one: str
    kappa: str
    brier: str
    calibration_error: str
    all_folds_n: int
    all_folds_exact: str
    all_folds_brier: str


class BacktestOut(BaseModel):
    """Time-split backtests: fitted on ILACS inspections that began before 1 April 2024, tested on those after
    (``exact`` … ``calibration_error``), and over every fold (``all_folds_*``)."""

    inspections: int
    rows: list[BacktestRowOut]


@router.get("/authorities/{la_code}/outlook", response_model=OutlookOut)
def authority_outlook(
    request: Request,
    la_code: str,
    db: Db,
    on: Annotated[date | None, Query(description="the inspection's first day (default: today)")] = None,
    framework: Annotated[
        str | None,
        Query(max_length=20, description="ilacs_2018, ilacs_2023 or ilacs_2026 (default: in force on `on`)"),
    ] = None,
) -> Response:
    """Each judgement's grade probabilities at an inspection beginning ``on``, from what was known before it."""
    from csinspect.analysis.next_judgement.outlook import OutlookError, outlook

    authority_or_404(db, la_code)
    try:
        o = outlook(db, la_code, on or date.today(), framework)
    except OutlookError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return one(request, OutlookOut.model_validate(o.as_dict()))


@router.get("/outlook/backtest", response_model=BacktestOut)
def outlook_backtest(request: Request, db: Db) -> Response:
    """The backtest table ``csinspect assess backtest`` prints."""
    from csinspect.analysis.next_judgement.backtest import table_rows
    from csinspect.analysis.next_judgement.outlook import engine

    e = engine(db)
    rows = [BacktestRowOut.model_validate(r) for r in table_rows(e.backtest)]
    return one(request, BacktestOut(inspections=len({c.inspection_id for c in e.cases}), rows=rows))

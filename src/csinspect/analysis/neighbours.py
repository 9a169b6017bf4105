"""Statistical neighbours: the DfE model in force at a date and an authority's neighbours with closeness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.history import HistoryRow, latest_judgements
from csinspect.frameworks.facts import headline_of
from csinspect.store.models import Authority, StatNeighbour, StatNeighbourModel


@dataclass(frozen=True)
class Neighbour:
    rank: int
    la_code: str
    name: str
    closeness: str | None


def model_in_force(session: Session, on: date | None = None) -> StatNeighbourModel | None:
    """The newest model in force on ``on`` (default today); before the first model, the first one."""
    on = on or date.today()
    models = session.scalars(select(StatNeighbourModel).order_by(StatNeighbourModel.in_force_from)).all()
    if not models:
        return None
    in_force = [m for m in models if m.in_force_from <= on]
    return in_force[-1] if in_force else models[0]


def neighbours_of(
    session: Session, la_code: str, on: date | None = None, model_id: str | None = None
) -> tuple[StatNeighbourModel | None, list[Neighbour]]:
    """The model used and ``la_code``'s neighbours in rank order (empty when the model does not list it)."""
    model = session.get(StatNeighbourModel, model_id) if model_id else model_in_force(session, on)
    if model is None:
        return None, []
    rows = session.scalars(
        select(StatNeighbour)
        .where(StatNeighbour.model_id == model.id, StatNeighbour.la_code == la_code)
        .order_by(StatNeighbour.rank)
    ).all()
    names = {a.la_code: a.name for a in session.scalars(select(Authority))}
    return model, [
        Neighbour(
            r.rank, r.neighbour_la_code, names.get(r.neighbour_la_code, r.neighbour_la_code), r.closeness
        )
        for r in rows
    ]


@dataclass
class NeighbourRow:
    """A statistical neighbour with its latest graded inspection (``latest``: its headline judgement)."""

    rank: int
    la_code: str
    name: str
    closeness: str | None
    latest: HistoryRow | None
    latest_rows: list[HistoryRow]


def latest_headline(rows: list[HistoryRow]) -> HistoryRow | None:
    """The headline judgement of one inspection's history rows (None when its framework has none)."""
    return headline_of(rows[0].framework_id, rows) if rows else None


def neighbour_rows(
    session: Session, la_code: str, on: date | None = None, model_id: str | None = None
) -> tuple[StatNeighbourModel | None, list[NeighbourRow]]:
    """The model used and ``la_code``'s neighbours with their latest graded inspections."""
    model, nbs = neighbours_of(session, la_code, on=on, model_id=model_id)
    latest = latest_judgements(session, [n.la_code for n in nbs])
    return model, [
        NeighbourRow(
            rank=n.rank,
            la_code=n.la_code,
            name=n.name,
            closeness=n.closeness,
            latest=latest_headline(latest.get(n.la_code, [])),
            latest_rows=latest.get(n.la_code, []),
        )
        for n in nbs
    ]

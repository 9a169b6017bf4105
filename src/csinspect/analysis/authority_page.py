"""Everything the authority page shows about one authority, read in one place (the page, the API and the CLI
read the same facts): identity and successions, the judgement history with predecessors, each inspection
once (newest first, every source shown), and the statistical neighbours with their latest grades."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from csinspect.analysis.authorities import authority_names, get_authority, successions
from csinspect.analysis.history import HistoryRow, authority_history, predecessors
from csinspect.analysis.inspections import InspectionGroup, inspection_groups
from csinspect.analysis.neighbours import NeighbourRow, neighbour_rows
from csinspect.store.models import Authority, AuthoritySuccession, StatNeighbourModel


@dataclass
class AuthorityPage:
    authority: Authority
    history: list[HistoryRow]
    inspections: list[InspectionGroup]  # each inspection once, newest first (predecessors' included)
    predecessors: list[AuthoritySuccession]
    successors: list[AuthoritySuccession]
    model: StatNeighbourModel | None
    neighbours: list[NeighbourRow]
    names: dict[str, str] = field(default_factory=dict)  # LA code -> name for every authority mentioned


def lineage(session: Session, la_code: str) -> list[str]:
    """The authority and every predecessor (transitively)."""
    return [la_code, *(code for code, _ in predecessors(session, la_code))]


def authority_page(session: Session, la_code: str, on: date | None = None) -> AuthorityPage | None:
    """The page's facts, or None when there is no such authority."""
    a = get_authority(session, la_code)
    if a is None:
        return None
    preds, succs = successions(session, la_code)
    groups = inspection_groups(session, lineage(session, la_code), recommendations=True)
    model, sns = neighbour_rows(session, la_code, on)
    names = authority_names(
        session,
        [s.predecessor for s in preds]
        + [s.successor for s in succs]
        + [g.la_code for g in groups if g.la_code],
    )
    return AuthorityPage(
        authority=a,
        history=authority_history(session, la_code, include_predecessors=True),
        inspections=groups,
        predecessors=preds,
        successors=succs,
        model=model,
        neighbours=sns,
        names=names,
    )

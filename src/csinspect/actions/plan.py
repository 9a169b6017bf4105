"""Action plans: recommendations become actions (owner, lead member, due date from the framework's
recommendation category, status, RAG with its rule); progress updates carry evidence.

Every change records an audit event (entity ``action``) in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.actions.due import Duration, DurationError, due_date, parse_duration
from csinspect.actions.rag import RAGS, STATUSES, Rag, rate
from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.schema import Framework, RecommendationCategory
from csinspect.store.assessment_models import Action, ActionUpdate
from csinspect.store.audit import record_audit
from csinspect.store.base import utcnow
from csinspect.store.models import Inspection, Recommendation

# When a report prints no timescale (SIF "Recommendations", ILACS "What needs to improve"), the
# plan proposes this one so every action has a date; the due rule says so, and it can be changed.
DEFAULT_DUE = "P6M"


class ActionError(ValueError):
    """Bad input to the action plan; nothing was changed."""


@dataclass(frozen=True)
class PlannedDue:
    due: date | None
    rule: str


def _framework(framework_id: str) -> Framework | None:
    try:
        return get_framework(framework_id)
    except FrameworkError:
        return None


def find_category(fw: Framework | None, category: str | None) -> RecommendationCategory | None:
    if fw is None or not category:
        return None
    from csinspect.frameworks.schema import normalise_label

    key = normalise_label(category)
    for c in fw.recommendation_categories:
        if c.id == category or key in {normalise_label(x) for x in (c.label, *c.variants)}:
            return c
    return None


def plan_due(
    insp: Inspection, due: str | None, category_label: str, due_from: str = "publication"
) -> PlannedDue:
    """The due date for a duration counted from the inspection's publication (or end of fieldwork)."""
    if not due:
        return PlannedDue(None, f"{category_label}: no timescale printed; set a due date")
    try:
        d: Duration = parse_duration(due)
    except DurationError as exc:
        return PlannedDue(None, f"{category_label}: {exc}")
    start = insp.inspection_end if due_from == "inspection_end" else insp.published
    start_name = "end of fieldwork" if due_from == "inspection_end" else "publication"
    if due_from == "letter_received":
        start_name = "publication (the date the letter was received is taken as publication)"
    if start is None:
        return PlannedDue(None, f"{category_label}: {due} but the {start_name} date is unknown")
    return PlannedDue(
        due_date(start, d), f"{category_label}: {d.describe()} ({due}) from {start_name} {start.isoformat()}"
    )


def _action_dict(a: Action) -> dict[str, Any]:
    return {
        "description": a.description,
        "owner": a.owner,
        "lead_member": a.lead_member,
        "due_date": a.due_date.isoformat() if a.due_date else None,
        "status": a.status,
        "rag": a.rag,
        "rag_rule": a.rag_rule,
    }


def _audit(session: Session, a: Action, actor: str, action: str, **kw: Any) -> None:
    session.flush()
    record_audit(
        session, actor=actor, action=action, entity="action", entity_id=a.id, la_code=a.la_code, **kw
    )


def last_update_day(a: Action) -> date | None:
    return max((u.at.date() for u in a.updates), default=None)


def current_rag(a: Action, today: date | None = None) -> Rag:
    """The RAG the rules give today (a RAG set by hand stands until the status changes)."""
    if a.rag_manual:
        return Rag(a.rag, a.rag_rule)
    created = a.created_at.date() if a.created_at else None
    return rate(a.status, a.due_date, today or date.today(), last_update_day(a) or created)


def apply_rag_rule(a: Action, today: date | None = None) -> None:
    r = current_rag(a, today)
    a.rag, a.rag_rule = r.rating, r.rule


def _new_action(
    insp: Inspection,
    rec: Recommendation,
    seq: int,
    description: str,
    planned: PlannedDue,
    owner: str | None,
    lead_member: str | None,
) -> Action:
    if insp.la_code is None:
        raise ActionError(f"inspection {insp.id} has no authority code; resolve it before planning actions")
    a = Action(
        la_code=insp.la_code,
        inspection_id=insp.id,
        recommendation_id=rec.id,
        recommendation_seq=rec.seq,
        recommendation_text=rec.text,
        category=rec.category,
        seq=seq,
        description=description,
        owner=owner,
        lead_member=lead_member,
        due_date=planned.due,
        due_rule=planned.rule,
        status="not_started",
        rag_manual=False,
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    return a


def actions_from_inspection(
    session: Session,
    inspection_id: int,
    actor: str,
    *,
    owner: str | None = None,
    lead_member: str | None = None,
    default_due: str | None = DEFAULT_DUE,
    today: date | None = None,
) -> list[Action]:
    """One action per recommendation (one per milestone for categories with milestones, e.g. ILACS
    areas for priority action: draft plan in 20 working days, final plan in 70). Recommendations that
    already have actions are left alone, so re-running adds nothing. Recommendations printed without
    a timescale get ``default_due`` (None: no date), and the due rule says it was a default."""
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise ActionError(f"no inspection with id {inspection_id}")
    if not insp.recommendations:
        raise ActionError(f"inspection {inspection_id} has no recommendations to plan")
    fw = _framework(insp.framework_id)
    planned_ids = set(
        session.scalars(select(Action.recommendation_id).where(Action.inspection_id == inspection_id))
    )
    created: list[Action] = []
    for rec in insp.recommendations:
        if rec.id in planned_ids:
            continue
        cat = find_category(fw, rec.category)
        label = cat.label if cat else (rec.category or "Recommendation")
        if cat is not None and cat.milestones:
            for i, m in enumerate(cat.milestones, start=1):
                planned = plan_due(insp, m.due, f"{label} – {m.label}", cat.due_from)
                created.append(
                    _new_action(insp, rec, i, f"{m.label}: {rec.text}", planned, owner, lead_member)
                )
        else:
            planned = plan_due(insp, cat.due if cat else None, label, cat.due_from if cat else "publication")
            if planned.due is None and default_due:
                fallback = plan_due(insp, default_due, label)
                if fallback.due is not None:
                    planned = PlannedDue(
                        fallback.due,
                        f"{label}: no timescale printed; plan default {default_due} from publication "
                        f"{insp.published} (change it if the council agrees another date)",
                    )
            created.append(_new_action(insp, rec, 1, rec.text, planned, owner, lead_member))
    for a in created:
        apply_rag_rule(a, today)
        session.add(a)
        _audit(
            session,
            a,
            actor,
            "action.create",
            after=_action_dict(a),
            reason=f"from recommendation {a.recommendation_id}",
        )
    return created


def add_action(
    session: Session,
    recommendation_id: int,
    actor: str,
    *,
    description: str,
    owner: str | None = None,
    lead_member: str | None = None,
    due: date | None = None,
    today: date | None = None,
) -> Action:
    rec = session.get(Recommendation, recommendation_id)
    if rec is None:
        raise ActionError(f"no recommendation with id {recommendation_id}; nothing was added")
    if not description.strip():
        raise ActionError("an action needs a description")
    insp = rec.inspection
    seq = 1 + max(
        session.scalars(select(Action.seq).where(Action.recommendation_id == recommendation_id)).all(),
        default=0,
    )
    planned = (
        PlannedDue(due, "set by hand")
        if due
        else plan_due(
            insp,
            (c.due if (c := find_category(_framework(insp.framework_id), rec.category)) else None),
            rec.category or "Recommendation",
        )
    )
    a = _new_action(insp, rec, seq, description.strip(), planned, owner, lead_member)
    apply_rag_rule(a, today)
    session.add(a)
    _audit(
        session, a, actor, "action.create", after=_action_dict(a), reason=f"added to recommendation {rec.id}"
    )
    return a


def get_action(session: Session, action_id: int) -> Action:
    a = session.get(Action, action_id)
    if a is None:
        raise ActionError(f"no action with id {action_id}")
    return a


def update_action(
    session: Session,
    action_id: int,
    actor: str,
    *,
    description: str | None = None,
    owner: str | None = None,
    lead_member: str | None = None,
    due: date | None = None,
    status: str | None = None,
    rag: str | None = None,
    note: str | None = None,
    evidence: str | None = None,
    reason: str | None = None,
    today: date | None = None,
) -> Action:
    a = get_action(session, action_id)
    if status is not None and status not in STATUSES:
        raise ActionError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    if rag is not None and rag not in RAGS:
        raise ActionError(f"unknown RAG {rag!r}; use one of {', '.join(RAGS)}")
    if rag is not None and not (reason or note):
        raise ActionError("setting the RAG by hand needs a reason (--reason)")
    if evidence and not note:
        raise ActionError("evidence belongs to a progress update: give --note too")
    before = _action_dict(a)
    if description is not None:
        if not description.strip():
            raise ActionError("an action needs a description")
        a.description = description.strip()
    if owner is not None:
        a.owner = owner or None
    if lead_member is not None:
        a.lead_member = lead_member or None
    if due is not None:
        a.due_date = due
        a.due_rule = f"set by {actor}"
    if status is not None and status != a.status:
        a.status = status
        a.rag_manual = False  # a new status lets the rule rate it again
    if note:
        a.updates.append(
            ActionUpdate(by=actor, note=note.strip(), evidence=evidence, status=a.status, at=utcnow())
        )
    if rag is not None:
        a.rag, a.rag_manual = rag, True
        a.rag_rule = f"manual: set by {actor}: {reason or note}"
    apply_rag_rule(a, today)
    after = _action_dict(a)
    if after == before and not note:
        return a
    a.updated_at = utcnow()
    _audit(
        session,
        a,
        actor,
        "action.update",
        before=before,
        after={**after, **({"note": note, "evidence": evidence} if note else {})},
        reason=reason,
    )
    return a


VIEWS = ("all", "overdue", "at_risk")


def list_actions(
    session: Session, la_code: str, *, view: str = "all", today: date | None = None
) -> list[tuple[Action, Rag]]:
    """Actions with the RAG the rules give ``today`` (nothing is written): ``all``, ``overdue``
    (past due, not complete) or ``at_risk`` (not overdue, rated red or amber)."""
    if view not in VIEWS:
        raise ActionError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    day = today or date.today()
    actions = session.scalars(
        select(Action)
        .options(selectinload(Action.updates))
        .where(Action.la_code == la_code)
        .order_by(Action.inspection_id, Action.recommendation_seq, Action.seq, Action.id)
    )
    rated = [(a, current_rag(a, day)) for a in actions]
    done = ("complete", "cancelled")
    if view == "overdue":
        return [
            (a, r) for a, r in rated if a.status not in done and a.due_date is not None and a.due_date < day
        ]
    if view == "at_risk":
        return [
            (a, r)
            for a, r in rated
            if a.status not in done
            and not (a.due_date is not None and a.due_date < day)
            and r.rating in ("red", "amber")
        ]
    return rated


def refresh_rag(session: Session, la_code: str, actor: str, today: date | None = None) -> list[Action]:
    """Store today's rule-based RAG on every action of the authority whose rating changed (audited)."""
    changed = []
    for a, r in list_actions(session, la_code, today=today):
        if (a.rag, a.rag_rule) != (r.rating, r.rule):
            before = _action_dict(a)
            a.rag, a.rag_rule = r.rating, r.rule
            _audit(session, a, actor, "action.rag", before=before, after=_action_dict(a), reason=r.rule)
            changed.append(a)
    return changed


def planned_authorities(session: Session) -> list[str]:
    """LA codes of every authority with an action plan."""
    return [str(c) for c in session.scalars(select(Action.la_code).distinct())]


def actions_page(
    session: Session, la_code: str, offset: int = 0, limit: int = 200
) -> tuple[int, list[Action]]:
    """(total, one page) of an authority's actions in plan order."""
    from csinspect.analysis.paging import count_and_page

    stmt = (
        select(Action)
        .where(Action.la_code == la_code)
        .order_by(Action.inspection_id, Action.recommendation_seq, Action.seq, Action.id)
    )
    return count_and_page(session, stmt, offset, limit)

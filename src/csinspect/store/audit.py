"""The append-only audit trail: who changed what, when, from what, to what, and why.

Every write made through the CLI, the web app or the API records an event here. Rows are never
updated or deleted (the store refuses it at the ORM level).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from csinspect.store.base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))  # user name, or "cli:<os user>"
    action: Mapped[str] = mapped_column(String(80))  # e.g. "assessment.grade", "action.update", "user.add"
    entity: Mapped[str] = mapped_column(String(80), index=True)  # table / kind of thing changed
    entity_id: Mapped[str] = mapped_column(String(80), index=True)
    la_code: Mapped[str | None] = mapped_column(String(3), index=True)  # for scoping council users
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(*_args: Any) -> None:
    raise AuditTrailIsAppendOnly("audit events cannot be changed or deleted")


def record_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
    la_code: str | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (it commits or rolls back with the change)."""
    ev = AuditEvent(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id)[:80],  # the column's width (a file name can be longer)
        before=before,
        after=after,
        reason=reason,
        la_code=la_code,
    )
    session.add(ev)
    return ev


def cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli:unknown"


def events_of(session: Session, entity: str, entity_id: str | int) -> list[AuditEvent]:
    """Every audit event of one record, oldest first."""
    from sqlalchemy import select

    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
            .order_by(AuditEvent.id)
        )
    )

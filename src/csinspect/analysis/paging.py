"""The read layer's one paging helper: a total count and one page of a query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def count_and_page(
    session: Session, stmt: Any, offset: int, limit: int, *, rows: bool = False
) -> tuple[int, list[Any]]:
    """The total count of ``stmt`` and one page of it: its first entity, or whole rows when ``rows``."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    paged = stmt.limit(limit).offset(offset)
    return int(total), list(session.execute(paged).all() if rows else session.scalars(paged).all())

"""The schema initialises on SQLite and PostgreSQL, and a transaction that fails leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from csinspect.store.db import init_db, session_scope
from csinspect.store.models import Authority


def test_init_is_idempotent_and_transactions_roll_back(db_url: str) -> None:
    init_db(db_url)  # second run: no error, no change
    with session_scope(db_url) as s:
        s.add(Authority(la_code="821", name="Luton"))
    with pytest.raises(RuntimeError), session_scope(db_url) as s:
        s.add(Authority(la_code="855", name="Leicestershire"))
        s.flush()
        raise RuntimeError("boom")
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Authority)) == 1

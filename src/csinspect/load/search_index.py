"""Keeps the search index of the reports' text up to date: on SQLite the FTS5 table ``page_fts`` is filled in one
statement after an ingest run (tokenising page by page inside each document's transaction cost about a fifth of
the ingest time); after pages were deleted (a report re-read by a newer parser) it is rebuilt. On PostgreSQL the
GIN index follows each insert and there is nothing to do."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def index_report_pages(session: Session) -> int:
    """Index the pages stored since the last run (or rebuild after deletions); returns the pages indexed."""
    if session.get_bind().dialect.name != "sqlite":
        return 0
    # the no-op update takes the write lock first, so two runs cannot index the same pages twice
    session.execute(text("UPDATE page_fts_state SET upto = upto WHERE id = 1"))
    upto, dirty = session.execute(text("SELECT upto, dirty FROM page_fts_state WHERE id = 1")).one()
    if dirty:
        session.execute(text("INSERT INTO page_fts(page_fts) VALUES ('rebuild')"))
        count = session.execute(text("SELECT count(*) FROM report_page")).scalar_one()
    else:
        count = session.execute(
            text("SELECT count(*) FROM report_page WHERE id > :upto"), {"upto": upto}
        ).scalar_one()
        session.execute(
            text("INSERT INTO page_fts(rowid, text) SELECT id, text FROM report_page WHERE id > :upto"),
            {"upto": upto},
        )
    session.execute(
        text(
            "UPDATE page_fts_state SET upto = (SELECT coalesce(max(id), 0) FROM report_page), dirty = 0 WHERE id = 1"
        )
    )
    session.commit()
    return int(count or 0)

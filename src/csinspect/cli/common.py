"""Options and helpers that several command modules share: the database option, opening the store, finding
an authority, dates. Commands that only read never migrate the database (``require_current``); commands that
write create or upgrade it (``ensure_db``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import typer
from sqlalchemy.orm import Session

from csinspect.cli.output import Format, fail
from csinspect.settings import Settings, get_settings

DB_OPTION = typer.Option(None, "--database-url", help="SQLAlchemy URL (default: CSINSPECT_DATABASE_URL).")
FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")


def settings(database_url: str | None = None) -> Settings:
    return get_settings(database_url)


def store_url(database_url: str | None, *, write: bool) -> str:
    """The database URL, made ready for writing (created or upgraded) or checked for reading."""
    from csinspect.store.db import StoreNotReady, ensure_db, require_current

    url = settings(database_url).db_url
    try:
        return ensure_db(url) if write else require_current(url)
    except StoreNotReady as exc:
        raise fail(str(exc)) from None


@contextmanager
def open_store(database_url: str | None, *, write: bool = False) -> Iterator[Session]:
    """A session on the configured database, in one transaction (committed when the command succeeds)."""
    from csinspect.store.db import session_scope

    with session_scope(store_url(database_url, write=write)) as session:
        yield session


def resolve_authority(session: Session, text: str) -> tuple[str, str]:
    """(LA number, name) of an authority given by number, GSS code or name; a clear error otherwise."""
    from csinspect.authorities.resolve import AuthorityIndex

    index = AuthorityIndex.from_session(session)
    if len(index) == 0:
        raise fail("no authorities loaded; run `csinspect data load DIR` first")
    try:
        hit = index.resolve(text)
    except LookupError as exc:
        raise fail(str(exc)) from None
    return hit.la_code, hit.name


def parse_date(text: str | None, option: str) -> date | None:
    """An ISO date given on the command line, or a clear error naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None

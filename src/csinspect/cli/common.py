"""Options and helpers that several command modules share."""

from __future__ import annotations

from datetime import date

import typer

from csinspect.cli.output import Format, fail

DB_OPTION = typer.Option(None, "--database-url", envvar="CSINSPECT_DATABASE_URL", help="SQLAlchemy URL.")
FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")


def resolve_authority(text: str, url: str) -> tuple[str, str]:
    """(LA number, name) of an authority given by number, GSS code or name; a clear error otherwise."""
    from csinspect.authorities.resolve import AuthorityIndex

    index = AuthorityIndex.from_url(url)
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

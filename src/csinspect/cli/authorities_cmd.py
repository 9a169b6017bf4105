"""``csinspect authorities search TEXT`` and ``csinspect authorities show CODE``."""

from __future__ import annotations

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, parse_date
from csinspect.cli.output import Format, emit, fail

auth = typer.Typer(help="Children's services authorities: search and show.", no_args_is_help=True)


@auth.command("search")
def search(
    text: str = typer.Argument(..., help="A name (any printed form), LA number or GSS code."),
    limit: int = typer.Option(10, "--limit", "-n"),
    on: str | None = typer.Option(None, "--on", help="Prefer authorities valid on this date (YYYY-MM-DD)."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Authorities whose code or name matches TEXT, best first."""
    from csinspect.authorities.resolve import AuthorityIndex

    with open_store(database_url) as s:
        index = AuthorityIndex.from_session(s)
    if len(index) == 0:
        raise fail("no authorities loaded; run `csinspect data load DIR` first")
    hits = index.search(text, limit=limit, on=parse_date(on, "--on"))
    if not hits:
        raise fail(f"nothing matches {text!r}")
    emit([h.__dict__ for h in hits], fmt, title=f"Authorities matching {text!r}")


@auth.command("show")
def show(
    code: str = typer.Argument(..., help="LA number, GSS code or name."),
    on: str | None = typer.Option(None, "--on", help="The authority valid on this date (YYYY-MM-DD)."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """One authority: codes with their validity, names with their sources, successions."""
    from csinspect.analysis.authorities import authority_detail_rows
    from csinspect.authorities.resolve import AuthorityIndex

    with open_store(database_url) as s:
        index = AuthorityIndex.from_session(s)
        if len(index) == 0:
            raise fail("no authorities loaded; run `csinspect data load DIR` first")
        try:
            hit = index.resolve(code, parse_date(on, "--on"))
        except LookupError as exc:
            raise fail(str(exc)) from None
        rows = authority_detail_rows(s, hit.la_code, matched=f"{hit.method}: {hit.matched}")
    emit(rows, fmt, title=f"{hit.la_code} {hit.name}", columns=["field", "value", "source"])

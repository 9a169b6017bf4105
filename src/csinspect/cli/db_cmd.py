"""``csinspect db init``: create or upgrade the database schema."""

from __future__ import annotations

import typer

from csinspect.cli.common import DB_OPTION, settings

app = typer.Typer(help="Create or upgrade the database.", no_args_is_help=True)


@app.command("init")
def init(database_url: str | None = DB_OPTION) -> None:
    """Create the schema, or upgrade it to the newest migration."""
    from csinspect.store.db import init_db

    url = init_db(settings(database_url).db_url)
    typer.echo(f"database ready: {url}")

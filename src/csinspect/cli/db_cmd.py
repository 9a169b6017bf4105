"""``csinspect db``: create or upgrade the database schema."""

from __future__ import annotations

import typer

from csinspect.store.db import init_db


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="Create or upgrade the database.", no_args_is_help=True)

    @db.command("init")
    def init(
        database_url: str | None = typer.Option(
            None,
            "--database-url",
            envvar="CSINSPECT_DATABASE_URL",
            help="SQLAlchemy URL (default: SQLite in the data directory).",
        ),
    ) -> None:
        """Create the schema, or upgrade it to the newest migration."""
        url = init_db(database_url)
        typer.echo(f"database ready: {url}")

    app.add_typer(db, name="db")

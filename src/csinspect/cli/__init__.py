"""The ``csinspect`` command line. Each capability's commands are top-level functions in their own module;
this module puts them together with plain imports."""

from __future__ import annotations

import typer

from csinspect import __version__
from csinspect.cli import (
    actions_cmd,
    assess_cmd,
    authorities_cmd,
    data_cmd,
    db_cmd,
    export_cmd,
    frameworks_cmd,
    history_cmd,
    ingest_cmd,
    profile_cmd,
    report_cmd,
    returns_cmd,
    sync_cmd,
    web_cmd,
)

app = typer.Typer(
    name="csinspect",
    help="Inspection and assessment of local-authority children's services in England.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csinspect {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Inspection and assessment of local-authority children's services in England."""


app.add_typer(db_cmd.app, name="db")
app.add_typer(frameworks_cmd.frameworks, name="frameworks")
app.add_typer(authorities_cmd.auth, name="authorities")
app.add_typer(data_cmd.app, name="data")
app.add_typer(sync_cmd.sync, name="sync")
app.add_typer(sync_cmd.news_app)  # news
app.add_typer(history_cmd.app)  # history, neighbours, national
app.add_typer(assess_cmd.assess, name="assess")
app.add_typer(actions_cmd.actions, name="actions")
app.add_typer(report_cmd.app)  # render, council-report
app.add_typer(profile_cmd.app)  # profile, compare
app.add_typer(profile_cmd.indicators, name="indicators")
app.add_typer(export_cmd.export, name="export")
app.add_typer(web_cmd.app)  # serve
app.add_typer(web_cmd.users, name="users")
app.add_typer(returns_cmd.returns, name="returns")
app.add_typer(returns_cmd.app)  # synth
app.add_typer(ingest_cmd.app)  # ingest, show-inspection


def main() -> None:
    app()

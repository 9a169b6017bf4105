"""The ``csinspect`` command line. Each capability lives in its own module with a ``register(app)``."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="csinspect",
    help="Inspection and assessment of local-authority children's services in England.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

# Modules under csinspect.cli, each adding its commands to the app.
COMMAND_MODULES = (
    "db_cmd",
    "frameworks_cmd",
    "authorities_cmd",
    "data_cmd",
    "history_cmd",
    "assess_cmd",
    "actions_cmd",
    "report_cmd",
    "profile_cmd",
    "web_cmd",
    "returns_cmd",
    "ingest_cmd",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"csinspect.cli.{_name}").register(app)


def main() -> None:
    app()

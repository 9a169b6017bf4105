"""``csinspect serve`` (the web app and API) and ``csinspect users`` (web accounts; no default password)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, store_url
from csinspect.cli.output import Format, emit, fail

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer()
users = typer.Typer(help="Web accounts (admin, inspector, council).", no_args_is_help=True)


def _read_password(confirm: bool = True) -> str:
    """From the terminal (hidden, asked twice) or, when piped, the first line of stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=confirm))


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    database_url: str | None = DB_OPTION,
    warm: bool = typer.Option(
        False, "--warm", help="Compute every authority's performance profile in the background at start."
    ),
    insecure_cookies: bool = typer.Option(
        False,
        "--insecure-cookies",
        help="Send the session cookie over plain HTTP to a non-local address (only behind a trusted proxy).",
    ),
    sync_every: str | None = typer.Option(
        None, "--sync-every", help="Run `sync reports` and `sync data` now and every INTERVAL (24h, 12h, 1d)."
    ),
) -> None:
    """Serve the web application and the HTTP API (uvicorn)."""
    import uvicorn

    from csinspect.sync.schedule import parse_interval
    from csinspect.web.app import create_app

    try:
        interval = parse_interval(sync_every) if sync_every else None
    except ValueError as exc:
        raise fail(f"--sync-every: {exc}") from None
    url = store_url(database_url, write=True)
    web = create_app(url, secure_cookies=False if insecure_cookies else None, warm=warm, sync_every=interval)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"csinspect is serving on http://{shown}:{port}/  (API: http://{shown}:{port}/api/docs)")
    uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)


@users.command("add")
def add(
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Option(..., "--role", help="admin, inspector or council."),
    la: str | None = typer.Option(None, "--la", help="LA code (council users only)."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Add a user; the password is read from a hidden prompt, or from stdin when piped."""
    from csinspect.store.audit import cli_actor
    from csinspect.web.accounts import AccountError, create_user

    password = _read_password()
    try:
        with open_store(database_url, write=True) as session:
            user = create_user(
                session, username=name, password=password, role=role, la_code=la, actor=cli_actor()
            )
            uid = user.id
    except AccountError as exc:
        raise fail(f"{exc.field}: {exc.message}") from None
    typer.echo(f"user {name} added (id {uid}, role {role}{', authority ' + la if la else ''})")


@users.command("list")
def list_users(
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """List users (never their password hashes)."""
    from csinspect.analysis.users import all_users

    with open_store(database_url) as session:
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "la_code": u.la_code,
                "active": u.active,
                "created_at": u.created_at,
                "last_sign_in": u.last_sign_in,
            }
            for u in all_users(session)
        ]
    emit(rows, fmt, title="Users")


def _account_change(database_url: str | None, change: Callable[[Session, str], object]) -> None:
    from csinspect.store.audit import cli_actor
    from csinspect.web.accounts import AccountError

    try:
        with open_store(database_url, write=True) as session:
            change(session, cli_actor())
    except AccountError as exc:
        raise fail(f"{exc.field}: {exc.message}") from None


@users.command("disable")
def disable(name: str = typer.Argument(..., help="User name."), database_url: str | None = DB_OPTION) -> None:
    """Disable an account: it cannot sign in, and its open sessions end at once."""
    from csinspect.web.accounts import set_active

    _account_change(database_url, lambda s, actor: set_active(s, name, False, actor=actor))
    typer.echo(f"user {name} disabled; their sessions have ended")


@users.command("enable")
def enable(name: str = typer.Argument(..., help="User name."), database_url: str | None = DB_OPTION) -> None:
    """Enable a disabled account again."""
    from csinspect.web.accounts import set_active

    _account_change(database_url, lambda s, actor: set_active(s, name, True, actor=actor))
    typer.echo(f"user {name} enabled")


@users.command("reset-password")
def reset(name: str = typer.Argument(..., help="User name."), database_url: str | None = DB_OPTION) -> None:
    """Set a new password (hidden prompt, or stdin when piped); the user's open sessions end."""
    from csinspect.web.accounts import reset_password

    password = _read_password()
    _account_change(database_url, lambda s, actor: reset_password(s, name, password, actor=actor))
    typer.echo(f"user {name}: password reset; their sessions have ended")

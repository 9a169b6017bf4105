"""``csinspect authorities search TEXT`` and ``csinspect authorities show CODE``."""

from __future__ import annotations

from datetime import date

import typer

from csinspect.authorities.resolve import AuthorityIndex
from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, parse_date
from csinspect.cli.output import Format, emit, fail


def _index(database_url: str | None) -> AuthorityIndex:
    from csinspect.store.db import init_db

    init_db(database_url)
    index = AuthorityIndex.from_url(database_url)
    if len(index) == 0:
        raise fail("no authorities loaded; run `csinspect data load DIR` first")
    return index


def register(app: typer.Typer) -> None:
    auth = typer.Typer(help="Children's services authorities: search and show.", no_args_is_help=True)

    @auth.command("search")
    def search(
        text: str = typer.Argument(..., help="A name (any printed form), LA number or GSS code."),
        limit: int = typer.Option(10, "--limit", "-n"),
        on: str | None = typer.Option(
            None, "--on", help="Prefer authorities valid on this date (YYYY-MM-DD)."
        ),
        fmt: Format = FORMAT_OPTION,
        database_url: str | None = DB_OPTION,
    ) -> None:
        """Authorities whose code or name matches TEXT, best first."""
        index = _index(database_url)
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
        from sqlalchemy import or_, select

        from csinspect.store.db import session_scope
        from csinspect.store.models import Authority, AuthoritySuccession

        index = _index(database_url)
        try:
            hit = index.resolve(code, parse_date(on, "--on"))
        except LookupError as exc:
            raise fail(str(exc)) from None
        with session_scope(database_url) as s:
            a = s.get(Authority, hit.la_code)
            assert a is not None
            succ = s.scalars(
                select(AuthoritySuccession).where(
                    or_(
                        AuthoritySuccession.predecessor == a.la_code,
                        AuthoritySuccession.successor == a.la_code,
                    )
                )
            ).all()
            rows: list[dict[str, object]] = [
                {"field": "la_code", "value": a.la_code, "source": None},
                {"field": "name", "value": a.name, "source": "DfE EES"},
                {"field": "status", "value": a.status, "source": None},
                {"field": "valid_from", "value": a.valid_from, "source": "mySociety register"},
                {"field": "valid_until", "value": a.valid_until, "source": "mySociety register"},
                {"field": "region", "value": a.region_name, "source": "DfE EES"},
                {"field": "ofsted_region", "value": a.ofsted_region, "source": "Ofsted outcomes workbook"},
                {"field": "la_type", "value": a.la_type, "source": "DfE LAIT la_code_list"},
                {"field": "matched", "value": f"{hit.method}: {hit.matched}", "source": None},
            ]
            for c in sorted(a.codes, key=lambda c: (c.valid_from or date.min, c.gss_code)):
                span = f"{c.valid_from or '…'} to {c.valid_until or '…'}"
                rows.append({"field": "gss_code", "value": f"{c.gss_code} ({span})", "source": c.origin})
            for n in sorted(a.names, key=lambda n: (n.kind, n.name)):
                rows.append({"field": f"name ({n.kind})", "value": n.name, "source": n.source})
            for r in succ:
                rel = f"{r.predecessor} -> {r.successor}"
                rows.append({"field": "succession", "value": f"{rel} on {r.effective}", "source": r.source})
            if a.notes:
                rows.append({"field": "notes", "value": a.notes, "source": None})
        emit(rows, fmt, title=f"{a.la_code} {a.name}", columns=["field", "value", "source"])

    app.add_typer(auth, name="authorities")

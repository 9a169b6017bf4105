"""``csinspect sync reports`` and ``sync data``: what Ofsted and DfE have published since the last run."""

from __future__ import annotations

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, parse_date, resolve_authority, settings
from csinspect.cli.output import Format, emit, fail

sync = typer.Typer(
    help="Keep the regime current: find and read what Ofsted and DfE have published.", no_args_is_help=True
)

BASE_OPTION = typer.Option(
    None, "--base-url", help="Read every site from this address instead (a mirror, or a local test server)."
)
DRY_RUN_OPTION = typer.Option(
    False, "--dry-run", help="Say what would be downloaded; download and store nothing."
)
STRICT_OPTION = typer.Option(
    False, "--strict", help="Exit 1 also when a page could not be read or a report was refused."
)
DELAY_OPTION = typer.Option(None, "--delay", help="Seconds between requests (default: CSINSPECT_SYNC_DELAY).")


@sync.command("reports")
def reports(
    la: list[str] = typer.Option(None, "--la", help="Only these authorities (LA code or name); repeatable."),
    since: str | None = typer.Option(None, "--since", help="Only publications listed on or after this date."),
    base_url: str | None = BASE_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    strict: bool = STRICT_OPTION,
    delay: float | None = DELAY_OPTION,
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Find every authority's publications on Ofsted's report site and ingest the new reports. Exits 1 when
    the site cannot be reached or a report could not be stored (with --strict, also when a page could not
    be read or a report was refused)."""
    from csinspect.sources.sandbox import Limits
    from csinspect.sync.runs import Where, run_reports

    cfg = settings(database_url)
    start = parse_date(since, "--since")
    with open_store(database_url, write=True) as session:
        codes = [resolve_authority(session, text)[0] for text in la] if la else None
        result, offline = run_reports(
            session, Where.of(cfg, base_url), data_dir=cfg.data_dir, documents_dir=None if dry_run else cfg.documents_dir,
            limits=Limits.of(cfg), delay=cfg.sync_delay if delay is None else delay, la_codes=codes, since=start,
            dry_run=dry_run,
        )  # fmt: skip
    if offline or result is None:
        raise fail(offline or "the sync did not run")
    emit(result.lines, fmt, title="Publications acted on")
    counts = (f"{result.providers} authorities; {result.found} publications listed; {result.new} new or changed; "
              f"{result.ingested} ingested, {result.rejected} refused, {result.not_read} of kinds not read, "
              f"{result.unchanged} unchanged, {result.failed} failed")  # fmt: skip
    typer.echo(counts, err=fmt is not Format.table)
    for problem in result.problems:
        typer.echo(f"problem: {problem}", err=True)
    if result.failed or (strict and (result.problems or result.rejected)):
        raise typer.Exit(1)


@sync.command("data")
def data(
    base_url: str | None = BASE_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    strict: bool = STRICT_OPTION,
    delay: float | None = DELAY_OPTION,
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Find the latest release of each official data set (DfE's statistics API, Ofsted's workbooks on
    GOV.UK) and load the new ones. (`data fetch` keeps the pinned copies for reproducible builds.)"""
    from csinspect.sync.runs import Where, run_data

    cfg = settings(database_url)
    with open_store(database_url, write=True) as session:
        result, offline = run_data(
            session, Where.of(cfg, base_url), data_dir=cfg.data_dir,
            delay=cfg.sync_delay if delay is None else delay, dry_run=dry_run,
        )  # fmt: skip
    if offline or result is None:
        raise fail(offline or "the sync did not run")
    emit(result.lines, fmt, title="Releases acted on")
    typer.echo(
        f"{result.found} releases found; {result.new} new; {result.loaded} loaded, {result.unchanged} unchanged, "
        f"{result.failed} failed",
        err=fmt is not Format.table,
    )
    for problem in result.problems:
        typer.echo(f"problem: {problem}", err=True)
    if result.failed or (strict and result.problems):
        raise typer.Exit(1)


news_app = typer.Typer()


@news_app.command("news")
def news(
    since: str | None = typer.Option(
        None, "--since", help="Publications listed on or after (default: a month ago)."
    ),
    la: list[str] = typer.Option(None, "--la", help="Only these authorities (LA code or name); repeatable."),
    neighbours: bool = typer.Option(
        False, "--neighbours", help="With --la: and their statistical neighbours."
    ),
    region: str | None = typer.Option(None, "--region", help="Only authorities of this region."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """New publications (with the change from the previous comparable inspection) and data releases."""
    from datetime import date

    from csinspect.analysis.neighbours import neighbours_of
    from csinspect.analysis.news import news_items

    start = parse_date(since, "--since")
    with open_store(database_url) as session:
        codes = [resolve_authority(session, text)[0] for text in la] if la else None
        if codes and neighbours:
            codes += [n.la_code for c in list(codes) for n in neighbours_of(session, c, on=date.today())[1]]
        items = news_items(session, since=start, la_codes=codes, region=region)
    rows = [
        {"published": i.date, "authority": i.authority or "", "la_code": i.la_code or "", "what": i.title,
         "status": i.status or i.kind, "change": "; ".join(c.text() for c in i.changes), "summary": i.summary,
         "link": i.source_url or i.link or ""}
        for i in items
    ]  # fmt: skip
    emit(
        rows,
        fmt,
        title="What's new",
        columns=None if fmt is not Format.table else ["published", "authority", "what", "change", "status"],
    )

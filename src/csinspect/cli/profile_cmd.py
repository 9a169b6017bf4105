"""``csinspect profile LA``, ``csinspect compare LA1 LA2 …``, ``csinspect indicators list|crosscheck``."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from csinspect.cells import csv_safe
from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, resolve_authority, settings
from csinspect.cli.output import Format, emit, fail

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer()

console = Console()


class ProfileFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


SN_MODEL_OPTION = typer.Option(
    None,
    "--sn-model",
    help="Statistical neighbours: latest (the newest DfE model for every period, as LAIT and the national "
    "framework dashboard; default), period_end (the model in force at each period's end) or a model id (2021-04).",
)
SN_STAT_OPTION = typer.Option(
    None, "--sn-stat", help="mean (as LAIT; default) or median (as the national framework dashboard)."
)
AS_OPTION = typer.Option(
    None,
    "--as",
    help="A convention in one word: lait (mean, newest model) or dashboard (median, newest model).",
)


def comparator_of(sn_model: str | None, sn_stat: str | None, as_: str | None) -> Any:
    """The comparator the options ask for; an unknown choice fails naming the valid ones."""
    from csinspect.analysis.comparators import Comparator, ComparatorError

    try:
        return Comparator.of(sn_model, sn_stat, as_)
    except ComparatorError as exc:
        raise fail(str(exc)) from None


FLAT_COLUMNS = [
    "judgement_area",
    "indicator_id",
    "title",
    "period",
    "value",
    "symbol",
    "sn_average",
    "sn_count",
    "sn_stat",
    "sn_label",
    "region",
    "england",
    "rank",
    "rank_of",
    "quartile",
    "quartile_label",
    "quartile_band",
    "direction",
    "trend_years",
    "local_value",
    "statement",
    "unit",
    "polarity",
    "polarity_status",
    "sn_model",
    "trend",
    "source",
    "notes",
]


def _local_values(session: Session, root: Path, la_code: str) -> tuple[list[Any] | None, str | None]:
    """The council's own figures from loaded returns (empty when none are stored)."""
    if _no_returns_stored(root, la_code):  # the usual case: skip importing the returns stack (polars
        return [], None  # plugins, holiday calendars) just to learn there is nothing to show
    from csinspect.analysis.returns import local_indicator_values

    try:
        return list(local_indicator_values(root, la_code, session=session)), None
    except Exception as exc:  # returns unreadable … the profile still stands on published data
        return None, f"council's own figures not shown: {exc}"


def _no_returns_stored(root: Path, la_code: str) -> bool:
    """True when no returns year is stored for ``la_code`` (then ``local_indicator_values`` returns [])."""
    base = root / la_code
    try:
        return not base.is_dir() or not any(p.is_dir() and p.name.isdigit() for p in base.iterdir())
    except OSError:  # let the full path report whatever is wrong
        return False


def _print_table(profile: Any) -> None:
    from csinspect.analysis.profile import fmt
    from csinspect.indicators.schema import JUDGEMENT_AREAS

    console.print(
        f"[bold]{profile.name} ({profile.la_code})[/] {profile.region_name or ''} — performance profile"
        f"{' for ' + profile.period_requested if profile.period_requested else ''}"
    )
    console.print(f"[dim]Neighbours: {profile.comparator}[/]")
    for area, rows in profile.areas.items():
        t = Table(
            title=JUDGEMENT_AREAS.get(area, area), title_justify="left", show_lines=False
        )  # or a LAIT topic
        sn_head = "SN median" if profile.sn_stat == "median" else "SN mean"
        for col in ("Indicator", "Period", "Value", sn_head, "England", "Rank", "Quartile", "Statement"):
            t.add_column(col, overflow="fold")
        for r in rows:
            value = fmt(r.value, r.decimals) if r.value is not None else (r.symbol or "-")
            if r.local_value is not None:
                value += f" (own {fmt(r.local_value, r.decimals)})"
            t.add_row(
                r.title,
                r.period,
                value,
                fmt(r.sn_average, r.decimals if r.sn_stat == "median" else max(r.decimals, 1)),
                fmt(r.england, r.decimals),
                f"{r.rank}/{r.rank_of}" if r.rank else "-",
                r.quartile_label or "-",
                r.statement,
            )
        console.print(t)
    if profile.provider_outcomes:
        t = Table(title=f"Provider outcomes at {profile.provider_as_at}", title_justify="left")
        for col in ("Provision type", "In area", "Good+", "%", "England %", "Statement"):
            t.add_column(col, overflow="fold")
        for p in profile.provider_outcomes:
            t.add_row(
                p.provision_type,
                str(p.la_providers),
                str(p.la_good_or_better),
                fmt(p.la_percent, 0),
                fmt(p.england_percent, 0),
                p.statement,
            )
        console.print(t)
        console.print(f"[dim]{profile.vocabulary}[/]")
    for n in profile.notes:
        console.print(f"[yellow]note:[/] {n}")


def _national_framework(
    la: str, comparator: Any, fmt_: ProfileFormat, out: Path | None, database_url: str | None
) -> None:
    from csinspect.analysis.national_framework import national_framework_view
    from csinspect.analysis.profile import ProfileError, fmt

    with open_store(database_url) as session:
        code, _ = resolve_authority(session, la)
        try:
            view = national_framework_view(session, code, comparator)
        except ProfileError as exc:
            raise fail(str(exc)) from None
    rows = [
        {
            "element": e.title,
            "measure": m.title,
            "status": m.status,
            "period": m.row.period if m.row else None,
            "value": m.row.value if m.row else None,
            "sn_average": m.row.sn_average if m.row else None,
            "sn_label": m.row.sn_label if m.row else None,
            "england": m.row.england if m.row else None,
            "statement": m.row.statement if m.row else m.note,
            "measure_id": m.measure,
        }
        for e in view.elements
        for m in e.measures
    ]
    if fmt_ is ProfileFormat.json:
        text = json.dumps(view.as_dict(), indent=2, default=str)
        (out.write_text(text + "\n", encoding="utf-8") if out else sys.stdout.write(text + "\n"))
        return
    if fmt_ is ProfileFormat.csv:
        fh = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
        w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["element"], lineterminator="\n")
        w.writeheader()
        w.writerows({k: csv_safe(v) for k, v in r.items()} for r in rows)
        if out:
            fh.close()
        return
    if fmt_ is ProfileFormat.xlsx:
        raise fail("--view national-framework writes table, json or csv")
    console.print(f"[bold]{view.name} ({view.la_code})[/] — the children's social care national framework")
    console.print(f"[dim]Neighbours: {view.comparator}[/]")
    for e in view.elements:
        t = Table(title=f"{e.kind.capitalize()}: {e.title}", title_justify="left")
        for col in ("Measure", "Period", "Value", "Neighbours", "England", "What it says"):
            t.add_column(col, overflow="fold")
        for m in e.measures:
            r = m.row
            if r is None:
                t.add_row(m.title, "", "", "", "", f"[dim]{m.status.replace('_', ' ')}: {m.note or ''}[/]")
            else:
                nd = r.decimals if r.sn_stat == "median" else max(r.decimals, 1)
                t.add_row(
                    m.title,
                    r.period,
                    fmt(r.value, r.decimals),
                    fmt(r.sn_average, nd),
                    fmt(r.england, r.decimals),
                    r.statement,
                )
        console.print(t)
        if e.leadership:
            console.print(
                "Latest Ofsted leadership grades: "
                + "; ".join(
                    f"{g}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
                    for g, c in e.leadership.items()
                )
            )
        for rec in e.recommendations:
            console.print(
                f"  • {rec.text} [dim]({rec.tag}; inspection {rec.inspection_start}, p. {rec.page})[/]"
            )
    for n in view.notes:
        console.print(f"[yellow]note:[/] {n}")


def _flat_rows(profile: Any) -> list[dict[str, Any]]:
    return [r.flat() | {"judgement_area": area} for area, rows in profile.areas.items() for r in rows]


@app.command("profile")
def profile_cmd(
    la: str = typer.Argument(..., help="LA number, GSS code or name."),
    period: str | None = typer.Option(None, "--period", help="e.g. 2024 or 2023/24 (default: latest)."),
    area: str | None = typer.Option(None, "--area", help="Only this judgement area (e.g. care_leavers)."),
    fmt_: ProfileFormat = typer.Option(
        ProfileFormat.table, "--format", "-f", help="table, json, csv or xlsx."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write to this file (xlsx needs it)."),
    chart: Path | None = typer.Option(None, "--chart", help="Write PNG and SVG charts into this folder."),
    local: bool = typer.Option(True, "--local/--no-local", help="Show the council's own figures if loaded."),
    sn_model: str | None = SN_MODEL_OPTION,
    sn_stat: str | None = SN_STAT_OPTION,
    as_: str | None = AS_OPTION,
    view: str = typer.Option(
        "judgement-areas",
        "--view",
        help="judgement-areas (the catalogue's indicators by judgement area), lait (every LAIT measure by topic) or "
        "national-framework (the national framework dashboard's measures by outcome and enabler, with the "
        "recommendations tagged with each).",
    ),
    topic: str | None = typer.Option(None, "--topic", help="With --view lait: only this LAIT topic."),
    search: str | None = typer.Option(
        None, "--search", help="With --view lait: measures whose title holds this."
    ),
    database_url: str | None = DB_OPTION,
) -> None:
    """The authority's published indicators against statistical neighbours, region and England."""
    from csinspect.analysis.profile import ProfileError, build_profile, neighbour_values

    comparator = comparator_of(sn_model, sn_stat, as_)
    if view not in ("judgement-areas", "lait", "national-framework"):
        raise fail(f"unknown --view {view!r}; choose one of: judgement-areas, lait, national-framework")
    if view == "national-framework":
        _national_framework(la, comparator, fmt_, out, database_url)
        return
    with open_store(database_url) as session:
        code, _ = resolve_authority(session, la)
        returns_dir = settings(database_url).returns_dir
        local_values, note = (
            _local_values(session, returns_dir, code) if local and view != "lait" else (None, None)
        )
        try:
            if view == "lait":
                from csinspect.analysis.lait import lait_profile

                profile = lait_profile(
                    session, code, period=period, topic=topic, search=search, comparator=comparator
                )
            else:
                profile = build_profile(
                    session, code, period=period, area=area, local_values=local_values, comparator=comparator
                )
        except ProfileError as exc:
            raise fail(str(exc)) from None
        nb_values = neighbour_values(session, profile) if chart is not None else {}
    if note:
        profile.notes.append(note)
    if fmt_ is ProfileFormat.xlsx:
        from csinspect.outputs.profile_xlsx import write_profile_xlsx

        if out is None:
            raise fail("--format xlsx needs --out FILE.xlsx")
        write_profile_xlsx(profile, out)
        typer.echo(f"wrote {out}")
    elif fmt_ is ProfileFormat.json:
        text = json.dumps(profile.as_dict(), indent=2, default=str)
        if out:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    elif fmt_ is ProfileFormat.csv:
        rows = _flat_rows(profile)
        fh = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
        writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_safe(v) for k, v in r.items()} for r in rows)
        if out:
            fh.close()
    else:
        _print_table(profile)
    if chart is not None:
        from csinspect.outputs.charts import write_profile_charts

        files = write_profile_charts(profile, chart, nb_values)
        typer.echo(f"wrote {len(files)} chart files to {chart}", err=True)


@app.command("compare")
def compare_cmd(
    las: list[str] = typer.Argument(..., help="Two or more LA numbers, GSS codes or names."),
    period: str | None = typer.Option(None, "--period", help="e.g. 2024 (default: latest)."),
    area: str | None = typer.Option(None, "--area", help="Only this judgement area."),
    fmt: Format = FORMAT_OPTION,
    sn_model: str | None = SN_MODEL_OPTION,
    sn_stat: str | None = SN_STAT_OPTION,
    as_: str | None = AS_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Authorities side by side, indicator by indicator."""
    from csinspect.analysis.profile import ProfileError, build_profile, compare_rows

    comparator = comparator_of(sn_model, sn_stat, as_)
    if len(las) < 2:
        raise fail("give at least two authorities")
    with open_store(database_url) as session:
        codes = [resolve_authority(session, x)[0] for x in las]
        if len(codes) > 2:  # several authorities: read the store once and reuse every comparator
            from csinspect.analysis.profile import read_profile_data

            read_profile_data(session)
        try:
            profiles = [
                build_profile(session, code, period=period, area=area, comparator=comparator)
                for code in codes
            ]
        except ProfileError as exc:
            raise fail(str(exc)) from None
    emit(compare_rows(profiles), fmt, title="Comparison")


indicators = typer.Typer(
    help="The indicator catalogue and checks of the loaded values.", no_args_is_help=True
)


@indicators.command("list")
def list_cmd(fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """Every catalogue indicator: unit, polarity (and whether it was checked), source, judgement areas."""
    from csinspect.indicators.catalogue import get_catalogue

    rows = [
        {
            "id": i.id,
            "title": i.title,
            "unit": i.unit,
            "polarity": i.polarity,
            "polarity_checked": i.polarity_status == "verified",
            "source": f"{i.source.kind}:{i.source.dataset or ''}:{i.source.column}",
            "alternates": ", ".join(f"{s.kind}:{s.column}" for s in i.alternate_sources),
            "areas": ", ".join(i.judgement_areas),
        }
        for i in get_catalogue().indicators.values()
    ]
    emit(rows, fmt, title="Indicator catalogue")


@indicators.command("crosscheck")
def crosscheck_cmd(
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
    tolerance: float = typer.Option(0.051, "--tolerance", help="Largest difference counted as agreement."),
    database_url: str | None = DB_OPTION,
) -> None:
    """LAIT against EES wherever both publish the same indicator, area and period."""
    from csinspect.analysis.indicator_crosscheck import crosscheck

    with open_store(database_url) as session:
        results = crosscheck(session, tolerance)
    rows = [
        {
            "indicator": c.indicator_id,
            "compared": c.compared,
            "agree": c.agree,
            "disagree": c.disagree,
            "examples": "; ".join(
                f"{e['area_code']} {e['period']}: EES {e['value']} vs LAIT {e['value_lait']}"
                for e in c.examples[:5]
            ),
        }
        for c in results
    ]
    emit(rows, fmt, title="LAIT vs EES")
    if any(c.disagree for c in results):
        raise typer.Exit(1)

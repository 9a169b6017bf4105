"""National judgement history: on the real official data, Luton since 2009 and the distributions against
the reference tables; on the small England of ``csinspect.testing.official``, Northamptonshire before North
Northamptonshire, neighbours with their latest judgements, distributions that add up, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from csinspect.analysis.history import authority_history, latest_judgements
from csinspect.analysis.national import grade_distribution
from csinspect.analysis.neighbours import model_in_force, neighbours_of
from csinspect.cli import app
from csinspect.store.db import session_scope
from csinspect.testing.official import ilacs_history


def test_luton_history_has_slac_sif_2016_and_ilacs_with_sources(loaded_url: str) -> None:
    with session_scope(loaded_url) as s:
        rows = authority_history(s, "821")
    frameworks = [r.framework_id for r in rows]
    assert frameworks.index("slac") < frameworks.index("sif") < frameworks.index("ilacs_2018")
    sif = {r.judgement_id: r for r in rows if r.framework_id == "sif"}
    assert sif["overall_effectiveness"].published == date(2016, 3, 29)
    assert sif["overall_effectiveness"].label == "Requires improvement to be good"
    assert sif["overall_effectiveness"].ordinal == 2 and sif["care_leavers"].ordinal == 3
    ilacs = [r for r in rows if r.framework_id == "ilacs_2018" and r.judgement_id == "overall_effectiveness"]
    assert [(r.inspection_start, r.label) for r in ilacs] == [
        (date(2020, 1, 13), "Inadequate"),
        (date(2022, 7, 11), "Requires improvement to be good"),
    ]
    assert all(r.source and r.source_ref for r in rows)
    assert all(r.source_ref.startswith("sheet ") for r in rows if r.source_ref)
    dates = [r.date for r in rows]
    assert dates == sorted(dates)


def test_north_northamptonshire_history_starts_with_northamptonshire(mini_loaded_url: str) -> None:
    with session_scope(mini_loaded_url) as s:
        rows = authority_history(s, "940")
        only_own = authority_history(s, "940", include_predecessors=False)
    codes = [r.la_code for r in rows]
    assert codes[0] == "928" and codes[-1] == "940"
    assert codes.index("940") > max(i for i, c in enumerate(codes) if c == "928")
    assert all(r.via == "predecessor of 940" for r in rows if r.la_code == "928")
    assert {r.la_code for r in only_own} == {"940"}
    assert {r.framework_id for r in rows if r.la_code == "928"} == {"ilacs_2018"}
    dates = [r.date for r in rows]
    assert dates == sorted(dates)


def test_neighbours_use_the_model_in_force(mini_loaded_url: str) -> None:
    with session_scope(mini_loaded_url) as s:
        assert model_in_force(s, date(2022, 1, 1)).id == "2021-04"
        assert model_in_force(s, date(2025, 6, 1)).id == "2025-05"
        assert model_in_force(s, date(2015, 1, 1)).id == "2021-04"  # before the first model: the first
        model, nbs = neighbours_of(s, "821", on=date(2025, 6, 1))
        assert model.id == "2025-05" and len(nbs) == 10 and [n.rank for n in nbs] == list(range(1, 11))
        latest = latest_judgements(s, [n.la_code for n in nbs] + ["821"])
    luton = [r for r in ilacs_history() if r["area"].la_code == "821"]
    assert latest["821"][0].inspection_start == max(r["start"] for r in luton)
    assert all(latest[n.la_code] for n in nbs)


def test_mini_distribution_counts_add_up(mini_loaded_url: str, mini_official_dir: Path) -> None:
    import fastexcel

    sheet = (
        fastexcel.read_excel(mini_official_dir / "LA_Inspection_Outcomes_as_at_31_March_2025.ods")
        .load_sheet_by_name("ILACS_inspection_history", header_row=2)
        .to_polars()
    )
    want: dict[str, int] = {}
    for start, grade in zip(sheet["Inspection date"], sheet["Overall effectiveness"], strict=True):
        if start >= date(2023, 1, 1):
            want[grade] = want.get(grade, 0) + 1
    with session_scope(mini_loaded_url) as s:
        rows = grade_distribution(s, "ilacs_2023", judgement_id="overall_effectiveness")
    assert want and {r.label: r.inspections for r in rows} == want
    assert round(sum(r.percent for r in rows)) == 100


def test_national_distribution_counts_add_up(loaded_url: str, reference_dir: Path) -> None:
    with session_scope(loaded_url) as s:
        rows = grade_distribution(s, "ilacs_2023", judgement_id="overall_effectiveness")
        by_year = grade_distribution(s, "sif", year=2016, judgement_id="overall_effectiveness")
    ref = list(csv.DictReader((reference_dir / "ofsted_ilacs_inspections_2018_2025.csv").open()))
    want: dict[str, int] = {}
    for r in ref:
        if r["inspection_start_date"] >= "2023-01-01":
            want[r["overall_effectiveness"]] = want.get(r["overall_effectiveness"], 0) + 1
    assert {r.label: r.inspections for r in rows} == want
    assert round(sum(r.percent for r in rows)) == 100
    sif_ref = list(csv.DictReader((reference_dir / "ofsted_sif_judgements_2013_2018.csv").open()))
    assert sum(r.inspections for r in by_year) == sum(
        1 for r in sif_ref if r["sif_round"] == "first" and r["publication_date"].startswith("2016")
    )


def test_cli_commands(mini_loaded_url: str) -> None:
    runner = CliRunner()
    db = ["--database-url", mini_loaded_url]
    out = runner.invoke(app, ["history", "821", "--format", "json", *db])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {r["framework_id"] for r in rows} == {"ilacs_2018", "ilacs_2023", "focused_visit"}
    by_name = runner.invoke(app, ["history", "Luton Borough Council", "--format", "csv", *db])
    assert by_name.exit_code == 0 and len(list(csv.DictReader(io.StringIO(by_name.output)))) == len(rows)
    table = runner.invoke(app, ["history", "940", *db])
    assert table.exit_code == 0 and "928" in table.output
    nb = runner.invoke(app, ["neighbours", "821", "--format", "json", *db])
    assert nb.exit_code == 0, nb.output
    assert len(json.loads(nb.output)) == 11
    nat = runner.invoke(app, ["national", "--framework", "ilacs_2023", "--format", "csv", *db])
    assert nat.exit_code == 0 and "overall_effectiveness" in nat.output
    unknown = runner.invoke(app, ["history", "Lutterworth Bourough", *db])
    assert unknown.exit_code == 1 and "closest" in unknown.output
    bad_code = runner.invoke(app, ["history", "999", *db])
    assert bad_code.exit_code == 1 and "closest" in bad_code.output
    show = runner.invoke(app, ["authorities", "show", "E10000023", "--format", "json", *db])
    assert show.exit_code == 0 and "E06000065" in show.output
    search = runner.invoke(app, ["authorities", "search", "Bradford Children", "--format", "csv", *db])
    assert search.exit_code == 0 and "380" in search.output
    status = runner.invoke(app, ["data", "status", "--format", "json", *db])
    assert status.exit_code == 0 and "ofsted_la_outcomes" in status.output

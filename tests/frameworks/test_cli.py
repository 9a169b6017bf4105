"""``csinspect frameworks list|show|check`` through Typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from csinspect.cli import app
from csinspect.frameworks import all_frameworks

runner = CliRunner()


def test_list_json_has_every_framework() -> None:
    result = runner.invoke(app, ["frameworks", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == list(all_frameworks())
    sif = next(r for r in rows if r["id"] == "sif")
    assert sif["rules"] == 3 and sif["from"] == "2013-11-01" and "sif" in sif["document_types"]


def test_list_csv_and_table() -> None:
    result = runner.invoke(app, ["frameworks", "list", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"] for r in rows} >= {"ilacs_2026", "jar_2007", "csa"}
    table = runner.invoke(app, ["frameworks", "list"])
    assert table.exit_code == 0 and "jar_2007" in table.stdout


def test_show_json_is_the_whole_definition() -> None:
    result = runner.invoke(app, ["frameworks", "show", "ilacs_2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "ilacs_2023"
    assert {j["id"] for j in data["judgements"]} >= {"care_leavers", "children_in_care"}
    apa = next(c for c in data["recommendation_categories"] if c["id"] == "priority_action")
    assert apa["due"] == "P70WD"


def test_show_csv_lists_items_with_sources() -> None:
    result = runner.invoke(app, ["frameworks", "show", "slac", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    kinds = {r["kind"] for r in rows}
    assert {"grade", "judgement", "recommendation", "document_type"} <= kinds
    outstanding = next(r for r in rows if r["kind"] == "grade" and r["id"] == "outstanding")
    assert "printed 1" in outstanding["detail"]  # SLAC numbers run the other way


def test_show_table_prints_sections() -> None:
    result = runner.invoke(app, ["frameworks", "show", "sif"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Rules for the overall judgement" in result.stdout
    # The table folds long ids at the console width, so read the same items in CSV for the exact id.
    csv_out = runner.invoke(app, ["frameworks", "show", "sif", "--format", "csv"]).stdout
    assert "rule,sif_key_inadequate_caps_overall," in csv_out


def test_show_unknown_framework_fails_with_the_known_ids() -> None:
    result = runner.invoke(app, ["frameworks", "show", "nope"])
    assert result.exit_code == 1
    assert "unknown framework 'nope'" in result.output and "ilacs_2023" in result.output


def test_check_exit_code_follows_hard_rules() -> None:
    bad = runner.invoke(
        app,
        ["frameworks", "check", "sif", "overall_effectiveness=good", "help_and_protection=inadequate",
         "--format", "json"],
    )  # fmt: skip
    assert bad.exit_code == 1
    rows = json.loads(bad.stdout)
    assert rows[0]["rule"] == "sif_key_inadequate_caps_overall" and rows[0]["result"] == "FAIL"
    good = runner.invoke(
        app,
        ["frameworks", "check", "sif", "overall_effectiveness=Requires improvement",
         "help_and_protection=requires_improvement", "--format", "json"],
    )  # fmt: skip
    assert good.exit_code == 0, good.output
    unknown = runner.invoke(app, ["frameworks", "check", "sif", "overall_effectiveness=superb"])
    assert unknown.exit_code == 1 and "superb" in unknown.output

"""The commands end to end: synth -> validate -> load -> indicators."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from csinspect.cli import app


def _registry(runner: CliRunner, mini_official_dir) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke(app, ["db", "init"]).exit_code == 0
    loaded = runner.invoke(app, ["data", "load", str(mini_official_dir), "--kinds", "authorities"])
    assert loaded.exit_code == 0, loaded.output


def test_synth_load_validate_indicators(tmp_path, monkeypatch, mini_official_dir):
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CSINSPECT_PSEUDONYM_KEY", "cli-test-key-0123456789")
    runner = CliRunner()
    _registry(runner, mini_official_dir)
    out = tmp_path / "syn"
    population = mini_official_dir / "ons_mid-year_population_estimates_2012_to_2024.csv"
    r = runner.invoke(
        app,
        ["synth", "--out", str(out), "--councils", "2", "--years", "2", "--seed", "3", "--size", "0.2",
         "--population-file", str(population)],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    councils = sorted(p.name for p in out.iterdir())
    assert len(councils) == 2 and all(len(c) == 3 and c.isdigit() for c in councils)
    la = councils[0]
    folder = out / la / "2025"

    r = runner.invoke(app, ["returns", "validate", str(folder), "--format", "json"])
    assert r.exit_code == 0, r.output
    problems = json.loads(r.output[: r.output.rindex("]") + 1])
    assert {"file", "table", "row", "column", "value", "rule"} <= set(problems[0])
    xlsx = tmp_path / "problems.xlsx"
    r = runner.invoke(app, ["returns", "validate", str(folder), "--format", "xlsx", "--out", str(xlsx)])
    assert r.exit_code == 0, r.output
    assert load_workbook(xlsx).sheetnames == ["problems", "counts"]

    for year in ("2024", "2025"):
        r = runner.invoke(app, ["returns", "load", str(out / la / year), "--la", la, "--year", year])
        assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["returns", "indicators", la, "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    by_id = {row["indicator"]: row for row in rows}
    assert by_id["returns_cla_rate_31mar"]["period"] == "2024-25"
    assert by_id["returns_referrals"]["value"] > 0

    other = next(c for c in ("821", "822", "919") if c != la)
    r = runner.invoke(app, ["returns", "load", str(out / la / "2025"), "--la", other, "--year", "2025"])
    assert r.exit_code == 1  # the CIN file is for another council: reported, not stored
    assert f"not {other}" in r.output


def test_la_is_checked_against_the_register(tmp_path, monkeypatch, mini_official_dir):
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CSINSPECT_PSEUDONYM_KEY", "cli-test-key-0123456789")
    runner = CliRunner()
    (tmp_path / "in").mkdir()
    no_db = runner.invoke(app, ["returns", "load", str(tmp_path / "in"), "--la", "821", "--year", "2025"])
    assert no_db.exit_code == 1 and "no database" in no_db.output
    _registry(runner, mini_official_dir)
    for bad, message in (("../../x", "not a DfE 3-digit"), ("999", "not an authority in the register")):
        r = runner.invoke(app, ["returns", "load", str(tmp_path / "in"), "--la", bad, "--year", "2025"])
        assert r.exit_code == 1 and message in r.output, r.output
    assert not (tmp_path / "data" / "returns").exists() or not any((tmp_path / "data" / "returns").iterdir())
    assert not (tmp_path / "x").exists()


def test_load_refuses_without_a_key(tmp_path, monkeypatch, mini_official_dir):
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CSINSPECT_PSEUDONYM_KEY", raising=False)
    _registry(CliRunner(), mini_official_dir)
    (tmp_path / "in").mkdir()
    r = CliRunner().invoke(app, ["returns", "load", str(tmp_path / "in"), "--la", "821", "--year", "2025"])
    assert r.exit_code == 1
    assert "CSINSPECT_PSEUDONYM_KEY" in r.output

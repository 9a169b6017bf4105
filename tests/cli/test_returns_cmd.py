"""The commands end to end: synth -> validate -> load -> indicators."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from csinspect.cli import app


def test_synth_load_validate_indicators(tmp_path, monkeypatch):
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CSINSPECT_PSEUDONYM_KEY", "cli-test-key-0123456789")
    runner = CliRunner()
    out = tmp_path / "syn"
    r = runner.invoke(
        app, ["synth", "--out", str(out), "--councils", "2", "--years", "2", "--seed", "3", "--size", "0.2"]
    )
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

    r = runner.invoke(app, ["returns", "load", str(out / la / "2025"), "--la", "000", "--year", "2025"])
    assert r.exit_code == 1  # the CIN file is for another council: reported, not stored
    assert "not 000" in r.output


def test_load_refuses_without_a_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CSINSPECT_PSEUDONYM_KEY", raising=False)
    (tmp_path / "in").mkdir()
    r = CliRunner().invoke(app, ["returns", "load", str(tmp_path / "in"), "--la", "821", "--year", "2025"])
    assert r.exit_code == 1
    assert "CSINSPECT_PSEUDONYM_KEY" in r.output

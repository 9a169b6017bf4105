"""Luton's 2016 SIF, ingested from seed 001, becomes an action plan with due dates; the plan goes out
as .xlsx, is edited and comes back; Luton's later ILACS reports (corpus), ingested, link to it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from csinspect.cli import app
from csinspect.testing import store as pipeline

pytestmark = pytest.mark.slow
runner = CliRunner()


def cli(url: str, *args: str, ok: bool = True) -> str:
    r = runner.invoke(app, [*args, "--database-url", url], catch_exceptions=False)
    assert (r.exit_code == 0) == ok, r.stdout + r.stderr
    return re.sub(r"\s+", " ", r.stdout + r.stderr)


def test_luton_sif_plan_and_links(shared_dir: Path, official_dir: Path, tmp_path: Path) -> None:
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path / 'luton.sqlite'}"
    init_db(url)
    load_directory(official_dir, url, kinds={"authorities"})
    seed = shared_dir / "seeds" / "001_120b600855f6dafa.txt"
    ilacs = [shared_dir / "corpus" / "pdf" / f for f in ("311e27f47c15.pdf", "05cd103db90d.pdf")]
    outcomes = pipeline.ingest([seed, *ilacs], url, documents_dir=tmp_path / "docs")
    ids = {o.detail["framework"]: o.ids for o in outcomes}
    sif_id = ids["sif"][0]

    out = cli(
        url, "actions", "from-inspection", str(sif_id), "--lead-member", "Cllr A Member", "--format", "csv"
    )
    assert out.count(",2016-09-29,") == 12  # 12 recommendations, six-month plan default
    assert cli(url, "actions", "from-inspection", str(sif_id)).count("already has actions") == 1

    xlsx = tmp_path / "luton_plan.xlsx"
    cli(url, "actions", "export", "Luton", "--out", str(xlsx))
    wb = load_workbook(xlsx)
    ws = wb["Action plan"]
    col = {c.value: c.column for c in ws[4]}
    assert ws.max_row == 4 + 12
    ws.cell(row=5, column=col["Owner"], value="Head of RAIT")
    ws.cell(row=5, column=col["Due date"], value=date(2016, 7, 31))
    ws.cell(row=5, column=col["Status"], value="Complete")
    ws.cell(row=5, column=col["New update"], value="Caseloads below 20 since June")
    ws.cell(row=5, column=col["New update evidence"], value="Caseload dashboard 30 June 2016")
    wb.save(xlsx)
    assert "1 actions changed; 1 progress updates added" in cli(url, "actions", "import", str(xlsx))
    again = tmp_path / "again.xlsx"
    cli(url, "actions", "export", "821", "--out", str(again))
    row = [c.value for c in load_workbook(again)["Action plan"][5]]
    assert "Head of RAIT" in row and "Complete" in row and "Blue" in row
    assert "Caseloads below 20 since June" in row and "Caseload dashboard 30 June 2016" in row

    # a sheet missing a column: clear error naming it, nothing changed
    wb = load_workbook(again)
    wb["Action plan"].delete_cols(col["Owner"])
    wb.save(tmp_path / "broken.xlsx")
    assert "missing column(s) Owner" in cli(url, "actions", "import", str(tmp_path / "broken.xlsx"), ok=False)

    # the 2020 ILACS repeats the 2016 caseload and placement recommendations
    out = cli(url, "actions", "link", str(ids["ilacs_2018"][0]), "--format", "csv")
    assert "Social workers' caseloads" in out and "Significantly reduce the average size" in out
    assert "The sufficiency of local placements" in out and "The provision of life-story work" in out
    assert "multi-agency safeguarding hub" not in out  # unrelated: no link

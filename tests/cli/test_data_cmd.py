"""``csinspect data load DIR`` prints a summary per file, is idempotent, and reports bad files clearly
(on the small England of ``csinspect.testing.official``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from csinspect.cli import app
from csinspect.testing.official import CURRENT


def test_data_load_summary_and_second_run(mini_official_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in (
        "cla_number_and_rate_per_10k_children.csv",
        "uk_local_authorities.csv",
        "sn_april_2021.xlsx",
    ):
        shutil.copy(mini_official_dir / name, src / name)
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    kinds = "authorities,sn_models"
    first = CliRunner().invoke(
        app, ["data", "load", str(src), "--kinds", kinds, "--format", "json", "--database-url", url]
    )
    assert first.exit_code == 0, first.output
    rows = json.loads(first.output)
    assert [(r["file"], r["kind"], r["result"]) for r in rows] == [
        ("cla_number_and_rate_per_10k_children.csv", "authorities", "loaded"),
        ("uk_local_authorities.csv", "authorities", "loaded"),
        ("sn_april_2021.xlsx", "sn_models", "loaded"),
    ]
    assert rows[2]["rows_loaded"] == 10 * len(CURRENT)  # ten neighbours for each authority of the model
    second = CliRunner().invoke(app, ["data", "load", str(src), "--kinds", kinds, "--database-url", url])
    assert second.exit_code == 0 and "unchanged" in second.output
    show = CliRunner().invoke(
        app, ["authorities", "show", "Luton Borough Council", "--database-url", url, "--format", "csv"]
    )
    assert show.exit_code == 0 and "E06000032" in show.output
    unknown = CliRunner().invoke(app, ["authorities", "show", "Lutn Borogh Councl Zz", "--database-url", url])
    assert unknown.exit_code == 1 and "closest" in unknown.output and "Luton" in unknown.output


def test_data_load_bad_file_exits_with_the_file_and_column(mini_official_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = (mini_official_dir / "uk_local_authorities.csv").read_text(encoding="utf-8")
    (src / "uk_local_authorities.csv").write_text(text.replace("replaced-by", "replacement", 1))
    shutil.copy(mini_official_dir / "cla_number_and_rate_per_10k_children.csv", src)
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    out = CliRunner().invoke(app, ["data", "load", str(src), "--kinds", "authorities", "--database-url", url])
    assert out.exit_code == 1
    assert "uk_local_authorities.csv" in out.output and "replaced-by" in out.output


def test_demo_set_loads_and_its_reports_ingest(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``make run`` on a machine with neither ../shared nor internet: the demonstration set loads cleanly."""
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "init", "--database-url", url]).exit_code == 0
    made = runner.invoke(app, ["data", "demo", str(tmp_path / "demo")])
    assert made.exit_code == 0 and "made-up" in made.output
    loaded = runner.invoke(
        app, ["data", "load", str(tmp_path / "demo" / "official"), "--format", "json", "--database-url", url]
    )
    assert loaded.exit_code == 0, loaded.output
    assert {r["result"] for r in json.loads(loaded.output)} == {"loaded"}
    ingested = runner.invoke(
        app, ["ingest", str(tmp_path / "demo" / "reports"), "--format", "jsonl", "--database-url", url]
    )
    assert ingested.exit_code == 0, ingested.output
    records = [json.loads(x) for x in ingested.stdout.splitlines() if x.startswith("{")]
    assert sorted((r["authority"]["la_code"], r["status"]) for r in records) == [
        ("821", "ok"),
        ("919", "ok"),
        ("926", "ok"),
    ]

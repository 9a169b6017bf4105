"""Official numbers are parsed strictly: a number, a blank or a published symbol; anything else (``abc``,
``∞``, ``0x10``, ``NaN``, ``1e999``) stops that file with the file, row, column and value named, and every
other file still loads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from csinspect.cli import app
from csinspect.sources.official.ees import check_cells, split_values
from csinspect.sources.official.readers import OfficialDataError

NAME = "cla_number_and_rate_per_10k_children.csv"


def _frame(values: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"v": values}).with_row_index("_row", offset=2)


def test_numbers_blanks_and_symbols_are_read() -> None:
    df = _frame(["58", "1,234", "-5.5", "0.25", "c", "low", "-", "", None, " 42 "])
    check_cells(df, "v", "f.csv")
    value, symbol = split_values("v")
    got = df.select(value.alias("value"), symbol.alias("symbol")).rows()
    assert got == [
        (58.0, None), (1234.0, None), (-5.5, None), (0.25, None), (None, "c"), (None, "low"), (None, "-"),
        (None, None), (None, None), (42.0, None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "token", ["abc", "∞", "0x10", "NaN", "nan", "inf", "-inf", "1e999", "1e5", "12a", "1,23"]
)
def test_anything_else_is_an_error_naming_the_cell(token: str) -> None:
    with pytest.raises(OfficialDataError) as err:
        check_cells(_frame(["58", token]), "v", "f.csv")
    assert f"row 3: {token!r}" in str(err.value) and "f.csv, column 'v'" in str(err.value)


def _edited(src: Path, dest: Path, changes: dict[tuple[str, str], str]) -> None:
    """The mini England with the cla file's rate cells changed: (LA code or 'England', year) -> text."""
    dest.mkdir()
    for f in src.iterdir():
        (dest / f.name).write_bytes(f.read_bytes())
    with (src / NAME).open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        key = (r["old_la_code"] or r["geographic_level"], r["time_period"])
        if key in changes and r["population_type"].startswith("Children looked after on"):
            r["rate_per_10000"] = changes[key]
    with (dest / NAME).open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_a_garbage_token_stops_its_file_and_the_rest_load(mini_official_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _edited(mini_official_dir, folder, {("821", "2025"): "0x10", ("National", "2024"): "NaN"})
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "init", "--database-url", url]).exit_code == 0
    out = runner.invoke(app, ["data", "load", str(folder), "--format", "json", "--database-url", url])
    assert out.exit_code == 1
    rows = json.loads(out.stdout[: out.stdout.rindex("]") + 1])
    by = {(r["file"], r["kind"]): r for r in rows}
    bad = by[(NAME, "ees_csv")]
    assert bad["result"] == "failed"
    assert NAME in bad["notes"] and "'rate_per_10000'" in bad["notes"] and "'0x10'" in bad["notes"]
    assert "'NaN'" in bad["notes"] and "not loaded" in bad["notes"]
    # every other file loaded (the registry still reads the file's codes and names, which are fine)
    others = [r for k, r in by.items() if k != (NAME, "ees_csv")]
    assert others and all(r["result"] == "loaded" for r in others)
    status = runner.invoke(app, ["data", "status", "--format", "json", "--database-url", url])
    assert NAME not in [f["file"] for f in json.loads(status.stdout) if f.get("kind") == "ees_csv"]

"""The child-level returns' specs are data: every file loads and validates, a later year is the previous one
plus its changes, the code groups the indicators use are in the specs' lists, and a broken file is named
with the field at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from csinspect.sources.returns import codes, specs
from csinspect.sources.returns.specs import SpecError


def test_every_spec_file_loads() -> None:
    assert set(specs.all_specs()) >= {
        "ssda903_2024.yaml",
        "ssda903_2025.yaml",
        "cin_census_2024.yaml",
        "annex_a_2024.yaml",
    }


def test_a_later_year_is_the_earlier_one_plus_its_changes() -> None:
    y24, y25, y26 = (specs.spec("ssda903", y) for y in (2024, 2025, 2026))
    assert y24.codes["SEX"] == {"1", "2"} and y25.codes["SEX"] == {"M", "F", "U"}
    assert y25.codes["PLACE"] - y24.codes["PLACE"] == {"K3"} and y24.codes["PLACE"] <= y25.codes["PLACE"]
    assert {"H5", "P2", "Z1"} & y26.codes["PLACE"] == set() and {"Z11", "Z14"} <= y26.codes["PLACE"]
    assert y25.files == ("ssda903_2024.yaml", "ssda903_2025.yaml")
    assert y24.tables == y25.tables == y26.tables  # only code lists changed
    # a year before the first file uses the first; a later year the newest at or before it
    assert specs.spec("ssda903", 2019).year == 2024 and specs.spec("ssda903", 2030).year == 2026


def test_the_indicators_code_groups_are_in_the_spec_lists() -> None:
    for name, (collection, code_list) in codes.GROUPS.items():
        for year in (2024, 2025, 2026):
            assert getattr(codes, name) <= specs.spec(collection, year).codes[code_list] | {"Z1"}, (
                name,
                year,
            )


def test_readers_use_the_spec() -> None:
    from csinspect.sources.returns import annex_a, cin_xml, ssda903

    assert [c.name for c in ssda903._specs(2025)["header"].cols][:4] == ["CHILD", "SEX", "DOB", "ETHNIC"]
    assert ssda903._specs(2025)["header"].cols[1].codes == {"M", "F", "U"}
    assert set(cin_xml.SPECS) == set(specs.spec("cin_census", 2024).tables)
    assert annex_a.LISTS[1].cols[0].key == "child_unique_id" and 11 in annex_a.LISTS


def test_a_broken_spec_is_named_with_its_field(tmp_path: Path) -> None:
    (tmp_path / "ssda903_2024.yaml").write_text(
        "collection: ssda903\nyear: 2024\ncodes: {SEX: ['1']}\n"
        "tables:\n  header:\n    columns:\n      - {name: SEX, kind: code, codes: NOPE}\n",
        encoding="utf-8",
    )
    specs.files.cache_clear()
    with pytest.raises(SpecError, match=r"ssda903_2024\.yaml.*unknown code list 'NOPE'"):
        specs.spec("ssda903", 2024, tmp_path)
    (tmp_path / "ssda903_2024.yaml").write_text(
        "collection: ssda903\nyear: 2024\ntables: {header: {colums: []}}\n"
    )
    specs.spec.cache_clear()
    with pytest.raises(SpecError, match=r"tables\.header\.columns"):
        specs.spec("ssda903", 2024, tmp_path)
    specs.spec.cache_clear()
    specs.files.cache_clear()

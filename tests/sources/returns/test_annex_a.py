"""Annex A workbooks with the headers councils really use."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from csinspect.sources.returns.annex_a import LISTS, match_headers, read_annex_a


def make_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Contacts (L1)"  # the sheet name does not say "List 1": found by its columns
    ws.append([])
    ws.append(["Annex A return - do not edit"])
    ws.append([])
    ws.append(
        [
            "contact source",
            "DATE OF CONTACT (dd/mm/yyyy)",
            "Child  unique-ID",
            "Gender",
            "Ethnicity",
            "Social worker notes",
            "Child's name",
        ]
    )
    ws.append(["q) 6: Police", datetime(2024, 11, 5), "C1", "a) Male", "WBRI", "x", "Jane Doe"])
    ws.append(["2A", "12/12/2024", "C2", "F", "wbri", "", "John Doe"])
    ws.append(["ZZ: nonsense", "13/13/2024", "C3", "Male", "WBRI", "", ""])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["6", "01/01/2025", None, "Male", "WBRI", "", ""])
    l8 = wb.create_sheet("List 8")
    l8.append(
        [
            "Child Unique ID",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Placement postcode",
        ]
    )
    l8.append(["C9", 2, "Y", "LU1 1AA"])
    l8.append(["C8", 0, "", "LU1 1AB"])
    empty = wb.create_sheet("Notes")
    empty.append(["This sheet has guidance text only"])
    wb.save(path)
    return path


def test_messy_headers_and_values(tmp_path):
    res = read_annex_a(make_workbook(tmp_path / "annex.xlsx"))
    l1 = res.tables["list_1"]
    assert l1["child_unique_id"].to_list() == ["C1", "C2"]
    assert l1["contact_source"].to_list() == ["6", "2A"]
    assert l1["gender"].to_list() == ["Male", "Female"]
    assert l1["date_of_contact"].dt.to_string("%Y-%m-%d").to_list() == ["2024-11-05", "2024-12-12"]
    assert res.meta["list_1:sheet"] == "Contacts (L1)"
    probs = res.problems
    got = {(r["table"], r["row"], r["column"], r["rule"]) for r in probs.to_dicts()}
    assert ("list_1", 7, "contact_source", "unknown_code") in got
    assert ("list_1", 7, "date_of_contact", "invalid_date") in got
    assert ("list_1", 9, "child_unique_id", "required") in got  # Excel row 9; the blank row 8 is skipped
    assert ("list_1", 4, "Child's name", "extra_column_ignored") in got
    assert res.meta["list_1:blank_rows_skipped"] == 1
    (c1,) = [c for c in res.counts if c.table == "list_1"]
    assert (c1.read, c1.accepted, c1.rejected) == (4, 2, 2)
    l8 = res.tables["list_8"]
    assert l8["rhi_offered"].to_list() == ["Yes", None]
    assert "placement_postcode" not in l8.columns and "child_s_name" not in l1.columns
    assert any(p["rule"] == "unrecognised_sheet" and p["table"] == "Notes" for p in probs.to_dicts())


def test_header_matching_tolerates_case_spacing_punctuation_and_order():
    headers = [
        "EARLY HELP: assessment start date",
        "child_unique_id",
        None,
        "Organisation completing-assessment",
        "Extra",
    ]
    mapping, share = match_headers(headers, LISTS[2])
    assert mapping[1] == "child_unique_id"
    assert mapping[3] == "organisation_completing_assessment"
    assert 4 not in mapping
    assert share > 0.3


def test_headers_with_notes_councils_add(tmp_path):
    """'(please complete)', '[mandatory]', '*', '- optional' after a template header still match; before,
    such a workbook was silently not stored."""
    wb = Workbook()
    ws = wb.active
    ws.title = "List 1"
    ws.append(
        [
            "Child Unique ID (please complete)",
            "Gender [mandatory]",
            "Ethnicity *",
            "Date of Contact (dd/mm/yyyy) - required",
            "Contact Source: please complete",
        ]
    )
    ws.append(["C1", "Male", "WBRI", datetime(2024, 11, 5), "6"])
    wb.save(tmp_path / "a.xlsx")
    res = read_annex_a(tmp_path / "a.xlsx")
    l1 = res.tables["list_1"]
    assert {"child_unique_id", "gender", "ethnicity", "date_of_contact", "contact_source"} <= set(l1.columns)
    assert l1["child_unique_id"].to_list() == ["C1"]


def test_a_workbook_with_no_list_is_a_failure_not_silence(tmp_path):
    import pytest

    from csinspect.sources.returns.problems import ReturnsFileError

    wb = Workbook()
    wb.active.append(["Totally", "Different", "Columns"])
    wb.active.append(["a", "b", "c"])
    wb.save(tmp_path / "annex.xlsx")
    with pytest.raises(ReturnsFileError) as err:
        read_annex_a(tmp_path / "annex.xlsx")
    assert "no Annex A list could be read" in str(err.value) and "annex.xlsx" in str(err.value)

"""Every SSDA903 table is recognised by its columns (whatever the file is called), validated, and this
year's and the previous year's files are told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from csinspect.sources.returns.ssda903 import (
    identify_table,
    is_previous_year_file,
    read_903_csv,
    read_903_dir,
)

TABLES = {
    "header": ("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "1,F,01/02/2010,WBRI,UN2,0,"),
    "episodes": (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        "1,01/02/2024,S,V2,N4,U6,PR1,,,,,,",
    ),
    "reviews": ("CHILD,DOB,REVIEW,REVIEW_CODE", "1,01/02/2010,03/05/2024,PN1"),
    "uasc": ("CHILD,SEX,DOB,DUC", "1,F,01/02/2010,"),
    "oc2": (
        "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
        "1,01/02/2010,41,,0,1,1,1,1,0,,",
    ),
    "oc3": ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "1,01/02/2004,YES,F2,D1"),
    "ad1": (
        "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
        "1,01/02/2020,01/03/2024,01/06/2024,0,2,MF,L11",
    ),
    "placed_adoption": (
        "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
        "1,01/02/2020,01/03/2024,,",
    ),
    "prev_perm": ("CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM", "1,01/02/2020,Z1,,"),
    "missing": ("CHILD,DOB,MISSING,MIS_START,MIS_END", "1,01/02/2010,M,01/05/2024,02/05/2024"),
    "sw_episodes": ("CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", "1,01/02/2010,SW1,01/05/2024,,"),
}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_table_is_recognised_and_validated(tmp_path: Path, table: str):
    head, row = TABLES[table]
    # lower-case, spaced headers and an unhelpful file name
    p = tmp_path / f"export_{table}_v2.csv"
    p.write_text(head.lower().replace("_", " ") + "\n" + row + "\n", encoding="utf-8")
    assert identify_table(head.split(",")) == table
    res = read_903_csv(p, 2025)
    assert list(res.tables) == [table]
    (count,) = res.counts
    assert count.read == 1 and count.reconciles
    if table == "oc2":  # SDQ 41 is outside 0-40
        assert res.problems.to_dicts()[0]["rule"] == "out_of_range"
        assert count.rejected == 1
    else:
        assert res.problems.height == 0, res.problems.to_dicts()
        assert count.accepted == 1


def test_previous_year_files_by_name_or_folder(tmp_path: Path):
    assert is_previous_year_file(Path("x/episodes_last.csv"))
    assert is_previous_year_file(Path("x/previous/episodes.csv"))
    assert not is_previous_year_file(Path("x/episodes.csv"))
    head, _ = TABLES["episodes"]
    (tmp_path / "previous").mkdir()
    (tmp_path / "episodes.csv").write_text(head + "\n1,01/02/2024,S,V2,N4,U6,PR1,,,,,,\n", encoding="utf-8")
    (tmp_path / "previous" / "episodes.csv").write_text(
        head + "\n1,01/02/2023,S,V2,N4,U6,PR1,01/06/2023,E4A,,,,\n", encoding="utf-8"
    )
    cur, prev, failures = read_903_dir(sorted(tmp_path.rglob("*.csv")), 2025)
    assert not failures
    assert cur.tables["episodes"].height == 1 and prev.tables["episodes"].height == 1
    # the same table twice in one year is refused, not merged silently
    (tmp_path / "episodes_copy.csv").write_text(
        head + "\n2,01/02/2024,S,V2,N4,U6,PR1,,,,,,\n", encoding="utf-8"
    )
    _, _, failures = read_903_dir(sorted(tmp_path.rglob("*.csv")), 2025)
    assert [f.rule for f in failures] == ["duplicate_table"]


def test_sex_codes_change_in_2024_25(tmp_path: Path):
    head, _ = TABLES["header"]
    p = tmp_path / "header.csv"
    p.write_text(head + "\n1,1,01/02/2010,WBRI,UN2,,\n2,M,01/02/2010,WBRI,UN2,,\n", encoding="utf-8")
    assert [r["value"] for r in read_903_csv(p, 2025).problems.to_dicts()] == ["1"]
    assert [r["value"] for r in read_903_csv(p, 2024).problems.to_dicts()] == ["M"]

"""Bad input is reported precisely (file, table, row, column, value, rule), valid rows still load, counts
reconcile, and nothing is stored for a file that fails as a whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from csinspect.load.pseudonym import PseudonymKeyMissing
from csinspect.load.returns import load_dir
from csinspect.settings import Settings
from csinspect.sources.returns.cin_xml import read_cin_xml
from csinspect.sources.returns.folder import read_dir
from csinspect.sources.returns.problems import ReturnsFileError
from csinspect.sources.returns.ssda903 import read_903_csv
from csinspect.store import returns_files as storage

KEY = "test-key-0123456789abcdef"

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url="sqlite://", pseudonym_key=KEY, secret_key=None)


def problems_of(df: pl.DataFrame, rule: str) -> list[dict]:
    return df.filter(pl.col("rule") == rule).to_dicts()


def test_csv_missing_required_column_fails_the_file(tmp_path):
    p = write(tmp_path / "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,DEC,REC\n1,01/05/2024,S,C1,N1,,\n")
    with pytest.raises(ReturnsFileError) as exc:
        read_903_csv(p, 2025)
    assert exc.value.rule == "missing_column"
    assert "PLACE" in str(exc.value) and "episodes.csv" in str(exc.value)


def test_episode_rows_impossible_dates_unknown_codes_duplicates(tmp_path):
    rows = [
        "1,01/05/2024,S,C1,N1,U6,PR1,,,,LU1 1AA,LU2 2BB,",  # line 2 ok
        "2,01/06/2024,S,C1,N1,U6,PR1,01/05/2024,E4A,,,,",  # line 3 end before start
        "3,01/06/2024,S,ZZ,N1,U6,PR1,,,,,,",  # line 4 unknown LS
        "1,01/05/2024,S,C1,N1,U6,PR1,,,,,,",  # line 5 duplicate of line 2
        "4,31/02/2024,S,C1,N1,U6,PR1,,,,,,",  # line 6 not a date
        "5,01/07/2024,S,C2,N1,Q1,PR1,,,,,,",  # line 7 unknown PLACE
    ]
    p = write(tmp_path / "episodes.csv", EPISODES + "\n".join(rows) + "\n")
    res = read_903_csv(p, 2025)
    probs = res.problems
    got = {(r["row"], r["column"], r["rule"]) for r in probs.to_dicts()}
    assert (3, "DEC", "end_before_start") in got
    assert (4, "LS", "unknown_code") in got
    assert (5, "CHILD,DECOM", "duplicate_row") in got
    assert (6, "DECOM", "invalid_date") in got
    assert (7, "PLACE", "unknown_code") in got
    assert probs.filter(pl.col("rule") == "unknown_code", pl.col("row") == 4)["value"][0] == "ZZ"
    eps = res.tables["episodes"]
    assert eps["_row"].to_list() == [2]  # the valid row still loads
    (count,) = res.counts
    assert (count.read, count.accepted, count.rejected) == (6, 1, 5)
    # postcodes are never carried into the accepted table
    assert "HOME_POST" not in eps.columns and "PL_POST" not in eps.columns


def test_place_codes_follow_the_collection_year(tmp_path):
    p = write(
        tmp_path / "episodes.csv",
        EPISODES + "1,01/05/2025,S,C1,N1,Z1,PR1,,,,,,\n2,01/05/2025,S,C1,N1,Z11,PR1,,,,,,\n",
    )
    res = read_903_csv(p, 2026)
    assert problems_of(res.problems, "unknown_code")[0]["value"] == "Z1"  # Z1 split into Z11-Z14 from 2025-26
    res25 = read_903_csv(write(tmp_path / "e25.csv", EPISODES + "1,01/05/2024,S,C1,N1,Z1,PR1,,,,,,\n"), 2025)
    assert res25.problems.height == 0


def test_birth_after_episode_start_is_rejected(tmp_path):
    d = tmp_path / "in"
    write(d / "header.csv", HEADER + "1,M,01/01/2015,WBRI,UN1,,\n2,F,01/09/2024,WBRI,UN1,,\n")
    write(
        d / "episodes.csv",
        EPISODES + "1,01/05/2024,S,C1,N1,U6,PR1,,,,,,\n2,01/06/2024,S,C1,N1,U6,PR1,,,,,,\n",
    )
    rep = read_dir(d, "821", 2024 + 1)
    bad = problems_of(rep.problems, "birth_after_episode_start")
    assert [(b["file"], b["row"], b["column"]) for b in bad] == [("episodes.csv", 3, "DECOM")]
    assert rep.results["ssda903"].tables["episodes"]["CHILD"].to_list() == ["1"]
    assert all(c.reconciles for c in rep.counts)


def test_903_file_for_another_year_fails_as_a_whole(tmp_path):
    p = write(
        tmp_path / "episodes.csv",
        EPISODES
        + "1,01/05/2021,S,C1,N1,U6,PR1,01/06/2021,E4A,,,,\n2,01/07/2021,S,C1,N1,U6,PR1,01/08/2021,E4A,,,,\n",
    )
    with pytest.raises(ReturnsFileError) as exc:
        read_903_csv(p, 2025)
    assert exc.value.rule == "wrong_year"


CIN_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<Message>
<Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source></Header>
<Children>
"""
CHILD = """<Child>
<ChildIdentifiers><LAchildID>{id}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails>
<CINreferralDate>2024-06-01</CINreferralDate><ReferralSource>{source}</ReferralSource><ReferralNFA>0</ReferralNFA>
<Assessments><AssessmentActualStartDate>2024-06-02</AssessmentActualStartDate><AssessmentAuthorisationDate>{auth}</AssessmentAuthorisationDate></Assessments>
</CINdetails>
</Child>
"""


def cin_xml(children: list[dict], lea: str = "821", year: int = 2025) -> str:
    body = "".join(CHILD.format(**{"source": "6", "auth": "2024-07-01", **c}) for c in children)
    return CIN_HEAD.format(lea=lea, year=year) + body + "</Children>\n</Message>\n"


def test_cin_malformed_xml_reports_the_line(tmp_path):
    text = cin_xml([{"id": "A1"}, {"id": "A2"}]).replace(
        "<LAchildID>A2</LAchildID>", "<LAchildID>A2</LAchild>"
    )
    p = write(tmp_path / "cin.xml", text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "</LAchild>" in t)
    with pytest.raises(ReturnsFileError) as exc:
        read_cin_xml(p, la_code="821", year=2025)
    assert exc.value.rule == "malformed_xml"
    assert exc.value.line == line
    assert f"line {line}" in str(exc.value)


def test_cin_wrong_council_and_year(tmp_path):
    p = write(tmp_path / "cin.xml", cin_xml([{"id": "A1"}], lea="822"))
    with pytest.raises(ReturnsFileError, match="council 822, not 821"):
        read_cin_xml(p, la_code="821", year=2025)
    p2 = write(tmp_path / "cin2.xml", cin_xml([{"id": "A1"}], year=2024))
    with pytest.raises(ReturnsFileError, match="collection year 2024, not 2025"):
        read_cin_xml(p2, la_code="821", year=2025)


def test_cin_unknown_code_cascades_and_bad_assessment_is_rejected(tmp_path):
    text = cin_xml(
        [{"id": "A1"}, {"id": "A2", "source": "ZZ"}, {"id": "A3", "auth": "2024-05-01"}, {"id": "A1"}]
    )
    p = write(tmp_path / "cin.xml", text)
    res = read_cin_xml(p, la_code="821", year=2025)
    lines = text.splitlines()
    zz_line = (
        next(i for i, t in enumerate(lines, 1) if "<ReferralSource>ZZ" in t) - 1
    )  # the <CINdetails> line
    unknown = problems_of(res.problems, "unknown_code")
    assert [(u["table"], u["row"], u["column"], u["value"]) for u in unknown] == [
        ("cin_details", zz_line, "ReferralSource", "ZZ")
    ]
    assert {p["table"] for p in problems_of(res.problems, "parent_rejected")} == {"assessments"}
    assert len(problems_of(res.problems, "end_before_start")) == 1
    assert problems_of(res.problems, "duplicate_row")[0]["table"] == "children"  # A1 twice
    assert res.tables["cin_details"]["LAchildID"].to_list() == ["A1", "A3"]
    assert res.tables["assessments"]["LAchildID"].to_list() == ["A1"]
    assert all(c.reconciles for c in res.counts)


def test_nothing_stored_for_a_failed_file_and_valid_files_still_load(tmp_path):
    d = tmp_path / "821" / "2025"
    write(d / "header.csv", HEADER + "C1,M,01/01/2015,WBRI,UN1,,\n")
    write(d / "episodes.csv", EPISODES + "C1,01/05/2024,S,C1,N1,U6,PR1,,,,LU1 1AA,,\n")
    write(d / "cin.xml", cin_xml([{"id": "A1"}]).replace("</Children>", "</Childre>"))
    s = settings(tmp_path)
    rep = load_dir(d, "821", 2025, root=s.returns_dir, key=s.pseudonym_key)
    assert [f.rule for f in rep.failures] == ["malformed_xml"]
    root = s.returns_dir
    assert storage.read_table(root, "821", 2025, "cin", "cin_details") is None
    assert not (root / "821" / "2025" / "cin").exists()
    eps = storage.read_table(root, "821", 2025, "ssda903", "episodes")
    assert eps is not None and eps.height == 1
    leftovers = [p.name for p in (root / "821" / "2025").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_pseudonymised_at_the_edge(tmp_path):
    d = tmp_path / "in"
    write(d / "header.csv", HEADER + "SECRETID1,F,17/06/2015,WBRI,A123456789012,,\n")
    write(d / "episodes.csv", EPISODES + "SECRETID1,01/05/2024,S,C1,N1,U6,PR1,,,,LU1 1AA,LU2 2BB,\n")
    s = settings(tmp_path)
    load_dir(d, "821", 2025, root=s.returns_dir, key=s.pseudonym_key)
    root = s.returns_dir / "821" / "2025"
    blob = b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())
    for secret in (b"SECRETID1", b"LU1 1AA", b"LU2 2BB", b"A123456789012", KEY.encode()):
        assert secret not in blob
    hdr = storage.read_table(s.returns_dir, "821", 2025, "ssda903", "header")
    assert hdr is not None
    assert hdr["DOB"][0].isoformat() == "2015-06-01"  # degraded to the month
    assert len(hdr["CHILD"][0]) == 32
    eps = storage.read_table(s.returns_dir, "821", 2025, "ssda903", "episodes")
    assert eps is not None and eps["CHILD"][0] == hdr["CHILD"][0]  # still joinable
    # a different key gives different pseudonyms and is refused for the same council
    other = Settings(
        data_dir=s.data_dir, database_url="sqlite://", pseudonym_key="another-key-0123456789", secret_key=None
    )
    with pytest.raises(ReturnsFileError, match="different key"):
        load_dir(d, "821", 2025, root=other.returns_dir, key=other.pseudonym_key)
    with pytest.raises(PseudonymKeyMissing):
        load_dir(d, "821", 2025, root=tmp_path / "x" / "returns", key=None)


def test_reload_is_idempotent(tmp_path):
    d = tmp_path / "in"
    write(d / "episodes.csv", EPISODES + "C1,01/05/2024,S,C1,N1,U6,PR1,,,,,,\n")
    s = settings(tmp_path)
    load_dir(d, "821", 2025, root=s.returns_dir, key=s.pseudonym_key)
    load_dir(d, "821", 2025, root=s.returns_dir, key=s.pseudonym_key)
    eps = storage.read_table(s.returns_dir, "821", 2025, "ssda903", "episodes")
    assert eps is not None and eps.height == 1


NAMESPACED = """<?xml version="1.0"?>
<Message xmlns="http://www.dcsf.gov.uk/schemas/CIN">
<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><LEA>821</LEA></Source></Header>
<Children>
<Child><!-- a comment --><?pi x?>
<ChildIdentifiers><LAchildID>A1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>0</ReferralNFA><DateOfInitialCPC>2024-06-20</DateOfInitialCPC>
<Section47><S47ActualStartDate>2024-06-03</S47ActualStartDate><DateOfInitialCPC>2024-06-20</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>
<ChildProtectionPlans><CPPstartDate>2024-06-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2024-09-20</CPPreviewDate></Reviews></ChildProtectionPlans>
</CINdetails>
</Child>
</Children>
</Message>
"""


def test_cin_namespaces_comments_and_the_two_dateofinitialcpc(tmp_path):
    res = read_cin_xml(write(tmp_path / "ns.xml", NAMESPACED), la_code="821", year=2025)
    assert res.problems.height == 0
    assert res.tables["children"]["Disabilities"].to_list() == ["NONE"]
    assert str(res.tables["cin_details"]["DateOfInitialCPC"][0]) == "2024-06-20"
    s47 = res.tables["s47"]
    assert (str(s47["S47ActualStartDate"][0]), str(s47["DateOfInitialCPC"][0])) == (
        "2024-06-03",
        "2024-06-20",
    )
    assert res.tables["cpp_reviews"]["cpp_no"].to_list() == [1]

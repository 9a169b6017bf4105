"""Loads on SQLite and PostgreSQL: the same file twice leaves the database unchanged; a wrong-format file is
refused with the file and the expected sheet/column named, and nothing of it is stored. The files are the
small England of ``csinspect.testing.official`` (the official formats, made-up figures)."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from csinspect.load.outcome import FileOutcome
from csinspect.store.db import get_engine, session_scope
from csinspect.store.models import Authority, Inspection, SourceFile, StatNeighbour
from csinspect.testing.official import CURRENT, ilacs_history, in_year
from csinspect.testing.store import load_official as load_directory

MY_TABLES = (
    "source_file",
    "authority",
    "authority_code",
    "authority_name",
    "authority_succession",
    "sn_model",
    "stat_neighbour",
    "inspection",
    "judgement",
)
SMALL_AUTHORITY_FILES = (
    "cla_number_and_rate_per_10k_children.csv",
    "la_code_list.xlsx",
    "uk_local_authorities.csv",
)


def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a content hash (all columns, rows in primary-key order) of each table."""
    from sqlalchemy import MetaData

    engine = get_engine(url)
    meta = MetaData()
    meta.reflect(engine, only=MY_TABLES)
    out = {}
    with engine.connect() as conn:
        for name in MY_TABLES:
            t = meta.tables[name]
            rows = conn.execute(select(t).order_by(*t.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            out[name] = (len(rows), digest)
    return out


def _copy(folder: Path, dest: Path, names: tuple[str, ...]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(folder / n, dest / n)
    return dest


def test_loading_twice_leaves_the_database_unchanged(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    src = _copy(
        mini_official_dir,
        tmp_path / "in",
        (
            *SMALL_AUTHORITY_FILES,
            "sn_may_2025.xlsx",
            "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        ),
    )
    first = load_directory(src, db_url)
    assert all(not s.unchanged for s in first)
    before = snapshot(db_url)
    assert before["inspection"][0] == len(ilacs_history()) + len(in_year())
    assert before["stat_neighbour"][0] == 10 * len(CURRENT)
    second = load_directory(src, db_url)
    assert all(s.unchanged for s in second)
    assert snapshot(db_url) == before


def test_a_new_version_of_a_file_updates_in_place(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    """The same records from a file with another hash (e.g. re-saved) update rows, never duplicate them."""
    from csinspect.load.official.outcomes import LaOutcomesLoader

    src = _copy(
        mini_official_dir,
        tmp_path / "in",
        (*SMALL_AUTHORITY_FILES, "LA_Inspection_Outcomes_as_at_31_March_2025.ods"),
    )
    load_directory(src, db_url)
    with session_scope(db_url) as s:
        n_insp = s.scalar(select(func.count()).select_from(Inspection))
    loader = LaOutcomesLoader()
    path = src / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    with session_scope(db_url) as s:
        source = SourceFile(name=path.name, sha256="0" * 64, kind=loader.kind)
        s.add(source)
        s.flush()
        summary = loader.load(path, s, source)
    assert isinstance(summary, FileOutcome) and summary.rows_loaded == n_insp
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Inspection)) == n_insp


def _minimal_ods(path: Path, sheet: str) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Local authority name</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def _counts(url: str) -> tuple[int, int, int, int]:
    with session_scope(url) as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t))
            for t in (SourceFile, Authority, Inspection, StatNeighbour)
        )


def test_csv_with_a_renamed_column_is_refused_and_nothing_stored(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    name = "cla_number_and_rate_per_10k_children.csv"
    text = (mini_official_dir / name).read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    (bad / name).write_text(header.replace("la_name", "la_nm") + "\n" + rest)
    outcomes = load_directory(bad, db_url)  # read by the authority register and the indicator loader
    assert outcomes and all(o.status == "failed" for o in outcomes)
    for out in outcomes:
        assert name in out.reasons[0] and "la_name" in out.reasons[0]
    assert _counts(db_url) == (0, 0, 0, 0)


def test_ods_missing_the_sheet_is_refused_and_nothing_stored(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    src = _copy(mini_official_dir, tmp_path / "in", SMALL_AUTHORITY_FILES)
    load_directory(src, db_url)
    before = snapshot(db_url)
    _minimal_ods(src / "LA_Inspection_Outcomes_as_at_31_March_2025.ods", "Inspections_as_at_31_March")
    outcomes = {o.file: o for o in load_directory(src, db_url)}
    bad = outcomes["LA_Inspection_Outcomes_as_at_31_March_2025.ods"]
    assert bad.status == "failed" and all(o.status == "unchanged" for o in outcomes.values() if o is not bad)
    message = bad.reasons[0]
    assert (
        "LA_Inspection_Outcomes_as_at_31_March_2025.ods" in message and "ILACS_inspection_history" in message
    )
    assert snapshot(db_url) == before


def test_workbook_with_wrong_columns_names_the_sheet_and_columns(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    src = _copy(mini_official_dir, tmp_path / "in", SMALL_AUTHORITY_FILES)
    load_directory(src, db_url)
    before = snapshot(db_url)
    _minimal_ods(
        src / "Childrens_social_care_in_England_2023_underlying_data.ods", "LA_inspections_2009-2023"
    )
    [out] = load_directory(src, db_url, kinds={"ofsted_csc_2023_la_inspections"})
    assert out.status == "failed"
    assert "LA_inspections_2009-2023" in out.reasons[0] and "First SIF publication date" in out.reasons[0]
    assert snapshot(db_url) == before


def test_a_record_breaking_a_hard_rule_is_stored_as_needs_review(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    """A made-up SIF record (help and protection inadequate, overall good) goes through the real store path."""
    from csinspect.load.official.outcomes import store_records
    from csinspect.sources.official.ofsted_outcomes import Record

    load_directory(_copy(mini_official_dir, tmp_path / "in", SMALL_AUTHORITY_FILES), db_url)
    rec = Record(
        authority="Luton",
        resolve_on=None,
        key_date=date(2016, 3, 29),
        la_code="821",
        printed_name="Luton",
        framework_id="sif",
        document_type="sif",
        published=date(2016, 3, 29),
        inspection_start=None,
        source_ref="test row 1",
        grades=[
            ("overall_effectiveness", "Good", "test row 1 column A"),
            ("help_and_protection", "Inadequate", "test row 1 column B"),
            ("looked_after_and_permanence", "Good", "test row 1 column C"),
            ("leadership_management_governance", "Good", "test row 1 column D"),
            ("adoption_performance", "Outstandingish", "test row 1 column E"),
        ],
    )
    with session_scope(db_url) as s:
        source = SourceFile(name="test", sha256="1" * 64, kind="test")
        s.add(source)
        s.flush()
        store_records(s, [rec], source, FileOutcome(file="test", kind="test"))
    with session_scope(db_url) as s:
        insp = s.scalar(select(Inspection).where(Inspection.natural_key == rec.natural_key))
        assert insp is not None and insp.status == "needs_review"
        assert any("inadequate" in r.lower() for r in insp.reasons)
        by_id = {j.judgement_id: j for j in insp.judgements}
        assert by_id["overall_effectiveness"].status == "needs_review"
        assert by_id["adoption_performance"].grade is None and "not a grade" in (
            by_id["adoption_performance"].reason or ""
        )
        assert by_id["help_and_protection"].ordinal == 1 and by_id["overall_effectiveness"].ordinal == 3

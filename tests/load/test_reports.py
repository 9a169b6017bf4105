"""Ingestion into a real database (SQLite, then PostgreSQL under `make test`): authority resolution at the
inspection date, idempotent storage by content hash, one transaction per document, re-parse on a new parser
version, the CLI's jsonl output and show-inspection. The reports are PDFs written in Ofsted's layout by
``csinspect.testing.reports`` on the small England of ``csinspect.testing.official``; the seeds test reads
``../shared``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from csinspect.load import report_store as store_mod
from csinspect.store.db import session_scope
from csinspect.store.models import Document, IngestResult, Inspection, Judgement, ReportPage
from csinspect.testing.reports import FocusedVisit, Ilacs, SifWithLscb, not_a_pdf, write
from csinspect.testing.store import ingest as ingest_paths


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    return {
        "ilacs": write(Ilacs().pages(), folder / "luton_ilacs.pdf"),
        "sif": write(SifWithLscb().pages(), folder / "hertfordshire_sif.pdf"),
        "visit": write(FocusedVisit().pages(), folder / "norfolk_visit.pdf"),
        "html": not_a_pdf(folder / "download.pdf"),
    }


@pytest.fixture
def loaded_url(db_url: str, mini_official_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from csinspect.testing.store import load_official as load_directory

    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    load_directory(mini_official_dir, db_url, kinds={"authorities"})
    return db_url


def _count(url: str, model: type) -> int:
    with session_scope(url) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_ingest_resolves_stores_and_is_idempotent(loaded_url: str, reports: dict[str, Path]) -> None:
    files = [reports[k] for k in ("sif", "ilacs", "visit", "html")]
    names = {p.name: k for k, p in reports.items()}
    outcomes = {names[Path(o.file).name]: o for o in ingest_paths(files, loaded_url, workers=2)}
    assert outcomes["html"].status == "rejected"
    assert "HTML" in outcomes["html"].reasons[0]
    for name in ("sif", "ilacs", "visit"):
        assert outcomes[name].status == "ok", outcomes[name].reasons
    with session_scope(loaded_url) as s:
        herts = [s.get(Inspection, i) for i in outcomes["sif"].ids]
        assert [(i.la_code, i.framework_id, i.document_type) for i in herts if i] == [
            ("919", "sif", "sif"),
            ("919", "lscb", "lscb_review"),
        ]
        luton = s.get(Inspection, outcomes["ilacs"].ids[0])
        assert luton is not None and luton.la_code == "821" and luton.document_type == "ilacs_short"
        norfolk = s.get(Inspection, outcomes["visit"].ids[0])
        assert norfolk is not None and norfolk.la_code == "926" and norfolk.document_type == "focused_visit"
        j = s.scalars(select(Judgement).where(Judgement.inspection_id == herts[0].id)).all()  # type: ignore[union-attr]
        assert len(j) == 6 and all(x.page == 1 and x.span_text for x in j)
        doc = s.scalar(select(Document).where(Document.sha256 == outcomes["ilacs"].sha256))
        assert doc is not None and doc.stored_path and Path(doc.stored_path).name == f"{doc.sha256}.pdf"
        assert Path(doc.stored_path).is_file()
    counts = (_count(loaded_url, Document), _count(loaded_url, Inspection), _count(loaded_url, Judgement))
    assert counts == (3, 4, 5 + 6 + 1)
    # the same files again: nothing new, the same ids
    again = {names[Path(o.file).name]: o for o in ingest_paths(files, loaded_url, workers=1)}
    assert (
        _count(loaded_url, Document),
        _count(loaded_url, Inspection),
        _count(loaded_url, Judgement),
    ) == counts
    for name, o in outcomes.items():
        assert again[name].ids == o.ids
    assert any("unchanged" in n for n in again["ilacs"].notes)
    assert _count(loaded_url, IngestResult) == 2 * len(files)


def test_same_report_under_two_names_is_one_record(
    loaded_url: str, reports: dict[str, Path], tmp_path: Path
) -> None:
    src = reports["ilacs"]
    a, b = tmp_path / "luton.pdf", tmp_path / "children's services inspection - 27 october 2023.pdf"
    shutil.copyfile(src, a)
    shutil.copyfile(src, b)
    out = ingest_paths([a, b], loaded_url)
    assert out[0].ids == out[1].ids
    assert any("same content as" in n for n in out[1].notes)
    assert _count(loaded_url, Document) == 1
    assert _count(loaded_url, Inspection) == 1


def test_published_date_from_the_file_name_when_the_report_prints_none(
    tmp_path: Path, reports: dict[str, Path]
) -> None:
    b = tmp_path / "children's services inspection - 27 october 2023.pdf"
    shutil.copyfile(reports["ilacs"], b)
    assert ingest_paths([reports["ilacs"]], None, store=False)[0].detail["records"][0]["published"] is None
    out = ingest_paths([b], None, store=False)
    rec = out[0].detail["records"][0]
    assert rec["published"] == "2023-10-27" and rec["published_source"] == "filename"


def test_new_parser_version_reparses(
    loaded_url: str, reports: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = [reports["ilacs"]]
    first = ingest_paths(f, loaded_url)[0]
    monkeypatch.setattr("csinspect.sources.reports.parse.PARSER_VERSION", "99.0.0")
    second = ingest_paths(f, loaded_url)[0]
    assert not any("unchanged" in n for n in second.notes)
    assert first.status == second.status == "ok"
    assert _count(loaded_url, Inspection) == 1 and _count(loaded_url, Document) == 1
    with session_scope(loaded_url) as s:
        doc = s.scalar(select(Document))
        assert doc is not None and doc.parser_version == "99.0.0"
        ins = s.scalar(select(Inspection))
        assert ins is not None and ins.parser_version == "99.0.0"
        assert s.scalar(select(func.count()).select_from(Judgement)) == 5
        # the report's text, page by page, once: the newer parser's pages replaced the old ones
        pages = s.scalars(select(ReportPage).order_by(ReportPage.page)).all()
        assert [p.page for p in pages] == list(range(1, len(pages) + 1)) and len(pages) == doc.pages
        assert {p.inspection_id for p in pages} == {ins.id}
        # and the search index followed: the body's sentence is found once, on the new record
        from csinspect.analysis.search import SearchFilters, search

        hits = search(s, SearchFilters(q='"services for children in the area have improved"')).hits
        assert [(h.kind, h.inspection_id, h.page) for h in hits] == [("report_text", ins.id, 1)]


def test_authority_that_no_longer_exists(loaded_url: str, tmp_path: Path) -> None:
    p = tmp_path / "beds.txt"
    p.write_text(
        "Inspection of Bedfordshire local authority\nchildren's services\n"
        "Inspection dates: 2 to 13 December 2019\nLead inspector: A N Other, Her Majesty's Inspector\n"
        "Judgement Grade\nThe impact of leaders on social work practice with children and families\nGood\n"
        "The experiences and progress of children who need help and protection\nGood\n"
        "The experiences and progress of children in care and care leavers\nGood\nOverall effectiveness Good\n"
        + "The local authority provides good services. "
        * 40
    )
    out = ingest_paths([p], loaded_url)[0]
    assert out.status == "needs_review"
    assert any("Bedfordshire" in r and "2019-12-02" in r for r in out.reasons), out.reasons
    with session_scope(loaded_url) as s:
        ins = s.get(Inspection, out.ids[0])
        assert ins is not None and ins.status == "needs_review" and ins.la_code is None


def test_a_failing_document_leaves_nothing_half_stored(
    loaded_url: str, reports: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_mod._store_record
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # the LSCB record of the combined SIF report
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(store_mod, "_store_record", flaky)
    files = [reports["sif"], reports["ilacs"]]
    out = {Path(o.file).name: o for o in ingest_paths(files, loaded_url)}
    bad = out["hertfordshire_sif.pdf"]
    assert bad.status == "failed" and any("not stored: RuntimeError: disk full" in r for r in bad.reasons)
    assert bad.ids == []
    assert out["luton_ilacs.pdf"].status == "ok"  # the run went on
    with session_scope(loaded_url) as s:
        assert s.scalar(select(Document).where(Document.sha256 == bad.sha256)) is None
        assert s.scalar(select(func.count()).select_from(Inspection)) == 1


def test_cli_jsonl_strict_and_show(loaded_url: str, reports: dict[str, Path]) -> None:
    from csinspect.cli import app

    runner = CliRunner()
    files = [str(reports["ilacs"]), str(reports["html"])]
    res = runner.invoke(app, ["ingest", *files, "--format", "jsonl", "--database-url", loaded_url])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    by = {Path(x["source"]).name: x for x in lines}
    ok = by["luton_ilacs.pdf"]
    for key in (
        "id",
        "source",
        "sha256",
        "status",
        "reasons",
        "document_type",
        "framework",
        "authority",
        "inspection_start",
        "inspection_end",
        "published",
        "lead_inspector",
        "judgements",
        "recommendations",
        "facts",
    ):
        assert key in ok
    assert (
        ok["status"] == "ok"
        and ok["authority"]["la_code"] == "821"
        and ok["inspection_start"] == "2023-09-11"
    )
    assert {j["id"]: j["grade"] for j in ok["judgements"]}["help_and_protection"] == "requires_improvement"
    assert by["download.pdf"]["status"] == "rejected" and by["download.pdf"]["id"] is None

    strict = runner.invoke(app, ["ingest", *files, "--strict", "--database-url", loaded_url])
    assert strict.exit_code == 1
    assert "rejected" in strict.stdout

    show = runner.invoke(app, ["show-inspection", str(ok["id"]), "--database-url", loaded_url])
    assert show.exit_code == 0, show.output
    assert "Luton" in show.stdout and "Judgements" in show.stdout
    as_json = runner.invoke(app, ["show-inspection", str(ok["id"]), "--json", "--database-url", loaded_url])
    record = json.loads(as_json.stdout)
    assert record["lead_inspector"] == "Anna Gravelle"
    assert record["provenance"]["lead_inspector"]["page"] == 1
    grades = {j["id"]: (j["grade"], j["page"]) for j in record["judgements"]}
    assert grades["help_and_protection"] == ("requires_improvement", 1)
    assert [r["text"] for r in record["recommendations"]] == list(Ilacs().improvements)
    assert record["recommendations"][0]["page"] == 2
    missing = runner.invoke(app, ["show-inspection", "999999", "--database-url", loaded_url])
    assert missing.exit_code == 1


def test_seeds_resolve_to_their_authorities(
    db_url: str, official_dir: Path, shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csinspect.testing.store import load_official as load_directory

    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    load_directory(official_dir, db_url, kinds={"authorities"})
    seeds = sorted((shared_dir / "seeds").glob("00*_*.txt"))
    assert len(seeds) == 5
    outcomes = ingest_paths(seeds, db_url)
    expected_la = {"000": "821", "001": "821", "002": "821", "003": "821", "004": "855"}
    with session_scope(db_url) as s:
        for o in outcomes:
            prefix = Path(o.file).name[:3]
            rows = [s.get(Inspection, i) for i in o.ids]
            assert rows and all(r is not None and r.la_code == expected_la[prefix] for r in rows), o.file
            parts = {r.natural_key.rsplit(":", 1)[1]: r for r in rows if r}
            if prefix in {"000", "004"}:
                assert set(parts) == {"main", "youth", "corporate"}
            # only Leicestershire's corporate assessment prints one grade for two judgements
            flagged = {k for k, r in parts.items() if r.status != "ok"}
            assert flagged == ({"corporate"} if prefix == "004" else set()), (
                prefix,
                [r.reasons for r in rows if r],
            )


def _resaved(src: Path, dest: Path) -> Path:
    """The same report saved again by another program: other bytes, the same pages."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(src))
    writer.add_metadata({"/Producer": "Microsoft Print to PDF", "/Title": "Luton ILACS"})
    with dest.open("wb") as fh:
        writer.write(fh)
    assert dest.read_bytes() != src.read_bytes()
    return dest


def test_a_resaved_copy_is_one_inspection(loaded_url: str, reports: dict[str, Path], tmp_path: Path) -> None:
    first = ingest_paths([reports["ilacs"]], loaded_url)[0]
    copy = ingest_paths([_resaved(reports["ilacs"], tmp_path / "luton (1).pdf")], loaded_url)[0]
    assert copy.status == "ok" and copy.ids == first.ids
    assert any("saved again" in n and "luton_ilacs.pdf" in n for n in copy.notes), copy.notes
    assert _count(loaded_url, Inspection) == 1 and _count(loaded_url, Document) == 2
    with session_scope(loaded_url) as s:
        docs = {d.filename.rsplit("/", 1)[-1]: d for d in s.scalars(select(Document))}
        assert docs["luton (1).pdf"].copy_of == docs["luton_ilacs.pdf"].id
    # a different report (other grades) of the same authority and dates is not a copy
    other = Ilacs(grades={**Ilacs().grades, "care_leavers": "Outstanding"})
    second = ingest_paths([write(other.pages(), tmp_path / "luton-other.pdf")], loaded_url)[0]
    assert second.ids != first.ids and _count(loaded_url, Inspection) == 2


def test_a_file_name_date_far_from_the_visit_needs_review(tmp_path: Path, reports: dict[str, Path]) -> None:
    wrong = tmp_path / "children's services inspection - 27 october 2021.pdf"  # two years before the visit
    shutil.copyfile(reports["ilacs"], wrong)
    out = ingest_paths([wrong], None, store=False)[0]
    rec = out.detail["records"][0]
    assert rec["published"] == "2021-10-27" and rec["published_source"] == "filename"
    assert out.status == "needs_review" and any("file name" in r for r in out.reasons)


def test_a_file_name_date_never_overrides_ofsteds_listed_date(
    db_url: str, mini_official_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from csinspect.testing.official import ilacs_history
    from csinspect.testing.store import load_official as load_directory

    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    load_directory(mini_official_dir, db_url, kinds={"authorities", "ofsted_la_outcomes"})
    [row] = [r for r in ilacs_history() if r["area"].la_code == "821" and r["start"].year == 2023]
    report = Ilacs(start=row["start"], end=row["start"] + timedelta(days=11))
    named = f"children's services inspection - {row['published'] + timedelta(days=9):%d %B %Y}.pdf".lower()
    out = ingest_paths([write(report.pages(), tmp_path / named)], db_url)[0]
    rec = out.detail["records"][0]
    assert rec["published"] == row["published"].isoformat() and rec["published_source"] == "official_table"
    assert out.status == "needs_review" and any("Ofsted's table lists" in r for r in out.reasons)


def test_a_file_name_that_is_not_utf8_keeps_a_valid_report(
    loaded_url: str, reports: dict[str, Path], tmp_path: Path
) -> None:
    import os

    odd = Path(os.fsdecode(tmp_path.as_posix().encode() + b"/luton-\xff\xfe.pdf"))
    shutil.copyfile(reports["ilacs"], odd)
    [out] = ingest_paths([odd], loaded_url)
    assert out.status == "ok" and out.ids, out.reasons
    assert "\ufffd" in out.file  # shown readably, never as raw bytes
    with session_scope(loaded_url) as s:
        assert s.scalar(select(Document.filename)) == "luton-\ufffd\ufffd.pdf"


def test_two_runs_storing_the_same_report_at_once(
    loaded_url: str, reports: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both runs look, find nothing, and insert: the second meets the first's row and reads it back
    (before, it reported a valid document as rejected)."""
    import threading

    from csinspect.load import report_store

    both_looked = threading.Barrier(2, timeout=30)
    original = report_store._same_report

    def after_the_look(*args, **kwargs):  # type: ignore[no-untyped-def]
        both_looked.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(report_store, "_same_report", after_the_look)
    results: list = []

    def run() -> None:
        results.extend(ingest_paths([reports["ilacs"]], loaded_url))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [o.status for o in results] == ["ok", "ok"], [o.reasons for o in results]
    assert results[0].ids == results[1].ids
    assert _count(loaded_url, Document) == 1 and _count(loaded_url, Inspection) == 1


def test_a_files_pages_are_split_between_its_reports(loaded_url: str, tmp_path: Path) -> None:
    """A SIF report with the LSCB review's own report from page 4: the pages before belong to the SIF record,
    the rest to the LSCB's, so a search hit opens the right inspection."""
    pdf = write(SifWithLscb(lscb_own_report=True, lscb="requires improvement").pages(), tmp_path / "sif.pdf")
    out = ingest_paths([pdf], loaded_url)[0]
    assert len(out.ids) == 2
    with session_scope(loaded_url) as s:
        owner = dict(s.execute(select(ReportPage.page, ReportPage.inspection_id)).all())
        frameworks = dict(s.execute(select(Inspection.id, Inspection.framework_id)).all())
    assert {frameworks[owner[p]] for p in owner if p < 4} == {"sif"}
    assert {frameworks[owner[p]] for p in owner if p >= 4} == {"lscb"}

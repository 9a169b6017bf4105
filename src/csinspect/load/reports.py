"""Loading inspection reports: expand paths, parse in worker processes (``sources.reports.parse``, no database),
check each record against its framework, resolve its authority at the inspection date, then store one
transaction per document (``report_store``). A file that fails for any reason is recorded with its reason and
the run goes on; the exit status says whether every file was stored.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from csinspect.authorities.resolve import AmbiguousAuthority, AuthorityIndex, UnknownAuthority
from csinspect.load.outcome import FileOutcome
from csinspect.load.report_store import (
    Resolution,
    display_name,
    keep_original,
    listed_publication,
    readable,
    record_result,
    store_document,
)
from csinspect.records import (
    AuthorityRef,
    FactRecord,
    FindingRecord,
    InspectionRecord,
    JudgementRecord,
    Quote,
    RecommendationRecord,
    SourceRecord,
)
from csinspect.sources.reports import PARSER_VERSION
from csinspect.sources.reports.checks import check_record
from csinspect.sources.reports.normalise import Span
from csinspect.sources.reports.parse import parse_document
from csinspect.sources.reports.records import Dated, ParsedDocument, ReportRecord
from csinspect.sources.sandbox import Failure, Limits, run_many

__all__ = ["expand_paths", "ingest_paths", "parse_document", "report_json"]

KIND = "report"
SUFFIXES = {".pdf", ".txt", ".md", ".text", ".markdown"}


def report_json(out: FileOutcome) -> dict[str, Any]:
    """One line of ``ingest --format jsonl``: the file's outcome and its main record's fields at the top."""
    records: list[dict[str, Any]] = out.detail.get("records", [])
    main = records[0] if records else {}
    line: dict[str, Any] = {
        "id": out.ids[0] if out.ids else None,
        "ids": out.ids,
        "source": out.file,
        "sha256": out.sha256,
        "status": out.status,
        "reasons": out.reasons,
        "notes": out.notes,
        "document_type": out.detail.get("document_type"),
        "framework": out.detail.get("framework"),
    }
    for key in (
        "authority",
        "inspection_start",
        "inspection_end",
        "published",
        "lead_inspector",
        "judgements",
        "recommendations",
        "facts",
    ):
        line[key] = main.get(key)
    line["records"] = records
    return line


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files, folders (recursive, report suffixes only) and glob patterns, in a stable order, once each."""
    seen: set[Path] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        rp = p.resolve()
        if rp not in seen:
            seen.add(rp)
            out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES:
                    add(f)
        elif p.exists():
            add(p)
        else:
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                add(p)  # reported as unreadable by the parser
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in sorted(mp.rglob("*")):
                        if f.is_file() and f.suffix.lower() in SUFFIXES:
                            add(f)
                elif mp.is_file():
                    add(mp)
    return out


def authority_index(session: Session | None) -> tuple[AuthorityIndex | None, str | None]:
    """The authority index (built once per run) or the reason there is none."""
    if session is None:
        return None, "no database: authority not resolved"
    try:
        index = AuthorityIndex.from_session(session)
    except Exception as exc:  # an unreachable database: the records then need review, nothing is lost
        session.rollback()
        return None, f"authority index unavailable ({type(exc).__name__}: {exc})"
    if not len(index):
        return (
            None,
            "the authority register is empty: load the official authority data first (csinspect data load)",
        )
    return index, None


def resolve_authority(
    index: AuthorityIndex | None, record: ReportRecord, unavailable: str | None = None
) -> Resolution:
    """The record's authority at the inspection date (or publication date when no dates are printed)."""
    if index is None:
        return Resolution(problem=unavailable or "authority not resolved")
    if not record.authority_printed:
        return Resolution(problem="the authority's name was not found in the report")
    on: date | None = (
        record.inspection_start.value
        if record.inspection_start
        else record.published.value
        if record.published
        else None
    )
    try:
        r = index.resolve(record.authority_printed, on=on)
    except (UnknownAuthority, AmbiguousAuthority) as exc:
        return Resolution(problem=f"authority: {exc}")
    info = index.get(r.la_code)
    problem = None
    if info is not None and on is not None and not info.valid_on(on):
        until = f" (it existed until {info.valid_until.isoformat()})" if info.valid_until else ""
        since = (
            f" (it exists from {info.valid_from.isoformat()})"
            if info.valid_from and info.valid_from > on
            else ""
        )
        problem = f"authority {r.la_code} {r.name} did not exist on {on.isoformat()}{until}{since}"
    return Resolution(r.la_code, r.gss_code, r.name, r.method, r.score, problem)


# ---- worker side --------------------------------------------------------------------------------------------


def _init_worker() -> None:
    """Load the framework definitions, the readers and their compiled patterns once; workers forked
    after this call inherit them instead of each paying for it."""
    from csinspect.sources.reports.readers import load_readers
    from csinspect.sources.reports.warm import warm_up

    load_readers()
    warm_up()


def _work(path: str) -> tuple[ParsedDocument, list[list[str]]]:
    """Parse and self-check one file (runs in a worker process). Never raises: an unexpected error in a
    reader becomes the file's rejection reason, so one bad file cannot stop a run."""
    try:
        parsed = parse_document(path)
        return parsed, [list(rec.reasons) + check_record(rec) for rec in parsed.records]
    except Exception as exc:
        return _failed_parse(path, f"could not be read: {type(exc).__name__}: {exc}"), []


def _failed_parse(path: str, reason: str) -> ParsedDocument:
    return ParsedDocument(path, None, None, 0, _size(Path(path)), PARSER_VERSION, rejected=reason)


# ---- main side ------------------------------------------------------------------------------------------------


def _quote(s: Span | None, source: str | None = None) -> Quote | None:
    return None if s is None else Quote(page=s.page, text=s.text, source=source)


def parsed_record(
    rec: ReportRecord, res: Resolution, reasons: list[str], inspection_id: int | None, parsed: ParsedDocument
) -> InspectionRecord:
    """A record as read (before or after it is stored), in the one record schema."""
    return InspectionRecord(
        id=inspection_id,
        ids=[inspection_id] if inspection_id is not None else [],
        part=rec.part,
        status="needs_review" if reasons else "ok",
        reasons=reasons,
        framework=rec.framework_id,
        document_type=rec.document_type,
        authority=AuthorityRef(
            la_code=res.la_code, gss_code=res.gss_code, name=res.name, printed=rec.authority_printed
        ),
        inspection_start=rec.inspection_start.value if rec.inspection_start else None,
        inspection_end=rec.inspection_end.value if rec.inspection_end else None,
        published=rec.published.value if rec.published else None,
        published_source=rec.published.source if rec.published else None,
        lead_inspector=rec.lead_inspector,
        judgements=[
            JudgementRecord(
                id=j.judgement_id,
                title=j.title,
                label=j.label,
                grade=j.grade,
                ordinal=j.ordinal,
                status=j.status,
                reason=j.reason,
                page=j.span.page if j.span else None,
                quote=j.span.text if j.span else None,
                confirmed_on_pages=[c.page for c in j.confirmed_by],
            )
            for j in rec.judgements
        ],
        recommendations=[
            RecommendationRecord(
                seq=n,
                text=x.text,
                category=x.category,
                section=x.section,
                page=x.span.page if x.span else None,
                quote=x.span.text if x.span else None,
                timescale=x.timescale,
                theme=x.theme,
                number=x.number,
                framework_tag=x.tag,
                national_framework=list(x.outcome),
            )
            for n, x in enumerate(rec.recommendations, start=1)
        ],
        facts=[
            FactRecord(
                name=f.name,
                value=f.value,
                unit=f.unit,
                as_of=f.as_of,
                as_of_basis=f.as_of_basis,
                page=f.span.page if f.span else None,
                quote=f.span.text if f.span else None,
            )
            for f in rec.facts
        ],
        findings=[FindingRecord(kind=f.kind, area=f.area, text=f.text, page=f.page) for f in rec.findings],
        provenance={
            "authority": _quote(rec.authority_span),
            "inspection_dates": _quote(rec.inspection_start.span) if rec.inspection_start else None,
            "published": _quote(rec.published.span, rec.published.source) if rec.published else None,
            "lead_inspector": _quote(rec.lead_inspector_span),
        },
        sources=[
            SourceRecord(
                inspection_id=inspection_id,
                origin="report",
                title=display_name(parsed.path),
                reference=f"{display_name(parsed.path)}#{rec.part}",
            )
        ],
        sha256=parsed.sha256,
        parser_version=parsed.parser_version,
        extra=dict(rec.extra),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _iter_parsed(
    paths: list[Path], workers: int, limits: Limits, method: str | None
) -> Iterator[tuple[ParsedDocument, list[list[str]]]]:
    """Each file parsed in a child process, one at a time per child (a crash, a bomb or a hang is that file's
    reason alone: the child that failed is replaced)."""
    _init_worker()  # before forking, so every child inherits the loaded frameworks
    # largest files first: a big report started last would keep one worker busy while the others idle
    ordered = sorted(paths, key=_size, reverse=True)
    for path, result in run_many(_work, [str(p) for p in ordered], limits, workers, method=method):
        if isinstance(result, Failure):
            yield _failed_parse(path, f"could not be read: {result}"), []
        else:
            yield result


def ingest_paths(
    paths: Iterable[str | Path],
    session: Session | None,
    workers: int = 1,
    *,
    store: bool = True,
    documents_dir: Path | None = None,
    progress: Callable[[FileOutcome], None] | None = None,
    limits: Limits | None = None,
    method: str | None = "fork",
) -> list[FileOutcome]:
    """Ingest every report under ``paths``; one outcome per file, in completion order.

    ``session`` is the store: authorities are resolved against it, and (unless ``store`` is false) each
    document is stored in its own transaction; a failure rolls back that document alone and the run goes on.
    None parses and checks only. ``documents_dir`` keeps the originals (by content hash). Every file is read in
    a child process within ``limits`` (``method``: how children start; a threaded server uses "forkserver")."""
    files = expand_paths(paths)
    outcomes: list[FileOutcome] = []
    first_name: dict[str, str] = {}
    index: AuthorityIndex | None = None
    unavailable: str | None = None
    index_loaded = False
    if session is not None and method == "fork":
        session.close()
        session.get_bind().engine.dispose()  # no pooled connection is inherited by the forked readers
    for parsed, reasons in _iter_parsed(files, workers, limits or Limits(), method):
        if not index_loaded:  # built once, while the workers are already parsing
            index, unavailable = authority_index(session)
            index_loaded = True
        resolutions = []
        for rec, why in zip(parsed.records, reasons, strict=True):
            res = resolve_authority(index, rec, unavailable)
            if res.problem:
                why.append(res.problem)
            resolutions.append(res)
            if session is not None and res.la_code:
                _prefer_listed_date(session, rec, res.la_code, why)
        out = _outcome(parsed, resolutions, reasons)
        if (
            parsed.sha256
            and parsed.sha256 in first_name
            and first_name[parsed.sha256] != readable(parsed.path)
        ):
            out.notes.append(f"same content as {first_name[parsed.sha256]}: stored once (one record)")
        elif parsed.sha256:
            first_name[parsed.sha256] = readable(parsed.path)
        if session is not None and store:
            try:
                try:
                    _store_one(session, parsed, resolutions, reasons, out, documents_dir)
                except IntegrityError:  # another run stored the same document meanwhile: it is there now
                    session.rollback()
                    _store_one(session, parsed, resolutions, reasons, out, documents_dir)
            except Exception as exc:  # nothing of this document was written (rolled back)
                session.rollback()
                out.status = "failed"
                out.reasons.append(f"not stored: {type(exc).__name__}: {exc}")
        outcomes.append(out)
        if progress is not None:
            progress(out)
    if session is not None and store and any(o.ids for o in outcomes):
        from csinspect.load.search_index import index_report_pages

        index_report_pages(session)  # the new pages' text, searchable, in one statement for the whole run
    return outcomes


def _prefer_listed_date(session: Session, rec: ReportRecord, la_code: str, why: list[str]) -> None:
    """A publication date taken from a file name never overrides the one Ofsted's table lists for the same
    inspection: the listed date is kept, and a disagreement is a reason to review."""
    if rec.published is None or rec.published.source != "filename" or rec.inspection_start is None:
        return
    try:
        listed = listed_publication(
            session.connection(), la_code, rec.framework_id, rec.inspection_start.value
        )
    except Exception:  # no store to ask (a dry run against an unready database): the file-name date stands
        session.rollback()
        return
    if listed is None or listed == rec.published.value:
        return
    why.append(
        f"the file name says published {rec.published.value.isoformat()}; Ofsted's table lists "
        f"{listed.isoformat()} for this inspection (kept)"
    )
    rec.published = Dated(listed, None, source="official_table")


def _store_one(
    session: Session,
    parsed: ParsedDocument,
    resolutions: list[Resolution],
    reasons: list[list[str]],
    out: FileOutcome,
    documents_dir: Path | None,
) -> None:
    """Store one document in its own transaction (an error rolls all of it back and propagates)."""
    conn = session.connection()
    ids: list[int] = []
    if parsed.rejected is None and parsed.sha256:
        stored = keep_original(Path(parsed.path), parsed.sha256, documents_dir) if documents_dir else None
        stored_res = store_document(conn, parsed, resolutions, reasons, stored)
        ids = stored_res.inspection_ids
        if stored_res.unchanged:
            note = "already ingested by this parser version: unchanged"
            if stored_res.duplicate_of:
                note = f"same content as {stored_res.duplicate_of}: stored once (one record)"
            if stored_res.copy_of:
                note = f"the same report as {stored_res.copy_of} saved again: kept as its copy (one record)"
            if note not in out.notes:
                out.notes.append(note)
    record_result(
        conn, parsed.path, parsed.sha256, out.status, out.reasons, out.detail.get("document_type"), ids
    )
    session.commit()
    out.ids = ids
    for rec_json, i in zip(out.detail.get("records", []), ids, strict=False):
        rec_json["id"] = i
        rec_json["ids"] = [i]
        for src in rec_json.get("sources", []):
            src["inspection_id"] = i


def _outcome(parsed: ParsedDocument, resolutions: list[Resolution], reasons: list[list[str]]) -> FileOutcome:
    detail: dict[str, Any] = {"pages": parsed.pages, "seconds": parsed.seconds, "document_type": None}
    if parsed.rejected is not None:
        return FileOutcome(
            readable(parsed.path),
            KIND,
            "rejected",
            reasons=[parsed.rejected],
            sha256=parsed.sha256,
            detail=detail,
        )
    flat: list[str] = []
    for rec, why in zip(parsed.records, reasons, strict=True):
        prefix = f"[{rec.part}] " if len(parsed.records) > 1 else ""
        flat += [prefix + w for w in why]
    main = parsed.records[0]
    detail |= {
        "document_type": main.document_type,
        "framework": main.framework_id,
        "records": [
            parsed_record(r, res, why, None, parsed).model_dump(mode="json")
            for r, res, why in zip(parsed.records, resolutions, reasons, strict=True)
        ],
    }
    return FileOutcome(
        readable(parsed.path),
        KIND,
        "needs_review" if flat else "ok",
        reasons=flat,
        sha256=parsed.sha256,
        detail=detail,
    )


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))

"""Storing parsed documents: one transaction per document (the caller's), keyed by content hash.

The same content under another name is one record; the same content parsed by an older parser version is
re-parsed and its records replaced; the original file is kept as ``documents_dir/<sha256>.<ext>``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Insert, Table, bindparam, delete, insert, select, update

from csinspect.sources.reports.normalise import Span
from csinspect.sources.reports.records import ParsedDocument, ReportRecord
from csinspect.store.models import (
    Document,
    Fact,
    Finding,
    IngestResult,
    Inspection,
    Judgement,
    Recommendation,
    ReportPage,
)


@dataclass
class Resolution:
    """The authority a record was resolved to (or why not)."""

    la_code: str | None = None
    gss_code: str | None = None
    name: str | None = None
    method: str | None = None
    score: float | None = None
    problem: str | None = None


@dataclass
class StoreResult:
    inspection_ids: list[int] = field(default_factory=list)
    unchanged: bool = False
    duplicate_of: str | None = None  # the first file name the same content was stored under
    copy_of: str | None = None  # the file this one is a re-saved copy of (other bytes, the same report)


def _span(s: Span | None) -> dict[str, Any] | None:
    return None if s is None else {"page": s.page, "start": s.start, "end": s.end, "text": s.text}


def readable(text: str) -> str:
    """A path as text that can be stored and shown: bytes that are not UTF-8 (Python keeps them as
    surrogates) become U+FFFD instead of failing the insert."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def display_name(path: str) -> str:
    """A file's name (no folders), readable."""
    return readable(Path(path).name)[:500]


def keep_original(path: Path, sha256: str, documents_dir: Path) -> Path:
    """Copy the original into the documents folder under its content hash (a partial copy, as on a full
    disk, is removed and the error raised: the document is then not stored)."""
    documents_dir.mkdir(parents=True, exist_ok=True)
    suffix = "".join(c for c in path.suffix.lower() if c.isalnum() or c == ".")[:10] or ".bin"
    target = documents_dir / f"{sha256}{suffix}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + f".{os.getpid()}.part")
        try:
            shutil.copyfile(path, tmp)
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return target


# Core statements built once: each document costs a handful of cached, pre-compiled executions on one
# connection instead of ORM unit-of-work flushes (the parent stores while the workers parse, so every
# millisecond here competes with parsing for the CPU).
_DOCUMENT = cast(Table, Document.__table__)
_INSPECTION = cast(Table, Inspection.__table__)
_FIND_DOCUMENT = select(Document.id, Document.parser_version, Document.filename).where(
    Document.sha256 == bindparam("sha256")
)
_INSPECTION_IDS = (
    select(Inspection.id).where(Inspection.document_id == bindparam("document_id")).order_by(Inspection.id)
)
_INSERT_DOCUMENT = insert(_DOCUMENT).returning(_DOCUMENT.c.id)
_INSERT_INSPECTION = insert(_INSPECTION).returning(_INSPECTION.c.id)
_DELETE_INSPECTIONS = delete(_INSPECTION).where(_INSPECTION.c.document_id == bindparam("document_id"))
_INSERTS: dict[type, Insert] = {
    model: insert(cast(Table, model.__table__))
    for model in (Judgement, Recommendation, Finding, Fact, IngestResult, ReportPage)
}


def store_document(
    conn: Connection,
    parsed: ParsedDocument,
    resolutions: list[Resolution],
    reasons: list[list[str]],
    stored_path: Path | None,
) -> StoreResult:
    """Write the document and its records in the caller's transaction; returns the inspection ids."""
    assert parsed.sha256 is not None
    found = conn.execute(_FIND_DOCUMENT, {"sha256": parsed.sha256}).first()
    if found is not None and found.parser_version == parsed.parser_version:
        ids = list(conn.execute(_INSPECTION_IDS, {"document_id": found.id}).scalars())
        return StoreResult(
            ids,
            unchanged=True,
            duplicate_of=found.filename if found.filename != display_name(parsed.path) else None,
        )
    original = _same_report(conn, parsed, resolutions) if found is None else None
    if found is None:
        doc_id = conn.execute(
            _INSERT_DOCUMENT,
            {
                "sha256": parsed.sha256,
                "filename": display_name(parsed.path),  # the name only: no server path is ever shown
                "media_type": parsed.media_type or "application/octet-stream",
                "pages": parsed.pages,
                "bytes": parsed.bytes,
                "stored_path": str(stored_path) if stored_path else None,
                "parser_version": parsed.parser_version,
                "copy_of": original.id if original is not None else None,
            },
        ).scalar_one()
        if original is not None:  # re-saved: the original's records stand; this file is kept as its copy
            ids = list(conn.execute(_INSPECTION_IDS, {"document_id": original.id}).scalars())
            return StoreResult(ids, unchanged=True, copy_of=original.filename)
    else:  # a newer parser: replace what the old one stored
        doc_id = found.id
        conn.execute(_DELETE_INSPECTIONS, {"document_id": doc_id})
        changes: dict[str, Any] = {"parser_version": parsed.parser_version, "pages": parsed.pages}
        if stored_path:
            changes["stored_path"] = str(stored_path)
        conn.execute(update(_DOCUMENT).where(_DOCUMENT.c.id == doc_id).values(**changes))
    ids = []
    for record, res, why in zip(parsed.records, resolutions, reasons, strict=True):
        ids.append(_store_record(conn, int(doc_id), parsed, record, res, why))
    _store_pages(conn, parsed, ids)
    return StoreResult(ids)


def _store_pages(conn: Connection, parsed: ParsedDocument, ids: list[int]) -> None:
    """Each page's text under the record whose report it belongs to (a second report in the file begins on its
    ``first_page``); one insert for the whole document."""
    starts = [int(r.extra.get("first_page", 1)) for r in parsed.records]
    rows = []
    for n, text in enumerate(parsed.page_texts, start=1):
        if not text.strip():
            continue
        owner = max((i for i, first in enumerate(starts) if first <= n), default=0)
        rows.append({"inspection_id": ids[owner], "page": n, "text": text})
    if rows:
        conn.execute(_INSERTS[ReportPage], rows)


def _same_report(conn: Connection, parsed: ParsedDocument, resolutions: list[Resolution]) -> Any:
    """The stored document this one is a re-saved copy of: every record matches one of its records on
    authority, document type, dates and grades (and it has no other). None when any record is unresolved."""
    keys = []
    for r, res in zip(parsed.records, resolutions, strict=True):
        if res.la_code is None or r.inspection_start is None:
            return None
        graded = tuple(sorted((j.judgement_id, j.grade or "") for j in r.judgements))
        keys.append(
            (res.la_code, r.document_type, r.inspection_start.value, _value(r.inspection_end), graded)
        )
    if not keys:
        return None
    la, dtype, start = keys[0][:3]
    candidates = conn.execute(
        select(Inspection.id, Inspection.document_id, Inspection.la_code, Inspection.document_type,
               Inspection.inspection_start, Inspection.inspection_end)
        .where(Inspection.origin == "report", Inspection.la_code == la, Inspection.document_type == dtype,
               Inspection.inspection_start == start, Inspection.document_id.is_not(None))
    ).all()  # fmt: skip
    for doc_id in {c.document_id for c in candidates}:
        rows = conn.execute(
            select(Inspection.id, Inspection.la_code, Inspection.document_type, Inspection.inspection_start,
                   Inspection.inspection_end).where(Inspection.document_id == doc_id)
        ).all()  # fmt: skip
        grades: dict[int, list[tuple[str, str]]] = {row.id: [] for row in rows}
        for jid, iid, grade in conn.execute(
            select(Judgement.judgement_id, Judgement.inspection_id, Judgement.grade).where(
                Judgement.inspection_id.in_(list(grades))
            )
        ):
            grades[iid].append((jid, grade or ""))
        theirs = sorted(
            (
                row.la_code,
                row.document_type,
                row.inspection_start,
                row.inspection_end,
                tuple(sorted(grades[row.id])),
            )
            for row in rows
        )
        if theirs == sorted(keys):
            return conn.execute(select(Document.id, Document.filename).where(Document.id == doc_id)).first()
    return None


def listed_publication(conn: Connection, la_code: str, framework_id: str, start: Any) -> Any:
    """The publication date Ofsted's own table lists for this inspection (same authority, framework and
    start), or None."""
    return conn.execute(
        select(Inspection.published)
        .where(
            Inspection.origin == "official_table",
            Inspection.la_code == la_code,
            Inspection.framework_id == framework_id,
            Inspection.inspection_start == start,
            Inspection.published.is_not(None),
        )
        .limit(1)
    ).scalar()


def _value(d: Any) -> Any:
    return d.value if d is not None else None


def _store_record(
    conn: Connection,
    doc_id: int,
    parsed: ParsedDocument,
    r: ReportRecord,
    res: Resolution,
    reasons: list[str],
) -> int:
    provenance = {
        "authority": _span(r.authority_span),
        "inspection_dates": _span(r.inspection_start.span) if r.inspection_start else None,
        "published": (
            {"source": r.published.source, **(_span(r.published.span) or {})} if r.published else None
        ),
        "lead_inspector": _span(r.lead_inspector_span),
        "classification": _span(parsed.classification.evidence) if parsed.classification else None,
    }
    extra = dict(r.extra)
    extra["provenance"] = provenance
    if res.la_code:
        extra["authority_resolution"] = {"method": res.method, "score": res.score, "name": res.name}
    row = dict(
        natural_key=f"report:{parsed.sha256}:{r.part}",
        origin="report",
        la_code=res.la_code,
        authority_printed=r.authority_printed,
        framework_id=r.framework_id,
        document_type=r.document_type,
        inspection_start=r.inspection_start.value if r.inspection_start else None,
        inspection_end=r.inspection_end.value if r.inspection_end else None,
        published=r.published.value if r.published else None,
        lead_inspector=r.lead_inspector,
        status="needs_review" if reasons else "ok",
        reasons=reasons,
        document_id=doc_id,
        source_ref=f"{display_name(parsed.path)}#{r.part}",
        parser_version=parsed.parser_version,
        extra=extra,
    )
    ins_id = conn.execute(_INSERT_INSPECTION, row).scalar_one()
    rows: list[dict[str, Any]] = []
    for j in r.judgements:
        confirmations = ", ".join(f"p{s.page}" for s in j.confirmed_by)
        rows.append(
            {
                "inspection_id": ins_id,
                "judgement_id": j.judgement_id,
                "label": j.label,
                "grade": j.grade,
                "ordinal": j.ordinal,
                "status": j.status,
                "reason": j.reason,
                "page": j.span.page if j.span else None,
                "span_text": j.span.text if j.span else None,
                "span_start": j.span.start if j.span else None,
                "span_end": j.span.end if j.span else None,
                "source_ref": (
                    f"title: {j.title}" + (f"; confirmed on {confirmations}" if confirmations else "")
                )[:300],
            }
        )
    _bulk(conn, Judgement, rows)
    _bulk(
        conn,
        Recommendation,
        [
            {
                "inspection_id": ins_id,
                "seq": seq,
                "text": rec.text,
                "category": rec.category,
                "section": rec.section,
                "page": rec.span.page if rec.span else None,
                "span_text": rec.span.text if rec.span else None,
                "timescale": rec.timescale,
                "theme": rec.theme,
                "printed_number": rec.number,
                "nf_tag": rec.tag,
                "nf_elements": ",".join(rec.outcome) or None,
            }
            for seq, rec in enumerate(r.recommendations, start=1)
        ],
    )
    _bulk(
        conn,
        Finding,
        [
            {"inspection_id": ins_id, "kind": f.kind, "area": f.area, "text": f.text, "page": f.page}
            for f in r.findings
        ],
    )
    _bulk(
        conn,
        Fact,
        [
            {
                "inspection_id": ins_id,
                "name": fact.name,
                "value": fact.value,
                "unit": fact.unit,
                "as_of": fact.as_of,
                "as_of_basis": fact.as_of_basis,
                "page": fact.span.page if fact.span else None,
                "span_text": fact.span.text if fact.span else None,
            }
            for fact in r.facts
        ],
    )
    return int(ins_id)


def _bulk(conn: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT for the rows of a record (much faster than flushing objects one by one)."""
    if rows:
        conn.execute(_INSERTS[model], rows)


def record_result(
    conn: Connection,
    path: str,
    sha256: str | None,
    status: str,
    reasons: list[str],
    document_type: str | None,
    ids: list[int],
) -> None:
    conn.execute(
        _INSERTS[IngestResult],
        {
            "path": readable(path)[:1000],
            "sha256": sha256,
            "status": status,
            "reasons": reasons,
            "document_type": document_type,
            "inspection_ids": ids,
        },
    )

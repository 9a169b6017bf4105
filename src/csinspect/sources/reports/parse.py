"""From a file to records: read text, normalise, classify, run the family reader, add file-level facts."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

from csinspect.frameworks.facts import fixed_framework
from csinspect.sources.reports import PARSER_VERSION
from csinspect.sources.reports.blocks.dates import DATE_RE, make_date
from csinspect.sources.reports.classify import Found, NotAReport, classify
from csinspect.sources.reports.normalise import Doc, normalise_pages
from csinspect.sources.reports.records import Classification, Dated, ParsedDocument, ReportRecord
from csinspect.sources.reports.text import ReportReadError, read_document

_FILENAME_DATE = re.compile(DATE_RE.pattern, re.I)
MIN_WORDS = 120  # fewer words than this: a truncated or cover-only document


def parse_document(path: str | Path) -> ParsedDocument:
    """Read one report file into records (no database). Never raises for bad input: a file that cannot be
    read or recognised comes back with ``rejected`` set to the reason."""
    t0 = time.perf_counter()
    p = Path(path)
    try:
        extracted = read_document(p)
    except ReportReadError as exc:
        size = p.stat().st_size if p.exists() else 0
        return ParsedDocument(
            str(p),
            None,
            None,
            0,
            size,
            PARSER_VERSION,
            rejected=exc.problem,
            seconds=time.perf_counter() - t0,
        )
    result = ParsedDocument(
        str(p),
        extracted.sha256,
        extracted.media_type,
        len(extracted.pages) if extracted.paged else 0,
        extracted.bytes,
        PARSER_VERSION,
    )
    doc = normalise_pages(extracted.pages, extracted.paged)
    try:
        result.records = parse_doc(doc, result)
        result.page_texts = list(doc.pages) if doc.paged else [doc.text]
    except NotAReport as exc:
        result.rejected = str(exc)
    _fill_published_from_filename(result, p)
    result.seconds = time.perf_counter() - t0
    return result


def parse_doc(doc: Doc, result: ParsedDocument) -> list[ReportRecord]:
    words = len(doc.text.split(maxsplit=MIN_WORDS))  # exact below MIN_WORDS, the only case it is used
    found = classify(doc)
    result.classification = Classification(
        found.document_type if found.document_type != "ilacs" else "ilacs",
        found.document_type,
        found.span,
        found.via,
    )
    record = ReportRecord(
        part="main",
        framework_id=fixed_framework(found.document_type) or found.family,
        document_type=found.document_type,
    )
    later = later_reports(doc)
    records = _dispatch(_pages(doc, 0, later[0]) if later else doc, record, found)
    for r in records:
        r.extra.setdefault("classified_by", found.via)
    for a, b in zip(later, [*later[1:], len(doc.pages)], strict=False):
        try:
            records += _second_report(_pages(doc, a, b), a, {r.part for r in records})
        except NotAReport as exc:  # said on the first record, never dropped silently
            records[0].reasons.append(
                f"a second report seems to begin on page {a + 1} but was not recognised: {exc}"
            )
    if words < MIN_WORDS:
        for r in records:
            r.reasons.append(
                f"the text is very short ({words} words): a truncated document or a cover page only"
            )
    result.classification.framework_id = records[0].framework_id
    result.classification.document_type = records[0].document_type
    return records


_FRONT_LABEL = re.compile(r"^[ \t]*(?:Inspection\s+dates?|Report\s+published|Dear\s+\S)", re.I | re.M)


def later_reports(doc: Doc) -> list[int]:
    """Pages (0-based, after the first two) where a second report begins in the same file: a page that
    opens with a known report title (an LSCB review after a SIF report, a monitoring letter after a
    report) and carries its own front matter ("Inspection date", "Report published", or "Dear …")."""
    if not doc.paged or len(doc.pages) < 4:
        return []
    from csinspect.sources.reports.classify import cues

    out = []
    for i in range(2, len(doc.pages)):
        top = doc.pages[i][:600]
        opening = "\n".join(top.split("\n")[:5])
        if not _FRONT_LABEL.search(top):
            continue
        low = opening.lower()
        if any(c.lowered.search(low) for c in cues()):
            out.append(i)
    return out


def _pages(doc: Doc, a: int, b: int) -> Doc:
    return Doc(doc.pages[a:b], paged=doc.paged)


def _second_report(sub: Doc, first_page: int, parts: set[str]) -> list[ReportRecord]:
    """The records of a report that begins on ``first_page`` (0-based) of the file, with pages counted in
    the whole file."""
    found = classify(sub)
    record = ReportRecord(
        part="main",
        framework_id=fixed_framework(found.document_type) or found.family,
        document_type=found.document_type,
    )
    out = _dispatch(sub, record, found)
    for r in out:
        r.extra.setdefault("classified_by", found.via)
        r.extra["first_page"] = first_page + 1
        if r.part in parts or r.part == "main":
            r.part = f"page_{first_page + 1}" if r.part == "main" else f"{r.part}_page_{first_page + 1}"
        _shift_pages(r, first_page)
    return out


def _shift_pages(obj: object, by: int, seen: set[int] | None = None) -> None:
    """Every span in a record (and its values) counted from the file's first page."""
    from dataclasses import fields, is_dataclass, replace

    from csinspect.sources.reports.normalise import Span

    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    items: list[tuple[object, str | int, object]] = []
    if is_dataclass(obj) and not isinstance(obj, type):
        items = [(obj, f.name, getattr(obj, f.name)) for f in fields(obj)]
    elif isinstance(obj, list):
        items = [(obj, i, v) for i, v in enumerate(obj)]
    elif isinstance(obj, dict):
        items = [(obj, k, v) for k, v in obj.items()]
    for holder, key, value in items:
        if isinstance(value, Span):
            moved = replace(value, page=value.page + by)
            if isinstance(key, str) and not isinstance(holder, dict):
                setattr(holder, key, moved)
            else:
                holder[key] = moved  # type: ignore[index]
        elif isinstance(value, (list, dict)) or (is_dataclass(value) and not isinstance(value, type)):
            _shift_pages(value, by, seen)


def _dispatch(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    from csinspect.sources.reports.readers import reader_for

    reader = reader_for(found.document_type)
    if reader is None:
        record.reasons.append(f"no reader for document type {found.document_type!r}")
        return [record]
    return reader.read(doc, record, found)


# Reports are published weeks after the visit; a file-name date outside this window is not trusted as "ok".
FILENAME_DATE_WINDOW = timedelta(days=180)


def _fill_published_from_filename(result: ParsedDocument, path: Path) -> None:
    """Reports that print no publication date (ILACS) often carry it in the published file name
    ("children's services inspection - 27 october 2023.pdf"); use it, marked as such."""
    m = _FILENAME_DATE.search(path.stem.replace("_", " "))
    if not m:
        return
    d = make_date(m.group(1), m.group(2), m.group(3))
    if d is None:
        return
    for r in result.records:
        if r.published is not None:
            continue  # a printed date always stands
        r.published = Dated(d, None, source="filename")
        visit = r.inspection_end or r.inspection_start
        if visit is not None and not visit.value <= d <= visit.value + FILENAME_DATE_WINDOW:
            r.reasons.append(
                f"publication date {d.isoformat()} taken from the file name is not within "
                f"{FILENAME_DATE_WINDOW.days} days after the inspection ({visit.value.isoformat()}): "
                "check the file name"
            )

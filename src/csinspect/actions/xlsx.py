"""Action plans as .xlsx in the layout councils use (one row per action under its recommendation).

Export writes a title block, a header row and one row per action; white columns are for editing,
grey ones identify the row and must not change. Import reads the workbook back: a missing column,
an unknown or changed Action ID, or a changed identity cell is an error naming the sheet, row and
column, and nothing is written. An exported file imported unchanged changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from csinspect.actions.plan import ActionError, current_rag, list_actions, update_action
from csinspect.actions.rag import RAGS, STATUSES
from csinspect.cells import set_xlsx_cell
from csinspect.sources.sandbox import Failure, Limits, run_one
from csinspect.sources.workbooks import xlsx_budget_problem
from csinspect.store.assessment_models import Action
from csinspect.store.models import Authority, Inspection

SHEET = "Action plan"
META_SHEET = "About"
FORMAT = "csinspect-action-plan/1"
HEADER_ROW = 4

# (header, kind): id = row identity; fixed = must not change; edit = imported; derived = ignored
COLUMNS: list[tuple[str, str]] = [
    ("Action ID", "id"),
    ("Inspection", "fixed"),
    ("Published", "fixed"),
    ("Rec no.", "fixed"),
    ("Recommendation", "fixed"),
    ("Timescale", "fixed"),
    ("Action no.", "fixed"),
    ("Action", "edit"),
    ("Owner", "edit"),
    ("Lead member", "edit"),
    ("Due date", "edit"),
    ("Due date basis", "derived"),
    ("Status", "edit"),
    ("RAG", "edit"),
    ("RAG rule", "derived"),
    ("Latest update", "derived"),
    ("Latest evidence", "derived"),
    ("Last updated", "derived"),
    ("New update", "edit"),
    ("New update evidence", "edit"),
]
WIDTHS = {"Recommendation": 60, "Action": 50, "Latest update": 40, "RAG rule": 36, "Due date basis": 36}
STATUS_LABELS = {s: s.replace("_", " ").capitalize() for s in STATUSES}
RAG_LABELS = {r: r.capitalize() for r in RAGS}
RAG_FILLS = {"red": "F4CCCC", "amber": "FCE5CD", "green": "D9EAD3", "blue": "CFE2F3"}


class XlsxImportError(ActionError):
    """The workbook cannot be imported; the message names the file, sheet, row and column."""


@dataclass
class ImportSummary:
    rows: int = 0
    changed: list[int] = field(default_factory=list)
    updates_added: int = 0
    ignored: list[str] = field(default_factory=list)  # edits to derived columns


def _inspection_label(insp: Inspection | None) -> str:
    if insp is None:
        return "(inspection removed)"
    return f"{insp.framework_id} {insp.document_type} #{insp.id}"


def _timescale(a: Action) -> str:
    return a.category or ""


def _row(
    session: Session, a: Action, today: date, cache: dict[int, Inspection | None] | None = None
) -> list[Any]:
    cache = {} if cache is None else cache
    if a.inspection_id is not None and a.inspection_id not in cache:
        cache[a.inspection_id] = session.get(Inspection, a.inspection_id)
    insp = cache.get(a.inspection_id) if a.inspection_id is not None else None
    last = a.updates[-1] if a.updates else None
    rag = current_rag(a, today)
    return [
        a.id,
        _inspection_label(insp),
        insp.published if insp and insp.published else None,
        a.recommendation_seq,
        a.recommendation_text,
        _timescale(a),
        a.seq,
        a.description,
        a.owner,
        a.lead_member,
        a.due_date,
        a.due_rule,
        STATUS_LABELS.get(a.status, a.status),
        RAG_LABELS.get(rag.rating, rag.rating),
        rag.rule,
        last.note if last else None,
        last.evidence if last else None,
        a.updated_at.replace(microsecond=0) if a.updated_at else None,
        None,
        None,
    ]


def _named_styles(wb: Workbook) -> dict[tuple[bool, str], str]:
    """One named style per (grey?, value kind): far cheaper than styling each cell separately."""
    names: dict[tuple[bool, str], str] = {}
    formats = {"text": "General", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss"}
    for grey in (False, True):
        for kind, number_format in formats.items():
            name = f"csinspect_{'fixed' if grey else 'edit'}_{kind}"
            style = NamedStyle(name=name, number_format=number_format)
            style.alignment = Alignment(wrap_text=True, vertical="top")
            if grey:
                style.fill = PatternFill("solid", fgColor="EEEEEE")
            wb.add_named_style(style)
            names[(grey, kind)] = name
    return names


def export_plan(session: Session, la_code: str, path: Path, *, today: date | None = None) -> int:
    """Write the authority's action plan to ``path``; returns the number of action rows."""
    day = today or date.today()
    auth = session.get(Authority, la_code)
    rated = list_actions(session, la_code, today=day)
    if not rated:
        raise ActionError(
            f"{la_code} has no actions to export (run `csinspect actions from-inspection` first)"
        )
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = f"Action plan: {auth.name if auth else la_code} ({la_code})"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (
        f"Exported {day.isoformat()} by csinspect. Edit the white columns. Do not change the grey columns "
        "or the Action ID: they tie each row to its recommendation. Add progress in 'New update'."
    )
    headers = [h for h, _ in COLUMNS]
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=h)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(h, 16)
    styles = _named_styles(wb)
    cache: dict[int, Inspection | None] = {}
    for r, (a, _rag) in enumerate(rated, start=HEADER_ROW + 1):
        values = _row(session, a, day, cache)
        for c, ((_h, kind), v) in enumerate(zip(COLUMNS, values, strict=True), start=1):
            cell = set_xlsx_cell(ws, r, c, v)
            grey = kind in ("id", "fixed", "derived")
            fmt = "datetime" if isinstance(v, datetime) else "date" if isinstance(v, date) else "text"
            cell.style = styles[(grey, fmt)]
        rag_col = headers.index("RAG") + 1
        fill = RAG_FILLS.get(str(values[rag_col - 1]).lower())
        if fill:
            ws.cell(row=r, column=rag_col).fill = PatternFill("solid", fgColor=fill)
    last_row = HEADER_ROW + len(rated)
    for header, labels in (("Status", STATUS_LABELS), ("RAG", RAG_LABELS)):
        col = get_column_letter(headers.index(header) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(labels.values()) + '"', allow_blank=False)
        dv.add(f"{col}{HEADER_ROW + 1}:{col}{last_row}")
        ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    meta = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate(
        [("format", FORMAT), ("la_code", la_code), ("exported", day.isoformat()), ("rows", len(rated))],
        start=1,
    ):
        meta.cell(row=i, column=1, value=k)
        meta.cell(row=i, column=2, value=v)
    meta.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return len(rated)


def _text(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _as_date(v: Any, where: str) -> date | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip()[:10])
    except ValueError:
        raise XlsxImportError(f"{where}: {v!r} is not a date (use YYYY-MM-DD)") from None


def _as_int(v: Any) -> int | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return None


def _choice(v: Any, labels: dict[str, str], where: str) -> str:
    text = _text(v)
    for key, label in labels.items():
        if text is not None and text.lower() in (key, label.lower()):
            return key
    raise XlsxImportError(f"{where}: {v!r} is not one of {', '.join(labels.values())}")


_RULE_RATINGS = {
    "complete": "blue",
    "cancelled": "blue",
    "overdue": "red",
    "blocked": "red",
    "not_started_near_due": "red",
    "at_risk": "amber",
    "stale": "amber",
    "on_track": "green",
}


def _implied_rating(rule_text: str, a: Action) -> str | None:
    name = rule_text.split(":", 1)[0].strip()
    if name == "manual":
        return a.rag
    return _RULE_RATINGS.get(name)


@dataclass
class PlanSheet:
    """What an action-plan workbook holds, as plain values (read in a child process, see import_plan)."""

    la_code: str | None
    header: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]  # (spreadsheet row number, values) of the non-empty rows


def read_plan_workbook(path: str) -> PlanSheet:
    """Read the sheet (pure: values only, read-only mode, a size check first). Raises XlsxImportError."""
    problem = xlsx_budget_problem(Path(path))
    if problem:
        raise XlsxImportError(f"{path}: {problem}")
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises several types for non-workbooks
        raise XlsxImportError(f"{path}: cannot read as .xlsx: {exc}") from None
    try:
        if SHEET not in wb.sheetnames:
            raise XlsxImportError(f"{path}: no sheet named {SHEET!r} (sheets: {', '.join(wb.sheetnames)})")
        la_code = None
        if META_SHEET in wb.sheetnames:
            meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
            la_code = _text(meta.get("la_code"))
        rows = []
        header: list[str] = []
        for r_idx, row in enumerate(wb[SHEET].iter_rows(values_only=True), start=1):
            if r_idx == HEADER_ROW:
                header = [_text(c) or "" for c in row]
            elif r_idx > HEADER_ROW and row and any(v is not None and str(v).strip() != "" for v in row):
                rows.append((r_idx, tuple(row)))
        return PlanSheet(la_code, header, rows)
    finally:
        wb.close()


def import_plan(
    session: Session,
    path: Path,
    actor: str,
    *,
    today: date | None = None,
    limits: Limits | None = None,
    method: str | None = "fork",
) -> ImportSummary:
    """Apply the edits in an exported workbook. Everything is checked before anything is written. The
    workbook is read in a child process within ``limits`` (a crafted file cannot hold up the caller)."""
    read = run_one(read_plan_workbook, str(path), limits or Limits(seconds=60, memory_mb=1024), method=method)
    if isinstance(read, Failure):  # the reader's own error names the file; a crash or a limit does not
        raise XlsxImportError(read.reason if read.exception == "XlsxImportError" else f"{path}: {read}")
    la_code, header = read.la_code, read.header
    missing = [h for h, _ in COLUMNS if h not in header]
    if missing:
        raise XlsxImportError(
            f"{path}: sheet {SHEET!r} row {HEADER_ROW}: missing column(s) {', '.join(missing)}"
        )
    col = {h: header.index(h) for h, _ in COLUMNS}
    plans: list[tuple[Action, dict[str, Any]]] = []
    summary = ImportSummary()
    seen: set[int] = set()
    cache: dict[int, Inspection | None] = {}
    day = today or date.today()
    for r_idx, row in read.rows:

        def cell(name: str, row: tuple[Any, ...] = row) -> Any:
            i = col[name]
            return row[i] if i < len(row) else None

        where = f"{path}: sheet {SHEET!r} row {r_idx}"
        aid = _as_int(cell("Action ID"))
        if aid is None:
            raise XlsxImportError(
                f"{where}, column 'Action ID': empty or not a number ({cell('Action ID')!r})"
            )
        if aid in seen:
            raise XlsxImportError(f"{where}, column 'Action ID': {aid} appears twice")
        seen.add(aid)
        a = session.get(Action, aid)
        if a is None or (la_code is not None and a.la_code != la_code):
            raise XlsxImportError(
                f"{where}, column 'Action ID': no action {aid} in this plan (was the ID changed?)"
            )
        current = _row(session, a, day, cache)
        for (name, kind), stored in zip(COLUMNS, current, strict=True):
            if kind != "fixed":
                continue
            got, want = cell(name), stored
            if isinstance(want, date):
                same = _as_date(got, where) == want
            elif isinstance(want, int):
                same = _as_int(got) == want
            else:
                same = (_text(got) or "") == (_text(want) or "")
            if not same:
                raise XlsxImportError(
                    f"{where}, column {name!r}: {got!r} does not match action {aid} ({want!r}); "
                    "identity columns must not change (was the Action ID changed?)"
                )
        description = _text(cell("Action"))
        if description is None:
            raise XlsxImportError(f"{where}, column 'Action': empty")
        changes: dict[str, Any] = {}
        if description != a.description:
            changes["description"] = description
        for name, attr in (("Owner", "owner"), ("Lead member", "lead_member")):
            if _text(cell(name)) != getattr(a, attr):
                changes[attr] = _text(cell(name)) or ""
        due = _as_date(cell("Due date"), f"{where}, column 'Due date'")
        if due != a.due_date:
            if due is None:
                raise XlsxImportError(f"{where}, column 'Due date': cannot be emptied")
            changes["due"] = due
        status = _choice(cell("Status"), STATUS_LABELS, f"{where}, column 'Status'")
        if status != a.status:
            changes["status"] = status
        rag = _choice(cell("RAG"), RAG_LABELS, f"{where}, column 'RAG'")
        note, evidence = _text(cell("New update")), _text(cell("New update evidence"))
        if evidence and not note:
            raise XlsxImportError(f"{where}, column 'New update evidence': evidence without a 'New update'")
        if note:
            changes["note"], changes["evidence"] = note, evidence
        # the RAG was edited when it no longer matches the rule printed beside it at export
        implied = _implied_rating(_text(cell("RAG rule")) or "", a)
        if rag != implied and "status" not in changes:
            changes["rag"] = rag
            changes["reason"] = "RAG set in the action plan spreadsheet"
        for i, (name, kind) in enumerate(COLUMNS):
            if kind != "derived" or isinstance(current[i], date | datetime) or name == "RAG rule":
                continue
            if (_text(cell(name)) or "") != (_text(current[i]) or ""):
                summary.ignored.append(f"row {r_idx} column {name!r}")
        plans.append((a, changes))
        summary.rows += 1
    for a, changes in plans:
        if changes:
            update_action(session, a.id, actor, today=day, **changes)
            summary.changed.append(a.id)
            summary.updates_added += 1 if changes.get("note") else 0
    return summary

"""CSV downloads of the tables the pages show (and of the API's list endpoints)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi.responses import Response

from csinspect.cells import csv_safe, looks_like_formula


def csv_cell(value: Any) -> Any:
    """Dates as ISO; text a spreadsheet would run as a formula is prefixed with a quote."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if looks_like_formula(value):
        return csv_safe(value)
    if isinstance(value, list | dict):
        return "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return value


def csv_text(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: csv_cell(r.get(k)) for k in columns})
    return buf.getvalue()


def csv_response(rows: Iterable[Mapping[str, Any]], filename: str, columns: list[str]) -> Response:
    return Response(
        csv_text(rows, columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

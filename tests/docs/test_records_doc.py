"""docs/records.md documents the record schema: every field of ``InspectionRecord`` has a row."""

from __future__ import annotations

import re
from pathlib import Path

from csinspect.records import InspectionRecord

DOC = Path(__file__).resolve().parents[2] / "docs" / "records.md"


def test_every_field_of_the_record_schema_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## The record") : text.index("Decisions the reader makes")]
    # a row names its field first ("| `field` |" or "| `a`, `b` |")
    first_cells = re.findall(r"^\| ([^|]+) \|", table, re.M)
    documented = {name for cell in first_cells for name in re.findall(r"`([a-z0-9_]+)`", cell)}
    assert set(InspectionRecord.model_fields) - documented == set()

"""Facts about an inspection record that every layer shares."""

from __future__ import annotations

from datetime import date


def happened_on(start: date | None, end: date | None = None, published: date | None = None) -> date | None:
    """When an inspection happened: its first day on site; where that is unknown, its last day; where neither
    is known (Ofsted's 2009-2023 table has publication dates only), its publication date.

    The one rule used for ordering and counting inspections everywhere: history, national counts, the home
    page, linking, the API."""
    return start or end or published


# ---- the record schema: one inspection as every face serialises it -----------------------------------------
# ``ingest --format jsonl`` (a record as read), ``show-inspection --json`` (a record as stored) and the API's
# ``/api/v1/inspections/{id}`` (an inspection with every source of it) all produce ``InspectionRecord``;
# docs/records.md documents it and a test keeps the two in step.

from datetime import date as _date  # noqa: E402
from typing import Any  # noqa: E402

from pydantic import BaseModel, ConfigDict, Field  # noqa: E402


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AuthorityRef(_Record):
    """The authority a record is about: as resolved against the registry, and as printed."""

    la_code: str | None = Field(None, description="DfE 3-digit LA number (None: not resolved)")
    gss_code: str | None = Field(None, description="ONS GSS code in force at the inspection")
    name: str | None = Field(None, description="The registry's name")
    printed: str | None = Field(None, description="The name as the source prints it")


class Quote(_Record):
    """Where a value was read: page (1-based, PDF pages) and the quoted text."""

    page: int | None = None
    text: str | None = None
    source: str | None = Field(None, description="report | filename | table: where a date came from")


class JudgementRecord(_Record):
    id: str = Field(description="The framework's judgement id, e.g. help_and_protection")
    title: str | None = Field(None, description="The judgement's name as printed")
    label: str | None = Field(
        None, description="The grade as printed, e.g. 'Requires improvement to be good'"
    )
    grade: str | None = Field(None, description="The framework's scale value id, e.g. requires_improvement")
    ordinal: int | None = Field(None, description="Common ordinal: 1 worst … 4 best; None when not graded")
    status: str = Field("ok", description="ok | needs_review")
    reason: str | None = None
    page: int | None = None
    quote: str | None = Field(None, description="The text the grade was read from")
    source_ref: str | None = Field(None, description="Sheet, row and column, or the printed title")
    confirmed_on_pages: list[int] = Field(
        default_factory=list, description="Other pages stating the same grade"
    )


class RecommendationRecord(_Record):
    seq: int | None = Field(None, description="Position in the report's list (from 1)")
    text: str
    category: str | None = Field(
        None, description="The framework's category id, e.g. areas_for_priority_action"
    )
    section: str | None = Field(None, description="The heading the item was printed under")
    page: int | None = None
    quote: str | None = None
    timescale: str | None = Field(None, description="The timescale as printed, where the report prints one")
    theme: str | None = Field(
        None, description="The theme heading printed above it, e.g. 'Help and protection'"
    )
    number: int | None = Field(None, description="Its printed number, where the list is numbered")
    framework_tag: str | None = Field(
        None,
        description="National framework cross-reference as printed, e.g. 'outcome 4, national framework'",
    )
    national_framework: list[str] = Field(
        default_factory=list, description="Ids of the national framework outcomes/enablers the tag names"
    )


class FactRecord(_Record):
    name: str = Field(description="e.g. cla_count, cla_rate_per_10k, cpp_count")
    value: float
    unit: str | None = None
    as_of: _date | None = None
    as_of_basis: str | None = Field(
        None, description="How as_of was found when not printed beside the number"
    )
    page: int | None = None
    quote: str | None = None


class FindingRecord(_Record):
    kind: str = Field(description="strength | weakness | key_finding | section_text")
    area: str | None = None
    text: str
    page: int | None = None


class SourceRecord(_Record):
    inspection_id: int | None = Field(None, description="The stored record of this source")
    origin: str = Field(description="official_table | report | assessment")
    title: str = Field(description="The workbook's or the report's name")
    reference: str | None = Field(None, description="Sheet and row, or the part of the document")
    document_id: int | None = Field(None, description="The stored original (GET /documents/{id}/original)")
    url: str | None = Field(None, description="The publisher's own address, where known")


class InspectionRecord(_Record):
    """One inspection, visit, review or assessment outcome of one authority under one framework."""

    id: int | None = Field(None, description="The stored record's id (None before it is stored)")
    ids: list[int] = Field(default_factory=list, description="Every stored record of this inspection")
    part: str = Field("main", description="main, or lscb / an annex for a second report in the same document")
    status: str = Field(description="ok | needs_review")
    reasons: list[str] = Field(default_factory=list, description="Why the record needs review")
    framework: str = Field(description="Framework id, e.g. ilacs_2023")
    document_type: str = Field(description="Document type id, e.g. ilacs_standard")
    authority: AuthorityRef
    inspection_start: _date | None = None
    inspection_end: _date | None = None
    published: _date | None = None
    published_source: str | None = Field(None, description="Where the publication date came from")
    lead_inspector: str | None = None
    judgements: list[JudgementRecord] = Field(default_factory=list)
    recommendations: list[RecommendationRecord] = Field(default_factory=list)
    facts: list[FactRecord] = Field(default_factory=list)
    findings: list[FindingRecord] = Field(default_factory=list)
    provenance: dict[str, Quote | None] = Field(
        default_factory=dict,
        description="Where the authority, dates, publication and lead inspector were read",
    )
    sources: list[SourceRecord] = Field(default_factory=list)
    sha256: str | None = Field(None, description="Content hash of the report file")
    parser_version: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict, description="Framework-specific extras")

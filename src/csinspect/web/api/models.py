"""Pydantic shapes of the JSON API (they make the OpenAPI document, and every response is built through them)."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field, field_validator

from csinspect.records import SourceRecord

T = TypeVar("T")


class Links(BaseModel):
    self: str
    next: str | None = None
    prev: str | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list. ``total`` counts every matching item; follow ``links.next`` for more."""

    items: list[T]
    page: int
    per_page: int
    total: int
    links: Links


class AuthorityOut(BaseModel):
    la_code: str
    name: str
    gss_code: str | None = None
    status: str
    valid_from: date | None = None
    valid_until: date | None = None
    region_code: str | None = None
    region_name: str | None = None
    la_type: str | None = None


class CodeOut(BaseModel):
    gss_code: str
    valid_from: date | None = None
    valid_until: date | None = None


class SuccessionOut(BaseModel):
    predecessor: str
    successor: str
    effective: date | None = None


class AuthorityDetail(AuthorityOut):
    codes: list[CodeOut] = []
    names: list[str] = []
    predecessors: list[SuccessionOut] = []
    successors: list[SuccessionOut] = []


class HistoryRowOut(BaseModel):
    la_code: str
    authority: str
    via: str | None = None
    inspection_id: int
    framework_id: str
    document_type: str
    date: dt.date | None = None
    inspection_start: dt.date | None = None
    published: dt.date | None = None
    judgement_id: str | None = None
    label: str | None = None
    grade: str | None = None
    ordinal: int | None = None
    status: str
    reason: str | None = None
    origin: str
    source: str | None = None
    source_ref: str | None = None
    also_from: list[str] = []  # other sources of the same inspection (Ofsted's table, the report)


class JudgementOut(BaseModel):
    id: int
    inspection_id: int
    la_code: str | None = None
    framework_id: str | None = None
    published: date | None = None
    judgement_id: str
    label: str | None = None
    grade: str | None = None
    ordinal: int | None = None
    status: str
    reason: str | None = None
    page: int | None = None
    span_text: str | None = None
    source_ref: str | None = None


class RecommendationOut(BaseModel):
    id: int
    inspection_id: int
    la_code: str | None = None
    framework_id: str | None = None
    published: date | None = None
    seq: int
    text: str
    category: str | None = None
    section: str | None = None
    theme: str | None = None
    printed_number: int | None = None
    timescale: str | None = None
    nf_tag: str | None = None
    page: int | None = None


class InspectionOut(BaseModel):
    """One inspection, however many sources record it (``ids``: every stored record of it)."""

    id: int
    ids: list[int] = []
    la_code: str | None = None
    authority_printed: str | None = None
    origin: str
    framework_id: str
    document_type: str
    inspection_start: date | None = None
    inspection_end: date | None = None
    published: date | None = None
    lead_inspector: str | None = None
    status: str
    reasons: list[str] = []
    source: str | None = None  # the first source's title (``sources`` lists them all)
    source_ref: str | None = None
    document_id: int | None = None
    sources: list[SourceRecord] = []


class NeighbourOut(BaseModel):
    rank: int
    la_code: str
    name: str
    closeness: str | None = None
    latest: list[HistoryRowOut] = []


class NeighboursOut(BaseModel):
    la_code: str
    model_id: str | None = None
    model_title: str | None = None
    neighbours: list[NeighbourOut]


class ProfileOut(BaseModel):
    la_code: str
    available: bool
    profile: Any = None


class SearchHitOut(BaseModel):
    kind: str
    id: int
    text: str
    snippet: str
    inspection_id: int
    la_code: str | None = None
    authority: str | None = None
    framework_id: str
    document_type: str
    published: date | None = None
    page: int | None = None
    label: str | None = None


class ActionOut(BaseModel):
    id: int
    la_code: str
    inspection_id: int | None = None
    recommendation_id: int | None = None
    recommendation_text: str
    category: str | None = None
    description: str
    owner: str | None = None
    lead_member: str | None = None
    due_date: date | None = None
    due_rule: str | None = None
    status: str
    rag: str
    rag_rule: str
    updated_at: datetime | None = None


class ActionPatch(BaseModel):
    status: str | None = Field(None, max_length=20)
    owner: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=5000)
    evidence: str | None = Field(None, max_length=5000)

    @field_validator("status", "owner", "note", "evidence")
    @classmethod
    def _no_nul(cls, v: str | None) -> str | None:
        if v is not None and "\x00" in v:
            raise ValueError("NUL characters are not allowed")
        return v


class AssessmentOut(BaseModel):
    id: int
    la_code: str
    framework_id: str
    title: str | None = None
    state: str
    kind: str  # inspection (the inspectorate's) | self_evaluation (the council's own)
    created_by: str
    updated_at: datetime | None = None
    published_on: date | None = None
    inspection_id: int | None = None
    judgements: dict[str, str] = {}


class GradeCountOut(BaseModel):
    grade: str
    label: str
    ordinal: int | None = None
    count: int


class FrameworkPictureOut(BaseModel):
    framework_id: str
    title: str
    authorities: int
    counts: list[GradeCountOut]
    note: str | None = None  # why a framework has no headline grade (then counts is empty)


class NewsChangeOut(BaseModel):
    judgement: str
    before: str | None = None
    after: str | None = None
    direction: str = ""  # up | down | same | "" (no earlier grade)


class NewsItemOut(BaseModel):
    id: str
    kind: str  # publication | data_release
    title: str
    date: dt.date | None = None  # published (as Ofsted or DfE dates it)
    found: dt.datetime  # when csinspect found it
    la_code: str | None = None
    authority: str | None = None
    region: str | None = None
    status: str | None = None
    summary: str = ""
    changes: list[NewsChangeOut] = []
    link: str | None = None
    source_url: str | None = None

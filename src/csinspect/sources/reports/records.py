"""What a report reader produces: plain dataclasses (picklable, no database), each value with its span."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from csinspect.sources.reports.normalise import Span


@dataclass
class JudgementValue:
    judgement_id: str  # canonical id from the framework
    title: str  # the judgement's name as printed
    label: str | None  # the grade as printed ("Requires improvement to be good")
    grade: str | None  # scale value id
    ordinal: int | None
    span: Span | None
    status: str = "ok"  # ok | needs_review
    reason: str | None = None
    confirmed_by: list[Span] = field(default_factory=list)  # other places the same grade is stated

    @classmethod
    def not_found(cls, judgement_id: str, reason: str) -> JudgementValue:
        """A judgement the report should grade but whose grade was not read: listed for review, no grade."""
        return cls(
            judgement_id, judgement_id.replace("_", " "), None, None, None, None, "needs_review", reason
        )


@dataclass
class RecommendationValue:
    text: str
    category: str | None
    section: str | None
    span: Span | None
    timescale: str | None = None  # as printed ("Within three months"), where the report prints one
    theme: str | None = None  # the theme heading it was printed under ("Help and protection")
    number: int | None = None  # its printed number
    tag: str | None = None  # national framework cross-reference as printed ("outcome 4, national framework")
    outcome: list[str] = field(default_factory=list)  # national framework element ids the tag names


@dataclass
class FindingValue:
    kind: str  # strength | weakness | key_finding
    area: str | None
    text: str
    page: int | None


@dataclass
class FactValue:
    name: str  # cla_count, cla_rate_per_10k, cpp_count, cpp_rate_per_10k, cin_count, child_population …
    value: float
    unit: str | None
    as_of: date | None
    span: Span | None
    # how ``as_of`` was found when the report does not print it next to the number (None: printed there)
    as_of_basis: str | None = None


@dataclass
class Dated:
    value: date
    span: Span | None
    source: str = "report"  # report | filename | official_table (the date Ofsted lists, over a file name)


@dataclass
class ReportRecord:
    """One inspection/visit/review/assessment outcome read from a document (a PDF may hold two)."""

    part: str  # "main", or "lscb" for the LSCB review inside a combined SIF report
    framework_id: str
    document_type: str
    authority_printed: str | None = None
    authority_span: Span | None = None
    inspection_start: Dated | None = None
    inspection_end: Dated | None = None
    published: Dated | None = None
    lead_inspector: str | None = None
    lead_inspector_span: Span | None = None
    judgements: list[JudgementValue] = field(default_factory=list)
    recommendations: list[RecommendationValue] = field(default_factory=list)
    findings: list[FindingValue] = field(default_factory=list)
    facts: list[FactValue] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why the record needs review
    extra: dict[str, Any] = field(default_factory=dict)

    def judgement(self, judgement_id: str) -> JudgementValue | None:
        return next((j for j in self.judgements if j.judgement_id == judgement_id), None)

    def grades(self) -> dict[str, str]:
        return {j.judgement_id: j.grade for j in self.judgements if j.grade is not None}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Classification:
    framework_id: str
    document_type: str
    evidence: Span | None
    via: str  # "structure" or "yaml:<framework>.<document type>"


@dataclass
class ParsedDocument:
    """Everything read from one file (before the authority is resolved or anything is stored)."""

    path: str
    sha256: str | None
    media_type: str | None
    pages: int
    bytes: int
    parser_version: str
    records: list[ReportRecord] = field(default_factory=list)
    rejected: str | None = None  # the reason, when the file gave no record
    classification: Classification | None = None
    seconds: float = 0.0
    page_texts: list[str] = field(default_factory=list)  # the normalised text of each page, for search

    @property
    def status(self) -> str:
        if self.rejected is not None:
            return "rejected"
        return "needs_review" if any(r.reasons for r in self.records) else "ok"

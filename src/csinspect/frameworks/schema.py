"""The schema every framework YAML obeys (validated with pydantic at load).

A framework file is the single definition used by the report reader (labels and variants as
printed, recognition patterns, sections), by the assessment engine (judgement tree, scale, rules)
and by the report writer (labels, sections, recommendation categories), so a rendered report
reads back to the same record.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

Confidence = Literal["HIGH", "MED", "LOW", "UNVERIFIED"]
RuleStatus = Literal["documented", "empirical", "unverified"]


def normalise_label(text: str) -> str:
    """Lower-case, straighten quotes, drop punctuation and fold white space (for label matching)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _check_regex(pattern: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def _label_key(text: str) -> str:
    return normalise_label(text) or text.strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    claim: str
    source: str  # a key of shared/docs/frameworks.md's source register, or a document reference
    confidence: Confidence = "MED"


class ScaleValue(_Strict):
    id: str  # e.g. "requires_improvement"
    label: str  # the canonical printed label
    ordinal: int | None = Field(None, ge=1, le=4)  # common ordinal: 1 worst … 4 best; None = not a grade
    numeric: int | None = None  # the number the framework itself prints, if any (APA 4 = best, SLAC 1 = best)
    variants: list[str] = []  # other forms printed in real reports
    wording: str | None = None  # descriptor wording, e.g. "an organisation that exceeds minimum requirements"
    note: str | None = None
    patterns: list[str] = []  # regexes (case-insensitive) that find this value inside running text

    def all_labels(self) -> list[str]:
        return [self.label, *self.variants]


class Scale(_Strict):
    id: str
    numeric_direction: Literal["higher_is_better", "lower_is_better", "none"] = "none"
    values: list[ScaleValue]
    source: str | None = None
    confidence: Confidence = "MED"
    note: str | None = None  # e.g. why a scale does not use all four common ordinals
    _by_key: dict[str, ScaleValue] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        for v in self.values:
            for lbl in v.all_labels():
                self._by_key.setdefault(_label_key(lbl), v)

    def value(self, value_id: str) -> ScaleValue:
        for v in self.values:
            if v.id == value_id:
                return v
        raise KeyError(f"scale {self.id!r} has no value {value_id!r}")

    def match(self, text: str) -> ScaleValue | None:
        """The scale value whose label or a printed variant equals ``text`` (normalised), else None.

        Blank text matches nothing; a label made only of punctuation (e.g. "-") matches itself.
        """
        if not text.strip():
            return None
        return self._by_key.get(_label_key(text))

    def search(self, text: str) -> ScaleValue | None:
        """The one value whose ``patterns`` occur in ``text``; None when none or several do."""
        hits = [v for v in self.values if any(re.search(p, text, re.IGNORECASE) for p in v.patterns)]
        return hits[0] if len(hits) == 1 else None

    def by_ordinal(self, ordinal: int) -> ScaleValue | None:
        return next((v for v in self.values if v.ordinal == ordinal), None)


class JudgementNode(_Strict):
    id: str  # canonical id, e.g. "help_and_protection"
    label: str  # as printed
    variants: list[str] = []  # other printed forms of the label
    graded: bool = True
    required: bool = True  # must be present in a complete record
    group: str | None = None  # e.g. "key", "experiences_and_progress" (used by rules)
    description: str | None = None
    source: str | None = None
    confidence: Confidence | None = None
    note: str | None = None
    children: list[JudgementNode] = []


class Rule(_Strict):
    """A rule about the overall judgement, as readable data.

    ``cap``: if any judgement in ``sources`` has an ordinal at or below ``when_at_most``, the
    ``target`` must be at or below ``cap``.
    ``range``: the target lies between the worst and best of ``sources``, at most
    ``max_steps_above_worst`` above the worst.
    ``equals_worst``: a default (usually soft): the target equals the worst source.
    """

    id: str
    type: Literal["cap", "range", "equals_worst"]
    target: str
    sources: list[str]
    when_at_most: str | None = None  # scale value id
    cap: str | None = None  # scale value id
    max_steps_above_worst: int | None = None
    severity: Literal["hard", "soft"]
    status: RuleStatus
    description: str
    evidence: str
    confidence: Confidence


DUE_PATTERN = r"^P\d+(WD|D|W|M|Y)$"  # same notation as csinspect.actions.due


class Milestone(_Strict):
    """A dated step within a recommendation category (e.g. draft then final action plan)."""

    id: str
    label: str
    due: str = Field(pattern=DUE_PATTERN)  # same duration notation as RecommendationCategory.due


class RecommendationCategory(_Strict):
    id: str  # e.g. "immediate", "within_six_months", "priority_action"
    label: str
    variants: list[str] = []
    due: str | None = Field(
        None, pattern=DUE_PATTERN
    )  # ISO-8601-like duration from publication: "P0D", "P3M", "P6M", "P20WD" (working days)
    due_from: Literal["publication", "letter_received", "inspection_end"] = "publication"
    milestones: list[Milestone] = []
    note: str | None = None
    source: str | None = None
    confidence: Confidence | None = None


class ReportSection(_Strict):
    id: str
    title: str
    variants: list[str] = []
    note: str | None = None


class DocumentType(_Strict):
    """A kind of published document under this framework, with the phrases that identify it."""

    id: str  # e.g. "ilacs_standard", "sif", "lscb_review"
    title: str
    # The document's title as printed (regular expressions, case-insensitive): the classifier takes the
    # earliest title in a document's opening pages (sources/reports/classify.py).
    patterns: list[str] = []
    # Phrases that must also appear (at least ``context_min`` of them) for this type to win over another
    # type with the same title (an APA letter reprinted in a council's committee paper).
    context_patterns: list[str] = []
    context_min: int = 0
    judgements: list[str] | None = None  # which judgement ids this document type carries (None = all)
    graded: bool = True
    official_names: list[str] = []  # how published tables name this type, e.g. "ILACS Short Inspection"
    # How Ofsted's report site lists this type on an authority's page (regular expressions, case-insensitive,
    # on the link's hidden text before ", pdf - <date>"), e.g. "^children's services inspection$"
    site_kinds: list[str] = []
    on_site_days_min: int | None = None  # span of "Inspection dates" (first to last day, inclusive)
    on_site_days_max: int | None = None
    note: str | None = None
    source: str | None = None
    confidence: Confidence | None = None


class Period(_Strict):
    start: date | None = None
    end: date | None = None  # inclusive last day in force; None = still in force
    note: str | None = None
    applies_to: Literal["inspection_start", "publication"] = "inspection_start"
    source: str | None = None
    confidence: Confidence | None = None


class Framework(_Strict):
    id: str
    title: str
    short_title: str
    family: (
        str  # jar | apa | csa | ucra | slac | cp_lac_2012 | sif | lscb | ilacs | visit | jtai | send | other
    )
    status: Literal["verified", "partly_verified", "unverified"] = "partly_verified"
    legal_basis: list[Citation] = []
    inspectorates: list[str] = []
    period: Period
    cadence: str | None = None
    scale: Scale
    judgements: list[JudgementNode] = []
    rules: list[Rule] = []
    recommendation_categories: list[RecommendationCategory] = []
    report_sections: list[ReportSection] = []
    document_types: list[DocumentType] = []
    # The judgement that heads an inspection under this framework, in order of preference (the first one a
    # record carries); empty when the framework has none, and then ``headline_note`` says why.
    headline: list[str] = []
    headline_note: str | None = None
    cycle_years: int | None = Field(
        None, ge=1, le=10
    )  # years between graded inspections, where there is a cycle
    notes: list[str] = []
    sources: list[str] = []

    def iter_judgements(self) -> list[JudgementNode]:
        """Every node of the judgement tree, depth first."""
        out: list[JudgementNode] = []

        def walk(nodes: list[JudgementNode]) -> None:
            for n in nodes:
                out.append(n)
                walk(n.children)

        walk(self.judgements)
        return out

    def judgement(self, judgement_id: str) -> JudgementNode:
        for n in self.iter_judgements():
            if n.id == judgement_id:
                return n
        raise KeyError(f"framework {self.id!r} has no judgement {judgement_id!r}")

    def match_judgement(self, text: str) -> JudgementNode | None:
        """The judgement whose printed label or a variant equals ``text`` (normalised)."""
        key = normalise_label(text)
        for n in self.iter_judgements():
            if any(normalise_label(lbl) == key for lbl in (n.label, *n.variants)):
                return n
        return None

    def in_force(self, on: date) -> bool:
        return (self.period.start is None or self.period.start <= on) and (
            self.period.end is None or on <= self.period.end
        )

    @model_validator(mode="after")
    def _invariants(self) -> Framework:
        ids = [n.id for n in self.iter_judgements()]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"judgement ids repeated: {sorted(dupes)}")
        scale_ids = {v.id for v in self.scale.values}
        ordinals = [v.ordinal for v in self.scale.values if v.ordinal is not None]
        if len(ordinals) != len(set(ordinals)):
            raise ValueError("two scale values share an ordinal")
        for v in self.scale.values:
            for p in v.patterns:
                _check_regex(p, f"scale value {v.id!r}")
        labels = [normalise_label(lbl) for v in self.scale.values for lbl in v.all_labels()]
        if len(labels) != len(set(labels)):
            raise ValueError("a scale label or variant is listed under two values")
        for r in self.rules:
            for j in (r.target, *r.sources):
                if j not in ids:
                    raise ValueError(f"rule {r.id!r} names unknown judgement {j!r}")
            for g in (r.when_at_most, r.cap):
                if g is not None and g not in scale_ids:
                    raise ValueError(f"rule {r.id!r} names unknown grade {g!r}")
            if r.type == "cap" and (r.when_at_most is None or r.cap is None):
                raise ValueError(f"cap rule {r.id!r} needs when_at_most and cap")
            if r.type == "range" and r.max_steps_above_worst is None:
                raise ValueError(f"range rule {r.id!r} needs max_steps_above_worst")
        for h in self.headline:
            if h not in ids:
                raise ValueError(f"headline names unknown judgement {h!r}")
        graded_types = [d for d in self.document_types if d.graded]
        if graded_types and not self.headline and not self.headline_note:
            raise ValueError(
                "a framework with graded documents names its headline judgement or says why none"
            )
        for d in self.document_types:
            for j in d.judgements or []:
                if j not in ids:
                    raise ValueError(f"document type {d.id!r} names unknown judgement {j!r}")
            for p in (*d.patterns, *d.context_patterns):
                _check_regex(p, f"document type {d.id!r}")
        if self.period.start and self.period.end and self.period.end < self.period.start:
            raise ValueError("period ends before it starts")
        return self


JudgementNode.model_rebuild()

"""Attaching evidence gathered from the store: earlier inspections (with their recommendations), the
performance profile for the period, and child-level indicators where returns are loaded. Each item
carries its source ("inspection:<id>", "profile:<la>:<period>", "returns:<la>:<year>")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.assessment.workflow import AssessmentError, add_evidence, get_assessment
from csinspect.store.assessment_models import EvidenceItem
from csinspect.store.models import Inspection

BAND_NAMES = ("top", "upper_middle", "lower_middle", "bottom")


def inspection_summary(insp: Inspection) -> dict[str, Any]:
    return {
        "inspection_id": insp.id,
        "framework_id": insp.framework_id,
        "document_type": insp.document_type,
        "origin": insp.origin,
        "published": insp.published.isoformat() if insp.published else None,
        "judgements": {
            j.judgement_id: {"grade": j.grade, "ordinal": j.ordinal, "label": j.label}
            for j in insp.judgements
            if j.grade
        },
        "recommendations": [
            {"id": r.id, "seq": r.seq, "text": r.text, "category": r.category} for r in insp.recommendations
        ],
    }


def attach_previous(
    session: Session, assessment_id: int, actor: str, *, before: date | None = None
) -> list[EvidenceItem]:
    """Every earlier inspection of the authority (and its predecessors, when the history module is
    present) published before ``before`` (default: the end of the assessment period, else its
    start, else today)."""
    a = get_assessment(session, assessment_id)
    cutoff = before or a.period_end or a.period_start or date.today()
    codes = {a.la_code}
    try:
        from csinspect.analysis.history import authority_history

        codes |= {getattr(r, "la_code", a.la_code) for r in authority_history(session, a.la_code)}
    except ImportError:
        pass
    rows = session.scalars(
        select(Inspection)
        .where(
            Inspection.la_code.in_(codes), Inspection.published.is_not(None), Inspection.published < cutoff
        )
        .order_by(Inspection.published)
    ).all()
    have = {e.source for e in a.evidence if e.kind == "previous_inspection"}
    out = []
    for insp in rows:
        if insp.natural_key == f"assessment:{a.id}" or f"inspection:{insp.id}" in have:
            continue
        out.append(
            add_evidence(
                session,
                assessment_id,
                actor,
                kind="previous_inspection",
                title=f"{insp.framework_id} {insp.document_type} published {insp.published}",
                data=inspection_summary(insp),
                source=f"inspection:{insp.id}",
                source_ref=insp.source_ref or insp.natural_key,
            )
        )
    return out


def _get(row: Any, *names: str) -> Any:
    for n in names:
        v = row.get(n) if isinstance(row, Mapping) else getattr(row, n, None)
        if v is not None:
            return v
    return None


def band_of(row: Any) -> str | None:
    """The quartile band against statistical neighbours, best first, whatever form the profile gives.

    Accepts a band name, a letter A (best) … D, or a quartile number 1 (best) … 4."""
    q = _get(row, "band", "quartile_band", "quartile")
    if q is None:
        return None
    text = str(q).strip().lower()
    if text in BAND_NAMES:
        return text
    letters = {"a": 0, "b": 1, "c": 2, "d": 3}
    if text in letters:
        return BAND_NAMES[letters[text]]
    if text.isdigit() and 1 <= int(text) <= 4:
        return BAND_NAMES[int(text) - 1]
    for name in BAND_NAMES:
        if name.replace("_", " ") in text.replace("_", " "):
            return name
    return None


def normalise_profile_row(row: Any, area: str | None = None) -> dict[str, Any]:
    areas = _get(row, "judgement_areas") or ([area] if area else None) or [_get(row, "judgement_area")]
    polarity = _get(row, "polarity")
    period = _get(row, "period", "time_period", "year")
    return {
        "indicator_id": _get(row, "indicator_id", "id"),
        "title": _get(row, "title", "indicator_title"),
        "unit": _get(row, "unit"),
        "polarity": polarity,
        "period": str(period) if period is not None else None,
        "value": _num(_get(row, "value")),
        "sn_average": _num(_get(row, "sn_average", "statistical_neighbours")),
        "england": _num(_get(row, "england")),
        "region": _num(_get(row, "region")),
        "rank": _get(row, "rank"),
        # a quartile of an indicator with no better direction says nothing about performance
        "band": band_of(row) if polarity != "neither" else None,
        "trend": _str(_get(row, "trend")),
        "statement": _str(_get(row, "statement")),
        "judgement_areas": [a for a in areas if a],
        "quartile_label": _str(_get(row, "quartile_label")),
        "source": _str(_get(row, "source")),
    }


def _num(v: Any) -> float | None:
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def _str(v: Any) -> str | None:
    return None if v is None else str(getattr(v, "value", v))


def profile_rows(profile: Any) -> list[dict[str, Any]]:
    """Rows of a profile object (``rows`` list or ``areas``/``groups`` mapping area -> rows)."""
    out: list[dict[str, Any]] = []
    groups = _get(profile, "areas", "groups", "by_area")
    if isinstance(groups, Mapping):
        for area, rows in groups.items():
            out.extend(normalise_profile_row(r, str(area)) for r in _rows(rows))
        return out
    if isinstance(groups, Iterable):
        for g in groups:
            area = _get(g, "area", "id", "judgement_area")
            out.extend(normalise_profile_row(r, area) for r in _rows(_get(g, "rows", "indicators")))
        if out:
            return out
    return [normalise_profile_row(r) for r in _rows(_get(profile, "rows"))]


def _rows(rows: Any) -> list[Any]:
    return list(rows) if rows is not None and not isinstance(rows, str | bytes) else []


def attach_profile(
    session: Session, assessment_id: int, actor: str, *, period: str | None = None
) -> EvidenceItem:
    a = get_assessment(session, assessment_id)
    try:
        from csinspect.analysis.profile import build_profile
    except ImportError as exc:
        raise AssessmentError(f"the performance profile is not available: {exc}") from None
    try:
        profile = build_profile(session, a.la_code, period=period)
    except LookupError as exc:
        raise AssessmentError(f"cannot build the profile of {a.la_code}: {exc}") from None
    rows = profile_rows(profile)
    if not rows:
        raise AssessmentError(
            f"the profile of {a.la_code} for {period or 'the latest period'} has no rows; load the data first"
        )
    banded = sum(1 for r in rows if r["band"])
    providers = list(_get(profile, "provider_outcomes") or [])
    counted = sum(int(_get(p, "la_providers") or 0) for p in providers)
    if counted:
        good = sum(int(_get(p, "la_good_or_better") or 0) for p in providers)
        add_evidence(
            session,
            assessment_id,
            actor,
            kind="provider_outcomes",
            title=f"Provider outcomes {a.la_code}: {good} of {counted} good or better"
            f" (as at {_get(profile, 'provider_as_at') or 'unknown date'})",
            data={
                "good_or_better_share": round(good / counted, 4),
                "providers": counted,
                "by_type": [
                    {
                        "type": _get(p, "provision_type"),
                        "n": _get(p, "la_providers"),
                        "good": _get(p, "la_good_or_better"),
                    }
                    for p in providers
                ],
                "as_at": str(_get(profile, "provider_as_at")),
            },
            source=f"profile:{a.la_code}:{period or 'latest'}:provider_outcomes",
        )
    return add_evidence(
        session,
        assessment_id,
        actor,
        kind="profile",
        title=f"Performance profile {a.la_code} {period or 'latest'}: {len(rows)} rows, {banded} with a quartile band",
        data={"rows": rows, "period": period},
        source=f"profile:{a.la_code}:{period or 'latest'}",
    )


def attach_child_level(
    session: Session, assessment_id: int, actor: str, *, returns_dir: Path, year: int | None = None
) -> EvidenceItem:
    """The council's own indicators from its stored returns (under ``returns_dir``) as evidence."""
    from csinspect.analysis.returns import local_indicator_values

    a = get_assessment(session, assessment_id)
    values = local_indicator_values(returns_dir, a.la_code, year=year, session=session)
    if not values:
        raise AssessmentError(f"no child-level returns are loaded for {a.la_code}")
    rows: list[dict[str, Any]] = [
        {
            "indicator_id": v.indicator_id,
            "period": str(v.period),
            "value": v.value,
            "numerator": getattr(v, "numerator", None),
            "denominator": getattr(v, "denominator", None),
            "band": None,  # local figures have no comparison: shown as evidence, not used for bands
            "judgement_areas": [],
        }
        for v in values
    ]
    return add_evidence(
        session,
        assessment_id,
        actor,
        kind="child_level",
        title=f"Child-level indicators {a.la_code} {year or 'latest'} ({len(rows)})",
        data={"rows": rows},
        source=f"returns:{a.la_code}:{year or 'latest'}",
    )

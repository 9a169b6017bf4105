"""Linking a later inspection's recommendations and findings to an earlier inspection's
recommendations that say the same thing, so repeated weaknesses are visible.

Similarity is rapidfuzz's ``token_set_ratio`` over lower-cased words with common function words
and report boilerplate ("ensure that …") removed and a plural "s" folded. Measured on Luton's 2016 SIF
+ LSCB recommendations (19) against its 2020 ILACS "what needs to improve" items (13): the true
repeats (caseloads, placement sufficiency, life-story work) score 76.2-91.5; the best-scoring
unrelated pair (MASH response vs the LSCB's action-plan recommendation, sharing "response" and
"multi-agency") scores 70.1; hence 72. Links are shown with the score and both texts to be judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process, utils
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from csinspect.records import happened_on
from csinspect.store.assessment_models import RecommendationLink
from csinspect.store.models import Finding, Inspection, Recommendation

METHOD = "rapidfuzz.token_set_ratio/stopwords"
THRESHOLD = 72.0
STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "to",
        "in",
        "that",
        "for",
        "are",
        "is",
        "all",
        "be",
        "by",
        "on",
        "with",
        "which",
        "their",
        "they",
        "so",
        "this",
        "as",
        "at",
        "or",
        "from",
        "have",
        "has",
        "its",
        "it",
        "ensure",
        "ensuring",
        "not",
        "too",
        "some",
        "more",
        "who",
        "when",
        "where",
        "there",
        "been",
        "being",
        "than",
        "them",
        "these",
        "those",
        "such",
        "into",
        "well",
        "local",
        "authority",
        "should",
        "must",
        "make",
        "sure",
    ]
)


class LinkError(ValueError):
    pass


def normalise(text: str) -> str:
    words = []
    for w in utils.default_process(text).split():
        if w in STOP_WORDS:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return " ".join(words)


def similarity(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(normalise(a), normalise(b)))


@dataclass(frozen=True)
class Candidate:
    later_kind: str
    later_id: int
    later_text: str
    earlier: Recommendation
    score: float


def _when(insp: Inspection) -> date | None:
    """When the inspection happened (``records.happened_on``: first day on site, else last, else publication)."""
    return happened_on(insp.inspection_start, insp.inspection_end, insp.published)


def _earlier_recommendations(session: Session, later: Inspection) -> list[Recommendation]:
    when = _when(later)
    if later.la_code is None or when is None:
        raise LinkError(
            f"inspection {later.id} needs an authority and a date (publication or fieldwork) to be linked"
        )
    made = func.coalesce(
        Inspection.inspection_start, Inspection.inspection_end, Inspection.published
    )  # happened_on
    return list(
        session.scalars(
            select(Recommendation)
            .join(Inspection, Recommendation.inspection_id == Inspection.id)
            .where(Inspection.la_code == later.la_code, Inspection.id != later.id, made < when)
            .order_by(made, Recommendation.seq)
        )
    )


def candidates(
    session: Session, later_inspection_id: int, *, threshold: float = THRESHOLD, per_item: int = 2
) -> list[Candidate]:
    later = session.get(Inspection, later_inspection_id)
    if later is None:
        raise LinkError(f"no inspection with id {later_inspection_id}")
    earlier = _earlier_recommendations(session, later)
    if not earlier:
        return []
    choices = [normalise(r.text) for r in earlier]
    items: list[tuple[str, int, str]] = [("recommendation", r.id, r.text) for r in later.recommendations]
    items += [
        ("finding", f.id, f.text)
        for f in session.scalars(
            select(Finding).where(Finding.inspection_id == later.id).order_by(Finding.id)
        )
    ]
    out: list[Candidate] = []
    for kind, item_id, text in items:
        if not re.search(r"\w", text):
            continue
        hits = process.extract(
            normalise(text), choices, scorer=fuzz.token_set_ratio, limit=per_item, score_cutoff=threshold
        )
        for _choice, score, idx in hits:
            out.append(Candidate(kind, item_id, text, earlier[idx], float(score)))
    return out


def link_inspection(
    session: Session, later_inspection_id: int, *, threshold: float = THRESHOLD
) -> list[RecommendationLink]:
    """Replace the stored links of this later inspection with freshly computed ones (idempotent)."""
    found = candidates(session, later_inspection_id, threshold=threshold)
    later = session.get(Inspection, later_inspection_id)
    assert later is not None
    session.execute(
        delete(RecommendationLink).where(RecommendationLink.later_inspection_id == later_inspection_id)
    )
    links = [
        RecommendationLink(
            la_code=later.la_code,
            later_kind=c.later_kind,
            later_id=c.later_id,
            later_inspection_id=later_inspection_id,
            earlier_recommendation_id=c.earlier.id,
            earlier_inspection_id=c.earlier.inspection_id,
            score=round(c.score, 1),
            method=f"{METHOD}>={threshold:g}",
            later_text=c.later_text,
            earlier_text=c.earlier.text,
        )
        for c in found
    ]
    session.add_all(links)
    session.flush()
    return links


def links_to_earlier(session: Session, later_inspection_id: int) -> list[RecommendationLink]:
    """Links from this inspection's findings and recommendations to earlier recommendations saying the same
    thing, best match first."""
    return list(
        session.scalars(
            select(RecommendationLink)
            .where(RecommendationLink.later_inspection_id == later_inspection_id)
            .order_by(RecommendationLink.score.desc())
        )
    )


def links_for_authority(session: Session, la_code: str) -> list[RecommendationLink]:
    return list(
        session.scalars(
            select(RecommendationLink)
            .where(RecommendationLink.la_code == la_code)
            .order_by(RecommendationLink.later_inspection_id, RecommendationLink.score.desc())
        )
    )

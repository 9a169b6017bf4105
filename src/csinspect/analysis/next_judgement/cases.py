"""The regime's own history as cases for a model of the next judgement: every graded ILACS inspection, with only
what was known the day before it began — the previous grades under every framework (SIF and its re-inspection,
ILACS 2018 and 2023, the 2018 combined children-in-care-and-care-leavers judgement mapped to both of its 2023
successors), time since that inspection, visits in between, the performance profile of the last year published,
deprivation and the region's recent grades.

``read_history`` reads the store once (the only I/O here); ``features_for`` and ``cases`` are pure.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.national import framework_title
from csinspect.store.models import Authority, AuthoritySuccession, Inspection, Judgement
from csinspect.store.profile_models import IndicatorValue

TARGET_FRAMEWORKS = ("ilacs_2018", "ilacs_2023", "ilacs_2026")
PRIOR_FRAMEWORKS = ("sif", "sif_reinspection", *TARGET_FRAMEWORKS)
VISIT_FRAMEWORKS = ("focused_visit", "monitoring_visit")

# one judgement across frameworks: its id in csinspect -> the ids that grade it in each framework
CANONICAL: dict[str, frozenset[str]] = {
    "overall_effectiveness": frozenset({"overall_effectiveness"}),
    "impact_of_leaders": frozenset({"impact_of_leaders", "leadership_management_governance"}),
    "help_and_protection": frozenset({"help_and_protection"}),
    "children_in_care": frozenset(
        {"children_in_care", "children_in_care_and_care_leavers", "looked_after_and_permanence"}
    ),
    "care_leavers": frozenset({"care_leavers", "children_in_care_and_care_leavers"}),
}
JUDGEMENTS = tuple(CANONICAL)
# the profile area whose indicators speak to each judgement (overall: all four)
AREAS = ("help_and_protection", "children_in_care", "care_leavers", "impact_of_leaders")
DEPRIVATION_INDICATOR = "lait:PriFSM"  # primary pupils eligible for free school meals (%), LAIT, since 2016

FEATURES = (
    "prev_same",  # the previous grade of this judgement (1 worst … 4 best)
    "prev_overall",  # the previous overall effectiveness grade
    "years_since",  # years from the previous graded inspection's publication to this one's start
    "visits_since",  # focused and monitoring visits published in between
    "profile_area",  # the judgement's profile area: mean national percentile of its indicators (1 = best)
    "profile_all",  # every area's indicators
    "deprivation",  # national percentile of the deprivation measure (1 = most deprived)
    "region_good_share",  # share of the region's other authorities whose latest overall grade was good or better
)


@dataclass(frozen=True)
class Graded:
    la_code: str
    framework_id: str
    start: date | None
    published: date | None
    grades: dict[str, int]  # canonical judgement -> ordinal
    inspection_id: int
    raw: dict[str, int] = field(default_factory=dict)  # the framework's own judgement ids -> ordinal

    @property
    def known_from(self) -> date | None:
        """When the grades became public: the publication, else (official tables without one) the start."""
        return self.published or self.start


@dataclass
class _Merged:
    id: int
    start: date | None
    published: date | None
    grades: dict[str, int] = field(default_factory=dict)
    raw: dict[str, int] = field(default_factory=dict)


@dataclass
class History:
    graded: dict[str, list[Graded]] = field(default_factory=dict)  # la -> graded inspections, oldest first
    visits: dict[str, list[date]] = field(default_factory=dict)  # la -> visit publication dates
    visits_from: date | None = None  # the earliest visit the data holds
    lineage: dict[str, list[str]] = field(default_factory=dict)  # la -> [la, predecessors…]
    region: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    positions: dict[tuple[str, int], dict[str, float]] = field(
        default_factory=dict
    )  # (la, year) -> area -> pct
    deprivation: dict[tuple[str, int], float] = field(default_factory=dict)  # (la, year) -> percentile
    indicator_titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (area, title)
    # (la, year) -> [(indicator, area, polarity-adjusted national percentile: 1 best)]
    scores: dict[tuple[str, int], list[tuple[str, str, float]]] = field(default_factory=dict)

    def worst_indicators(self, la: str, year: int) -> list[str]:
        """Titles of the authority's indicators in the worst quarter nationally that year."""
        return [self.indicator_titles[i][1] for i, _, s in self.scores.get((la, year), []) if s < 0.25]


@dataclass
class Case:
    la_code: str
    name: str
    on: date  # the inspection's start: features are what was known before this day
    framework_id: str
    judgement: str
    grade: int | None  # the grade Ofsted gave (None for a proposal not yet graded)
    features: dict[str, float | None]
    notes: list[str] = field(default_factory=list)  # what the evidence lacked, predecessors used
    inspection_id: int | None = None
    facts: dict[str, str] = field(default_factory=dict)  # feature -> the evidence in words
    prior: list[Graded] = field(default_factory=list)  # the graded inspections known before ``on``
    indicator_scores: list[tuple[str, str, float]] = field(
        default_factory=list
    )  # the profile year's positions


def _canonical(judgement_id: str) -> list[str]:
    return [c for c, ids in CANONICAL.items() if judgement_id in ids]


def read_history(session: Session) -> History:
    """The national judgement history, successions, regions and the indicator positions, read once."""
    from csinspect.indicators.catalogue import get_catalogue

    h = History()
    rows = session.execute(
        select(
            Inspection.id,
            Inspection.la_code,
            Inspection.framework_id,
            Inspection.inspection_start,
            Inspection.published,
            Judgement.judgement_id,
            Judgement.ordinal,
        )
        .outerjoin(Judgement, Judgement.inspection_id == Inspection.id)
        .where(
            Inspection.framework_id.in_((*PRIOR_FRAMEWORKS, *VISIT_FRAMEWORKS)),
            Inspection.la_code.is_not(None),
        )
    ).all()
    merged: dict[tuple[str, str, date | None], _Merged] = {}
    visits: dict[str, set[date]] = defaultdict(set)
    for iid, code, fw, start, published, jid, ordinal in rows:
        la = str(code)  # the query keeps only inspections with an authority
        if fw in VISIT_FRAMEWORKS:
            when = published or start
            if when:
                visits[la].add(when)
            continue
        # one inspection recorded twice (the official table and the report) is one inspection
        m = merged.setdefault((la, fw, start or published), _Merged(iid, start, published))
        m.start, m.published = m.start or start, m.published or published
        if jid and ordinal is not None:
            m.raw.setdefault(jid, ordinal)
            for c in _canonical(jid):
                m.grades.setdefault(c, ordinal)
    graded: dict[str, list[Graded]] = defaultdict(list)
    for (la, fw, _), m in merged.items():
        if m.grades:
            graded[la].append(Graded(la, fw, m.start, m.published, m.grades, m.id, m.raw))
    for items in graded.values():
        items.sort(key=lambda g: g.start or g.published or date.min)
    h.graded = dict(graded)
    h.visits = {la: sorted(ds) for la, ds in visits.items()}
    h.visits_from = min((d for ds in visits.values() for d in ds), default=None)
    preds: dict[str, list[str]] = defaultdict(list)
    for p, s in session.execute(select(AuthoritySuccession.predecessor, AuthoritySuccession.successor)):
        preds[s].append(p)
    for code, region, name in session.execute(
        select(Authority.la_code, Authority.region_code, Authority.name)
    ):
        h.region[code] = region
        h.names[code] = name
        line, frontier = [code], [code]
        while frontier:
            nxt = [p for c in frontier for p in preds.get(c, []) if p not in line]
            line += nxt
            frontier = nxt
        h.lineage[code] = line
    _read_positions(session, h, get_catalogue())
    return h


PROFILE_INDICATORS = Path(__file__).with_name("profile_indicators.yaml")


def profile_indicators(catalogue: Any, path: Path = PROFILE_INDICATORS) -> dict[str, tuple[str, bool]]:
    """The model's profile indicators (``profile_indicators.yaml``): id -> (area, higher is better). An id the
    catalogue does not know, or one without a better direction, is an error naming the file and id."""
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, tuple[str, bool]] = {}
    for area, ids in spec.items():
        if area not in AREAS:
            raise ValueError(f"{path.name}: unknown area {area!r}; areas: {', '.join(AREAS)}")
        for i in ids:
            ind = catalogue.indicators.get(i)
            if ind is None or ind.polarity not in ("higher_is_better", "lower_is_better"):
                raise ValueError(
                    f"{path.name}, {area}: {i!r} is not a catalogue indicator with a better direction"
                )
            out[i] = (area, ind.polarity == "higher_is_better")
    return out


def _read_positions(session: Session, h: History, catalogue: Any) -> None:
    polar = profile_indicators(catalogue)  # indicator -> (area, higher is better)
    for ind_id, (area, _) in polar.items():
        h.indicator_titles[ind_id] = (area, catalogue.indicators[ind_id].title)
    ids = [*polar, DEPRIVATION_INDICATOR]
    values: dict[tuple[str, int], list[tuple[str, float]]] = defaultdict(list)
    for ind, la, year, value in session.execute(
        select(
            IndicatorValue.indicator_id, IndicatorValue.area_code, IndicatorValue.year, IndicatorValue.value
        ).where(
            IndicatorValue.indicator_id.in_(ids),
            IndicatorValue.geo_level == "la",
            IndicatorValue.value.is_not(None),
            IndicatorValue.joint_with.is_(None),
        )
    ):
        values[(ind, year)].append((la, float(value or 0.0)))
    sums: dict[tuple[str, int], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (ind, year), pairs in values.items():
        ranked = _percentiles(pairs)
        if ind == DEPRIVATION_INDICATOR:
            for la, pct in ranked.items():
                h.deprivation[(la, year)] = pct
            continue
        area, higher = polar[ind]
        for la, pct in ranked.items():
            score = pct if higher else 1 - pct
            sums[(la, year)][area].append(score)
            h.scores.setdefault((la, year), []).append((ind, area, score))
    for key, by_area in sums.items():
        h.positions[key] = {a: sum(v) / len(v) for a, v in by_area.items()}


def _percentiles(pairs: list[tuple[str, float]]) -> dict[str, float]:
    """Each authority's position among all (0 lowest … 1 highest; ties share the mean position)."""
    if len(pairs) < 2:
        return {}
    ordered = sorted(v for _, v in pairs)
    n = len(ordered) - 1
    out = {}
    for la, v in pairs:
        lo, hi = bisect.bisect_left(ordered, v), bisect.bisect_right(ordered, v) - 1
        out[la] = (lo + hi) / 2 / n
    return out


def published_year(on: date) -> int:
    """The newest statistics year (ending 31 March) published before ``on``: a year's figures are taken as
    known from the following 1 March (children in need and looked after publish in the autumn, the workforce
    in February), so nothing published after the inspection began is used."""
    return on.year - 1 if on >= date(on.year, 3, 1) else on.year - 2


def _prior(h: History, la: str, on: date) -> tuple[list[Graded], bool]:
    """Graded inspections of the authority (and its predecessors) public before ``on``, oldest first."""
    lineage = h.lineage.get(la, [la])
    items = [
        g
        for code in lineage
        for g in h.graded.get(code, [])
        if g.known_from is not None and g.known_from < on
    ]
    used_predecessors = any(g.la_code != la for g in items)
    return sorted(items, key=lambda g: g.known_from or date.min), used_predecessors


def features_for(h: History, la: str, on: date, judgement: str) -> Case:
    """What was known about ``la`` the day before ``on``, as the model's features (None: not known)."""
    prior, via_predecessors = _prior(h, la, on)
    f: dict[str, float | None] = dict.fromkeys(FEATURES)
    facts: dict[str, str] = {}
    notes: list[str] = []
    same = [g for g in prior if judgement in g.grades]
    overall = [g for g in prior if "overall_effectiveness" in g.grades]
    if same:
        g = same[-1]
        f["prev_same"] = g.grades[judgement]
        facts["prev_same"] = (
            f"previous grade {WORDS[g.grades[judgement]]} ({framework_title(g.framework_id)}, {g.known_from:%B %Y})"
        )
    if overall:
        g = overall[-1]
        f["prev_overall"] = g.grades["overall_effectiveness"]
        facts["prev_overall"] = f"previous overall effectiveness {WORDS[g.grades['overall_effectiveness']]}"
    if prior:
        last = prior[-1]
        assert last.known_from is not None
        f["years_since"] = round((on - last.known_from).days / 365.25, 2)
        facts["years_since"] = f"{f['years_since']:.1f} years since the last graded inspection"
        lineage = h.lineage.get(la, [la])
        # visits are known only from the first one the data holds (Ofsted's table lists one year's visits):
        # before that their number is unknown, not zero
        covered = h.visits_from is not None and last.known_from >= h.visits_from
        f["visits_since"] = (
            sum(1 for code in lineage for d in h.visits.get(code, []) if last.known_from < d < on)
            if covered
            else None
        )
        if f["visits_since"]:
            facts["visits_since"] = f"{int(f['visits_since'])} focused or monitoring visit(s) since"
    else:
        notes.append("no earlier graded inspection of this authority or its predecessors")
    if via_predecessors:
        names = sorted({h.names.get(g.la_code, g.la_code) for g in prior if g.la_code != la})
        notes.append(f"a reorganised authority: the history of {', '.join(names)} is used")
    year = published_year(on)
    pos = next(((y, h.positions[(la, y)]) for y in (year, year - 1) if (la, y) in h.positions), None)
    if pos is None:
        notes.append(f"no performance profile for {year - 1}-{str(year)[2:]} or the year before")
    else:
        y, areas = pos
        wanted = AREAS if judgement == "overall_effectiveness" else (judgement,)
        got = [areas[a] for a in wanted if a in areas]
        f["profile_area"] = sum(got) / len(got) if got else None
        f["profile_all"] = sum(areas.values()) / len(areas)
        facts["profile_area"] = _position_words(f["profile_area"], y)
        worst = h.worst_indicators(la, y)
        facts["profile_all"] = (
            f"{len(worst)} of {len(h.scores.get((la, y), []))} indicators in the worst quarter"
            + (f" (e.g. {worst[0]})" if worst else "")
        )
        if f["profile_area"] is None:
            notes.append(f"no indicator of the {judgement.replace('_', ' ')} area for {y}")
    dep = next((h.deprivation[(la, y)] for y in (year, year - 1, year - 2) if (la, y) in h.deprivation), None)
    if dep is None:
        dep = next((h.deprivation[(la, y)] for y in sorted({y for (c, y) in h.deprivation if c == la})), None)
        if dep is not None:
            notes.append("deprivation from a later year (none published before)")
    f["deprivation"] = dep
    if dep is not None:
        facts["deprivation"] = f"more deprived than {dep:.0%} of authorities (free school meals)"
    else:
        notes.append("no deprivation figure")
    f["region_good_share"] = _region_share(h, la, on)
    if f["region_good_share"] is not None:
        facts["region_good_share"] = (
            f"{f['region_good_share']:.0%} of the region's other authorities good or better"
        )
    scores = h.scores.get((la, pos[0]), []) if pos else []
    return Case(
        la,
        h.names.get(la, la),
        on,
        "",
        judgement,
        None,
        f,
        notes,
        facts=facts,
        prior=prior,
        indicator_scores=scores,
    )


def _position_words(p: float | None, year: int) -> str:
    if p is None:
        return ""
    quarter = "worst" if p < 0.25 else "lower middle" if p < 0.5 else "upper middle" if p < 0.75 else "best"
    return f"the area's indicators in the {quarter} quarter nationally on average ({year})"


def _region_share(h: History, la: str, on: date) -> float | None:
    region = h.region.get(la)
    if not region:
        return None
    latest = []
    for code, r in h.region.items():
        if r != region or code == la:
            continue
        prior = [
            g
            for g in h.graded.get(code, [])
            if "overall_effectiveness" in g.grades and g.known_from and g.known_from < on
        ]
        if prior:
            latest.append(prior[-1].grades["overall_effectiveness"] >= 3)
    return sum(latest) / len(latest) if latest else None


WORDS = {4: "Outstanding", 3: "Good", 2: "Requires improvement", 1: "Inadequate"}


def cases(h: History, judgements: Iterable[str] = JUDGEMENTS) -> list[Case]:
    """Every graded ILACS inspection with a start date, one case per judgement it graded."""
    wanted = set(judgements)
    out = []
    for la, items in sorted(h.graded.items()):
        for g in items:
            if g.framework_id not in TARGET_FRAMEWORKS or g.start is None:
                continue
            for j, grade in sorted(g.grades.items()):
                if j not in wanted:
                    continue
                c = features_for(h, la, g.start, j)
                c.framework_id, c.grade, c.inspection_id = g.framework_id, grade, g.inspection_id
                out.append(c)
    return out


def is_missing(v: float | None) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))

"""The children's social care national framework as data: its outcomes, enablers and principles, with each
edition's numbering (reports print "(outcome 4, national framework)"; csinspect stores the element's id)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

HERE = Path(__file__).parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Edition(_Strict):
    id: str
    from_: dt.date = Field(alias="from")


class Element(_Strict):
    id: str
    kind: Literal["outcome", "enabler", "principle"]
    numbers: dict[str, int]
    title: str


class NationalFramework(_Strict):
    id: str
    title: str
    source: str
    editions: list[Edition]
    elements: list[Element]

    def edition_on(self, day: dt.date | None) -> Edition:
        eds = sorted(self.editions, key=lambda e: e.from_)
        if day is None:
            return eds[-1]
        return next((e for e in reversed(eds) if e.from_ <= day), eds[0])

    def element(self, kind: str, number: int, day: dt.date | None = None) -> Element | None:
        ed = self.edition_on(day).id
        return next((e for e in self.elements if e.kind == kind and e.numbers.get(ed) == number), None)

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)


@lru_cache(maxsize=1)
def national_framework() -> NationalFramework:
    return NationalFramework.model_validate(yaml.safe_load((HERE / "children_social_care.yaml").read_text()))


_NUMBER = r"(?:\d|one|two|three|four|five|six)"
_TAG_PART = re.compile(rf"\b(outcome|enabler|principle)s?\s+{_NUMBER}(?:\s*(?:,|and|&)\s*{_NUMBER}\b)*", re.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def elements_of_tag(tag: str | None, day: dt.date | None = None) -> list[str]:
    """Ids of the elements a printed tag names ("outcome 1 and enabler 2, national framework")."""
    if not tag:
        return []
    nf = national_framework()
    out: list[str] = []
    for m in _TAG_PART.finditer(tag):
        kind = m.group(1).lower()
        for num in re.findall(rf"\b{_NUMBER}\b", m.group(0)[len(m.group(1)) :], re.I):
            el = nf.element(kind, int(_WORDS.get(num.lower(), num)), day)
            if el is not None and el.id not in out:
                out.append(el.id)
    return out


class DashboardSource(_Strict):
    dataset: str
    column: str
    filters: dict[str, str] = {}
    assessment_factor: str | None = None


class DashboardMeasure(_Strict):
    id: str
    order: int
    element: str
    heading: str
    title: str
    dashboard: DashboardSource
    measure: str | None = None  # the csinspect indicator (or lait:<short>) holding the same figure
    status: Literal["held", "judgement_history", "not_yet_computed", "input_not_available"]
    note: str | None = None


class DashboardMeasures(_Strict):
    source: str
    measures: list[DashboardMeasure]


@lru_cache(maxsize=1)
def dashboard_measures() -> DashboardMeasures:
    """The national framework dashboard's measures under its outcomes and enablers (validated: every element
    is one of the framework's, every held measure names what holds it)."""
    doc = DashboardMeasures.model_validate(yaml.safe_load((HERE / "dashboard_measures.yaml").read_text()))
    known = {e.id for e in national_framework().elements}
    for m in doc.measures:
        if m.element not in known:
            raise ValueError(f"dashboard measure {m.id}: unknown element {m.element!r}")
        if (m.status == "held") != (m.measure is not None):
            raise ValueError(
                f"dashboard measure {m.id}: a held measure names its csinspect measure, and only then"
            )
    return doc

"""Facts about the frameworks that the rest of csinspect asks for, all read from the framework YAML files:
which framework of a family applied on a date, which judgement heads an inspection, the inspection cycle,
which document types are graded and which framework each belongs to.

Nothing here is written down twice: change the YAML and every face follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Protocol, TypeVar

from csinspect.frameworks.registry import FrameworkError, all_frameworks, get_framework
from csinspect.frameworks.schema import Framework


def family(family_id: str) -> list[Framework]:
    """The frameworks of one family (e.g. ``ilacs``: 2018, 2023, 2026), oldest first."""
    fws = [fw for fw in all_frameworks().values() if fw.family == family_id]
    return sorted(fws, key=lambda fw: (fw.period.start or date.min, fw.id))


def framework_for(family_id: str, start: date | None, published: date | None = None) -> str:
    """The framework of ``family_id`` in force for an inspection that began on ``start`` (or was published on
    ``published``, for frameworks whose period runs by publication, or when no start is known).

    Before the first framework's period: the first; after the last: the last; no date at all: the first."""
    fws = family(family_id)
    if not fws:
        raise FrameworkError(f"no framework of family {family_id!r}")
    for fw in fws:
        on = (start or published) if fw.period.applies_to == "inspection_start" else (published or start)
        if on is not None and fw.in_force(on):
            return fw.id
    on = start or published
    if on is not None and fws[-1].period.start is not None and on >= fws[-1].period.start:
        return fws[-1].id
    return fws[0].id


def headline_ids(framework_id: str) -> list[str]:
    """The judgements that head an inspection under the framework, in order of preference ([] when none)."""
    try:
        return list(get_framework(framework_id).headline)
    except FrameworkError:
        return []


def headline_note(framework_id: str) -> str | None:
    """Why the framework has no headline judgement (None when it has one)."""
    try:
        fw = get_framework(framework_id)
    except FrameworkError:
        return None
    return None if fw.headline else fw.headline_note


class _Graded(Protocol):
    @property
    def judgement_id(self) -> str | None: ...

    @property
    def ordinal(self) -> int | None: ...


G = TypeVar("G", bound=_Graded)


def headline_of(framework_id: str, judgements: Sequence[G]) -> G | None:
    """The judgement heading one inspection: the framework's first headline judgement the record grades;
    None when the framework has no headline (ILACS from April 2026) or the record grades none of them."""
    graded = {j.judgement_id: j for j in judgements if j.ordinal is not None}
    return next((graded[h] for h in headline_ids(framework_id) if h in graded), None)


def cycle_years(framework_id: str) -> int | None:
    """Years between graded inspections under the framework (None where it has no cycle)."""
    try:
        return get_framework(framework_id).cycle_years
    except FrameworkError:
        return None


@lru_cache(maxsize=1)
def _document_types() -> dict[str, list[tuple[str, bool]]]:
    out: dict[str, list[tuple[str, bool]]] = {}
    for fw in all_frameworks().values():
        for dt in fw.document_types:
            out.setdefault(dt.id, []).append((fw.id, dt.graded))
    return out


def frameworks_of_document_type(document_type: str) -> list[str]:
    """Every framework that publishes this document type (one for most; ILACS, JAR and APA have several)."""
    return [fw for fw, _ in _document_types().get(document_type, [])]


def fixed_framework(document_type: str) -> str | None:
    """The framework of a document type that only one framework publishes (None when several do)."""
    fws = frameworks_of_document_type(document_type)
    return fws[0] if len(fws) == 1 else None


def is_graded(document_type: str) -> bool:
    """Whether a document type carries grades (focused and monitoring visits, JTAI and UCRA letters do not).
    Unknown types count as graded, so a missing grade is flagged rather than excused."""
    kinds = _document_types().get(document_type)
    return True if not kinds else any(graded for _, graded in kinds)


def graded_document_types(framework_ids: Iterable[str] | None = None) -> set[str]:
    wanted = set(framework_ids) if framework_ids is not None else None
    return {
        dt.id
        for fw in all_frameworks().values()
        if wanted is None or fw.id in wanted
        for dt in fw.document_types
        if dt.graded
    }


def cycle_document_types(family_id: str) -> set[str]:
    """The graded document types of a family's frameworks (the inspections a cycle counts)."""
    return graded_document_types(fw.id for fw in family(family_id))


_ACRONYMS = {"jar", "apa", "csa", "ilacs", "sif", "lscb", "jtai", "send", "slac", "ucra", "cin", "cla", "lac"}


def document_title(framework_id: str, document_type: str) -> str:
    """The framework's own name for a document type ("ILACS standard inspection"); else any framework's
    name for that type ("jar" -> "Joint area review"); else the id in words, acronyms in capitals."""
    try:
        for d in get_framework(framework_id).document_types:
            if d.id == document_type:
                return d.title
    except FrameworkError:
        pass
    for title in _titles_by_type().get(document_type, []):
        return title
    words = [w.upper() if w in _ACRONYMS else w for w in document_type.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=1)
def _titles_by_type() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    try:
        for fw in all_frameworks().values():
            for d in fw.document_types:
                out.setdefault(d.id, []).append(d.title)
    except FrameworkError:
        pass
    return out


@lru_cache(maxsize=1)
def _site_kinds() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for fw in all_frameworks().values():
        for dt in fw.document_types:
            out += [(re.compile(p, re.IGNORECASE), fw.family or fw.id) for p in dt.site_kinds]
    return out


def site_reads_as(kind: str) -> str | None:
    """The framework family a publication listed on Ofsted's site as ``kind`` is read as (``"ilacs"`` for
    "Children's services inspection", ``"send"`` for "Area SEND full inspection"…), or None when csinspect
    does not read that kind. Several families may share a listing (ILACS, SIF, SLAC are all "Children's
    services inspection"): the report's own title then decides its framework."""
    text = " ".join(kind.replace("\u2019", "'").split())
    return next((family for rx, family in _site_kinds() if rx.search(text)), None)

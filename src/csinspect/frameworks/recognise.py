"""Which document type a name in a published table means (Ofsted's "ILACS Short Inspection", "TLAC"),
from the framework files' ``document_types[].official_names``, narrowed to the frameworks in force on a
date. Documents themselves are classified by their title (``sources.reports.classify``), from the same
files' ``patterns``."""

from __future__ import annotations

from datetime import date

from csinspect.frameworks.registry import all_frameworks
from csinspect.frameworks.schema import Framework, normalise_label


def match_official_name(
    name: str, *, on: date | None = None, frameworks: dict[str, Framework] | None = None
) -> list[tuple[str, str]]:
    """(framework id, document type id) pairs for a type name used in published tables
    (e.g. Ofsted's "ILACS Short Inspection"), narrowed to frameworks in force ``on`` a date."""
    key = normalise_label(name)
    out: list[tuple[str, str]] = []
    for fw in (frameworks or all_frameworks()).values():
        if on is not None and not fw.in_force(on):
            continue
        for dt in fw.document_types:
            if any(normalise_label(n) == key for n in dt.official_names):
                out.append((fw.id, dt.id))
    return out


def official_document_type(name: str) -> str | None:
    """The one document type a table's name means (None when none or several do)."""
    types = {dt for _fw, dt in match_official_name(name)}
    return types.pop() if len(types) == 1 else None

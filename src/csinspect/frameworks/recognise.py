"""Which kind of document a text is, from the ``document_types`` patterns in the framework files.

A document type matches when any of its ``patterns`` occurs in the opening of the text and none of
its ``exclude_patterns`` does (case-insensitive). Several frameworks share a document type (ILACS
2018/2023/2026, JAR 2005/2007, the APA years); a date narrows them to the framework in force, and
the on-site span (first to last inspection day) tells a short ILACS inspection from a standard one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from csinspect.frameworks.registry import all_frameworks
from csinspect.frameworks.schema import DocumentType, Framework, normalise_label

HEAD_CHARS = 3000  # titles sit on the first page; later pages quote other inspections' names


@dataclass(frozen=True)
class DocumentMatch:
    framework_id: str
    document_type: str
    pattern: str  # the pattern that matched (provenance for the classification)
    span: tuple[int, int]  # character offsets of the match in the text


def _first_match(patterns: list[str], text: str) -> tuple[str, re.Match[str]] | None:
    for p in patterns:
        m = re.search(p, text, re.IGNORECASE)
        if m:
            return p, m
    return None


def _fits_span(dt: DocumentType, on_site_days: int | None) -> bool:
    if on_site_days is None:
        return True
    if dt.on_site_days_min is not None and on_site_days < dt.on_site_days_min:
        return False
    return not (dt.on_site_days_max is not None and on_site_days > dt.on_site_days_max)


def match_document_types(
    text: str,
    *,
    on: date | None = None,
    on_site_days: int | None = None,
    frameworks: dict[str, Framework] | None = None,
    head_chars: int = HEAD_CHARS,
) -> list[DocumentMatch]:
    """Every (framework, document type) whose patterns recognise ``text``.

    ``on``: keep only frameworks in force on that date (inspection start or publication, as each
    framework's period says; pass the date you have). ``on_site_days``: calendar days from the first
    to the last inspection day, inclusive, to separate short from standard inspections.
    """
    head = text[:head_chars]
    out: list[DocumentMatch] = []
    for fw in (frameworks or all_frameworks()).values():
        if on is not None and not fw.in_force(on):
            continue
        for dt in fw.document_types:
            hit = _first_match(dt.patterns, head)
            if hit is None or _first_match(dt.exclude_patterns, head) is not None:
                continue
            if not _fits_span(dt, on_site_days):
                continue
            pattern, m = hit
            out.append(DocumentMatch(fw.id, dt.id, pattern, m.span()))
    return out


def document_type_ids(matches: list[DocumentMatch]) -> set[str]:
    return {m.document_type for m in matches}


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

"""Facts about an inspection record that every layer shares."""

from __future__ import annotations

from datetime import date


def happened_on(start: date | None, end: date | None = None, published: date | None = None) -> date | None:
    """When an inspection happened: its first day on site; where that is unknown, its last day; where neither
    is known (Ofsted's 2009-2023 table has publication dates only), its publication date.

    The one rule used for ordering and counting inspections everywhere: history, national counts, the home
    page, linking, the API."""
    return start or end or published
